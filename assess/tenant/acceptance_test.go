package tenant

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestSignInExpiredSecret: an expired client secret says so and what to do,
// without the secret.
func TestSignInExpiredSecret(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.ClientSecretExpired = true
	emu, opts := startEmulator(t, sc)
	_, err := Collect(context.Background(), opts, nil)
	if err == nil {
		t.Fatal("sign-in with an expired secret succeeded")
	}
	msg := err.Error()
	for _, want := range []string{"sign-in (env) failed", "expired", "AADSTS7000222", "what to do:", "AZURE_CLIENT_SECRET"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, emu.ClientSecret()) || strings.Contains(msg, "RESPONSE 401") {
		t.Errorf("error shows the secret or a response dump:\n%s", msg)
	}
}

type stubCredential struct {
	err   error
	calls int
}

func (s *stubCredential) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	s.calls++
	if s.err != nil {
		return azcore.AccessToken{}, s.err
	}
	return azcore.AccessToken{Token: "t", ExpiresOn: time.Now().Add(time.Hour)}, nil
}

// TestFallbackCredential: a method that fails before reaching Entra ID (no
// browser to open) passes to the next; the one that works is kept.
func TestFallbackCredential(t *testing.T) {
	browser := &stubCredential{err: errors.New(`InteractiveBrowserCredential: exec: "xdg-open": executable file not found in $PATH`)}
	device := &stubCredential{}
	f := &fallbackCredential{links: []chainLink{{AuthBrowser, browser}, {AuthDeviceCode, device}}}
	for range 2 {
		if _, err := f.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"s"}}); err != nil {
			t.Fatal(err)
		}
	}
	if browser.calls != 1 || device.calls != 2 {
		t.Errorf("browser %d calls, device %d calls", browser.calls, device.calls)
	}
	none := &fallbackCredential{links: []chainLink{{AuthAzureCLI, &stubCredential{err: errors.New("AzureCLICredential: executable not found on path")}}}}
	_, err := none.GetToken(context.Background(), policy.TokenRequestOptions{})
	if err == nil || !strings.Contains(err.Error(), "Azure CLI (az) is not installed") || !strings.Contains(err.Error(), "what to do:") {
		t.Errorf("err = %v", err)
	}
}

// TestTenantFlag: --tenant is the tenant signed in to, also for --auth env
// (over AZURE_TENANT_ID); a malformed one is a usage error.
func TestTenantFlag(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	t.Setenv("AZURE_TENANT_ID", "99999999-9999-9999-9999-999999999999")
	opts.TenantID = emu.TenantID()
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.TenantID != emu.TenantID() {
		t.Errorf("tenant %q", f.TenantID)
	}
	for _, bad := range []string{"bad tenant", "a/b", "x..y"} {
		if err := CheckOptions(t.Context(), Options{TenantID: bad}); err == nil {
			t.Errorf("--tenant %q accepted", bad)
		}
	}
	if err := CheckOptions(t.Context(), Options{TenantID: "contoso.onmicrosoft.com"}); err != nil {
		t.Error(err)
	}
}

// TestEnvCredentialVariables: missing variables are named, and a
// certificate file that does not parse is explained.
func TestEnvCredentialVariables(t *testing.T) {
	public, _ := LookupCloud("public")
	o, _ := Options{Auth: AuthEnv, Getenv: func(string) string { return "" }}.normalized()
	_, err := newCredential(o, public, clientOptions(o, o.httpClient()))
	if err == nil || !strings.Contains(err.Error(), "AZURE_TENANT_ID (or --tenant), AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH") {
		t.Errorf("err = %v", err)
	}
	bad := filepath.Join(t.TempDir(), "cert.pem")
	if err := os.WriteFile(bad, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_CERTIFICATE_PATH": bad}
	o.Getenv = func(k string) string { return env[k] }
	_, err = newCredential(o, public, clientOptions(o, o.httpClient()))
	if err == nil || !strings.Contains(err.Error(), "no usable certificate") {
		t.Errorf("err = %v", err)
	}
}

// TestSignInCertificate: --auth env with AZURE_CLIENT_CERTIFICATE_PATH (a
// PEM with the key) signs in as the app, and --tenant picks the tenant.
func TestSignInCertificate(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	path := writeAppCertificate(t)
	env := map[string]string{"AZURE_CLIENT_ID": emu.ClientID(), "AZURE_CLIENT_CERTIFICATE_PATH": path}
	opts.Getenv = func(k string) string { return env[k] }
	opts.TenantID = emu.TenantID()
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Identity != "app "+emu.ClientID() || len(f.Environments) != 8 {
		t.Errorf("identity %q, %d environments", f.Identity, len(f.Environments))
	}
}

// writeAppCertificate writes a self-signed certificate with its RSA key, as
// one PEM file (what AZURE_CLIENT_CERTIFICATE_PATH names), and returns its path.
func writeAppCertificate(t *testing.T) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "se06-test"}, NotBefore: fixedNow.Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	pemData := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})...)
	path := filepath.Join(t.TempDir(), "app.pem")
	if err := os.WriteFile(path, pemData, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// closedAddr returns a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestUnreachableEndpoint: a BAP endpoint that refuses connections is
// reported plainly (host, cause, what to check) and only waited for once.
func TestUnreachableEndpoint(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	cfg := filepath.Join(t.TempDir(), "cloud.json")
	data := strings.Replace(string(emu.CloudConfig()), emu.URL("bap"), "https://"+closedAddr(t), 1)
	if err := os.WriteFile(cfg, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	opts.CloudConfigFile = cfg
	opts.RetryDelay = 200 * time.Millisecond
	opts.MaxRetries = 2
	var lines []string
	f, err := Collect(context.Background(), opts, func(p Progress) { lines = append(lines, p.Detail) })
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []assess.Provenance{f.Tenant.Provenance, f.Tenant.Settings.Provenance} {
		if p.Status != assess.StatusError || !strings.HasPrefix(p.Reason, "cannot reach 127.0.0.1:") || !strings.Contains(p.Reason, "connection refused") || !strings.Contains(p.Reason, "--cloud-config") {
			t.Errorf("reason = %q", p.Reason)
		}
		if strings.Contains(p.Describe(), "error: error") {
			t.Errorf("describe = %q", p.Describe())
		}
	}
	env, _ := checkRun(f, CheckEnvironments)
	if env.Provenance.Status != assess.StatusError {
		t.Errorf("environments = %+v", env.Provenance)
	}
	for _, name := range []string{CheckPolicies, CheckVaults, CheckKeys, CheckTLS} {
		if c, ok := checkRun(f, name); !ok || c.Provenance.Status != assess.StatusNotCollected {
			t.Errorf("%s = %+v (recorded %v)", name, c.Provenance, ok)
		}
	}
}

// TestUnreachableHostsFailFast: once a host refused connections after the
// retries, the next call fails at once.
func TestUnreachableHostsFailFast(t *testing.T) {
	_, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	opts.RetryDelay = 300 * time.Millisecond
	opts.MaxRetries = 2
	s, err := newSession(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	addr := closedAddr(t)
	url := "https://" + addr + "/x"
	start := time.Now()
	err1 := call(context.Background(), s.kv, "GET", url, nil) // the vault guard lets --allow-host 127.0.0.1 through
	first := time.Since(start)
	// the host now listens: a second call that dialled would connect, one
	// that fails fast returns the refusal remembered from the first
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen again on %s: %v", addr, err)
	}
	defer ln.Close()
	accepted := make(chan struct{}, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- struct{}{}
			c.Close()
		}
	}()
	err2 := call(context.Background(), s.kv, "GET", url, nil)
	if err1 == nil || err2 == nil || !cannotConnect(err2) {
		t.Fatalf("errors %v / %v", err1, err2)
	}
	select {
	case <-accepted:
		t.Error("the second call connected: the unreachable host was not remembered")
	default:
	}
	if first < 300*time.Millisecond { // a lower bound: a loaded machine only makes it longer
		t.Errorf("first call %v: not retried", first)
	}
}

// TestIdleChecksRecorded: a tenant without CMK still records the policy,
// vault and key steps, as not applicable.
func TestIdleChecksRecorded(t *testing.T) {
	_, opts := startEmulator(t, tenanttest.Large(3, 0, 0, 0, fixedNow))
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{CheckSignIn, CheckTenant, CheckTenantSettings, CheckEnvironments, CheckPolicies, CheckVaults, CheckKeys, CheckTLS} {
		c, ok := checkRun(f, name)
		if !ok {
			t.Errorf("%s not recorded", name)
			continue
		}
		switch name {
		case CheckPolicies, CheckVaults, CheckKeys:
			if c.Provenance.Status != assess.StatusNotApplicable || c.Provenance.Reason == "" {
				t.Errorf("%s = %+v", name, c.Provenance)
			}
		}
	}
	if CheckEnvironments != assess.CheckRunEnvironments {
		t.Error("check names drifted")
	}
}

// TestOnePass: with OnPreflight set, Collect hands over the preflight table
// built from the run's own first call of each API: no request is sent twice
// (the same method, path and query), one token per audience, and the table
// names what the first answers said.
func TestOnePass(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	opts.NoTLSProbe = true
	var items []PreflightItem
	calls := 0
	opts.OnPreflight = func(it []PreflightItem) { items = it; calls++ }
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Fatalf("OnPreflight called %d times", calls)
	}
	byCheck := map[string]PreflightItem{}
	for _, it := range items {
		byCheck[it.Check] = it
	}
	for _, c := range []string{CheckSignIn, CheckTenant, CheckTenantSettings, CheckEnvironments, CheckPolicies, CheckVaults, CheckKeys, CheckDirectoryRoles, CheckTLS} {
		if _, ok := byCheck[c]; !ok {
			t.Errorf("preflight lacks %s: %+v", c, items)
		}
	}
	if it := byCheck[CheckEnvironments]; !it.WillRun || !strings.Contains(it.Reason, "3 on the first page") {
		t.Errorf("environments item %+v", it)
	}
	if it := byCheck[CheckTLS]; it.WillRun || !strings.Contains(it.Reason, "--no-tls-probe") {
		t.Errorf("tls item %+v", it)
	}
	seen := map[string]int{}
	tokens := 0
	for _, r := range emu.Requests() {
		if r.Service == "entra" {
			if strings.HasSuffix(r.Path, "/token") {
				tokens++
			}
			continue
		}
		if r.Status == 401 {
			continue // a Key Vault challenge is answered, not repeated
		}
		seen[r.Method+" "+r.Path+"?"+r.Query]++
	}
	for k, n := range seen {
		if n > 1 {
			t.Errorf("sent %d times: %s", n, k)
		}
	}
	if tokens != 4 { // BAP, ARM, Key Vault and Graph, once each
		t.Errorf("%d token requests, want 4", tokens)
	}
	if len(f.Environments) != 8 {
		t.Errorf("%d environments", len(f.Environments))
	}
}

// TestOnePassEnvironmentListFails: the table still comes, once, and says
// that everything after the environment list needs it.
func TestOnePassEnvironmentListFails(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.Faults = append(sc.Faults, tenanttest.Fault{Service: "bap", PathSuffix: "/scopes/admin/environments", Status: 403, Code: "Forbidden"})
	_, opts := startEmulator(t, sc)
	var items []PreflightItem
	opts.OnPreflight = func(it []PreflightItem) { items = append(items, it...) }
	if _, err := Collect(context.Background(), opts, nil); err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		switch it.Check {
		case CheckEnvironments:
			if it.WillRun || !strings.Contains(it.Reason, "not permitted") {
				t.Errorf("environments %+v", it)
			}
		case CheckPolicies, CheckVaults, CheckKeys, CheckKeyLogging, CheckKeyRoles, CheckDirectoryRoles, CheckTLS:
			if it.WillRun || !strings.Contains(it.Reason, "environment list") {
				t.Errorf("%s %+v", it.Check, it)
			}
		}
	}
	if len(items) != 11 {
		t.Errorf("%d items (table sent more than once?): %+v", len(items), items)
	}
}

// TestScenarioAsData: a scenario survives a JSON round trip, and unknown
// fields are refused.
func TestScenarioAsData(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.Faults = append(sc.Faults, tenanttest.Fault{Service: "bap", Status: 429, RetryAfter: "1", Times: 1})
	data, err := tenanttest.MarshalScenario(sc)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "sc.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := tenanttest.LoadScenario(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Environments) != len(sc.Environments) || len(got.Faults) != len(sc.Faults) || !got.Keys[0].Expires.Equal(sc.Keys[0].Expires) {
		t.Errorf("round trip lost data")
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"Faults":[{"Servce":"bap"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := tenanttest.LoadScenario(bad); err == nil {
		t.Error("a misspelt field was accepted")
	}
}

// TestDescribeSignInErrors covers the messages a user sees for the usual
// sign-in failures.
func TestDescribeSignInErrors(t *testing.T) {
	for _, tc := range []struct {
		method string
		err    error
		want   []string
	}{
		{AuthEnv, errors.New("ClientSecretCredential: unable to resolve an endpoint: server response error:\n Get \"https://127.0.0.1:9/t/v2.0/.well-known/openid-configuration?\": dial tcp 127.0.0.1:9: connect: connection refused. To troubleshoot, visit https://aka.ms/x"), []string{"cannot reach the sign-in endpoint (dial tcp 127.0.0.1:9: connect: connection refused)", "HTTPS_PROXY"}},
		{AuthEnv, errors.New(`... "error_description": "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'." ...`), []string{"application was not found", "AZURE_CLIENT_ID"}},
		{AuthEnv, errors.New(`tls: failed to verify certificate: x509: certificate signed by unknown authority`), []string{"not trusted", "SSL_CERT_FILE"}},
		{AuthBrowser, errors.New(`InteractiveBrowserCredential: exec: "xdg-open": executable file not found in $PATH`), []string{"no web browser", "device-code"}},
		{AuthManagedIdentity, errors.New("ManagedIdentityCredential authentication failed.\nGET http://169.254.169.254/...\nRESPONSE 400"), []string{"no managed identity answered", "Azure host"}},
		{AuthWorkloadIdentity, errors.New("no token file specified. Check pod configuration"), []string{"AZURE_FEDERATED_TOKEN_FILE"}},
	} {
		got := newSignInError(tc.method, tc.err).Error()
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tc.method, got, w)
			}
		}
		if strings.Contains(got, "RESPONSE") || strings.Contains(got, "169.254") {
			t.Errorf("%s: response dump in %q", tc.method, got)
		}
	}
}
