package assess

import (
	"slices"
	"testing"
)

// miniQuestions gives the mini bank's single-choice AR-01, multi-choice
// AR-03 (with an exclusive "none") and free-text SC-02.
func miniQuestions(t *testing.T) (ar1, ar3, sc2 *Question) {
	b := miniBank(t)
	ar1, _ = b.Question("AR-01")
	ar3, _ = b.Question("AR-03")
	sc2, _ = b.Question("SC-02")
	return ar1, ar3, sc2
}

// TestAnswerDescribeEachState: the answer in words (answers.go): labels
// for choices, the text of a free-text answer, the state otherwise, and a
// not-sure answer's owner and follow-up date when it has them.
func TestAnswerDescribeEachState(t *testing.T) {
	ar1, ar3, sc2 := miniQuestions(t)
	cases := []struct {
		a    Answer
		q    *Question
		want string
	}{
		{Answer{State: AnswerUnsure}, ar1, "Not sure"},
		{Answer{State: AnswerUnsure, FollowUp: "2026-01-31"}, ar1, "Not sure"},
		{Answer{State: AnswerUnsure, Owner: "Ann"}, ar1, "Not sure (owner: Ann)"},
		{Answer{State: AnswerUnsure, Owner: "Ann", FollowUp: "2026-01-31"}, ar1, "Not sure (owner: Ann, follow up by 2026-01-31)"},
		{Answer{State: AnswerSkipped}, ar1, "Skipped"},
		{Answer{State: AnswerNotApplicable}, ar1, "Not applicable"},
		{Answer{}, ar1, "Not answered"},
		{answered("cmk"), ar1, "Customer-managed"},
		{answered("a", "b"), ar3, "A, B"},
		{Answer{State: AnswerAnswered, Text: "free words", Values: []string{"x"}}, sc2, "free words"},
		{answered("cmk", "mmk"), nil, "cmk, mmk"},
	}
	for i, c := range cases {
		if got := c.a.Describe(c.q); got != c.want {
			t.Errorf("case %d: %q, want %q", i, got, c.want)
		}
	}
}

// TestValidateAnswerEachRule: each rule of ValidateAnswer, with the allowed
// values in the message.
func TestValidateAnswerEachRule(t *testing.T) {
	ar1, ar3, sc2 := miniQuestions(t)
	cases := []struct {
		q    *Question
		a    Answer
		want []string
	}{
		{ar1, answered("cmk"), nil},
		{ar1, Answer{State: "maybe"}, []string{`state "maybe" is not one of: answered, unsure, skipped, not-applicable`}},
		{ar1, Answer{State: AnswerUnsure, FollowUp: "2026-02-30"}, []string{`followUp "2026-02-30" is not a date (YYYY-MM-DD)`}},
		{ar1, Answer{State: AnswerUnsure, FollowUp: "2026-02-28"}, nil},
		{ar1, Answer{State: AnswerSkipped, Values: []string{"cmk"}}, []string{"a skipped answer takes no values"}},
		{ar1, Answer{State: AnswerNotApplicable}, nil},
		{sc2, Answer{State: AnswerAnswered, Text: "x"}, nil},
		{sc2, Answer{State: AnswerAnswered, Text: "x", Values: []string{"low"}}, []string{"a free-text question takes text, not choices"}},
		{ar1, Answer{State: AnswerAnswered}, []string{"no value given; expected one of: mmk, cmk, unsure"}},
		{ar1, answered("cmk", "mmk"), []string{"takes one value, got 2 (cmk, mmk)"}},
		{ar1, answered("hsm"), []string{`"hsm" is not one of: mmk, cmk, unsure`}},
		{ar3, answered("a", "b"), nil},
		{ar3, answered("a", "a"), []string{`"a" is given twice`}},
		{ar3, answered("none"), nil},
		{ar3, answered("none", "a"), []string{`"none" cannot be combined with other choices`}},
		{ar1, Answer{State: AnswerUnsure, FollowUp: "soon", Values: []string{"cmk"}}, []string{`followUp "soon" is not a date (YYYY-MM-DD)`, "a unsure answer takes no values"}},
	}
	for i, c := range cases {
		if got := ValidateAnswer(c.q, c.a); !slices.Equal(got, c.want) {
			t.Errorf("case %d (%s %+v): %q, want %q", i, c.q.ID, c.a, got, c.want)
		}
	}
}

// TestSameChoicesAndIs: the same choices in any order; Is needs an answered
// answer with exactly these values.
func TestSameChoicesAndIs(t *testing.T) {
	for _, c := range []struct {
		a, b []string
		want bool
	}{
		{nil, nil, true}, {[]string{"a", "b"}, []string{"b", "a"}, true}, {[]string{"a"}, []string{"a", "b"}, false},
		{[]string{"a", "b"}, []string{"a"}, false}, {[]string{"a", "c"}, []string{"a", "b"}, false},
	} {
		if got := SameChoices(c.a, c.b); got != c.want {
			t.Errorf("SameChoices(%v, %v) = %v", c.a, c.b, got)
		}
	}
	a := answered("a", "b")
	for _, c := range []struct {
		vs   []string
		want bool
	}{{[]string{"b", "a"}, true}, {[]string{"a"}, false}, {[]string{"a", "b", "c"}, false}, {[]string{"a", "c"}, false}} {
		if got := a.Is(c.vs...); got != c.want {
			t.Errorf("Is(%v) = %v", c.vs, got)
		}
	}
	if (Answer{State: AnswerUnsure, Values: []string{"a"}}).Is("a") {
		t.Error("a not-sure answer Is a value")
	}
}
