package assess

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func findingIDs(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func pairIDs(cs []FindingChange) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Old.ID+"→"+c.New.ID)
	}
	return out
}

// TestCompareAnswerGotWorse: an answer that moved from "partial" to "same"
// is one worsened finding, not one resolved plus one new; the way back is
// one improved finding. The changed answer is listed with its labels.
func TestCompareAnswerGotWorse(t *testing.T) {
	b := mustBank(t)
	base := Answers{"AR-01": answered("cmk")}
	with := func(v string) Answers {
		a := Answers{"KM-02": answered(v)}
		for k, x := range base {
			a[k] = x
		}
		return a
	}
	partial := evaluate(t, Input{Bank: b, Answers: with("partial")})
	same := evaluate(t, Input{Bank: b, Answers: with("same")})
	d := Compare(partial, same, b)
	if got := pairIDs(d.Worsened); !slices.Equal(got, []string{"KM-02.partial-overlap→KM-02.same-admins"}) {
		t.Errorf("worsened %v", got)
	}
	for _, id := range append(findingIDs(d.Added), findingIDs(d.Resolved)...) {
		if strings.HasPrefix(id, "KM-02") {
			t.Errorf("KM-02 finding %s is listed as new or resolved", id)
		}
	}
	if len(d.Worsened) == 1 && (d.Worsened[0].What[0] != "was KM-02.partial-overlap: Key and environment administration overlap" || !slices.Contains(d.Worsened[0].What, "severity medium → high")) {
		t.Errorf("what %q", d.Worsened[0].What)
	}
	want := []AnswerChange{{QuestionID: "KM-02", Short: "Separation of duties", Old: answered("partial"), New: answered("same"), OldText: "Some people hold both roles", NewText: "The same people do both"}}
	if len(d.Answers) != 1 || d.Answers[0].QuestionID != want[0].QuestionID || d.Answers[0].Short != want[0].Short || d.Answers[0].OldText != want[0].OldText || d.Answers[0].NewText != want[0].NewText {
		t.Errorf("answers %+v", d.Answers)
	}
	back := Compare(same, partial, b)
	if got := pairIDs(back.Improved); !slices.Equal(got, []string{"KM-02.same-admins→KM-02.partial-overlap"}) {
		t.Errorf("improved %v", got)
	}
	if got := back.ChangeOf(Finding{ID: "KM-02.partial-overlap", State: FindingFail}); got != ChangeImproved {
		t.Errorf("ChangeOf %q", got)
	}
}

// TestComparePairsBySubject: two rules of one question about different
// subjects are not the same problem.
func TestComparePairsBySubject(t *testing.T) {
	env := func(id string) []Subject { return []Subject{{Kind: SubjectEnvironment, ID: id, Name: id}} }
	old := &Result{Findings: []Finding{
		{ID: "Q-01.a", QuestionID: "Q-01", Severity: SevMedium, State: FindingFail, Affected: env("e1")},
		{ID: "Q-01.b", QuestionID: "Q-01", Severity: SevLow, State: FindingWarn, Affected: env("e2")},
	}}
	cur := &Result{Findings: []Finding{
		{ID: "Q-01.c", QuestionID: "Q-01", Severity: SevHigh, State: FindingFail, Affected: env("e3")},
		{ID: "Q-01.d", QuestionID: "Q-01", Severity: SevLow, State: FindingWarn, Affected: env("e2")},
	}}
	d := Compare(old, cur, nil)
	if got := findingIDs(d.Added); !slices.Equal(got, []string{"Q-01.c"}) {
		t.Errorf("added %v", got)
	}
	if got := findingIDs(d.Resolved); !slices.Equal(got, []string{"Q-01.a"}) {
		t.Errorf("resolved %v", got)
	}
	if got := pairIDs(d.Changed); !slices.Equal(got, []string{"Q-01.b→Q-01.d"}) {
		t.Errorf("changed %v", got)
	}
	for _, f := range cur.Findings {
		want := map[string]Change{"Q-01.c": ChangeNew, "Q-01.d": ChangeChanged}[f.ID]
		if got := d.ChangeOf(f); got != want {
			t.Errorf("ChangeOf(%s) %q, want %q", f.ID, got, want)
		}
	}
	if got := d.ChangeOf(Finding{ID: "Q-01.x", State: FindingFail}); got != ChangeUnchanged {
		t.Errorf("ChangeOf(open, in neither list) %q", got)
	}
	if got := d.ChangeOf(Finding{ID: "Q-01.c", State: FindingNotVerified}); got != "" {
		t.Errorf("ChangeOf(not verified) %q", got)
	}
}

// TestCompareConflicts: conflicts the tenant raises now and no longer.
func TestCompareConflicts(t *testing.T) {
	b := mustBank(t)
	f := healthyFacts()
	f.Vaults[0].PurgeProtection = false
	before := evaluate(t, Input{Bank: b, Answers: Answers{"AR-01": answered("cmk"), "KM-08": answered("full")}, Facts: f})
	after := evaluate(t, Input{Bank: b, Answers: Answers{"AR-01": answered("cmk"), "KM-08": answered("soft-delete-only"), "AI-02": answered("no")},
		Facts: func() *Facts {
			g := healthyFacts()
			g.Vaults[0].PurgeProtection = false
			g.Environments[0].AI.BingSearch = new(true)
			return g
		}()})
	d := Compare(before, after, b)
	qids := func(cs []Conflict) []string {
		out := []string{}
		for _, c := range cs {
			out = append(out, c.QuestionID)
		}
		return out
	}
	if got := qids(d.ResolvedConflicts); !slices.Equal(got, []string{"KM-08"}) {
		t.Errorf("resolved conflicts %v", got)
	}
	if got := qids(d.NewConflicts); !slices.Equal(got, []string{"AI-02"}) {
		t.Errorf("new conflicts %v", got)
	}
}

// TestDiffJSONShape: lower-case keys only, and [] (never null) for lists.
func TestDiffJSONShape(t *testing.T) {
	r := &Result{}
	data, err := json.Marshal(Compare(r, r, nil))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"added", "resolved", "worsened", "improved", "changed", "answers", "newConflicts", "resolvedConflicts", "scores"} {
		if v, ok := m[k].([]any); !ok || v == nil {
			t.Errorf("%s is %v, want []", k, m[k])
		}
	}
	for k := range m {
		if k[0] < 'a' || k[0] > 'z' {
			t.Errorf("key %q is not lower-case", k)
		}
	}
}
