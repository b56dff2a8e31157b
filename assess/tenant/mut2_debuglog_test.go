package tenant

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// --debug (README: one line per request, method, URL and status; the
// Authorization header only as [redacted]; secret-looking query values
// and bearer tokens never written).

func TestMut2RedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://h.test/p?api-version=1":                        "https://h.test/p?api-version=1",
		"https://user:pw@h.test/p":                              "https://h.test/p",
		"https://h.test/p?sig=abc&api-version=1":                "https://h.test/p?api-version=1&sig=REDACTED",
		"https://h.test/p?Client_Secret=s":                      "https://h.test/p?Client_Secret=REDACTED",
		"https://h.test/p?code=c&token=t&refresh_token=r":       "https://h.test/p?code=REDACTED&refresh_token=REDACTED&token=REDACTED",
		"https://h.test/p?":                                     "https://h.test/p",
		"https://h.test/p?signature=1&password=2&assertion=3":   "https://h.test/p?assertion=REDACTED&password=REDACTED&signature=REDACTED",
		"https://h.test/p?key=1&apikey=2&api_key=3&secret=4":    "https://h.test/p?api_key=REDACTED&apikey=REDACTED&key=REDACTED&secret=REDACTED",
		"https://h.test/p?access_token=1&id_token=2":            "https://h.test/p?access_token=REDACTED&id_token=REDACTED",
		"https://h.test/p?client_assertion=1&$filter=atScope()": "https://h.test/p?%24filter=atScope%28%29&client_assertion=REDACTED",
	} {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := redactURL(u); got != want {
			t.Errorf("redactURL(%s) = %s, want %s", in, got, want)
		}
	}
	if redactURL(nil) != "" {
		t.Error("redactURL(nil)")
	}
}

func TestMut2RedactText(t *testing.T) {
	for in, want := range map[string]string{
		"no token here":                        "no token here",
		"Authorization: Bearer eyJ.a.b":        "Authorization: Bearer [redacted]",
		"Bearer x, Bearer y;":                  "Bearer [redacted], Bearer [redacted];",
		`"Bearer abc" and 'Bearer d'`:          `"Bearer [redacted]" and 'Bearer [redacted]'`,
		"Bearer ":                              "Bearer ",
		"Bearer  two spaces":                   "Bearer  two spaces",
		"a Bearer tok then more text after it": "a Bearer [redacted] then more text after it",
	} {
		if got := redactText(in); got != want {
			t.Errorf("redactText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMut2DebugLogLines(t *testing.T) {
	if newDebugLog(nil) != nil {
		t.Error("a debug log without a writer")
	}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	defer srv.Close()
	var buf bytes.Buffer
	d := newDebugLog(&buf)
	pl := runtime.NewPipeline("test", "", runtime.PipelineOptions{}, &azcore.ClientOptions{
		Transport: srv.Client(), Retry: policy.RetryOptions{MaxRetries: -1}, PerRetryPolicies: []policy.Policy{d},
	})
	req, _ := runtime.NewRequest(context.Background(), http.MethodGet, srv.URL+"/x?sig=s3cret")
	req.Raw().Header.Set("Authorization", "Bearer tok-123")
	resp, err := pl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req2, _ := runtime.NewRequest(context.Background(), http.MethodGet, srv.URL+"/y")
	resp, err = pl.Do(req2)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	dead := httptest.NewTLSServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	req3, _ := runtime.NewRequest(context.Background(), http.MethodGet, deadURL+"/z")
	req3.Raw().Header.Set("Authorization", "Bearer tok-456")
	if _, err := pl.Do(req3); err == nil {
		t.Fatal("a closed server answered")
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines:\n%s", len(lines), buf.String())
	}
	wants := []*regexp.Regexp{
		regexp.MustCompile(`^debug: GET ` + regexp.QuoteMeta(srv.URL) + `/x\?sig=REDACTED Authorization: \[redacted\] -> 418 I'm a teapot \(\d+m?s\)$`),
		regexp.MustCompile(`^debug: GET ` + regexp.QuoteMeta(srv.URL) + `/y -> 418 I'm a teapot \(\d+m?s\)$`),
		regexp.MustCompile(`^debug: GET ` + regexp.QuoteMeta(deadURL) + `/z Authorization: \[redacted\] -> error: .+ \(\d+m?s\)$`),
	}
	for i, re := range wants {
		if !re.MatchString(lines[i]) {
			t.Errorf("line %d %q does not match %s", i, lines[i], re)
		}
	}
	if strings.Contains(buf.String(), "tok-") || strings.Contains(buf.String(), "s3cret") {
		t.Errorf("a secret reached the debug log:\n%s", buf.String())
	}
}
