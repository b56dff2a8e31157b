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
