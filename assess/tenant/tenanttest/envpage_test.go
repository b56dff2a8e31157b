package tenanttest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestEnvironmentPageBytes: a page of environments, built from the
// environments encoded at start, is byte for byte the JSON encoding of the
// page as a map of the rendered environments (keys sorted, HTML escaped),
// with each next-link style and with and without $expand, and its
// Content-Length is right.
func TestEnvironmentPageBytes(t *testing.T) {
	for _, style := range []string{"", "@odata.nextLink", "alternate"} {
		sc := Large(25, 3, 2, 0, testNow)
		sc.PageSize = 10
		sc.NextLinkStyle = style
		sc.Environments[4].Name = `<b>&"Env"</b> ` + "\u202e\x1b[31m"
		emu, c, _ := start(t, sc)
		tok, _ := token(t, emu, c, BAPScope)
		for _, expand := range []string{"", "&%24expand=properties%2FcopilotPolicies"} {
			for pg := range 3 {
				path := "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments"
				u := emu.URL("bap") + path + "?api-version=2023-06-01" + expand
				if pg > 0 {
					u += "&%24skiptoken=" + strconv.Itoa(pg*10)
				}
				req, _ := http.NewRequest(http.MethodGet, u, nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.ContentLength != int64(len(got)) {
					t.Errorf("Content-Length %d, body %d bytes", resp.ContentLength, len(got))
				}
				// the page as the map it used to be encoded from
				lo, hi := pg*10, min(pg*10+10, 25)
				items := []any{}
				for _, env := range sc.Environments[lo:hi] {
					items = append(items, emu.environmentJSON(env, expand != ""))
				}
				want := map[string]any{"value": items}
				if hi < 25 {
					q := req.URL.Query()
					q.Set("$skiptoken", strconv.Itoa(hi))
					key := "nextLink"
					if style == "@odata.nextLink" || (style == "alternate" && pg%2 == 1) {
						key = "@odata.nextLink"
					}
					want[key] = emu.URL("bap") + path + "?" + q.Encode()
				}
				var wb bytes.Buffer
				_ = json.NewEncoder(&wb).Encode(want)
				if !bytes.Equal(got, wb.Bytes()) {
					t.Errorf("style %q, expand %q, page %d:\ngot  %s\nwant %s", style, expand, pg, trimmed(got), trimmed(wb.Bytes()))
				}
			}
		}
	}
}

func trimmed(b []byte) string {
	s := string(b)
	if len(s) > 300 {
		s = s[:150] + " … " + s[len(s)-150:]
	}
	return strings.TrimSpace(s)
}
