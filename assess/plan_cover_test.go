package assess

import (
	"strings"
	"testing"
)

// TestPlanCoversEveryRule: every rule of the bank has remediation data (an
// effort for the roadmap) with either command templates or an explicit
// noCommand saying why none can fix it, and maps to at least one control
// (its question's or its own).
func TestPlanCoversEveryRule(t *testing.T) {
	b, err := LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	p := b.Plan()
	if p == nil {
		t.Fatal("the bank has no plan")
	}
	n := 0
	for _, q := range b.Questions() {
		for _, r := range q.Rules {
			n++
			id := q.ID + "." + r.ID
			rp := p.Rule(id)
			switch {
			case rp == nil:
				t.Errorf("%s: no entry in plan/remediation.yaml", id)
			case len(rp.templates) == 0 && strings.TrimSpace(rp.NoCommand) == "":
				t.Errorf("%s: neither a command template nor a noCommand reason", id)
			case len(rp.templates) > 0 && (rp.Link == nil || !strings.HasPrefix(rp.Link.URL, "https://learn.microsoft.com/")):
				t.Errorf("%s: commands without a Microsoft doc link", id)
			}
			if len(p.ControlsFor(Finding{ID: id, QuestionID: q.ID})) == 0 {
				t.Errorf("%s: no control mapping (question or rule)", id)
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d rules in the bank", n)
	}
	// The rules named in issue 11 carry mappings of their own.
	for _, id := range []string{"AR-07.hsm-advised", "DT-02.unmanaged-certs", "RS-01.home-geo-outside", "SC-04.external-facing", "MG-04.no-tamper-detection", "MG-04.no-data-audit", "MG-04.no-policy-alerts"} {
		if len(p.Controls[id]) == 0 {
			t.Errorf("%s: no rule-level control mapping", id)
		}
	}
}

// TestPlanRejectsCommandAndNoCommand: a rule cannot both have commands and
// say none exists.
func TestPlanRejectsCommandAndNoCommand(t *testing.T) {
	b, err := LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	p := *b.Plan()
	p.Rules = map[string]*RulePlan{"KM-04.no-rotation-policy": {Effort: LevelLow, Disruption: LevelLow, Note: "n", Permission: "p",
		Link: &Link{Title: "t", URL: "https://learn.microsoft.com/x"}, Per: SubjectKey, AzureCLI: "az keyvault key show --name {{sh .Key.Name}}", NoCommand: "none"}}
	if err := b.validatePlan(&p); err == nil || !strings.Contains(err.Error(), "noCommand") {
		t.Fatalf("validatePlan = %v, want the noCommand conflict", err)
	}
}
