package assess

import (
	"slices"
	"testing"
)

// TestVaultNetworkKinds: each vault's network setting read as checkVaultNetwork's
// doc says: refusing public traffic without the trusted-services bypass
// locks the key; public access off with the bypass is private; a firewall
// that denies by default with the bypass is public-trusted; anything else
// is open. The worst vault decides.
func TestVaultNetworkKinds(t *testing.T) {
	cases := []struct {
		public, action, bypass string
		kind                   string
		signal                 string
	}{
		{"Disabled", "Deny", "AzureServices", "private-bypass", ""},
		{"disabled", "Allow", "", "private-bypass", ""},
		{"Disabled", "Deny", "None", "private-no-bypass", "vault-lock-risk"},
		{"Enabled", "Deny", "None", "private-no-bypass", "vault-lock-risk"},
		{"Enabled", "deny", "Logging, AzureServices", "public-trusted", ""},
		{"Enabled", "Allow", "AzureServices", "open", "vault-open"},
		{"", "", "", "open", "vault-open"},
		{"Enabled", "Allow", "None", "open", "vault-open"},
	}
	for _, c := range cases {
		f := healthyFacts()
		f.Vaults[0].PublicNetworkAccess, f.Vaults[0].DefaultAction, f.Vaults[0].Bypass = c.public, c.action, c.bypass
		o := runNamed(t, "vault-network", f, nil)
		if !slices.Equal(o.Implies, []string{c.kind}) {
			t.Errorf("%s/%s/%s: implies %v, want %s", c.public, c.action, c.bypass, o.Implies, c.kind)
		}
		var sigs []string
		for _, s := range []string{"vault-lock-risk", "vault-open"} {
			if len(o.Signals[s]) > 0 {
				sigs = append(sigs, s)
			}
		}
		want := []string(nil)
		if c.signal != "" {
			want = []string{c.signal}
		}
		if !slices.Equal(sigs, want) {
			t.Errorf("%s/%s/%s: signals %v, want %v", c.public, c.action, c.bypass, sigs, want)
		}
	}
	// two vaults: the worse one decides, in either order
	for _, first := range []bool{true, false} {
		f := healthyFacts()
		secondChain(f)
		i := 1
		if first {
			i = 0
		}
		f.Vaults[i].PublicNetworkAccess, f.Vaults[i].DefaultAction, f.Vaults[i].Bypass = "Enabled", "Allow", ""
		if o := runNamed(t, "vault-network", f, nil); !slices.Equal(o.Implies, []string{"open"}) {
			t.Errorf("one open vault of two (index %d): implies %v", i, o.Implies)
		}
	}
}

// TestVaultRecoveryEachSetting: soft-delete off or purge protection off
// each imply "no"; soft-delete not returned counts as on (the default).
func TestVaultRecoveryEachSetting(t *testing.T) {
	for _, c := range []struct {
		soft  *bool
		purge bool
		want  string
		sig   []string
	}{
		{new(true), true, "yes", nil},
		{nil, true, "yes", nil},
		{new(false), true, "no", []string{"vault-soft-delete-off"}},
		{new(true), false, "no", []string{"vault-purge-protection-off"}},
		{new(false), false, "no", []string{"vault-soft-delete-off", "vault-purge-protection-off"}},
	} {
		f := healthyFacts()
		f.Vaults[0].SoftDelete, f.Vaults[0].PurgeProtection = c.soft, c.purge
		o := runNamed(t, "vault-recovery", f, nil)
		var sigs []string
		for _, s := range []string{"vault-soft-delete-off", "vault-purge-protection-off"} {
			if len(o.Signals[s]) > 0 {
				sigs = append(sigs, s)
			}
		}
		if !slices.Equal(o.Implies, []string{c.want}) || !slices.Equal(sigs, c.sig) {
			t.Errorf("soft %v purge %v: implies %v signals %v, want %s %v", c.soft, c.purge, o.Implies, sigs, c.want, c.sig)
		}
	}
}

// TestKeyOperationRunning: the link states that mean a key is being
// applied or removed; an environment disabled meanwhile is no outage.
func TestKeyOperationRunning(t *testing.T) {
	for s, want := range map[string]bool{"Linking": true, "linkingonline": true, "Unlinking": true, "UnlinkingOnline": true, "Linked": false, "Failed": false, "": false} {
		if got := keyOperationRunning(&PolicyLink{LinkStatus: s}); got != want {
			t.Errorf("%q: %v", s, got)
		}
	}
	if keyOperationRunning(nil) {
		t.Error("nil link")
	}
	for _, c := range []struct {
		state, link string
		disabled    bool
	}{{"Disabled", "Linked", true}, {"disabled", "Linking", false}, {"Enabled", "Linked", false}} {
		f := healthyFacts()
		f.Environments[0].RuntimeState, f.Environments[0].CMK.LinkStatus = c.state, c.link
		o := runNamed(t, "cmk-health", f, nil)
		if got := len(o.Signals["env-disabled"]) > 0; got != c.disabled {
			t.Errorf("%s/%s: env-disabled %v", c.state, c.link, got)
		}
	}
	for health, sig := range map[string]string{"Unhealthy": "policy-unhealthy", "warning": "policy-warning", "Healthy": ""} {
		f := healthyFacts()
		f.Policies[0].Health = health
		o := runNamed(t, "cmk-health", f, nil)
		for _, s := range []string{"policy-unhealthy", "policy-warning"} {
			if got := len(o.Signals[s]) > 0; got != (s == sig) {
				t.Errorf("health %s: %s %v", health, s, got)
			}
		}
	}
}

// TestVaultRecoveryEvidenceSaysWhatWasReturned: the evidence line says
// soft-delete is on, off, or on by default when the vault did not return it.
func TestVaultRecoveryEvidenceSaysWhatWasReturned(t *testing.T) {
	for _, c := range []struct {
		soft *bool
		want string
	}{
		{new(true), "Vault kv-pp-cmk: soft-delete on, purge protection true, retention 90 days"},
		{new(false), "Vault kv-pp-cmk: soft-delete off, purge protection true, retention 90 days"},
		{nil, "Vault kv-pp-cmk: soft-delete on (default; not returned), purge protection true, retention 90 days"},
	} {
		f := healthyFacts()
		f.Vaults[0].SoftDelete = c.soft
		o := runNamed(t, "vault-recovery", f, nil)
		if !slices.ContainsFunc(o.Evidence, func(e Evidence) bool { return e.Text == c.want }) {
			t.Errorf("soft-delete %v: evidence %+v, want %q", c.soft, o.Evidence, c.want)
		}
	}
}
