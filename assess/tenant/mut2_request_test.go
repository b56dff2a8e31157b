package tenant

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// One request (call) and a paged list (listPages): a 2xx answer is decoded,
// anything else is an API error with the service's envelope; pages are
// followed through nextLink or @odata.nextLink, never to another host or
// scheme, never twice.

func testPipeline(srv *httptest.Server) runtime.Pipeline {
	return runtime.NewPipeline("test", "", runtime.PipelineOptions{}, &azcore.ClientOptions{
		Transport: srv.Client(),
		Retry:     policy.RetryOptions{MaxRetries: -1},
	})
}

func TestMut2CallStatuses(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var status int
		_, _ = fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/"), "%d", &status)
		if r.Header.Get("Accept") != "application/json" {
			status = 406
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		switch r.URL.Query().Get("body") {
		case "bad":
			_, _ = w.Write([]byte(`{"a":`))
		case "none":
		default:
			_, _ = w.Write([]byte(`{"a":1,"error":{"code":"C","message":"m"}}`))
		}
	}))
	defer srv.Close()
	pl := testPipeline(srv)
	type out struct {
		A int `json:"a"`
	}
	for _, c := range []struct {
		path     string
		ok       bool
		decoded  int
		malform  bool
		apiState int
	}{
		{"/200", true, 1, false, 0},
		{"/201", true, 1, false, 0},
		{"/299", true, 1, false, 0},
		{"/300", false, 0, false, 300},
		{"/404", false, 0, false, 404},
		{"/200?body=bad", false, 0, true, 0},
		{"/204?body=none", false, 0, true, 0}, // an empty 2xx body does not decode into a value
	} {
		var o out
		err := call(context.Background(), pl, http.MethodGet, srv.URL+c.path, &o)
		var ae *apiError
		var me *malformedError
		switch {
		case c.ok && (err != nil || o.A != c.decoded):
			t.Errorf("%s: %v, decoded %d", c.path, err, o.A)
		case c.apiState != 0 && (!errors.As(err, &ae) || ae.Status != c.apiState || ae.Code != "C" || ae.Message != "m" || !strings.HasPrefix(ae.Op, "GET https://")):
			t.Errorf("%s: %v, want API error %d", c.path, err, c.apiState)
		case c.malform && !errors.As(err, &me):
			t.Errorf("%s: %v, want a malformed-response error", c.path, err)
		}
	}
	// no value wanted: a bad body is not read as JSON
	if err := call(context.Background(), pl, http.MethodGet, srv.URL+"/200?body=bad", nil); err != nil {
		t.Errorf("nil out with a bad body: %v", err)
	}
	if err := call(context.Background(), pl, http.MethodGet, srv.URL+"/500?body=none", nil); err == nil {
		t.Error("a 500 without a body was taken as success")
	}
	// a request that cannot be built names the call
	if err := call(context.Background(), pl, http.MethodGet, "://no-scheme", nil); err == nil || !strings.HasPrefix(err.Error(), "GET ") {
		t.Errorf("bad URL: %v", err)
	}
	// a failed transport names the call, and the URL has no secrets
	dead := httptest.NewTLSServer(http.NotFoundHandler())
	u := dead.URL
	dead.Close()
	if err := call(context.Background(), testPipeline(dead), http.MethodGet, u+"/x?sig=secret", nil); err == nil || !strings.HasPrefix(err.Error(), "GET https://") || strings.Contains(err.Error(), "sig=secret ") {
		t.Errorf("dead host: %v", err)
	}
	// POST to anything but the one reading POST, a fragment, or an opaque URL: refused before sending
	for _, bad := range []string{srv.URL + bapTenantSettingPath + "#frag", "https:opaque" + bapTenantSettingPath, "%zz"} {
		if readOnlyCall(http.MethodPost, bad) {
			t.Errorf("POST %s allowed", bad)
		}
	}
}

func TestMut2ReadBodyCapped(t *testing.T) {
	for _, n := range []int64{-1, 0, 5, maxBody + 1} {
		resp := &http.Response{ContentLength: n, Body: http.NoBody}
		resp.Body = io.NopCloser(strings.NewReader("hello"))
		b, err := readBody(resp)
		if err != nil || string(b) != "hello" {
			t.Errorf("Content-Length %d: %q, %v", n, b, err)
		}
	}
}

func TestMut2ListPages(t *testing.T) {
	var hits atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/a": // BAP-style next link, then OData-style
			fmt.Fprintf(w, `{"value":[{"name":"1"},{"name":"2"}],"nextLink":%q}`, srv.URL+"/b")
		case "/b":
			fmt.Fprintf(w, `{"value":[{"name":"3"}],"@odata.nextLink":%q}`, srv.URL+"/c")
		case "/c":
			fmt.Fprint(w, `{"value":[{"name":"4"}],"nextLink":""}`)
		case "/loop":
			fmt.Fprintf(w, `{"value":[{"name":"x"}],"nextLink":%q}`, srv.URL+"/loop2")
		case "/loop2":
			fmt.Fprintf(w, `{"value":[{"name":"y"}],"nextLink":%q}`, srv.URL+"/loop")
		case "/scheme":
			fmt.Fprintf(w, `{"value":[{"name":"z"}],"nextLink":%q}`, strings.Replace(srv.URL, "https://", "http://", 1)+"/c")
		case "/fail":
			fmt.Fprintf(w, `{"value":[{"name":"f"}],"nextLink":%q}`, srv.URL+"/500")
		default:
			w.WriteHeader(500)
		}
	}))
	defer srv.Close()
	pl := testPipeline(srv)
	names := func(path string, stopAt int) ([]string, error) {
		var got []string
		err := listPages(context.Background(), pl, srv.URL+path, func(items []environmentDTO) error {
			for _, it := range items {
				got = append(got, it.Name)
			}
			if stopAt > 0 && len(got) >= stopAt {
				return errors.New("enough")
			}
			return nil
		})
		return got, err
	}
	if got, err := names("/a", 0); err != nil || strings.Join(got, ",") != "1,2,3,4" {
		t.Errorf("pages: %v, %v", got, err)
	}
	got, err := names("/loop", 0)
	if err == nil || !strings.Contains(err.Error(), "the same next page twice") || strings.Join(got, ",") != "x,y" {
		t.Errorf("loop: %v, %v", got, err)
	}
	got, err = names("/scheme", 0)
	if err == nil || !strings.Contains(err.Error(), "is on another host") || strings.Join(got, ",") != "z" {
		t.Errorf("scheme change: %v, %v", got, err)
	}
	got, err = names("/fail", 0)
	var ae *apiError
	if !errors.As(err, &ae) || ae.Status != 500 || strings.Join(got, ",") != "f" {
		t.Errorf("failing second page: %v, %v", got, err)
	}
	// the handler's error stops the list
	got, err = names("/a", 2)
	if err == nil || err.Error() != "enough" || strings.Join(got, ",") != "1,2" {
		t.Errorf("stopped by the handler: %v, %v", got, err)
	}
	if (page[int]{NextLink: "a", ODataNext: "b"}).next() != "a" || (page[int]{ODataNext: "b"}).next() != "b" || (page[int]{}).next() != "" {
		t.Error("next link precedence")
	}
	if u := mustParse("%zz"); u.Opaque != "invalid-url" {
		t.Errorf("mustParse of a bad URL = %+v", u)
	}
}

// An answer cut short (the connection closes before Content-Length bytes)
// is a read error naming the call, not a malformed or empty success.
func TestMut2CallBodyCutShort(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"a":`))
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
			c.Close()
		}
	}))
	defer srv.Close()
	var out struct{ A int }
	err := call(context.Background(), testPipeline(srv), http.MethodGet, srv.URL+"/x", &out)
	var me *malformedError
	if err == nil || !strings.Contains(err.Error(), ": read response: ") || errors.As(err, &me) {
		t.Errorf("cut-short answer: %v", err)
	}
}
