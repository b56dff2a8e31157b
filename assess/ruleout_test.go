package assess

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// ruleOutCase pins one ruleOut line of the real bank: with these facts the
// signal fires, and every choice the line names is then a conflict that
// cites the signal and its subjects. The family test files hold the tables.
type ruleOutCase struct {
	q      string
	signal string
	facts  func(*Facts) // applied to healthyFacts; nil keeps them
	scope  []string
}

// agreeCase is an answer the facts must not rule out.
type agreeCase struct {
	name   string
	q      string
	answer Answer
	facts  func(*Facts)
}

func runRuleOutCases(t *testing.T, cases []ruleOutCase) {
	t.Helper()
	b := mustBank(t)
	for _, tc := range cases {
		q, ok := b.Question(tc.q)
		if !ok {
			t.Fatalf("%s is not in the bank", tc.q)
		}
		i := slices.IndexFunc(q.RuleOut, func(r RuleOut) bool { return r.Signal == tc.signal })
		if i < 0 {
			t.Fatalf("%s has no ruleOut line for signal %s", tc.q, tc.signal)
		}
		for _, choice := range q.RuleOut[i].Choices {
			t.Run(tc.q+"/"+tc.signal+"/"+choice, func(t *testing.T) {
				f := healthyFacts()
				if tc.facts != nil {
					tc.facts(f)
				}
				a := answered(choice)
				if choice == notApplicable {
					a = Answer{State: AnswerNotApplicable}
				}
				res := evaluate(t, Input{Bank: b, Answers: Answers{tc.q: a}, Facts: f, Scope: tc.scope})
				c := conflictFor(res, tc.q)
				if c == nil {
					t.Fatalf("answer %q: no conflict although %s fired", choice, tc.signal)
				}
				ex := slices.IndexFunc(c.RuledOut, func(e Exclusion) bool { return e.Signal == tc.signal && e.Choice == choice })
				if ex < 0 {
					t.Fatalf("conflict does not cite %s against %q: %+v", tc.signal, choice, c.RuledOut)
				}
				e := c.RuledOut[ex]
				if e.Why == "" || e.Label == "" || len(e.Subjects) == 0 {
					t.Errorf("exclusion without reason, label or subjects: %+v", e)
				}
				for _, s := range e.Subjects {
					if p, ok := res.Source(s.Source); !ok || p.Source == "" {
						t.Errorf("subject %s has no provenance of its own", s.Name)
					}
					if !slices.ContainsFunc(c.Affected, func(x Subject) bool { return x.Kind == s.Kind && x.ID == s.ID }) {
						t.Errorf("subject %s is not in the conflict's Affected", s.Name)
					}
				}
				if len(c.Sources) == 0 {
					t.Errorf("conflict without provenance")
				}
			})
		}
	}
}

func runAgreeCases(t *testing.T, cases []agreeCase) {
	t.Helper()
	b := mustBank(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := healthyFacts()
			if tc.facts != nil {
				tc.facts(f)
			}
			res := evaluate(t, Input{Bank: b, Answers: Answers{tc.q: tc.answer}, Facts: f})
			if c := conflictFor(res, tc.q); c != nil {
				t.Errorf("unexpected conflict: %s", c.Summary)
			}
		})
	}
}

func conflictFor(r *Result, qid string) *Conflict {
	for i := range r.Conflicts {
		if r.Conflicts[i].QuestionID == qid {
			return &r.Conflicts[i]
		}
	}
	return nil
}

// cmkQuestions are the questions that apply once any in-scope environment
// uses a customer key: "not applicable" is ruled out for each of them.
func cmkQuestions() []string {
	return []string{"AR-03", "AR-04", "AR-05", "AR-07", "AR-09", "KM-01", "KM-02", "KM-03", "KM-04", "KM-05", "KM-06", "KM-07", "KM-08", "MG-01", "MG-02"}
}

func TestRuleOutCMKApplies(t *testing.T) {
	var cases []ruleOutCase
	for _, q := range cmkQuestions() {
		cases = append(cases, ruleOutCase{q: q, signal: "env-on-customer-key"})
	}
	runRuleOutCases(t, cases)
	var agree []agreeCase
	for _, q := range cmkQuestions() {
		agree = append(agree, agreeCase{name: q + " not applicable without customer keys", q: q, answer: Answer{State: AnswerNotApplicable},
			facts: env0(func(e *Environment) { e.CMK, e.KeyManagedBy = nil, "Microsoft" })})
	}
	runAgreeCases(t, agree)
}

// allRuleOutCases lists every family's table, for the coverage test.
func allRuleOutCases() []ruleOutCase {
	var out []ruleOutCase
	for _, q := range cmkQuestions() {
		out = append(out, ruleOutCase{q: q, signal: "env-on-customer-key"})
	}
	out = append(out, envRuleOuts()...)
	out = append(out, vaultRuleOuts()...)
	out = append(out, keyRuleOuts()...)
	out = append(out, transitRuleOuts()...)
	out = append(out, aiRuleOuts()...)
	out = append(out, accessRuleOuts()...)
	return out
}

// accessRuleOuts pins the ruleOut lines over key access facts (checks_access.go).
func accessRuleOuts() []ruleOutCase {
	ada := Principal{ID: "u-ada", Name: "Ada", Type: "User", Roles: []string{"Key Vault Administrator on kv-pp-cmk"}}
	adaPP := Principal{ID: "u-ada", Name: "Ada", Type: "User", Roles: []string{"Power Platform Administrator"}}
	return []ruleOutCase{
		{q: "KM-02", signal: "key-and-platform-admin", facts: withDuties(Duties{KeyAdmins: []Principal{ada}, PlatformAdmins: []Principal{adaPP}})},
		{q: "MG-01", signal: "vault-not-logged", facts: withLogging(VaultLogging{})},
	}
}

func TestRuleOutAccess(t *testing.T) {
	runRuleOutCases(t, accessRuleOuts())
	runAgreeCases(t, []agreeCase{
		{name: "MG-01 alerts, with the vault's audit log sent", q: "MG-01", answer: answered("siem-alerts"),
			facts: withLogging(VaultLogging{AuditLogged: true, Destinations: []string{"Log Analytics workspace"}, Settings: 1})},
	})
}

// TestEveryRuleOutIsTested: each ruleOut line of the bank has a case, and
// every question says what the tenant can rule out (or that nothing can).
func TestEveryRuleOutIsTested(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range allRuleOutCases() {
		covered[c.q+" "+c.signal] = true
	}
	for _, q := range mustBank(t).Questions() {
		if len(q.RuleOut) == 0 {
			t.Errorf("%s has no ruleOut block: say which facts rule out which choices, or why none can", q.ID)
		}
		for _, r := range q.RuleOut {
			if !r.none() && !covered[q.ID+" "+r.Signal] {
				t.Errorf("%s ruleOut %s has no test case", q.ID, r.Signal)
			}
		}
	}
}

func TestRuleOutValidation(t *testing.T) {
	const good = `    ruleOut:
      - {check: cmk-linkage, signal: env-on-customer-key, choices: [none-cmk, not-applicable], why: An environment uses a customer-managed key.}
      - {check: cmk-linkage, signal: env-on-microsoft-key, choices: [all-cmk], why: An environment uses the Microsoft-managed key.}
`
	cases := []struct {
		name, block, want string
	}{
		{"unknown check", "    ruleOut:\n      - {check: cmk-links, signal: env-on-customer-key, choices: [none-cmk], why: x}\n",
			`question AR-02 ruleOut[0]: check "cmk-links" is not one of: `},
		{"signal of another check", "    ruleOut:\n      - {check: cmk-linkage, signal: vault-open, choices: [none-cmk], why: x}\n",
			`question AR-02 ruleOut[0]: signal "vault-open" is not raised by check cmk-linkage (it raises: env-on-microsoft-key`},
		{"check without signal", "    ruleOut:\n      - {check: cmk-linkage, choices: [none-cmk], why: x}\n",
			`question AR-02 ruleOut[0]: signal "" is not raised by check cmk-linkage`},
		{"unknown choice", "    ruleOut:\n      - {check: cmk-linkage, signal: env-on-customer-key, choices: [none], why: x}\n",
			`question AR-02 ruleOut[0]: "none" is not a choice of AR-02 (allowed: all-cmk, some-cmk, none-cmk, not-applicable)`},
		{"no why", "    ruleOut:\n      - {check: cmk-linkage, signal: env-on-customer-key, choices: [none-cmk]}\n",
			`question AR-02 ruleOut[0]: why is required`},
		{"no choices", "    ruleOut:\n      - {check: cmk-linkage, signal: env-on-customer-key, why: x}\n",
			`question AR-02 ruleOut[0]: choices is empty`},
		{"a none line among others", "    ruleOut:\n      - {why: nothing}\n      - {check: cmk-linkage, signal: env-on-customer-key, choices: [none-cmk], why: x}\n",
			`question AR-02 ruleOut[0]: an entry without check and signal says nothing rules an answer out, so it must be the only one`},
		{"choices without a fact", "    ruleOut:\n      - {choices: [none-cmk], why: x}\n",
			`question AR-02 ruleOut[0]: choices need a check and a signal`},
		{"unknown key", "    ruleOut:\n      - {check: cmk-linkage, signal: env-on-customer-key, choice: [none-cmk], why: x}\n",
			`field choice not found`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := miniBankFS(t)
			ar := string(fsys["ar.yaml"].Data)
			if !strings.Contains(ar, good) {
				t.Fatal("minibank AR-02 ruleOut changed; update this test")
			}
			fsys["ar.yaml"].Data = []byte(strings.Replace(ar, good, tc.block, 1))
			_, err := LoadBankFS(fsys)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func miniBankFS(t *testing.T) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	for _, name := range []string{"bank.yaml", "ar.yaml", "sc.yaml"} {
		data, err := os.ReadFile("testdata/minibank/" + name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = &fstest.MapFile{Data: data}
	}
	return out
}

// TestNotApplicableAgreesWithAbsence: "not applicable" is no conflict when
// the facts show the thing is absent (AR-06 legacy BYOK, with none found),
// and a conflict when they show it is there.
func TestNotApplicableAgreesWithAbsence(t *testing.T) {
	b := mustBank(t)
	na := Answers{"AR-06": {State: AnswerNotApplicable}}
	res := evaluate(t, Input{Bank: b, Answers: na, Facts: healthyFacts()})
	if c := conflictFor(res, "AR-06"); c != nil {
		t.Errorf("no legacy BYOK found, yet: %s", c.Summary)
	}
	f := healthyFacts()
	f.Environments[0].CMK = nil // a customer key without a policy: legacy BYOK
	res = evaluate(t, Input{Bank: b, Answers: na, Facts: f})
	c := conflictFor(res, "AR-06")
	if c == nil || c.TenantText != "Yes" || len(c.RuledOut) != 1 || c.RuledOut[0].Choice != notApplicable {
		t.Fatalf("legacy BYOK found: %+v", c)
	}
}

// TestRuledOutAnswerWithoutImpliedOne: KM-08 has no check of its own; the
// vault facts of KM-01 rule "full" out, and the question is then not known
// (contradicted), never a pass.
func TestRuledOutAnswerWithoutImpliedOne(t *testing.T) {
	b := mustBank(t)
	f := healthyFacts()
	f.Vaults[0].PurgeProtection = false
	res := evaluate(t, Input{Bank: b, Answers: Answers{"AR-01": answered("cmk"), "KM-08": answered("full")}, Facts: f})
	c := conflictFor(res, "KM-08")
	if c == nil {
		t.Fatal("no conflict")
	}
	if len(c.Tenant) != 0 || c.TenantText != "rules out “Yes: soft-delete, purge protection and a documented, tested key backup”" {
		t.Errorf("tenant side: %v %q", c.Tenant, c.TenantText)
	}
	if says := c.TenantSays(); !strings.HasPrefix(says, "the tenant rules out “Yes: soft-delete, purge protection and a documented, tested key backup”: ") || !strings.Contains(says, c.Affected[0].Name) {
		t.Errorf("tenant says %q", says)
	}
	if len(c.Affected) != 1 || c.Affected[0].Kind != SubjectVault || c.Affected[0].ID != testVaultID {
		t.Errorf("affected %+v", c.Affected)
	}
	if got := sources(res, c.Sources); !slices.Equal(got, []string{"test"}) {
		t.Errorf("sources %v", got)
	}
	fd, ok := res.Finding("KM-08")
	if !ok || fd.State != FindingUnsure || fd.Reason != reasonRuledOut || !strings.HasPrefix(fd.Title, "Contradicted by the tenant") {
		t.Fatalf("KM-08 finding %+v", fd)
	}
	if len(fd.Affected) != 1 || fd.Affected[0].ID != testVaultID {
		t.Errorf("finding affected %+v", fd.Affected)
	}
}

// TestQuestionRuledOutChoices: the question result lists what the facts rule
// out before anything is answered, with a few subjects and a count of the rest.
func TestQuestionRuledOutChoices(t *testing.T) {
	f := healthyFacts()
	f.Vaults[0].PurgeProtection = false
	for i := range 6 {
		f.Environments = append(f.Environments, testEnv(string(rune('a'+i))+"-env", "Env", nil))
	}
	res := evaluate(t, Input{Bank: mustBank(t), Facts: f})
	var qr QuestionResult
	for _, q := range res.Questions {
		if q.QuestionID == "KM-08" {
			qr = q
		}
	}
	var got []string
	for _, e := range qr.RuledOut {
		got = append(got, e.Choice+"/"+e.Signal)
	}
	if !slices.Equal(got, []string{"full/vault-purge-protection-off", "not-applicable/env-on-customer-key"}) {
		t.Fatalf("ruled out %v", got)
	}
	if e := qr.RuledOut[1]; len(e.Subjects) != 5 || e.More != 2 {
		t.Errorf("subjects %d, more %d; want 5 listed and 2 more of 7 environments", len(e.Subjects), e.More)
	}
	if len(res.Conflicts) != 0 {
		t.Errorf("nothing answered, yet conflicts %+v", res.Conflicts)
	}
}

// TestImpliedAnswerIsNeverRuledOut: the ruleOut data agrees with the checks.
// For every tenant of the rule-out tables, no question's implied answer is
// one of the choices its firing ruleOut lines exclude.
func TestImpliedAnswerIsNeverRuledOut(t *testing.T) {
	b := mustBank(t)
	for _, tc := range allRuleOutCases() {
		f := healthyFacts()
		if tc.facts != nil {
			tc.facts(f)
		}
		res := evaluate(t, Input{Bank: b, Facts: f, Scope: tc.scope})
		for _, qr := range res.Questions {
			o := qr.Observation
			if !o.Decides() {
				continue
			}
			for _, e := range qr.RuledOut {
				if slices.Contains(o.Implies, e.Choice) {
					t.Errorf("%s/%s: %s implies %q, which %s rules out", tc.q, tc.signal, qr.QuestionID, e.Choice, e.Signal)
				}
			}
		}
	}
}

// TestCMKQuestionsShowWhenTheTenantHasACustomerKey: a customer key the tenant
// shows keeps the key questions visible even when AR-02 is ruled out.
func TestCMKQuestionsShowWhenTheTenantHasACustomerKey(t *testing.T) {
	f := healthyFacts()
	f.Environments = append(f.Environments, testEnv("env-fin", "Finance", func(e *Environment) { e.Provenance = deniedProv() }))
	res := evaluate(t, Input{Bank: mustBank(t), Facts: f, Answers: Answers{"AR-01": answered("mmk"), "AR-02": answered("none-cmk")}})
	if c := conflictFor(res, "AR-02"); c == nil {
		t.Fatal("AR-02 none-cmk is not a conflict")
	}
	for _, qr := range res.Questions {
		if qr.QuestionID == "KM-01" && !qr.Visible {
			t.Error("KM-01 is hidden although the tenant shows a customer key")
		}
	}
	f.Environments[0].CMK, f.Environments[0].KeyManagedBy = nil, "Microsoft"
	res = evaluate(t, Input{Bank: mustBank(t), Facts: f, Answers: Answers{"AR-01": answered("mmk")}})
	for _, qr := range res.Questions {
		if qr.QuestionID == "KM-01" && qr.Visible {
			t.Error("KM-01 is shown without any customer key")
		}
	}
}

// TestConflictNamesWhatContradictsTheAnswer: "none on a customer key" is
// contradicted by the environments that are on one, not by the others.
func TestConflictNamesWhatContradictsTheAnswer(t *testing.T) {
	f := healthyFacts()
	f.Environments = append(f.Environments, testEnv("env-pay", "Payroll", func(e *Environment) { e.CMK, e.KeyManagedBy = nil, "Microsoft" }))
	res := evaluate(t, Input{Bank: mustBank(t), Facts: f, Answers: Answers{"AR-02": answered("none-cmk")}})
	c := conflictFor(res, "AR-02")
	if c == nil || c.TenantText != "Some of them" {
		t.Fatalf("conflict %+v", c)
	}
	if got := subjectIDs(c.Affected); !slices.Equal(got, []string{"env-hr"}) {
		t.Errorf("affected %v, want the environment on the customer key", got)
	}
}
