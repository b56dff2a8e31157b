package tenant

import (
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
	resp, err := pl.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
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
	const maxPages = 10000
	seen := map[string]bool{}
	first := mustParse(rawURL)
	for n := 0; rawURL != "" && n < maxPages; n++ {
		if u := mustParse(rawURL); u.Scheme != first.Scheme || u.Host != first.Host {
			// never send the token to a host the list did not start on
			return fmt.Errorf("GET %s: next page %s is on another host", redactURL(first), redactURL(u))
		}
		if seen[rawURL] {
			return fmt.Errorf("GET %s: the server returned the same next page twice", redactURL(mustParse(rawURL)))
		}
		seen[rawURL] = true
		var p page[T]
		if err := call(ctx, pl, http.MethodGet, rawURL, &p); err != nil {
			return err
		}
		if err := each(p.Value); err != nil {
			return err
		}
		rawURL = p.next()
	}
	return nil
}
