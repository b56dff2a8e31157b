package tenant

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ppwaf/se06/assess"
)

// apiError is a non-2xx answer from an API. It carries the service's error
// code and message, never a request header.
type apiError struct {
	Op      string // e.g. "GET https://…"
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string {
	s := fmt.Sprintf("%s: HTTP %d", e.Op, e.Status)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// malformedError is a 2xx answer that could not be decoded.
type malformedError struct {
	Op  string
	Err error
}

func (e *malformedError) Error() string {
	return fmt.Sprintf("%s: malformed response: %v", e.Op, e.Err)
}
func (e *malformedError) Unwrap() error { return e.Err }

// newAPIError reads the {"error":{"code","message"}} envelope of a failed response.
func newAPIError(op string, resp *http.Response, body []byte) *apiError {
	e := &apiError{Op: op, Status: resp.StatusCode}
	var env struct {
		Error json.RawMessage `json:"error"`
		Code  string          `json:"code"`
		Msg   string          `json:"message"`
	}
	if json.Unmarshal(body, &env) == nil {
		var inner struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		}
		if json.Unmarshal(env.Error, &inner) == nil {
			e.Code, e.Message = inner.Code, inner.Message
		} else {
			var s string
			if json.Unmarshal(env.Error, &s) == nil {
				e.Code = s
			}
		}
		if e.Code == "" {
			e.Code, e.Message = env.Code, env.Msg
		}
	}
	e.Message = redactText(oneLine(e.Message, 240))
	return e
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > max {
		// cut at a character boundary: half a UTF-8 sequence is invalid text
		for max > 0 && !utf8.RuneStart(s[max]) {
			max--
		}
		s = s[:max] + "…"
	}
	return s
}

// provenance turns the outcome of a read into a fact's provenance. role
// names what a 403 needs ("needs Reader on the key vault").
func provenance(source string, at time.Time, err error, role string) assess.Provenance {
	p := assess.Provenance{Source: source, At: at.UTC(), Status: assess.StatusOK}
	if err == nil {
		return p
	}
	var ae *apiError
	switch {
	case errors.As(err, &ae) && ae.Status == http.StatusForbidden:
		p.Status = assess.StatusNotPermitted
		p.Reason = role
		if ae.Code != "" {
			p.Reason += " (" + ae.Code + ")"
		}
	case errors.As(err, &ae) && ae.Status == http.StatusNotFound:
		p.Status = assess.StatusNotFound
		p.Reason = "HTTP 404"
		if ae.Code != "" {
			p.Reason += " " + ae.Code
		}
	case errors.As(err, &ae) && ae.Status == http.StatusUnauthorized:
		p.Status = assess.StatusError
		p.Reason = "the API did not accept the sign-in (HTTP 401"
		if ae.Code != "" {
			p.Reason += " " + ae.Code
		}
		p.Reason += "); check the token scope of this API (in --cloud-config) and that the sign-in is for the right tenant"
	case errors.Is(err, context.Canceled):
		p.Status = assess.StatusError
		p.Reason = reasonCancelled
	case errors.Is(err, context.DeadlineExceeded):
		p.Status = assess.StatusError
		p.Reason = "timed out (a slow service may need a longer --timeout)"
	default:
		p.Status = assess.StatusError
		p.Reason = describeError(err)
	}
	return p
}

// describeError gives the reason of a failed read: the service's answer
// for an API error, and for a network failure what failed and what to
// check, without repeating the URL.
func describeError(err error) string {
	var ae *apiError
	var me *malformedError
	if errors.As(err, &ae) || errors.As(err, &me) {
		return redactText(oneLine(err.Error(), 300))
	}
	text := redactText(oneLine(err.Error(), 1000))
	host := ""
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			host = u.Host
		}
	}
	var ce *tls.CertificateVerificationError
	switch {
	case errors.As(err, &ce), strings.Contains(text, "x509: "):
		return "the certificate of " + orUnknown(host) + " is not trusted (" + x509Reason(text) + "); for a private CA or a TLS-inspecting proxy set SSL_CERT_FILE"
	case host != "" && (strings.Contains(text, "dial tcp") || strings.Contains(text, "no such host") || strings.Contains(text, "connection reset") || strings.Contains(text, "EOF")):
		return "cannot reach " + host + " (" + networkReason(text) + "); check the network and HTTPS_PROXY, or the endpoint in --cloud-config"
	}
	return oneLine(text, 300)
}

// reasonCancelled is the reason of a read stopped by Ctrl+C; such steps
// are not reported as progress (the whole run is being abandoned).
const reasonCancelled = "cancelled"

// Roles named in "not permitted" reasons.
const (
	roleBAP          = "needs Power Platform administrator (or Dynamics 365 administrator), or the app registered as a Power Platform management application"
	rolePolicy       = "needs Reader on the enterprise policy (Microsoft.PowerPlatform/enterprisePolicies/read)"
	roleSubscription = "needs Reader on the subscription (Microsoft.PowerPlatform/enterprisePolicies/read)"
	roleVault        = "needs Reader on the key vault (Microsoft.KeyVault/vaults/read)"
	roleKeyRBAC      = "needs Key Vault Reader on the vault (data action Microsoft.KeyVault/vaults/keys/read)"
	roleKeyPolicy    = "needs a vault access policy with key permissions Get and List"
	roleKeyUnknown   = "needs Key Vault Reader (RBAC vault) or an access policy with key permissions Get, List and GetRotationPolicy"
	roleRotation     = "needs Key Vault Reader (RBAC vault) or the key permission GetRotationPolicy"
)
