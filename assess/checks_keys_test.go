package assess

import (
	"slices"
	"strings"
	"testing"
)

func TestCheckKeyType(t *testing.T) {
	key := func(mod func(*Key)) func(*Facts) { return func(f *Facts) { mod(&f.Keys[0]) } }
	runCheckCases(t, "key-type", []checkCase{
		{name: "RSA-HSM 3072 in a vault", status: StatusOK, implies: []string{"rsa-hsm-vault"},
			signals: map[string][]string{"key-hsm-vault": {testKeyID}}},
		{name: "one key for two environments", status: StatusOK, implies: []string{"rsa-hsm-vault"},
			mod:     addEnv(testEnv("env-pay", "Payroll", nil)),
			signals: map[string][]string{"key-hsm-vault": {testKeyID}, "key-shared": {testKeyID}}},
		{name: "software RSA 2048", status: StatusOK, implies: []string{"rsa-software"},
			mod:     key(func(k *Key) { k.Type, k.Size = "RSA", 2048 }),
			signals: map[string][]string{"key-software": {testKeyID}}},
		{name: "Managed HSM", status: StatusOK, implies: []string{"rsa-hsm-managed"},
			mod:     func(f *Facts) { f.Vaults[0].URI = "https://hsm1.managedhsm.azure.net/" },
			signals: map[string][]string{"key-hsm-managed": {testKeyID}}},
		{name: "EC key", status: StatusOK, implies: []string{"other"},
			mod:     key(func(k *Key) { k.Type, k.Size = "EC", 256 }),
			signals: map[string][]string{"key-unsupported": {testKeyID}}},
		{name: "4096 bits", status: StatusOK, implies: []string{"rsa-hsm-vault"},
			mod:     key(func(k *Key) { k.Size = 4096 }),
			signals: map[string][]string{"key-size-verify": {testKeyID}, "key-hsm-vault": {testKeyID}}},
		{name: "1024 bits", status: StatusOK, implies: []string{"rsa-hsm-vault"},
			mod:     key(func(k *Key) { k.Size = 1024 }),
			signals: map[string][]string{"key-unsupported": {testKeyID}, "key-hsm-vault": {testKeyID}}},
		{name: "key unreadable", status: StatusNotPermitted, reason: "key pp-cmk",
			mod: key(func(k *Key) { k.Provenance = deniedProv() })},
		{name: "key not collected", status: StatusNotFound, reason: "key pp-cmk in vault kv-pp-cmk was not read",
			mod: func(f *Facts) { f.Keys = nil }},
		{name: "no environment on a customer key", status: StatusNotApplicable,
			mod: env0(func(e *Environment) { e.CMK = nil })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckKeyRotation(t *testing.T) {
	key := func(mod func(*Key)) func(*Facts) { return func(f *Facts) { mod(&f.Keys[0]) } }
	runCheckCases(t, "key-rotation", []checkCase{
		{name: "rotation policy, versions kept", status: StatusOK},
		{name: "no rotation policy", status: StatusOK,
			mod:     key(func(k *Key) { k.Rotation = &RotationPolicy{NotifyBeforeExpiry: "P30D"} }),
			signals: map[string][]string{"key-no-rotation-policy": {testKeyID}}},
		{name: "previous version disabled 10 days after rotation", status: StatusOK, implies: []string{"versions-disabled-early"},
			mod: key(func(k *Key) {
				k.Versions = []KeyVersion{{Version: "new", Enabled: true, Created: new(testNow.AddDate(0, 0, -10))}, {Version: "old", Enabled: false}}
			}),
			signals: map[string][]string{"key-version-disabled-early": {testKeyID}}},
		{name: "previous version disabled after 40 days", status: StatusOK,
			mod: key(func(k *Key) {
				k.Versions = []KeyVersion{{Version: "new", Enabled: true, Created: new(testNow.AddDate(0, 0, -40))}, {Version: "old", Enabled: false}}
			})},
		{name: "rotation policy unreadable", status: StatusNotPermitted, reason: "rotation policy of key pp-cmk",
			mod: key(func(k *Key) { k.Rotation, k.RotationProvenance = nil, new(deniedProv()) })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckKeyExpiry(t *testing.T) {
	key := func(mod func(*Key)) func(*Facts) { return func(f *Facts) { mod(&f.Keys[0]) } }
	runCheckCases(t, "key-expiry", []checkCase{
		{name: "expires in a year", status: StatusOK, signals: map[string][]string{"key-expiry-set": {testKeyID}}},
		{name: "no expiry", status: StatusOK, implies: []string{"no-expiry"},
			mod: key(func(k *Key) { k.Expires = nil })},
		{name: "expired", status: StatusOK,
			mod:     key(func(k *Key) { k.Expires = new(testNow.AddDate(0, 0, -2)) }),
			signals: map[string][]string{"key-expired": {testKeyID}, "key-expiry-set": {testKeyID}}},
		{name: "expires in 30 days", status: StatusOK,
			mod:     key(func(k *Key) { k.Expires = new(testNow.AddDate(0, 0, 30)) }),
			signals: map[string][]string{"key-expiring": {testKeyID}, "key-expiry-set": {testKeyID}}},
		{name: "disabled, no expiry", status: StatusOK,
			mod:     key(func(k *Key) { k.Enabled, k.Expires = false, nil }),
			signals: map[string][]string{"key-disabled": {testKeyID}}},
		{name: "key 403", status: StatusNotPermitted, reason: "pp-cmk",
			mod: key(func(k *Key) { k.Provenance = deniedProv() })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func keyRuleOuts() []ruleOutCase {
	key := func(mod func(*Key)) func(*Facts) { return func(f *Facts) { mod(&f.Keys[0]) } }
	return []ruleOutCase{
		{q: "AR-07", signal: "key-software", facts: key(func(k *Key) { k.Type = "RSA" })},
		{q: "AR-07", signal: "key-hsm-vault"},
		{q: "AR-07", signal: "key-hsm-managed", facts: func(f *Facts) { f.Vaults[0].URI = "https://hsm1.managedhsm.azure.net/" }},
		{q: "AR-09", signal: "key-shared", facts: addEnv(testEnv("env-pay", "Payroll", nil))},
		{q: "KM-04", signal: "key-version-disabled-early", facts: key(func(k *Key) {
			k.Versions = []KeyVersion{{Version: "new", Enabled: true, Created: new(testNow.AddDate(0, 0, -10))}, {Version: "old", Enabled: false}}
		})},
		{q: "KM-05", signal: "key-expiry-set"},
	}
}

func TestRuleOutKeys(t *testing.T) {
	runRuleOutCases(t, keyRuleOuts())
	runAgreeCases(t, []agreeCase{
		{name: "AR-09 one key per environment", q: "AR-09", answer: answered("per-environment")},
		{name: "KM-05 no expiry, none set", q: "KM-05", answer: answered("no-expiry"), facts: func(f *Facts) { f.Keys[0].Expires = nil }},
	})
}

// TestUnreadableKeyNamesItsVaultAndDependents: two vaults hold a key of the
// same name; the unreadable one is named with its vault, and only the
// environments on it are not verified.
func TestUnreadableKeyNamesItsVaultAndDependents(t *testing.T) {
	const vault2 = "/subscriptions/s1/resourceGroups/rg-cmk/providers/Microsoft.KeyVault/vaults/kv-asia"
	const policy2 = "/subscriptions/s1/resourceGroups/rg-cmk/providers/Microsoft.PowerPlatform/enterprisePolicies/ep-asia"
	f := healthyFacts()
	f.Environments = append(f.Environments,
		testEnv("env-apac", "Sales APAC", func(e *Environment) { e.CMK = &CMKLink{ResourceID: policy2, LinkStatus: "Linked"} }),
		testEnv("env-jp", "Sales Japan", func(e *Environment) { e.CMK = &CMKLink{ResourceID: policy2, LinkStatus: "Linked"} }))
	p2 := f.Policies[0]
	p2.ID, p2.Name, p2.VaultID = policy2, "ep-asia", vault2
	f.Policies = append(f.Policies, p2)
	v2 := f.Vaults[0]
	v2.ID, v2.Name = vault2, "kv-asia"
	f.Vaults = append(f.Vaults, v2)
	k2 := f.Keys[0]
	k2.VaultID, k2.Provenance = vault2, Provenance{Source: "Key Vault kv-asia: GET /keys/pp-cmk (7.4)", At: testNow, Status: StatusNotPermitted, Reason: "needs Key Vault Crypto User"}
	f.Keys = append(f.Keys, k2)
	def, _ := lookupCheck("key-expiry")
	o := runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Now: testNow})
	if o.Status != StatusNotPermitted || !strings.Contains(o.Reason, "key pp-cmk in vault kv-asia: not permitted") {
		t.Errorf("status %s, reason %q", o.Status, o.Reason)
	}
	var ids []string
	for _, s := range o.Unverified {
		ids = append(ids, s.ID)
		if !strings.Contains(s.Detail, "key pp-cmk in vault kv-asia") {
			t.Errorf("%s: detail %q", s.Name, s.Detail)
		}
	}
	if !slices.Equal(ids, []string{"env-apac", "env-jp"}) {
		t.Errorf("unverified %v, want the two environments on kv-asia", ids)
	}
	// The not-verified finding lists them.
	res := evaluate(t, Input{Bank: mustBank(t), Answers: Answers{"AR-01": answered("cmk"), "KM-05": answered("expiry-alerting")}, Facts: f})
	fd, _ := res.Finding("KM-05")
	if fd.State != FindingNotVerified || len(fd.Affected) != 2 || fd.Affected[0].ID != "env-apac" {
		t.Errorf("KM-05: %s %+v", fd.State, fd.Affected)
	}
	// A finding about the readable key still says what was not verified.
	f.Keys[0].Expires = new(testNow.AddDate(0, 0, 10))
	res = evaluate(t, Input{Bank: mustBank(t), Answers: Answers{"AR-01": answered("cmk"), "KM-05": answered("expiry-alerting")}, Facts: f})
	fd, _ = res.Finding("KM-05.key-expiring")
	if !slices.ContainsFunc(fd.Evidence, func(e Evidence) bool {
		return strings.HasPrefix(e.Text, "Not verified: Sales APAC (europe) (not verified: key pp-cmk in vault kv-asia")
	}) {
		t.Errorf("evidence %+v lacks the environments not verified", fd.Evidence)
	}
}

// TestFindingCitesItsOwnSubjectsSource: a finding about one key cites that
// key's request, not the first key's.
func TestFindingCitesItsOwnSubjectsSource(t *testing.T) {
	f := healthyFacts()
	f.Keys[0].Provenance.Source = "Key Vault kv-pp-cmk: GET /keys/pp-cmk (7.4)"
	const policy2 = "/subscriptions/s1/resourceGroups/rg-cmk/providers/Microsoft.PowerPlatform/enterprisePolicies/ep-asia"
	f.Environments = append(f.Environments, testEnv("env-apac", "Sales APAC", func(e *Environment) { e.CMK = &CMKLink{ResourceID: policy2, LinkStatus: "Linked"} }))
	p2 := f.Policies[0]
	p2.ID, p2.Name, p2.KeyName = policy2, "ep-asia", "cmk-asia"
	f.Policies = append(f.Policies, p2)
	k2 := f.Keys[0]
	k2.Name, k2.Expires = "cmk-asia", new(testNow.AddDate(0, 0, 20))
	k2.Provenance.Source = "Key Vault kv-pp-cmk: GET /keys/cmk-asia (7.4)"
	f.Keys = append(f.Keys, k2)
	res := evaluate(t, Input{Bank: mustBank(t), Answers: Answers{"AR-01": answered("cmk"), "KM-05": answered("expiry-alerting")}, Facts: f})
	fd, ok := res.Finding("KM-05.key-expiring")
	if !ok {
		t.Fatalf("no finding: %s", questionFindings(res, "KM-05"))
	}
	var srcs []string
	for _, e := range fd.Evidence {
		if p, ok := res.Source(e.Source); ok {
			srcs = append(srcs, p.Source)
		}
	}
	if !slices.Equal(srcs, []string{"Key Vault kv-pp-cmk: GET /keys/cmk-asia (7.4)"}) {
		t.Errorf("sources %v, want only cmk-asia's", srcs)
	}
	if len(fd.Affected) != 1 || sources(res, []SourceID{fd.Affected[0].Source})[0] != srcs[0] {
		t.Errorf("affected %+v", fd.Affected)
	}
}
