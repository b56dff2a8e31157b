package assess

import (
	"strings"
	"testing"
)

// TestFactIndexFirstWins: the first fact of an ID (any case) wins, as with
// the Facts lookup methods; a policy without a system ID is not found by an
// empty one; a link resolves by ARM ID, then by system ID.
func TestFactIndexFirstWins(t *testing.T) {
	f := &Facts{
		Policies: []EnterprisePolicy{
			{ID: "/P/One", Name: "first", SystemID: "sys-1"},
			{ID: "/p/one", Name: "second", SystemID: "sys-2"},
			{ID: "/p/nosys", Name: "nosys"},
		},
		Vaults: []Vault{{ID: "/V/1", Name: "first"}, {ID: "/v/1", Name: "second"}},
		Keys:   []Key{{VaultID: "/V/1", Name: "K", Type: "first"}, {VaultID: "/v/1", Name: "k", Type: "second"}},
	}
	idx := indexFacts(f)
	if p := idx.policies["/p/one"]; p.Name != "first" {
		t.Errorf("policy by ID: %q, want first", p.Name)
	}
	if v := idx.vaults["/v/1"]; v.Name != "first" {
		t.Errorf("vault: %q, want first", v.Name)
	}
	if k := idx.keys["/v/1/k"]; k.Type != "first" {
		t.Errorf("key: %q, want first", k.Type)
	}
	if _, ok := idx.bySystem[""]; ok {
		t.Error("a policy without a system ID is indexed under the empty one")
	}
	for _, c := range []struct {
		l    PolicyLink
		want string
		ok   bool
	}{
		{PolicyLink{ResourceID: "/p/ONE"}, "first", true},
		{PolicyLink{ResourceID: "/p/missing"}, "", false},
		{PolicyLink{ResourceID: "/p/missing", SystemID: "SYS-2"}, "second", true},
		{PolicyLink{SystemID: "sys-1"}, "first", true},
		{PolicyLink{SystemID: "sys-missing"}, "", false},
		{PolicyLink{}, "", false},
		{PolicyLink{PolicyID: "guid"}, "", false},
	} {
		p, ok := idx.policy(&c.l)
		if ok != c.ok || p.Name != c.want {
			t.Errorf("policy(%+v) = %q %v, want %q %v", c.l, p.Name, ok, c.want, c.ok)
		}
	}
	if got := indexFacts(nil); len(got.policies)+len(got.vaults)+len(got.keys) != 0 {
		t.Error("nil facts indexed something")
	}
}

// TestUsedByNamesTheEnvironments: a subject's detail ends with the
// environments relying on it, nothing when none do.
func TestUsedByNamesTheEnvironments(t *testing.T) {
	f := healthyFacts()
	secondChain(f)
	ch := buildKeyChain(CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), memo: &checkMemo{src: &sourceTable{}}})
	if got := ch.usedBy(strings.ToUpper(testVaultID)); got != "; used by Contoso HR (europe)" {
		t.Errorf("usedBy vault: %q", got)
	}
	if got := ch.usedBy(testPolicyID); got != "; used by Contoso HR (europe)" {
		t.Errorf("usedBy policy: %q", got)
	}
	if got := ch.usedBy("/subscriptions/x/vaults/unused"); got != "" {
		t.Errorf("usedBy of an unused vault: %q", got)
	}
	if n := ch.envCount(testVaultID + "/pp-cmk"); n != 1 {
		t.Errorf("envCount of the key: %d", n)
	}
	if got := ch.vaultURI(strings.ToUpper(testVaultID)); got != "https://kv-pp-cmk.vault.azure.net/" {
		t.Errorf("vaultURI: %q", got)
	}
	if got := ch.vaultURI("/nope"); got != "" {
		t.Errorf("vaultURI of an unknown vault: %q", got)
	}
}

// TestCMKLinkFailed: a failed link leaves the environment on Microsoft's
// key and raises cmk-link-failed; a plain Microsoft-key environment does
// not; an environment without Dataverse is said to need one.
func TestCMKLinkFailed(t *testing.T) {
	cases := []struct {
		name   string
		mod    func(*Environment)
		failed bool
		detail string
	}{
		{"link failed", func(e *Environment) { e.KeyManagedBy = "Microsoft"; e.CMK.LinkStatus = "Failed" }, true, "CMK link failed; still on the Microsoft-managed key"},
		{"no link", func(e *Environment) { e.KeyManagedBy = "Microsoft"; e.CMK = nil }, false, "Microsoft-managed key"},
		{"no dataverse", func(e *Environment) { e.KeyManagedBy = "Microsoft"; e.CMK = nil; e.HasDataverse = false }, false, "Microsoft-managed key; no Dataverse database, which a customer key needs"},
	}
	for _, c := range cases {
		f := healthyFacts()
		c.mod(&f.Environments[0])
		o := runNamed(t, "cmk-linkage", f, nil)
		if got := len(o.Signals["cmk-link-failed"]) > 0; got != c.failed {
			t.Errorf("%s: cmk-link-failed %v", c.name, got)
		}
		mmk := o.Signals["env-on-microsoft-key"]
		if len(mmk) != 1 || mmk[0].Detail != c.detail {
			t.Errorf("%s: env-on-microsoft-key %+v, want detail %q", c.name, mmk, c.detail)
		}
	}
}

// TestEnvironmentHelpers: customer key in either spelling, any link at all,
// the policy's location before the link's, and the link in words.
func TestEnvironmentHelpers(t *testing.T) {
	for by, want := range map[string]bool{"Customer": true, "CustomerViaMicrosoft": true, "customer": true, "Microsoft": false, "": false} {
		if got := customerKey(Environment{KeyManagedBy: by}); got != want {
			t.Errorf("customerKey(%q) = %v", by, got)
		}
	}
	for _, c := range []struct {
		l    *PolicyLink
		want bool
	}{{nil, false}, {&PolicyLink{LinkStatus: "Linked"}, false}, {&PolicyLink{ResourceID: "r"}, true}, {&PolicyLink{SystemID: "s"}, true}, {&PolicyLink{PolicyID: "p"}, true}} {
		if got := hasLink(c.l); got != c.want {
			t.Errorf("hasLink(%+v) = %v", c.l, got)
		}
	}
	idx := indexFacts(&Facts{Policies: []EnterprisePolicy{{ID: "/p/located", Location: "europe"}, {ID: "/p/unlocated"}}})
	for _, c := range []struct {
		l    *PolicyLink
		want string
	}{
		{nil, ""},
		{&PolicyLink{Location: "asia"}, ""},
		{&PolicyLink{ResourceID: "/p/located", Location: "asia"}, "europe"},
		{&PolicyLink{ResourceID: "/p/unlocated", Location: "asia"}, "asia"},
		{&PolicyLink{ResourceID: "/p/unknown", Location: "asia"}, "asia"},
	} {
		if got := policyLocation(idx, Environment{CMK: c.l}); got != c.want {
			t.Errorf("policyLocation(%+v) = %q, want %q", c.l, got, c.want)
		}
	}
	for _, c := range []struct {
		l    *PolicyLink
		want string
	}{{nil, "none"}, {&PolicyLink{}, "present"}, {&PolicyLink{LinkStatus: "Linking"}, "Linking"}} {
		if got := linkText(c.l); got != c.want {
			t.Errorf("linkText(%+v) = %q", c.l, got)
		}
	}
}

// TestMissingPolicyOnlyWhenNotFound: a link whose policy Azure reported as
// not found names it (by the end of its ID when it has no name); a policy
// read fine, or not read for another reason, is not "missing".
func TestMissingPolicyOnlyWhenNotFound(t *testing.T) {
	idx := indexFacts(&Facts{Policies: []EnterprisePolicy{
		{ID: "/p/gone", Provenance: Provenance{Status: StatusNotFound}},
		{ID: "/p/named", Name: "Named", Provenance: Provenance{Status: StatusNotFound}},
		{ID: "/p/denied", Provenance: deniedProv()},
		{ID: "/p/fine", Provenance: okProv()},
	}})
	for _, c := range []struct {
		l    *PolicyLink
		name string
		ok   bool
	}{
		{&PolicyLink{ResourceID: "/p/gone"}, "gone", true},
		{&PolicyLink{ResourceID: "/p/named"}, "Named", true},
		{&PolicyLink{ResourceID: "/p/denied"}, "", false},
		{&PolicyLink{ResourceID: "/p/fine"}, "", false},
		{&PolicyLink{ResourceID: "/p/other"}, "", false},
		{nil, "", false},
	} {
		p, ok := missingPolicy(idx, Environment{CMK: c.l})
		if ok != c.ok || p.Name != c.name {
			t.Errorf("missingPolicy(%+v) = %q %v, want %q %v", c.l, p.Name, ok, c.name, c.ok)
		}
	}
}

// TestNonProdKeysWhichEnvironments: only non-production, non-default
// environments outside the scope are looked at: a production environment
// left out of the scope, or the default environment, is not a
// non-production copy.
func TestNonProdKeysWhichEnvironments(t *testing.T) {
	mmk := func(id string, mod func(*Environment)) Environment {
		return testEnv(id, id, func(e *Environment) {
			e.CMK, e.KeyManagedBy = nil, "Microsoft"
			mod(e)
		})
	}
	cases := []struct {
		name    string
		env     Environment
		flagged bool
	}{
		{"sandbox", mmk("sbx", func(e *Environment) { e.Type = "Sandbox" }), true},
		{"sandbox without dataverse", mmk("sbx", func(e *Environment) { e.Type = "Sandbox"; e.HasDataverse = false }), false},
		{"sandbox on a customer key", testEnv("sbx", "sbx", func(e *Environment) { e.Type = "Sandbox" }), false},
		{"production outside the scope", mmk("prod2", func(e *Environment) {}), false},
		{"default environment", mmk("def", func(e *Environment) { e.Type = "Default"; e.IsDefault = true }), false},
	}
	for _, c := range cases {
		f := healthyFacts()
		f.Environments = append(f.Environments, c.env)
		def, _ := lookupCheck("nonprod-keys")
		o := runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, []string{"env-hr"}), Now: testNow})
		if got := len(o.Signals["nonprod-on-microsoft-key"]) > 0; got != c.flagged {
			t.Errorf("%s: flagged %v, want %v", c.name, got, c.flagged)
		}
	}
}
