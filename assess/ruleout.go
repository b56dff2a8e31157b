package assess

import (
	"fmt"
	"slices"
	"strings"
)

// RuleOut is one line of a question's ruleOut block: a tenant fact (a signal
// of a named check) that makes some of its choices impossible. A check that
// cannot name the one right answer can still say which answers are wrong,
// and the fact may come from any check, not only the question's own (KM-08
// has no check of its own but is ruled out by the vaults KM-01 reads).
//
// An entry without check and signal says, in Why, that nothing the tenant
// shows can rule an answer out; it must then be the only entry.
type RuleOut struct {
	Check  string `yaml:"check"`
	Signal string `yaml:"signal"`
	// Choices are the choice IDs the fact excludes; "not-applicable" marks a
	// fact that shows the question applies.
	Choices []string `yaml:"choices"`
	// Why is one line a reader understands: why the fact excludes them.
	Why string `yaml:"why"`
}

// none reports whether the entry says nothing can rule an answer out.
func (r RuleOut) none() bool { return r.Check == "" && r.Signal == "" }

// Exclusion is a rule-out that fired against a given answer: the choice it
// excludes and the subjects whose facts exclude it.
type Exclusion struct {
	Choice   string    `json:"choice"` // a choice ID, or "not-applicable"
	Label    string    `json:"label"`
	Check    string    `json:"check"`
	Signal   string    `json:"signal"`
	Why      string    `json:"why"`
	Subjects []Subject `json:"subjects"`
	// More counts the subjects left out of Subjects (QuestionResult lists a
	// few per choice; the conflict, the finding and the signals list all).
	More int `json:"more,omitempty"`
}

// notApplicable is the answer value a ruleOut uses for "the question applies".
const notApplicable = string(AnswerNotApplicable)

// validateRuleOut checks a question's ruleOut block: known checks, signals
// that check declares, choices of this question, a reason on every line.
func validateRuleOut(q *Question, where string, bad func(string, ...any)) {
	for i, r := range q.RuleOut {
		rw := fmt.Sprintf("%s ruleOut[%d]", where, i)
		if strings.TrimSpace(r.Why) == "" {
			bad("%s: why is required (one line: why the fact rules the choices out)", rw)
		}
		if r.none() {
			if len(r.Choices) > 0 {
				bad("%s: choices need a check and a signal that rule them out", rw)
			}
			if len(q.RuleOut) > 1 {
				bad("%s: an entry without check and signal says nothing rules an answer out, so it must be the only one", rw)
			}
			continue
		}
		def, ok := lookupCheck(r.Check)
		if !ok {
			bad("%s: check %q is not one of: %s", rw, r.Check, strings.Join(checkNames(), ", "))
		} else if !slices.Contains(def.Signals, r.Signal) {
			bad("%s: signal %q is not raised by check %s (it raises: %s)", rw, r.Signal, r.Check, strings.Join(def.Signals, ", "))
		}
		if len(r.Choices) == 0 {
			bad("%s: choices is empty (name the choices the fact rules out)", rw)
		}
		seen := map[string]bool{}
		for _, c := range r.Choices {
			if _, ok := q.Choice(c); !ok && c != notApplicable {
				bad("%s: %q is not a choice of %s (allowed: %s)", rw, c, q.ID, strings.Join(append(q.ChoiceIDs(), notApplicable), ", "))
			}
			if seen[c] {
				bad("%s: choice %q appears twice", rw, c)
			}
			seen[c] = true
		}
	}
}

// exclusions lists what the tenant's signals rule out of an answer: one
// Exclusion per answered value (or "not-applicable") and firing rule-out.
// Unsure, skipped and unanswered answers claim nothing, so nothing excludes them.
func exclusions(q *Question, a Answer, signals map[string][]Subject) []Exclusion {
	var claimed []string
	switch a.State {
	case AnswerAnswered:
		claimed = a.Values
	case AnswerNotApplicable:
		claimed = []string{notApplicable}
	default:
		return nil
	}
	var out []Exclusion
	for _, r := range q.RuleOut {
		subs := signals[r.Signal]
		if r.none() || len(subs) == 0 {
			continue
		}
		for _, c := range claimed {
			if !slices.Contains(r.Choices, c) {
				continue
			}
			label := "Not applicable"
			if ch, ok := q.Choice(c); ok {
				label = ch.Label
			}
			out = append(out, Exclusion{Choice: c, Label: label, Check: r.Check, Signal: r.Signal, Why: r.Why, Subjects: subs})
		}
	}
	return out
}

// ruledOutChoices lists every choice (and "not applicable") the firing
// ruleOut lines exclude, whatever the answer.
func ruledOutChoices(q *Question, signals map[string][]Subject) []Exclusion {
	var out []Exclusion
	for _, r := range q.RuleOut {
		if r.none() || len(signals[r.Signal]) == 0 {
			continue
		}
		for _, c := range r.Choices {
			out = append(out, exclusions(q, claim(c), signals)...)
		}
	}
	return capExclusions(dedupeExclusions(out))
}

// capExclusions keeps a few subjects per exclusion and counts the rest:
// where exclusions are shown beside a full list (a conflict's Affected) or
// per question, repeating thousands of environments helps nobody.
func capExclusions(ex []Exclusion) []Exclusion {
	out := slices.Clone(ex)
	for i := range out {
		if n := len(out[i].Subjects); n > ruledOutListed {
			out[i].Subjects, out[i].More = out[i].Subjects[:ruledOutListed:ruledOutListed], n-ruledOutListed
		}
	}
	return out
}

// ruledOutListed is how many subjects a question's ruled-out choice lists.
const ruledOutListed = 5

// claim is the answer that claims one choice (or "not applicable").
func claim(choice string) Answer {
	if choice == notApplicable {
		return Answer{State: AnswerNotApplicable}
	}
	return Answer{State: AnswerAnswered, Values: []string{choice}}
}

// dedupeExclusions drops repeats of the same choice and signal.
func dedupeExclusions(ex []Exclusion) []Exclusion {
	var out []Exclusion
	for _, e := range ex {
		if !slices.ContainsFunc(out, func(x Exclusion) bool { return x.Choice == e.Choice && x.Signal == e.Signal }) {
			out = append(out, e)
		}
	}
	return out
}

// exclusionSubjects joins the subjects of several exclusions without repeats.
func exclusionSubjects(ex []Exclusion) []Subject {
	groups := make([][]Subject, 0, len(ex))
	for _, e := range ex {
		groups = append(groups, e.Subjects)
	}
	return appendSubjects(nil, groups...)
}

// exclusionSummary says in one sentence why the answer cannot be right:
// each excluded choice once, with every fact that excludes it.
func exclusionSummary(ex []Exclusion) string {
	var labels []string
	why := map[string][]string{}
	for _, e := range ex {
		if _, ok := why[e.Label]; !ok {
			labels = append(labels, e.Label)
		}
		why[e.Label] = append(why[e.Label], fmt.Sprintf("%s (%s)", strings.TrimSuffix(e.Why, "."), describeSubjects(e.Subjects, 3)))
	}
	parts := make([]string, 0, len(labels))
	for _, l := range labels {
		parts = append(parts, "“"+l+"” is ruled out: "+strings.Join(why[l], "; "))
	}
	return strings.Join(parts, ". ") + "."
}

// subjectSources lists each distinct source behind the subjects once (by
// its request: one source read at two times is cited once, the first).
func subjectSources(t *sourceTable, ss []Subject) []SourceID {
	var out []SourceID
	seen := map[SourceID]bool{}
	var texts []string
	for _, s := range ss {
		if s.Source == 0 || seen[s.Source] {
			continue
		}
		seen[s.Source] = true
		p, _ := t.get(s.Source)
		if slices.Contains(texts, p.Source) {
			continue
		}
		texts = append(texts, p.Source)
		out = append(out, s.Source)
	}
	return out
}

// ruledOutText is what the tenant shows when it cannot name the right answer,
// as a phrase that follows "the tenant": rules out “Yes” (rules out “Yes” and
// “Partly”). Typographic quotes, so the text survives being quoted again
// (JSON, %q). Conflict.TenantSays adds the facts.
func ruledOutText(ex []Exclusion) string {
	return "rules out " + joinAnd(quotedLabelList(ex))
}

// TenantSays is the tenant's side of a conflict as a clause a sentence can
// carry: "the tenant shows Some of them", or, when its facts only exclude
// the answer, "the tenant rules out “Yes”: Purge protection is off on a
// vault (kv-eu)", each fact once with the subjects that show it.
func (c Conflict) TenantSays() string {
	if len(c.Tenant) > 0 || len(c.RuledOut) == 0 {
		return "the tenant shows " + c.TenantText
	}
	return "the tenant " + c.TenantText + ": " + strings.Join(exclusionFacts(c.RuledOut), "; ")
}

// exclusionFacts says each fact behind the exclusions once, with the
// subjects that show it: "Purge protection is off on a vault (kv-eu)".
func exclusionFacts(ex []Exclusion) []string {
	var whys []string
	subjects := map[string][]Subject{}
	more := map[string]int{}
	for _, e := range ex {
		w := strings.TrimSuffix(strings.TrimSpace(e.Why), ".")
		if _, ok := subjects[w]; !ok {
			whys = append(whys, w)
		}
		subjects[w] = appendSubjects(subjects[w], e.Subjects)
		more[w] = max(more[w], e.More)
	}
	out := make([]string, 0, len(whys))
	for _, w := range whys {
		if who := describeSubjectsMore(subjects[w], more[w]); who != "" {
			w += " (" + who + ")"
		}
		out = append(out, w)
	}
	return out
}

// ruledOutSummary is the summary of a conflict whose answer the facts rule
// out without naming another: the facts, as sentences (the tenant's side,
// "rules out “X”", is in TenantText).
func ruledOutSummary(ex []Exclusion) string {
	return strings.Join(exclusionFacts(capExclusions(ex)), ". ") + "."
}

// describeSubjectsMore names up to three subjects and counts the rest,
// including more that were left out of the list.
func describeSubjectsMore(ss []Subject, more int) string {
	shown := ss[:min(3, len(ss))]
	out := describeSubjects(shown, len(shown))
	if rest := len(ss) - len(shown) + more; rest > 0 {
		out += fmt.Sprintf(" and %d more", rest)
	}
	return out
}

// joinAnd joins words as a sentence does: “a”, “b” and “c”.
func joinAnd(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// quotedLabels names the excluded choices once each, in order, quoted.
func quotedLabels(ex []Exclusion) string {
	return strings.Join(quotedLabelList(ex), ", ")
}

func quotedLabelList(ex []Exclusion) []string {
	var labels []string
	for _, e := range ex {
		if l := "“" + e.Label + "”"; !slices.Contains(labels, l) {
			labels = append(labels, l)
		}
	}
	return labels
}

// reasonRuledOut is the reason of a question whose answer the tenant rules out.
const reasonRuledOut = "the answer is ruled out by the tenant's facts"

// firstSource is the source of the first subject that has one.
func firstSource(ss []Subject) SourceID {
	for _, s := range ss {
		if s.Source != 0 {
			return s.Source
		}
	}
	return 0
}
