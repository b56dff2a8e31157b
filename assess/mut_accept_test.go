package assess

import "testing"

// TestAcceptanceForAnotherEnvironment: a risk accepted for an environment the
// finding is not about does not match it, even when the finding names exactly
// one environment: the finding stays open with no acceptance attached, and the
// acceptance is counted as active but unmatched (it can be retired).
func TestAcceptanceForAnotherEnvironment(t *testing.T) {
	b := miniBank(t)
	facts := &Facts{
		SchemaVersion: FactsSchemaVersion,
		Environments: []Environment{
			{Provenance: ok("BAP"), ID: "e1", Name: "HR", Type: EnvProduction, Geo: "europe", KeyManagedBy: "Microsoft"},
		},
	}
	acc := Acceptance{FindingID: "AR-02.cmk-missing", Environment: "e9", Justification: "j", Approver: "a", Expires: "2027-01-01"}
	r := eval(t, b, Answers{"AR-01": answered("cmk")}, facts, acc)
	f, found := r.Finding("AR-02.cmk-missing")
	if !found {
		t.Fatal("no AR-02.cmk-missing finding")
	}
	if got := subjectIDs(f.Affected); len(got) != 1 || got[0] != "e1" {
		t.Fatalf("affected %v, want [e1]", got)
	}
	if f.State != FindingFail || f.Acceptance != nil {
		t.Errorf("state %s, acceptance %+v: want fail with none attached", f.State, f.Acceptance)
	}
	if len(r.Accepted) != 1 || !r.Accepted[0].Active || r.Accepted[0].Matched || r.Accepted[0].Expired {
		t.Errorf("acceptance status %+v, want active and unmatched", r.Accepted)
	}
	if r.Counts.UnmatchedRisks != 1 || r.Counts.AcceptedRisks != 0 || r.Counts.PartlyAccepted != 0 {
		t.Errorf("counts unmatched %d accepted %d partly %d, want 1 0 0", r.Counts.UnmatchedRisks, r.Counts.AcceptedRisks, r.Counts.PartlyAccepted)
	}
	// The same acceptance for e1 accepts the whole finding.
	acc.Environment = "e1"
	r = eval(t, b, Answers{"AR-01": answered("cmk")}, facts, acc)
	if got := findingState(t, r, "AR-02.cmk-missing"); got != FindingAccepted {
		t.Errorf("accepted for its only environment: %s", got)
	}
	if r.Counts.AcceptedRisks != 1 || r.Counts.UnmatchedRisks != 0 {
		t.Errorf("counts accepted %d unmatched %d, want 1 0", r.Counts.AcceptedRisks, r.Counts.UnmatchedRisks)
	}
}
