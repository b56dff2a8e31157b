package assess

import (
	"slices"
	"strings"
)

// Cond is a condition over answers, flags and tenant signals, written in the
// bank as YAML. Every part that is set must hold (they are ANDed):
//
//	answer: [a, b]        this question's answer includes a or b
//	q: SC-02              another question's answer ...
//	in: [x, y]            ... includes x or y
//	flag: sensitive       a flag declared in bank.yaml holds
//	signal: cmk-missing   a live check raised this signal
//	all: [...]            every sub-condition holds
//	any: [...]            at least one sub-condition holds
//	not: {...}            the sub-condition does not hold
//
// Answer values may also be the reserved words unsure, skipped,
// not-applicable (the answer's state) and answered (any real answer).
type Cond struct {
	Answer []string `yaml:"answer,omitempty"`
	Q      string   `yaml:"q,omitempty"`
	In     []string `yaml:"in,omitempty"`
	Flag   string   `yaml:"flag,omitempty"`
	Signal string   `yaml:"signal,omitempty"`
	All    []Cond   `yaml:"all,omitempty"`
	Any    []Cond   `yaml:"any,omitempty"`
	Not    *Cond    `yaml:"not,omitempty"`
}

func (c Cond) empty() bool {
	return len(c.Answer) == 0 && c.Q == "" && c.Flag == "" && c.Signal == "" &&
		len(c.All) == 0 && len(c.Any) == 0 && c.Not == nil
}

// condEnv is what a condition can look at.
type condEnv interface {
	// value returns the effective answer of a question.
	value(qid string) (Answer, bool)
	flag(name string) bool
	signal(name string) bool
}

// eval evaluates c for question self (which may be empty outside a question).
func (c Cond) eval(self string, env condEnv) bool {
	if len(c.Answer) > 0 && !answerMatches(env, self, c.Answer) {
		return false
	}
	if c.Q != "" && !answerMatches(env, c.Q, c.In) {
		return false
	}
	if c.Flag != "" && !env.flag(c.Flag) {
		return false
	}
	if c.Signal != "" && !env.signal(c.Signal) {
		return false
	}
	for _, sub := range c.All {
		if !sub.eval(self, env) {
			return false
		}
	}
	if len(c.Any) > 0 {
		ok := false
		for _, sub := range c.Any {
			if sub.eval(self, env) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if c.Not != nil && c.Not.eval(self, env) {
		return false
	}
	return true
}

// answerMatches reports whether question qid's effective answer includes any of values.
func answerMatches(env condEnv, qid string, values []string) bool {
	a, ok := env.value(qid)
	if !ok {
		return slices.Contains(values, "skipped")
	}
	switch a.State {
	case AnswerUnsure:
		return slices.Contains(values, "unsure")
	case AnswerSkipped:
		return slices.Contains(values, "skipped")
	case AnswerNotApplicable:
		return slices.Contains(values, "not-applicable")
	}
	if slices.Contains(values, "answered") {
		return true
	}
	for _, v := range a.Values {
		if slices.Contains(values, v) {
			return true
		}
	}
	return false
}

// signalsIn lists the signals a condition refers to, in order, without duplicates.
// Affected subjects of a finding come from these.
func (c Cond) signalsIn() []string {
	var out []string
	var walk func(Cond)
	walk = func(c Cond) {
		if c.Signal != "" && !slices.Contains(out, c.Signal) {
			out = append(out, c.Signal)
		}
		for _, s := range c.All {
			walk(s)
		}
		for _, s := range c.Any {
			walk(s)
		}
		// Signals under "not" describe what is absent: no subjects to list.
	}
	walk(c)
	return out
}

// DescribeCond renders a condition in words for people preparing a workshop:
// "the answer is No, and the data is sensitive (flag)". self is the question
// the condition belongs to (nil for flags).
func (b *Bank) DescribeCond(c Cond, self *Question) string {
	var parts []string
	if len(c.Answer) > 0 && self != nil {
		parts = append(parts, "the answer "+describeValues(self, c.Answer))
	}
	if c.Q != "" {
		if q, ok := b.Question(c.Q); ok {
			parts = append(parts, q.ID+" ("+q.Short+") "+describeValues(q, c.In))
		}
	}
	if c.Flag != "" {
		parts = append(parts, "«"+c.Flag+"»")
	}
	if c.Signal != "" {
		parts = append(parts, "the tenant shows "+strings.ReplaceAll(c.Signal, "-", " "))
	}
	for _, sub := range c.All {
		parts = append(parts, b.DescribeCond(sub, self))
	}
	if len(c.Any) > 0 {
		var alts []string
		for _, sub := range c.Any {
			alts = append(alts, b.DescribeCond(sub, self))
		}
		s := strings.Join(alts, " or ")
		if len(alts) > 1 {
			s = "(" + s + ")"
		}
		parts = append(parts, s)
	}
	if c.Not != nil {
		parts = append(parts, "not ("+b.DescribeCond(*c.Not, self)+")")
	}
	return strings.Join(parts, " and ")
}

// describeValues phrases an answer test: "is Yes", "includes PCI DSS or None", "is not sure".
func describeValues(q *Question, values []string) string {
	var words []string
	for _, v := range values {
		switch v {
		case "unsure":
			words = append(words, "not sure")
		case "skipped":
			words = append(words, "not answered")
		case "not-applicable":
			words = append(words, "not applicable")
		case "answered":
			words = append(words, "any answer")
		default:
			words = append(words, q.Labels([]string{v}))
		}
	}
	verb := "is "
	if q.Type == TypeMulti {
		verb = "includes "
	}
	return verb + strings.Join(words, " or ")
}
