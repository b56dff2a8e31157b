package assess

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
)

// baseAnswers is the context the per-choice table is evaluated in: highly
// confidential, GDPR + PCI + customer-held keys, a customer key required,
// France as the required geography, AI movement allowed and used, and column
// security as the only processing control. It makes most flags true, so
// most rules can fire.
func baseAnswers() Answers {
	a := Answers{}
	set := func(q string, v ...string) { a[q] = Answer{State: AnswerAnswered, Values: v} }
	set("SC-02", "highly-confidential")
	set("SC-03", "gdpr", "pci", "customer-keys")
	set("AR-01", "cmk")
	set("RS-01", "france")
	set("AI-01", "allowed")
	set("AI-04", "copilot-studio")
	set("DP-02", "column-security")
	return a
}

// choiceFindings lists, for every choice of every question, the findings the
// question yields ("ID state", sorted, comma-separated) when that choice is
// the answer in the baseAnswers context and no tenant facts are given.
// TestEveryChoiceHasFindings fails when a choice has no entry, so a new
// choice cannot ship untested.
var choiceFindings = map[string]map[string]string{
	"SC-01": {
		"labelled":    "SC-01 pass",
		"not-applied": "SC-01.not-applied warn",
		"no-scheme":   "SC-01.no-scheme fail",
	},
	"SC-02": {
		"public":              "SC-02 pass",
		"internal":            "SC-02 pass",
		"confidential":        "SC-02 pass",
		"highly-confidential": "SC-02 pass",
	},
	"SC-03": {
		"gdpr":          "SC-03 pass",
		"health":        "SC-03 pass",
		"pci":           "SC-03 pass",
		"us-gov":        "SC-03 pass",
		"localisation":  "SC-03 pass",
		"financial":     "SC-03 pass",
		"customer-keys": "SC-03 pass",
		"none":          "SC-03 pass",
	},
	"SC-04": {
		"dataverse":       "SC-04 pass",
		"flows":           "SC-04 pass",
		"copilot-studio":  "SC-04 pass",
		"external-facing": "SC-04.external-facing fail",
		"m365":            "SC-04.external-sources fail",
		"azure":           "SC-04.external-sources fail",
		"on-premises":     "SC-04.external-sources fail",
		"saas":            "SC-04.external-sources fail",
		"exports":         "SC-04.exported-copies fail",
	},
	"SC-05": {
		"complete":        "SC-05 pass",
		"partly":          "SC-05.shallow-classification fail",
		"no":              "SC-05.shallow-classification fail",
		"unmasked-copies": "SC-05.unmasked-copies fail",
	},
	"SC-06": {
		"no-gaps":      "SC-06 pass",
		"documented":   "SC-06 pass",
		"undocumented": "SC-06.undocumented-gaps fail",
	},
	"AR-01": {
		"mmk":       "AR-01.contract-needs-cmk fail, AR-01.reconsider-mmk fail",
		"cmk":       "AR-01 pass",
		"cmk-hsm":   "AR-01 pass",
		"undecided": "AR-01.custody-undecided fail",
	},
	"AR-02": {
		"all-cmk":  "AR-02 pass",
		"some-cmk": "AR-02.cmk-missing fail",
		"none-cmk": "AR-02.cmk-missing fail",
	},
	"AR-03": {
		"all-met":     "AR-03 pass",
		"gaps":        "AR-03.gaps fail",
		"not-checked": "AR-03.not-checked fail",
	},
	"AR-04": {
		"connection-settings": "AR-04.residual-mmk-required fail",
		"app-metadata":        "AR-04.residual-mmk-required fail",
		"checker-output":      "AR-04.residual-mmk-required fail",
		"other-services":      "AR-04.residual-mmk-required fail",
		"none":                "AR-04 pass",
	},
	"AR-05": {
		"verified":                  "AR-05 pass",
		"flows-on-mmk":              "AR-05.flows-on-mmk fail",
		"copilot-before-april-2025": "AR-05.copilot-old-cmk fail",
		"over-25":                   "AR-05.over-limit warn",
		"not-checked":               "AR-05.not-checked warn",
	},
	"AR-06": {
		"yes": "AR-06.byok-in-use fail",
		"no":  "AR-06 pass",
	},
	"AR-07": {
		// Only the classification (highly confidential PCI data) asks for
		// an HSM here: the attributed, low finding.
		"rsa-software":    "AR-07.hsm-advised warn",
		"rsa-hsm-vault":   "AR-07 pass",
		"rsa-hsm-managed": "AR-07 pass",
		"other":           "AR-07.unsupported-key fail",
	},
	"AR-08": {
		"yes": "AR-08.extra-layer-sensitive fail",
		"no":  "AR-08 pass",
	},
	"AR-09": {
		"per-environment": "AR-09 pass",
		"per-tier":        "AR-09 pass",
		"shared":          "AR-09.shared-key warn",
	},
	"KM-01": {
		"yes": "KM-01 pass",
		"no":  "KM-01.purge-protection-off fail",
	},
	"KM-02": {
		"separate": "KM-02 pass",
		"partial":  "KM-02.partial-overlap fail",
		"same":     "KM-02.same-admins fail",
	},
	"KM-03": {
		"rbac-least":      "KM-03 pass",
		"access-policies": "KM-03.access-policies warn",
		"broad":           "KM-03.broad-access fail",
	},
	"KM-04": {
		"versions-kept":           "KM-04 pass",
		"versions-disabled-early": "KM-04.disabled-early fail",
		"swap-policy":             "KM-04.swap-routine fail",
		"none":                    "KM-04.no-rotation fail",
	},
	"KM-05": {
		"no-expiry":          "KM-05 pass",
		"expiry-alerting":    "KM-05 pass",
		"expiry-no-alerting": "KM-05.no-alert fail",
	},
	"KM-06": {
		"public-trusted":    "KM-06 pass",
		"private-bypass":    "KM-06 pass",
		"private-no-bypass": "KM-06.lock-risk fail",
		"open":              "KM-06.open-vault warn",
	},
	"KM-07": {
		"runbook":        "KM-07.no-change-control fail, KM-07.runbook-untested warn",
		"runbook-tested": "KM-07.no-change-control fail",
		"approvers":      "KM-07.no-change-control fail",
		"change-control": "KM-07 pass",
		"none":           "KM-07.no-change-control fail",
	},
	"KM-08": {
		"full":             "KM-08 pass",
		"soft-delete-only": "KM-08.soft-delete-only warn",
		"no":               "KM-08.unrecoverable fail",
	},
	"DT-01": {
		"verified": "DT-01 pass",
		"legacy":   "DT-01.legacy-callers fail",
	},
	"DT-02": {
		"https-managed":   "DT-02 pass",
		"some-http":       "DT-02.plain-http fail",
		"no-outbound":     "DT-02 pass",
		"unmanaged-certs": "DT-02.unmanaged-certs fail",
	},
	"DT-03": {
		"not-used":             "DT-03 pass",
		"kept-current":         "DT-03.recovery-key fail, DT-03.relay-residency warn",
		"recovery-key-custody": "DT-03.outdated warn, DT-03.relay-residency warn",
		"own-relay":            "DT-03.outdated warn, DT-03.recovery-key fail",
		"none-of-these":        "DT-03.outdated warn, DT-03.recovery-key fail, DT-03.relay-residency warn",
	},
	"DT-04": {
		"implemented":              "DT-04 pass",
		"required-not-implemented": "DT-04.not-implemented fail",
		"not-required":             "DT-04 pass",
	},
	"DT-05": {
		"enforced":   "DT-05 pass",
		"audit-only": "DT-05.audit-only warn",
		"off":        "DT-05.firewall-off fail",
	},
	"DT-06": {
		"ip-and-logging": "DT-06 pass",
		"logging-only":   "DT-06.sas-no-ip warn",
		"ip-only":        "DT-06.sas-not-logged warn",
		"neither":        "DT-06.sas-open warn",
	},
	"DP-01": {
		"yes": "DP-01.in-use-required fail",
		"no":  "DP-01 pass",
	},
	"DP-02": {
		"column-security":   "DP-02.no-dlp warn",
		"masking":           "DP-02.no-column-security warn, DP-02.no-dlp warn",
		"no-sensitive-logs": "DP-02.no-column-security warn, DP-02.no-dlp warn",
		"dlp":               "DP-02.no-column-security warn",
		"none":              "DP-02.no-controls fail",
	},
	// RS-01 is a requirement: without tenant facts no choice is a finding.
	"RS-01": geoChoices("RS-01 pass"),
	"RS-02": {
		"commercial": "RS-02 pass",
		"us-gov":     "RS-02 pass",
		"china":      "RS-02 pass",
	},
	"RS-03": {
		"reviewed":               "RS-03 pass",
		"exception-accepted":     "RS-03 pass",
		"exception-unacceptable": "RS-03.exception-unacceptable fail",
		"not-reviewed":           "RS-03.not-reviewed fail",
	},
	"RS-04": {
		"lockbox-enabled": "RS-04.lockbox-ai-gap warn",
		"lockbox-off":     "RS-04.lockbox-off fail",
		"not-required":    "RS-04 pass",
	},
	"AI-01": {
		"allowed":     "AI-01.movement-vs-residency fail",
		"not-allowed": "AI-01 pass",
		"not-shown":   "AI-01 pass",
	},
	"AI-02": {
		// France is the required geography: Bing's US processing breaks it.
		"yes": "AI-02.bing-vs-residency fail",
		"no":  "AI-02 pass",
	},
	"AI-03": {
		"m365-on": "AI-03.m365-residency fail",
		"flex-on": "AI-03.flex-vs-eudb fail",
		"neither": "AI-03 pass",
	},
	"AI-04": {
		"copilot-studio":    "AI-04.ai-without-dlp fail",
		"app-copilots":      "AI-04.ai-without-dlp fail",
		"ai-builder":        "AI-04.ai-without-dlp fail",
		"dynamics-copilots": "AI-04.ai-without-dlp fail",
		"none":              "AI-04 pass",
	},
	"AI-05": {
		"owner-group-rule": "AI-05 pass",
		"owner-per-env":    "AI-05.per-environment warn",
		"no-owner":         "AI-05.no-owner fail",
	},
	"MG-01": {
		"siem-alerts":      "MG-01 pass",
		"logged-no-alerts": "MG-01.no-alerts fail",
		"not-logged":       "MG-01.not-logged fail",
	},
	"MG-02": {
		"automated": "MG-02 pass",
		"manual":    "MG-02 pass",
		"never":     "MG-02.no-checks fail",
	},
	"MG-03": {
		"quarterly": "MG-03 pass",
		"annual":    "MG-03.annual-review warn",
		"never":     "MG-03.no-review fail",
	},
	"MG-04": {
		"dataverse-audit": "MG-04.no-policy-alerts warn",
		"admin-activity":  "MG-04.no-data-audit warn, MG-04.no-policy-alerts warn",
		"policy-alerts":   "MG-04.no-data-audit warn",
		"none":            "MG-04.no-tamper-detection fail",
	},
}

// geoChoices gives the same expectation for every RS-01 choice. The geo list
// is spelled out so that a geo added to the bank still needs a test entry.
func geoChoices(want string) map[string]string {
	out := map[string]string{}
	for _, g := range []string{"no-requirement", "unitedstates", "europe", "uk", "france", "germany", "switzerland", "norway", "sweden", "canada", "southamerica", "asia", "japan", "korea", "india", "australia", "singapore", "uae", "southafrica", "usgov", "china"} {
		out[g] = want
	}
	return out
}

func mustBank(t *testing.T) *Bank {
	t.Helper()
	b, err := LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func evaluate(t *testing.T, in Input) *Result {
	t.Helper()
	if in.Now.IsZero() {
		in.Now = testNow
	}
	res, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// questionFindings gives "ID state" for a question's findings, sorted.
func questionFindings(res *Result, qid string) string {
	var got []string
	for _, f := range res.Findings {
		if f.QuestionID == qid {
			got = append(got, f.ID+" "+string(f.State))
		}
	}
	sort.Strings(got)
	return strings.Join(got, ", ")
}

func TestEveryChoiceHasFindings(t *testing.T) {
	b := mustBank(t)
	for _, q := range b.Questions() {
		table, ok := choiceFindings[q.ID]
		if !ok {
			t.Errorf("%s: no entry in choiceFindings", q.ID)
			continue
		}
		for id := range table {
			if _, ok := q.Choice(id); !ok {
				t.Errorf("%s: choiceFindings has %q, which is not a choice (stale test entry)", q.ID, id)
			}
		}
		for _, c := range q.Choices {
			want, ok := table[c.ID]
			if !ok {
				t.Errorf("%s=%s: no test case; add the findings it should yield to choiceFindings", q.ID, c.ID)
				continue
			}
			ans := baseAnswers()
			ans[q.ID] = answered(c.ID)
			res := evaluate(t, Input{Bank: b, Answers: ans})
			checkFindingLinks(t, res)
			if got := questionFindings(res, q.ID); got != want {
				t.Errorf("%s=%s:\n got  %s\n want %s", q.ID, c.ID, got, want)
			}
		}
	}
	for qid := range choiceFindings {
		if _, ok := b.Question(qid); !ok {
			t.Errorf("choiceFindings has %s, which is not in the bank", qid)
		}
	}
}

func TestEveryRuleCanFire(t *testing.T) {
	// A rule no single choice reaches (a signal or cross-question rule) must
	// be reached by a scenario, or it is dead or untested.
	reached := map[string]bool{}
	for _, table := range choiceFindings {
		for _, want := range table {
			for _, f := range strings.Split(want, ", ") {
				reached[strings.Fields(f)[0]] = true
			}
		}
	}
	for _, sc := range ruleScenarios() {
		for id := range sc.want {
			reached[id] = true
		}
	}
	b := mustBank(t)
	for _, q := range b.Questions() {
		for _, r := range q.Rules {
			if id := q.ID + "." + r.ID; !reached[id] {
				t.Errorf("rule %s is reached by no test", id)
			}
		}
	}
}

// TestRuleScenarios covers cross-question, flag and signal rules through
// Evaluate, each with the smallest answers and facts that reach it.
func TestRuleScenarios(t *testing.T) {
	b := mustBank(t)
	for _, tc := range ruleScenarios() {
		t.Run(tc.name, func(t *testing.T) {
			var facts *Facts
			if tc.facts != nil {
				facts = healthyFacts()
				tc.facts(facts)
			}
			res := evaluate(t, Input{Bank: b, Answers: tc.answers, Facts: facts, Scope: tc.scope})
			checkFindingLinks(t, res)
			for id, want := range tc.want {
				f, ok := res.Finding(id)
				if !ok {
					t.Errorf("finding %s missing; %s has: %s", id, strings.Split(id, ".")[0], questionFindings(res, strings.Split(id, ".")[0]))
					continue
				}
				if f.State != want {
					t.Errorf("finding %s: state %s, want %s", id, f.State, want)
				}
				if facts != nil && strings.Contains(id, ".") && f.Tenant && len(f.Affected) == 0 {
					t.Errorf("finding %s: decided by the tenant but lists no affected subject", id)
				}
			}
			for _, id := range tc.absent {
				if _, ok := res.Finding(id); ok {
					t.Errorf("finding %s should not be raised", id)
				}
			}
		})
	}
}

// ruleScenario is the smallest set of answers and facts (a change to
// healthyFacts; nil means no facts) that reaches some rules.
type ruleScenario struct {
	name    string
	answers Answers
	facts   func(*Facts)
	want    map[string]FindingState // finding ID → state
	absent  []string
	scope   []string
}

func ruleScenarios() []ruleScenario {
	return []ruleScenario{
		{
			name:    "flag cmk-in-use off hides key management",
			answers: Answers{"AR-01": answered("mmk"), "AR-02": answered("none-cmk"), "SC-03": answered("none")},
			want:    map[string]FindingState{"KM-01": FindingNotApplicable, "AR-03": FindingNotApplicable, "MG-01": FindingNotApplicable},
		},
		{
			name:    "contract requires customer keys, policy accepts Microsoft's",
			answers: Answers{"AR-01": answered("mmk"), "SC-03": answered("customer-keys"), "SC-02": answered("internal")},
			want:    map[string]FindingState{"AR-01.contract-needs-cmk": FindingFail},
			absent:  []string{"AR-01.reconsider-mmk"},
		},
		{
			name:    "flag cmk-required from the contract alone makes AR-02 fail",
			answers: Answers{"SC-03": answered("customer-keys"), "AR-02": answered("none-cmk")},
			want:    map[string]FindingState{"AR-02.cmk-missing": FindingFail},
		},
		{
			name:    "without a key requirement, residual Microsoft-key data is low",
			answers: Answers{"AR-01": answered("mmk"), "AR-02": answered("some-cmk"), "AR-04": answered("app-metadata"), "SC-03": answered("none")},
			want:    map[string]FindingState{"AR-04.residual-mmk": FindingWarn},
			absent:  []string{"AR-04.residual-mmk-required"},
		},
		{
			name:    "legacy BYOK without a key requirement is low",
			answers: Answers{"AR-01": answered("mmk"), "SC-03": answered("none"), "AR-06": answered("yes")},
			want:    map[string]FindingState{"AR-06.byok-reverted": FindingWarn},
			absent:  []string{"AR-06.byok-in-use"},
		},
		{
			name:    "audit-only IP firewall on internal data is no finding",
			answers: Answers{"SC-02": answered("internal"), "DT-05": answered("audit-only")},
			want:    map[string]FindingState{"DT-05": FindingPass},
		},
		{
			name:    "Bing Search is hidden when cross-region movement is not allowed",
			answers: Answers{"AI-01": answered("not-allowed")},
			want:    map[string]FindingState{"AI-02": FindingNotApplicable},
		},
		{
			name:    "AI movement for a geography the hosting table does not list",
			answers: Answers{"RS-01": answered("china"), "AI-01": answered("allowed")},
			want:    map[string]FindingState{"AI-01.movement-unlisted": FindingFail},
			absent:  []string{"AI-01.movement-vs-residency"},
		},
		{
			name:    "Sweden is in the May 2025 hosting table: processing may leave it",
			answers: Answers{"RS-01": answered("sweden"), "AI-01": answered("allowed")},
			want:    map[string]FindingState{"AI-01.movement-vs-residency": FindingFail},
			absent:  []string{"AI-01.movement-unlisted"},
		},
		{
			name:    "Bing Search with sensitive data and a US residency rule is medium",
			answers: Answers{"SC-02": answered("confidential"), "RS-01": answered("unitedstates"), "AI-02": answered("yes")},
			want:    map[string]FindingState{"AI-02.bing-sensitive": FindingFail},
			absent:  []string{"AI-02.bing-vs-residency"},
		},
		{
			name:    "a software key where the key policy asks for an HSM",
			answers: Answers{"AR-01": answered("cmk-hsm"), "AR-07": answered("rsa-software")},
			want:    map[string]FindingState{"AR-07.hsm-needed": FindingFail},
			absent:  []string{"AR-07.hsm-advised"},
		},
		{
			name:    "tenant signal: home geo outside the required geography",
			answers: Answers{"RS-01": answered("europe")},
			facts:   func(f *Facts) { f.Tenant.HomeGeo = "unitedstates" },
			want:    map[string]FindingState{"RS-01.home-geo-outside": FindingFail},
			absent:  []string{"RS-01.env-outside"},
		},
		{
			name:    "second layer for data that is not highly confidential is info",
			answers: Answers{"SC-02": answered("internal"), "AR-08": answered("yes")},
			want:    map[string]FindingState{"AR-08.extra-layer": FindingWarn},
		},
		{
			name:    "no revocation controls without a key requirement",
			answers: Answers{"AR-01": answered("mmk"), "AR-02": answered("some-cmk"), "SC-03": answered("none"), "KM-07": answered("none")},
			want:    map[string]FindingState{"KM-07.no-controls": FindingFail},
			absent:  []string{"KM-07.no-change-control"},
		},
		{
			name:    "US government obligations without a sovereign cloud",
			answers: Answers{"SC-03": answered("us-gov"), "RS-02": answered("commercial")},
			want:    map[string]FindingState{"RS-02.gov-obligation": FindingFail},
		},
		{
			name:    "localisation law without a required geography",
			answers: Answers{"SC-03": answered("localisation"), "RS-01": answered("no-requirement")},
			want:    map[string]FindingState{"RS-01.localisation-without-geo": FindingFail},
		},
		{
			name:    "US Government geography in the commercial cloud",
			answers: Answers{"RS-01": answered("usgov"), "RS-02": answered("commercial")},
			want:    map[string]FindingState{"RS-02.geo-cloud-mismatch": FindingFail},
		},
		{
			name:    "flex routing with a residency rule but no GDPR",
			answers: Answers{"RS-01": answered("europe"), "SC-03": answered("none"), "AI-03": answered("flex-on")},
			want:    map[string]FindingState{"AI-03.flex-residency": FindingFail},
			absent:  []string{"AI-03.flex-vs-eudb"},
		},
		{
			name:    "AI movement inside an in-geo hosting region is no finding",
			answers: Answers{"RS-01": answered("europe"), "AI-01": answered("allowed")},
			want:    map[string]FindingState{"AI-01": FindingPass},
		},
		{
			name:    "tenant signal: unmanaged environment fails AR-03 and RS-04",
			answers: Answers{"AR-01": answered("cmk"), "AR-03": answered("all-met"), "RS-04": answered("lockbox-enabled")},
			facts:   func(f *Facts) { f.Environments[0].Managed = false },
			want:    map[string]FindingState{"AR-03.not-managed": FindingFail, "RS-04.lockbox-not-managed": FindingFail},
			absent:  []string{"AR-03.gaps"},
		},
		{
			name:    "tenant signals: trial environment with its policy in another geo",
			scope:   []string{"env-hr"},
			answers: Answers{"AR-01": answered("cmk"), "AR-03": answered("all-met")},
			facts: func(f *Facts) {
				f.Environments[0].Type = EnvTrial
				f.Environments[0].Geo = "uk"
			},
			want: map[string]FindingState{"AR-03.unsupported-type": FindingFail, "AR-03.policy-region": FindingFail},
		},
		{
			name:    "tenant signals: link mismatch and failed link",
			answers: Answers{"AR-01": answered("cmk")},
			facts: func(f *Facts) {
				f.Environments[0].KeyManagedBy = "Microsoft"
				f.Environments = append(f.Environments, testEnv("env-pay", "Payroll", func(e *Environment) {
					e.KeyManagedBy = "Microsoft"
					e.CMK.LinkStatus = "Failed"
				}))
			},
			want: map[string]FindingState{"AR-02.cmk-link-mismatch": FindingFail, "AR-02.cmk-link-failed": FindingFail, "MG-02.policy-warning": FindingFail},
		},
		{
			name:    "tenant signals: expired and expiring keys",
			answers: Answers{"AR-01": answered("cmk"), "KM-05": answered("expiry-alerting")},
			facts: func(f *Facts) {
				f.Keys[0].Expires = new(testNow.AddDate(0, 0, -1))
				addCMKEnv(f, "2")
				f.Keys[1].Expires = new(testNow.AddDate(0, 0, 20))
			},
			want: map[string]FindingState{"KM-05.key-expired": FindingFail, "KM-05.key-expiring": FindingFail},
		},
		{
			name:    "tenant signal: no rotation policy although versions are said to rotate",
			answers: Answers{"AR-01": answered("cmk"), "KM-04": answered("versions-kept")},
			facts:   func(f *Facts) { f.Keys[0].Rotation = nil },
			want:    map[string]FindingState{"KM-04.no-rotation-policy": FindingWarn},
		},
		{
			name:    "tenant signals: TLS probe accepted legacy TLS and failed modern TLS",
			answers: Answers{"DT-01": answered("verified")},
			facts: func(f *Facts) {
				f.Environments[0].TLS.LegacyRefused = false
				f.Environments[0].TLS.ModernOK = false
			},
			want: map[string]FindingState{"DT-01.legacy-accepted": FindingFail, "DT-01.modern-failed": FindingFail},
		},
		{
			name:    "tenant signal: VNet said to be in place, one environment of two lacks it",
			answers: Answers{"DT-04": answered("implemented")},
			facts: func(f *Facts) {
				f.Environments = append(f.Environments, testEnv("env-pay", "Payroll", func(e *Environment) { e.VNetPolicy = nil }))
			},
			want: map[string]FindingState{"DT-04.vnet-missing": FindingFail},
		},
		{
			name:    "tenant signals: environment, policy and vault outside the required geo",
			answers: Answers{"RS-01": answered("germany")},
			facts:   func(*Facts) {},
			want:    map[string]FindingState{"RS-01.env-outside": FindingFail, "RS-01.key-outside": FindingFail},
		},
		{
			name:    "tenant signal: AI processing abroad without a residency rule",
			answers: Answers{"SC-02": answered("confidential"), "RS-01": answered("no-requirement")},
			facts: func(f *Facts) {
				f.Environments[0].Geo = "japan"
				f.Environments[0].AI.CrossGeoMovement = new(true)
			},
			want: map[string]FindingState{"AI-01.processing-abroad": FindingWarn},
		},
		{
			name:    "tenant signals: tenant settings share Copilot data",
			answers: Answers{"SC-02": answered("confidential"), "AI-04": answered("none")},
			facts: func(f *Facts) {
				f.Tenant.Settings.EnableModelDataSharing = new(true)
				f.Tenant.Settings.DisableCopilotFeedbackMetadata = new(false)
			},
			want: map[string]FindingState{"AI-04.model-data-sharing": FindingFail, "AI-04.prompt-sharing": FindingWarn},
		},
		{
			name:    "tenant signals: disabled environment and unhealthy policy",
			answers: Answers{"AR-01": answered("cmk"), "MG-02": answered("manual")},
			facts: func(f *Facts) {
				f.Environments[0].RuntimeState = "Disabled"
				f.Policies[0].Health = "Unhealthy"
			},
			want: map[string]FindingState{"MG-02.env-disabled": FindingFail},
		},
		{
			name:    "tenant signal: production copied to sandboxes on Microsoft's key",
			answers: Answers{"AR-01": answered("cmk"), "SC-02": answered("confidential"), "SC-05": answered("unmasked-copies")},
			facts: func(f *Facts) {
				f.Environments = append(f.Environments, testEnv("env-dev", "HR dev", func(e *Environment) {
					e.Type = EnvSandbox
					e.CMK = nil
					e.KeyManagedBy = "Microsoft"
				}))
			},
			want: map[string]FindingState{"SC-05.copies-lose-cmk": FindingFail, "SC-05.unmasked-copies": FindingFail},
		},
		{
			name:    "partial facts: one vault 403, another without purge protection",
			answers: Answers{"AR-01": answered("cmk"), "KM-01": answered("yes"), "KM-06": answered("private-bypass")},
			facts: func(f *Facts) {
				f.Vaults[0].Provenance = deniedProv()
				addCMKEnv(f, "2")
				f.Vaults[1].PurgeProtection = false
				f.Vaults[1].Bypass = "None"
			},
			want: map[string]FindingState{"KM-01.purge-protection-off": FindingFail, "KM-06.lock-risk": FindingFail},
		},
		{
			name:    "tenant signal: 4096-bit key",
			answers: Answers{"AR-01": answered("cmk")},
			facts:   func(f *Facts) { f.Keys[0].Size = 4096 },
			want:    map[string]FindingState{"AR-07.size-verify": FindingWarn},
		},
	}
}

// addCMKEnv adds a production environment on its own policy, vault and key,
// all healthy, named with suffix.
func addCMKEnv(f *Facts, suffix string) {
	pid, vid := testPolicyID+"-"+suffix, testVaultID+"-"+suffix
	f.Environments = append(f.Environments, testEnv("env-"+suffix, "Second "+suffix, func(e *Environment) { e.CMK.ResourceID = pid }))
	p := f.Policies[0]
	p.ID, p.Name, p.VaultID = pid, "ep-"+suffix, vid
	f.Policies = append(f.Policies, p)
	v := f.Vaults[0]
	v.Provenance, v.ID, v.Name = okProv(), vid, "kv-"+suffix
	f.Vaults = append(f.Vaults, v)
	k := f.Keys[0]
	k.VaultID = vid
	f.Keys = append(f.Keys, k)
}

func TestConflictTenantWins(t *testing.T) {
	b := mustBank(t)
	f := healthyFacts()
	f.Environments = append(f.Environments, testEnv("env-pay", "Payroll", func(e *Environment) {
		e.CMK = nil
		e.KeyManagedBy = "Microsoft"
	}))
	res := evaluate(t, Input{Bank: b, Facts: f, Answers: Answers{"AR-01": answered("cmk"), "AR-02": answered("all-cmk")}})
	if len(res.Conflicts) != 1 || res.Conflicts[0].QuestionID != "AR-02" {
		t.Fatalf("conflicts = %+v, want one on AR-02", res.Conflicts)
	}
	c := res.Conflicts[0]
	if !slices.Equal(c.Answered, []string{"all-cmk"}) || !slices.Equal(c.Tenant, []string{"some-cmk"}) {
		t.Errorf("conflict answered %v tenant %v", c.Answered, c.Tenant)
	}
	fd, ok := res.Finding("AR-02.cmk-missing")
	if !ok || fd.State != FindingFail || !fd.Tenant {
		t.Fatalf("AR-02.cmk-missing = %+v, want a failing tenant finding", fd)
	}
	if len(fd.Affected) != 1 || fd.Affected[0].ID != "env-pay" {
		t.Errorf("affected = %+v, want env-pay only", fd.Affected)
	}
}

func TestPartialFactsStillReport(t *testing.T) {
	b := mustBank(t)
	f := healthyFacts()
	f.Vaults[0].Provenance = deniedProv()
	addCMKEnv(f, "2")
	f.Vaults[1].PurgeProtection = false
	res := evaluate(t, Input{Bank: b, Facts: f, Answers: Answers{"AR-01": answered("cmk"), "KM-01": answered("yes")}})
	fd, _ := res.Finding("KM-01.purge-protection-off")
	if len(fd.Affected) != 1 || fd.Affected[0].ID != testVaultID+"-2" || !fd.Tenant {
		t.Fatalf("affected = %+v (tenant %t), want only the readable vault without purge protection", fd.Affected, fd.Tenant)
	}
	if d := fd.Affected[0].Detail; !strings.Contains(d, "used by Second 2 (europe)") {
		t.Errorf("detail %q should name the environment on the vault", d)
	}
	// One unprotected vault contradicts "yes" even though another vault was
	// unreadable: the observation is conclusive, so the conflict is reported.
	if len(res.Conflicts) != 1 || res.Conflicts[0].QuestionID != "KM-01" || !slices.Equal(res.Conflicts[0].Tenant, []string{"no"}) {
		t.Errorf("conflicts %+v, want one on KM-01 with the tenant saying no", res.Conflicts)
	}
	// A partial read that finds nothing wrong decides nothing.
	f.Vaults[1].PurgeProtection = true
	res = evaluate(t, Input{Bank: b, Facts: f, Answers: Answers{"AR-01": answered("cmk"), "KM-01": answered("yes")}})
	if len(res.Conflicts) != 0 {
		t.Errorf("inconclusive partial facts must not override the answer: %+v", res.Conflicts)
	}
	if got, _ := res.Finding("KM-01"); got.State != FindingNotVerified {
		t.Errorf("KM-01 = %s, want not verified", got.State)
	}
}

func TestUnreadableFactIsNotVerified(t *testing.T) {
	b := mustBank(t)
	f := healthyFacts()
	f.Vaults[0].Provenance = Provenance{Source: "ARM GET vault", At: testNow, Status: StatusNotPermitted}
	res := evaluate(t, Input{Bank: b, Facts: f, Answers: Answers{"AR-01": answered("cmk"), "KM-01": answered("yes"), "KM-06": answered("private-bypass")}})
	for _, id := range []string{"KM-01", "KM-06", "KM-03"} {
		fd, ok := res.Finding(id)
		if id == "KM-03" {
			// Unanswered stays unsure, whatever the facts.
			if !ok || fd.State != FindingUnsure {
				t.Errorf("%s = %+v, want unsure", id, fd)
			}
			continue
		}
		if !ok || fd.State != FindingNotVerified {
			t.Fatalf("%s = %+v, want not verified", id, fd)
		}
		if !strings.Contains(fd.Reason, "Key Vault Reader on vault kv-pp-cmk") {
			t.Errorf("%s reason = %q, want it to name the missing role and vault", id, fd.Reason)
		}
	}
	// Key facts did not depend on the vault read: KM-05 still passes.
	if fd, _ := res.Finding("KM-05"); fd.State == FindingNotVerified {
		t.Errorf("KM-05 is not verified, but the key was readable")
	}
}

// TestUnsureNeverPassesNorFails answers each question "not sure" in turn and
// checks its outcome is an unsure finding: never a pass, never a plain fail.
func TestUnsureNeverPassesNorFails(t *testing.T) {
	b := mustBank(t)
	for _, q := range b.Questions() {
		ans := baseAnswers()
		ans[q.ID] = Answer{State: AnswerUnsure, Owner: "Key Vault team"}
		res := evaluate(t, Input{Bank: b, Answers: ans})
		checkFindingLinks(t, res)
		var unsure int
		for _, f := range res.Findings {
			if f.QuestionID != q.ID {
				continue
			}
			switch f.State {
			case FindingPass, FindingFail, FindingWarn:
				t.Errorf("%s unsure: finding %s is %s", q.ID, f.ID, f.State)
			case FindingUnsure:
				unsure++
				if f.Severity.Rank() < SevLow.Rank() {
					t.Errorf("%s unsure: severity %s, want at least low", q.ID, f.Severity)
				}
				if f.Owner != "Key Vault team" {
					t.Errorf("%s unsure: owner %q not carried", q.ID, f.Owner)
				}
			}
		}
		if unsure != 1 {
			t.Errorf("%s unsure: %d unsure findings, want 1", q.ID, unsure)
		}
	}
}

func TestUnsureSeverityOverride(t *testing.T) {
	b := mustBank(t)
	res := evaluate(t, Input{Bank: b, Answers: Answers{"DP-01": {State: AnswerUnsure}, "KM-01": {State: AnswerUnsure}, "AR-01": answered("cmk")}})
	// DP-01's worst rule is high, but its unsure override says low.
	if f, _ := res.Finding("DP-01"); f.Severity != SevLow || f.State != FindingUnsure {
		t.Errorf("DP-01 unsure = %s %s, want low unsure", f.Severity, f.State)
	}
	// KM-01 has no override: one level below its worst rule (high).
	if f, _ := res.Finding("KM-01"); f.Severity != SevMedium {
		t.Errorf("KM-01 unsure severity = %s, want medium", f.Severity)
	}
}

func TestBankAcceptances(t *testing.T) {
	b := mustBank(t)
	ans := Answers{"MG-03": answered("never")}
	acc := func(expires string) []Acceptance {
		return []Acceptance{{FindingID: "MG-03.no-review", Justification: "review board forming", Approver: "CISO", Expires: expires}}
	}
	res := evaluate(t, Input{Bank: b, Answers: ans, Acceptances: acc("2026-12-31")})
	if f, _ := res.Finding("MG-03.no-review"); f.State != FindingAccepted {
		t.Errorf("active acceptance: state %s, want accepted", f.State)
	}
	res = evaluate(t, Input{Bank: b, Answers: ans, Acceptances: acc("2026-10-31")})
	f, _ := res.Finding("MG-03.no-review")
	if f.State != FindingFail || f.Acceptance == nil || !f.Acceptance.Expired {
		t.Errorf("expired acceptance: state %s, acceptance %+v; want fail with the expired acceptance attached", f.State, f.Acceptance)
	}
	if len(res.Accepted) != 1 || !res.Accepted[0].Expired || !res.Accepted[0].Matched {
		t.Errorf("acceptance status = %+v, want expired and matched", res.Accepted)
	}
}

// TestExampleAnswersFile keeps examples/answers.yaml complete and valid.
func TestExampleAnswersFile(t *testing.T) {
	b := mustBank(t)
	data, err := os.ReadFile("../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseAnswersFile(data, "examples/answers.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range b.Questions() {
		if _, ok := a.Answers[q.ID]; !ok {
			t.Errorf("examples/answers.yaml does not answer %s", q.ID)
		}
	}
	res := evaluate(t, Input{Bank: b, Answers: a.Answers, Acceptances: a.Acceptances})
	if len(res.Accepted) == 0 || !res.Accepted[0].Active || !res.Accepted[0].Matched {
		t.Errorf("the example's acceptance should be active and match a finding: %+v", res.Accepted)
	}
}

// learnLink is the prefix of Microsoft Learn pages; otherLinks are the other
// Microsoft sites the bank may cite (Trust Center, licensing documents), and
// only beside a Learn page.
const learnLink = "https://learn.microsoft.com/"

func otherLinks() []string { return []string{"https://www.microsoft.com/"} }

func hasLearnLink(ls []Link) bool {
	return slices.ContainsFunc(ls, func(l Link) bool { return strings.HasPrefix(l.URL, learnLink) })
}

// checkFindingLinks: every finding a user sees cites at least one Microsoft
// Learn page.
func checkFindingLinks(t *testing.T, res *Result) {
	t.Helper()
	for _, f := range res.Findings {
		if !hasLearnLink(f.Links) {
			t.Errorf("finding %s has no Microsoft Learn link: %+v", f.ID, f.Links)
		}
	}
}

// TestBankStyle keeps the bank consistent: Microsoft Learn links, unique
// finding titles, prompts phrased as questions, and a line on what the tenant
// can show for every live question.
func TestBankStyle(t *testing.T) {
	b := mustBank(t)
	titles := map[string]string{}
	checkLinks := func(where string, ls []Link) {
		if len(ls) > 0 && !hasLearnLink(ls) {
			t.Errorf("%s: no Microsoft Learn link among %+v", where, ls)
		}
		for _, l := range ls {
			other := slices.ContainsFunc(otherLinks(), func(p string) bool { return strings.HasPrefix(l.URL, p) })
			if !strings.HasPrefix(l.URL, learnLink) && !other {
				t.Errorf("%s: link %s is neither a Microsoft Learn page nor one of %v", where, l.URL, otherLinks())
			}
			if strings.Contains(l.URL, "/en-us/") {
				t.Errorf("%s: link %s carries a locale", where, l.URL)
			}
			if l.Title == "" {
				t.Errorf("%s: link %s has no title", where, l.URL)
			}
		}
	}
	for _, q := range b.Questions() {
		if !hasLearnLink(q.Links) {
			t.Errorf("%s: the question cites no Microsoft Learn page", q.ID)
		}
		checkLinks(q.ID, q.Links)
		if !strings.HasSuffix(strings.TrimSuffix(q.Prompt, " (select all that apply)"), "?") {
			t.Errorf("%s: prompt is not a question: %q", q.ID, q.Prompt)
		}
		if q.Live != nil && q.Live.What == "" {
			t.Errorf("%s: live check %s does not say what the tenant can show", q.ID, q.Live.Check)
		}
		if q.Type == TypeMulti && !strings.Contains(q.Prompt, "select all") {
			t.Errorf("%s: a multi-choice prompt should say (select all that apply)", q.ID)
		}
		for _, r := range q.Rules {
			id := q.ID + "." + r.ID
			checkLinks(id, r.Links)
			if other, dup := titles[r.Title]; dup {
				t.Errorf("%s and %s share the title %q", other, id, r.Title)
			}
			titles[r.Title] = id
		}
		if q.Unsure != nil {
			checkLinks(q.ID+" unsure", q.Unsure.Links)
		}
	}
}
