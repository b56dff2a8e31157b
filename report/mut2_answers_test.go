package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// "Answers by section": each answer with the tenant's view where it
// differs, notes, owners and overdue follow-ups, by hand.

func TestMut2SameAnswer(t *testing.T) {
	ans := func(st assess.AnswerState, text string, v ...string) assess.Answer {
		return assess.Answer{State: st, Text: text, Values: v}
	}
	a := ans(assess.AnswerAnswered, "", "x", "y")
	for _, c := range []struct {
		b    assess.Answer
		want bool
	}{
		{ans(assess.AnswerAnswered, "", "x", "y"), true},
		{ans(assess.AnswerUnsure, "", "x", "y"), false},
		{ans(assess.AnswerAnswered, "t", "x", "y"), false},
		{ans(assess.AnswerAnswered, "", "x"), false},
		{ans(assess.AnswerAnswered, "", "x", "z"), false},
		{ans(assess.AnswerAnswered, "", "y", "x"), false},
	} {
		if got := sameAnswer(a, c.b); got != c.want {
			t.Errorf("sameAnswer(%+v, %+v) = %v, want %v", a, c.b, got, c.want)
		}
	}
}

func m2AnswersModel(t *testing.T) *model {
	t.Helper()
	res := &assess.Result{
		Sections: []assess.Score{{ID: "AR", Title: "Data at rest and key strategy", Value: ptr(72.4), Status: "Needs work"}},
		Overdue:  []assess.OverdueFollowUp{{QuestionID: "AR-01", FollowUp: "2026-11-20", DaysOverdue: 7}, {QuestionID: "AR-03", FollowUp: "2026-11-26", DaysOverdue: 1}},
	}
	m, err := newModel(Input{Bank: loadBank(t), Result: res, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMut2AnswerCell(t *testing.T) {
	m := m2AnswersModel(t)
	answered := assess.Answer{State: assess.AnswerAnswered, Values: []string{"dlp"}}
	for _, c := range []struct {
		name string
		q    assess.QuestionResult
		want string
		col  color
	}{
		{"answered, same as effective", assess.QuestionResult{QuestionID: "DP-02", Answer: answered, Effective: answered},
			"Data policies restrict connectors", 0},
		{"from the tenant, effective differs, check not ok, note, owner with date",
			assess.QuestionResult{QuestionID: "DP-02",
				Answer:      assess.Answer{State: assess.AnswerAnswered, Values: []string{"dlp"}, Source: assess.SourceTenant, Note: "N1", Owner: "Ola", FollowUp: "2026-12-01"},
				Effective:   assess.Answer{State: assess.AnswerAnswered, Values: []string{"masking"}},
				Observation: &assess.Observation{Status: assess.StatusNotPermitted, Summary: "Could not read the policies."}},
			"Data policies restrict connectors (from the tenant)\nThe tenant shows: Masking in reports and non-production copies\nTenant check: Could not read the policies.\nNote: N1\nOwner: Ola, follow up by 2026-12-01", 0},
		{"check ok is not repeated; owner without date", assess.QuestionResult{QuestionID: "DP-02",
			Answer: assess.Answer{State: assess.AnswerAnswered, Values: []string{"dlp"}, Owner: "Ola"}, Observation: &assess.Observation{Status: assess.StatusOK, Summary: "All fine."}},
			"Data policies restrict connectors\nOwner: Ola", 0},
		{"check without a summary says nothing", assess.QuestionResult{QuestionID: "DP-02",
			Answer: answered, Observation: &assess.Observation{Status: assess.StatusError}},
			"Data policies restrict connectors", 0},
		{"unsure: owner in the answer's words, overdue", assess.QuestionResult{QuestionID: "AR-01", Overdue: true,
			Answer: assess.Answer{State: assess.AnswerUnsure, Owner: "Kim", FollowUp: "2026-11-20"}},
			"Not sure (owner: Kim, follow up by 2026-11-20)\nOVERDUE: follow-up was due 2026-11-20 (7 days ago)", colUnsure},
		{"skipped", assess.QuestionResult{QuestionID: "AR-01", Answer: assess.Answer{State: assess.AnswerSkipped}}, "Skipped", colMuted},
		{"not applicable", assess.QuestionResult{QuestionID: "AR-01", Answer: assess.Answer{State: assess.AnswerNotApplicable}}, "Not applicable", colMuted},
		{"not answered, the tenant decided", assess.QuestionResult{QuestionID: "DP-02", Effective: answered},
			"Not answered\nThe tenant shows: Data policies restrict connectors", colMuted},
	} {
		got := answerCell(m, c.q)
		if got.text != c.want || got.color != c.col {
			t.Errorf("%s: answerCell = %q (%06x)\nwant %q (%06x)", c.name, got.text, got.color, c.want, c.col)
		}
	}
}

func TestMut2OwnerItems(t *testing.T) {
	m := m2AnswersModel(t)
	qs := []assess.QuestionResult{
		{QuestionID: "AR-01", Visible: true, State: assess.FindingUnsure, Overdue: true, Answer: assess.Answer{State: assess.AnswerUnsure, Owner: "Kim", FollowUp: "2026-11-20"}},
		{QuestionID: "AR-02", Visible: true, State: assess.FindingFail, Answer: assess.Answer{Owner: "Ola"}},
		{QuestionID: "AR-03", Visible: true, State: assess.FindingUnsure, Overdue: true, Answer: assess.Answer{FollowUp: "2026-11-26"}},
		{QuestionID: "AR-04", Visible: false, State: assess.FindingUnsure, Answer: assess.Answer{Owner: "Hidden"}},
		{QuestionID: "AR-05", Visible: true, State: assess.FindingPass, Answer: assess.Answer{Owner: "Done"}},
		{QuestionID: "AR-06", Visible: true, State: assess.FindingUnsure},
		{QuestionID: "XX-01", Visible: true, State: assess.FindingWarn, Answer: assess.Answer{Owner: "Unknown Q"}},
	}
	want := []string{
		"AR-01 (Required key custody): Kim, follow up by 2026-11-20 — OVERDUE by 7 days",
		"AR-02 (CMK on in-scope environments): Ola",
		"AR-03 (CMK prerequisites): no owner named, follow up by 2026-11-26 — OVERDUE by 1 day",
		"XX-01 : Unknown Q",
	}
	if got := ownerItems(m, qs); !slices.Equal(got, want) {
		t.Errorf("ownerItems =\n%q\nwant\n%q", got, want)
	}
	if got := overdueDays("ZZ-9", m); got != "0 days" {
		t.Errorf("overdueDays of a question not overdue = %q", got)
	}
	d := testDoc(t)
	if h := ownersHeight(d, m, qs[3:6]); h != 0 {
		t.Errorf("ownersHeight without owners = %v, want 0", h)
	}
	if h := ownersHeight(d, m, qs); h <= 3+lineH(sizeSmall+0.5) {
		t.Errorf("ownersHeight of four items = %v, want more than the title line", h)
	}
}

func TestMut2SectionScore(t *testing.T) {
	m := &model{res: &assess.Result{Sections: []assess.Score{{ID: "A", Status: "one"}, {ID: "B", Status: "two"}}}}
	if s := sectionScore(m, "B"); s == nil || s.Status != "two" {
		t.Errorf("sectionScore(B) = %+v", s)
	}
	if s := sectionScore(m, "C"); s != nil {
		t.Errorf("sectionScore of an unknown section = %+v", s)
	}
}

func TestMut2AnswersDrawn(t *testing.T) {
	m := m2AnswersModel(t)
	if text := m2Drawn(t, func(d *doc) { answers(d, m) }); !strings.Contains(text, "No answers were recorded.") {
		t.Errorf("no questions:\n%s", text)
	}
	m.res.Questions = []assess.QuestionResult{
		{QuestionID: "AR-01", Section: "AR", Visible: true, State: assess.FindingUnsure, Overdue: true, Answer: assess.Answer{State: assess.AnswerUnsure, Owner: "Kim", FollowUp: "2026-11-20"}},
		{QuestionID: "AR-02", Section: "AR", Visible: false},
		{QuestionID: "AR-03", Section: "AR", Visible: false},
		{QuestionID: "DP-02", Section: "DP", Visible: false},
		{QuestionID: "KM-01", Section: "KM", Visible: true, State: assess.FindingPass, Answer: assess.Answer{State: assess.AnswerAnswered, Values: []string{"yes"}}},
	}
	text := m2Drawn(t, func(d *doc) { answers(d, m) })
	for _, want := range []string{
		"Data at rest and key strategy: 72/100, needs work",
		"Everything Power Platform stores is encrypted.",
		"Owners of open items",
		"AR-01 (Required key custody): Kim, follow up by 2026-11-20 — OVERDUE by 7 days",
		"2 questions were not asked: earlier answers made them irrelevant.",
		"Data in processing",
		"1 question was not asked: earlier answers made it irrelevant.",
		"No questions of this section were asked.",
		"Key management operations",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("answers lack %q\n%s", want, text)
		}
	}
	if strings.Contains(text, "No answers were recorded.") || strings.Contains(text, "AR-02 ") {
		t.Errorf("answers show a hidden question or say none were recorded:\n%s", text)
	}
	if n := strings.Count(text, "not asked"); n != 2 {
		t.Errorf("%d sections say questions were not asked, want 2 (AR, DP)", n)
	}
}
