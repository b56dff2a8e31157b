package assess

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestMiniBankValidationEachRule breaks one rule of LoadBank's validation at
// a time in the mini bank (testdata/minibank) and expects the message
// bank.go words for it, naming the place. The unedited bank loads.
func TestMiniBankValidationEachRule(t *testing.T) {
	if _, err := LoadBankFS(miniBankFS(t)); err != nil {
		t.Fatalf("the unedited mini bank: %v", err)
	}
	const (
		noExtras = "        severity: low\n        severityReason: \"Test bank rule.\"\n        title: No extras\n        do: Add extras.\n        why: Defence in depth.\n        links: [{title: Doc, url: \"https://learn.microsoft.com/x\"}]"
		ar03Head = "    short: Extras\n    prompt: Which extras?\n    help: Extras.\n    links: [{title: Doc, url: \"https://learn.microsoft.com/x\"}]"
	)
	long := strings.Repeat("x", 161)
	cases := []struct {
		name, file, old, new, want string
	}{
		{"no version", "bank.yaml", `bankVersion: "test-1"`, `bankVersion: ""`, "bank.yaml: bankVersion is empty"},
		{"no guidance date", "bank.yaml", `  date: "2024-09-11"`, `  date: ""`, "bank.yaml: guidance.date and guidance.url are required"},
		{"no guidance url", "bank.yaml", "  url: https://learn.microsoft.com/power-platform/well-architected/security/encryption\n", "", "bank.yaml: guidance.date and guidance.url are required"},
		{"flag name", "bank.yaml", "flags:\n", "flags:\n  - name: Bad_Flag\n    when: {q: SC-01, in: [high]}\n", `flag "Bad_Flag": name must be lower-case words joined by '-'`},
		{"section data state", "bank.yaml", "dataStates: [at-rest, residency]", "dataStates: [at-rest, sideways]", `section SC: data state "sideways" is not one of: at-rest, in-transit, in-processing, residency, ai-movement`},
		{"empty section", "bank.yaml", "  - {id: AR, title: At rest, dataStates: [at-rest]}\n", "  - {id: AR, title: At rest, dataStates: [at-rest]}\n  - {id: KM, title: Keys, dataStates: [at-rest]}\n", "section KM has no questions"},
		{"flag on unknown question", "bank.yaml", "{q: SC-01, in: [high, unsure]}", "{q: SC-09, in: [high]}", `flag sensitive: question "SC-09" does not exist`},
		{"in without q", "bank.yaml", "{q: SC-01, in: [high, unsure]}", "{in: [high]}", "flag sensitive: 'in' needs 'q'"},
		{"q without in", "bank.yaml", "{q: SC-01, in: [high, unsure]}", "{q: SC-01}", "flag sensitive: 'q: SC-01' needs 'in'"},
		{"answer in a flag", "bank.yaml", "{q: SC-01, in: [high, unsure]}", "{answer: [high]}", "flag sensitive: 'answer' only works inside a question; use 'q' and 'in'"},
		{"not a choice", "bank.yaml", "{q: SC-01, in: [high, unsure]}", "{q: SC-01, in: [medium, skipped]}", `flag sensitive: "medium" is not a choice of SC-01 (allowed: low, high, unsure, skipped, not-applicable, answered)`},
		{"undeclared flag", "ar.yaml", "showIf: {flag: cmk-required}", "showIf: {flag: nope}", `question AR-02 showIf: flag "nope" is not declared in bank.yaml`},
		{"unknown signal", "ar.yaml", "when: {signal: cmk-link-mismatch}", "when: {signal: no-such}", `question AR-02 rule mismatch: signal "no-such" is not one of: `},
		{"nested all", "ar.yaml", "when: {answer: [none], flag: sensitive}", "when: {all: [{flag: nope1}]}", `question AR-03 rule no-extras: flag "nope1" is not declared`},
		{"nested any", "ar.yaml", "when: {answer: [none], flag: sensitive}", "when: {any: [{flag: nope2}]}", `question AR-03 rule no-extras: flag "nope2" is not declared`},
		{"nested not", "ar.yaml", "when: {answer: [none], flag: sensitive}", "when: {not: {flag: nope3}}", `question AR-03 rule no-extras: flag "nope3" is not declared`},
		{"answer not a choice", "ar.yaml", "when: {answer: [none], flag: sensitive}", "when: {answer: [nine]}", `question AR-03 rule no-extras: "nine" is not a choice of AR-03`},
		{"id shape", "ar.yaml", "  - id: AR-03\n", "  - id: AR-3\n", "question AR-3: ID must look like AR-02"},
		{"id section", "ar.yaml", "  - id: AR-03\n", "  - id: SC-03\n", "question SC-03: ID must start with its section AR"},
		{"no short", "ar.yaml", "    short: Extras\n", "    short: \"\"\n", "question AR-03: short, prompt and help are required"},
		{"no prompt", "ar.yaml", "    prompt: Which extras?\n", "    prompt: \"\"\n", "question AR-03: short, prompt and help are required"},
		{"no help", "ar.yaml", "    help: Extras.\n", "    help: \"\"\n", "question AR-03: short, prompt and help are required"},
		{"no question link", "ar.yaml", ar03Head, "    short: Extras\n    prompt: Which extras?\n    help: Extras.\n    links: []", "question AR-03: at least one documentation link is required"},
		{"http question link", "ar.yaml", ar03Head, "    short: Extras\n    prompt: Which extras?\n    help: Extras.\n    links: [{title: Doc, url: \"http://example.com/x\"}]", `question AR-03: link "http://example.com/x" must be an https URL`},
		{"bad type", "ar.yaml", "type: multi", "type: many", `question AR-03: type "many" is not one of: `},
		{"one choice", "ar.yaml", "      - {id: b, label: B}\n      - {id: none, label: None, exclusive: true}\n", "", "question AR-03: a multi question needs at least two choices"},
		{"choice shape", "ar.yaml", "{id: b, label: B}", "{id: B_1, label: B}", `question AR-03: choice "B_1" must be lower-case words joined by '-'`},
		{"reserved choice", "ar.yaml", "{id: b, label: B}", "{id: skipped, label: B}", `question AR-03: choice "skipped" is reserved`},
		{"choice twice", "ar.yaml", "{id: b, label: B}", "{id: a, label: B}", `question AR-03: choice "a" appears twice`},
		{"no label", "ar.yaml", "{id: b, label: B}", "{id: b, label: \"\"}", `question AR-03: choice "b" has no label`},
		{"question data state", "ar.yaml", "dataStates: [in-transit]", "dataStates: [sideways]", `question AR-03: data state "sideways" is not one of: `},
		{"no data state", "bank.yaml", "{id: AR, title: At rest, dataStates: [at-rest]}", "{id: AR, title: At rest, dataStates: []}", "question AR-01: no data state"},
		{"unknown check", "ar.yaml", "live: {check: cmk-linkage,", "live: {check: no-check,", `question AR-02: live check "no-check" is not one of: `},
		{"rule id shape", "ar.yaml", "- id: no-extras", "- id: No_Extras", "question AR-03 rule No_Extras: rule ID must be lower-case words joined by '-'"},
		{"rule twice", "ar.yaml", "- id: mismatch", "- id: cmk-missing", "question AR-02 rule cmk-missing: rule ID appears twice"},
		{"bad severity", "ar.yaml", noExtras, strings.Replace(noExtras, "severity: low", "severity: urgent", 1), `question AR-03 rule no-extras: severity "urgent" is not one of: high, medium, low, info`},
		{"no severity reason", "ar.yaml", noExtras, strings.Replace(noExtras, `severityReason: "Test bank rule."`, `severityReason: " "`, 1), "question AR-03 rule no-extras: severityReason is required (one line on why the rule is low)"},
		{"long severity reason", "ar.yaml", noExtras, strings.Replace(noExtras, `severityReason: "Test bank rule."`, "severityReason: "+long, 1), "question AR-03 rule no-extras: severityReason must be one line of at most 160 characters"},
		{"two-line severity reason", "ar.yaml", noExtras, strings.Replace(noExtras, `severityReason: "Test bank rule."`, `severityReason: "one\ntwo"`, 1), "question AR-03 rule no-extras: severityReason must be one line"},
		{"empty when", "ar.yaml", "when: {answer: [none], flag: sensitive}", "when: {}", "question AR-03 rule no-extras: when is empty"},
		{"no title", "ar.yaml", noExtras, strings.Replace(noExtras, "title: No extras", `title: ""`, 1), "question AR-03 rule no-extras: title, do and why are required"},
		{"no do", "ar.yaml", noExtras, strings.Replace(noExtras, "do: Add extras.", `do: ""`, 1), "question AR-03 rule no-extras: title, do and why are required"},
		{"no why", "ar.yaml", noExtras, strings.Replace(noExtras, "why: Defence in depth.", `why: ""`, 1), "question AR-03 rule no-extras: title, do and why are required"},
		{"no rule link", "ar.yaml", noExtras, strings.Replace(noExtras, `links: [{title: Doc, url: "https://learn.microsoft.com/x"}]`, "links: []", 1), "question AR-03 rule no-extras: at least one documentation link is required"},
		{"http rule link", "ar.yaml", noExtras, strings.Replace(noExtras, "https://learn.microsoft.com/x", "http://example.com/y", 1), `question AR-03 rule no-extras: link "http://example.com/y" must be an https URL`},
		{"unsure severity", "ar.yaml", "    type: multi\n", "    type: multi\n    unsure: {severity: extreme, title: T, do: D, why: W, links: [{title: Doc, url: \"https://learn.microsoft.com/x\"}]}\n", `question AR-03 unsure: severity "extreme" is not one of: high, medium, low, info`},
		{"unsure recommendation", "ar.yaml", "    type: multi\n", "    type: multi\n    unsure: {severity: low, title: T, do: D, why: W, links: []}\n", "question AR-03 unsure: at least one documentation link is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := miniBankFS(t)
			src := string(fsys[c.file].Data)
			if !strings.Contains(src, c.old) {
				t.Fatalf("test setup: %q not in %s", c.old, c.file)
			}
			fsys[c.file] = &fstest.MapFile{Data: []byte(strings.Replace(src, c.old, c.new, 1))}
			_, err := LoadBankFS(fsys)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, c.want)
			}
		})
	}
}

// TestSeverityReasonAtTheLimit: 160 characters on one line are allowed.
func TestSeverityReasonAtTheLimit(t *testing.T) {
	fsys := miniBankFS(t)
	src := strings.Replace(string(fsys["ar.yaml"].Data), `severityReason: "Test bank rule."`, "severityReason: "+strings.Repeat("y", 160), 1)
	fsys["ar.yaml"] = &fstest.MapFile{Data: []byte(src)}
	if _, err := LoadBankFS(fsys); err != nil {
		t.Errorf("a 160-character severity reason: %v", err)
	}
}

// TestYesNoQuestionGetsItsChoices: a yes/no question without choices gets
// yes and no (bank.go), so it validates and labels its answers.
func TestYesNoQuestionGetsItsChoices(t *testing.T) {
	fsys := miniBankFS(t)
	src := strings.Replace(string(fsys["ar.yaml"].Data), "    type: multi\n    dataStates: [in-transit]\n    choices:\n      - {id: a, label: A}\n      - {id: b, label: B}\n      - {id: none, label: None, exclusive: true}\n",
		"    type: yesno\n    dataStates: [in-transit]\n", 1)
	src = strings.Replace(src, "when: {answer: [none], flag: sensitive}", "when: {answer: [no], flag: sensitive}", 1)
	fsys["ar.yaml"] = &fstest.MapFile{Data: []byte(src)}
	b, err := LoadBankFS(fsys)
	if err != nil {
		t.Fatalf("yes/no question without choices: %v", err)
	}
	q, _ := b.Question("AR-03")
	if got := strings.Join(q.ChoiceIDs(), ","); got != "yes,no" {
		t.Errorf("choices %q, want yes,no", got)
	}
	if got := answered("yes").Describe(q); got != "Yes" {
		t.Errorf("yes in words: %q", got)
	}
	// only a yes/no question gets them: the free-text SC-02 keeps none
	if sc2, _ := b.Question("SC-02"); len(sc2.Choices) != 0 {
		t.Errorf("free-text SC-02 has choices %v", sc2.ChoiceIDs())
	}
}

// TestMiniBankRuleOutValidation: each rule of validateRuleOut, broken
// once in AR-02's ruleOut block of the mini bank.
func TestMiniBankRuleOutValidation(t *testing.T) {
	const (
		first  = "      - {check: cmk-linkage, signal: env-on-customer-key, choices: [none-cmk, not-applicable], why: An environment uses a customer-managed key.}\n"
		second = "      - {check: cmk-linkage, signal: env-on-microsoft-key, choices: [all-cmk], why: An environment uses the Microsoft-managed key.}\n"
	)
	cases := []struct {
		name, old, new, want string
	}{
		{"no why", "why: An environment uses a customer-managed key.}", `why: " "}`, "question AR-02 ruleOut[0]: why is required"},
		{"unknown check", "{check: cmk-linkage, signal: env-on-customer-key,", "{check: nope, signal: env-on-customer-key,", `question AR-02 ruleOut[0]: check "nope" is not one of: `},
		{"signal of another check", "signal: env-on-customer-key", "signal: bing-on", `question AR-02 ruleOut[0]: signal "bing-on" is not raised by check cmk-linkage (it raises: env-on-microsoft-key, env-on-customer-key, cmk-link-mismatch, cmk-link-failed)`},
		{"no choices", "choices: [none-cmk, not-applicable]", "choices: []", "question AR-02 ruleOut[0]: choices is empty"},
		{"not a choice", "choices: [none-cmk, not-applicable]", "choices: [nine, not-applicable]", `question AR-02 ruleOut[0]: "nine" is not a choice of AR-02 (allowed: all-cmk, some-cmk, none-cmk, not-applicable)`},
		{"choice twice", "choices: [none-cmk, not-applicable]", "choices: [none-cmk, none-cmk]", `question AR-02 ruleOut[0]: choice "none-cmk" appears twice`},
		{"no-fact entry with choices", first + second, "      - {why: No tenant fact tells., choices: [all-cmk]}\n", "question AR-02 ruleOut[0]: choices need a check and a signal that rule them out"},
		{"no-fact entry not alone", second, second + "      - {why: No tenant fact tells.}\n", "question AR-02 ruleOut[2]: an entry without check and signal says nothing rules an answer out, so it must be the only one"},
		{"no-fact entry alone", first + second, "      - {why: No tenant fact tells.}\n", ""},
	}
	for _, c := range cases {
		fsys := miniBankFS(t)
		src := string(fsys["ar.yaml"].Data)
		if !strings.Contains(src, c.old) {
			t.Fatalf("%s: %q not in ar.yaml", c.name, c.old)
		}
		fsys["ar.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(src, c.old, c.new, 1))}
		_, err := LoadBankFS(fsys)
		wantLoadError(t, c.name, err, c.want)
	}
}

// wantLoadError checks a bank load: no error when want is empty, else an
// error containing want.
func wantLoadError(t *testing.T, name string, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%s: %v", name, err)
	case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
		t.Errorf("%s: %v\nwant %q", name, err, want)
	}
}

// TestBankFilesErrors: LoadBankFS names the file at fault: no bank.yaml, a
// bank.yaml or section file that does not parse, a section not declared, a
// question defined twice.
func TestBankFilesErrors(t *testing.T) {
	cases := []struct {
		name string
		edit func(fstest.MapFS)
		want string
	}{
		{"no bank.yaml", func(m fstest.MapFS) { delete(m, "bank.yaml") }, "read bank.yaml"},
		{"bank.yaml unknown key", func(m fstest.MapFS) {
			m["bank.yaml"] = &fstest.MapFile{Data: append([]byte("colour: red\n"), m["bank.yaml"].Data...)}
		}, "bank.yaml: "},
		{"section file does not parse", func(m fstest.MapFS) { m["zz.yaml"] = &fstest.MapFile{Data: []byte("section: [\n")} }, "zz.yaml: "},
		{"undeclared section", func(m fstest.MapFS) { m["zz.yaml"] = &fstest.MapFile{Data: []byte("section: ZZ\nquestions: []\n")} }, `zz.yaml: section "ZZ" is not declared in bank.yaml`},
		{"question twice", func(m fstest.MapFS) {
			m["ar2.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(m["ar.yaml"].Data), "section: AR\n", "section: SC\n", 1))}
		}, "question AR-01 is defined twice"},
	}
	for _, c := range cases {
		fsys := miniBankFS(t)
		c.edit(fsys)
		_, err := LoadBankFS(fsys)
		wantLoadError(t, c.name, err, c.want)
	}
}

// TestBankAccessors: data state titles, the guidance version, labels of
// known and unknown choices, sections and the data states a question
// counts towards (its own, else its section's).
func TestBankAccessors(t *testing.T) {
	for d, want := range map[DataState]string{StateAtRest: "Data at rest", StateInTransit: "Data in transit", StateInProcessing: "Data in processing", StateResidency: "Residency", StateAIMovement: "AI data movement", "odd": "odd"} {
		if got := d.Title(); got != want {
			t.Errorf("%s: %q", d, got)
		}
	}
	b := miniBank(t)
	if got := b.Guidance.Version(); got != "PP SE:06 (2024-09-11)" {
		t.Errorf("guidance version %q", got)
	}
	ar1, ar3, _ := miniQuestions(t)
	if got := ar1.Labels([]string{"cmk", "gone", "mmk"}); got != "Customer-managed, gone, Microsoft-managed" {
		t.Errorf("Labels %q", got)
	}
	if s, ok := b.Section("AR"); !ok || s.Title != "At rest" {
		t.Errorf("Section AR: %+v %v", s, ok)
	}
	if _, ok := b.Section("ZZ"); ok {
		t.Error("Section ZZ found")
	}
	if got := b.QuestionDataStates(ar3); !slices.Equal(got, []DataState{StateInTransit}) {
		t.Errorf("AR-03 data states %v", got)
	}
	if got := b.QuestionDataStates(ar1); !slices.Equal(got, []DataState{StateAtRest}) {
		t.Errorf("AR-01 data states %v", got)
	}
	if got := b.QuestionDataStates(&Question{Section: "ZZ"}); got != nil {
		t.Errorf("question of no section: %v", got)
	}
	for s, want := range map[Severity]int{SevHigh: 3, SevMedium: 2, SevLow: 1, SevInfo: 0, "odd": -1} {
		if s.Rank() != want {
			t.Errorf("Rank(%s) = %d", s, s.Rank())
		}
	}
}
