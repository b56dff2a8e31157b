package tenant

import (
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// Keys read through the data plane (wire contract §Key Vault): the role a
// refusal names depends on the vault's access model (RBAC: Key Vault
// Reader; access policies: Get and List; unknown: either), versions come
// newest first with the enabled ones counted, and a vault whose URL is
// unknown leaves its key not collected. Sample: kv-eu and kv-de are RBAC
// vaults, kv-us uses access policies; cmk-eu has versions v3 (20 days),
// v2 (110 days) and v1 (300 days, disabled).

func collectKeys(t *testing.T, sc tenanttest.Scenario) map[string]assess.Key {
	t.Helper()
	keys := map[string]assess.Key{}
	for _, k := range collectNoTLS(t, sc).Keys {
		keys[k.Name] = k
	}
	return keys
}

func TestMut2KeyRolesAndVersions(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	for i := range sc.Keys {
		if sc.Keys[i].Name == "cmk-eu" {
			v := sc.Keys[i].Versions
			sc.Keys[i].Versions = []tenanttest.KeyVersion{v[2], v[0], v[1]} // v1, v3, v2: the order is the reader's job
		}
	}
	sc.Faults = append(sc.Faults,
		tenanttest.Fault{Service: "keyvault", PathSuffix: "/keys/cmk-us", Status: 403, Code: "Forbidden"},
		tenanttest.Fault{Service: "keyvault", PathSuffix: "/keys/cmk-de", Status: 403, Code: "ForbiddenByRbac"},
		tenanttest.Fault{Service: "keyvault", PathSuffix: "/keys/cmk-eu/rotationpolicy", Status: 403, Code: "ForbiddenByRbac"},
	)
	keys := collectKeys(t, sc)

	eu := keys["cmk-eu"]
	if !eu.Provenance.OK() || eu.EnabledVersions != 2 || len(eu.Versions) != 3 {
		t.Fatalf("cmk-eu: %+v", eu)
	}
	for i, want := range []string{"v3", "v2", "v1"} {
		if eu.Versions[i].Version != want {
			t.Errorf("cmk-eu version %d = %q, want %q (newest first)", i, eu.Versions[i].Version, want)
		}
	}
	if eu.Versions[2].Enabled || !eu.Versions[0].Enabled {
		t.Errorf("cmk-eu enabled flags %+v", eu.Versions)
	}
	if eu.Rotation != nil || eu.RotationProvenance == nil || eu.RotationProvenance.Status != assess.StatusNotPermitted ||
		!strings.HasPrefix(eu.RotationProvenance.Reason, roleRotation) || !strings.HasSuffix(eu.RotationProvenance.Source, "GET /keys/cmk-eu/rotationpolicy (7.4)") {
		t.Errorf("cmk-eu rotation %+v / %+v", eu.Rotation, eu.RotationProvenance)
	}
	if us := keys["cmk-us"]; us.Provenance.Status != assess.StatusNotPermitted || us.Provenance.Reason != roleKeyPolicy+" (Forbidden)" {
		t.Errorf("cmk-us (access policies): %+v", us.Provenance)
	}
	if de := keys["cmk-de"]; de.Provenance.Status != assess.StatusNotPermitted || de.Provenance.Reason != roleKeyRBAC+" (Forbidden)" {
		t.Errorf("cmk-de (RBAC): %+v", de.Provenance)
	}
}

func TestMut2KeyVersionsUnread(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.Faults = append(sc.Faults,
		tenanttest.Fault{Service: "keyvault", PathSuffix: "/keys/cmk-eu/versions", Status: 403, Code: "ForbiddenByRbac"},
		tenanttest.Fault{Service: "keyvault", PathSuffix: "/keys/cmk-us/versions", Status: 403, Code: "Forbidden"},
		tenanttest.Fault{Service: "keyvault", PathSuffix: "/keys/cmk-us", Status: 404, Code: "KeyNotFound"},
	)
	keys := collectKeys(t, sc)
	eu := keys["cmk-eu"]
	want := "versions not read: not permitted: " + roleKeyRBAC + " (Forbidden)" // Key Vault: code Forbidden, inner ForbiddenByRbac
	if !eu.Provenance.OK() || eu.Provenance.Reason != want || eu.Versions != nil || eu.EnabledVersions != 0 {
		t.Errorf("cmk-eu: %+v, %d versions\n want reason %q", eu.Provenance, len(eu.Versions), want)
	}
	// the key itself unread: its own reason, not the versions'
	if us := keys["cmk-us"]; us.Provenance.Status != assess.StatusNotFound || us.Provenance.Reason != "HTTP 404 KeyNotFound" {
		t.Errorf("cmk-us: %+v", us.Provenance)
	}
}

// A vault that cannot be read: its key is read at the URL the cloud's
// vault domain gives, naming either access model, or not collected when
// the cloud has no vault domain (the emulator's config names none).
func TestMut2KeyOfAnUnreadableVault(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.Faults = append(sc.Faults,
		tenanttest.Fault{Service: "arm", PathSuffix: "/providers/Microsoft.KeyVault/vaults", Status: 403, Code: "AuthorizationFailed"},
		tenanttest.Fault{Service: "arm", PathSuffix: "/vaults/kv-de", Status: 403, Code: "AuthorizationFailed"},
	)
	keys := collectKeys(t, sc)
	de := keys["cmk-de"]
	if de.Provenance.Status != assess.StatusNotCollected || de.Provenance.Reason != "the vault could not be read, so its URL is unknown" ||
		!strings.Contains(de.Provenance.Source, "vault URL derived from the vault's name") {
		t.Errorf("cmk-de: %+v", de.Provenance)
	}
	if eu := keys["cmk-eu"]; !eu.Provenance.OK() {
		t.Errorf("cmk-eu: %+v", eu.Provenance)
	}

	s := &session{cloud: Cloud{KeyVault: KeyVaultService{DNSSuffix: "vault.azure.net"}}}
	for id, want := range map[string]string{
		tenanttest.SampleVaultID("kv-de"): "https://kv-de.vault.azure.net/",
		"":                                "",
		"/subscriptions/s/vaults/a.b":     "",
		"/subscriptions/s/vaults/a:1":     "",
	} {
		if got := s.guessVaultURI(id); got != want {
			t.Errorf("guessVaultURI(%q) = %q, want %q", id, got, want)
		}
	}
	if got := (&session{}).guessVaultURI(tenanttest.SampleVaultID("kv-de")); got != "" {
		t.Errorf("no vault domain: %q", got)
	}
}

func TestMut2TimeAfter(t *testing.T) {
	a := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	b := a.Add(time.Hour)
	for _, c := range []struct {
		x, y *time.Time
		want bool
	}{{&b, &a, true}, {&a, &b, false}, {&a, &a, false}, {&a, nil, true}, {nil, &a, false}, {nil, nil, false}} {
		if got := timeAfter(c.x, c.y); got != c.want {
			t.Errorf("timeAfter(%v, %v) = %v", c.x, c.y, got)
		}
	}
}
