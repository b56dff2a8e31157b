package assess

import "testing"

func TestCheckVaultRecovery(t *testing.T) {
	vault := func(mod func(*Vault)) func(*Facts) { return func(f *Facts) { mod(&f.Vaults[0]) } }
	runCheckCases(t, "vault-recovery", []checkCase{
		{name: "both on", status: StatusOK, implies: []string{"yes"}},
		{name: "soft-delete not returned counts as on", status: StatusOK, implies: []string{"yes"},
			mod: vault(func(v *Vault) { v.SoftDelete = nil })},
		{name: "both off", status: StatusOK, implies: []string{"no"},
			mod:     vault(func(v *Vault) { v.SoftDelete, v.PurgeProtection = new(false), false }),
			signals: map[string][]string{"vault-soft-delete-off": {testVaultID}, "vault-purge-protection-off": {testVaultID}}},
		{name: "vault 403", status: StatusNotPermitted, reason: "needs Key Vault Reader on vault kv-pp-cmk",
			mod: vault(func(v *Vault) { v.Provenance = deniedProv() })},
		{name: "vault not collected", status: StatusNotFound, reason: "key vault kv-pp-cmk was not read",
			mod: func(f *Facts) { f.Vaults = nil }},
		{name: "policy not collected", status: StatusNotFound, reason: "encryption policy ep-cmk-eu was not read",
			mod: func(f *Facts) { f.Policies = nil }},
		{name: "policy found by system ID", status: StatusOK, implies: []string{"yes"},
			mod: func(f *Facts) {
				f.Policies[0].SystemID = "/regions/europe/providers/Microsoft.PowerPlatform/enterprisePolicies/4444"
				f.Environments[0].CMK = &CMKLink{SystemID: f.Policies[0].SystemID, LinkStatus: "Linked"}
			}},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckKeyAccessModel(t *testing.T) {
	runCheckCases(t, "key-access-model", []checkCase{
		{name: "RBAC", status: StatusOK},
		{name: "access policies", status: StatusOK, implies: []string{"access-policies"},
			mod:     func(f *Facts) { f.Vaults[0].RBAC = false },
			signals: map[string][]string{"vault-access-policies": {testVaultID}}},
		{name: "vault 403", status: StatusNotPermitted, reason: "kv-pp-cmk",
			mod: func(f *Facts) { f.Vaults[0].Provenance = deniedProv() }},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckVaultNetwork(t *testing.T) {
	vault := func(pna, action, bypass string) func(*Facts) {
		return func(f *Facts) {
			v := &f.Vaults[0]
			v.PublicNetworkAccess, v.DefaultAction, v.Bypass = pna, action, bypass
		}
	}
	runCheckCases(t, "vault-network", []checkCase{
		{name: "private with bypass", status: StatusOK, implies: []string{"private-bypass"}},
		{name: "private without bypass", status: StatusOK, implies: []string{"private-no-bypass"},
			mod:     vault("Disabled", "Deny", "None"),
			signals: map[string][]string{"vault-lock-risk": {testVaultID}}},
		{name: "firewall without bypass", status: StatusOK, implies: []string{"private-no-bypass"},
			mod:     vault("Enabled", "Deny", "None"),
			signals: map[string][]string{"vault-lock-risk": {testVaultID}}},
		{name: "firewall with bypass", status: StatusOK, implies: []string{"public-trusted"},
			mod: vault("Enabled", "Deny", "AzureServices")},
		{name: "open", status: StatusOK, implies: []string{"open"},
			mod:     vault("Enabled", "Allow", "AzureServices"),
			signals: map[string][]string{"vault-open": {testVaultID}}},
		{name: "nothing returned means the defaults: open", status: StatusOK, implies: []string{"open"},
			mod:     vault("", "", ""),
			signals: map[string][]string{"vault-open": {testVaultID}}},
		{name: "vault 403", status: StatusNotPermitted, reason: "kv-pp-cmk",
			mod: func(f *Facts) { f.Vaults[0].Provenance = deniedProv() }},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckCMKHealth(t *testing.T) {
	runCheckCases(t, "cmk-health", []checkCase{
		{name: "healthy", status: StatusOK},
		{name: "disabled environment, unhealthy policy", status: StatusOK,
			mod: func(f *Facts) {
				f.Environments[0].RuntimeState = "Disabled"
				f.Policies[0].Health = "Unhealthy"
			},
			signals: map[string][]string{"env-disabled": {"env-hr"}, "policy-unhealthy": {testPolicyID}}},
		{name: "disabled while the key is being applied", status: StatusOK,
			mod: func(f *Facts) {
				f.Environments[0].RuntimeState = "Disabled"
				f.Environments[0].CMK.LinkStatus = "Linking"
			}},
		{name: "warning", status: StatusOK,
			mod:     func(f *Facts) { f.Policies[0].Health = "Warning" },
			signals: map[string][]string{"policy-warning": {testPolicyID}}},
		{name: "policy 403", status: StatusNotPermitted, reason: "needs Reader on the enterprise policy",
			mod: func(f *Facts) { f.Policies[0].Provenance = deniedProv() }},
		{name: "no environment on a customer key", status: StatusNotApplicable,
			mod: env0(func(e *Environment) { e.CMK = nil })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func vaultRuleOuts() []ruleOutCase {
	vault := func(mod func(*Vault)) func(*Facts) { return func(f *Facts) { mod(&f.Vaults[0]) } }
	return []ruleOutCase{
		{q: "KM-01", signal: "vault-purge-protection-off", facts: vault(func(v *Vault) { v.PurgeProtection = false })},
		{q: "KM-01", signal: "vault-soft-delete-off", facts: vault(func(v *Vault) { v.SoftDelete = new(false) })},
		{q: "KM-08", signal: "vault-purge-protection-off", facts: vault(func(v *Vault) { v.PurgeProtection = false })},
		{q: "KM-08", signal: "vault-soft-delete-off", facts: vault(func(v *Vault) { v.SoftDelete = new(false) })},
		{q: "KM-03", signal: "vault-access-policies", facts: vault(func(v *Vault) { v.RBAC = false })},
		{q: "KM-06", signal: "vault-open", facts: vault(func(v *Vault) { v.PublicNetworkAccess, v.DefaultAction = "Enabled", "Allow" })},
		{q: "KM-06", signal: "vault-lock-risk", facts: vault(func(v *Vault) { v.Bypass = "None" })},
	}
}

func TestRuleOutVaults(t *testing.T) {
	runRuleOutCases(t, vaultRuleOuts())
	runAgreeCases(t, []agreeCase{
		{name: "KM-08 soft-delete only, purge protection off", q: "KM-08", answer: answered("soft-delete-only"),
			facts: func(f *Facts) { f.Vaults[0].PurgeProtection = false }},
		{name: "KM-08 full, vaults protected", q: "KM-08", answer: answered("full")},
		{name: "KM-06 private without bypass, as the vault is", q: "KM-06", answer: answered("private-no-bypass"),
			facts: func(f *Facts) { f.Vaults[0].Bypass = "None" }},
	})
}
