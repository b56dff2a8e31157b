package assess

import (
	"strings"
	"testing"
)

func hasEvidence(es []Evidence, kind EvidenceKind, text string) bool {
	for _, e := range es {
		if e.Kind == kind && e.Text == text {
			return true
		}
	}
	return false
}

// TestTenantAnswerEvidence: when the tenant decides an answer the user did
// not give, the finding's evidence says what the tenant shows; when the user
// gave the same answer, it does not repeat it. twoEnvFacts has one
// production environment on a customer key and one on Microsoft's: "Some".
func TestTenantAnswerEvidence(t *testing.T) {
	b := miniBank(t)
	r := eval(t, b, Answers{"AR-01": answered("cmk")}, twoEnvFacts())
	f, ok := r.Finding("AR-02.cmk-missing")
	if !ok {
		t.Fatal("no AR-02.cmk-missing")
	}
	if !hasEvidence(f.Evidence, EvidenceFact, "Tenant shows: Some") {
		t.Errorf("evidence %+v lacks the tenant's answer", f.Evidence)
	}
	r = eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": answered("some-cmk")}, twoEnvFacts())
	f, _ = r.Finding("AR-02.cmk-missing")
	for _, e := range f.Evidence {
		if strings.HasPrefix(e.Text, "Tenant shows: ") {
			t.Errorf("the same answer repeated as the tenant's: %+v", f.Evidence)
		}
	}
}

// TestQuestionObservation: a question with a live check carries the check's
// observation when facts were read, and none without facts.
func TestQuestionObservation(t *testing.T) {
	b := miniBank(t)
	find := func(r *Result) QuestionResult {
		for _, q := range r.Questions {
			if q.QuestionID == "AR-02" {
				return q
			}
		}
		t.Fatal("no AR-02 question result")
		return QuestionResult{}
	}
	qr := find(eval(t, b, Answers{"AR-01": answered("cmk")}, twoEnvFacts()))
	if qr.Observation == nil || qr.Observation.Status != StatusOK {
		t.Errorf("with facts: observation %+v", qr.Observation)
	}
	qr = find(eval(t, b, Answers{"AR-01": answered("cmk")}, nil))
	if qr.Observation != nil {
		t.Errorf("without facts: observation %+v", qr.Observation)
	}
}

// TestFindingsOpenFirstThenBySeverity pins the order Result.Findings
// promises (open first, then by severity) on the real bank, where many
// findings of one state differ in severity.
func TestFindingsOpenFirstThenBySeverity(t *testing.T) {
	b := mustBank(t)
	res := evaluate(t, Input{Bank: b, Answers: baseAnswers(), Facts: healthyFacts()})
	ans := Answers{}
	for _, q := range b.Questions() {
		if len(q.Choices) > 0 {
			ans[q.ID] = answered(q.Choices[len(q.Choices)-1].ID)
		}
	}
	res2 := evaluate(t, Input{Bank: b, Answers: ans})
	compared := 0
	for _, r := range []*Result{res, res2} {
		fs := r.Findings
		for i := 1; i < len(fs); i++ {
			a, c := fs[i-1], fs[i]
			if !a.State.Open() && c.State.Open() {
				t.Errorf("%s (%s) before the open %s (%s)", a.ID, a.State, c.ID, c.State)
			}
			if a.State == c.State && a.Severity.Rank() < c.Severity.Rank() {
				t.Errorf("%s (%s, %s) before %s (%s, %s)", a.ID, a.State, a.Severity, c.ID, c.State, c.Severity)
			}
			if a.State == c.State && a.Severity != c.Severity {
				compared++
			}
		}
	}
	if compared == 0 {
		t.Fatal("no two findings of one state with different severities: the test does not bite")
	}
}

// TestFactsEnvironment: an environment is found by its ID; an unknown ID or
// no facts at all finds nothing.
func TestFactsEnvironment(t *testing.T) {
	f := twoEnvFacts()
	if e, ok := f.Environment("e2"); !ok || e.Name != "Payroll" {
		t.Errorf("e2: %v %+v", ok, e)
	}
	if _, ok := f.Environment("e9"); ok {
		t.Error("e9 found")
	}
	var none *Facts
	if _, ok := none.Environment("e1"); ok {
		t.Error("found in no facts")
	}
}

// TestAnswerIs: exactly these values in any order, and only for an answered
// question.
func TestAnswerIs(t *testing.T) {
	a := answered("a", "b")
	if !a.Is("b", "a") || !a.Is("a", "b") {
		t.Error("same values in another order")
	}
	if a.Is("a") || a.Is("a", "b", "c") || a.Is("a", "c") {
		t.Error("other values")
	}
	if (Answer{State: AnswerUnsure, Values: []string{"a"}}).Is("a") {
		t.Error("a not-sure answer with a value")
	}
}

// TestSubjectDiff: a subject is the same when kind and ID both match; the
// lists are compared as sets.
func TestSubjectDiff(t *testing.T) {
	env := func(id string) Subject { return Subject{Kind: SubjectEnvironment, ID: id} }
	old := []Subject{env("e1"), env("e2")}
	cur := []Subject{env("e2"), env("e3"), {Kind: SubjectKey, ID: "e1"}}
	added, removed := subjectDiff(old, cur)
	key := func(ss []Subject) map[string]bool {
		m := map[string]bool{}
		for _, s := range ss {
			m[string(s.Kind)+":"+s.ID] = true
		}
		return m
	}
	if got := key(added); len(got) != 2 || !got["environment:e3"] || !got["key:e1"] {
		t.Errorf("added %v, want environment e3 and key e1", got)
	}
	if got := key(removed); len(got) != 1 || !got["environment:e1"] {
		t.Errorf("removed %v, want environment e1", got)
	}
	if a, r := subjectDiff(old, old); len(a) != 0 || len(r) != 0 {
		t.Errorf("same list: added %v removed %v", a, r)
	}
}

// TestPreviousMinor: the minor release before x.y.z in the bank's numbering
// is x.(y-1).0 (its doc: "1.2.0" gives "1.1.0"); there is none before a .0
// minor or for a malformed version.
func TestPreviousMinor(t *testing.T) {
	for v, want := range map[string]string{"1.2.0": "1.1.0", "1.2": "1.1", "3.10.4": "3.9.0", "2.0.0": "", "1": "", "x.y": ""} {
		if got := previousMinor(v); got != want {
			t.Errorf("previousMinor(%q) = %q, want %q", v, got, want)
		}
	}
}
