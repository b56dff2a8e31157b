package tenant

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

func TestLookupCloud(t *testing.T) {
	for name, want := range map[string]struct{ authority, bap, bapScope, arm string }{
		"public":  {"https://login.microsoftonline.com/", "https://api.bap.microsoft.com", "https://service.powerapps.com//.default", "https://management.azure.com"},
		"gcc":     {"https://login.microsoftonline.com/", "https://gov.api.bap.microsoft.us", "https://gov.service.powerapps.us//.default", "https://management.azure.com"},
		"gcchigh": {"https://login.microsoftonline.us/", "https://high.api.bap.microsoft.us", "https://high.service.powerapps.us//.default", "https://management.usgovcloudapi.net"},
		"dod":     {"https://login.microsoftonline.us/", "https://api.bap.appsplatform.us", "https://service.apps.appsplatform.us/.default", "https://management.usgovcloudapi.net"},
		"china":   {"https://login.chinacloudapi.cn/", "https://api.bap.partner.microsoftonline.cn", "https://service.powerapps.cn/.default", "https://management.chinacloudapi.cn"},
	} {
		c, err := LookupCloud(name)
		if err != nil {
			t.Fatal(err)
		}
		if c.AuthorityHost != want.authority || c.BAP.Endpoint != want.bap || c.BAP.Scope != want.bapScope || c.ResourceManager.Endpoint != want.arm || c.Custom() {
			t.Errorf("%s = %+v", name, c)
		}
	}
	// ARM and Key Vault per cloud (wire reference §8); the Power Platform API
	// host where sources conflict
	for name, want := range map[string]struct{ armScope, kvScope, ppapi string }{
		"public":  {"https://management.azure.com/.default", "https://vault.azure.net/.default", "https://api.powerplatform.com"},
		"gcc":     {"https://management.azure.com/.default", "https://vault.azure.net/.default", "https://api.gov.powerplatform.microsoft.us"},
		"gcchigh": {"https://management.usgovcloudapi.net/.default", "https://vault.usgovcloudapi.net/.default", "https://api.high.powerplatform.microsoft.us"},
		"dod":     {"https://management.usgovcloudapi.net/.default", "https://vault.usgovcloudapi.net/.default", "https://api.appsplatform.us"},
		"china":   {"https://management.chinacloudapi.cn/.default", "https://vault.azure.cn/.default", "https://api.powerplatform.partner.microsoftonline.cn"},
	} {
		c, _ := LookupCloud(name)
		if c.ResourceManager.Scope != want.armScope || c.KeyVault.Scope != want.kvScope || c.PowerPlatformAPI.Endpoint != want.ppapi || c.PowerPlatformAPI.Scope != want.ppapi+"/.default" {
			t.Errorf("%s = %+v", name, c)
		}
	}
	if _, err := LookupCloud("mars"); err == nil {
		t.Error("unknown cloud accepted")
	}
}

func TestParseCloudConfig(t *testing.T) {
	public, _ := LookupCloud("public")
	c, err := ParseCloudConfig([]byte(`{"authorityHost":"https://127.0.0.1:9000","bap":{"endpoint":"https://127.0.0.1:9001"}}`), public)
	if err != nil {
		t.Fatal(err)
	}
	if c.AuthorityHost != "https://127.0.0.1:9000/" || c.BAP.Endpoint != "https://127.0.0.1:9001" || c.BAP.Scope != public.BAP.Scope ||
		c.ResourceManager != public.ResourceManager || !c.Custom() || c.KeyVault.DNSSuffix != "" || c.KeyVault.Scope != public.KeyVault.Scope {
		t.Errorf("custom cloud = %+v", c)
	}
	// a config that only moves ARM keeps the known authority
	c, err = ParseCloudConfig([]byte(`{"resourceManager":{"endpoint":"https://management.usgovcloudapi.net"}}`), public)
	if err != nil || c.Custom() || c.KeyVault.DNSSuffix != "vault.azure.net" {
		t.Errorf("partial config = %+v, %v", c, err)
	}
	_, err = ParseCloudConfig([]byte("{\n  \"bap\": {\"endpoint\": \"https://x\",}\n}"), public)
	if err == nil || !strings.Contains(err.Error(), "line 2, column") {
		t.Errorf("syntax error = %v", err)
	}
	_, err = ParseCloudConfig([]byte(`{"bap": "https://x"}`), public)
	if err == nil || !strings.Contains(err.Error(), "line 1, column") {
		t.Errorf("type error = %v", err)
	}
	for _, bad := range []string{`{`, `{"bap":{"endpoint":"http://127.0.0.1"}}`, `[]`} {
		if _, err := ParseCloudConfig([]byte(bad), public); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestOptionsValidation(t *testing.T) {
	for _, o := range []Options{{Auth: "password"}, {Subscriptions: []string{"../../x"}}, {Cloud: "mars"}} {
		if _, err := Collect(context.Background(), o, nil); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

func TestKVChallenge(t *testing.T) {
	a, err := parseKVChallenge(`Bearer authorization="https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47", resource="https://vault.azure.net"`)
	if err != nil || a.scope != "https://vault.azure.net/.default" || a.tenant != "72f988bf-86f1-41af-91ab-2d7cd011db47" {
		t.Errorf("challenge = %+v, %v", a, err)
	}
	a, err = parseKVChallenge(`Bearer authorization_uri="https://login.windows.net/t1", scope="https://vault.azure.net/.default"`)
	if err != nil || a.scope != "https://vault.azure.net/.default" || a.tenant != "t1" {
		t.Errorf("challenge = %+v, %v", a, err)
	}
	for _, bad := range []string{``, `Basic realm="x"`, `Bearer authorization="https://login/x"`} {
		if _, err := parseKVChallenge(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestKVChallengeResourceCheck: with a built-in cloud the vault host must end
// with the challenge resource's host, so a token never goes elsewhere.
func TestKVChallengeResourceCheck(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	emu, opts := startEmulator(t, sc)
	s, err := newSession(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.signIn(context.Background()); err != nil {
		t.Fatal(err)
	}
	strict := newPipeline(clientOptions(s.opts, s.hc), s.cred, KeyVaultScopeForTest, newKVChallenge(false, KeyVaultScopeForTest).options(), func(string) bool { return true }, s.limit, newUnreachableHosts(), nil)
	_, err = readKey(context.Background(), strict, emu.VaultURI("kv-eu"), "cmk-eu")
	if err == nil || !strings.Contains(err.Error(), "does not match vault host") {
		t.Errorf("strict challenge on 127.0.0.1: %v", err)
	}
	for _, r := range emu.Requests() {
		if r.Service == "keyvault" && r.Auth {
			t.Error("a token was sent to the vault despite the failed check")
		}
	}
}

const KeyVaultScopeForTest = tenanttest.KeyVaultScope

func TestModulusBits(t *testing.T) {
	for _, bits := range []int{2048, 3072, 4096} {
		n := make([]byte, bits/8)
		n[0] = 0xc3
		if got := roundBits(modulusBits(base64.RawURLEncoding.EncodeToString(n))); got != bits {
			t.Errorf("modulus of %d bits measured %d", bits, got)
		}
	}
	if modulusBits("!!!") != 0 {
		t.Error("bad base64 gave a size")
	}
}

func TestTokenIdentity(t *testing.T) {
	mk := func(claims string) string {
		return "e30." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".sig"
	}
	for tok, want := range map[string]string{
		mk(`{"upn":"ada@contoso.com","tid":"t"}`): "ada@contoso.com",
		mk(`{"appid":"1234","tid":"t"}`):          "app 1234",
		"opaque":                                  "",
		"a.!!!.c":                                 "",
	} {
		if got, _ := tokenIdentity(tok); got != want {
			t.Errorf("tokenIdentity = %q, want %q", got, want)
		}
	}
}

func TestRedaction(t *testing.T) {
	u, _ := url.Parse("https://u:p@host/path?api-version=1&sig=abc&client_secret=s3cret&$skiptoken=5")
	got := redactURL(u)
	if strings.Contains(got, "abc") || strings.Contains(got, "s3cret") || strings.Contains(got, "u:p") || !strings.Contains(got, "skiptoken=5") {
		t.Errorf("redactURL = %s", got)
	}
	if got := redactText(`auth failed: "Authorization: Bearer eyJ.abc.def" and Bearer xyz, done`); strings.Contains(got, "eyJ") || strings.Contains(got, "xyz") {
		t.Errorf("redactText = %s", got)
	}
}

func TestProvenanceClassification(t *testing.T) {
	at := fixedNow
	for _, tc := range []struct {
		err    error
		status assess.FactStatus
		reason string
	}{
		{nil, assess.StatusOK, ""},
		{&apiError{Status: 403, Code: "AuthorizationFailed"}, assess.StatusNotPermitted, "needs X (AuthorizationFailed)"},
		{&apiError{Status: 404, Code: "ResourceNotFound"}, assess.StatusNotFound, "HTTP 404 ResourceNotFound"},
		{&apiError{Status: 401}, assess.StatusError, "the API did not accept the sign-in (HTTP 401); check the token scope of this API (in --cloud-config) and that the sign-in is for the right tenant"},
		{context.Canceled, assess.StatusError, "cancelled"},
		{errors.New("boom"), assess.StatusError, "boom"},
	} {
		p := provenance("src", at, tc.err, "needs X")
		if p.Status != tc.status || p.Reason != tc.reason || p.Source != "src" || !p.At.Equal(at) {
			t.Errorf("%v → %+v", tc.err, p)
		}
	}
}

func TestProbeTLSUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	p := probeTLS(context.Background(), addr, nil, time.Second, func() time.Time { return fixedNow })
	if p.Provenance.Status != assess.StatusError || p.LegacyRefused {
		t.Errorf("probe of a closed port = %+v", p)
	}
	if probeHost("https://org.crm4.dynamics.com/") != "org.crm4.dynamics.com:443" || probeHost("::bad") != "" {
		t.Error("probeHost")
	}
}

func TestPreflight(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.Faults = append(sc.Faults, tenanttest.Fault{Service: "bap", PathContains: "listTenantSettings", Status: 403})
	emu, opts := startEmulator(t, sc)
	opts.Subscriptions = []string{tenanttest.SampleSubscription}
	items, err := Preflight(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]PreflightItem{}
	for _, it := range items {
		got[it.Check] = it
	}
	for check, want := range map[string]bool{CheckSignIn: true, CheckTenant: true, CheckTenantSettings: false, CheckEnvironments: true, CheckPolicies: true, CheckSubscriptionPolicies: false, CheckVaults: true, CheckKeys: true, CheckTLS: true} {
		if it, ok := got[check]; !ok || it.WillRun != want || it.Reason == "" {
			t.Errorf("%s = %+v, want run=%v", check, it, want)
		}
	}
	if !strings.Contains(got[CheckSubscriptionPolicies].Reason, "Reader on the subscription") {
		t.Errorf("subscription reason = %q", got[CheckSubscriptionPolicies].Reason)
	}
	if !strings.Contains(got[CheckTenantSettings].Reason, "Power Platform administrator") {
		t.Errorf("settings reason = %q", got[CheckTenantSettings].Reason)
	}
	// one probe per API: one environment page only
	if n := emu.Count("bap", "/scopes/admin/environments"); n != 1 {
		t.Errorf("%d environment list calls", n)
	}
	if v := emu.Violations(); len(v) > 0 {
		t.Errorf("write calls: %v", v)
	}
}

// TestKVChallengeFlow: a vault not read from ARM gets its first request
// without a token, answers 401 with the challenge, and the retry carries
// a token for the challenge's resource and tenant.
func TestKVChallengeFlow(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	s, err := newSession(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.signIn(context.Background()); err != nil {
		t.Fatal(err)
	}
	b, err := readKey(context.Background(), s.kv, emu.VaultURI("kv-eu"), "cmk-eu")
	if err != nil || b.Key.KTY != "RSA" {
		t.Fatalf("readKey = %+v, %v", b, err)
	}
	var seq []string
	for _, r := range emu.Requests() {
		if r.Service == "keyvault" {
			seq = append(seq, fmt.Sprintf("%v:%d", r.Auth, r.Status))
		}
	}
	if strings.Join(seq, " ") != "false:401 true:200" {
		t.Errorf("key vault requests = %v, want a 401 challenge then a 200 with a token", seq)
	}
	// the host is now known: no second challenge
	if _, err := readRotationPolicy(context.Background(), s.kv, emu.VaultURI("kv-eu"), "cmk-eu"); err != nil {
		t.Fatal(err)
	}
	if n := len(emu.Requests()); emu.Requests()[n-1].Status != 200 || !emu.Requests()[n-1].Auth {
		t.Errorf("second request = %+v", emu.Requests()[n-1])
	}
}

func TestPreflightForbiddenEnvironments(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.Faults = []tenanttest.Fault{{Service: "bap", PathContains: "/scopes/admin/environments", Status: 403}}
	_, opts := startEmulator(t, sc)
	opts.NoTLSProbe = true
	items, err := Preflight(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		switch it.Check {
		case CheckEnvironments:
			if it.WillRun || !strings.Contains(it.Reason, "not permitted") {
				t.Errorf("environments = %+v", it)
			}
		case CheckPolicies, CheckVaults, CheckKeys:
			if it.WillRun || !strings.Contains(it.Reason, "environment list") {
				t.Errorf("%s = %+v", it.Check, it)
			}
		case CheckTLS:
			if it.WillRun || !strings.Contains(it.Reason, "--no-tls-probe") {
				t.Errorf("tls = %+v", it)
			}
		}
	}
	t.Setenv("AZURE_CLIENT_SECRET", "nope")
	opts.MaxRetries = -1
	if _, err := Preflight(context.Background(), opts); err == nil {
		t.Error("preflight with a bad secret succeeded")
	}
}

func TestNewCredentialMethods(t *testing.T) {
	for _, v := range []string{"AZURE_FEDERATED_TOKEN_FILE", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"} {
		t.Setenv(v, "")
	}
	public, _ := LookupCloud("public")
	for _, m := range append(AuthMethods(), AuthDefault) {
		o, err := Options{Auth: m, Getenv: func(string) string { return "" }}.normalized()
		if err != nil {
			t.Fatal(err)
		}
		cred, err := newCredential(o, public, clientOptions(o, o.httpClient()))
		switch m {
		case AuthWorkloadIdentity, AuthEnv:
			if err == nil || !strings.Contains(err.Error(), "sign-in ("+m+")") {
				t.Errorf("%s without its variables: %v", m, err)
			}
		default:
			if err != nil || cred == nil {
				t.Errorf("%s: %v", m, err)
			}
		}
	}
}

func TestKeySizes(t *testing.T) {
	var ec keyBundleDTO
	ec.Key.KTY, ec.Key.Crv = "EC-HSM", "P-384"
	var k assess.Key
	ec.apply(&k)
	if k.Size != 384 || k.Type != "EC-HSM" || !k.Enabled {
		t.Errorf("EC key = %+v", k)
	}
}

func TestWriteSnapshot(t *testing.T) {
	f, err := Demo(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tenant.json")
	if err := WriteSnapshot(path, f); err != nil {
		t.Fatal(err)
	}
	back, err := assess.LoadFacts(path)
	if err != nil || len(back.Environments) != len(f.Environments) || !back.Started.Equal(f.Started) {
		t.Errorf("reloaded: %v", err)
	}
	if _, err := MarshalSnapshot(nil); err == nil {
		t.Error("nil facts marshalled")
	}
}

func TestCheckOptions(t *testing.T) {
	if err := CheckOptions(t.Context(), Options{Cloud: "gcchigh", Auth: AuthAzureCLI, Subscriptions: []string{"0b1f6471-1bf0-4dda-aec3-cb9272f09590"}}); err != nil {
		t.Error(err)
	}
	for _, o := range []Options{{Auth: "secret"}, {Cloud: "x"}, {CloudConfigFile: filepath.Join(t.TempDir(), "none.json")}, {Subscriptions: []string{"a/b"}}} {
		if CheckOptions(t.Context(), o) == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

// TestPagingStaysOnHost: a next page on another host is refused, so a
// token never follows a link off the API's host.
func TestPagingStaysOnHost(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"value":[{"name":"a"}],"nextLink":"https://elsewhere.invalid/next"}`)
	}))
	defer srv.Close()
	pl := runtime.NewPipeline("test", "", runtime.PipelineOptions{}, &policy.ClientOptions{Transport: srv.Client()})
	var got int
	err := listPages(context.Background(), pl, srv.URL+"/list", func(items []environmentDTO) error {
		got += len(items)
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "another host") || got != 1 {
		t.Errorf("listPages = %d items, %v", got, err)
	}
}

func TestPreflightWithoutCMK(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Large(5, 0, 0, 0, fixedNow))
	items, err := Preflight(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if !it.WillRun {
			t.Errorf("%+v", it)
		}
		if it.Check == CheckPolicies && !strings.Contains(it.Reason, "no CMK link") {
			t.Errorf("policies = %+v", it)
		}
	}
	if emu.Count("arm", "/subscriptions") != 1 {
		t.Error("ARM was not probed")
	}
}
