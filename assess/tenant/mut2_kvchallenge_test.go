package tenant

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	azruntime "github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// The Key Vault challenge (wire contract §Key Vault: an unauthenticated
// request gets 401 with `WWW-Authenticate: Bearer
// authorization="https://login.microsoftonline.com/{tenant}",
// resource="https://vault.azure.net"`).

func TestMut2ParseKVChallenge(t *testing.T) {
	const tid = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	for _, c := range []struct {
		h       string
		want    kvAuth
		wantErr bool
	}{
		{`Bearer authorization="https://login.microsoftonline.com/` + tid + `", resource="https://vault.azure.net"`, kvAuth{"https://vault.azure.net/.default", tid}, false},
		{`bearer Authorization="https://login.microsoftonline.com/` + tid + `/", Resource="https://vault.azure.net/"`, kvAuth{"https://vault.azure.net/.default", tid}, false},
		{`Bearer authorization_uri="https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2", scope="https://vault.azure.net/.default"`, kvAuth{"https://vault.azure.net/.default", "contoso.onmicrosoft.com"}, false},
		{`Bearer scope="https://vault.azure.net/.default", resource="https://other.test"`, kvAuth{"https://vault.azure.net/.default", ""}, false},
		{`  Bearer resource="https://vault.azure.net", junk, authorization="https://login.microsoftonline.com"`, kvAuth{"https://vault.azure.net/.default", ""}, false},
		{`Bearer authorization="https://login.microsoftonline.com/bad tenant", resource="https://vault.azure.net"`, kvAuth{}, true},
		{`Bearer authorization="https://login.microsoftonline.com/` + tid + `"`, kvAuth{}, true},
		{`Bearer resource=""`, kvAuth{}, true},
		{`Basic realm="x"`, kvAuth{}, true},
		{`Bearerx resource="https://vault.azure.net"`, kvAuth{}, true},
		{``, kvAuth{}, true},
	} {
		got, err := parseKVChallenge(c.h)
		if (err != nil) != c.wantErr || got != c.want {
			t.Errorf("parseKVChallenge(%s) = %+v, %v; want %+v, error %v", c.h, got, err, c.want, c.wantErr)
		}
	}
}

func TestMut2KVCheckResource(t *testing.T) {
	k := newKVChallenge(false, "https://vault.azure.net/.default")
	for _, c := range []struct {
		host, scope string
		ok          bool
	}{
		{"kv1.vault.azure.net", "https://vault.azure.net/.default", true},
		{"kv1.vault.azure.net:443", "https://vault.azure.net/.default", true},
		{"kv1.vault.azure.net", "https://vault.azure.net:443/.default", true},
		{"vault.azure.net", "https://vault.azure.net/.default", true},
		{"kv1.evilvault.azure.net", "https://vault.azure.net/.default", false},
		{"kv1.vault.azure.net.evil.test", "https://vault.azure.net/.default", false},
		{"kv1.vault.azure.net", "vault.azure.net", false},
		{"kv1.vault.azure.net", "://bad", false},
	} {
		if err := k.checkResource(c.host, c.scope); (err == nil) != c.ok {
			t.Errorf("checkResource(%q, %q) = %v, want ok %v", c.host, c.scope, err, c.ok)
		}
	}
	if hostOnly("h.test:8443") != "h.test" || hostOnly("h.test") != "h.test" {
		t.Error("hostOnly")
	}
}

// asked records the token requests of one request or challenge.
func kvRun(t *testing.T, k *kvChallenge, rawURL, challenge string) ([]policy.TokenRequestOptions, error) {
	t.Helper()
	req, err := azruntime.NewRequest(context.Background(), http.MethodGet, rawURL)
	if err != nil {
		t.Fatal(err)
	}
	var asked []policy.TokenRequestOptions
	authNZ := func(o policy.TokenRequestOptions) error { asked = append(asked, o); return nil }
	if challenge == "" {
		return asked, k.onRequest(req, authNZ)
	}
	res := &http.Response{StatusCode: 401, Header: http.Header{"Www-Authenticate": {challenge}}}
	return asked, k.onChallenge(req, res, authNZ)
}

func TestMut2KVChallengeFlow(t *testing.T) {
	const scope = "https://vault.azure.net/.default"
	const ch = `Bearer authorization="https://login.microsoftonline.com/tid-1", resource="https://vault.azure.net"`
	tok := func(s, tenant string) []policy.TokenRequestOptions {
		return []policy.TokenRequestOptions{{Scopes: []string{s}, TenantID: tenant}}
	}

	// an unknown vault goes out without a token; its challenge gives the
	// scope and tenant, then used for every request to it
	k := newKVChallenge(false, scope)
	if asked, err := kvRun(t, k, "https://kv1.vault.azure.net/keys/k", ""); err != nil || len(asked) != 0 {
		t.Errorf("unknown vault: %v, %v", asked, err)
	}
	if asked, err := kvRun(t, k, "https://kv1.vault.azure.net/keys/k", ch); err != nil || !reflect.DeepEqual(asked, tok(scope, "tid-1")) {
		t.Errorf("challenge: %v, %v", asked, err)
	}
	if asked, err := kvRun(t, k, "https://kv1.vault.azure.net/keys/k2", ""); err != nil || !reflect.DeepEqual(asked, tok(scope, "tid-1")) {
		t.Errorf("after the challenge: %v, %v", asked, err)
	}
	if asked, _ := kvRun(t, k, "https://kv2.vault.azure.net/keys/k", ""); len(asked) != 0 {
		t.Errorf("another vault got a token: %v", asked)
	}
	// a challenge naming another resource than the vault's domain is refused
	if asked, err := kvRun(t, k, "https://kv.evil.test/keys/k", ch); err == nil || len(asked) != 0 {
		t.Errorf("foreign host: %v, %v", asked, err)
	}
	if asked, _ := kvRun(t, k, "https://kv.evil.test/keys/k", ""); len(asked) != 0 {
		t.Errorf("a refused host was remembered: %v", asked)
	}
	// relaxed (custom clouds, the emulator): any host takes its challenge
	r := newKVChallenge(true, scope)
	if asked, err := kvRun(t, r, "https://127.0.0.1:4443/keys/k", ch); err != nil || !reflect.DeepEqual(asked, tok(scope, "tid-1")) {
		t.Errorf("relaxed challenge: %v, %v", asked, err)
	}
	// a bad challenge is an error without a token
	if asked, err := kvRun(t, k, "https://kv3.vault.azure.net/keys/k", `Bearer authorization="https://l/t"`); err == nil || len(asked) != 0 {
		t.Errorf("challenge without a resource: %v, %v", asked, err)
	}
	// the token handler's own error is returned
	req, _ := azruntime.NewRequest(context.Background(), http.MethodGet, "https://kv1.vault.azure.net/keys/k")
	boom := errors.New("no token")
	if err := k.onRequest(req, func(policy.TokenRequestOptions) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("onRequest error %v", err)
	}
	if k.options().AuthorizationHandler.OnRequest == nil || k.options().AuthorizationHandler.OnChallenge == nil {
		t.Error("options without handlers")
	}
}

// trust: a vault URL from ARM gets the cloud's Key Vault token before any
// challenge, only in the cloud's vault domain (any host when relaxed), and
// only when the cloud has a Key Vault scope.
func TestMut2KVTrust(t *testing.T) {
	const scope = "https://vault.azure.net/.default"
	for _, c := range []struct {
		name    string
		relaxed bool
		scope   string
		uri     string
		host    string
		want    bool
	}{
		{"in the domain", false, scope, "https://kv1.vault.azure.net/", "kv1.vault.azure.net", true},
		{"outside the domain", false, scope, "https://kv1.evil.test/", "kv1.evil.test", false},
		{"relaxed, any host", true, scope, "https://127.0.0.1:4443/", "127.0.0.1:4443", true},
		{"no scope", true, "", "https://kv1.vault.azure.net/", "kv1.vault.azure.net", false},
		{"no host", true, scope, "/just/a/path", "", false},
		{"not a URL", true, scope, "://x", "", false},
	} {
		k := newKVChallenge(c.relaxed, c.scope)
		k.trust(c.uri)
		asked, err := kvRun(t, k, "https://"+orDefault(c.host, "kv9.vault.azure.net")+"/keys/k", "")
		if err != nil || (len(asked) == 1) != c.want {
			t.Errorf("%s: asked %v, %v; want a token %v", c.name, asked, err, c.want)
		}
		if len(asked) == 1 && (asked[0].Scopes[0] != c.scope || asked[0].TenantID != "") {
			t.Errorf("%s: token asked %+v", c.name, asked[0])
		}
		if len(k.trusted) > 1 || (len(k.trusted) == 1) != c.want {
			t.Errorf("%s: trusted %v", c.name, k.trusted)
		}
	}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
