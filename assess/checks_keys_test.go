package assess

import "testing"

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
