package tenant

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// debugLog writes one line per HTTP try: method, URL (secret-looking query
// values redacted) and status. Headers and bodies are never written; the
// presence of an Authorization header shows as "[redacted]".
type debugLog struct {
	mu *sync.Mutex
	w  io.Writer
}

func newDebugLog(w io.Writer) *debugLog {
	if w == nil {
		return nil
	}
	return &debugLog{mu: &sync.Mutex{}, w: w}
}

// Do implements policy.Policy.
func (d *debugLog) Do(req *policy.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := req.Next()
	r := req.Raw()
	auth := ""
	if r.Header.Get("Authorization") != "" {
		auth = " Authorization: [redacted]"
	}
	result := ""
	if err != nil {
		result = "error: " + redactText(err.Error())
	} else {
		result = resp.Status
	}
	d.printf("%s %s%s -> %s (%s)", r.Method, redactURL(r.URL), auth, result, time.Since(start).Round(time.Millisecond))
	return resp, err
}

func (d *debugLog) printf(format string, args ...any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.w, "debug: "+format+"\n", args...)
}

// sensitiveParams are query keys whose values are never logged.
func sensitive(k string) bool {
	switch strings.ToLower(k) {
	case "sig", "signature", "code", "secret", "client_secret", "token", "access_token", "refresh_token", "id_token", "password", "assertion", "client_assertion", "key", "apikey", "api_key":
		return true
	}
	return false
}

// redactURL returns u with the user info and secret-looking query values removed.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.ForceQuery = false
	q := c.Query()
	changed := false
	for k := range q {
		if sensitive(k) {
			q.Set(k, "REDACTED")
			changed = true
		}
	}
	if changed {
		c.RawQuery = q.Encode()
	}
	return c.String()
}

// redactText removes bearer tokens from an error text, in case a library
// ever put one there.
func redactText(s string) string {
	const b = "Bearer "
	var out strings.Builder
	for {
		i := strings.Index(s, b)
		if i < 0 {
			out.WriteString(s)
			return out.String()
		}
		j := i + len(b)
		k := j
		for k < len(s) && !strings.ContainsRune(" \"',;", rune(s[k])) {
			k++
		}
		out.WriteString(s[:j])
		if k > j {
			out.WriteString("[redacted]")
		}
		s = s[k:]
	}
}
