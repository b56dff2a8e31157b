package tenant

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// maxBody caps what is read from one response (a page of 1,000 environments
// is a few MB).
const maxBody = 64 << 20

// call sends one request through the pipeline and decodes a 2xx JSON answer
// into out. Only GET, and POST for listTenantSettings, are ever sent.
func call(ctx context.Context, pl runtime.Pipeline, method, rawURL string, out any) error {
	op := method + " " + redactURL(mustParse(rawURL))
	if !readOnlyCall(method, rawURL) {
		return fmt.Errorf("%s: refusing a write call (only GET, and POST to listTenantSettings, are ever sent)", op)
	}
	req, err := runtime.NewRequest(ctx, method, rawURL)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	req.Raw().Header.Set("Accept", "application/json")
	// The body is read here, once and capped, not first by azcore (which
	// would read it whole, without the cap, and hand over a copy).
	runtime.SkipBodyDownload(req)
	resp, err := pl.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer resp.Body.Close()
	body, err := readBody(resp)
	if err != nil {
		return fmt.Errorf("%s: read response: %w", op, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newAPIError(op, resp, body)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &malformedError{Op: op, Err: err}
	}
	return nil
}

// readBody reads at most maxBody bytes of the answer, into a buffer sized
// from Content-Length when the server sent one.
func readBody(resp *http.Response) ([]byte, error) {
	var buf bytes.Buffer
	if n := resp.ContentLength; n > 0 && n <= maxBody {
		buf.Grow(int(n) + bytes.MinRead) // ReadFrom wants MinRead spare to see EOF without growing
	}
	_, err := buf.ReadFrom(io.LimitReader(resp.Body, maxBody))
	return buf.Bytes(), err
}

// readOnlyCall is the write guard: GET, and the one POST that reads
// (BAP's listTenantSettings, exactly that path, no dot segments).
func readOnlyCall(method, rawURL string) bool {
	switch method {
	case http.MethodGet:
		return true
	case http.MethodPost:
		u, err := url.Parse(rawURL)
		if err != nil || u.Opaque != "" || u.Fragment != "" {
			return false
		}
		return strings.EqualFold(u.EscapedPath(), bapTenantSettingPath) && u.Path == u.EscapedPath()
	}
	return false
}

func mustParse(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		return &url.URL{Opaque: "invalid-url"}
	}
	return u
}

// page is the envelope of a list: BAP sends nextLink, OData-style APIs
// @odata.nextLink; both are followed.
type page[T any] struct {
	Value     []T    `json:"value"`
	NextLink  string `json:"nextLink"`
	ODataNext string `json:"@odata.nextLink"`
}

func (p page[T]) next() string {
	if p.NextLink != "" {
		return p.NextLink
	}
	return p.ODataNext
}

// listPages GETs rawURL and every next page, calling each with a page's
// items as it arrives. It stops at maxPages to survive a server that loops.
func listPages[T any](ctx context.Context, pl runtime.Pipeline, rawURL string, each func([]T) error) error {
	// The next page is requested as soon as its link is known, while each
	// handles this one: on a long list (40 pages of environments) the
	// handling is then off the chain of round trips.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		items []T
		err   error
	}
	pages := make(chan result, 1)
	go func() {
		defer close(pages)
		const maxPages = 10000
		seen := map[string]bool{}
		first := mustParse(rawURL)
		for n := 0; rawURL != "" && n < maxPages; n++ {
			var err error
			var p page[T]
			switch u := mustParse(rawURL); {
			case u.Scheme != first.Scheme || u.Host != first.Host:
				// never send the token to a host the list did not start on
				err = fmt.Errorf("GET %s: next page %s is on another host", redactURL(first), redactURL(u))
			case seen[rawURL]:
				err = fmt.Errorf("GET %s: the server returned the same next page twice", redactURL(u))
			default:
				seen[rawURL] = true
				err = call(ctx, pl, http.MethodGet, rawURL, &p)
			}
			select {
			case pages <- result{p.Value, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
			rawURL = p.next()
		}
	}()
	for r := range pages {
		if r.err != nil {
			return r.err
		}
		if err := each(r.items); err != nil {
			return err
		}
	}
	return nil
}
