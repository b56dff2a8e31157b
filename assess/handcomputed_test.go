package assess

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func fp(v float64) *float64 { return &v }

// TestScoreAllHandComputed pins which question counts in which section and
// data state, from the mini bank's layout (SC: at rest + residency; AR: at
// rest; AR-03: in transit only). Every figure below is worked out by hand.
func TestScoreAllHandComputed(t *testing.T) {
	b := miniBank(t)
	qs := []QuestionResult{
		{QuestionID: "SC-01", Section: "SC", Visible: true, Answer: answered("low"), Effective: answered("low"), Status: QuestionAnswered, State: FindingPass, Score: fp(1)},
		// Not answered, but the tenant decided it: it counts as answered.
		{QuestionID: "SC-02", Section: "SC", Visible: true, Effective: Answer{State: AnswerAnswered, Values: []string{"high"}, Source: SourceTenant}, Status: QuestionAnswered, State: FindingFail, Score: fp(0.5)},
		{QuestionID: "AR-01", Section: "AR", Visible: true, Answer: answered("cmk"), Effective: answered("cmk"), Status: QuestionAnswered, State: FindingWarn, Score: fp(0.8)},
		// Hidden: counts nowhere.
		{QuestionID: "AR-02", Section: "AR", Visible: false, Answer: answered("all-cmk"), State: FindingPass, Score: fp(1)},
		{QuestionID: "AR-03", Section: "AR", Visible: true, Answer: Answer{State: AnswerUnsure}, Effective: Answer{State: AnswerUnsure}, Status: QuestionUnsure, State: FindingUnsure},
	}
	sections, states, overall := scoreAll(b, qs, nil)
	type want struct {
		value                                        float64 // -1: nil
		total, answered, scored, pass, fail, warn, u int
		status                                       string
	}
	check := func(name string, got Score, w want) {
		t.Helper()
		if w.value < 0 {
			if got.Value != nil {
				t.Errorf("%s: value %v, want none", name, *got.Value)
			}
		} else if got.Value == nil || *got.Value != w.value {
			t.Errorf("%s: value %v, want %v", name, got.Value, w.value)
		}
		if got.Total != w.total || got.Answered != w.answered || got.Scored != w.scored || got.Pass != w.pass || got.Fail != w.fail || got.Warn != w.warn || got.Unsure != w.u || got.Status != w.status {
			t.Errorf("%s: total %d answered %d scored %d pass %d fail %d warn %d unsure %d %q, want %+v",
				name, got.Total, got.Answered, got.Scored, got.Pass, got.Fail, got.Warn, got.Unsure, got.Status, w)
		}
	}
	if len(sections) != 2 || sections[0].ID != "SC" || sections[1].ID != "AR" {
		t.Fatalf("sections %+v, want SC then AR", sections)
	}
	// SC: (1 + 0.5) / 2 = 75.
	check("SC", sections[0], want{75, 2, 2, 2, 1, 1, 0, 0, "Needs work"})
	// AR: 0.8 / 1 = 80, but 1 unknown of 1 scored is more than half.
	check("AR", sections[1], want{80, 2, 1, 1, 0, 0, 1, 1, "Unknown"})
	byID := map[string]Score{}
	for _, s := range states {
		byID[s.ID] = s
	}
	if len(states) != 5 {
		t.Fatalf("%d data states, want 5", len(states))
	}
	// At rest: SC-01, SC-02, AR-01: (1 + 0.5 + 0.8) / 3 = 76.67 → 77.
	check("at rest", byID[string(StateAtRest)], want{77, 3, 3, 3, 1, 1, 1, 0, "Needs work"})
	check("in transit", byID[string(StateInTransit)], want{-1, 1, 0, 0, 0, 0, 0, 1, "Unknown"})
	check("residency", byID[string(StateResidency)], want{75, 2, 2, 2, 1, 1, 0, 0, "Needs work"})
	// No question: nothing to score, so it does not apply.
	check("in processing", byID[string(StateInProcessing)], want{-1, 0, 0, 0, 0, 0, 0, 0, "Not applicable"})
	// Overall: 77 over 3 scored, 1 unknown (not more than 3/2 = 1).
	check("overall", overall, want{77, 4, 3, 3, 1, 1, 1, 1, "Needs work"})
}

// TestExclusionsByHand pins what a firing ruleOut line excludes, on a question
// written here: only claimed choices, only firing signals, "not applicable"
// by its own label, nothing for an unsure answer, repeats dropped, and at
// most five subjects listed with the rest counted.
func TestExclusionsByHand(t *testing.T) {
	q := &Question{ID: "T-01", Choices: []Choice{{ID: "full", Label: "Full"}, {ID: "part", Label: "Partly"}, {ID: "none", Label: "None"}},
		RuleOut: []RuleOut{
			{Check: "c1", Signal: "s-fires", Choices: []string{"full", "not-applicable"}, Why: "w1"},
			{Check: "c2", Signal: "s-quiet", Choices: []string{"part"}, Why: "w2"},
			{Check: "c3", Signal: "s-also", Choices: []string{"full"}, Why: "w3"},
		}}
	var envs []Subject
	for _, id := range []string{"e1", "e2", "e3", "e4", "e5", "e6", "e7"} {
		envs = append(envs, Subject{Kind: SubjectEnvironment, ID: id})
	}
	signals := map[string][]Subject{"s-fires": envs[:1], "s-also": envs, "s-quiet": nil}
	str := func(ex []Exclusion) string {
		var parts []string
		for _, e := range ex {
			parts = append(parts, fmt.Sprintf("%s/%s/%s/%d+%d", e.Choice, e.Label, e.Signal, len(e.Subjects), e.More))
		}
		slices.Sort(parts) // the order of exclusions is not promised
		return strings.Join(parts, " ")
	}
	for _, c := range []struct {
		name string
		a    Answer
		want string
	}{
		{"full is ruled out twice", answered("full"), "full/Full/s-also/7+0 full/Full/s-fires/1+0"},
		{"part: its signal is quiet", answered("part"), ""},
		{"none is never ruled out", answered("none"), ""},
		{"several values", answered("none", "full"), "full/Full/s-also/7+0 full/Full/s-fires/1+0"},
		{"not applicable", Answer{State: AnswerNotApplicable}, "not-applicable/Not applicable/s-fires/1+0"},
		{"unsure claims nothing", Answer{State: AnswerUnsure, Values: []string{"full"}}, ""},
		{"skipped claims nothing", Answer{State: AnswerSkipped, Values: []string{"full"}}, ""},
	} {
		if got := str(exclusions(q, c.a, signals)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// Before any answer: each ruled-out choice once per signal, seven
	// subjects shown as five and two more.
	if got, want := str(ruledOutChoices(q, signals)), "full/Full/s-also/5+2 full/Full/s-fires/1+0 not-applicable/Not applicable/s-fires/1+0"; got != want {
		t.Errorf("ruledOutChoices: %q, want %q", got, want)
	}
	if got := ruledOutChoices(q, map[string][]Subject{}); len(got) != 0 {
		t.Errorf("no signal fires, yet %q", str(got))
	}
	five := []Exclusion{{Choice: "full", Subjects: envs[:5]}}
	if got := str(capExclusions(five)); got != "full///5+0" {
		t.Errorf("five subjects: %q, want all five listed", got)
	}
	if got := str(capExclusions([]Exclusion{{Choice: "full", Subjects: envs[:6]}})); got != "full///5+1" {
		t.Errorf("six subjects: %q, want five and one more", got)
	}
}

// TestConflictWithoutRuleOut: an answer the tenant contradicts although no
// ruleOut line excludes it ("some" where every in-scope environment is on a
// customer key) is a conflict whose summary is what the tenant shows, word
// for word, with nothing ruled out.
func TestConflictWithoutRuleOut(t *testing.T) {
	f := twoEnvFacts()
	f.Environments = f.Environments[:1] // HR, on a customer key
	r := eval(t, miniBank(t), Answers{"AR-01": answered("cmk"), "AR-02": answered("some-cmk")}, f)
	if len(r.Conflicts) != 1 {
		t.Fatalf("conflicts: %+v", r.Conflicts)
	}
	c := r.Conflicts[0]
	if c.QuestionID != "AR-02" || c.AnswerText != "Some" || c.TenantText != "All" {
		t.Errorf("conflict %s: %q versus %q, want AR-02: Some versus All", c.QuestionID, c.AnswerText, c.TenantText)
	}
	if want := "All 1 in-scope environments use a customer-managed key."; c.Summary != want {
		t.Errorf("summary %q, want %q", c.Summary, want)
	}
	if len(c.RuledOut) != 0 {
		t.Errorf("ruled out %+v, want nothing (no ruleOut line excludes some-cmk)", c.RuledOut)
	}
	if got := sources(r, c.Sources); len(got) != 1 || got[0] != "BAP" {
		t.Errorf("sources %v, want the environment list's", got)
	}
}

// TestDefaultUnsureSeverity: not knowing is one level below the question's
// worst rule, whatever order the rules come in, and never below low.
func TestDefaultUnsureSeverity(t *testing.T) {
	rules := func(sevs ...Severity) *Question {
		q := &Question{}
		for _, s := range sevs {
			q.Rules = append(q.Rules, Rule{Severity: s})
		}
		return q
	}
	for _, c := range []struct {
		q    *Question
		want Severity
	}{
		{rules(SevHigh), SevMedium},
		{rules(SevLow, SevHigh, SevMedium), SevMedium},
		{rules(SevHigh, SevLow), SevMedium},
		{rules(SevMedium, SevLow), SevLow},
		{rules(SevLow), SevLow},
		{rules(SevInfo), SevLow},
		{rules(), SevLow},
	} {
		var sevs []Severity
		for _, r := range c.q.Rules {
			sevs = append(sevs, r.Severity)
		}
		if got := defaultUnsureSeverity(c.q); got != c.want {
			t.Errorf("rules %v: %s, want %s", sevs, got, c.want)
		}
	}
}

// TestAnswerOnlyFindingIsNotTheTenants: a rule fired by the answers alone,
// with no tenant facts, is not marked as decided by the tenant.
func TestAnswerOnlyFindingIsNotTheTenants(t *testing.T) {
	r := eval(t, miniBank(t), Answers{"SC-01": answered("high"), "AR-01": answered("mmk")}, nil)
	f, ok := r.Finding("AR-01.mmk-for-sensitive")
	if !ok || f.State != FindingFail {
		t.Fatalf("AR-01.mmk-for-sensitive: %+v, want a failure", f)
	}
	if f.Tenant {
		t.Error("a finding from the answers alone is marked as the tenant's")
	}
}
