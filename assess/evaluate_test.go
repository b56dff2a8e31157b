package assess

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func miniBank(t testing.TB) *Bank {
	t.Helper()
	b, err := LoadBankFS(os.DirFS("testdata/minibank"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ok(source string) Provenance {
	return Provenance{Source: source, At: testNow, Status: StatusOK}
}

// twoEnvFacts has one production environment on CMK and one on Microsoft keys.
func twoEnvFacts() *Facts {
	return &Facts{
		SchemaVersion: FactsSchemaVersion,
		Environments: []Environment{
			{Provenance: ok("BAP"), ID: "e1", Name: "HR", Type: EnvProduction, Geo: "europe", KeyManagedBy: "Customer", CMK: &PolicyLink{ResourceID: "/p/1", LinkStatus: "Linked"}},
			{Provenance: ok("BAP"), ID: "e2", Name: "Payroll", Type: EnvProduction, Geo: "uk", KeyManagedBy: "Microsoft"},
			{Provenance: ok("BAP"), ID: "e3", Name: "Dev", Type: EnvSandbox, Geo: "uk", KeyManagedBy: "Microsoft"},
		},
	}
}

func eval(t testing.TB, b *Bank, answers Answers, facts *Facts, accs ...Acceptance) *Result {
	t.Helper()
	r, err := Evaluate(Input{Bank: b, Answers: answers, Facts: facts, Acceptances: accs, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func answered(v ...string) Answer { return Answer{State: AnswerAnswered, Values: v} }

func findingState(t testing.TB, r *Result, id string) FindingState {
	t.Helper()
	f, ok := r.Finding(id)
	if !ok {
		var ids []string
		for _, f := range r.Findings {
			ids = append(ids, f.ID+"="+string(f.State))
		}
		t.Fatalf("no finding %s; have %v", id, ids)
	}
	return f.State
}

func TestEvaluateRulesFlagsAndVisibility(t *testing.T) {
	b := miniBank(t)
	tests := []struct {
		name    string
		answers Answers
		want    map[string]FindingState
		absent  []string
	}{
		{
			name:    "mmk for sensitive data fails; AR-02 hidden without CMK requirement",
			answers: Answers{"SC-01": answered("high"), "AR-01": answered("mmk"), "AR-03": answered("a")},
			want:    map[string]FindingState{"AR-01.mmk-for-sensitive": FindingFail, "AR-02": FindingNotApplicable, "AR-03": FindingPass},
		},
		{
			name:    "mmk for low sensitivity passes",
			answers: Answers{"SC-01": answered("low"), "AR-01": answered("mmk")},
			want:    map[string]FindingState{"AR-01": FindingPass},
			absent:  []string{"AR-01.mmk-for-sensitive"},
		},
		{
			name:    "unsure sensitivity counts as sensitive (flag) and is itself unsure",
			answers: Answers{"SC-01": {State: AnswerUnsure, Owner: "Data office"}, "AR-01": answered("mmk"), "AR-03": answered("none")},
			want:    map[string]FindingState{"SC-01": FindingUnsure, "AR-01.mmk-for-sensitive": FindingFail, "AR-03.no-extras": FindingWarn},
		},
		{
			name:    "cmk required shows AR-02; answered none fails high",
			answers: Answers{"AR-01": answered("cmk"), "AR-02": answered("none-cmk")},
			want:    map[string]FindingState{"AR-02.cmk-missing": FindingFail},
		},
		{
			name:    "not applicable is not scored and raises nothing",
			answers: Answers{"AR-03": {State: AnswerNotApplicable}},
			want:    map[string]FindingState{"AR-03": FindingNotApplicable},
		},
		{
			name:    "skipped and missing answers are unsure, never pass",
			answers: Answers{"SC-01": {State: AnswerSkipped}},
			want:    map[string]FindingState{"SC-01": FindingUnsure, "AR-01": FindingUnsure, "SC-02": FindingUnsure},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := eval(t, b, tc.answers, nil)
			for id, want := range tc.want {
				if got := findingState(t, r, id); got != want {
					t.Errorf("%s: state %s, want %s", id, got, want)
				}
			}
			for _, id := range tc.absent {
				if _, ok := r.Finding(id); ok {
					t.Errorf("%s: unexpected finding", id)
				}
			}
		})
	}
}

func TestUnsureIsNeitherPassNorPlainFail(t *testing.T) {
	b := miniBank(t)
	r := eval(t, b, Answers{"SC-01": answered("low"), "AR-01": {State: AnswerUnsure, Owner: "Ana", FollowUp: "2026-12-01"}}, nil)
	f, _ := r.Finding("AR-01")
	if f.State != FindingUnsure {
		t.Fatalf("state %s", f.State)
	}
	if f.Severity != SevLow { // one below the worst rule (medium)
		t.Errorf("severity %s, want low", f.Severity)
	}
	if f.Owner != "Ana" || f.FollowUp != "2026-12-01" {
		t.Errorf("owner/follow-up lost: %+v", f)
	}
	for _, qr := range r.Questions {
		if qr.QuestionID == "AR-01" {
			if qr.Score == nil || *qr.Score != 0.5 {
				t.Errorf("unsure score %v, want 0.5", qr.Score)
			}
		}
	}
}

func TestConflictTenantDecides(t *testing.T) {
	b := miniBank(t)
	// The architect says all environments use CMK; the tenant shows Payroll on Microsoft keys.
	r := eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": answered("all-cmk")}, twoEnvFacts())
	if len(r.Conflicts) != 1 {
		t.Fatalf("conflicts: %+v", r.Conflicts)
	}
	c := r.Conflicts[0]
	if c.QuestionID != "AR-02" || !slices.Equal(c.Answered, []string{"all-cmk"}) || !slices.Equal(c.Tenant, []string{"some-cmk"}) {
		t.Errorf("conflict %+v", c)
	}
	if c.AnswerText != "All" || c.TenantText != "Some" {
		t.Errorf("conflict texts %q / %q", c.AnswerText, c.TenantText)
	}
	f, _ := r.Finding("AR-02.cmk-missing")
	if f.State != FindingFail || !f.Tenant {
		t.Fatalf("finding %+v", f)
	}
	if len(f.Affected) != 1 || f.Affected[0].ID != "e2" {
		t.Errorf("affected %+v, want only Payroll (the sandbox is out of scope)", f.Affected)
	}
	if _, ok := r.Finding("AR-02"); ok {
		t.Error("a question-level pass next to a failing rule")
	}
}

func TestScopeSelectsEnvironments(t *testing.T) {
	b := miniBank(t)
	in := Input{Bank: b, Answers: Answers{"AR-01": answered("cmk"), "AR-02": answered("all-cmk")}, Facts: twoEnvFacts(), Scope: []string{"e1"}, Now: testNow}
	r, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Conflicts) != 0 {
		t.Errorf("with only e1 in scope the tenant agrees; got %+v", r.Conflicts)
	}
	if got := findingState(t, r, "AR-02"); got != FindingPass {
		t.Errorf("AR-02 %s", got)
	}
}

func TestUnreadableFactIsNotVerifiedNeverPass(t *testing.T) {
	b := miniBank(t)
	facts := twoEnvFacts()
	facts.Environments[1].Provenance = Provenance{Source: "BAP", Status: StatusNotPermitted, Reason: "needs Power Platform administrator"}
	r := eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": answered("all-cmk")}, facts)
	f, ok := r.Finding("AR-02")
	if !ok || f.State != FindingNotVerified {
		t.Fatalf("AR-02: %+v", f)
	}
	if f.Reason == "" || !strings.Contains(f.Reason, "needs Power Platform administrator") {
		t.Errorf("reason %q does not name the missing role", f.Reason)
	}
	// A failing answer stays a failure even when the fact is unreadable.
	r = eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": answered("some-cmk")}, facts)
	if got := findingState(t, r, "AR-02.cmk-missing"); got != FindingFail {
		t.Errorf("cmk-missing %s", got)
	}
	// Unless what was read rules it out: HR is on the customer key, so "none"
	// is impossible although Payroll could not be read.
	r = eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": answered("none-cmk")}, facts)
	if len(r.Conflicts) != 1 || r.Conflicts[0].TenantText != "rules out “None”" {
		t.Fatalf("conflicts %+v", r.Conflicts)
	}
	f, _ = r.Finding("AR-02")
	if f.State != FindingUnsure || f.Reason != reasonRuledOut || len(f.Affected) != 1 || f.Affected[0].ID != "e1" {
		t.Errorf("contradicted answer: %+v", f)
	}
}

func TestSignalRuleFiresFromFacts(t *testing.T) {
	b := miniBank(t)
	facts := twoEnvFacts()
	facts.Environments[1].CMK = &PolicyLink{ResourceID: "/p/2", LinkStatus: "Linked"} // linked, but keyManagedBy Microsoft
	r := eval(t, b, Answers{"AR-01": answered("cmk")}, facts)
	f, ok := r.Finding("AR-02.mismatch")
	if !ok || f.State != FindingWarn || len(f.Affected) != 1 || f.Affected[0].ID != "e2" {
		t.Fatalf("mismatch finding %+v", f)
	}
}

func TestAcceptances(t *testing.T) {
	b := miniBank(t)
	answers := Answers{"SC-01": answered("high"), "AR-01": answered("mmk")}
	active := Acceptance{FindingID: "AR-01.mmk-for-sensitive", Justification: "Interim", Approver: "CISO", Expires: "2026-11-27"}
	expired := active
	expired.Expires = "2026-11-26"

	r := eval(t, b, answers, nil, active)
	if got := findingState(t, r, "AR-01.mmk-for-sensitive"); got != FindingAccepted {
		t.Errorf("active acceptance (expires today): %s", got)
	}
	if !r.Accepted[0].Active || !r.Accepted[0].Matched {
		t.Errorf("status %+v", r.Accepted[0])
	}
	r = eval(t, b, answers, nil, expired)
	f, _ := r.Finding("AR-01.mmk-for-sensitive")
	if f.State != FindingFail || f.Acceptance == nil || !f.Acceptance.Expired {
		t.Errorf("expired acceptance should return the finding with the acceptance attached: %+v", f)
	}
}

func TestAcceptancePerEnvironment(t *testing.T) {
	b := miniBank(t)
	facts := twoEnvFacts()
	facts.Environments[0].KeyManagedBy, facts.Environments[0].CMK = "Microsoft", nil
	answers := Answers{"AR-01": answered("cmk")}
	one := Acceptance{FindingID: "AR-02.cmk-missing", Environment: "e2", Justification: "j", Approver: "a", Expires: "2027-01-01"}
	r := eval(t, b, answers, facts, one)
	if got := findingState(t, r, "AR-02.cmk-missing"); got != FindingFail {
		t.Errorf("one of two environments accepted: %s, want fail", got)
	}
	both := one
	both.Environment = "e1"
	r = eval(t, b, answers, facts, one, both)
	if got := findingState(t, r, "AR-02.cmk-missing"); got != FindingAccepted {
		t.Errorf("both environments accepted: %s", got)
	}
}

func TestScoresAndGrade(t *testing.T) {
	b := miniBank(t)
	all := Answers{"SC-01": answered("low"), "SC-02": {State: AnswerAnswered, Text: "none"}, "AR-01": answered("cmk"), "AR-02": answered("all-cmk"), "AR-03": answered("a", "b")}
	r := eval(t, b, all, nil)
	if r.Overall.Value == nil || *r.Overall.Value != 100 || r.Grade.Label != "Aligned" || r.Grade.Letter != "A" {
		t.Fatalf("all good: %+v %+v", r.Overall, r.Grade)
	}
	all["AR-02"] = answered("none-cmk")
	r = eval(t, b, all, nil)
	if r.Grade.Label != "At risk" {
		t.Errorf("a high finding must mean At risk: %+v", r.Grade)
	}
	var at Score
	for _, s := range r.DataStates {
		if s.ID == string(StateAtRest) {
			at = s
		}
	}
	if at.Value == nil || *at.Value >= 100 || at.Fail != 1 {
		t.Errorf("at-rest score %+v", at)
	}
	empty := eval(t, b, Answers{}, nil)
	if empty.Grade.Label != "Incomplete" {
		t.Errorf("nothing answered: %+v", empty.Grade)
	}
}

func TestEvaluateIsDeterministic(t *testing.T) {
	b := miniBank(t)
	a := Answers{"SC-01": answered("high"), "AR-01": answered("cmk"), "AR-02": answered("all-cmk")}
	r1 := eval(t, b, a, twoEnvFacts())
	r2 := eval(t, b, a, twoEnvFacts())
	if len(r1.Findings) != len(r2.Findings) {
		t.Fatal("different findings")
	}
	for i := range r1.Findings {
		if r1.Findings[i].ID != r2.Findings[i].ID {
			t.Fatalf("order differs at %d: %s vs %s", i, r1.Findings[i].ID, r2.Findings[i].ID)
		}
	}
}

func TestEvaluateRejectsMissingInputs(t *testing.T) {
	if _, err := Evaluate(Input{Now: testNow}); err == nil {
		t.Error("no bank accepted")
	}
	if _, err := Evaluate(Input{Bank: miniBank(t)}); err == nil {
		t.Error("no clock accepted")
	}
}

func TestCompare(t *testing.T) {
	b := miniBank(t)
	old := eval(t, b, Answers{"SC-01": answered("high"), "AR-01": answered("mmk"), "AR-03": answered("none")}, nil)
	cur := eval(t, b, Answers{"SC-01": answered("high"), "AR-01": answered("cmk"), "AR-02": answered("none-cmk"), "AR-03": answered("none")}, nil)
	d := Compare(old, cur, b)
	ids := func(fs []Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	if got := ids(d.Added); !slices.Contains(got, "AR-02.cmk-missing") {
		t.Errorf("added %v", got)
	}
	if got := ids(d.Resolved); !slices.Equal(got, []string{"AR-01.mmk-for-sensitive"}) {
		t.Errorf("resolved %v", got)
	}
	if d.Unchanged == 0 {
		t.Error("AR-03.no-extras is unchanged")
	}
	if len(d.Scores) == 0 || d.Scores[0].ID != "overall" || d.Scores[0].Delta == nil {
		t.Errorf("scores %+v", d.Scores)
	}
	// A finding open in both that became more severe is "worsened".
	changed := *cur
	changed.Findings = slices.Clone(cur.Findings)
	for i := range changed.Findings {
		if changed.Findings[i].ID == "AR-03.no-extras" {
			changed.Findings[i].Severity = SevMedium
		}
	}
	d = Compare(cur, &changed, b)
	if len(d.Worsened) != 1 || d.Worsened[0].New.ID != "AR-03.no-extras" || !slices.Equal(d.Worsened[0].What, []string{"severity low → medium"}) {
		t.Errorf("worsened %+v", d.Worsened)
	}
}

func TestUnreadableEnvironmentListIsNotVerified(t *testing.T) {
	b := miniBank(t)
	facts := &Facts{SchemaVersion: FactsSchemaVersion, Checks: []CheckRun{{Name: CheckRunEnvironments, Provenance: Provenance{Source: "BAP", Status: StatusNotPermitted, Reason: "needs Power Platform administrator"}}}}
	r := eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": answered("all-cmk")}, facts)
	f, _ := r.Finding("AR-02")
	if f.State != FindingNotVerified || !strings.Contains(f.Reason, "Power Platform administrator") {
		t.Errorf("AR-02 with an unreadable environment list: %s (%s)", f.State, f.Reason)
	}
	// An empty but readable list is simply not applicable for the tenant: the answer decides.
	facts.Checks[0].Provenance = Provenance{Source: "BAP", Status: StatusOK}
	r = eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": answered("all-cmk")}, facts)
	if got := findingState(t, r, "AR-02"); got != FindingPass {
		t.Errorf("empty readable list: %s", got)
	}
}

func TestDescribeCond(t *testing.T) {
	b := miniBank(t)
	q, _ := b.Question("AR-01")
	got := b.DescribeCond(q.Rules[0].When, q)
	if got != "the answer is Microsoft-managed and «sensitive»" {
		t.Errorf("rule: %q", got)
	}
	c := Cond{Any: []Cond{{Q: "SC-01", In: []string{"high", "unsure"}}, {Signal: "cmk-link-mismatch"}}, Not: &Cond{Q: "AR-03", In: []string{"a"}}}
	got = b.DescribeCond(c, q)
	want := "(SC-01 (Sensitivity) is High or not sure or the tenant shows cmk link mismatch) and not (AR-03 (Extras) includes A)"
	if got != want {
		t.Errorf("compound:\n got %q\nwant %q", got, want)
	}
}

func TestNotApplicableAgainstTenantIsAConflict(t *testing.T) {
	b := miniBank(t)
	r := eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": {State: AnswerNotApplicable}}, twoEnvFacts())
	if len(r.Conflicts) != 1 || r.Conflicts[0].AnswerText != "Not applicable" || r.Conflicts[0].TenantText != "Some" {
		t.Fatalf("conflicts %+v", r.Conflicts)
	}
	if got := findingState(t, r, "AR-02.cmk-missing"); got != FindingFail {
		t.Errorf("the tenant decides: %s", got)
	}
	// Unsure is filled in by the tenant without a conflict.
	r = eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": {State: AnswerUnsure}}, twoEnvFacts())
	if len(r.Conflicts) != 0 {
		t.Errorf("unsure answer: %+v", r.Conflicts)
	}
}

func TestStatusLabel(t *testing.T) {
	b := miniBank(t)
	r := eval(t, b, Answers{"SC-01": {State: AnswerSkipped}, "AR-01": {State: AnswerUnsure}}, nil)
	for id, want := range map[string]string{"SC-01": "Skipped", "AR-01": "Not sure", "SC-02": "Not answered"} {
		if f, _ := r.Finding(id); f.StatusLabel() != want {
			t.Errorf("%s: %q, want %q", id, f.StatusLabel(), want)
		}
	}
	if got := (Finding{State: FindingWarn, Severity: SevInfo}).StatusLabel(); got != "Advice" {
		t.Errorf("info: %q", got)
	}
}
