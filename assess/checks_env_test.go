package assess

import (
	"slices"
	"strings"
	"testing"
)

func TestCheckCMKLinkage(t *testing.T) {
	runCheckCases(t, "cmk-linkage", []checkCase{
		{name: "all on the customer key", status: StatusOK, implies: []string{"all-cmk"},
			signals: map[string][]string{"env-on-customer-key": {"env-hr"}}},
		{name: "one environment on Microsoft's key", status: StatusOK, implies: []string{"some-cmk"},
			mod:     addEnv(testEnv("env-pay", "Payroll", func(e *Environment) { e.CMK, e.KeyManagedBy = nil, "Microsoft" })),
			signals: map[string][]string{"env-on-microsoft-key": {"env-pay"}, "env-on-customer-key": {"env-hr"}}},
		{name: "failed link", status: StatusOK, implies: []string{"none-cmk"},
			mod:     env0(func(e *Environment) { e.CMK.LinkStatus, e.KeyManagedBy = "Failed", "Microsoft" }),
			signals: map[string][]string{"env-on-microsoft-key": {"env-hr"}, "cmk-link-failed": {"env-hr"}}},
		{name: "CustomerViaMicrosoft counts as the customer's key", status: StatusOK, implies: []string{"all-cmk"},
			mod:     env0(func(e *Environment) { e.KeyManagedBy = "CustomerViaMicrosoft" }),
			signals: map[string][]string{"env-on-customer-key": {"env-hr"}}},
		{name: "customer key without a linked policy", status: StatusOK, implies: []string{"all-cmk"},
			mod:     env0(func(e *Environment) { e.CMK = nil }),
			signals: map[string][]string{"env-on-customer-key": {"env-hr"}, "cmk-link-mismatch": {"env-hr"}}},
		{name: "linked but keyManagedBy Microsoft", status: StatusOK, implies: []string{"none-cmk"},
			mod:     env0(func(e *Environment) { e.KeyManagedBy = "Microsoft" }),
			signals: map[string][]string{"cmk-link-mismatch": {"env-hr"}, "env-on-microsoft-key": {"env-hr"}}},
		{name: "environment unreadable", status: StatusNotPermitted, reason: "Contoso HR",
			mod: env0(func(e *Environment) { e.Provenance = deniedProv() })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckCMKPrereqs(t *testing.T) {
	runCheckCases(t, "cmk-prereqs", []checkCase{
		{name: "all met", status: StatusOK},
		{name: "unmanaged trial environment in another geo than its policy", status: StatusOK, implies: []string{"gaps"}, scope: []string{"env-hr"},
			mod:     env0(func(e *Environment) { e.Managed, e.Type, e.Geo = false, EnvTrial, "uk" }),
			signals: map[string][]string{"env-not-managed": {"env-hr"}, "env-type-unsupported": {"env-hr"}, "policy-geo-mismatch": {"env-hr"}}},
		{name: "policy not collected: the link's location decides", status: StatusOK, implies: []string{"gaps"},
			mod:     func(f *Facts) { f.Policies = nil; f.Environments[0].CMK.Location = "france" },
			signals: map[string][]string{"policy-geo-mismatch": {"env-hr"}}},
		{name: "environment unreadable", status: StatusNotPermitted, reason: "Contoso HR",
			mod: env0(func(e *Environment) { e.Provenance = deniedProv() })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckLegacyBYOK(t *testing.T) {
	runCheckCases(t, "legacy-byok", []checkCase{
		{name: "no BYOK", status: StatusOK, implies: []string{"no"}},
		{name: "customer key without a policy", status: StatusOK, implies: []string{"yes"},
			mod:     env0(func(e *Environment) { e.CMK = nil }),
			signals: map[string][]string{"byok-suspected": {"env-hr"}}},
		{name: "unknown keyManagedBy value is not a customer key", status: StatusOK, implies: []string{"no"},
			mod: env0(func(e *Environment) { e.CMK, e.KeyManagedBy = nil, "Unknown" })},
		{name: "keyManagedBy not returned", status: StatusOK,
			mod: env0(func(e *Environment) { e.KeyManagedBy = "" })},
		{name: "environment unreadable", status: StatusError, reason: "boom",
			mod: env0(func(e *Environment) { e.Provenance = Provenance{Status: StatusError, Reason: "boom"} })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckNonProdKeys(t *testing.T) {
	sandbox := func(mod func(*Environment)) Environment {
		return testEnv("env-dev", "HR dev", func(e *Environment) {
			e.Type, e.CMK, e.KeyManagedBy = EnvSandbox, nil, "Microsoft"
			if mod != nil {
				mod(e)
			}
		})
	}
	runCheckCases(t, "nonprod-keys", []checkCase{
		{name: "no non-production environments", status: StatusOK},
		{name: "sandbox on Microsoft's key", status: StatusOK, mod: addEnv(sandbox(nil)),
			signals: map[string][]string{"nonprod-on-microsoft-key": {"env-dev"}}},
		{name: "sandbox without Dataverse", status: StatusOK, mod: addEnv(sandbox(func(e *Environment) { e.HasDataverse = false }))},
		{name: "sandbox unreadable", status: StatusNotPermitted, mod: addEnv(sandbox(func(e *Environment) { e.Provenance = deniedProv() })), reason: "HR dev"},
		{name: "production not on a customer key", status: StatusNotApplicable, mod: env0(func(e *Environment) { e.CMK = nil })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func envRuleOuts() []ruleOutCase {
	twoEnvsOneUnread := func(mod func(*Environment)) func(*Facts) {
		return func(f *Facts) {
			f.Environments = append(f.Environments,
				testEnv("env-pay", "Payroll", mod),
				testEnv("env-fin", "Finance", func(e *Environment) { e.Provenance = deniedProv() }))
		}
	}
	return []ruleOutCase{
		// One environment unreadable: the check cannot decide, the facts read still rule out.
		{q: "AR-02", signal: "env-on-customer-key", facts: twoEnvsOneUnread(nil)},
		{q: "AR-02", signal: "env-on-microsoft-key", facts: twoEnvsOneUnread(func(e *Environment) { e.CMK, e.KeyManagedBy = nil, "Microsoft" })},
		{q: "AR-03", signal: "env-not-managed", facts: env0(func(e *Environment) { e.Managed = false })},
		{q: "AR-03", signal: "env-type-unsupported", facts: env0(func(e *Environment) { e.Type = EnvTrial }), scope: []string{"env-hr"}},
		{q: "AR-03", signal: "policy-geo-mismatch", facts: env0(func(e *Environment) { e.Geo = "uk" })},
		{q: "AR-06", signal: "byok-suspected", facts: env0(func(e *Environment) { e.CMK = nil })},
	}
}

func TestRuleOutEnvironments(t *testing.T) {
	runRuleOutCases(t, envRuleOuts())
	runAgreeCases(t, []agreeCase{
		{name: "AR-02 some, with one environment unreadable", q: "AR-02", answer: answered("some-cmk"),
			facts: func(f *Facts) {
				f.Environments = append(f.Environments, testEnv("env-fin", "Finance", func(e *Environment) { e.Provenance = deniedProv() }))
			}},
		{name: "AR-02 not applicable with every environment on Microsoft's key", q: "AR-02", answer: Answer{State: AnswerNotApplicable},
			facts: env0(func(e *Environment) { e.CMK, e.KeyManagedBy = nil, "Microsoft" })},
		{name: "AR-06 no, none found", q: "AR-06", answer: answered("no")},
	})
}

// TestPolicyNotFound: an environment linked to an encryption policy Azure
// reports as 404 is a finding naming both, never a silent "Linked", and its
// key custody is not verified.
func TestPolicyNotFound(t *testing.T) {
	runCheckCases(t, "cmk-linkage", []checkCase{
		{name: "policy 404", status: StatusNotFound, reason: "Contoso HR (europe): encryption policy ep-cmk-eu was not found (not found: HTTP 404)",
			mod: func(f *Facts) {
				f.Policies[0].Provenance = Provenance{Source: "ARM GET enterprisePolicies (2020-10-30-preview)", At: testNow, Status: StatusNotFound, Reason: "HTTP 404"}
			},
			signals: map[string][]string{"cmk-link-mismatch": {"env-hr", testPolicyID}}},
	})
	f := healthyFacts()
	f.Policies[0].Provenance = Provenance{Source: "ARM GET enterprisePolicies", At: testNow, Status: StatusNotFound, Reason: "HTTP 404"}
	def, _ := lookupCheck("cmk-linkage")
	memo := &checkMemo{src: &sourceTable{}}
	o := runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Now: testNow, memo: memo})
	if len(o.Unverified) != 1 || o.Unverified[0].ID != "env-hr" || !strings.Contains(o.Unverified[0].Detail, "ep-cmk-eu was not found") {
		t.Errorf("unverified %+v", o.Unverified)
	}
	for _, s := range o.Signals["cmk-link-mismatch"] {
		if !strings.Contains(s.Detail, "not found") || strings.Contains(s.Detail, "Linked") {
			t.Errorf("%s: detail %q", s.Name, s.Detail)
		}
		if p, ok := memo.src.get(s.Source); !ok || p.Status == "" {
			t.Errorf("%s without provenance", s.Name)
		}
	}
	// Through Evaluate: a finding names the environment and the policy.
	res := evaluate(t, Input{Bank: mustBank(t), Answers: Answers{"AR-01": answered("cmk")}, Facts: f})
	fd, ok := res.Finding("AR-02.cmk-link-mismatch")
	if !ok || fd.State != FindingFail {
		t.Fatalf("no finding: %s", questionFindings(res, "AR-02"))
	}
	var kinds []SubjectKind
	for _, s := range fd.Affected {
		kinds = append(kinds, s.Kind)
	}
	if !slices.Equal(kinds, []SubjectKind{SubjectEnvironment, SubjectPolicy}) || fd.Affected[1].Name != "ep-cmk-eu" {
		t.Errorf("affected %+v", fd.Affected)
	}
}
