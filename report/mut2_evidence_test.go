package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// The evidence appendix (docs/report.md, the appendix's own opening
// sentence): every fact is sorted into its kind, and linked to the open
// findings about the same object whose evidence came from the same source
// API, or that cite no tenant evidence at all. Expectations by hand.

// m2EvidenceFixture is a small tenant: two environments (one unreadable AI
// settings), a policy, a vault, two keys (one with a rotation policy read,
// one unreadable), TLS on one host, and findings about each.
func m2EvidenceFixture() (*assess.Result, *assess.Facts, []assess.Finding) {
	at := time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)
	bap := assess.Provenance{Source: "BAP GET /environments", At: at, Status: assess.StatusOK}
	arm := assess.Provenance{Source: "ARM GET vaults", At: at, Status: assess.StatusOK}
	kv := assess.Provenance{Source: "KV GET key", At: at, Status: assess.StatusOK}
	res := &assess.Result{}
	bapID, armID := res.AddSource(bap), res.AddSource(arm)
	facts := &assess.Facts{
		Checks: []assess.CheckRun{{Name: "environments", Provenance: bap}, {Name: "empty"}},
		Tenant: assess.Tenant{Provenance: bap, Settings: assess.TenantSettings{Provenance: assess.Provenance{Source: "BAP POST /listTenantSettings", At: at, Status: assess.StatusError, Reason: "500"}}},
		Environments: []assess.Environment{
			{Provenance: bap, ID: "ENV-1", Name: "Prod", AI: assess.AISettings{Provenance: bap},
				TLS: &assess.TLSProbe{Provenance: assess.Provenance{Source: "TLS probe org1:443", At: at, Status: assess.StatusOK}, Host: "org1.example:443"}},
			{Provenance: bap, ID: "env-2", Name: "", AI: assess.AISettings{Provenance: assess.Provenance{Source: "BAP GET copilot", At: at, Status: assess.StatusNotPermitted}}},
		},
		Policies: []assess.EnterprisePolicy{{Provenance: arm, ID: "/p/pol-1"}, {Provenance: arm, ID: "/p/pol-2", Name: "Named policy"}},
		Vaults:   []assess.Vault{{Provenance: arm, ID: "/v/kv-1", Name: "kv-one"}},
		Keys: []assess.Key{
			{Provenance: kv, VaultID: "/v/kv-1", Name: "k1", ID: "https://kv-one/keys/k1/ver", RotationProvenance: &assess.Provenance{Source: "KV GET rotationpolicy", At: at, Status: assess.StatusOK}},
			{Provenance: assess.Provenance{Source: "KV GET key", At: at, Status: assess.StatusNotPermitted}, VaultID: "/v/kv-9", Name: "k2"},
		},
	}
	open := []assess.Finding{
		// about Prod, from BAP: the environment's fact, not its AI settings'
		{ID: "F-env", DataStates: []assess.DataState{assess.StateAtRest}, Affected: []assess.Subject{{Kind: assess.SubjectEnvironment, ID: "env-1"}},
			Evidence: []assess.Evidence{{Source: bapID}}},
		// about Prod's AI: the AI settings' fact only
		{ID: "F-ai", DataStates: []assess.DataState{assess.StateAIMovement}, Affected: []assess.Subject{{Kind: assess.SubjectEnvironment, ID: "ENV-1"}}},
		// about Prod, but its evidence came from ARM: no BAP fact raised it
		{ID: "F-arm", Affected: []assess.Subject{{Kind: assess.SubjectEnvironment, ID: "ENV-1"}}, Evidence: []assess.Evidence{{Source: armID}}},
		// about the tenant, no evidence cited
		{ID: "F-tenant", Affected: []assess.Subject{{Kind: assess.SubjectTenant, ID: ""}}},
		// about the vault and, by its path, the key k1
		{ID: "F-vault", Affected: []assess.Subject{{Kind: assess.SubjectVault, ID: "/V/KV-1"}, {Kind: assess.SubjectKey, ID: "/v/kv-1/keys/k1"}}},
		// about the TLS host
		{ID: "F-tls", Affected: []assess.Subject{{Kind: assess.SubjectHost, ID: "org1.example:443"}}},
		// about a subject with no ID: raises nothing
		{ID: "F-none", Affected: []assess.Subject{{Kind: assess.SubjectPolicy, ID: ""}}},
		// a subject named twice counts once
		{ID: "F-twice", Affected: []assess.Subject{{Kind: assess.SubjectPolicy, ID: "/p/pol-2"}, {Kind: assess.SubjectPolicy, ID: "/P/POL-2"}}},
	}
	return res, facts, open
}

func TestMut2EvidenceGroups(t *testing.T) {
	if got := evidenceGroups(&assess.Result{}, nil, nil); got != nil {
		t.Errorf("no facts: %v groups, want none", len(got))
	}
	res, facts, open := m2EvidenceFixture()
	groups := evidenceGroups(res, facts, open)
	type fact struct {
		status   assess.FactStatus
		findings string
	}
	want := map[string]map[string]fact{
		"Collection checks":      {"environments": {assess.StatusOK, ""}},
		"Tenant":                 {"Tenant": {assess.StatusOK, "F-tenant"}, "Tenant settings": {assess.StatusError, "F-tenant"}},
		"Environments":           {"Prod": {assess.StatusOK, "F-env"}, "env-2": {assess.StatusOK, ""}},
		"Generative AI settings": {"Prod": {assess.StatusOK, "F-ai"}, "env-2": {assess.StatusNotPermitted, ""}},
		// F-ai cites no evidence and is about Prod: the probe of Prod's host is about Prod too
		"TLS probes":            {"org1.example": {assess.StatusOK, "F-ai,F-tls"}},
		"Enterprise policies":   {"pol-1": {assess.StatusOK, ""}, "Named policy": {assess.StatusOK, "F-twice"}},
		"Key vaults":            {"kv-one": {assess.StatusOK, "F-vault"}},
		"Keys":                  {"k1 (kv-one)": {assess.StatusOK, "F-vault"}, "k2 (kv-9)": {assess.StatusNotPermitted, ""}},
		"Key rotation policies": {"k1 (kv-one)": {assess.StatusOK, "F-vault"}},
	}
	got := map[string]map[string]fact{}
	all := map[string]bool{}
	for _, g := range groups {
		if len(g.facts) == 0 {
			t.Errorf("group %q is empty: an empty kind is left out", g.title)
		}
		all[g.title] = g.all
		got[g.title] = map[string]fact{}
		for _, f := range g.facts {
			ids := slices.Clone(f.findings)
			slices.Sort(ids)
			got[g.title][f.name] = fact{f.p.Status, strings.Join(ids, ",")}
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("groups:\n got %v\nwant %v", got, want)
	}
	for title, w := range map[string]bool{"Collection checks": true, "Tenant": true, "Environments": false, "Keys": false} {
		if all[title] != w {
			t.Errorf("group %q lists every fact: %v, want %v", title, all[title], w)
		}
	}
}

func TestMut2EvidenceTLSNameFallsBackToEnvironment(t *testing.T) {
	at := time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)
	p := assess.Provenance{Source: "TLS", At: at, Status: assess.StatusOK}
	facts := &assess.Facts{Environments: []assess.Environment{
		{ID: "e1", Name: "Named", TLS: &assess.TLSProbe{Provenance: p}},
		{ID: "e2", TLS: &assess.TLSProbe{Provenance: p}},
		{ID: "e3"},
	}}
	groups := evidenceGroups(&assess.Result{}, facts, nil)
	if len(groups) != 1 || groups[0].title != "TLS probes" {
		t.Fatalf("groups = %+v, want the TLS probes only (the environments have no provenance)", groups)
	}
	var names []string
	for _, f := range groups[0].facts {
		names = append(names, f.name)
	}
	if !slices.Equal(names, []string{"Named", "e2"}) {
		t.Errorf("TLS fact names = %q, want the environment's name, else its ID", names)
	}
}

func TestMut2EvFactListed(t *testing.T) {
	for _, c := range []struct {
		f    evFact
		want bool
	}{
		{evFact{p: assess.Provenance{Status: assess.StatusOK}}, false},
		{evFact{p: assess.Provenance{Status: assess.StatusOK}, findings: []string{"X"}}, true},
		{evFact{p: assess.Provenance{Status: assess.StatusError}}, true},
		{evFact{}, true},
	} {
		if got := c.f.listed(); got != c.want {
			t.Errorf("listed(%+v) = %v, want %v", c.f, got, c.want)
		}
	}
}

func TestMut2EvGroupSources(t *testing.T) {
	g := evGroup{facts: []evFact{
		{p: assess.Provenance{Source: "B"}}, {p: assess.Provenance{Source: "A"}}, {p: assess.Provenance{Source: "C"}},
		{p: assess.Provenance{Source: "C"}}, {p: assess.Provenance{}}, {p: assess.Provenance{Source: "Key Vault kv-1: GET /keys/k1 (7.4)"}},
		{p: assess.Provenance{Source: "Key Vault kv-2: GET /keys/k2 (7.4)"}},
	}}
	// most used first, ties by name; the two key requests are one family
	want := []string{"C", "Key Vault GET /keys/{name} (7.4) on each key's own vault", "A", "B"}
	if got := g.sources(); !slices.Equal(got, want) {
		t.Errorf("sources = %q\nwant %q", got, want)
	}
}

func TestMut2TimeSpan(t *testing.T) {
	at := func(d, h, m int) evFact {
		return evFact{p: assess.Provenance{At: time.Date(2026, 11, d, h, m, 0, 0, time.UTC)}}
	}
	for _, c := range []struct {
		name  string
		facts []evFact
		want  string
	}{
		{"none", nil, "-"},
		{"no times", []evFact{{}, {}}, "-"},
		{"one", []evFact{at(27, 9, 5)}, "2026-11-27 09:05"},
		{"same time twice, a zero between", []evFact{at(27, 9, 5), {}, at(27, 9, 5)}, "2026-11-27 09:05"},
		{"same day", []evFact{at(27, 9, 30), at(27, 9, 5), at(27, 10, 1)}, "2026-11-27 09:05 to 10:01"},
		{"two days", []evFact{at(28, 1, 0), at(27, 23, 0)}, "2026-11-27 23:00 to 2026-11-28 01:00"},
	} {
		if got := timeSpan(c.facts); got != c.want {
			t.Errorf("%s: timeSpan = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestMut2StatusCell(t *testing.T) {
	for _, c := range []struct {
		p    assess.Provenance
		want cell
	}{
		{assess.Provenance{Status: assess.StatusOK}, cell{text: "ok"}},
		{assess.Provenance{}, cell{text: "-", color: colMedium, bold: true}},
		{assess.Provenance{Status: assess.StatusNotApplicable}, cell{text: "not applicable"}},
		{assess.Provenance{Status: assess.StatusNotPermitted, Reason: "needs Reader"}, cell{text: "not permitted: needs Reader", color: colMedium, bold: true}},
	} {
		if got := statusCell(c.p); got != c.want {
			t.Errorf("statusCell(%+v) = %+v, want %+v", c.p, got, c.want)
		}
	}
}

func TestMut2EvidenceBunches(t *testing.T) {
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	deny := assess.Provenance{Status: assess.StatusNotPermitted, Reason: "r", At: at}
	fail := assess.Provenance{Status: assess.StatusError, At: at.Add(time.Hour)}
	facts := []evFact{
		{name: "a", p: deny}, {name: "b", p: fail}, {name: "c", p: deny},
		{name: "d", p: deny, findings: []string{"X"}}, {name: "e", p: deny, findings: []string{"X"}},
	}
	var got []string
	for _, row := range evidenceBunches(facts) {
		var s []string
		for _, c := range row {
			s = append(s, c.text)
		}
		got = append(got, strings.Join(s, " | "))
	}
	want := []string{
		"2 facts: a, c | 2026-11-27 09:00 | not permitted: r | ",
		"b | 2026-11-27 10:00 | error | ",
		"2 facts: d, e | 2026-11-27 09:00 | not permitted: r | X",
	}
	if !slices.Equal(got, want) {
		t.Errorf("bunches:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestMut2EvidenceTablesText draws the appendix of the fixture and reads it
// back: the opening counts, each kind's heading and count, the sources line,
// the "read fine" summaries and the rows of facts that raised findings.
func TestMut2EvidenceTablesText(t *testing.T) {
	res, facts, open := m2EvidenceFixture()
	text := m2Drawn(t, func(d *doc) { evidenceTables(d, evidenceGroups(res, facts, open)) })
	for _, want := range []string{
		// 1 check + 2 tenant + 2 env + 2 AI + 1 TLS + 2 policies + 1 vault + 2 keys + 1 rotation; 3 not ok
		"14 facts were read from the tenant; 3 could not be read in full.",
		"where more than 60 facts of one kind",
		"Collection checks (1)", "Tenant (2)", "Environments (2)", "Generative AI settings (2)", "TLS probes (1)",
		"Enterprise policies (2)", "Key vaults (1)", "Keys (2)", "Key rotation policies (1)",
		"raised F-tenant",
		"Source: BAP GET /environments",
		"Source: KV GET key",
		"Sources: BAP GET /environments, BAP GET copilot",
		// unreadable first; a fact from another than the group's main source names it
		"env-2 BAP GET copilot 2026-11-27 07:00 not permitted Prod 2026-11-27 07:00 ok F-ai",
		"k2 (kv-9) 2026-11-27 07:00 not permitted k1 (kv-one) 2026-11-27 07:00 ok F-vault",
		"1 read fine: env-2 2026-11-27 07:00 ok none",
		"1 read fine: pol-1",
		"org1.example 2026-11-27 07:00 ok F-ai, F-tls",
		"F-twice",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the appendix lacks %q\n%s", want, text)
		}
	}
	for _, not := range []string{"All 1 read fine", "Read fine: pol-1", "Prod BAP", "k1 (kv-one) KV"} {
		if strings.Contains(text, not) {
			t.Errorf("the appendix has %q", not)
		}
	}
}

func TestMut2EvidenceTablesAllFine(t *testing.T) {
	at := time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)
	ok := assess.Provenance{Source: "ARM GET vaults", At: at, Status: assess.StatusOK}
	for _, c := range []struct {
		vaults []assess.Vault
		want   []string
	}{
		{[]assess.Vault{{Provenance: ok, ID: "/v/a"}, {Provenance: ok, ID: "/v/b"}},
			[]string{"2 facts were read from the tenant; 0 could not be read in full.", "Key vaults (2)", "All 2 read fine: a, b", "Source: ARM GET vaults"}},
		{[]assess.Vault{{Provenance: ok, ID: "/v/a"}},
			[]string{"1 fact was read from the tenant; 0 could not be read in full.", "Key vaults (1)", "Read fine: a 2026-11-27 07:00 ok none"}},
	} {
		text := m2Drawn(t, func(d *doc) {
			evidenceTables(d, evidenceGroups(&assess.Result{}, &assess.Facts{Vaults: c.vaults}, nil))
		})
		for _, want := range c.want {
			if !strings.Contains(text, want) {
				t.Errorf("the appendix lacks %q\n%s", want, text)
			}
		}
		if len(c.vaults) == 1 && strings.Contains(text, "1 read fine") {
			t.Errorf("a single fact reads \"Read fine\", not a count:\n%s", text)
		}
	}
}
