package tenant

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// Auth methods accepted by Options.Auth.
const (
	AuthDefault          = ""
	AuthAzureCLI         = "azurecli"
	AuthDeviceCode       = "device-code"
	AuthBrowser          = "browser"
	AuthEnv              = "env"
	AuthManagedIdentity  = "managed-identity"
	AuthWorkloadIdentity = "workload-identity"
)

// AuthMethods lists the values of Options.Auth (the empty default aside).
func AuthMethods() []string {
	return []string{AuthAzureCLI, AuthDeviceCode, AuthBrowser, AuthEnv, AuthManagedIdentity, AuthWorkloadIdentity}
}

// Defaults used when an Options field is zero.
//
// DefaultConcurrency, requests in flight per host: Azure Resource Manager
// throttles reads with a token bucket per subscription, principal and
// region (250 reads at once, refilled at 25 a second; "Understand how
// Azure Resource Manager throttles requests", learn.microsoft.com). It
// counts requests, not connections or requests in flight, so how many are
// in flight does not change when a run is throttled: a tenant with up to
// about 240 CMK vaults stays inside the 250, and a bigger one is throttled
// at any concurrency (se06 then waits as Retry-After says). Within the
// bucket, 16 in flight finish the per-vault reads (diagnostic settings)
// twice as fast as 8. Key Vault allows thousands of reads per 10 seconds
// per vault, and the BAP pages are read one after the other anyway.
const (
	DefaultConcurrency = 16
	DefaultTimeout     = 30 * time.Second
	defaultMaxRetries  = 3
	defaultRetryDelay  = 800 * time.Millisecond
)

// Options configures a live run. The zero value reads the public cloud with
// the default sign-in chain.
type Options struct {
	Cloud           string   // built-in profile: public, gcc, gcchigh, dod, china
	CloudConfigFile string   // JSON cloud config; overrides Cloud's values field by field
	Auth            string   // one of AuthMethods, or "" for the default chain
	TenantID        string   // Entra tenant; "" lets the credential choose
	Subscriptions   []string // also list every Encryption policy in these subscriptions
	// AllowHosts names hosts (host or host:port) that may receive tokens
	// although the chosen cloud does not know them (--allow-host: private
	// clouds, proxies, the test emulator).
	AllowHosts  []string
	NoTLSProbe  bool
	Concurrency int           // requests in flight per host; 0 = DefaultConcurrency
	Timeout     time.Duration // per request try; 0 = DefaultTimeout
	Debug       io.Writer     // HTTP method, URL and status of each request; nil = off
	// DeviceCodePrompt shows the device-code sign-in message (the TUI, or
	// stderr in the CLI). Nil writes it to os.Stderr, never to stdout.
	DeviceCodePrompt func(message string)
	ToolVersion      string
	Now              func() time.Time
	// OnPreflight, if set, makes Collect probe each API once right after
	// sign-in (as Preflight does, with the same sign-in) and hand over the
	// result before the full run starts.
	OnPreflight func([]PreflightItem)

	// MaxRetries and RetryDelay tune the azcore retry policy (429 honours
	// Retry-After); 0 means the defaults (3 retries, 800 ms base delay), a
	// negative MaxRetries turns retries off.
	MaxRetries int
	RetryDelay time.Duration
	// RootCAs trusts these CAs instead of the system pool (which on Unix
	// honours SSL_CERT_FILE). For tests and private clouds.
	RootCAs *x509.CertPool
	// Getenv reads the environment (sign-in variables); nil = os.Getenv.
	Getenv func(string) string
	// NoTokenCache keeps browser and device-code sign-ins in memory only
	// (--no-token-cache); by default they last across runs (persist.go).
	NoTokenCache bool
	// Warn receives notes for the user, such as "the sign-in is not kept"
	// (stderr in the CLI); nil drops them.
	Warn func(string)
}

// CheckOptions reports a bad option value (sign-in method, cloud, cloud
// config file, subscription ID) before any network call; ctx bounds the
// read of the cloud config file.
func CheckOptions(ctx context.Context, o Options) error {
	n, err := o.normalized()
	if err != nil {
		return err
	}
	_, err = n.resolveCloud(ctx)
	return err
}

// normalized returns a copy with defaults filled in, or an error for a bad value.
func (o Options) normalized() (Options, error) {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = defaultMaxRetries
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = defaultRetryDelay
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	o.Auth = strings.ToLower(strings.TrimSpace(o.Auth))
	if o.Auth != AuthDefault {
		ok := false
		for _, m := range AuthMethods() {
			ok = ok || m == o.Auth
		}
		if !ok {
			return o, fmt.Errorf("unknown sign-in method %q (one of: %s)", o.Auth, strings.Join(AuthMethods(), ", "))
		}
	}
	o.TenantID = strings.TrimSpace(o.TenantID)
	if o.TenantID != "" && !validTenant(o.TenantID) {
		return o, fmt.Errorf("tenant %q is not a tenant ID or domain name (e.g. contoso.onmicrosoft.com)", o.TenantID)
	}
	for _, s := range o.Subscriptions {
		if !validID(s) {
			return o, fmt.Errorf("subscription %q is not a subscription ID", s)
		}
	}
	return o, nil
}

// resolveCloud picks the built-in profile and applies the cloud config file.
func (o Options) resolveCloud(ctx context.Context) (Cloud, error) {
	c, err := LookupCloud(o.Cloud)
	if err != nil {
		return Cloud{}, err
	}
	base := c
	if o.CloudConfigFile != "" {
		if c, err = LoadCloudConfig(ctx, o.CloudConfigFile, base); err != nil {
			return Cloud{}, err
		}
	}
	if _, err := tokenRoutes(c, base, o.AllowHosts); err != nil {
		if o.CloudConfigFile != "" {
			return Cloud{}, fmt.Errorf("cloud config %s: %w", o.CloudConfigFile, err)
		}
		return Cloud{}, err
	}
	return c, nil
}

// validID accepts a GUID-like identifier (letters, digits and dashes).
func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// validTenant accepts a tenant ID or a domain name.
func validTenant(s string) bool {
	if len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if !validID(label) {
			return false
		}
	}
	return true
}

// httpClient builds the transport: system roots (or RootCAs), proxies from
// the environment, and enough idle connections for the concurrency.
func (o Options) httpClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = o.Concurrency * 2
	t.MaxConnsPerHost = 0
	t.ForceAttemptHTTP2 = true
	if o.RootCAs != nil {
		t.TLSClientConfig = tlsConfigWithRoots(o.RootCAs)
	}
	return &http.Client{Transport: t}
}
