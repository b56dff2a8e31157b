package tenanttest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// statusWriter remembers the status written and calls answered once, just
// before the first byte of the answer goes out.
type statusWriter struct {
	http.ResponseWriter
	status   int
	answered func()
}

func (w *statusWriter) answer() {
	if w.answered != nil {
		w.answered()
		w.answered = nil
	}
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.answer()
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.answer()
	return w.ResponseWriter.Write(b)
}

// allowedWrite reports the only non-GET calls se06 may make.
func allowedWrite(service string, r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	p := strings.ToLower(r.URL.Path)
	switch service {
	case "entra":
		return strings.HasSuffix(p, "/oauth2/v2.0/token") || strings.HasSuffix(p, "/oauth2/v2.0/devicecode")
	case "bap":
		return strings.HasSuffix(p, "/providers/microsoft.businessappplatform/listtenantsettings")
	}
	return false
}

// readOnly fails the test on a write call; it returns false if the request
// must not be served.
func (e *Emulator) readOnly(service string, w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || allowedWrite(service, r) {
		return true
	}
	msg := fmt.Sprintf("tenanttest: write call %s %s to %s", r.Method, r.URL.Path, service)
	e.mu.Lock()
	e.violations = append(e.violations, msg)
	e.mu.Unlock()
	if e.rep != nil {
		e.rep.Errorf("%s", msg)
	}
	writeError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "the emulator accepts only reads")
	return false
}

// wrap adds, in order: bookkeeping, the read-only rule, latency, the
// bearer-token check for audience (empty for Entra) and faults.
func (e *Emulator) wrap(service, scope string, h http.HandlerFunc) http.Handler {
	audience := audienceOf(scope)
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		host := r.Host
		arrived := time.Now() // a token is judged as of its arrival, not after the emulated latency
		e.mu.Lock()
		e.inflight[host]++
		if e.inflight[host] > e.maxFlight[host] {
			e.maxFlight[host] = e.inflight[host]
		}
		e.mu.Unlock()
		// a request stops being in flight before its answer is sent, so a
		// client that sends the next one on receiving it is never counted
		// twice: MaxInFlight never overstates the client's concurrency
		w := &statusWriter{ResponseWriter: rw, answered: func() {
			e.mu.Lock()
			e.inflight[host]--
			e.mu.Unlock()
		}}
		defer func() {
			w.answer()
			e.mu.Lock()
			e.requests = append(e.requests, Request{Service: service, Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Status: w.status, Auth: r.Header.Get("Authorization") != ""})
			e.mu.Unlock()
		}()
		if !e.readOnly(service, w, r) {
			return
		}
		if g := e.gate(r); g != nil {
			g.wait(r)
		}
		sleep(r, e.sc.Latency)
		if audience != "" && !e.authorized(service, audience, arrived, w, r) {
			return
		}
		if f, ok := e.fault(service, r); ok {
			sleep(r, f.Delay)
			switch {
			case f.Malformed:
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"value":[{"name":"trunc`))
				return
			case f.Status != 0:
				if f.RetryAfter != "" {
					w.Header().Set("Retry-After", f.RetryAfter)
				}
				if service == "graph" {
					code, msg := graphFaultCode(f.Status)
					if f.Code != "" {
						code = f.Code
					}
					graphError(w, f.Status, code, msg)
					return
				}
				code := f.Code
				if code == "" {
					code = http.StatusText(f.Status)
				}
				if service == "keyvault" && f.Status == http.StatusForbidden {
					keyVaultForbidden(w, r)
					return
				}
				writeError(w, f.Status, code, faultMessage(service, f.Status))
				return
			}
		}
		h(w, r)
	})
}

func faultMessage(service string, status int) string {
	if status == http.StatusForbidden {
		switch service {
		case "bap":
			return "The service principal does not have permission to access the path."
		case "arm":
			return "The client does not have authorization to perform action over scope or the scope is invalid."
		case "keyvault":
			return "Caller is not authorized to perform action on resource."
		}
	}
	return "emulated fault"
}

// fault returns the first matching fault that still has shots left.
func (e *Emulator) fault(service string, r *http.Request) (Fault, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, f := range e.sc.Faults {
		if f.Service != "" && f.Service != service {
			continue
		}
		if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
			continue
		}
		if f.PathContains != "" && !strings.Contains(strings.ToLower(r.URL.Path), strings.ToLower(f.PathContains)) {
			continue
		}
		if f.PathSuffix != "" && !strings.HasSuffix(strings.ToLower(r.URL.Path), strings.ToLower(f.PathSuffix)) {
			continue
		}
		if f.QueryContains != "" && !strings.Contains(strings.ToLower(queryText(r)), strings.ToLower(f.QueryContains)) {
			continue
		}
		if f.Times > 0 && e.faultHits[i] >= f.Times {
			continue
		}
		e.faultHits[i]++
		return f, true
	}
	return Fault{}, false
}

// authorized checks the bearer token's audience; Key Vault answers a
// request without a token with its 401 challenge.
func (e *Emulator) authorized(service, audience string, arrived time.Time, w http.ResponseWriter, r *http.Request) bool {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || tok == "" {
		if service == "keyvault" {
			w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer authorization="%s/%s", resource="%s"`, e.urls["entra"], e.sc.TenantID, kvResource))
			writeError(w, http.StatusUnauthorized, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.")
			return false
		}
		writeError(w, http.StatusUnauthorized, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.")
		return false
	}
	e.mu.Lock()
	aud, known := e.tokens[tok]
	exp := e.expires[tok]
	e.mu.Unlock()
	if !known {
		writeError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "The access token is invalid.")
		return false
	}
	if arrived.After(exp) {
		writeError(w, http.StatusUnauthorized, "ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time.")
		return false
	}
	if !sameAudience(aud, audience) {
		writeError(w, http.StatusUnauthorized, "InvalidAuthenticationTokenAudience", fmt.Sprintf("The access token has been obtained for wrong audience or resource '%s'. It should exactly match with one of the allowed audiences '%s'.", aud, audience))
		return false
	}
	return true
}

// sleep waits d; if the client gives up first, the handler is aborted so
// no (empty) answer is sent.
func sleep(r *http.Request, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
		panic(http.ErrAbortHandler)
	}
}

// keyVaultForbidden is Key Vault's 403 for an RBAC vault, as the wire
// contract quotes it: code Forbidden, inner error ForbiddenByRbac.
func keyVaultForbidden(w http.ResponseWriter, r *http.Request) {
	msg := "Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n" +
		"Action: 'Microsoft.KeyVault/vaults/keys/read'\r\nResource: '" + r.URL.Path + "'\r\nAssignment: (not found)\r\nDecisionReason: 'DeniedWithNoValidRBAC' \r\n"
	writeJSON(w, http.StatusForbidden, map[string]any{"error": map[string]any{"code": "Forbidden", "message": msg, "innererror": map[string]string{"code": "ForbiddenByRbac"}}})
}

// queryText is the request's query, decoded (as a fault names it).
func queryText(r *http.Request) string {
	q, err := url.QueryUnescape(r.URL.RawQuery)
	if err != nil {
		return r.URL.RawQuery
	}
	return q
}
