package assess

import "slices"

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
