package tenant

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// The error envelopes of the wire contract (live-check-api.md: ARM and
// Key Vault {"error":{"code","message"}}, BAP sometimes {"code","message"}
// at the top, and an "error" that is only a string), and the provenance
// each outcome becomes.
func TestMut2APIErrorEnvelopes(t *testing.T) {
	for _, c := range []struct {
		body, code, msg string
	}{
		{`{"error":{"code":"AuthorizationFailed","message":"The client does not have authorization"}}`, "AuthorizationFailed", "The client does not have authorization"},
		{`{"error":{"code":"","message":"only a message"},"code":"Outer","message":"outer msg"}`, "Outer", "outer msg"},
		{`{"error":"invalid_grant"}`, "invalid_grant", ""},
		{`{"error":"","code":"TopCode","message":"top"}`, "TopCode", "top"},
		{`{"code":"EnvironmentNotFound","message":"no such environment"}`, "EnvironmentNotFound", "no such environment"},
		{`{"error":{"code":"X","message":"Bearer abc.def leaked"}}`, "X", "Bearer [REDACTED] leaked"},
		{`not json`, "", ""},
		{``, "", ""},
		{`{"error":42}`, "", ""},
	} {
		e := newAPIError("GET https://h/x", &http.Response{StatusCode: 400}, []byte(c.body))
		msg := e.Message
		if strings.Contains(c.body, "Bearer") {
			if strings.Contains(msg, "abc.def") {
				t.Errorf("%s: token kept in %q", c.body, msg)
			}
			msg = c.msg
		}
		if e.Code != c.code || msg != c.msg || e.Status != 400 || e.Op != "GET https://h/x" {
			t.Errorf("%s: %+v, want code %q message %q", c.body, e, c.code, c.msg)
		}
	}
}

func TestMut2Provenance(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("x", 3600))
	api := func(status int, code string) error {
		return fmt.Errorf("read: %w", &apiError{Op: "GET https://h/x", Status: status, Code: code, Message: "m"})
	}
	for _, c := range []struct {
		name   string
		err    error
		status assess.FactStatus
		reason string
	}{
		{"ok", nil, assess.StatusOK, ""},
		{"403 with code", api(403, "ForbiddenByRbac"), assess.StatusNotPermitted, "needs X (ForbiddenByRbac)"},
		{"403 without code", api(403, ""), assess.StatusNotPermitted, "needs X"},
		{"404 with code", api(404, "ResourceNotFound"), assess.StatusNotFound, "HTTP 404 ResourceNotFound"},
		{"404 without code", api(404, ""), assess.StatusNotFound, "HTTP 404"},
		{"401 with code", api(401, "InvalidAuthenticationToken"), assess.StatusError, "the API did not accept the sign-in (HTTP 401 InvalidAuthenticationToken); check the token scope of this API (in --cloud-config) and that the sign-in is for the right tenant"},
		{"401 without code", api(401, ""), assess.StatusError, "the API did not accept the sign-in (HTTP 401); check the token scope of this API (in --cloud-config) and that the sign-in is for the right tenant"},
		{"500", api(500, "InternalError"), assess.StatusError, "read: GET https://h/x: HTTP 500 InternalError: m"},
		{"cancelled", fmt.Errorf("x: %w", context.Canceled), assess.StatusError, "cancelled"},
		{"deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), assess.StatusError, "timed out (a slow service may need a longer --timeout)"},
		{"other", errors.New("odd  failure\nhere"), assess.StatusError, "odd failure here"},
	} {
		p := provenance("SRC", at, c.err, "needs X")
		want := assess.Provenance{Source: "SRC", At: at.UTC(), Status: c.status, Reason: c.reason}
		if p != want || p.At.Location() != time.UTC {
			t.Errorf("%s:\n got  %+v\n want %+v", c.name, p, want)
		}
	}
}

func TestMut2DescribeError(t *testing.T) {
	uerr := func(u string, err error) error { return &url.Error{Op: "Get", URL: u, Err: err} }
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"api error as is", &apiError{Op: "GET https://h/x", Status: 502}, "GET https://h/x: HTTP 502"},
		{"an API error that mentions x509 stays the API's answer", &apiError{Op: "GET https://h/x", Status: 502, Message: "x509: backend certificate expired"},
			"GET https://h/x: HTTP 502: x509: backend certificate expired"},
		{"malformed", &malformedError{Op: "GET https://h/x", Err: errors.New("unexpected end of JSON input")}, "GET https://h/x: malformed response: unexpected end of JSON input"},
		{"untrusted certificate", uerr("https://kv.example.test/keys", &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}),
			"the certificate of kv.example.test is not trusted (x509: certificate signed by unknown authority); for a private CA or a TLS-inspecting proxy set SSL_CERT_FILE"},
		{"x509 text without a URL", errors.New("tls: x509: certificate has expired"),
			"the certificate of (unknown) is not trusted (x509: certificate has expired); for a private CA or a TLS-inspecting proxy set SSL_CERT_FILE"},
		{"refused", uerr("https://arm.example.test:4443/x", errors.New("dial tcp 10.0.0.1:4443: connect: connection refused")),
			"cannot reach arm.example.test:4443 (dial tcp 10.0.0.1:4443: connect: connection refused); check the network and HTTPS_PROXY, or the endpoint in --cloud-config"},
		{"no such host", uerr("https://nx.example.test/x", errors.New("lookup nx.example.test: no such host")),
			"cannot reach nx.example.test (lookup nx.example.test: no such host); check the network and HTTPS_PROXY, or the endpoint in --cloud-config"},
		{"reset", uerr("https://r.example.test/x", errors.New("read tcp 1.2.3.4:5->6.7.8.9:443: connection reset by peer")),
			"cannot reach r.example.test (read tcp 1.2.3.4:5->6.7.8.9:443: connection reset by peer); check the network and HTTPS_PROXY, or the endpoint in --cloud-config"},
		{"EOF", uerr("https://e.example.test/x", errors.New("EOF")),
			"cannot reach e.example.test (Get \"https://e.example.test/x\": EOF); check the network and HTTPS_PROXY, or the endpoint in --cloud-config"},
		{"network words without a host", errors.New("dial tcp: connection refused"), "dial tcp: connection refused"},
		{"a URL error of another kind", uerr("https://h.example.test/x", errors.New("stopped after 10 redirects")), "Get \"https://h.example.test/x\": stopped after 10 redirects"},
		{"long text capped", errors.New(strings.Repeat("z", 400)), strings.Repeat("z", 300) + "…"},
	} {
		if got := describeError(c.err); got != c.want {
			t.Errorf("%s:\n got  %q\n want %q", c.name, got, c.want)
		}
	}
	var me *malformedError
	inner := errors.New("inner")
	if err := error(&malformedError{Op: "o", Err: inner}); !errors.Is(err, inner) || !errors.As(err, &me) {
		t.Error("malformedError does not unwrap to its cause")
	}
}

func TestMut2OneLine(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"ab\u00e9", 3, "ab…"}, // é is two bytes: 4 bytes, cut before it
		{"\u00e9\u00e9", 1, "…"},
		{"", 0, ""},
		{"\x80\x80\x80", 1, "…"}, // invalid text: never cut before its start
	} {
		if got := oneLine(c.in, c.max); got != c.want {
			t.Errorf("oneLine(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}
