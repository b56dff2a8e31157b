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
		{QuestionID: "SC-01", Section: "SC", Visible: true, Answer: answered("low"), State: FindingPass, Score: fp(1)},
		// Not answered, but the tenant decided it: it counts as answered.
		{QuestionID: "SC-02", Section: "SC", Visible: true, Effective: Answer{Source: SourceTenant}, State: FindingFail, Score: fp(0.5)},
		{QuestionID: "AR-01", Section: "AR", Visible: true, Answer: answered("cmk"), State: FindingWarn, Score: fp(0.8)},
		// Hidden: counts nowhere.
		{QuestionID: "AR-02", Section: "AR", Visible: false, Answer: answered("all-cmk"), State: FindingPass, Score: fp(1)},
		{QuestionID: "AR-03", Section: "AR", Visible: true, Answer: Answer{State: AnswerUnsure}, State: FindingUnsure},
	}
	sections, states, overall := scoreAll(b, qs)
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
	check("in processing", byID[string(StateInProcessing)], want{-1, 0, 0, 0, 0, 0, 0, 0, "Unknown"})
	// Overall: 77 over 3 scored, 1 unknown (not more than 3/2 = 1).
	check("overall", overall, want{77, 4, 3, 3, 1, 1, 1, 1, "Needs work"})
}

// TestFinishScoreEdges: the status cut-offs (85 Aligned, 60 Needs work) and
// the "more than half of the scored questions unknown" rule, at their edges.
func TestFinishScoreEdges(t *testing.T) {
	for _, c := range []struct {
		sum                float64
		scored, unsure, nv int
		value              float64 // -1: nil
		status             string
	}{
		{0.85, 1, 0, 0, 85, "Aligned"},
		{0.8451, 1, 0, 0, 85, "Aligned"}, // 84.51 rounds up
		{0.84, 1, 0, 0, 84, "Needs work"},
		{0.60, 1, 0, 0, 60, "Needs work"},
		{0.59, 1, 0, 0, 59, "At risk"},
		{0, 1, 0, 0, 0, "At risk"},
		{1.7, 2, 0, 0, 85, "Aligned"},
		{4, 4, 1, 1, 100, "Aligned"}, // 2 unknown of 4: not more than half
		{4, 4, 2, 1, 100, "Unknown"}, // 3 of 4
		{4, 4, 0, 3, 100, "Unknown"}, // not verified counts as unknown
		{3, 3, 1, 0, 100, "Aligned"}, // 1 > 3/2 (= 1) is false
		{3, 3, 2, 0, 100, "Unknown"},
		{1, 0, 0, 0, -1, "Unknown"}, // nothing scored
	} {
		sc := Score{Value: fp(c.sum), Scored: c.scored, Unsure: c.unsure, NotVerified: c.nv}
		finishScore(&sc)
		got := -1.0
		if sc.Value != nil {
			got = *sc.Value
		}
		if got != c.value || sc.Status != c.status {
			t.Errorf("sum %v over %d (unsure %d, not verified %d): %v %q, want %v %q", c.sum, c.scored, c.unsure, c.nv, got, sc.Status, c.value, c.status)
		}
	}
	sc := Score{}
	finishScore(&sc)
	if sc.Value != nil || sc.Status != "Unknown" {
		t.Errorf("empty score: %v %q, want none, Unknown", sc.Value, sc.Status)
	}
}

// TestGradeEdges: each letter's edges (90 A, 75 B, 60 C, 40 D, else E), the
// caps (a high finding: at best D; two mediums: at best C), and Incomplete
// (more than a third unknown), from the documented rules.
func TestGradeEdges(t *testing.T) {
	fd := func(sev Severity, st FindingState) Finding { return Finding{Severity: sev, State: st} }
	high, med, low := fd(SevHigh, FindingFail), fd(SevMedium, FindingWarn), fd(SevLow, FindingFail)
	for _, c := range []struct {
		name       string
		value      float64
		total, unk int
		findings   []Finding
		letter     string
		label      string
	}{
		{"90 is A", 90, 10, 0, nil, "A", "Aligned"},
		{"89 is B", 89, 10, 0, nil, "B", "Aligned"},
		{"75 is B", 75, 10, 0, nil, "B", "Aligned"},
		{"74 is C", 74, 10, 0, nil, "C", "Aligned"},
		{"60 is C", 60, 10, 0, nil, "C", "Aligned"},
		{"59 is D", 59, 10, 0, nil, "D", "Aligned"},
		{"40 is D", 40, 10, 0, nil, "D", "Aligned"},
		{"39 is E", 39, 10, 0, nil, "E", "Aligned"},
		{"high caps A at D", 100, 10, 0, []Finding{high}, "D", "At risk"},
		{"high leaves E", 10, 10, 0, []Finding{high}, "E", "At risk"},
		{"high wins over two mediums", 100, 10, 0, []Finding{med, high, med}, "D", "At risk"},
		{"an accepted high does not cap", 100, 10, 0, []Finding{fd(SevHigh, FindingAccepted)}, "A", "Aligned"},
		{"an unsure high does not cap", 100, 10, 0, []Finding{fd(SevHigh, FindingUnsure)}, "A", "Aligned"},
		{"two mediums cap A at C", 95, 10, 0, []Finding{med, med}, "C", "Needs work"},
		{"two mediums leave D", 50, 10, 0, []Finding{med, med}, "D", "Needs work"},
		{"one medium does not cap", 95, 10, 0, []Finding{med}, "A", "Aligned"},
		{"lows do not cap", 95, 10, 0, []Finding{low, low, low}, "A", "Aligned"},
		{"a third unknown is not incomplete", 95, 9, 3, nil, "A", "Aligned"},
		{"more than a third unknown is incomplete", 95, 9, 4, nil, "A", "Incomplete"},
		{"two mediums before incomplete", 95, 9, 9, []Finding{med, med}, "C", "Needs work"},
		{"one question, unsure, is incomplete", 100, 1, 1, nil, "A", "Incomplete"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &Result{Findings: c.findings, Overall: Score{Value: fp(c.value), Total: c.total, Unsure: c.unk}}
			g := grade(r)
			if g.Letter != c.letter || g.Label != c.label || g.Reason == "" {
				t.Errorf("grade = %q %q (%q), want %q %q", g.Letter, g.Label, g.Reason, c.letter, c.label)
			}
		})
	}
	if g := grade(&Result{}); g.Letter != "-" || g.Label != "Incomplete" {
		t.Errorf("nothing scored: %q %q, want - Incomplete", g.Letter, g.Label)
	}
	// Not verified counts as unknown too: 2 unsure + 2 not verified of 9.
	if g := grade(&Result{Overall: Score{Value: fp(95), Total: 9, Unsure: 2, NotVerified: 2}}); g.Label != "Incomplete" {
		t.Errorf("4 of 9 unknown: %q, want Incomplete", g.Label)
	}
	if g := grade(&Result{Findings: []Finding{high, high}, Overall: Score{Value: fp(95), Total: 9}}); g.Reason != "2 open high-severity findings" {
		t.Errorf("reason %q", g.Reason)
	}
	if g := grade(&Result{Findings: []Finding{high}, Overall: Score{Value: fp(95), Total: 9}}); g.Reason != "1 open high-severity finding" {
		t.Errorf("reason %q", g.Reason)
	}
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
	if len(c.Provenance) != 1 || c.Provenance[0].Source != "BAP" {
		t.Errorf("provenance %+v, want the environment list's", c.Provenance)
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
