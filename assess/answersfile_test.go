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
		{"duplicate", "answers:\n  SC-01: high\n  SC-01: low\n", []string{"duplicate key \"SC-01\" (first at line 2)"}},
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

// TestAnswersFileDuplicatesAndLines: a repeated key at any level is an error
// naming both lines, and every acceptance problem carries its own line.
func TestAnswersFileDuplicatesAndLines(t *testing.T) {
	b := miniBank(t)
	doc := `metadata:
  title: One
  title: Two
answers:
  SC-01: high
  AR-01: {state: unsure, owner: A, owner: B}
acceptances:
  - {findingId: AR-01.mmk-for-sensitive, justification: ok, approver: CISO, expires: 2027-03-31}
acceptances: []
`
	_, err := ParseAnswersFile([]byte(doc), "a.yaml", b)
	if err == nil {
		t.Fatal("duplicates accepted")
	}
	for _, want := range []string{
		`line 3: metadata.title: duplicate key "title" (first at line 2)`,
		`line 6: answers.AR-01.owner: duplicate key "owner" (first at line 6)`,
		`line 9: acceptances: duplicate key "acceptances" (first at line 7)`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
	doc = `answers:
  SC-01: high
acceptances:
  - findingId: AR-01.mmk-for-sensitive
    justification: fine
    approver: CISO
    expires: 2027-03-31
  - findingId: AR-01.mmk-for-sensitive
    justification: ""
    approver: CISO
    expires: someday
  - {findingId: NOPE, justification: x, approver: y, expires: 2027-01-01}
  - {findingId: AR-01.mmk-for-sensitive, justification: x, approver: y, expires: 2027-01-01, colour: red}
`
	_, err = ParseAnswersFile([]byte(doc), "a.yaml", b)
	if err == nil {
		t.Fatal("bad acceptances accepted")
	}
	for _, want := range []string{
		"line 9: acceptances[1].justification: required",
		`line 11: acceptances[1].expires: "someday" is not a date`,
		`line 12: acceptances[2].findingId: "NOPE" is not a finding ID`,
		"line 13: acceptances[3]: field colour not found",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "acceptances[0]") {
		t.Errorf("the valid first acceptance is blamed:\n%v", err)
	}
}
