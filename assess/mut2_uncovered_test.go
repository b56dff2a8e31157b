package assess

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tests for code no test ran (the mutation tool's "uncovered" list): the
// small accessors the report and the wizard call. Expectations follow the
// doc comments of each function.

// TestQuestionCountsWording: "30 of 40 questions answered (5 by the
// tenant's facts), 3 not sure, 2 open" (result.go); a part whose count is 0
// is left out, a count of 1 is shown.
func TestQuestionCountsWording(t *testing.T) {
	cases := []struct {
		s    Score
		want string
	}{
		{Score{Total: 40, Answered: 30, FromTenant: 5, NotSure: 3, Open: 2}, "30 of 40 questions answered (5 by the tenant's facts), 3 not sure, 2 open"},
		{Score{Total: 4, Answered: 1, FromTenant: 1, NotSure: 1, Skipped: 1, NotApplicable: 1, Open: 1}, "1 of 4 questions answered (1 by the tenant's facts), 1 not sure, 1 skipped, 1 not applicable, 1 open"},
		{Score{Total: 2}, "0 of 2 questions answered"},
		{Score{Total: 3, Answered: 3}, "3 of 3 questions answered"},
		{Score{Total: 5, Skipped: 2, NotApplicable: 3}, "0 of 5 questions answered, 2 skipped, 3 not applicable"},
	}
	for _, c := range cases {
		if got := c.s.QuestionCounts(); got != c.want {
			t.Errorf("%+v:\n got %q\nwant %q", c.s, got, c.want)
		}
	}
}

// TestResultSourceLookup: source IDs count from 1; 0, a negative ID, one
// past the end and a nil result name no source (sources.go).
func TestResultSourceLookup(t *testing.T) {
	r := &Result{}
	p1 := Provenance{Source: "Key Vault kv-eu: GET /keys/cmk-eu (7.4)", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Status: StatusOK}
	p2 := Provenance{Source: "BAP GET /environments", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Status: StatusNotPermitted}
	if id := r.AddSource(p1); id != 1 {
		t.Fatalf("first source: id %d, want 1", id)
	}
	if id := r.AddSource(p2); id != 2 {
		t.Fatalf("second source: id %d, want 2", id)
	}
	// The same request at the same instant in another zone is the same source.
	again := p1
	again.At = p1.At.In(time.FixedZone("CET", 3600))
	if id := r.AddSource(again); id != 1 || len(r.Sources) != 2 {
		t.Fatalf("same request again: id %d with %d sources, want 1 with 2", id, len(r.Sources))
	}
	for _, c := range []struct {
		id     SourceID
		ok     bool
		src    string
		family string
	}{
		{-1, false, "", ""},
		{0, false, "", ""},
		{1, true, p1.Source, "Key Vault GET /keys/{name} (7.4) on each key's own vault"},
		{2, true, p2.Source, "BAP GET /environments"},
		{3, false, "", ""},
	} {
		p, ok := r.Source(c.id)
		if ok != c.ok || p.Source != c.src {
			t.Errorf("Source(%d) = %q, %v; want %q, %v", c.id, p.Source, ok, c.src, c.ok)
		}
		if got := r.SourceFamily(c.id); got != c.family {
			t.Errorf("SourceFamily(%d) = %q, want %q", c.id, got, c.family)
		}
	}
	var none *Result
	if _, ok := none.Source(1); ok {
		t.Error("a nil result resolved a source")
	}
	if got := none.SourceFamily(1); got != "" {
		t.Errorf("a nil result's family: %q", got)
	}
}

// TestFactsLookups: policies and vaults are found by ARM ID in any case,
// keys by vault ID and name in any case; a nil snapshot has nothing.
func TestFactsLookups(t *testing.T) {
	f := healthyFacts()
	f.Policies = append(f.Policies, EnterprisePolicy{ID: testPolicyID + "-2", Name: "second"})
	f.Vaults = append(f.Vaults, Vault{ID: testVaultID + "-2", Name: "kv-second"})
	f.Keys = append(f.Keys, Key{VaultID: testVaultID, Name: "other-key"})
	if p, ok := f.Policy(strings.ToUpper(testPolicyID)); !ok || p.Name != "ep-cmk-eu" {
		t.Errorf("policy by upper-case ID: %q %v", p.Name, ok)
	}
	if p, ok := f.Policy(testPolicyID + "-2"); !ok || p.Name != "second" {
		t.Errorf("second policy: %q %v", p.Name, ok)
	}
	if _, ok := f.Policy(testPolicyID + "-3"); ok {
		t.Error("found a policy that is not there")
	}
	if v, ok := f.Vault(strings.ToUpper(testVaultID)); !ok || v.Name != "kv-pp-cmk" {
		t.Errorf("vault by upper-case ID: %q %v", v.Name, ok)
	}
	if v, ok := f.Vault(testVaultID + "-2"); !ok || v.Name != "kv-second" {
		t.Errorf("second vault: %q %v", v.Name, ok)
	}
	if _, ok := f.Vault("/subscriptions/x/vaults/none"); ok {
		t.Error("found a vault that is not there")
	}
	if k, ok := f.Key(strings.ToUpper(testVaultID), "PP-CMK"); !ok || k.Name != "pp-cmk" {
		t.Errorf("key by upper-case vault and name: %q %v", k.Name, ok)
	}
	if k, ok := f.Key(testVaultID, "other-key"); !ok || k.Name != "other-key" {
		t.Errorf("second key: %q %v", k.Name, ok)
	}
	// the name alone, or the vault alone, is not enough
	if _, ok := f.Key(testVaultID+"-2", "pp-cmk"); ok {
		t.Error("found pp-cmk in a vault that does not hold it")
	}
	if _, ok := f.Key(testVaultID, "missing"); ok {
		t.Error("found a key that is not there")
	}
	var none *Facts
	if _, ok := none.Policy(testPolicyID); ok {
		t.Error("nil facts: policy found")
	}
	if _, ok := none.Vault(testVaultID); ok {
		t.Error("nil facts: vault found")
	}
	if _, ok := none.Key(testVaultID, "pp-cmk"); ok {
		t.Error("nil facts: key found")
	}
}

// TestOverdueOf finds a question's overdue follow-up and nothing for others.
func TestOverdueOf(t *testing.T) {
	r := &Result{Overdue: []OverdueFollowUp{
		{QuestionID: "AR-01", FollowUp: "2026-01-01", DaysOverdue: 3},
		{QuestionID: "AR-02", FollowUp: "2026-01-02", DaysOverdue: 2},
	}}
	if o, ok := r.OverdueOf("AR-02"); !ok || o.DaysOverdue != 2 {
		t.Errorf("AR-02: %+v %v, want 2 days overdue", o, ok)
	}
	if o, ok := r.OverdueOf("AR-01"); !ok || o.DaysOverdue != 3 {
		t.Errorf("AR-01: %+v %v, want 3 days overdue", o, ok)
	}
	if _, ok := r.OverdueOf("KM-01"); ok {
		t.Error("KM-01 has no follow-up, found one")
	}
}

// TestLoadersReportAMissingFile: a path that is not there is an error, not
// an empty assessment or snapshot.
func TestLoadersReportAMissingFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nothing.json")
	if a, _, err := LoadAssessment(missing, miniBank(t)); !errors.Is(err, fs.ErrNotExist) || a != nil {
		t.Errorf("LoadAssessment of a missing file: %v, %v", a, err)
	}
	if f, err := LoadFacts(missing); !errors.Is(err, fs.ErrNotExist) || f != nil {
		t.Errorf("LoadFacts of a missing file: %v, %v; want the read error", f, err)
	}
}

// TestAssessmentProblemsSortedByPath: the problems of a partly broken file
// come sorted by path, whatever order the decoder met them in.
func TestAssessmentProblemsSortedByPath(t *testing.T) {
	doc := `{"schemaVersion":1,"answers":{` +
		`"SC-01":{"state":"answered","values":"a"},` +
		`"AR-03":{"state":"answered","values":"b"},` +
		`"AR-01":{"state":"answered","values":"c"},` +
		`"KM-01":{"state":"answered","values":"d"}}}`
	for range 5 { // map order differs between runs: try several
		_, _, err := ParseAssessment([]byte(doc), "x.json", miniBank(t))
		var le *LoadError
		if !errors.As(err, &le) {
			t.Fatalf("want a LoadError, got %v", err)
		}
		var paths []string
		for _, p := range le.Problems {
			paths = append(paths, p.Path)
		}
		want := []string{"answers.AR-01.values", "answers.AR-03.values", "answers.KM-01.values", "answers.SC-01.values"}
		if strings.Join(paths, " ") != strings.Join(want, " ") {
			t.Fatalf("problem paths %v, want %v", paths, want)
		}
	}
}

// TestParseSeverity takes every severity in any case and with spaces, and
// names the allowed values otherwise.
func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]Severity{"high": SevHigh, " Medium ": SevMedium, "LOW": SevLow, "info": SevInfo} {
		got, err := ParseSeverity(in)
		if err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := ParseSeverity("critical")
	if err == nil || !strings.Contains(err.Error(), `"critical" is not one of: high, medium, low, info`) {
		t.Errorf("critical: %v", err)
	}
}

// TestBankWithBrokenAIHostingTable: a bank whose AI hosting table does not
// parse does not load, and the error names the file.
func TestBankWithBrokenAIHostingTable(t *testing.T) {
	_, err := planBank(t, map[string]string{aiHostingFile: "revised: [\n"})
	if err == nil || !strings.Contains(err.Error(), aiHostingFile) {
		t.Errorf("broken %s: %v", aiHostingFile, err)
	}
}

// TestNullAcceptancesInAnswersFile: "acceptances:" with nothing after it is
// an empty list, not a problem; a scalar is one.
func TestNullAcceptancesInAnswersFile(t *testing.T) {
	b := miniBank(t)
	a, err := ParseAnswersFile([]byte("answers:\n  AR-01: cmk\nacceptances:\n"), "a.yaml", b)
	if err != nil {
		t.Fatalf("null acceptances: %v", err)
	}
	if len(a.Acceptances) != 0 {
		t.Errorf("acceptances %v, want none", a.Acceptances)
	}
	_, err = ParseAnswersFile([]byte("answers:\n  AR-01: cmk\nacceptances: none\n"), "a.yaml", b)
	if err == nil || !strings.Contains(err.Error(), "expected a list of acceptances") {
		t.Errorf("scalar acceptances: %v", err)
	}
}

// TestSourceTableRef: an empty provenance cites nothing, any one field
// makes it a source; the same request at the same instant is one source;
// a nil table cites nothing and lists none.
func TestSourceTableRef(t *testing.T) {
	var tb sourceTable
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if id := tb.ref(Provenance{}); id != 0 {
		t.Errorf("empty provenance: %d", id)
	}
	ids := []SourceID{
		tb.ref(Provenance{Source: "s"}),
		tb.ref(Provenance{Status: StatusOK}),
		tb.ref(Provenance{Reason: "r"}),
		tb.ref(Provenance{At: at}),
	}
	for i, id := range ids {
		if id != SourceID(i+1) {
			t.Errorf("provenance %d: id %d, want %d", i, id, i+1)
		}
	}
	if id := tb.ref(Provenance{At: at.In(time.FixedZone("E", 7200))}); id != 4 {
		t.Errorf("same instant in another zone: %d, want 4", id)
	}
	if got := len(tb.sources()); got != 4 {
		t.Errorf("%d sources, want 4", got)
	}
	for _, c := range []struct {
		id SourceID
		ok bool
	}{{0, false}, {1, true}, {4, true}, {5, false}, {-1, false}} {
		if _, ok := tb.get(c.id); ok != c.ok {
			t.Errorf("get(%d) = %v", c.id, ok)
		}
	}
	if p, _ := tb.get(3); p.Reason != "r" {
		t.Errorf("get(3) = %+v", p)
	}
	var none *sourceTable
	if none.ref(Provenance{Source: "s"}) != 0 {
		t.Error("nil table cites")
	}
	if s := none.sources(); s == nil || len(s) != 0 {
		t.Errorf("nil table sources %v, want an empty list", s)
	}
	if s := (&sourceTable{}).sources(); s == nil || len(s) != 0 {
		t.Errorf("empty table sources %v, want an empty list", s)
	}
	if _, ok := none.get(1); ok {
		t.Error("nil table resolves")
	}
}
