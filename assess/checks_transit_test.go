package assess

import (
	"strings"
	"testing"
)

func TestCheckTLS(t *testing.T) {
	runCheckCases(t, "tls-endpoints", []checkCase{
		{name: "legacy refused, modern works", status: StatusOK},
		{name: "legacy accepted, modern failed", status: StatusOK,
			mod:     env0(func(e *Environment) { e.TLS.LegacyRefused, e.TLS.ModernOK = false, false }),
			signals: map[string][]string{"tls-legacy-accepted": {testHost, "env-hr"}, "tls-modern-failed": {testHost, "env-hr"}}},
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

// TestTLSHostNamesItsEnvironments: a host finding says which environments
// sit behind the host.
func TestTLSHostNamesItsEnvironments(t *testing.T) {
	f := healthyFacts()
	f.Environments[0].TLS.LegacyRefused = false
	def, _ := lookupCheck("tls-endpoints")
	memo := &checkMemo{src: &sourceTable{}}
	o := runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Now: testNow, memo: memo})
	subs := o.Signals["tls-legacy-accepted"]
	if len(subs) != 2 || subs[0].Detail != "accepted a TLS 1.1 handshake; serves Contoso HR (europe)" || subs[0].Source == 0 {
		t.Errorf("subjects %+v", subs)
	}
	if len(subs) == 2 && (subs[1].Kind != SubjectEnvironment || subs[1].ID != "env-hr" || subs[1].Source == 0 || func() string { p, _ := memo.src.get(subs[1].Source); return p.Source }() != "test") {
		t.Errorf("environment behind the host: %+v", subs[1])
	}
	f.Environments[0].TLS.Provenance = Provenance{Source: "TLS probe", At: testNow, Status: StatusError, Reason: "host unreachable"}
	o = runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Now: testNow})
	if len(o.Unverified) != 2 || !strings.Contains(o.Unverified[0].Detail, "serves Contoso HR (europe)") || o.Unverified[1].ID != "env-hr" || !strings.Contains(o.Reason, "(Contoso HR (europe))") {
		t.Errorf("unverified %+v, reason %q", o.Unverified, o.Reason)
	}
}
