package assess

import "testing"

func TestCheckTLS(t *testing.T) {
	runCheckCases(t, "tls-endpoints", []checkCase{
		{name: "legacy refused, modern works", status: StatusOK},
		{name: "legacy accepted, modern failed", status: StatusOK,
			mod:     env0(func(e *Environment) { e.TLS.LegacyRefused, e.TLS.ModernOK = false, false }),
			signals: map[string][]string{"tls-legacy-accepted": {testHost}, "tls-modern-failed": {testHost}}},
		{name: "probe failed", status: StatusError, reason: "dial tcp",
			mod: env0(func(e *Environment) { e.TLS.Provenance = Provenance{Status: StatusError, Reason: "dial tcp: timeout"} })},
		{name: "probe skipped", status: StatusNotCollected,
			mod: env0(func(e *Environment) { e.TLS = nil })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckVNet(t *testing.T) {
	runCheckCases(t, "vnet-injection", []checkCase{
		{name: "linked", status: StatusOK},
		{name: "no policy", status: StatusOK, mod: env0(func(e *Environment) { e.VNetPolicy = nil }),
			signals: map[string][]string{"env-without-vnet": {"env-hr"}, "vnet-none": {"env-hr"}}},
		{name: "failed link", status: StatusOK, mod: env0(func(e *Environment) { e.VNetPolicy.LinkStatus = "Failed" }),
			signals: map[string][]string{"env-without-vnet": {"env-hr"}, "vnet-none": {"env-hr"}}},
		{name: "one of two without a policy: some have one", status: StatusOK,
			mod: func(f *Facts) {
				f.Environments = append(f.Environments, testEnv("env-pay", "Payroll", func(e *Environment) { e.VNetPolicy = nil }))
			},
			signals: map[string][]string{"env-without-vnet": {"env-pay"}}},
		{name: "environment unreadable", status: StatusNotPermitted, reason: "Contoso HR",
			mod: env0(func(e *Environment) { e.Provenance = deniedProv() })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func transitRuleOuts() []ruleOutCase {
	return []ruleOutCase{
		{q: "DT-04", signal: "vnet-none", facts: env0(func(e *Environment) { e.VNetPolicy = nil })},
	}
}

func TestRuleOutTransit(t *testing.T) {
	runRuleOutCases(t, transitRuleOuts())
	runAgreeCases(t, []agreeCase{
		{name: "DT-04 in place while one environment of two lacks it (a finding, not a conflict)", q: "DT-04", answer: answered("implemented"),
			facts: addEnv(testEnv("env-pay", "Payroll", func(e *Environment) { e.VNetPolicy = nil }))},
	})
}
