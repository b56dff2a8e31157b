package tenanttest

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Reporter receives write-call violations; *testing.T satisfies it.
type Reporter interface {
	Errorf(format string, args ...any)
}

// Scopes the emulator expects (those of the public cloud).
const (
	BAPScope      = "https://service.powerapps.com//.default"
	PPAPIScope    = "https://api.powerplatform.com/.default"
	ARMScope      = "https://management.azure.com/.default"
	KeyVaultScope = "https://vault.azure.net/.default"
	kvResource    = "https://vault.azure.net"
)

// Request is one request the emulator saw.
type Request struct {
	Service string
	Method  string
	Path    string
	Query   string
	Status  int
	Auth    bool // an Authorization header was present
}

// Emulator is a running set of loopback services.
type Emulator struct {
	sc    Scenario
	rep   Reporter
	certs *certs
	start time.Time

	servers []*http.Server
	urls    map[string]string // service → https://127.0.0.1:port
	vaults  map[string]string // vault name (lower) → vault URI with trailing slash
	envs    map[string]int    // environment ID → index
	// envJSON[copilot][i] is environment i as BAP renders it, encoded once
	// at start: the emulator shares the machine's CPU with the client it
	// serves, and encoding 10,000 environments per run cost it more than
	// a third of a second; the bytes sent are the same.
	envJSON [2][]json.RawMessage

	mu         sync.Mutex
	tokens     map[string]string // token → audience
	expires    map[string]time.Time
	requests   []Request
	violations []string
	faultHits  []int
	inflight   map[string]int
	maxFlight  map[string]int
	gates      map[string]*Gate // host → gate (Hold)
	conns      int              // connections accepted (TLS handshakes started)
}

// Start runs the emulator; Close stops it. rep may be nil (violations are
// then logged to stderr and kept for Violations).
func Start(rep Reporter, sc Scenario) (*Emulator, error) {
	if sc.TenantID == "" {
		sc.TenantID = "00000000-0000-0000-0000-00000000a001"
	}
	if sc.ClientID == "" {
		sc.ClientID = "00000000-0000-0000-0000-00000000c11e"
	}
	if sc.ClientSecret == "" {
		sc.ClientSecret = "emulator-secret-do-not-log"
	}
	c, err := newCerts()
	if err != nil {
		return nil, fmt.Errorf("tenanttest: %w", err)
	}
	e := &Emulator{
		sc: sc, rep: rep, certs: c, start: time.Now(),
		urls: map[string]string{}, vaults: map[string]string{}, envs: map[string]int{},
		tokens: map[string]string{}, expires: map[string]time.Time{}, faultHits: make([]int, len(sc.Faults)),
		inflight: map[string]int{}, maxFlight: map[string]int{}, gates: map[string]*Gate{},
	}
	for i, env := range sc.Environments {
		e.envs[strings.ToLower(env.ID)] = i
	}
	// X25519 alone: the hybrid post-quantum exchange Go offers by default
	// would cost the emulator, a test artifact sharing the client's CPU,
	// more than the client
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{c.server}, MinVersion: tls.VersionTLS12, CurvePreferences: []tls.CurveID{tls.X25519}}
	start := func(service string, h http.Handler, cfg *tls.Config) (string, error) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return "", fmt.Errorf("tenanttest: listen for %s: %w", service, err)
		}
		cfg = cfg.Clone() // ServeTLS adds h2 to NextProtos: one config per server
		srv := &http.Server{Handler: h, TLSConfig: cfg, ErrorLog: log.New(io.Discard, "", 0), ReadHeaderTimeout: 10 * time.Second,
			ConnState: func(_ net.Conn, st http.ConnState) {
				if st == http.StateNew {
					e.mu.Lock()
					e.conns++
					e.mu.Unlock()
				}
			}}
		e.servers = append(e.servers, srv)
		// ServeTLS offers HTTP/2 (ALPN h2) as Azure's front ends do; Serve on
		// a TLS listener would leave the emulator on HTTP/1.1
		go func() { _ = srv.ServeTLS(ln, "", "") }()
		return "https://" + ln.Addr().String(), nil
	}
	routes := []struct {
		service string
		h       http.Handler
	}{
		{"entra", e.wrap("entra", "", e.entra)},
		{"bap", e.wrap("bap", BAPScope, e.bap)},
		{"ppapi", e.wrap("ppapi", PPAPIScope, http.NotFound)},
		{"arm", e.wrap("arm", ARMScope, e.arm)},
		{"graph", e.wrap("graph", GraphScope, e.graph)},
	}
	for _, r := range routes {
		u, err := start(r.service, r.h, tlsCfg)
		if err != nil {
			e.Close()
			return nil, err
		}
		e.urls[r.service] = u
	}
	for _, v := range sc.Vaults {
		name := strings.ToLower(lastSegment(v.ID))
		u, err := start("keyvault", e.wrap("keyvault", KeyVaultScope, e.keyVault(name)), tlsCfg)
		if err != nil {
			e.Close()
			return nil, err
		}
		e.vaults[name] = u + "/"
	}
	// Dataverse-like hosts: one refuses TLS 1.1 (Go's default server
	// minimum is TLS 1.2), one accepts it (an explicit MinVersion works
	// without GODEBUG=tls10server=1).
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { e.readOnly("dataverse", w, r) })
	if u, err := start("dataverse-modern", ok, &tls.Config{Certificates: tlsCfg.Certificates}); err == nil {
		e.urls["dataverse-modern"] = u
	} else {
		e.Close()
		return nil, err
	}
	if u, err := start("dataverse-legacy", ok, &tls.Config{Certificates: tlsCfg.Certificates, MinVersion: tls.VersionTLS10}); err == nil {
		e.urls["dataverse-legacy"] = u
	} else {
		e.Close()
		return nil, err
	}
	if err := e.encodeEnvironments(); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

// encodeEnvironments fills envJSON (it needs the Dataverse hosts' URLs).
func (e *Emulator) encodeEnvironments() error {
	for c, copilot := range []bool{false, true} {
		e.envJSON[c] = make([]json.RawMessage, len(e.sc.Environments))
		for i, env := range e.sc.Environments {
			b, err := json.Marshal(e.environmentJSON(env, copilot))
			if err != nil {
				return fmt.Errorf("tenanttest: environment %s: %w", env.ID, err)
			}
			e.envJSON[c][i] = b
		}
	}
	return nil
}

// Close stops every listener.
func (e *Emulator) Close() {
	for _, s := range e.servers {
		_ = s.Close()
	}
}

// URL returns the base URL of a service: entra, bap, ppapi, arm, graph,
// dataverse-modern, dataverse-legacy.
func (e *Emulator) URL(service string) string { return e.urls[service] }

// VaultURI returns the vaultUri of a vault by name.
func (e *Emulator) VaultURI(name string) string { return e.vaults[strings.ToLower(name)] }

// TenantID, ClientID and ClientSecret are the service principal's sign-in.
func (e *Emulator) TenantID() string     { return e.sc.TenantID }
func (e *Emulator) ClientID() string     { return e.sc.ClientID }
func (e *Emulator) ClientSecret() string { return e.sc.ClientSecret }

// CertPool trusts the emulator's CA.
func (e *Emulator) CertPool() *x509.CertPool { return e.certs.pool }

// CAPEM is the emulator's CA certificate, for SSL_CERT_FILE.
func (e *Emulator) CAPEM() []byte { return append([]byte(nil), e.certs.caPEM...) }

// CloudConfig is the --cloud-config JSON pointing se06 at the emulator.
func (e *Emulator) CloudConfig() []byte {
	b, _ := json.MarshalIndent(map[string]any{
		"name":             "emulator",
		"authorityHost":    e.urls["entra"] + "/",
		"bap":              map[string]string{"endpoint": e.urls["bap"], "scope": BAPScope},
		"powerPlatformApi": map[string]string{"endpoint": e.urls["ppapi"], "scope": PPAPIScope},
		"resourceManager":  map[string]string{"endpoint": e.urls["arm"], "scope": ARMScope},
		"keyVault":         map[string]string{"scope": KeyVaultScope},
		"graph":            map[string]string{"endpoint": e.urls["graph"], "scope": GraphScope},
	}, "", "  ")
	return b
}

// WriteFiles writes cloud.json and ca.pem into dir and returns their paths.
func (e *Emulator) WriteFiles(dir string) (cloudConfig, caFile string, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", fmt.Errorf("tenanttest: %w", err)
	}
	cloudConfig = filepath.Join(dir, "cloud.json")
	caFile = filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(cloudConfig, e.CloudConfig(), 0o600); err != nil {
		return "", "", fmt.Errorf("tenanttest: %w", err)
	}
	if err := os.WriteFile(caFile, e.certs.caPEM, 0o600); err != nil {
		return "", "", fmt.Errorf("tenanttest: %w", err)
	}
	return cloudConfig, caFile, nil
}

// Requests returns the requests seen so far.
func (e *Emulator) Requests() []Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Request(nil), e.requests...)
}

// Count returns how many requests matched service and a path substring.
func (e *Emulator) Count(service, pathContains string) int {
	n := 0
	for _, r := range e.Requests() {
		if (service == "" || r.Service == service) && strings.Contains(strings.ToLower(r.Path), strings.ToLower(pathContains)) {
			n++
		}
	}
	return n
}

// Violations lists the write calls seen.
func (e *Emulator) Violations() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.violations...)
}

// IssuedTokens lists every access token handed out, so a test can check
// that none leaks into a snapshot, a log or an error.
func (e *Emulator) IssuedTokens() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]string, 0, len(e.tokens))
	for t := range e.tokens {
		out = append(out, t)
	}
	return out
}

// Connections is how many connections the emulator accepted, each a TLS
// handshake.
func (e *Emulator) Connections() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.conns
}

// MaxInFlight is the most requests a service (entra, bap, arm, or a vault
// name) handled at once.
func (e *Emulator) MaxInFlight(service string) int {
	u, ok := e.urls[service]
	if !ok {
		u = strings.TrimSuffix(e.vaults[strings.ToLower(service)], "/")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.maxFlight[strings.TrimPrefix(u, "https://")]
}
