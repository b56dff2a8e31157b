package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// Scope and method, the written summary and the sign-off page, with the
// sentences written out by hand from docs/report.md and the comments.

func TestMut2Labelled(t *testing.T) {
	if labelled("Assessor", "") != "" || labelled("Assessor", " \t") != "" || labelled("Assessor", "Dana") != "Assessor: Dana" {
		t.Errorf("labelled: %q %q %q", labelled("Assessor", ""), labelled("Assessor", " \t"), labelled("Assessor", "Dana"))
	}
}

func TestMut2ScopeText(t *testing.T) {
	env := func(id, name string) assess.Environment { return assess.Environment{ID: id, Name: name} }
	many := make([]assess.Environment, 13)
	for i := range many {
		many[i] = env(fmt.Sprintf("e%02d", i), fmt.Sprintf("N%02d", i))
	}
	for _, c := range []struct {
		name  string
		facts *assess.Facts
		scope []string
		want  string
	}{
		{"no facts", nil, nil, "The workload as described in the workshop answers; no environments were read."},
		{"no environments", &assess.Facts{}, nil, "No environments were found in the tenant."},
		{"one environment", &assess.Facts{Environments: []assess.Environment{env("e1", "Prod")}}, nil, "1 environment: Prod."},
		{"every environment, a blank name shows the ID", &assess.Facts{Environments: []assess.Environment{env("e1", "Prod"), env("e2", " ")}}, nil, "2 environments: Prod, e2."},
		{"the scope, first of a repeated ID, unknown IDs as given", &assess.Facts{Environments: []assess.Environment{env("e1", "Prod"), env("e2", "Dev"), env("e1", "Later")}},
			[]string{"e1", "e9"}, "2 environments: Prod, e9."},
		{"twelve named, the rest counted", &assess.Facts{Environments: many}, nil,
			"13 environments: N00, N01, N02, N03, N04, N05, N06, N07, N08, N09, N10, N11 and 1 more."},
	} {
		m := &model{facts: c.facts, res: &assess.Result{Scope: c.scope}}
		if got := scopeText(m); got != c.want {
			t.Errorf("%s: scopeText = %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestMut2CheckPermissionAndUnread(t *testing.T) {
	for name, want := range map[string]string{
		"sign-in":             "A work account or service principal in the tenant",
		"tenant":              "Power Platform administrator (Entra role)",
		"tenant-settings":     "Power Platform administrator (Entra role)",
		"environments":        "Power Platform administrator (Entra role)",
		"enterprise-policies": "Reader on the subscriptions that hold the policies",
		"vaults":              "Reader on the key vaults (Microsoft.KeyVault/vaults/read)",
		"keys":                "Key Vault Reader (key metadata, never key material)",
		"tls":                 "None: a TLS handshake with each environment's host",
		"other":               "-",
	} {
		if got := checkPermission(name); got != want {
			t.Errorf("checkPermission(%q) = %q, want %q", name, got, want)
		}
	}
	f := &assess.Facts{Checks: []assess.CheckRun{
		{Name: "environments", Provenance: assess.Provenance{Status: assess.StatusOK}},
		{Name: "keys", Provenance: assess.Provenance{Status: assess.StatusNotPermitted, Reason: "needs Key Vault Reader"}},
		{Name: "tls", Provenance: assess.Provenance{Status: assess.StatusError}},
	}}
	if got, want := unread(f), []string{"keys: not permitted: needs Key Vault Reader", "tls: error"}; !slices.Equal(got, want) {
		t.Errorf("unread = %q, want %q", got, want)
	}
}

func TestMut2LowerFirst(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "",
		"   ":                     "   ",
		"K":                       "K",
		"Keys":                    "keys",
		"Keys never rotate":       "keys never rotate",
		"Apple pie":               "apple pie",
		"Zeta key":                "zeta key",
		"Customer Lockbox is off": "Customer Lockbox is off",
		"Key Apple":               "Key Apple",
		"Key Zeta":                "Key Zeta",
		"Key @home":               "key @home",
		"Key [draft]":             "key [draft]",
		"TLS 1.0 accepted":        "TLS 1.0 accepted",
		"BAD thing":               "BAD thing",
		"OZ thing":                "OZ thing",
		"K@ thing":                "k@ thing",
		"K[ thing":                "k[ thing",
		"Bing search is on":       "Bing search is on",
		"Copilot may use data":    "Copilot may use data",
		"SharePoint sites":        "SharePoint sites",
		"éclair x":                "éclair x",
		"@home x":                 "@home x",
		"[x] y":                   "[x] y",
		"keys rotate":             "keys rotate",
	} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
	for _, w := range []string{"Azure", "Bing", "Copilot", "Dataverse", "Dynamics", "Entra", "Microsoft", "Power", "Purview", "SharePoint", "Teams"} {
		if !properNoun(w) {
			t.Errorf("properNoun(%q) = false", w)
		}
	}
	if properNoun("Keys") || properNoun("azure") {
		t.Errorf("properNoun of a common word")
	}
}

func TestMut2ExecutiveSummaryText(t *testing.T) {
	graded := assess.Grade{Letter: "C", Label: assess.GradeNeedsWork, Reason: "the score is 65"}
	high := assess.Finding{ID: "KM-01.purge", Title: "Keys can be purged.", Severity: assess.SevHigh}
	med := assess.Finding{ID: "AR-02", Title: "Customer Lockbox is off", Severity: assess.SevMedium}
	facts := &assess.Facts{}
	score := ptr(65.0)
	for _, c := range []struct {
		name string
		m    *model
		want string
	}{
		{"incomplete, no reason, no facts",
			&model{res: &assess.Result{Grade: assess.Grade{Letter: "-", Label: assess.GradeIncomplete}, Overall: assess.Score{Value: score}}},
			"There is no grade yet: nothing could be scored. Answer the questions or read the tenant and render the report again. " +
				"The tenant was not read, so the answers could not be checked against it."},
		{"nothing scored, with a reason",
			&model{facts: facts, res: &assess.Result{Grade: assess.Grade{Letter: "E", Label: assess.GradeUncertain, Reason: "no question was answered"}}},
			"There is no grade yet: no question was answered. Answer the questions or read the tenant and render the report again. " +
				"The tenant's facts agree with every answer they could check."},
		{"graded, one conflict, one unknown",
			&model{facts: facts, res: &assess.Result{Grade: graded, Overall: assess.Score{Value: score, Unsure: 1}, Conflicts: make([]assess.Conflict, 1)}},
			"Against Power Platform Well-Architected SE:06 the workload is graded C (needs work): the score is 65. " +
				"In 1 place the tenant contradicts what was answered; its facts decide the findings. " +
				"1 question could not be verified (not known, or not readable with the permissions used)."},
		{"provisional with one open question, two conflicts, three unknowns",
			&model{facts: facts, res: &assess.Result{Grade: assess.Grade{Letter: "C", Label: assess.GradeNeedsWork, Reason: "r", Provisional: true, OpenQuestions: 1},
				Overall: assess.Score{Value: score, Unsure: 1, NotVerified: 2}, Conflicts: make([]assess.Conflict, 2)}},
			"Against Power Platform Well-Architected SE:06 the workload is graded C (needs work): r. The grade is provisional: 1 question is still open. " +
				"In 2 places the tenant contradicts what was answered; its facts decide the findings. " +
				"3 questions could not be verified (not known, or not readable with the permissions used)."},
		{"provisional with two open, top risk dated by a key, one of two due now",
			&model{facts: facts, open: []assess.Finding{high, med},
				actions: []assess.Action{{Bucket: assess.BucketNow, Due: "2026-12-27", DueReason: "key pp-cmk expires 2027-01-26"}, {Bucket: "next", Due: "2027-03-01"}},
				res:     &assess.Result{Grade: assess.Grade{Letter: "D", Label: assess.GradeAtRisk, Reason: "r", Provisional: true, OpenQuestions: 2}, Overall: assess.Score{Value: score}}},
			"Against Power Platform Well-Architected SE:06 the workload is graded D (at risk): r. The grade is provisional: 2 questions are still open. " +
				"The top risk is keys can be purged (high severity, KM-01.purge); it should be addressed by 27 December 2026 (key pp-cmk expires 2027-01-26). " +
				"1 of the 2 actions on the roadmap is due within 30 days. " +
				"The tenant's facts agree with every answer they could check."},
		{"a due that is not a date, a reason not about a key, both due now",
			&model{facts: facts, open: []assess.Finding{med, high},
				actions: []assess.Action{{Bucket: assess.BucketNow, Due: "soon", DueReason: "high severity"}, {Bucket: assess.BucketNow}},
				res:     &assess.Result{Grade: graded, Overall: assess.Score{Value: score}}},
			"Against Power Platform Well-Architected SE:06 the workload is graded C (needs work): the score is 65. " +
				"The top risk is Customer Lockbox is off (medium severity, AR-02); it should be addressed by soon. " +
				"2 of the 2 actions on the roadmap are due within 30 days. " +
				"The tenant's facts agree with every answer they could check."},
		{"one open, due now; none due now says nothing",
			&model{facts: facts, open: []assess.Finding{med}, actions: []assess.Action{{Bucket: assess.BucketNow, Due: "2027-01-01"}},
				res: &assess.Result{Grade: graded, Overall: assess.Score{Value: score}}},
			"Against Power Platform Well-Architected SE:06 the workload is graded C (needs work): the score is 65. " +
				"The top risk is Customer Lockbox is off (medium severity, AR-02); it should be addressed by 1 January 2027. " +
				"1 of the 1 action on the roadmap is due within 30 days. " +
				"The tenant's facts agree with every answer they could check."},
		{"nothing due now",
			&model{facts: facts, open: []assess.Finding{med}, actions: []assess.Action{{Bucket: "later", Due: "2027-01-01"}},
				res: &assess.Result{Grade: graded, Overall: assess.Score{Value: score}}},
			"Against Power Platform Well-Architected SE:06 the workload is graded C (needs work): the score is 65. " +
				"The top risk is Customer Lockbox is off (medium severity, AR-02); it should be addressed by 1 January 2027. " +
				"The tenant's facts agree with every answer they could check."},
	} {
		if got := executiveSummaryText(c.m); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestMut2ScopeAndMethodDrawn(t *testing.T) {
	in := demoInput(t)
	m := mustModel(t, in)
	m.meta.Assessor, m.meta.Facilitator, m.meta.Organization, m.meta.Workload = "Ana Assessor", "", "Contoso", " "
	m.res.BankVersion = ""
	m.meta.BankVersion = "bank-from-meta"
	m.facts = &assess.Facts{Checks: []assess.CheckRun{
		{Name: "environments", Provenance: assess.Provenance{Source: "BAP GET /environments", Status: assess.StatusOK}},
		{Name: "keys", Provenance: assess.Provenance{Source: "KV GET /keys", Status: assess.StatusNotPermitted, Reason: "needs Key Vault Reader"}},
	}}
	text := m2Drawn(t, func(d *doc) { scopeAndMethod(d, m) })
	for _, want := range []string{
		"Participants and context: Assessor: Ana Assessor; Organization: Contoso.",
		"se06 read the tenant read-only",
		"environments BAP GET /environments Power Platform administrator (Entra role) ok",
		"What could not be read, and why",
		"keys: not permitted: needs Key Vault Reader",
		"A finding that depends on something unread is marked Not verified, never passed.",
		"Question bank: bank-from-meta",
		"A (90 and above), B (75), C (60), D (40), E (below 40).",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("scope and method lacks %q\n%s", want, text)
		}
	}
	for _, not := range []string{"Facilitator:", "Workload:", "The tenant was not read"} {
		if strings.Contains(text, not) {
			t.Errorf("scope and method has %q", not)
		}
	}

	// No facts, nobody named, bank version from the result.
	m.facts = nil
	m.meta.Assessor, m.meta.Organization = "", ""
	m.res.BankVersion = "bank-from-result"
	text = m2Drawn(t, func(d *doc) { scopeAndMethod(d, m) })
	for _, want := range []string{"The tenant was not read: every finding rests on the answers given in the workshop.", "Question bank: bank-from-result"} {
		if !strings.Contains(text, want) {
			t.Errorf("scope and method without facts lacks %q\n%s", want, text)
		}
	}
	for _, not := range []string{"Participants and context", "What could not be read", "se06 read the tenant read-only"} {
		if strings.Contains(text, not) {
			t.Errorf("scope and method without facts has %q", not)
		}
	}

	// Every check read: no "could not be read" part; no bank version at all.
	m.facts = &assess.Facts{Checks: []assess.CheckRun{{Name: "tls", Provenance: assess.Provenance{Source: "TLS", Status: assess.StatusOK}}}}
	m.res.BankVersion, m.meta.BankVersion = "", ""
	text = m2Drawn(t, func(d *doc) { scopeAndMethod(d, m) })
	if strings.Contains(text, "What could not be read") || !strings.Contains(text, "Question bank: -") {
		t.Errorf("all read, no bank version:\n%s", text)
	}
}

func TestMut2SignOffDrawn(t *testing.T) {
	in := demoInput(t)
	m := mustModel(t, in)
	m.meta.Title, m.meta.Assessor, m.meta.Facilitator, m.meta.Organization, m.meta.Workload = "Doc title", "Ana", "Sam", "", "Payroll"
	m.version, m.res.BankVersion = "v9", ""
	text := m2Drawn(t, func(d *doc) { signOff(d, m) })
	for _, want := range []string{
		"Document Doc title",
		"Classification Confidential: for the organisation's management, security and audit staff",
		"1.0, generated 27 November 2026 by se06 v9 (question bank -)",
		"Prepared by Ana, Sam",
		"Prepared for Payroll",
		"Workload owner: name", "Security or risk officer: name", "Assessor: name",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("sign-off lacks %q\n%s", want, text)
		}
	}
}
