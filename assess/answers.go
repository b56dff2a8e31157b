package assess

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// AnswerState says what kind of answer was given.
type AnswerState string

const (
	AnswerAnswered      AnswerState = "answered"
	AnswerUnsure        AnswerState = "unsure"
	AnswerSkipped       AnswerState = "skipped"
	AnswerNotApplicable AnswerState = "not-applicable"
)

func answerStates() []AnswerState {
	return []AnswerState{AnswerAnswered, AnswerUnsure, AnswerSkipped, AnswerNotApplicable}
}

// Valid reports whether s is a known answer state.
func (s AnswerState) Valid() bool { return slices.Contains(answerStates(), s) }

// AnswerSource says who gave the answer.
type AnswerSource string

const (
	SourceUser   AnswerSource = "user"
	SourceTenant AnswerSource = "tenant" // pre-selected from the tenant and kept by the user
)

// Answer is the answer to one question. Every answer may carry a note; an
// unsure answer may name an owner and a follow-up date.
type Answer struct {
	State AnswerState `json:"state"`
	// Values holds the chosen choice IDs (one for single and yes/no).
	Values []string `json:"values,omitempty"`
	// Text holds a free-text answer.
	Text     string       `json:"text,omitempty"`
	Note     string       `json:"note,omitempty"`
	Owner    string       `json:"owner,omitempty"`
	FollowUp string       `json:"followUp,omitempty"` // YYYY-MM-DD
	Source   AnswerSource `json:"source,omitempty"`
	Updated  time.Time    `json:"updated,omitzero"`
}

// Answers maps question IDs to answers.
type Answers map[string]Answer

// Is reports whether the answer is answered with exactly these values (any order).
func (a Answer) Is(values ...string) bool {
	if a.State != AnswerAnswered || len(a.Values) != len(values) {
		return false
	}
	for _, v := range values {
		if !slices.Contains(a.Values, v) {
			return false
		}
	}
	return true
}

// SameChoices reports whether two lists name the same choices, in any order.
func SameChoices(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, v := range a {
		if !slices.Contains(b, v) {
			return false
		}
	}
	return true
}

// Describe gives the answer in words: choice labels, or the state.
func (a Answer) Describe(q *Question) string {
	switch a.State {
	case AnswerUnsure:
		s := "Not sure"
		if a.Owner != "" {
			s += " (owner: " + a.Owner
			if a.FollowUp != "" {
				s += ", follow up by " + a.FollowUp
			}
			s += ")"
		}
		return s
	case AnswerSkipped:
		return "Skipped"
	case AnswerNotApplicable:
		return "Not applicable"
	case "":
		return "Not answered"
	}
	if q != nil && q.Type == TypeText {
		return a.Text
	}
	if q == nil {
		return strings.Join(a.Values, ", ")
	}
	return q.Labels(a.Values)
}

// ValidateAnswer checks one answer against its question and returns the problems,
// each phrased with the allowed values.
func ValidateAnswer(q *Question, a Answer) []string {
	var probs []string
	if !a.State.Valid() {
		return []string{fmt.Sprintf("state %q is not one of: %s", a.State, joinStrings(answerStates()))}
	}
	if a.FollowUp != "" {
		if _, err := time.Parse(time.DateOnly, a.FollowUp); err != nil {
			probs = append(probs, fmt.Sprintf("followUp %q is not a date (YYYY-MM-DD)", a.FollowUp))
		}
	}
	if a.State != AnswerAnswered {
		if len(a.Values) > 0 {
			probs = append(probs, fmt.Sprintf("a %s answer takes no values", a.State))
		}
		return probs
	}
	if q.Type == TypeText {
		if len(a.Values) > 0 {
			probs = append(probs, "a free-text question takes text, not choices")
		}
		return probs
	}
	allowed := append(q.ChoiceIDs(), "unsure")
	if len(a.Values) == 0 {
		return append(probs, fmt.Sprintf("no value given; expected one of: %s", strings.Join(allowed, ", ")))
	}
	if q.Type != TypeMulti && len(a.Values) > 1 {
		probs = append(probs, fmt.Sprintf("takes one value, got %d (%s)", len(a.Values), strings.Join(a.Values, ", ")))
	}
	seen := map[string]bool{}
	for _, v := range a.Values {
		c, ok := q.Choice(v)
		if !ok {
			probs = append(probs, fmt.Sprintf("%q is not one of: %s", v, strings.Join(allowed, ", ")))
			continue
		}
		if seen[v] {
			probs = append(probs, fmt.Sprintf("%q is given twice", v))
		}
		seen[v] = true
		if c.Exclusive && len(a.Values) > 1 {
			probs = append(probs, fmt.Sprintf("%q cannot be combined with other choices", v))
		}
	}
	return probs
}
