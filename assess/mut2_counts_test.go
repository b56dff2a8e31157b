package assess

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
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

// TestScoresCountFindingsToFixByGroup: each section counts the failures and
// warnings of its own findings, each data state those carrying it, the
// overall score all of them; not-sure findings are not "to fix".
func TestScoresCountFindingsToFixByGroup(t *testing.T) {
	b := miniBank(t)
	r := eval(t, b, Answers{"SC-01": answered("high"), "AR-01": answered("mmk"), "AR-03": answered("none"), "SC-02": {State: AnswerUnsure}}, nil)
	bySection := map[string]SeverityCounts{}
	for _, s := range r.Sections {
		bySection[s.ID] = s.ToFix
	}
	if got := bySection["AR"]; got != (SeverityCounts{Medium: 1, Low: 1}) {
		t.Errorf("AR to fix %+v, want one medium (AR-01) and one low (AR-03)", got)
	}
	if got := bySection["SC"]; got != (SeverityCounts{}) {
		t.Errorf("SC to fix %+v, want none", got)
	}
	byState := map[string]SeverityCounts{}
	for _, s := range r.DataStates {
		byState[s.ID] = s.ToFix
	}
	if got := byState[string(StateAtRest)]; got != (SeverityCounts{Medium: 1}) {
		t.Errorf("at rest to fix %+v, want the medium of AR-01", got)
	}
	if got := byState[string(StateInTransit)]; got != (SeverityCounts{Low: 1}) {
		t.Errorf("in transit to fix %+v, want the low of AR-03", got)
	}
	if got := r.Overall.ToFix; got != (SeverityCounts{Medium: 1, Low: 1}) {
		t.Errorf("overall to fix %+v", got)
	}
}

// TestPlanActionTools: an action lists the tools its rule has templates
// for, none for a rule that cannot be fixed by command.
func TestPlanActionTools(t *testing.T) {
	b := mustBank(t)
	now := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	acts := PlanActions(b, []Finding{
		{ID: "KM-01.purge-protection-off", QuestionID: "KM-01", Section: "KM", Severity: SevHigh, State: FindingFail},
		{ID: "AR-09.shared-key", QuestionID: "AR-09", Section: "AR", Severity: SevMedium, State: FindingFail},
	}, nil, now)
	if got := acts[0].Tools; !slices.Equal(got, []Tool{ToolPowerShell, ToolAzureCLI, ToolTerraform}) {
		t.Errorf("KM-01 tools %v", got)
	}
	if got := acts[1].Tools; len(got) != 0 || acts[1].NoCommandReason == "" || len(acts[1].NoCommand) != 0 {
		t.Errorf("AR-09 tools %v reason %q skipped %q (a rule without templates skips no subject)", got, acts[1].NoCommandReason, acts[1].NoCommand)
	}
	if acts[0].OwnerRole != "Key Vault administrator" || acts[1].OwnerRole != "Power Platform administrator" {
		t.Errorf("owner roles %q %q", acts[0].OwnerRole, acts[1].OwnerRole)
	}
}

// TestGradeOfASingleQuestion: one visible question, answered and passing,
// is enough for a letter: half of one question is decided.
func TestGradeOfASingleQuestion(t *testing.T) {
	g := grade(&Result{Overall: Score{Total: 1, Answered: 1, Scored: 1, Value: fptr(100)}})
	if g.Letter != "A" || g.Label != GradeAligned {
		t.Errorf("one answered question: %s %s (%s)", g.Letter, g.Label, g.Reason)
	}
	// nothing scored (every question not applicable): no letter
	g = grade(&Result{Overall: Score{Total: 2, NotApplicable: 2}})
	if g.Letter != "-" || g.Label != GradeIncomplete || g.Reason != "2 of 2 questions answered; a letter grade needs at least 1" {
		t.Errorf("nothing scored: %s %s %q", g.Letter, g.Label, g.Reason)
	}
	g = grade(&Result{Overall: Score{Total: 0}})
	if g.Letter != "-" || g.Reason != "no question applies yet" {
		t.Errorf("no question: %s %q", g.Letter, g.Reason)
	}
}
