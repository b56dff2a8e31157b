package tenant

import (
	"context"
	"encoding/base64"
	"testing"

	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// Who signed in and to which tenant: the token's claims first (upn,
// preferred_username, unique_name for people; appid or azp for apps; tid),
// then --tenant, then the tenant BAP names; an app signed in with the
// service principal variables is named by AZURE_CLIENT_ID when its token
// says nothing.

func TestMut2TokenIdentity(t *testing.T) {
	enc := base64.RawURLEncoding
	tok := func(claims string) string { return "h." + enc.EncodeToString([]byte(claims)) + ".s" }
	for _, c := range []struct {
		name, token, who, tid string
	}{
		{"upn first", tok(`{"upn":"a@x","preferred_username":"b@x","unique_name":"c@x","appid":"app","tid":"t1"}`), "a@x", "t1"},
		{"preferred_username next", tok(`{"preferred_username":"b@x","unique_name":"c@x","tid":"t1"}`), "b@x", "t1"},
		{"unique_name next", tok(`{"unique_name":"c@x","appid":"app","tid":"t1"}`), "c@x", "t1"},
		{"an app by appid", tok(`{"appid":"app-1","azp":"app-2","tid":"t2"}`), "app app-1", "t2"},
		{"an app by azp", tok(`{"azp":"app-2","tid":"t2"}`), "app app-2", "t2"},
		{"only a tenant", tok(`{"tid":"t3"}`), "", "t3"},
		{"padded payload", "h." + base64.URLEncoding.EncodeToString([]byte(`{"upn":"p@x","tid":"t4"}`)) + ".s", "p@x", "t4"},
		{"opaque", "opaque-token", "", ""},
		{"two parts", "h." + enc.EncodeToString([]byte(`{"upn":"q@x","tid":"t5"}`)), "q@x", "t5"},
		{"not base64", "h.!!!.s", "", ""},
		{"not JSON", tok(`not json`), "", ""},
	} {
		who, tid := tokenIdentity(c.token)
		if who != c.who || tid != c.tid {
			t.Errorf("%s: %q, %q; want %q, %q", c.name, who, tid, c.who, c.tid)
		}
	}
}

func TestMut2SignedInTenant(t *testing.T) {
	collectWith := func(t *testing.T, sc tenanttest.Scenario, edit func(*Options, *tenanttest.Emulator)) (string, string, *tenanttest.Emulator) {
		t.Helper()
		emu, opts := startEmulator(t, sc)
		opts.NoTLSProbe = true
		edit(&opts, emu)
		f, err := Collect(context.Background(), opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !f.Tenant.Provenance.OK() {
			t.Fatalf("tenant not read: %+v", f.Tenant.Provenance)
		}
		return f.Identity, f.TenantID, emu
	}
	const bapTID = "bbbbbbbb-0000-0000-0000-00000000bbbb"

	t.Run("the token's tid wins over BAP's tenant ID", func(t *testing.T) {
		sc := tenanttest.Sample(fixedNow)
		sc.Tenant.ID = bapTID
		who, tid, emu := collectWith(t, sc, func(*Options, *tenanttest.Emulator) {})
		if tid != emu.TenantID() || who != "app "+emu.ClientID() {
			t.Errorf("identity %q tenant %q, want app %s in %s", who, tid, emu.ClientID(), emu.TenantID())
		}
	})
	t.Run("opaque token, no --tenant: BAP's tenant ID, the app by AZURE_CLIENT_ID", func(t *testing.T) {
		sc := tenanttest.Sample(fixedNow)
		sc.Tenant.ID = bapTID
		sc.OpaqueTokens = true
		who, tid, emu := collectWith(t, sc, func(*Options, *tenanttest.Emulator) {})
		if tid != bapTID || who != "app "+emu.ClientID() {
			t.Errorf("identity %q tenant %q, want app %s in %s", who, tid, emu.ClientID(), bapTID)
		}
	})
	t.Run("opaque token with --tenant: that tenant", func(t *testing.T) {
		sc := tenanttest.Sample(fixedNow)
		sc.Tenant.ID = bapTID
		sc.OpaqueTokens = true
		who, tid, emu := collectWith(t, sc, func(o *Options, e *tenanttest.Emulator) { o.TenantID = e.TenantID() })
		if tid != emu.TenantID() || who != "app "+emu.ClientID() {
			t.Errorf("identity %q tenant %q, want app %s in %s", who, tid, emu.ClientID(), emu.TenantID())
		}
	})
	t.Run("opaque token through the default chain: the app by AZURE_CLIENT_ID", func(t *testing.T) {
		sc := tenanttest.Sample(fixedNow)
		sc.OpaqueTokens = true
		who, _, emu := collectWith(t, sc, func(o *Options, _ *tenanttest.Emulator) { o.Auth = AuthDefault })
		if who != "app "+emu.ClientID() {
			t.Errorf("identity %q, want app %s", who, emu.ClientID())
		}
	})
}
