package tenant

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestAPIErrorMessageCap: a service's error message is put on one line and
// kept whole up to 240 bytes; a longer one is cut there with an ellipsis,
// never inside a character (a cut UTF-8 sequence would reach the snapshot
// and the report as invalid text).
func TestAPIErrorMessageCap(t *testing.T) {
	a240 := strings.Repeat("a", 240)
	cases := []struct {
		name, msg, want string
	}{
		{"spaces and new lines collapse", "Key  not\n\tfound ", "Key not found"},
		{"exactly 240 bytes kept whole", a240, a240},
		{"241 bytes cut at 240", a240 + "b", a240 + "…"},
		{"no cut inside a character", strings.Repeat("a", 239) + "é tail", strings.Repeat("a", 239) + "…"},
	}
	for _, c := range cases {
		body := `{"error":{"code":"Forbidden","message":` + jsonString(c.msg) + `}}`
		e := newAPIError("GET https://vault.example/keys/k", &http.Response{StatusCode: http.StatusForbidden}, []byte(body))
		if e.Message != c.want {
			t.Errorf("%s: message %q (%d bytes), want %q (%d bytes)", c.name, e.Message, len(e.Message), c.want, len(c.want))
		}
		if !utf8.ValidString(e.Message) {
			t.Errorf("%s: message is not valid UTF-8: %q", c.name, e.Message)
		}
		if e.Code != "Forbidden" {
			t.Errorf("%s: code %q, want Forbidden", c.name, e.Code)
		}
	}
}

func jsonString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`).Replace(s) + `"`
}

// TestAPIErrorText: the error line names the request and status, then the
// service's code and message only when it sent them (no dangling colon).
func TestAPIErrorText(t *testing.T) {
	for _, c := range []struct {
		e    apiError
		want string
	}{
		{apiError{Op: "GET https://h/x", Status: 404}, "GET https://h/x: HTTP 404"},
		{apiError{Op: "GET https://h/x", Status: 403, Code: "ForbiddenByRbac"}, "GET https://h/x: HTTP 403 ForbiddenByRbac"},
		{apiError{Op: "GET https://h/x", Status: 500, Message: "boom"}, "GET https://h/x: HTTP 500: boom"},
		{apiError{Op: "GET https://h/x", Status: 403, Code: "Forbidden", Message: "no"}, "GET https://h/x: HTTP 403 Forbidden: no"},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
	}
}
