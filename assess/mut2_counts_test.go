package assess

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCountAllEachBucket: every figure of Result.Counts from a hand-made
// result: to fix are fail and warn, to find out not sure and not verified,
// open all four; an open finding with an accepted subject is partly
// accepted; acceptances are expired, accepted (active and matched) or
// unmatched (active, nothing to accept).
func TestCountAllEachBucket(t *testing.T) {
	acc := []Subject{{Kind: SubjectEnvironment, ID: "e1", Accepted: true}, {Kind: SubjectEnvironment, ID: "e2"}}
	r := &Result{
		Conflicts: []Conflict{{QuestionID: "A"}, {QuestionID: "B"}},
		Findings: []Finding{
			{State: FindingFail, Severity: SevHigh, Affected: acc},
			{State: FindingFail, Severity: SevMedium},
			{State: FindingWarn, Severity: SevLow},
			{State: FindingWarn, Severity: SevInfo},
			{State: FindingUnsure, Severity: SevMedium},
			{State: FindingNotVerified, Severity: SevInfo, Affected: acc},
			{State: FindingPass, Severity: SevInfo},
			{State: FindingPass, Severity: SevInfo},
			{State: FindingAccepted, Severity: SevHigh, Affected: acc},
			{State: FindingNotApplicable, Severity: SevInfo},
		},
		Accepted: []AcceptanceStatus{
			{Expired: true},
			{Active: true, Matched: true},
			{Active: true, Matched: true},
			{Active: true},
			{Expired: true, Matched: true},
		},
	}
	got := countAll(r)
	want := Counts{
		Conflicts:        2,
		Open:             SeverityCounts{High: 1, Medium: 2, Low: 1, Info: 2},
		ToFix:            SeverityCounts{High: 1, Medium: 1, Low: 1, Info: 1},
		ToFindOut:        SeverityCounts{Medium: 1, Info: 1},
		NotVerified:      1,
		Passed:           2,
		AcceptedFindings: 1,
		PartlyAccepted:   2,
		AcceptedRisks:    2,
		ExpiredRisks:     2,
		UnmatchedRisks:   1,
	}
	if got != want {
		t.Errorf("counts\n got %+v\nwant %+v", got, want)
	}
}

// TestSectionNamedLikeADataState: a section titled like a data state says
// it is the section, so the two scores are told apart.
func TestSectionNamedLikeADataState(t *testing.T) {
	fsys := miniBankFS(t)
	fsys["bank.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys["bank.yaml"].Data), "{id: SC, title: Scope,", "{id: SC, title: Data in transit,", 1))}
	b, err := LoadBankFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	r := eval(t, b, Answers{}, nil)
	var titles []string
	for _, s := range r.Sections {
		titles = append(titles, s.Title)
	}
	if !slices.Equal(titles, []string{"Data in transit (section)", "At rest"}) {
		t.Errorf("section titles %q", titles)
	}
	for _, s := range r.DataStates {
		if s.ID == string(StateInTransit) && s.Title != "Data in transit" {
			t.Errorf("data state title %q", s.Title)
		}
	}
}
