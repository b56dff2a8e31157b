package assess

import (
	"slices"
	"testing"
)

// The condition language (cond.go), from its doc comment: every part that
// is set must hold; reserved values test the answer's state.

type fakeEnv struct {
	answers Answers
	flags   map[string]bool
	signals map[string]bool
}

func (e fakeEnv) value(q string) (Answer, bool) { a, ok := e.answers[q]; return a, ok }
func (e fakeEnv) flag(n string) bool            { return e.flags[n] }
func (e fakeEnv) signal(n string) bool          { return e.signals[n] }

func TestCondEvalEachPart(t *testing.T) {
	env := fakeEnv{
		answers: Answers{
			"Q-1": answered("a", "b"),
			"Q-2": {State: AnswerUnsure},
			"Q-3": {State: AnswerSkipped},
			"Q-4": {State: AnswerNotApplicable},
		},
		flags:   map[string]bool{"on": true},
		signals: map[string]bool{"seen": true},
	}
	yes, no := Cond{Flag: "on"}, Cond{Flag: "off"}
	cases := []struct {
		name string
		self string
		c    Cond
		want bool
	}{
		{"empty holds", "Q-1", Cond{}, true},
		{"answer includes", "Q-1", Cond{Answer: []string{"b", "z"}}, true},
		{"answer does not include", "Q-1", Cond{Answer: []string{"z"}}, false},
		{"answered", "Q-1", Cond{Answer: []string{"answered"}}, true},
		{"answered is not unsure", "Q-2", Cond{Answer: []string{"answered"}}, false},
		{"unsure", "Q-2", Cond{Answer: []string{"unsure"}}, true},
		{"unsure is not skipped", "Q-2", Cond{Answer: []string{"skipped", "not-applicable"}}, false},
		{"skipped", "Q-3", Cond{Answer: []string{"skipped"}}, true},
		{"skipped is not unsure", "Q-3", Cond{Answer: []string{"unsure", "not-applicable"}}, false},
		{"not applicable", "Q-4", Cond{Answer: []string{"not-applicable"}}, true},
		{"not applicable is not unsure", "Q-4", Cond{Answer: []string{"unsure", "skipped"}}, false},
		{"no answer counts as skipped", "Q-9", Cond{Answer: []string{"skipped"}}, true},
		{"no answer is not unsure", "Q-9", Cond{Answer: []string{"unsure", "answered"}}, false},
		{"q in", "", Cond{Q: "Q-1", In: []string{"a"}}, true},
		{"q not in", "", Cond{Q: "Q-1", In: []string{"c"}}, false},
		{"flag on", "", yes, true},
		{"flag off", "", no, false},
		{"signal seen", "", Cond{Signal: "seen"}, true},
		{"signal not seen", "", Cond{Signal: "unseen"}, false},
		{"parts are ANDed", "Q-1", Cond{Answer: []string{"a"}, Flag: "off"}, false},
		{"parts are ANDed 2", "", Cond{Q: "Q-1", In: []string{"a"}, Signal: "unseen"}, false},
		{"parts are ANDed 3", "", Cond{Flag: "on", Signal: "seen", Q: "Q-2", In: []string{"unsure"}}, true},
		{"all true", "", Cond{All: []Cond{yes, yes}}, true},
		{"all one false", "", Cond{All: []Cond{yes, no}}, false},
		{"any one true", "", Cond{Any: []Cond{no, yes}}, true},
		{"any first true", "", Cond{Any: []Cond{yes, no}}, true},
		{"any none true", "", Cond{Any: []Cond{no, no}}, false},
		{"any of one, false", "", Cond{Any: []Cond{no}}, false},
		{"any of one, true", "", Cond{Any: []Cond{yes}}, true},
		{"not true", "", Cond{Not: &yes}, false},
		{"not false", "", Cond{Not: &no}, true},
		{"any true but flag off", "", Cond{Any: []Cond{yes}, Flag: "off"}, false},
		{"not false but all false", "", Cond{Not: &no, All: []Cond{no}}, false},
	}
	for _, c := range cases {
		if got := c.c.eval(c.self, env); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCondEmptyAndSignals(t *testing.T) {
	for _, c := range []Cond{{Answer: []string{"a"}}, {Q: "Q-1"}, {Flag: "f"}, {Signal: "s"}, {All: []Cond{{}}}, {Any: []Cond{{}}}, {Not: &Cond{}}} {
		if c.empty() {
			t.Errorf("%+v is not empty", c)
		}
	}
	if !(Cond{In: []string{"x"}}).empty() || !(Cond{}).empty() {
		t.Error("a condition with nothing but 'in' (or nothing) tests nothing")
	}
	c := Cond{Signal: "a", All: []Cond{{Signal: "b"}, {Signal: "a"}}, Any: []Cond{{Signal: "c", All: []Cond{{Signal: "d"}}}}, Not: &Cond{Signal: "e"}}
	if got := c.signalsIn(); !slices.Equal(got, []string{"a", "b", "c", "d"}) {
		t.Errorf("signalsIn = %v, want a b c d (not the one under not)", got)
	}
}

// TestDescribeCondWords: conditions in words for a workshop.
func TestDescribeCondWords(t *testing.T) {
	b := miniBank(t)
	ar1, ar3, _ := miniQuestions(t)
	cases := []struct {
		c    Cond
		self *Question
		want string
	}{
		{Cond{Answer: []string{"mmk"}, Flag: "sensitive"}, ar1, "the answer is Microsoft-managed and «sensitive»"},
		{Cond{Answer: []string{"a", "none"}}, ar3, "the answer includes A or None"},
		{Cond{Answer: []string{"mmk"}}, nil, ""},
		{Cond{Q: "SC-01", In: []string{"high", "unsure", "skipped", "not-applicable", "answered"}}, nil, "SC-01 (Sensitivity) is High or not sure or not answered or not applicable or any answer"},
		{Cond{Q: "ZZ-01", In: []string{"x"}}, nil, ""},
		{Cond{Signal: "cmk-link-mismatch"}, nil, "the tenant shows cmk link mismatch"},
		{Cond{All: []Cond{{Flag: "a"}, {Flag: "b"}}}, nil, "«a» and «b»"},
		{Cond{Any: []Cond{{Flag: "a"}}}, nil, "«a»"},
		{Cond{Any: []Cond{{Flag: "a"}, {Flag: "b"}}}, nil, "(«a» or «b»)"},
		{Cond{Not: &Cond{Flag: "a"}}, nil, "not («a»)"},
	}
	for i, c := range cases {
		if got := b.DescribeCond(c.c, c.self); got != c.want {
			t.Errorf("case %d: %q, want %q", i, got, c.want)
		}
	}
}
