package tenant

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// A failed sign-in is told as what went wrong and what to do. The AADSTS
// codes and their meaning are Entra ID's (learn.microsoft.com "Microsoft
// Entra authentication and authorization error codes"); each expected
// phrase is written here by hand.
func TestMut2DescribeSignIn(t *testing.T) {
	aad := func(code, rest string) error {
		return fmt.Errorf("ClientSecretCredential: authentication failed: AADSTS%s: %s", code, rest)
	}
	cases := []struct {
		name     string
		method   string
		err      error
		msg      string // the whole message
		hint     string // a phrase of the hint; "" for no hint at all
		wantHint bool
	}{
		{"expired secret", AuthEnv, aad("7000222", "The provided client secret keys are expired."), "the client secret has expired (AADSTS7000222)", "create a new client secret", true},
		{"wrong secret", AuthEnv, aad("7000215", "Invalid client secret provided."), "the client secret was rejected (AADSTS7000215: invalid client secret)", "not its ID", true},
		{"unknown app", AuthEnv, aad("700016", "Application with identifier 'x' was not found"), "the application was not found in the tenant (AADSTS700016)", "AZURE_CLIENT_ID", true},
		{"tenant 90002", "", aad("90002", "Tenant 'x' not found."), "the tenant was not found (AADSTS90002)", "--tenant or AZURE_TENANT_ID", true},
		{"tenant 900023", "", aad("900023", "Specified tenant identifier is neither a valid DNS name"), "the tenant was not found (AADSTS900023)", "--tenant or AZURE_TENANT_ID", true},
		{"tenant 90033", "", aad("90033", "A transient error has occurred."), "the tenant was not found (AADSTS90033)", "--tenant or AZURE_TENANT_ID", true},
		{"certificate 700027", AuthEnv, aad("700027", "Client assertion failed signature validation."), "Entra ID refused it: AADSTS700027: Client assertion failed signature validation", "AZURE_CLIENT_CERTIFICATE_PATH", true},
		{"certificate 700024", AuthEnv, aad("700024", "Client assertion is not within its valid time range."), "Entra ID refused it: AADSTS700024: Client assertion is not within its valid time range", "AZURE_CLIENT_CERTIFICATE_PATH", true},
		{"certificate 700023", AuthEnv, aad("700023", "Invalid audience"), "Entra ID refused it: AADSTS700023: Invalid audience", "AZURE_CLIENT_CERTIFICATE_PATH", true},
		{"MFA 50076", AuthAzureCLI, aad("50076", "Due to a configuration change, you must use MFA., "), "Entra ID refused it: AADSTS50076: Due to a configuration change, you must use MFA", "sign in again", true},
		{"expired refresh 700082", AuthAzureCLI, aad("700082", "The refresh token has expired."), "Entra ID refused it: AADSTS700082: The refresh token has expired", "sign in again", true},
		{"50173", AuthAzureCLI, aad("50173", "The provided grant has expired."), "Entra ID refused it: AADSTS50173: The provided grant has expired", "sign in again", true},
		{"70043", AuthAzureCLI, aad("70043", "The refresh token has expired or is invalid."), "Entra ID refused it: AADSTS70043: The refresh token has expired or is invalid", "sign in again", true},
		{"50078", AuthAzureCLI, aad("50078", "Presented MFA has expired."), "Entra ID refused it: AADSTS50078: Presented MFA has expired", "sign in again", true},
		{"50079", AuthAzureCLI, aad("50079", "Must enroll in MFA."), "Entra ID refused it: AADSTS50079: Must enroll in MFA", "sign in again", true},
		{"consent", AuthDeviceCode, aad("65001", "The user or administrator has not consented."), "Entra ID refused it: AADSTS65001: The user or administrator has not consented", "grant consent", true},
		{"another code", AuthDeviceCode, aad("12345", "Something else."), "Entra ID refused it: AADSTS12345: Something else", "login.microsoftonline.com/error", true},
		{"AADSTS code in JSON stops at the quote", "", errors.New(`{"error_description":"AADSTS53003: Access has been blocked by Conditional Access policies","x":1}`), "Entra ID refused it: AADSTS53003: Access has been blocked by Conditional Access policies", "login.microsoftonline.com/error", true},

		{"deadline", "", &url.Error{Op: "Post", URL: "https://login.example.test/tid/oauth2/v2.0/token", Err: context.DeadlineExceeded},
			"the sign-in endpoint login.example.test did not answer in time (timeout)", "--timeout", true},
		{"timeout in text, host from text", AuthEnv, errors.New("Post \"https://idp.example.test:8443/token\": net/http: TLS handshake timeout"),
			"the sign-in endpoint idp.example.test:8443 did not answer in time (timeout)", "--timeout", true},
		{"timeout without a host", AuthEnv, errors.New("context deadline exceeded"),
			"the sign-in endpoint (unknown) did not answer in time (timeout)", "--timeout", true},
		{"timeout awaiting headers", AuthEnv, errors.New("timeout awaiting response headers"),
			"the sign-in endpoint (unknown) did not answer in time (timeout)", "--timeout", true},
		{"client timeout", AuthEnv, errors.New("(Client.Timeout exceeded while awaiting headers)"),
			"the sign-in endpoint (unknown) did not answer in time (timeout)", "--timeout", true},
		{"net timeout", AuthEnv, &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}},
			"the sign-in endpoint (unknown) did not answer in time (timeout)", "--timeout", true},

		{"unknown CA", "", fmt.Errorf("Post \"https://login.example.test/t\": %w", x509.UnknownAuthorityError{}),
			"the sign-in endpoint's certificate is not trusted (x509: certificate signed by unknown authority)", "SSL_CERT_FILE", true},
		{"x509 in text only", "", errors.New("tls: failed to verify certificate: x509: certificate has expired or is not yet valid"),
			"the sign-in endpoint's certificate is not trusted (x509: certificate has expired or is not yet valid)", "SSL_CERT_FILE", true},

		{"DNS", "", &net.DNSError{Err: "no such host", Name: "login.example.test"},
			"cannot reach the sign-in endpoint (lookup login.example.test: no such host)", "HTTPS_PROXY", true},
		{"refused, troubleshooting link cut", AuthEnv, errors.New("ClientSecretCredential: Post \"https://127.0.0.1:9/t\": dial tcp 127.0.0.1:9: connect: connection refused. To troubleshoot, visit https://aka.ms/x"),
			"cannot reach the sign-in endpoint (dial tcp 127.0.0.1:9: connect: connection refused)", "HTTPS_PROXY", true},
		{"refused without dial", AuthEnv, errors.New("proxy: connection refused"),
			"cannot reach the sign-in endpoint (proxy: connection refused)", "HTTPS_PROXY", true},
		{"no such host in text", AuthEnv, errors.New("oops no such host"),
			"cannot reach the sign-in endpoint (oops no such host)", "HTTPS_PROXY", true},
		{"read tcp", AuthEnv, errors.New("Post x: read tcp 1.2.3.4:5: connection reset; dial tcp later"),
			"cannot reach the sign-in endpoint (dial tcp later)", "HTTPS_PROXY", true},
		{"op error", AuthEnv, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("network is unreachable")},
			"cannot reach the sign-in endpoint (dial tcp: network is unreachable)", "HTTPS_PROXY", true},

		{"az missing", AuthAzureCLI, errors.New("AzureCLICredential: Azure CLI not found on path"), "the Azure CLI (az) is not installed or not on PATH", "install the Azure CLI", true},
		{"az exec missing", AuthAzureCLI, errors.New("exec: \"az\": executable not found in $PATH"), "the Azure CLI (az) is not installed or not on PATH", "install the Azure CLI", true},
		{"az signed out", AuthAzureCLI, errors.New("AzureCLICredential: ERROR: Please run 'az login' to setup account."), "the Azure CLI is not signed in", "run 'az login'", true},
		{"az other", AuthAzureCLI, errors.New("AzureCLICredential: something odd\nmore"), "AzureCLICredential: something odd", "", false},
		{"az text under another method", AuthEnv, errors.New("Please run 'az login'"), "Please run 'az login'", "", false},
		{"no browser", AuthBrowser, errors.New("exec: \"xdg-open\": not in PATH"), "no web browser could be opened", "--auth device-code", true},
		{"browser word", AuthBrowser, errors.New("could not open a browser"), "no web browser could be opened", "--auth device-code", true},
		{"browser other", AuthBrowser, errors.New("user cancelled"), "user cancelled", "", false},
		{"browser words under another method", AuthDeviceCode, errors.New("could not open a browser"), "could not open a browser", "", false},
		{"managed identity", AuthManagedIdentity, errors.New("ManagedIdentityCredential: no response\nfrom IMDS"), "no managed identity answered (ManagedIdentityCredential: no response)", "Azure host", true},
		{"workload identity", AuthWorkloadIdentity, errors.New("WorkloadIdentityCredential: no token file\n"), "workload identity is not configured (WorkloadIdentityCredential: no token file)", "AZURE_FEDERATED_TOKEN_FILE", true},
		{"anything else: its first line, no hint", "", errors.New("  something broke \n RESPONSE 500"), "something broke", "", false},
		{"authentication failed: --debug", "", fmt.Errorf("chain: %w", &azidentity.AuthenticationFailedError{}), ": ", "--debug", true},
		{"a bearer token in the text is redacted", "", errors.New("failed with Bearer eyJsecret.token more"), "failed with Bearer [REDACTED] more", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := describeSignIn(c.method, c.err)
			if c.name == "authentication failed: --debug" {
				if !strings.Contains(e.hint, c.hint) {
					t.Errorf("hint %q, want %q", e.hint, c.hint)
				}
				return
			}
			if c.name == "a bearer token in the text is redacted" {
				if strings.Contains(e.msg, "eyJsecret") {
					t.Errorf("message keeps the token: %q", e.msg)
				}
				return
			}
			if e.msg != c.msg {
				t.Errorf("message %q, want %q", e.msg, c.msg)
			}
			if c.wantHint != (e.hint != "") || !strings.Contains(e.hint, c.hint) {
				t.Errorf("hint %q, want one with %q (any: %v)", e.hint, c.hint, c.wantHint)
			}
			if e.method != c.method || !errors.Is(e, c.err) {
				t.Errorf("method %q, unwraps to the cause %v", e.method, errors.Is(e, c.err))
			}
		})
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o wait" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestMut2SignInErrorWrapping(t *testing.T) {
	if newSignInError(AuthEnv, nil) != nil {
		t.Error("no error became one")
	}
	// an explained error keeps its explanation; an unnamed method takes the caller's
	inner := &signInError{msg: "m", hint: "h"}
	got := newSignInError(AuthBrowser, fmt.Errorf("wrapped: %w", inner))
	if got != error(inner) || inner.method != AuthBrowser {
		t.Errorf("got %v (method %q), want the inner error named browser", got, inner.method)
	}
	named := &signInError{method: AuthEnv, msg: "m"}
	if newSignInError(AuthBrowser, named); named.method != AuthEnv {
		t.Errorf("a named method was replaced: %q", named.method)
	}
	if describeSignIn(AuthBrowser, fmt.Errorf("x: %w", named)) != named {
		t.Error("describeSignIn re-explained an explained error")
	}
	// a cancelled sign-in is the cancellation, not a sign-in failure
	canc := fmt.Errorf("GetToken: %w", context.Canceled)
	if got := newSignInError(AuthEnv, canc); got != canc {
		t.Errorf("cancelled: %v", got)
	}
	// other errors are explained
	var se *signInError
	if !errors.As(newSignInError(AuthEnv, errors.New("boom")), &se) || se.msg != "boom" {
		t.Errorf("plain error: %+v", se)
	}
	// the text: method label, message, and the hint on its own line only when there is one
	if s := (&signInError{msg: "m"}).Error(); s != "sign-in (default chain) failed: m" {
		t.Errorf("Error() = %q", s)
	}
	if s := (&signInError{method: AuthEnv, msg: "m", hint: "h"}).Error(); s != "sign-in (env) failed: m\n  what to do: h" {
		t.Errorf("Error() = %q", s)
	}
}

func TestMut2FirstLineAndReasons(t *testing.T) {
	if got := firstLine("  a  b \nc", 10); got != "a b" {
		t.Errorf("firstLine = %q", got)
	}
	if got := firstLine("\nsecond line", 20); got != "" {
		t.Errorf("firstLine of a text starting with a new line = %q", got)
	}
	if got := firstLine(strings.Repeat("x", 12), 10); got != strings.Repeat("x", 10)+"…" {
		t.Errorf("firstLine cap = %q", got)
	}
	if got := x509Reason("no marker here\nsecond"); got != "no marker here" {
		t.Errorf("x509Reason = %q", got)
	}
	for in, want := range map[string]string{
		"net/http: request canceled":          "net/http: request canceled",
		"dial tcp 1.2.3.4:5: lookup x failed": "dial tcp 1.2.3.4:5: lookup x failed", // the first marker wins, even at the start
		". To troubleshoot, visit x":          "",
		"no marker":                           "no marker",
	} {
		if got := networkReason(in); got != want {
			t.Errorf("networkReason(%q) = %q, want %q", in, got, want)
		}
	}
	// a hint of the method's own is kept over the generic --debug one
	e := describeSignIn(AuthManagedIdentity, fmt.Errorf("mi: %w", &azidentity.AuthenticationFailedError{}))
	if !strings.Contains(e.hint, "Azure host") || strings.Contains(e.hint, "--debug") {
		t.Errorf("managed identity hint %q", e.hint)
	}
	if got := hostIn(&url.Error{Op: "Get", URL: "::bad", Err: errors.New("x")}, "see https://h.example.test/p"); got != "h.example.test" {
		t.Errorf("hostIn falls back to the text: %q", got)
	}
	if got := hostIn(&url.Error{Op: "Get", URL: "relative/path", Err: errors.New("x")}, "no url"); got != "" {
		t.Errorf("hostIn without any host = %q", got)
	}
}
