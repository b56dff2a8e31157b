package assess

import (
	"slices"
	"sort"
	"strings"
	"testing"
)

const (
	testPolicyID = "/subscriptions/s1/resourceGroups/rg-cmk/providers/Microsoft.PowerPlatform/enterprisePolicies/ep-cmk-eu"
	testVaultID  = "/subscriptions/s1/resourceGroups/rg-cmk/providers/Microsoft.KeyVault/vaults/kv-pp-cmk"
	testKeyID    = testVaultID + "/keys/pp-cmk"
	testHost     = "env-hr.crm4.dynamics.com"
)

func okProv() Provenance { return Provenance{Source: "test", At: testNow, Status: StatusOK} }

func deniedProv() Provenance {
	return Provenance{Source: "test", At: testNow, Status: StatusNotPermitted}
}

// testEnv is a healthy production environment in Europe on the test
// customer key; mod adjusts it.
func testEnv(id, name string, mod func(*Environment)) Environment {
	e := Environment{
		Provenance: okProv(), ID: id, Name: name, Type: EnvProduction, Geo: "europe", Region: "westeurope",
		Managed: true, ProtectionLevel: "Standard", RuntimeState: "Enabled", KeyManagedBy: "Customer",
		CMK:          &CMKLink{ResourceID: testPolicyID, Location: "europe", LinkStatus: "Linked"},
		VNetPolicy:   &PolicyLink{ResourceID: "/subscriptions/s1/providers/Microsoft.PowerPlatform/enterprisePolicies/ep-vnet", LinkStatus: "Linked"},
		HasDataverse: true, DataverseURL: "https://" + id + ".crm4.dynamics.com/",
		AI:  AISettings{Provenance: okProv(), CrossGeoMovement: new(false), CrossBoundaryFlex: new(false), BingSearch: new(false), M365Services: new(false)},
		TLS: &TLSProbe{Provenance: okProv(), Host: id + ".crm4.dynamics.com", LegacyRefused: true, LegacyError: "remote error: tls: protocol version not supported", ModernOK: true, Version: "TLS 1.3", CipherSuite: "TLS_AES_256_GCM_SHA384"},
	}
	if mod != nil {
		mod(&e)
	}
	return e
}

// healthyFacts is a tenant that passes every check: one production
// environment on a customer key whose policy, vault and key are all sound.
func healthyFacts() *Facts {
	return &Facts{
		SchemaVersion: FactsSchemaVersion,
		TenantID:      "tenant-1",
		Tenant: Tenant{Provenance: okProv(), HomeGeo: "europe", Settings: TenantSettings{
			Provenance: okProv(), EnableModelDataSharing: new(false), DisableCopilotFeedbackMetadata: new(true),
		}},
		Environments: []Environment{testEnv("env-hr", "Contoso HR", nil)},
		Policies: []EnterprisePolicy{{
			Provenance: okProv(), ID: testPolicyID, Name: "ep-cmk-eu", Kind: "Encryption", Location: "europe",
			State: "Enabled", Health: "Healthy", VaultID: testVaultID, KeyName: "pp-cmk",
		}},
		Vaults: []Vault{{
			Provenance: okProv(), ID: testVaultID, Name: "kv-pp-cmk", Location: "westeurope", URI: "https://kv-pp-cmk.vault.azure.net/",
			SKU: "premium", SoftDelete: new(true), PurgeProtection: true, RetentionDays: 90, RBAC: true,
			PublicNetworkAccess: "Disabled", Bypass: "AzureServices", DefaultAction: "Deny", PrivateEndpoints: 1,
		}},
		Keys: []Key{{
			Provenance: okProv(), VaultID: testVaultID, Name: "pp-cmk", Type: "RSA-HSM", Size: 3072, Enabled: true,
			Expires:  new(testNow.AddDate(1, 0, 0)),
			Rotation: &RotationPolicy{RotateAfterCreate: "P90D", NotifyBeforeExpiry: "P30D"},
			Versions: []KeyVersion{
				{Version: "b2b2b2b2b2", Enabled: true, Created: new(testNow.AddDate(0, 0, -100))},
				{Version: "a1a1a1a1a1", Enabled: true, Created: new(testNow.AddDate(0, 0, -500))},
			},
		}},
	}
}

type checkCase struct {
	name    string
	mod     func(*Facts)
	answers Answers
	status  FactStatus
	implies []string            // nil: the check must not imply an answer
	signals map[string][]string // signal → subject IDs; nil: no signal
	reason  string              // a substring of Reason
	scope   []string            // environment IDs; nil: the production ones
}

// runCheckCases runs cases against a check from the table (so undeclared
// signals are dropped as in production) and checks that what it implies is
// a choice of the question that uses it.
func runCheckCases(t *testing.T, name string, cases []checkCase) {
	t.Helper()
	def, ok := lookupCheck(name)
	if !ok {
		t.Fatalf("check %s is not in the table", name)
	}
	q := questionUsing(t, name)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := healthyFacts()
			if tc.mod != nil {
				tc.mod(f)
			}
			o := runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, tc.scope), Answers: tc.answers, Now: testNow, Hosting: mustBank(t).AIHosting})
			if o.Status != tc.status {
				t.Errorf("status %s (%s), want %s", o.Status, o.Reason, tc.status)
			}
			if tc.status != StatusOK && o.Reason == "" && o.Status != StatusNotApplicable && o.Status != StatusNotCollected {
				t.Errorf("status %s without a reason", o.Status)
			}
			if !strings.Contains(o.Reason, tc.reason) {
				t.Errorf("reason %q, want it to contain %q", o.Reason, tc.reason)
			}
			got := slices.Clone(o.Implies)
			sort.Strings(got)
			if !slices.Equal(got, tc.implies) {
				t.Errorf("implies %v, want %v", got, tc.implies)
			}
			for _, v := range o.Implies {
				if _, ok := q.Choice(v); !ok {
					t.Errorf("implies %q, which is not a choice of %s", v, q.ID)
				}
			}
			gotSig := map[string][]string{}
			for s, subs := range o.Signals {
				for _, sub := range subs {
					gotSig[s] = append(gotSig[s], sub.ID)
				}
			}
			if len(gotSig) != len(tc.signals) {
				t.Errorf("signals %v, want %v", gotSig, tc.signals)
			}
			for s, want := range tc.signals {
				if !slices.Equal(gotSig[s], want) {
					t.Errorf("signal %s: %v, want %v", s, gotSig[s], want)
				}
			}
			if o.Summary == "" {
				t.Error("empty summary")
			}
		})
	}
}

func questionUsing(t *testing.T, check string) *Question {
	t.Helper()
	for _, q := range mustBank(t).Questions() {
		if q.Live != nil && q.Live.Check == check {
			return q
		}
	}
	t.Fatalf("no question uses check %s", check)
	return nil
}

func addEnv(e Environment) func(*Facts) {
	return func(f *Facts) { f.Environments = append(f.Environments, e) }
}

func env0(mod func(*Environment)) func(*Facts) {
	return func(f *Facts) { mod(&f.Environments[0]) }
}

func emptyFacts(f *Facts) { *f = Facts{} }

func TestCheckCMKLinkage(t *testing.T) {
	runCheckCases(t, "cmk-linkage", []checkCase{
		{name: "all on the customer key", status: StatusOK, implies: []string{"all-cmk"}},
		{name: "one environment on Microsoft's key", status: StatusOK, implies: []string{"some-cmk"},
			mod:     addEnv(testEnv("env-pay", "Payroll", func(e *Environment) { e.CMK, e.KeyManagedBy = nil, "Microsoft" })),
			signals: map[string][]string{"env-on-microsoft-key": {"env-pay"}}},
		{name: "failed link", status: StatusOK, implies: []string{"none-cmk"},
			mod:     env0(func(e *Environment) { e.CMK.LinkStatus, e.KeyManagedBy = "Failed", "Microsoft" }),
			signals: map[string][]string{"env-on-microsoft-key": {"env-hr"}, "cmk-link-failed": {"env-hr"}}},
		{name: "CustomerViaMicrosoft counts as the customer's key", status: StatusOK, implies: []string{"all-cmk"},
			mod: env0(func(e *Environment) { e.KeyManagedBy = "CustomerViaMicrosoft" })},
		{name: "linked but keyManagedBy Microsoft", status: StatusOK, implies: []string{"none-cmk"},
			mod:     env0(func(e *Environment) { e.KeyManagedBy = "Microsoft" }),
			signals: map[string][]string{"cmk-link-mismatch": {"env-hr"}, "env-on-microsoft-key": {"env-hr"}}},
		{name: "environment unreadable", status: StatusNotPermitted, reason: "Contoso HR",
			mod: env0(func(e *Environment) { e.Provenance = deniedProv() })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckCMKPrereqs(t *testing.T) {
	runCheckCases(t, "cmk-prereqs", []checkCase{
		{name: "all met", status: StatusOK},
		{name: "unmanaged trial environment in another geo than its policy", status: StatusOK, implies: []string{"gaps"}, scope: []string{"env-hr"},
			mod:     env0(func(e *Environment) { e.Managed, e.Type, e.Geo = false, EnvTrial, "uk" }),
			signals: map[string][]string{"env-not-managed": {"env-hr"}, "env-type-unsupported": {"env-hr"}, "policy-geo-mismatch": {"env-hr"}}},
		{name: "policy not collected: the link's location decides", status: StatusOK, implies: []string{"gaps"},
			mod:     func(f *Facts) { f.Policies = nil; f.Environments[0].CMK.Location = "france" },
			signals: map[string][]string{"policy-geo-mismatch": {"env-hr"}}},
		{name: "environment unreadable", status: StatusNotPermitted, reason: "Contoso HR",
			mod: env0(func(e *Environment) { e.Provenance = deniedProv() })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckLegacyBYOK(t *testing.T) {
	runCheckCases(t, "legacy-byok", []checkCase{
		{name: "no BYOK", status: StatusOK, implies: []string{"no"}},
		{name: "customer key without a policy", status: StatusOK, implies: []string{"yes"},
			mod:     env0(func(e *Environment) { e.CMK = nil }),
			signals: map[string][]string{"byok-suspected": {"env-hr"}}},
		{name: "unknown keyManagedBy value is not a customer key", status: StatusOK, implies: []string{"no"},
			mod: env0(func(e *Environment) { e.CMK, e.KeyManagedBy = nil, "Unknown" })},
		{name: "keyManagedBy not returned", status: StatusOK,
			mod: env0(func(e *Environment) { e.KeyManagedBy = "" })},
		{name: "environment unreadable", status: StatusError, reason: "boom",
			mod: env0(func(e *Environment) { e.Provenance = Provenance{Status: StatusError, Reason: "boom"} })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckKeyType(t *testing.T) {
	key := func(mod func(*Key)) func(*Facts) { return func(f *Facts) { mod(&f.Keys[0]) } }
	runCheckCases(t, "key-type", []checkCase{
		{name: "RSA-HSM 3072 in a vault", status: StatusOK, implies: []string{"rsa-hsm-vault"}},
		{name: "software RSA 2048", status: StatusOK, implies: []string{"rsa-software"},
			mod:     key(func(k *Key) { k.Type, k.Size = "RSA", 2048 }),
			signals: map[string][]string{"key-software": {testKeyID}}},
		{name: "Managed HSM", status: StatusOK, implies: []string{"rsa-hsm-managed"},
			mod: func(f *Facts) { f.Vaults[0].URI = "https://hsm1.managedhsm.azure.net/" }},
		{name: "EC key", status: StatusOK, implies: []string{"other"},
			mod:     key(func(k *Key) { k.Type, k.Size = "EC", 256 }),
			signals: map[string][]string{"key-unsupported": {testKeyID}}},
		{name: "4096 bits", status: StatusOK, implies: []string{"rsa-hsm-vault"},
			mod:     key(func(k *Key) { k.Size = 4096 }),
			signals: map[string][]string{"key-size-verify": {testKeyID}}},
		{name: "1024 bits", status: StatusOK, implies: []string{"rsa-hsm-vault"},
			mod:     key(func(k *Key) { k.Size = 1024 }),
			signals: map[string][]string{"key-unsupported": {testKeyID}}},
		{name: "key unreadable", status: StatusNotPermitted, reason: "key pp-cmk",
			mod: key(func(k *Key) { k.Provenance = deniedProv() })},
		{name: "key not collected", status: StatusNotFound, reason: "key pp-cmk in vault kv-pp-cmk was not read",
			mod: func(f *Facts) { f.Keys = nil }},
		{name: "no environment on a customer key", status: StatusNotApplicable,
			mod: env0(func(e *Environment) { e.CMK = nil })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

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
		{name: "expires in a year", status: StatusOK},
		{name: "no expiry", status: StatusOK, implies: []string{"no-expiry"},
			mod: key(func(k *Key) { k.Expires = nil })},
		{name: "expired", status: StatusOK,
			mod:     key(func(k *Key) { k.Expires = new(testNow.AddDate(0, 0, -2)) }),
			signals: map[string][]string{"key-expired": {testKeyID}}},
		{name: "expires in 30 days", status: StatusOK,
			mod:     key(func(k *Key) { k.Expires = new(testNow.AddDate(0, 0, 30)) }),
			signals: map[string][]string{"key-expiring": {testKeyID}}},
		{name: "disabled, no expiry", status: StatusOK,
			mod:     key(func(k *Key) { k.Enabled, k.Expires = false, nil }),
			signals: map[string][]string{"key-disabled": {testKeyID}}},
		{name: "key 403", status: StatusNotPermitted, reason: "pp-cmk",
			mod: key(func(k *Key) { k.Provenance = deniedProv() })},
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

func TestCheckNonProdKeys(t *testing.T) {
	sandbox := func(mod func(*Environment)) Environment {
		return testEnv("env-dev", "HR dev", func(e *Environment) {
			e.Type, e.CMK, e.KeyManagedBy = EnvSandbox, nil, "Microsoft"
			if mod != nil {
				mod(e)
			}
		})
	}
	runCheckCases(t, "nonprod-keys", []checkCase{
		{name: "no non-production environments", status: StatusOK},
		{name: "sandbox on Microsoft's key", status: StatusOK, mod: addEnv(sandbox(nil)),
			signals: map[string][]string{"nonprod-on-microsoft-key": {"env-dev"}}},
		{name: "sandbox without Dataverse", status: StatusOK, mod: addEnv(sandbox(func(e *Environment) { e.HasDataverse = false }))},
		{name: "sandbox unreadable", status: StatusNotPermitted, mod: addEnv(sandbox(func(e *Environment) { e.Provenance = deniedProv() })), reason: "HR dev"},
		{name: "production not on a customer key", status: StatusNotApplicable, mod: env0(func(e *Environment) { e.CMK = nil })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckTLS(t *testing.T) {
	runCheckCases(t, "tls-endpoints", []checkCase{
		{name: "legacy refused, modern works", status: StatusOK},
		{name: "legacy accepted, modern failed", status: StatusOK,
			mod:     env0(func(e *Environment) { e.TLS.LegacyRefused, e.TLS.ModernOK = false, false }),
			signals: map[string][]string{"tls-legacy-accepted": {testHost}, "tls-modern-failed": {testHost}}},
		{name: "probe failed", status: StatusError, reason: "dial tcp",
			mod: env0(func(e *Environment) { e.TLS.Provenance = Provenance{Status: StatusError, Reason: "dial tcp: timeout"} })},
		{name: "probe skipped", status: StatusNotCollected,
			mod: env0(func(e *Environment) { e.TLS = nil })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckVNet(t *testing.T) {
	runCheckCases(t, "vnet-injection", []checkCase{
		{name: "linked", status: StatusOK},
		{name: "no policy", status: StatusOK, mod: env0(func(e *Environment) { e.VNetPolicy = nil }),
			signals: map[string][]string{"env-without-vnet": {"env-hr"}}},
		{name: "failed link", status: StatusOK, mod: env0(func(e *Environment) { e.VNetPolicy.LinkStatus = "Failed" }),
			signals: map[string][]string{"env-without-vnet": {"env-hr"}}},
		{name: "environment unreadable", status: StatusNotPermitted, reason: "Contoso HR",
			mod: env0(func(e *Environment) { e.Provenance = deniedProv() })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckResidency(t *testing.T) {
	req := func(geo string) Answers { return Answers{"RS-01": answered(geo)} }
	runCheckCases(t, "residency", []checkCase{
		{name: "no requirement answered", status: StatusNotApplicable},
		{name: "no requirement", status: StatusNotApplicable, answers: req("no-requirement")},
		{name: "all in Europe", status: StatusOK, answers: req("europe")},
		{name: "France counts as Europe", status: StatusOK, answers: req("europe"),
			mod: env0(func(e *Environment) { e.Geo = "france" })},
		{name: "everything outside Germany", status: StatusOK, answers: req("germany"),
			signals: map[string][]string{"env-outside-geo": {"env-hr"}, "policy-outside-geo": {testPolicyID}, "vault-outside-geo": {testVaultID}, "home-geo-outside": {"tenant-1"}}},
		{name: "home geo outside, environments inside", status: StatusOK, answers: req("europe"),
			mod:     func(f *Facts) { f.Tenant.HomeGeo = "unitedstates" },
			signals: map[string][]string{"home-geo-outside": {"tenant-1"}}},
		{name: "environment geo not returned is left to a person", status: StatusOK, answers: req("europe"),
			mod: env0(func(e *Environment) { e.Geo = "" })},
		{name: "unknown vault region is left to a person", status: StatusOK, answers: req("europe"),
			mod: func(f *Facts) { f.Vaults[0].Location = "moonbase1" }},
		{name: "vault 403 still reports the environment", status: StatusNotPermitted, answers: req("germany"), reason: "kv-pp-cmk",
			mod:     func(f *Facts) { f.Vaults[0].Provenance = deniedProv() },
			signals: map[string][]string{"env-outside-geo": {"env-hr"}, "policy-outside-geo": {testPolicyID}, "home-geo-outside": {"tenant-1"}}},
		{name: "no environments", status: StatusNotApplicable, answers: req("europe"), mod: emptyFacts},
	})
}

func TestCheckAICrossGeo(t *testing.T) {
	runCheckCases(t, "ai-cross-geo", []checkCase{
		{name: "off everywhere", status: StatusOK, implies: []string{"not-allowed"}},
		{name: "on in France: processed abroad", status: StatusOK, implies: []string{"allowed"},
			mod:     env0(func(e *Environment) { e.Geo, e.AI.CrossGeoMovement = "france", new(true) }),
			signals: map[string][]string{"ai-cross-geo-on": {"env-hr"}, "ai-processing-outside-geo": {"env-hr"}}},
		{name: "on in Europe: stays in the EU Data Boundary", status: StatusOK, implies: []string{"allowed"},
			mod:     env0(func(e *Environment) { e.AI.CrossGeoMovement = new(true) }),
			signals: map[string][]string{"ai-cross-geo-on": {"env-hr"}}},
		{name: "United States without the setting", status: StatusOK, implies: []string{"not-allowed"},
			mod: env0(func(e *Environment) { e.Geo, e.AI.CrossGeoMovement = "unitedstates", nil })},
		{name: "setting not returned", status: StatusOK,
			mod: env0(func(e *Environment) { e.AI.CrossGeoMovement = nil })},
		{name: "AI settings unreadable", status: StatusNotPermitted, reason: "AI settings of Contoso HR",
			mod: env0(func(e *Environment) { e.AI.Provenance = deniedProv() })},
		{name: "AI settings never collected", status: StatusNotCollected,
			mod: env0(func(e *Environment) { e.AI = AISettings{} })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckAIBing(t *testing.T) {
	runCheckCases(t, "ai-bing", []checkCase{
		{name: "off", status: StatusOK, implies: []string{"no"}},
		{name: "on", status: StatusOK, implies: []string{"yes"},
			mod:     env0(func(e *Environment) { e.AI.BingSearch = new(true) }),
			signals: map[string][]string{"bing-on": {"env-hr"}}},
		{name: "not returned", status: StatusOK, mod: env0(func(e *Environment) { e.AI.BingSearch = nil })},
		{name: "unreadable", status: StatusNotPermitted, mod: env0(func(e *Environment) { e.AI.Provenance = deniedProv() }), reason: "Contoso HR"},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckAIBoundary(t *testing.T) {
	runCheckCases(t, "ai-boundary", []checkCase{
		{name: "both off", status: StatusOK, implies: []string{"neither"}},
		{name: "both on", status: StatusOK, implies: []string{"flex-on", "m365-on"},
			mod:     env0(func(e *Environment) { e.AI.M365Services, e.AI.CrossBoundaryFlex = new(true), new(true) }),
			signals: map[string][]string{"m365-services-on": {"env-hr"}, "flex-routing-on": {"env-hr"}}},
		{name: "flex routing does not exist outside the EU", status: StatusOK, implies: []string{"neither"},
			mod: env0(func(e *Environment) { e.Geo, e.AI.CrossBoundaryFlex = "japan", nil })},
		{name: "flex routing not returned in the EU", status: StatusOK,
			mod: env0(func(e *Environment) { e.AI.CrossBoundaryFlex = nil })},
		{name: "unreadable", status: StatusNotPermitted, mod: env0(func(e *Environment) { e.Provenance = deniedProv() }), reason: "Contoso HR"},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckTenantAISettings(t *testing.T) {
	runCheckCases(t, "tenant-ai-settings", []checkCase{
		{name: "nothing shared", status: StatusOK},
		{name: "model data and prompts shared", status: StatusOK,
			mod: func(f *Facts) {
				f.Tenant.Settings.EnableModelDataSharing = new(true)
				f.Tenant.Settings.DisableCopilotFeedbackMetadata = new(false)
			},
			signals: map[string][]string{"model-data-sharing-on": {"tenant-1"}, "prompt-sharing-allowed": {"tenant-1"}}},
		{name: "settings not returned", status: StatusOK,
			mod: func(f *Facts) {
				f.Tenant.Settings.EnableModelDataSharing, f.Tenant.Settings.DisableCopilotFeedbackMetadata = nil, nil
			}},
		{name: "403", status: StatusNotPermitted, reason: "needs Power Platform administrator",
			mod: func(f *Facts) {
				f.Tenant.Settings.Provenance = Provenance{Status: StatusNotPermitted, Reason: "needs Power Platform administrator"}
			}},
		{name: "not collected", status: StatusNotCollected, mod: emptyFacts},
	})
}

// TestChecksSurviveBadFacts runs every check on missing, empty and broken
// facts: none may panic, and none may imply an answer from them.
func TestChecksSurviveBadFacts(t *testing.T) {
	broken := &Facts{
		Environments: []Environment{
			{Provenance: okProv(), ID: "e1", CMK: &CMKLink{PolicyID: "p-only"}, TLS: &TLSProbe{}},
			{Provenance: okProv(), ID: "e2", Type: EnvProduction, CMK: &CMKLink{ResourceID: "/p2"}, VNetPolicy: &PolicyLink{}},
			{ID: "e3", Type: EnvProduction},
		},
		Policies: []EnterprisePolicy{{Provenance: okProv(), ID: "/p2"}, {ID: "/p3", VaultID: "/v3", KeyName: "k"}},
		Vaults:   []Vault{{ID: "/v3"}},
		Keys:     []Key{{VaultID: "/v3", Name: "k", Versions: []KeyVersion{{}, {}}, RotationProvenance: &Provenance{}}},
	}
	broken.Environments[0].Type = EnvProduction
	for _, def := range checkTable() {
		for name, f := range map[string]*Facts{"nil": nil, "empty": {}, "broken": broken} {
			in := CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Answers: Answers{"RS-01": answered("europe")}, Now: testNow}
			o := runCheck(def, in)
			if o.Decides() && name != "broken" {
				t.Errorf("%s on %s facts implies %v", def.Name, name, o.Implies)
			}
			if name == "nil" && o.Status != StatusNotCollected {
				t.Errorf("%s on nil facts: status %s, want not-collected", def.Name, o.Status)
			}
		}
	}
}

func TestEveryCheckIsUsed(t *testing.T) {
	b := mustBank(t)
	used := map[string]bool{}
	for _, q := range b.Questions() {
		if q.Live != nil {
			used[q.Live.Check] = true
		}
	}
	for _, def := range checkTable() {
		if !used[def.Name] {
			t.Errorf("check %s is used by no question", def.Name)
		}
	}
	seen := map[string]string{}
	for _, def := range checkTable() {
		for _, s := range def.Signals {
			if other, dup := seen[s]; dup {
				t.Errorf("signal %s is declared by both %s and %s", s, other, def.Name)
			}
			seen[s] = def.Name
		}
	}
}
