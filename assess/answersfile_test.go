package assess

import (
	"strings"
	"testing"
)

func TestParseAnswersFile(t *testing.T) {
	b := miniBank(t)
	doc := `
metadata: {title: Contoso, organization: Contoso Ltd, assessor: Dana}
scope: [e1, e2]
answers:
  SC-01: high
  SC-02: 'Free text with a colon: fine'
  AR-01: {state: unsure, owner: KV team, followUp: 2026-12-31}
  AR-02: {values: [some-cmk], note: Payroll lags}
  AR-03: [a, b]
acceptances:
  - {findingId: AR-02.cmk-missing, environment: e2, justification: Migration in Q1, approver: CISO, expires: 2027-03-31}
`
	a, err := ParseAnswersFile([]byte(doc), "answers.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	if a.Metadata.Title != "Contoso" || len(a.Scope) != 2 || len(a.Acceptances) != 1 {
		t.Errorf("metadata/scope/acceptances: %+v", a)
	}
	checks := map[string]Answer{
		"SC-01": {State: AnswerAnswered, Values: []string{"high"}},
		"SC-02": {State: AnswerAnswered, Text: "Free text with a colon: fine"},
		"AR-01": {State: AnswerUnsure, Owner: "KV team", FollowUp: "2026-12-31"},
		"AR-02": {State: AnswerAnswered, Values: []string{"some-cmk"}, Note: "Payroll lags"},
		"AR-03": {State: AnswerAnswered, Values: []string{"a", "b"}},
	}
	for id, want := range checks {
		got := a.Answers[id]
		if got.State != want.State || !SameChoices(got.Values, want.Values) || got.Text != want.Text || got.Note != want.Note || got.Owner != want.Owner || got.FollowUp != want.FollowUp {
			t.Errorf("%s: got %+v, want %+v", id, got, want)
		}
	}
}

func TestParseAnswersFileProblems(t *testing.T) {
	b := miniBank(t)
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"empty", "", []string{"the file is empty"}},
		{"not yaml", "answers: [", []string{"not valid YAML"}},
		{"not a mapping", "- a\n- b\n", []string{"expected a mapping"}},
		{"unknown top key", "answer:\n  SC-01: high\n", []string{"line 1: answer: unknown key; allowed: metadata, scope, answers, acceptances"}},
		{"unknown question", "answers:\n  SC-09: high\n", []string{"line 2: answers.SC-09: no such question"}},
		{"bad choice", "answers:\n  SC-01: maybe\n", []string{`line 2: answers.SC-01: "maybe" is not one of: low, high, unsure`}},
		{"bad state", "answers:\n  SC-01: {state: perhaps}\n", []string{`state "perhaps" is not one of`}},
		{"unknown answer key", "answers:\n  SC-01: {valeus: [high]}\n", []string{"allowed keys: state, values"}},
		{"duplicate", "answers:\n  SC-01: high\n  SC-01: low\n", []string{"answered twice"}},
		{"bad acceptance", "acceptances:\n  - {findingId: SC-01.nope, justification: x, approver: y, expires: 2027-01-01}\n", []string{`"SC-01.nope" is not one of: SC-01`}},
		{"several problems at once", "answers:\n  SC-01: maybe\n  AR-01: nope\n", []string{"2 problems", "answers.SC-01", "answers.AR-01"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseAnswersFile([]byte(tc.doc), "answers.yaml", b)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
}
