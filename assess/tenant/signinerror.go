package tenant

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// signInError is a failed sign-in told plainly: what went wrong and what
// to do. It never holds a token or a secret (the underlying error is kept
// for errors.Is/As only and is not printed).
type signInError struct {
	method string // the --auth value, "" for the default chain
	msg    string
	hint   string
	err    error
}

func (e *signInError) Error() string {
	s := "sign-in (" + authLabel(e.method) + ") failed: " + e.msg
	if e.hint != "" {
		s += "\n  what to do: " + e.hint
	}
	return s
}

func (e *signInError) Unwrap() error { return e.err }

// newSignInError explains err, an error from building or using the
// credential of method.
func newSignInError(method string, err error) error {
	if err == nil {
		return nil
	}
	var se *signInError
	if errors.As(err, &se) {
		if se.method == "" {
			se.method = method
		}
		return se
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	return describeSignIn(method, err)
}

var aadstsRE = regexp.MustCompile(`AADSTS(\d+)[^"\n\\]*`)

// describeSignIn turns an azidentity or network error into a message and
// a hint.
func describeSignIn(method string, err error) *signInError {
	var se *signInError
	if errors.As(err, &se) {
		return se
	}
	text := redactText(err.Error())
	e := &signInError{method: method, err: err}
	if m := aadstsRE.FindStringSubmatch(text); m != nil {
		e.msg = "Entra ID refused it: " + oneLine(strings.TrimRight(m[0], " ,."), 200)
		switch m[1] {
		case "7000222":
			e.msg = "the client secret has expired (AADSTS7000222)"
			e.hint = "create a new client secret for the app (Entra ID > App registrations > Certificates & secrets) and put its value in AZURE_CLIENT_SECRET"
		case "7000215":
			e.msg = "the client secret was rejected (AADSTS7000215: invalid client secret)"
			e.hint = "check AZURE_CLIENT_SECRET: it must be the secret's value, not its ID, and belong to AZURE_CLIENT_ID"
		case "700016":
			e.msg = "the application was not found in the tenant (AADSTS700016)"
			e.hint = "check AZURE_CLIENT_ID and the tenant (--tenant or AZURE_TENANT_ID)"
		case "90002", "900023", "90033":
			e.msg = "the tenant was not found (AADSTS" + m[1] + ")"
			e.hint = "check --tenant or AZURE_TENANT_ID (a tenant ID or a domain such as contoso.onmicrosoft.com)"
		case "700027", "700024", "700023":
			e.hint = "check the certificate in AZURE_CLIENT_CERTIFICATE_PATH: it must be the one uploaded to the app registration, and not expired"
		case "50173", "700082", "70043", "50078", "50079", "50076":
			e.hint = "sign in again (for example 'az login'), then rerun"
		case "65001":
			e.hint = "an administrator must grant consent to the application"
		default:
			e.hint = "look the AADSTS code up at https://login.microsoftonline.com/error, or rerun with --debug"
		}
		return e
	}
	var ue *url.Error
	var ce *x509.UnknownAuthorityError
	var he x509.HostnameError
	var ne *net.OpError
	var de *net.DNSError
	switch {
	case isTimeout(err, text):
		// a host that accepts the connection and never answers
		e.msg = "the sign-in endpoint " + orUnknown(hostIn(err, text)) + " did not answer in time (timeout)"
		e.hint = "check the network and HTTPS_PROXY, or authorityHost in --cloud-config; --timeout sets the time limit of one request"
		return e
	case errors.As(err, &ce), errors.As(err, &he), strings.Contains(text, "x509: "):
		e.msg = "the sign-in endpoint's certificate is not trusted (" + x509Reason(text) + ")"
		e.hint = "for a private CA or a TLS-inspecting proxy, put its certificate in a file named by SSL_CERT_FILE"
		return e
	case errors.As(err, &de), errors.As(err, &ne), errors.As(err, &ue) && ue.Timeout(), strings.Contains(text, "dial tcp"), strings.Contains(text, "connection refused"), strings.Contains(text, "no such host"), strings.Contains(text, "i/o timeout"):
		e.msg = "cannot reach the sign-in endpoint (" + networkReason(text) + ")"
		e.hint = "check the network and HTTPS_PROXY, or authorityHost in --cloud-config"
		return e
	}
	switch method {
	case AuthAzureCLI:
		switch {
		case strings.Contains(text, "executable not found"), strings.Contains(text, "not found on path"):
			e.msg = "the Azure CLI (az) is not installed or not on PATH"
			e.hint = "install the Azure CLI and run 'az login', or choose another --auth"
		case strings.Contains(text, "az login"):
			e.msg = "the Azure CLI is not signed in"
			e.hint = "run 'az login' (add --tenant to pick the tenant), then rerun"
		}
	case AuthBrowser:
		if strings.Contains(text, "exec:") || strings.Contains(text, "browser") {
			e.msg = "no web browser could be opened"
			e.hint = "use --auth device-code on a machine without a browser (for example over SSH)"
		}
	case AuthManagedIdentity:
		e.msg = "no managed identity answered (" + firstLine(text, 160) + ")"
		e.hint = "--auth managed-identity works only on an Azure host with a managed identity; set AZURE_CLIENT_ID for a user-assigned one"
	case AuthWorkloadIdentity:
		e.msg = "workload identity is not configured (" + firstLine(text, 160) + ")"
		e.hint = "--auth workload-identity needs AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID and AZURE_TENANT_ID (set by AKS workload identity)"
	}
	if e.msg == "" {
		e.msg = firstLine(text, 240)
	}
	if e.hint == "" {
		var af *azidentity.AuthenticationFailedError
		if errors.As(err, &af) {
			e.hint = "rerun with --debug to see the sign-in requests, or choose another --auth"
		}
	}
	return e
}

// firstLine keeps the first line of an azidentity message, without its
// response dump.
func firstLine(s string, max int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return oneLine(strings.TrimSpace(s), max)
}

func x509Reason(text string) string {
	if i := strings.Index(text, "x509: "); i >= 0 {
		return firstLine(text[i:], 160)
	}
	return firstLine(text, 160)
}

// networkReason gives the tail of a network error, e.g. "dial tcp
// 127.0.0.1:9: connect: connection refused".
func networkReason(text string) string {
	text = oneLine(text, 2000)
	if i := strings.Index(text, ". To troubleshoot"); i >= 0 {
		text = text[:i]
	}
	for _, k := range []string{"dial tcp", "lookup ", "read tcp", "net/http: "} {
		if i := strings.Index(text, k); i >= 0 {
			return oneLine(text[i:], 160)
		}
	}
	return oneLine(text, 160)
}

// isTimeout reports a request that got no answer in time (the per-try
// time limit, a TLS handshake or a read that timed out).
func isTimeout(err error, text string) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	for _, k := range []string{"context deadline exceeded", "Client.Timeout", "i/o timeout", "TLS handshake timeout", "timeout awaiting response headers"} {
		if strings.Contains(text, k) {
			return true
		}
	}
	return false
}

var urlHostRE = regexp.MustCompile(`https?://([^/\s"'?]+)`)

// hostIn names the host an error was about: the URL of a url.Error, or
// the first URL in its text.
func hostIn(err error, text string) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			return u.Host
		}
	}
	if m := urlHostRE.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}
