package tenant

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Options.normalized: the defaults documented on Options (0 = default;
// negative concurrency, timeout and delay are treated as unset; a negative
// MaxRetries turns retries off and is kept), and the sign-in method
// accepted case- and space-insensitively from AuthMethods.
func TestMut2OptionsDefaults(t *testing.T) {
	cases := []struct {
		in                 Options
		conc, retries      int
		timeout, retryWait time.Duration
	}{
		{Options{}, 16, 3, 30 * time.Second, 800 * time.Millisecond},
		{Options{Concurrency: -1, Timeout: -1, MaxRetries: -1, RetryDelay: -1}, 16, -1, 30 * time.Second, 800 * time.Millisecond},
		{Options{Concurrency: 1, Timeout: 1, MaxRetries: 1, RetryDelay: 1}, 1, 1, 1, 1},
		{Options{Concurrency: 40, Timeout: time.Minute, MaxRetries: 7, RetryDelay: time.Second}, 40, 7, time.Minute, time.Second},
	}
	for _, c := range cases {
		n, err := c.in.normalized()
		if err != nil {
			t.Fatalf("%+v: %v", c.in, err)
		}
		if n.Concurrency != c.conc || n.MaxRetries != c.retries || n.Timeout != c.timeout || n.RetryDelay != c.retryWait {
			t.Errorf("normalized(%+v) = concurrency %d, retries %d, timeout %v, delay %v; want %d, %d, %v, %v",
				c.in, n.Concurrency, n.MaxRetries, n.Timeout, n.RetryDelay, c.conc, c.retries, c.timeout, c.retryWait)
		}
		if n.Now == nil || n.Getenv == nil {
			t.Errorf("normalized(%+v) left Now or Getenv nil", c.in)
		}
	}

	// nil Getenv reads the process environment; a given one is kept
	t.Setenv("SE06_MUT2_PROBE", "from-os")
	n, _ := Options{}.normalized()
	if got := n.Getenv("SE06_MUT2_PROBE"); got != "from-os" {
		t.Errorf("default Getenv = %q, want the process environment", got)
	}
	n, _ = Options{Getenv: func(string) string { return "mine" }}.normalized()
	if got := n.Getenv("SE06_MUT2_PROBE"); got != "mine" {
		t.Errorf("given Getenv replaced: %q", got)
	}
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	n, _ = Options{Now: func() time.Time { return fixed }}.normalized()
	if !n.Now().Equal(fixed) {
		t.Errorf("given Now replaced: %v", n.Now())
	}
	n, _ = Options{}.normalized()
	if d := time.Since(n.Now()); d < -time.Hour || d > time.Hour {
		t.Errorf("default Now is not the clock: %v", n.Now())
	}
}

func TestMut2OptionsAuthMethods(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "  ": "", "azurecli": "azurecli", " Device-Code ": "device-code", "BROWSER": "browser",
		"env": "env", "managed-identity": "managed-identity", "Workload-Identity": "workload-identity",
	} {
		n, err := Options{Auth: in}.normalized()
		if err != nil || n.Auth != want {
			t.Errorf("Auth %q: %q, %v; want %q", in, n.Auth, err, want)
		}
	}
	for _, bad := range []string{"secret", "azure-cli", "device code", "browsers"} {
		_, err := Options{Auth: bad}.normalized()
		if err == nil {
			t.Errorf("Auth %q accepted", bad)
			continue
		}
		msg := err.Error()
		for _, m := range []string{"azurecli", "device-code", "browser", "env", "managed-identity", "workload-identity"} {
			if !strings.Contains(msg, m) {
				t.Errorf("Auth %q: error %q does not list %s", bad, msg, m)
			}
		}
	}
	// the tenant is trimmed; an empty one lets the credential choose
	n, err := Options{TenantID: "  contoso.onmicrosoft.com "}.normalized()
	if err != nil || n.TenantID != "contoso.onmicrosoft.com" {
		t.Errorf("TenantID trimmed to %q, %v", n.TenantID, err)
	}
	if _, err := (Options{TenantID: "   "}).normalized(); err != nil {
		t.Errorf("blank tenant: %v", err)
	}
	// every subscription is checked, not only the first
	if _, err := (Options{Subscriptions: []string{"0b1f6471-1bf0-4dda-aec3-cb9272f09590", "bad/id"}}).normalized(); err == nil || !strings.Contains(err.Error(), `"bad/id"`) {
		t.Errorf("second subscription bad: %v", err)
	}
}

// resolveCloud: a config file that moves a token audience to an unknown
// host is refused naming the file; the same with --allow-host is accepted.
func TestMut2ResolveCloudNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cloud.json")
	if err := os.WriteFile(path, []byte(`{"resourceManager":{"endpoint":"https://arm.evil.example/"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Options{CloudConfigFile: path}.resolveCloud(t.Context())
	if err == nil || !strings.Contains(err.Error(), "cloud config "+path) || !strings.Contains(err.Error(), "arm.evil.example") {
		t.Fatalf("resolveCloud = %v, want a refusal naming %s and the host", err, path)
	}
	c, err := Options{CloudConfigFile: path, AllowHosts: []string{"arm.evil.example"}}.resolveCloud(t.Context())
	if err != nil || !strings.Contains(c.ResourceManager.Endpoint, "arm.evil.example") {
		t.Fatalf("with --allow-host: %+v, %v", c.ResourceManager, err)
	}
	// without a file, an unknown authority named by the profile cannot
	// happen; an unknown profile is the error, named as such
	if _, err := (Options{Cloud: "mars"}).resolveCloud(t.Context()); err == nil || !strings.Contains(err.Error(), `"mars"`) {
		t.Errorf("unknown cloud: %v", err)
	}
}

// httpClient: idle connections for twice the concurrency, the given roots
// trusted (at least TLS 1.2), the system pool otherwise.
func TestMut2HTTPClient(t *testing.T) {
	tr := Options{Concurrency: 5}.httpClient().Transport.(*http.Transport)
	if tr.MaxIdleConnsPerHost != 10 || tr.MaxConnsPerHost != 0 || !tr.ForceAttemptHTTP2 {
		t.Errorf("transport: idle %d, max %d, h2 %v", tr.MaxIdleConnsPerHost, tr.MaxConnsPerHost, tr.ForceAttemptHTTP2)
	}
	if tr.TLSClientConfig != nil && tr.TLSClientConfig.RootCAs != nil {
		t.Error("no RootCAs given, yet the transport pins a pool")
	}
	pool := x509.NewCertPool()
	tr = Options{Concurrency: 1, RootCAs: pool}.httpClient().Transport.(*http.Transport)
	if tr.TLSClientConfig == nil || tr.TLSClientConfig.RootCAs != pool || tr.TLSClientConfig.MinVersion != tls.VersionTLS12 {
		t.Errorf("TLS config %+v, want the given pool and TLS 1.2 at least", tr.TLSClientConfig)
	}
}
