package assess

import (
	"slices"
	"testing"
)

// TestOpenQuestionsAreTheOpenCount: the list the wizard navigates is the
// count every output prints, section by section, and a question the tenant
// decides is answered (from the tenant), not open, while one it cannot
// decide stays open.
func TestOpenQuestionsAreTheOpenCount(t *testing.T) {
	b := miniBank(t)
	answers := Answers{"SC-01": answered("high"), "SC-02": {State: AnswerUnsure}, "AR-01": answered("cmk")}
	r := eval(t, b, answers, twoEnvFacts())
	fromTenant := ""
	for _, qr := range r.Questions {
		if qr.Visible && qr.Effective.Source == SourceTenant && qr.Answer.State == "" {
			fromTenant = qr.QuestionID
			break
		}
	}
	if fromTenant == "" {
		t.Fatal("the facts decide no unanswered question: the test needs one")
	}
	if got := r.StatusOf(fromTenant); got != QuestionAnswered || !got.Settled() {
		t.Errorf("%s, decided by the tenant and never touched: status %q, want answered", fromTenant, got)
	}
	open := r.OpenQuestions()
	if len(open) != r.Overall.Open || len(open) == 0 {
		t.Fatalf("open list %v (%d), Overall.Open %d", open, len(open), r.Overall.Open)
	}
	if slices.Contains(open, fromTenant) || slices.Contains(open, "SC-02") || slices.Contains(open, "SC-01") {
		t.Errorf("open list %v holds a question that is answered, decided or not sure", open)
	}
	for _, id := range open {
		if r.StatusOf(id) != QuestionOpen || r.StatusOf(id).Settled() {
			t.Errorf("%s listed open, status %q", id, r.StatusOf(id))
		}
	}
	follow := r.ToFollowUp()
	if want := r.Overall.Open + r.Overall.NotSure + r.Overall.Skipped; len(follow) != want || !slices.Contains(follow, "SC-02") {
		t.Errorf("to follow up %v (%d), want %d with SC-02", follow, len(follow), want)
	}
	perSection := 0
	for _, sc := range r.Sections {
		n := 0
		for _, id := range open {
			if q, _ := b.Question(id); q.Section == sc.ID {
				n++
			}
		}
		if n != sc.Open {
			t.Errorf("section %s: %d open listed, Score.Open %d", sc.ID, n, sc.Open)
		}
		perSection += sc.Open
	}
	if perSection != r.Overall.Open {
		t.Errorf("sections' open %d, overall %d", perSection, r.Overall.Open)
	}
	if r.StatusOf("NO-SUCH") != "" {
		t.Error("an unknown question has a status")
	}
}
