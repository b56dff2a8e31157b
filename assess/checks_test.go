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
