package assess

import "testing"

func TestCheckResidency(t *testing.T) {
	req := func(geo string) Answers { return Answers{"RS-01": answered(geo)} }
	runCheckCases(t, "residency", []checkCase{
		{name: "no requirement answered", status: StatusNotApplicable},
		{name: "no requirement", status: StatusNotApplicable, answers: req("no-requirement")},
		{name: "all in Europe", status: StatusOK, answers: req("europe")},
		{name: "France counts as Europe", status: StatusOK, answers: req("europe"),
			mod: env0(func(e *Environment) { e.Geo = "france" })},
		{name: "everything outside Germany", status: StatusOK, answers: req("germany"),
			signals: map[string][]string{"env-outside-geo": {"env-hr"}, "policy-outside-geo": {testPolicyID}, "vault-outside-geo": {testVaultID}, "home-geo-outside": {"tenant-1"}}},
		{name: "home geo outside, environments inside", status: StatusOK, answers: req("europe"),
			mod:     func(f *Facts) { f.Tenant.HomeGeo = "unitedstates" },
			signals: map[string][]string{"home-geo-outside": {"tenant-1"}}},
		{name: "environment geo not returned is left to a person", status: StatusOK, answers: req("europe"),
			mod: env0(func(e *Environment) { e.Geo = "" })},
		{name: "unknown vault region is left to a person", status: StatusOK, answers: req("europe"),
			mod: func(f *Facts) { f.Vaults[0].Location = "moonbase1" }},
		{name: "vault 403 still reports the environment", status: StatusNotPermitted, answers: req("germany"), reason: "kv-pp-cmk",
			mod:     func(f *Facts) { f.Vaults[0].Provenance = deniedProv() },
			signals: map[string][]string{"env-outside-geo": {"env-hr"}, "policy-outside-geo": {testPolicyID}, "home-geo-outside": {"tenant-1"}}},
		{name: "no environments", status: StatusNotApplicable, answers: req("europe"), mod: emptyFacts},
	})
}

func TestCheckAICrossGeo(t *testing.T) {
	runCheckCases(t, "ai-cross-geo", []checkCase{
		{name: "off everywhere", status: StatusOK, implies: []string{"not-allowed"}},
		{name: "on in France: processed abroad", status: StatusOK, implies: []string{"allowed"},
			mod:     env0(func(e *Environment) { e.Geo, e.AI.CrossGeoMovement = "france", new(true) }),
			signals: map[string][]string{"ai-cross-geo-on": {"env-hr"}, "ai-processing-outside-geo": {"env-hr"}}},
		{name: "on in Europe: stays in the EU Data Boundary", status: StatusOK, implies: []string{"allowed"},
			mod:     env0(func(e *Environment) { e.AI.CrossGeoMovement = new(true) }),
			signals: map[string][]string{"ai-cross-geo-on": {"env-hr"}}},
		{name: "United States without the setting", status: StatusOK, implies: []string{"not-allowed"},
			mod: env0(func(e *Environment) { e.Geo, e.AI.CrossGeoMovement = "unitedstates", nil })},
		{name: "setting not returned", status: StatusOK,
			mod: env0(func(e *Environment) { e.AI.CrossGeoMovement = nil })},
		{name: "AI settings unreadable", status: StatusNotPermitted, reason: "AI settings of Contoso HR",
			mod: env0(func(e *Environment) { e.AI.Provenance = deniedProv() })},
		{name: "AI settings never collected", status: StatusNotCollected,
			mod: env0(func(e *Environment) { e.AI = AISettings{} })},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckAIBing(t *testing.T) {
	runCheckCases(t, "ai-bing", []checkCase{
		{name: "off", status: StatusOK, implies: []string{"no"}},
		{name: "on", status: StatusOK, implies: []string{"yes"},
			mod:     env0(func(e *Environment) { e.AI.BingSearch = new(true) }),
			signals: map[string][]string{"bing-on": {"env-hr"}}},
		{name: "not returned", status: StatusOK, mod: env0(func(e *Environment) { e.AI.BingSearch = nil })},
		{name: "unreadable", status: StatusNotPermitted, mod: env0(func(e *Environment) { e.AI.Provenance = deniedProv() }), reason: "Contoso HR"},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckAIBoundary(t *testing.T) {
	runCheckCases(t, "ai-boundary", []checkCase{
		{name: "both off", status: StatusOK, implies: []string{"neither"}},
		{name: "both on", status: StatusOK, implies: []string{"flex-on", "m365-on"},
			mod:     env0(func(e *Environment) { e.AI.M365Services, e.AI.CrossBoundaryFlex = new(true), new(true) }),
			signals: map[string][]string{"m365-services-on": {"env-hr"}, "flex-routing-on": {"env-hr"}}},
		{name: "flex routing does not exist outside the EU", status: StatusOK, implies: []string{"neither"},
			mod: env0(func(e *Environment) { e.Geo, e.AI.CrossBoundaryFlex = "japan", nil })},
		{name: "flex routing not returned in the EU", status: StatusOK,
			mod: env0(func(e *Environment) { e.AI.CrossBoundaryFlex = nil })},
		{name: "unreadable", status: StatusNotPermitted, mod: env0(func(e *Environment) { e.Provenance = deniedProv() }), reason: "Contoso HR"},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

func TestCheckTenantAISettings(t *testing.T) {
	runCheckCases(t, "tenant-ai-settings", []checkCase{
		{name: "nothing shared", status: StatusOK},
		{name: "model data and prompts shared", status: StatusOK,
			mod: func(f *Facts) {
				f.Tenant.Settings.EnableModelDataSharing = new(true)
				f.Tenant.Settings.DisableCopilotFeedbackMetadata = new(false)
			},
			signals: map[string][]string{"model-data-sharing-on": {"tenant-1"}, "prompt-sharing-allowed": {"tenant-1"}}},
		{name: "settings not returned", status: StatusOK,
			mod: func(f *Facts) {
				f.Tenant.Settings.EnableModelDataSharing, f.Tenant.Settings.DisableCopilotFeedbackMetadata = nil, nil
			}},
		{name: "403", status: StatusNotPermitted, reason: "needs Power Platform administrator",
			mod: func(f *Facts) {
				f.Tenant.Settings.Provenance = Provenance{Status: StatusNotPermitted, Reason: "needs Power Platform administrator"}
			}},
		{name: "not collected", status: StatusNotCollected, mod: emptyFacts},
	})
}

func aiRuleOuts() []ruleOutCase {
	ai := func(mod func(*AISettings)) func(*Facts) { return func(f *Facts) { mod(&f.Environments[0].AI) } }
	return []ruleOutCase{
		{q: "AI-01", signal: "ai-cross-geo-on", facts: ai(func(a *AISettings) { a.CrossGeoMovement = new(true) })},
		{q: "AI-02", signal: "bing-on", facts: ai(func(a *AISettings) { a.BingSearch = new(true) })},
		{q: "AI-03", signal: "m365-services-on", facts: ai(func(a *AISettings) { a.M365Services = new(true) })},
		{q: "AI-03", signal: "flex-routing-on", facts: ai(func(a *AISettings) { a.CrossBoundaryFlex = new(true) })},
	}
}

func TestRuleOutAI(t *testing.T) {
	runRuleOutCases(t, aiRuleOuts())
	runAgreeCases(t, []agreeCase{
		{name: "AI-02 not applicable with Bing off", q: "AI-02", answer: Answer{State: AnswerNotApplicable}},
		{name: "AI-03 neither, both off", q: "AI-03", answer: answered("neither")},
	})
}
