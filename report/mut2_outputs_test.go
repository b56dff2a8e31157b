package report

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// The text outputs (CSV, JSON, Markdown) and the Input's own rules, from
// docs/report.md and the functions' documentation, by hand.

func TestMut2ValidPaperAndPrepare(t *testing.T) {
	for p, want := range map[string]bool{"": true, "a4": true, "A4": true, "letter": true, "Letter": true, "a3": false, "legal": false, " a4": false} {
		if got := ValidPaper(p); got != want {
			t.Errorf("ValidPaper(%q) = %v, want %v", p, got, want)
		}
	}
	if _, err := Prepare(Input{}); !errors.Is(err, ErrNoResult) {
		t.Errorf("Prepare without a result: %v", err)
	}
	in, err := Prepare(Input{Result: &assess.Result{Metadata: assess.Metadata{Title: "First"}}})
	if err != nil || in.prepared == nil {
		t.Fatalf("Prepare: %v, prepared %v", err, in.prepared != nil)
	}
	// A prepared input is rendered from its prepared view.
	in.Result.Metadata.Title = "Changed after Prepare"
	if m, _ := newModel(in); m.meta.Title != "First" {
		t.Errorf("a prepared input is worked out again: title %q", m.meta.Title)
	}
	again, _ := Prepare(in)
	if m, _ := newModel(again); m.meta.Title != "Changed after Prepare" {
		t.Errorf("Prepare again keeps the old view: title %q", m.meta.Title)
	}
}

func TestMut2OutputsNeedAResult(t *testing.T) {
	var buf bytes.Buffer
	for name, err := range map[string]error{
		"CSV": CSV(&buf, Input{}), "JSON": JSON(&buf, Input{}), "Markdown": Markdown(&buf, Input{}), "PDF": PDF(&buf, Input{}),
	} {
		if !errors.Is(err, ErrNoResult) {
			t.Errorf("%s without a result: err = %v, want ErrNoResult", name, err)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("something was written without a result: %q", buf.String())
	}
	if _, err := FixFiles(Input{}); !errors.Is(err, ErrNoResult) {
		t.Errorf("FixFiles without a result: %v", err)
	}
	if _, err := jsonDocument(Input{}); !errors.Is(err, ErrNoResult) {
		t.Errorf("jsonDocument without a result: %v", err)
	}
	// A writer that fails: every output says so.
	in := Input{Result: &assess.Result{}}
	for name, err := range map[string]error{
		"CSV": CSV(m2FailWriter{}, in), "JSON": JSON(m2FailWriter{}, in), "Markdown": Markdown(m2FailWriter{}, in),
	} {
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s to a failing writer: err = %v", name, err)
		}
	}
}

func TestMut2CSVCells(t *testing.T) {
	for in, want := range map[string]string{
		"":        "",
		"plain":   "plain",
		"=1+1":    "'=1+1",
		"+1":      "'+1",
		"-1":      "'-1",
		"@SUM(1)": "'@SUM(1)",
		"\tx":     "'\tx",
		"a\rb":    "ab",
		"\r=1":    "'=1",
		"x=1":     "x=1",
		"a\nb":    "a\nb",
	} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
	if got := csvSafe("a\x1bb"); strings.ContainsRune(got, 0x1b) {
		t.Errorf("csvSafe keeps an escape character: %q", got)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	writeCSVRow(w, []string{`say "hi"`, "", "=x"})
	w.Flush()
	if got := buf.String(); got != "\"say \"\"hi\"\"\",\"\",\"'=x\"\r\n" {
		t.Errorf("writeCSVRow = %q", got)
	}
	if yesNoBlank(true) != "yes" || yesNoBlank(false) != "" {
		t.Errorf("yesNoBlank")
	}
	for id, want := range map[string]string{"iso27001": "ISO 27001", "nist80053": "NIST 800-53", "mcsb": "MCSB", "gdpr": "GDPR", "soc2": "soc2"} {
		if got := frameworkShort(id); got != want {
			t.Errorf("frameworkShort(%q) = %q, want %q", id, got, want)
		}
	}
	a := assess.Action{Commands: []assess.Command{{Tool: assess.ToolPowerShell, Text: "p1"}, {Tool: assess.ToolAzureCLI, Text: "a1"}, {Tool: assess.ToolPowerShell, Text: "p2"}}}
	if got := commandText(a, assess.ToolPowerShell); got != "p1\np2" {
		t.Errorf("commandText = %q", got)
	}
	if got := commandText(a, assess.ToolTerraform); got != "" {
		t.Errorf("commandText without commands = %q", got)
	}
}

func TestMut2ChangeLabel(t *testing.T) {
	open := func(id string) assess.Finding {
		return assess.Finding{ID: id, State: assess.FindingFail, Severity: assess.SevHigh}
	}
	d := &assess.Diff{
		Added:    []assess.Finding{open("N")},
		Worsened: []assess.FindingChange{{New: open("W")}},
		Improved: []assess.FindingChange{{New: open("I")}},
		Changed:  []assess.FindingChange{{New: open("C")}},
	}
	for id, want := range map[string]string{"N": "New", "W": "Worsened", "I": "Improved", "C": "Changed", "U": "Unchanged"} {
		if got := changeLabel(d, open(id)); got != want {
			t.Errorf("changeLabel(%s) = %q, want %q", id, got, want)
		}
	}
	if got := changeLabel(d, assess.Finding{ID: "P", State: assess.FindingPass}); got != "" {
		t.Errorf("changeLabel of a passed finding = %q, want empty", got)
	}
}

func TestMut2CSVRows(t *testing.T) {
	res := &assess.Result{
		EvaluatedAt: time.Date(2026, 11, 27, 23, 30, 0, 0, time.FixedZone("X", -3600)), // 28 November UTC
		Metadata:    assess.Metadata{Organization: "Contoso"},
		Findings: []assess.Finding{
			{ID: "F-1", QuestionID: "Q-1", Section: "S", Severity: assess.SevHigh, State: assess.FindingFail, Title: "T1", Steps: []string{"a", "b"}, Tenant: true,
				DataStates: []assess.DataState{assess.StateAtRest, assess.StateAIMovement}, Overdue: true, Owner: "Ola", FollowUp: "2026-11-01",
				Links:    []assess.Link{{URL: "https://learn.microsoft.com/finding"}},
				Affected: []assess.Subject{{Kind: assess.SubjectVault, ID: "/v/kv-1", Name: "kv-1"}, {Kind: assess.SubjectEnvironment, ID: "e1", Name: "Prod"}}},
			{ID: "F-2", QuestionID: "Q-2", Severity: assess.SevLow, State: assess.FindingWarn, Title: "=HYPERLINK(\"x\")", Links: []assess.Link{{URL: "https://learn.microsoft.com/two"}}},
		},
		Conflicts: []assess.Conflict{{QuestionID: "Q-1", AnswerText: "Yes", TenantText: "No vault is protected"}},
	}
	prev := &assess.Result{Findings: []assess.Finding{{ID: "F-2", QuestionID: "Q-2", Severity: assess.SevLow, State: assess.FindingWarn, Title: "=HYPERLINK(\"x\")"}}}
	var buf bytes.Buffer
	if err := CSV(&buf, Input{Result: res, Previous: prev, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\uFEFF\"Rank\",\"ID\",") {
		t.Errorf("the CSV does not start with a BOM and the header: %q", out[:min(40, len(out))])
	}
	lines := strings.Split(out, "\r\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[1], `"1","F-1","High","Fail","Yes","S","Data at rest; AI data movement","T1",`) {
		t.Fatalf("first row: %q", lines[1])
	}
	row1 := lines[1] // the steps hold a line break, not a row end
	for _, want := range []string{
		"\"1. a\n2. b\"", `"vault kv-1; Prod"`, `"Ola","2026-11-01"`, `"https://learn.microsoft.com/finding","New","Contoso","2026-11-28","yes","answered Yes; the tenant shows No vault is protected",""`,
	} {
		if !strings.Contains(row1, want) {
			t.Errorf("row 1 lacks %q:\n%s", want, row1)
		}
	}
	row2 := lines[2]
	for _, want := range []string{`"2","F-2","Low","Warning","No"`, `"'=HYPERLINK(""x"")"`, `"https://learn.microsoft.com/two","Unchanged","Contoso","2026-11-28","",""`} {
		if !strings.Contains(row2, want) {
			t.Errorf("row 2 lacks %q:\n%s", want, row2)
		}
	}
	// Without a previous result the change column is empty.
	buf.Reset()
	if err := CSV(&buf, Input{Result: res, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `"Unchanged"`) || strings.Contains(buf.String(), `"New"`) {
		t.Errorf("a change column without a previous result")
	}
}

func TestMut2CSVActionLinkWins(t *testing.T) {
	b := loadBank(t)
	res := &assess.Result{Findings: []assess.Finding{{ID: "AR-02.cmk-missing", QuestionID: "AR-02", Section: "AR", Severity: assess.SevHigh, State: assess.FindingFail,
		Links: []assess.Link{{URL: "https://learn.microsoft.com/finding-link"}}}}}
	var buf bytes.Buffer
	if err := CSV(&buf, Input{Bank: b, Result: res, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	// remediation.yaml gives AR-02.cmk-missing its own documentation link.
	if s := buf.String(); !strings.Contains(s, "customer-managed-key#add-an-environment-to-the-enterprise-policy-to-encrypt-data") || strings.Contains(s, "finding-link") {
		t.Errorf("the action's link does not replace the finding's:\n%s", s)
	}
}

func TestMut2MarkdownParts(t *testing.T) {
	res := &assess.Result{
		Metadata:        assess.Metadata{Title: "MD *title*", Organization: "Org|A", Workload: " ", Assessor: "Ana", Facilitator: ""},
		EvaluatedAt:     time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
		GuidanceVersion: "g1", BankVersion: "b1",
		Grade:      assess.Grade{Letter: "C", Label: assess.GradeNeedsWork, Summary: "GRADE-SUMMARY"},
		Overall:    assess.Score{Value: ptr(64.0)},
		Counts:     assess.Counts{ToFix: assess.SeverityCounts{High: 1, Medium: 2, Low: 3, Info: 4}, ToFindOut: assess.SeverityCounts{High: 5}, Conflicts: 6, AcceptedRisks: 7, Open: assess.SeverityCounts{High: 9}},
		DataStates: []assess.Score{{ID: "at-rest", Title: "At rest", Value: ptr(50.0), Status: "Needs work", Fail: 2}},
		Findings: []assess.Finding{
			{ID: "F-1", Severity: assess.SevHigh, State: assess.FindingFail, Title: "Linked", Do: "DO1", Links: []assess.Link{{URL: "https://learn.microsoft.com/a"}}},
			{ID: "F-2", Severity: assess.SevLow, State: assess.FindingFail, Title: "Unlinked", Do: "DO2", Links: []assess.Link{{URL: "javascript:x"}},
				Affected: []assess.Subject{{Kind: assess.SubjectEnvironment, ID: "e1", Name: "Prod"}}},
		},
		Accepted: []assess.AcceptanceStatus{
			{Acceptance: assess.Acceptance{FindingID: "A-1", Justification: "J1", Approver: "P1", Expires: "2027-01-01"}, Active: true},
			{Acceptance: assess.Acceptance{FindingID: "A-2", Justification: "J2", Approver: "P2", Expires: "2026-01-01"}, Expired: true},
		},
		Facts: &assess.Facts{TenantID: "tid", Demo: true},
	}
	md := func(in Input) string {
		var buf bytes.Buffer
		if err := Markdown(&buf, in); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	out := md(Input{Result: res, Now: testNow, ToolVersion: "v7"})
	for _, want := range []string{
		"# MD \\*title\\*\n\n",
		"**Organization:** Org\\|A  \n**Assessor:** Ana  \n**Date:** 27 November 2026  \n**Guidance:** g1, bank b1, se06 v7  \n**Tenant:** tid (public cloud), demo tenant\n\n",
		"## Grade C: Needs work\n\nGRADE-SUMMARY\n\n",
		"Overall score **64/100**.",
		"Findings to fix: **1 high**, 2 medium, 3 low, 4 info; 5 to find out (not sure, open or not verified). Conflicts with the tenant: 6. Accepted risks: 7.\n\n",
		"| At rest | 50 | Needs work | 2 failing |\n",
		"## Open findings (9: 10 to fix, 5 to find out)\n\n",
		"| 1 | High | Fail | [Linked](https://learn.microsoft.com/a)<br>`F-1` | DO1 | — | Now (30 days) |",
		"| 2 | Low | Fail | Unlinked<br>`F-2` | DO2 | Prod | Later (90 days) |",
		"| `A-1` | J1 | P1 | 2027-01-01 | Active |\n| `A-2` | J2 | P2 | 2026-01-01 | **Expired** |\n",
		"_Generated by se06 v7.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the Markdown lacks %q\n%s", want, out)
		}
	}
	for _, not := range []string{"**Workload:**", "**Facilitator:**", "Changes since the previous assessment", "What the tenant shows", "Overdue follow-ups", "of these have commands"} {
		if strings.Contains(out, not) {
			t.Errorf("the Markdown has %q", not)
		}
	}

	// No facts, no grade summary, nothing open, a conflict, an overdue follow-up, a cloud.
	res.Facts, res.Grade.Summary, res.Findings, res.Accepted = nil, "", nil, nil
	res.Conflicts = []assess.Conflict{{QuestionID: "XX-1", Prompt: "PROMPT?", AnswerText: "ANS", TenantText: "TEN", Summary: "SUM"}}
	res.Overdue = []assess.OverdueFollowUp{{QuestionID: "XX-2", FollowUp: "2026-11-01", DaysOverdue: 26}}
	out = md(Input{Result: res, Now: testNow})
	for _, want := range []string{
		"**Tenant:** not read (answers only)\n\n",
		"## Grade C: Needs work\n\nOverall score",
		"| XX-1: PROMPT? | ANS | TEN. SUM |",
		"## Overdue follow-ups (1)\n\n", "| XX-2: XX-2 | no owner named | 2026-11-01 | 26 |",
		"None.\n\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the second Markdown lacks %q\n%s", want, out)
		}
	}
	if strings.Contains(out, "## Accepted risks") {
		t.Errorf("an accepted-risks table without acceptances")
	}
	res.Facts = &assess.Facts{Cloud: "usgov"}
	if out = md(Input{Result: res, Now: testNow}); !strings.Contains(out, "**Tenant:** unknown (usgov cloud)\n") {
		t.Errorf("a tenant without ID in another cloud:\n%s", out)
	}
}

func TestMut2MarkdownChanges(t *testing.T) {
	var lines []string
	p := func(format string, args ...any) {
		lines = append(lines, strings.TrimSpace(strings.ReplaceAll(fmt.Sprintf(format, args...), "\n\n", "\n")))
	}
	d := &assess.Diff{
		Scores: []assess.ScoreDelta{
			{ID: "overall", Title: "Overall", Old: ptr(60.0), New: ptr(70.0), Delta: ptr(10.0)},
			{ID: "at-rest", Title: "At rest", Old: ptr(50.0), New: ptr(49.6), Delta: ptr(-0.4), Note: "answered more"},
			{ID: "AR", Title: "Keys", Old: nil, New: ptr(10.0)},
			{ID: "KM", Title: "Down", Old: ptr(10.0), New: ptr(5.0), Delta: ptr(-5.0)},
		},
		Added:             []assess.Finding{{ID: "N-1", Severity: assess.SevHigh, Title: "new one"}},
		Resolved:          []assess.Finding{{ID: "R-1", Severity: assess.SevLow, Title: "gone"}},
		Worsened:          []assess.FindingChange{{New: assess.Finding{ID: "W-1", Severity: assess.SevMedium, Title: "worse"}, What: []string{"a", "b"}}},
		Improved:          []assess.FindingChange{{New: assess.Finding{ID: "I-1", Severity: assess.SevLow, Title: "better"}, What: []string{"c"}}},
		Changed:           []assess.FindingChange{{New: assess.Finding{ID: "C-1", Severity: assess.SevInfo, Title: "other"}, What: []string{"d"}}},
		Answers:           []assess.AnswerChange{{QuestionID: "Q-1", Short: "short", OldText: "old", NewText: "new"}},
		NewConflicts:      []assess.Conflict{{QuestionID: "Q-2", AnswerText: "yes", TenantText: "no"}},
		ResolvedConflicts: []assess.Conflict{{QuestionID: "Q-3", AnswerText: "maybe", TenantText: "agrees"}},
	}
	markdownChanges(p, d, []assess.Score{{ID: "at-rest"}})
	out := strings.Join(lines, "\n")
	for _, want := range []string{
		"| Overall | 60 | 70 | +10 |",
		"| Data state: At rest | 50 | 50 | 0 (answered more) |",
		"| Keys | n/a | 10 |  |",
		"| Down | 10 | 5 | -5 |",
		"- **New** High: `N-1` new one",
		"- **Resolved** Low: `R-1` gone",
		"- **Worsened** Medium: `W-1` worse: a; b",
		"- **Improved** Low: `I-1` better: c",
		"- **Changed** Info: `C-1` other: d",
		"- **Answer changed** `Q-1` short: old → new",
		"- **New conflict** `Q-2`: answered yes; the tenant shows no",
		"- **Conflict resolved** `Q-3`: answered maybe; the tenant shows agrees",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the changes lack %q\n%s", want, out)
		}
	}
	if strings.Contains(out, "Data state: Overall") || strings.Contains(out, "Data state: Keys") {
		t.Errorf("a section named as a data state:\n%s", out)
	}
}

func TestMut2MarkdownEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"plain":          "plain",
		"a*b_c":          "a\\*b\\_c",
		"[x](y)":         "\\[x\\](y)",
		"<b>|`~\\":       "\\<b\\>\\|\\`\\~\\\\",
		"line\r\nbreak":  "line break",
		"tab\there\nnew": "tab here new",
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := mdCell("  x*  "); got != "x\\*" {
		t.Errorf("mdCell = %q", got)
	}
	if got := mdCode("a`b"); got != "a'b" {
		t.Errorf("mdCode = %q", got)
	}
}
