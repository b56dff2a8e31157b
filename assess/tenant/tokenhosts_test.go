package tenant

import (
	"context"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestCloudConfigStrict: an unknown key is an error with its line and
// column; nothing falls back silently to the public endpoint.
func TestCloudConfigStrict(t *testing.T) {
	public, _ := LookupCloud("public")
	for _, tc := range []struct{ data, want string }{
		{"{\n  \"bap\": {\n    \"endpont\": \"https://api.bap.microsoft.com\"}}", `unknown key "endpont" at line 3, column 5`},
		{`{"graph": {"scop": "x"}}`, `unknown key "scop" at line 1, column 12`},
		{`{"authorityhost2": "x"}`, `unknown key "authorityhost2"`},
		{`{"bap": {}} {"bap": {}}`, "data after the configuration object"},
	} {
		_, err := ParseCloudConfig([]byte(tc.data), public)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.data, err, tc.want)
		}
	}
	c, err := ParseCloudConfig([]byte(`{"graph": {"endpoint": "https://graph.microsoft.us", "scope": "https://graph.microsoft.us/.default"}}`), public)
	if err != nil || c.Graph.Endpoint != "https://graph.microsoft.us" {
		t.Errorf("graph: %+v %v", c.Graph, err)
	}
}

// TestTokenRoutes: a known audience goes only to its hosts in the chosen
// cloud, the sign-in only to a Microsoft authority; other hosts need
// --allow-host; a private cloud's own audience goes to its host.
func TestTokenRoutes(t *testing.T) {
	public, _ := LookupCloud("public")
	gcchigh, _ := LookupCloud("gcchigh")
	parse := func(base Cloud, data string) Cloud {
		t.Helper()
		c, err := ParseCloudConfig([]byte(data), base)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, tc := range []struct {
		name  string
		c     Cloud
		base  Cloud
		allow []string
		want  string // "" = allowed
	}{
		{"public as is", public, public, nil, ""},
		{"every built-in cloud", gcchigh, gcchigh, nil, ""},
		{"ARM scope on another BAP host", parse(public, `{"bap": {"endpoint": "https://evil.example", "scope": "https://management.azure.com/.default"}}`), public, nil, "bap.endpoint evil.example would receive tokens for https://management.azure.com/"},
		{"BAP scope on another host", parse(public, `{"bap": {"endpoint": "https://evil.example"}}`), public, nil, "--allow-host evil.example"},
		{"allowed by name", parse(public, `{"bap": {"endpoint": "https://evil.example:8443"}}`), public, []string{"evil.example"}, ""},
		{"allowed host:port only", parse(public, `{"bap": {"endpoint": "https://evil.example:8443"}}`), public, []string{"evil.example:9000"}, "would receive tokens"},
		{"public ARM in gcchigh", parse(gcchigh, `{"resourceManager": {"endpoint": "https://management.azure.com"}}`), gcchigh, nil, "hosts in the gcchigh cloud are management.usgovcloudapi.net"},
		{"graph elsewhere", parse(public, `{"graph": {"endpoint": "https://graph.evil.example"}}`), public, nil, "graph.endpoint graph.evil.example"},
		{"authority elsewhere", parse(public, `{"authorityHost": "https://login.evil.example/"}`), public, nil, "authorityHost login.evil.example is not a Microsoft sign-in host"},
		{"private audience", parse(public, `{"authorityHost": "https://login.private.example/", "bap": {"endpoint": "https://bap.private.example", "scope": "https://bap.private.example/.default"}}`), public, []string{"login.private.example"}, ""},
	} {
		_, err := tokenRoutes(tc.c, tc.base, tc.allow)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if !vaultHostAllowed(public, public, nil, "kv-eu.vault.azure.net") || vaultHostAllowed(public, public, nil, "kv-eu.vault.evil.example") ||
		vaultHostAllowed(public, public, nil, "vault.azure.net.evil.example") || !vaultHostAllowed(public, public, []string{"127.0.0.1"}, "127.0.0.1:4443") {
		t.Error("vault host rule")
	}
	routes, err := tokenRoutes(public, public, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range routes {
		got[r.Service] = r.Host + " " + r.Audience
	}
	if got["bap"] != "api.bap.microsoft.com https://service.powerapps.com/" || got["keyVault"] != "*.vault.azure.net https://vault.azure.net/" || got["graph"] != "graph.microsoft.com https://graph.microsoft.com/" {
		t.Errorf("routes %v", got)
	}
}

// TestEmulatorNeedsAllowHost: the emulator's loopback hosts get no token
// unless named, and the refusal happens before any request.
func TestEmulatorNeedsAllowHost(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	opts.AllowHosts = nil
	_, err := Collect(context.Background(), opts, nil)
	if err == nil || !strings.Contains(err.Error(), "--allow-host 127.0.0.1") {
		t.Errorf("err = %v", err)
	}
	if n := len(emu.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
