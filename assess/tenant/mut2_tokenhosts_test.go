package tenant

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// Where each audience's tokens go, route by route (ARCHITECTURE: each token
// audience only to its cloud's hosts or an --allow-host). The public
// cloud's hosts and audiences are Microsoft's documented ones.

func TestMut2TokenRoutesListed(t *testing.T) {
	public, _ := LookupCloud("public")
	routes, err := tokenRoutes(public, public, []string{"127.0.0.1", "proxy.example.test:8443"})
	if err != nil {
		t.Fatal(err)
	}
	want := []TokenRoute{
		{Service: "authority", Host: "login.microsoftonline.com", Allowed: "known host"},
		{Service: "bap", Host: "api.bap.microsoft.com", Audience: "https://service.powerapps.com/", Allowed: "known host"},
		{Service: "resourceManager", Host: "management.azure.com", Audience: "https://management.azure.com/", Allowed: "known host"},
		{Service: "graph", Host: "graph.microsoft.com", Audience: "https://graph.microsoft.com/", Allowed: "known host"},
		{Service: "keyVault", Host: "*.vault.azure.net, 127.0.0.1, proxy.example.test:8443", Audience: "https://vault.azure.net/", Allowed: "known host"},
	}
	if !reflect.DeepEqual(routes, want) {
		t.Errorf("routes\n got  %+v\n want %+v", routes, want)
	}

	// an emulator: the authority and every service on loopback, allowed by name
	emuCloud, err := ParseCloudConfig([]byte(`{"authorityHost":"https://127.0.0.1:4443/","bap":{"endpoint":"https://127.0.0.1:4443"},"resourceManager":{"endpoint":"https://127.0.0.1:4443"},"graph":{"endpoint":"https://127.0.0.1:4443"},"powerPlatformApi":{"endpoint":"https://127.0.0.1:4443"}}`), public)
	if err != nil {
		t.Fatal(err)
	}
	routes, err = tokenRoutes(emuCloud, public, []string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	want = []TokenRoute{
		{Service: "authority", Host: "127.0.0.1:4443", Allowed: "--allow-host"},
		{Service: "bap", Host: "127.0.0.1:4443", Audience: "https://service.powerapps.com/", Allowed: "--allow-host"},
		{Service: "resourceManager", Host: "127.0.0.1:4443", Audience: "https://management.azure.com/", Allowed: "--allow-host"},
		{Service: "graph", Host: "127.0.0.1:4443", Audience: "https://graph.microsoft.com/", Allowed: "--allow-host"},
		{Service: "keyVault", Host: "*.vault.azure.net, 127.0.0.1", Audience: "https://vault.azure.net/", Allowed: "known host"},
	}
	if !reflect.DeepEqual(routes, want) {
		t.Errorf("emulator routes\n got  %+v\n want %+v", routes, want)
	}

	// a private cloud: its own audiences go to their hosts; its vault
	// audience to each vault's host, --allow-host or not
	private, err := ParseCloudConfig([]byte(`{"authorityHost":"https://login.private.test/",
		"bap":{"endpoint":"https://bap.private.test","scope":"https://bap.private.test/.default"},
		"resourceManager":{"endpoint":"https://arm.private.test","scope":"https://arm.private.test"},
		"graph":{"endpoint":"https://graph.private.test","scope":"https://graph.private.test/.default"},
		"keyVault":{"scope":"https://vault.private.test/.default","dnsSuffix":"vault.private.test"}}`), public)
	if err != nil {
		t.Fatal(err)
	}
	routes, err = tokenRoutes(private, public, []string{"LOGIN.private.test"})
	if err != nil {
		t.Fatal(err)
	}
	want = []TokenRoute{
		{Service: "authority", Host: "login.private.test", Allowed: "--allow-host"},
		{Service: "bap", Host: "bap.private.test", Audience: "https://bap.private.test/", Allowed: "private audience"},
		{Service: "resourceManager", Host: "arm.private.test", Audience: "https://arm.private.test/", Allowed: "private audience"},
		{Service: "graph", Host: "graph.private.test", Audience: "https://graph.private.test/", Allowed: "private audience"},
		{Service: "keyVault", Host: "each vault's host", Audience: "https://vault.private.test/", Allowed: "private audience"},
	}
	if !reflect.DeepEqual(routes, want) {
		t.Errorf("private routes\n got  %+v\n want %+v", routes, want)
	}

	// a base without a Key Vault suffix: no vault route unless hosts are allowed
	noKV := public
	noKV.KeyVault.DNSSuffix = ""
	routes, err = tokenRoutes(public, noKV, nil)
	if err != nil || len(routes) != 4 || routes[3].Service != "graph" {
		t.Errorf("no vault suffix, nothing allowed: %+v, %v", routes, err)
	}
	routes, err = tokenRoutes(public, noKV, []string{"kv.example.test"})
	if err != nil || len(routes) != 5 || routes[4] != (TokenRoute{Service: "keyVault", Host: "kv.example.test", Audience: "https://vault.azure.net/", Allowed: "--allow-host"}) {
		t.Errorf("no vault suffix, a host allowed: %+v, %v", routes, err)
	}
}

// A refused route names the setting, the cloud's own hosts (or none) and
// the --allow-host to give.
func TestMut2TokenRoutesRefused(t *testing.T) {
	public, _ := LookupCloud("public")
	c := public
	c.ResourceManager.Endpoint = "https://arm.evil.test:444"
	c.ResourceManager.Scope = public.Graph.Scope
	_, err := tokenRoutes(c, public, []string{"", "arm.evil.test:445"})
	want := "resourceManager.endpoint arm.evil.test:444 would receive tokens for https://graph.microsoft.com/, whose hosts in the public cloud are graph.microsoft.com; name it with --allow-host arm.evil.test if you trust it"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	// an audience the base cloud does not use at all: its hosts are none
	gcc, _ := LookupCloud("gcc")
	c = public
	c.BAP.Scope = gcc.BAP.Scope
	if _, err := tokenRoutes(c, public, nil); err == nil || !strings.Contains(err.Error(), "public cloud are none;") {
		t.Errorf("gcc audience in public: %v", err)
	}
	// the authority: the error names its host without the port for --allow-host
	c = public
	c.AuthorityHost = "https://login.evil.test:8443/"
	if _, err := tokenRoutes(c, public, []string{"login.evil.test:9"}); err == nil || !strings.Contains(err.Error(), "authorityHost login.evil.test:8443 is not a Microsoft sign-in host") || !strings.HasSuffix(err.Error(), "--allow-host login.evil.test if you trust it") {
		t.Errorf("authority: %v", err)
	}
}

// TokenRoutes checks the options first, then the cloud.
func TestMut2TokenRoutesOptions(t *testing.T) {
	if _, err := TokenRoutes(t.Context(), Options{Auth: "nope"}); err == nil || !strings.Contains(err.Error(), "unknown sign-in method") {
		t.Errorf("bad --auth: %v", err)
	}
	if _, err := TokenRoutes(t.Context(), Options{Cloud: "mars"}); err == nil || !strings.Contains(err.Error(), `unknown cloud "mars"`) {
		t.Errorf("bad --cloud: %v", err)
	}
	routes, err := TokenRoutes(t.Context(), Options{Cloud: "GCCHigh"})
	if err != nil || len(routes) != 5 || routes[0].Host != "login.microsoftonline.us" || routes[2].Host != "management.usgovcloudapi.net" {
		t.Errorf("gcchigh: %+v, %v", routes, err)
	}
}

func TestMut2AudienceAndHosts(t *testing.T) {
	for in, want := range map[string]string{
		"https://service.powerapps.com//.default": "https://service.powerapps.com/",
		"https://management.azure.com/.default":   "https://management.azure.com/",
		" https://x.test ":                        "https://x.test/",
		"https://x.test/":                         "https://x.test/",
		"":                                        "",
		"/.default":                               "",
	} {
		if got := audienceOf(in); got != want {
			t.Errorf("audienceOf(%q) = %q, want %q", in, got, want)
		}
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"https://X.test/", "https://x.test", true},
		{"https://x.test//", "https://x.test", true},
		{"https://x.test/", "https://y.test/", false},
		{"", "", false},
		{"", "https://x.test/", false},
	} {
		if got := sameAudience(c.a, c.b); got != c.want {
			t.Errorf("sameAudience(%q, %q) = %v", c.a, c.b, got)
		}
	}
	for _, c := range []struct {
		host  string
		allow []string
		want  bool
	}{
		{"h.test:443", []string{"h.test"}, true},
		{"H.test:443", []string{" h.TEST:443 "}, true},
		{"h.test:443", []string{"h.test:444"}, false},
		{"h.test", []string{"", "g.test"}, false},
		{"h.test", nil, false},
		{"h.test", []string{"g.test", "h.test"}, true},
	} {
		if got := hostAllowed(c.host, c.allow); got != c.want {
			t.Errorf("hostAllowed(%q, %q) = %v", c.host, c.allow, got)
		}
	}
	if hostOf("https://API.Example.test:8443/x") != "api.example.test:8443" || hostOf("://bad") != "://bad" {
		t.Error("hostOf")
	}
	if orNone(nil) != "none" || orNone([]string{"a", "b"}) != "a, b" {
		t.Error("orNone")
	}
	if !containsFold([]string{"a", "B"}, "b") || containsFold([]string{"a"}, "b") {
		t.Error("containsFold")
	}
	public, _ := LookupCloud("public")
	if got := knownHosts(public, "https://management.azure.com/"); !reflect.DeepEqual(got, []string{"management.azure.com"}) {
		t.Errorf("knownHosts ARM = %q", got)
	}
	for aud, want := range map[string]bool{
		"https://vault.usgovcloudapi.net/": true, "https://graph.microsoft.us": true, "https://service.powerapps.com/": true,
		"https://api.powerplatform.com/": true, "https://vault.private.test/": false, "": false,
	} {
		if got := knownAudience(aud); got != want {
			t.Errorf("knownAudience(%q) = %v", aud, got)
		}
	}
	// a private vault audience lets every vault host through; a known one only its suffix
	priv := public
	priv.KeyVault.Scope = "https://vault.private.test/.default"
	if !vaultHostAllowed(priv, public, nil, "anything.example.test") {
		t.Error("private vault audience refused a vault host")
	}
	noKV := public
	noKV.KeyVault.DNSSuffix = ""
	if vaultHostAllowed(public, noKV, nil, "kv.vault.azure.net") {
		t.Error("no suffix known, yet a vault host was allowed")
	}
	if !vaultHostAllowed(public, public, nil, "KV.Vault.Azure.Net:443") {
		t.Error("vault host with case and port refused")
	}
}

// hostGuard refuses before anything is sent, naming the host.
func TestMut2HostGuard(t *testing.T) {
	sent := 0
	pl := runtime.NewPipeline("test", "", runtime.PipelineOptions{PerRetry: nil}, &azcore.ClientOptions{
		Transport: transportFunc(func(*http.Request) (*http.Response, error) {
			sent++
			return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
		}),
		PerCallPolicies: []policy.Policy{hostGuard(func(h string) bool { return h == "ok.test" })},
	})
	for host, want := range map[string]bool{"ok.test": true, "other.test": false} {
		req, _ := runtime.NewRequest(context.Background(), http.MethodGet, "https://"+host+"/x")
		resp, err := pl.Do(req)
		if want != (err == nil) {
			t.Errorf("%s: %v", host, err)
		}
		if err == nil {
			resp.Body.Close()
		} else if !strings.Contains(err.Error(), "refusing to send a token to other.test") {
			t.Errorf("%s: %v", host, err)
		}
	}
	if sent != 1 {
		t.Errorf("%d requests sent, want 1", sent)
	}
}

type transportFunc func(*http.Request) (*http.Response, error)

func (f transportFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }
