package assess

import (
	"fmt"
	"slices"
	"testing"
)

func subjectIDs(ss []Subject) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}

// sources resolves source IDs of res to their request texts.
func sources(res *Result, ids []SourceID) []string {
	out := []string{}
	for _, id := range ids {
		p, ok := res.Source(id)
		if !ok {
			out = append(out, fmt.Sprintf("<no source %d>", id))
			continue
		}
		out = append(out, p.Source)
	}
	return out
}

// TestConflictSubjectsAndProvenance pins who a conflict is about and where
// its facts came from, for a conflict the check implies and one the
// ruleOut data raises. Expectations are written by hand from the fixtures.
func TestConflictSubjectsAndProvenance(t *testing.T) {
	b := mustBank(t)
	f := healthyFacts()
	f.Environments[0].Provenance.Source = "BAP GET environments"
	f.Environments = append(f.Environments, testEnv("env-pay", "Payroll", func(e *Environment) {
		e.CMK, e.KeyManagedBy = nil, "Microsoft"
		e.Provenance.Source = "BAP GET environments page 2"
	}))
	f.Vaults[0].PurgeProtection = false
	f.Vaults[0].Provenance.Source = "ARM GET vaults/kv-pp-cmk"
	res := evaluate(t, Input{Bank: b, Facts: f, Answers: Answers{"AR-01": answered("cmk"), "AR-02": answered("all-cmk"), "KM-08": answered("full")}})

	ar02 := conflictFor(res, "AR-02")
	if ar02 == nil {
		t.Fatal("no AR-02 conflict")
	}
	if got := subjectIDs(ar02.Affected); !slices.Equal(got, []string{"env-pay"}) {
		t.Errorf("AR-02 affected %v, want the environment on Microsoft's key", got)
	}
	if got := sources(res, []SourceID{ar02.Affected[0].Source}); got[0] != "BAP GET environments page 2" {
		t.Errorf("AR-02 subject source %v", got)
	}
	// The affected subject's source first, then the rest of the check's evidence, each once.
	if got := sources(res, ar02.Sources); !slices.Equal(got, []string{"BAP GET environments page 2", "BAP GET environments"}) {
		t.Errorf("AR-02 provenance %v", got)
	}
	if len(ar02.RuledOut) != 1 || ar02.RuledOut[0].Signal != "env-on-microsoft-key" || ar02.RuledOut[0].Choice != "all-cmk" {
		t.Errorf("AR-02 ruled out %+v", ar02.RuledOut)
	}

	km08 := conflictFor(res, "KM-08")
	if km08 == nil {
		t.Fatal("no KM-08 conflict")
	}
	if got := subjectIDs(km08.Affected); !slices.Equal(got, []string{testVaultID}) {
		t.Errorf("KM-08 affected %v", got)
	}
	if got := sources(res, km08.Sources); !slices.Equal(got, []string{"ARM GET vaults/kv-pp-cmk"}) {
		t.Errorf("KM-08 provenance %v, want only the vault's", got)
	}
	if len(km08.Tenant) != 0 || len(km08.Answered) != 1 {
		t.Errorf("KM-08 answered %v tenant %v", km08.Answered, km08.Tenant)
	}
	if len(res.Conflicts) != 2 {
		t.Errorf("%d conflicts, want AR-02 and KM-08", len(res.Conflicts))
	}
}

// TestAcceptanceForAnEnvironmentOnAFindingWithoutEnvironments: a risk
// accepted for one environment never accepts a finding that names no
// environment (an answer-level finding): it stays open.
func TestAcceptanceForAnEnvironmentOnAFindingWithoutEnvironments(t *testing.T) {
	b := miniBank(t)
	answers := Answers{"SC-01": answered("high"), "AR-01": answered("mmk")}
	acc := Acceptance{FindingID: "AR-01.mmk-for-sensitive", Environment: "e1", Justification: "j", Approver: "a", Expires: "2027-01-01"}
	r := eval(t, b, answers, twoEnvFacts(), acc)
	f, _ := r.Finding("AR-01.mmk-for-sensitive")
	if f.State != FindingFail {
		t.Errorf("state %s, want fail: an environment acceptance cannot cover a finding about no environment", f.State)
	}
	if len(r.Accepted) != 1 || !r.Accepted[0].Active {
		t.Errorf("acceptance status %+v", r.Accepted)
	}
	// The same acceptance without an environment covers it.
	acc.Environment = ""
	r = eval(t, b, answers, twoEnvFacts(), acc)
	if got := findingState(t, r, "AR-01.mmk-for-sensitive"); got != FindingAccepted {
		t.Errorf("tenant-wide acceptance: %s", got)
	}
}

// TestAcceptanceMalformedExpiry: an expiry that is not a YYYY-MM-DD date never
// holds, and loading an assessment names the field.
func TestAcceptanceMalformedExpiry(t *testing.T) {
	b := miniBank(t)
	answers := Answers{"SC-01": answered("high"), "AR-01": answered("mmk")}
	for _, exp := range []string{"2027-13-01", "31/12/2027", "2027-02-30", "", "tomorrow"} {
		acc := Acceptance{FindingID: "AR-01.mmk-for-sensitive", Justification: "j", Approver: "a", Expires: exp}
		if acc.ActiveOn(testNow) {
			t.Errorf("%q holds", exp)
		}
		r := eval(t, b, answers, nil, acc)
		f, _ := r.Finding("AR-01.mmk-for-sensitive")
		if f.State != FindingFail || f.Acceptance == nil || f.Acceptance.Active || !f.Acceptance.Expired {
			t.Errorf("%q: state %s, acceptance %+v", exp, f.State, f.Acceptance)
		}
		ps := validateAcceptances([]Acceptance{acc}, b)
		if !slices.ContainsFunc(ps, func(p Problem) bool { return p.Path == "acceptances[0].expires" }) {
			t.Errorf("%q: problems %v do not name acceptances[0].expires", exp, ps)
		}
	}
}
