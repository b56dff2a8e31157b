package tenant

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// --cloud and --cloud-config (README, docs: a cloud config file overrides
// the chosen profile field by field; endpoints must be https; a custom
// authority gets no guessed Key Vault suffix).

func TestMut2LookupCloud(t *testing.T) {
	if got := CloudNames(); !reflect.DeepEqual(got, []string{"china", "dod", "gcc", "gcchigh", "public"}) {
		t.Errorf("CloudNames = %q", got)
	}
	for in, want := range map[string]string{"": "public", "public": "public", "GCC": "gcc", "GccHigh": "gcchigh", "dod": "dod", "china": "china"} {
		c, err := LookupCloud(in)
		if err != nil || c.Name != want || c.Custom() {
			t.Errorf("LookupCloud(%q) = %q, custom %v, %v", in, c.Name, c.Custom(), err)
		}
	}
	_, err := LookupCloud("azure")
	if err == nil || err.Error() != `unknown cloud "azure" (one of: china, dod, gcc, gcchigh, public)` {
		t.Errorf("unknown cloud: %v", err)
	}
}

func TestMut2ParseCloudConfigFields(t *testing.T) {
	public, _ := LookupCloud("public")
	full := `{"name":"sov","authorityHost":"https://login.microsoftonline.com",
		"bap":{"endpoint":"https://bap.test","scope":"https://bap.test/.default"},
		"powerPlatformApi":{"endpoint":"https://ppapi.test","scope":"https://ppapi.test/.default"},
		"resourceManager":{"endpoint":"https://arm.test","scope":"https://arm.test/.default"},
		"keyVault":{"scope":"https://kv.test/.default","dnsSuffix":"kv.test"},
		"graph":{"endpoint":"https://graph.test","scope":"https://graph.test/.default"}}`
	c, err := ParseCloudConfig([]byte(full), public)
	if err != nil {
		t.Fatal(err)
	}
	want := Cloud{Name: "sov", AuthorityHost: "https://login.microsoftonline.com/",
		BAP:              Service{Endpoint: "https://bap.test", Scope: "https://bap.test/.default"},
		PowerPlatformAPI: Service{Endpoint: "https://ppapi.test", Scope: "https://ppapi.test/.default"},
		ResourceManager:  Service{Endpoint: "https://arm.test", Scope: "https://arm.test/.default"},
		KeyVault:         KeyVaultService{Scope: "https://kv.test/.default", DNSSuffix: "kv.test"},
		Graph:            Service{Endpoint: "https://graph.test", Scope: "https://graph.test/.default"}}
	if c != want {
		t.Errorf("every field given:\n got  %+v\n want %+v", c, want)
	}
	// nothing given: the base, named custom
	c, err = ParseCloudConfig([]byte(`{}`), public)
	want = public
	want.Name = "custom"
	if err != nil || c != want {
		t.Errorf("empty config:\n got  %+v\n want %+v", c, want)
	}
	// a custom authority: no Key Vault suffix unless given
	c, err = ParseCloudConfig([]byte(`{"authorityHost":"HTTPS://login.private.test/"}`), public)
	if err != nil || !c.Custom() || c.KeyVault.DNSSuffix != "" || c.KeyVault.Scope != public.KeyVault.Scope {
		t.Errorf("custom authority: %+v custom %v, %v", c.KeyVault, c.Custom(), err)
	}
	c, err = ParseCloudConfig([]byte(`{"authorityHost":"https://login.private.test","keyVault":{"dnsSuffix":"vault.private.test"}}`), public)
	if err != nil || !c.Custom() || c.KeyVault.DNSSuffix != "vault.private.test" || c.AuthorityHost != "https://login.private.test/" {
		t.Errorf("custom authority with a suffix: %+v, %v", c, err)
	}
	// a known authority keeps the base's suffix
	c, err = ParseCloudConfig([]byte(`{"authorityHost":"https://login.microsoftonline.us"}`), public)
	if err != nil || c.Custom() || c.KeyVault.DNSSuffix != "vault.azure.net" {
		t.Errorf("known authority: %+v custom %v, %v", c.KeyVault, c.Custom(), err)
	}
	// every endpoint must be https, and the error names it
	for field, data := range map[string]string{
		"authorityHost":             `{"authorityHost":"http://login.microsoftonline.com/"}`,
		"bap.endpoint":              `{"bap":{"endpoint":"http://bap.test"}}`,
		"powerPlatformApi.endpoint": `{"powerPlatformApi":{"endpoint":"ftp://x"}}`,
		"resourceManager.endpoint":  `{"resourceManager":{"endpoint":"arm.test"}}`,
		"graph.endpoint":            `{"graph":{"endpoint":"http://graph.test"}}`,
	} {
		_, err := ParseCloudConfig([]byte(data), public)
		if err == nil || !strings.HasPrefix(err.Error(), field+" ") || !strings.HasSuffix(err.Error(), "must be an https URL") {
			t.Errorf("%s: %v", field, err)
		}
	}
}

func TestMut2CloudConfigErrorsWhere(t *testing.T) {
	public, _ := LookupCloud("public")
	// The position is the offending byte's, counted by hand: the 5 where an
	// object belongs, the comma where a key belongs.
	for _, c := range []struct{ data, want string }{
		{"{\n  \"bap\": 5\n}", "not valid JSON at line 2, column 10: "},
		{"{\n\n  \"bap\": {,}\n}", "not valid JSON at line 3, column 11: "},
		{"{,}", "not valid JSON at line 1, column 2: "},
		{"", "not valid JSON: EOF"},
		{`{"graph": {"endpoint": "https://g.test"}}  x`, "not valid JSON at line 1, column 44: data after the configuration object"},
		{"{\n \"keyVault\": {\"dnssuffix2\": \"x\"}}", `unknown key "dnssuffix2" at line 2, column 15 (allowed:`},
	} {
		_, err := ParseCloudConfig([]byte(c.data), public)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: %v\n want prefix %q", c.data, err, c.want)
		}
	}
	// a key that cannot be found as written gives no position
	if err := unknownKeyError([]byte(`{"a\u0062": 1}`), "ab"); strings.Contains(err.Error(), " at line") {
		t.Errorf("position of a key not in the text: %v", err)
	}
	for _, c := range []struct {
		off       int64
		line, col int
	}{{-5, 1, 1}, {0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {4, 2, 2}, {99, 2, 3}} {
		if l, col := lineCol([]byte("ab\ncd"), c.off); l != c.line || col != c.col {
			t.Errorf("lineCol(%d) = %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
	if err := jsonError([]byte("{}"), errors.New("other")); err.Error() != "not valid JSON: other" {
		t.Errorf("jsonError without an offset: %v", err)
	}
}

func TestMut2LoadCloudConfig(t *testing.T) {
	public, _ := LookupCloud("public")
	dir := t.TempDir()
	_, err := LoadCloudConfig(t.Context(), filepath.Join(dir, "none.json"), public)
	if err == nil || !strings.HasPrefix(err.Error(), "read cloud config: ") {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"bap":{"endpont":"x"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = LoadCloudConfig(t.Context(), bad, public)
	if err == nil || !strings.HasPrefix(err.Error(), "cloud config "+bad+": unknown key \"endpont\"") {
		t.Errorf("bad file: %v", err)
	}
	good := filepath.Join(dir, "good.json")
	if err := os.WriteFile(good, []byte(`{"name":"mine"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err := LoadCloudConfig(t.Context(), good, public); err != nil || c.Name != "mine" {
		t.Errorf("good file: %+v, %v", c, err)
	}
}
