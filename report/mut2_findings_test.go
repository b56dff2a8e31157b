package report

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// The conflicts table, the recommendations and each finding block, with
// expectations from docs/report.md and the sentences written out by hand.

func TestMut2Plural(t *testing.T) {
	for n, want := range map[int]string{0: "many", 1: "one", 2: "many", -1: "many"} {
		if got := plural(n, "one", "many"); got != want {
			t.Errorf("plural(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestMut2EvidenceLines(t *testing.T) {
	res := &assess.Result{}
	id := res.AddSource(assess.Provenance{Source: "BAP GET /environments", At: time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC), Status: assess.StatusOK})
	ev := func(n int) []assess.Evidence {
		out := make([]assess.Evidence, n)
		for i := range out {
			out[i] = assess.Evidence{Text: fmt.Sprintf("fact %d", i+1)}
		}
		return out
	}
	six, seven := ev(6), ev(8)[:7]
	six[0].Source = id
	six[1].Source = 9 // no such source: the text alone
	for _, c := range []struct {
		name string
		ev   []assess.Evidence
		want []string
	}{
		{"none", nil, nil},
		{"six, all shown", six, []string{"fact 1 [BAP GET /environments, 2026-11-27 08:00 UTC, ok]", "fact 2", "fact 3", "fact 4", "fact 5", "fact 6"}},
		{"seven, six and a count", seven, []string{"fact 1", "fact 2", "fact 3", "fact 4", "fact 5", "fact 6", "and 1 more in the JSON export"}},
	} {
		if got := evidenceLines(res, assess.Finding{Evidence: c.ev}); !slices.Equal(got, c.want) {
			t.Errorf("%s: evidenceLines = %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestMut2PlanRows(t *testing.T) {
	for _, c := range []struct {
		name string
		a    assess.Action
		want [][2]string
	}{
		{"plain", assess.Action{Bucket: assess.BucketNow, Due: "2026-12-27", Effort: "low", Disruption: "none", OwnerRole: "Admin"},
			[][2]string{{"Roadmap:", "Now (30 days), due 27 December 2026 · effort low · disruption none"}, {"Suggested owner:", "Admin"}}},
		{"every row, a key's date", assess.Action{Bucket: assess.BucketNext, Due: "2027-01-26", DueReason: "key pp-cmk expires 2027-02-25", Effort: "high", Disruption: "high",
			OwnerRole: "KV admin", Note: "An outage.", Permission: "Owner", Controls: []assess.ControlRef{{Framework: "iso27001", Control: "A.8.24"}, {Framework: "mcsb", Control: "DP-5"}}},
			[][2]string{{"Roadmap:", "Next (60 days), due 26 January 2027 (key pp-cmk expires 2027-02-25) · effort high · disruption high"}, {"Suggested owner:", "KV admin"},
				{"Disruption:", "An outage."}, {"Permission:", "Owner"}, {"Controls:", "ISO 27001 A.8.24; MCSB DP-5"}}},
		{"a due that is not a date, a reason not about a key", assess.Action{Bucket: "later", Due: "when possible", DueReason: "keys expire", Effort: "medium", Disruption: "low"},
			[][2]string{{"Roadmap:", "Later (90 days), due when possible · effort medium · disruption low"}, {"Suggested owner:", ""}}},
	} {
		if got := planRows(c.a); !slices.Equal(got, c.want) {
			t.Errorf("%s: planRows = %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestMut2FixExcerpt(t *testing.T) {
	cmd := func(tool assess.Tool, subj, text string) assess.Command {
		return assess.Command{Tool: tool, Subject: assess.Subject{ID: subj}, Text: text}
	}
	const footer = "# Generated for this tenant; review before running. se06 never runs it."
	for _, c := range []struct {
		name string
		a    assess.Action
		want string
	}{
		{"no commands", assess.Action{Tools: []assess.Tool{assess.ToolTerraform}}, ""},
		{"two of each: all shown", assess.Action{Commands: []assess.Command{
			cmd(assess.ToolPowerShell, "a", "ps a"), cmd(assess.ToolAzureCLI, "a", "az a"), cmd(assess.ToolPowerShell, "b", "ps b"), cmd(assess.ToolAzureCLI, "b", "az b")}},
			"# PowerShell\nps a\nps b\n# Azure CLI\naz a\naz b\n" + footer},
		{"three PowerShell: two and a count; Terraform named", assess.Action{Tools: []assess.Tool{assess.ToolPowerShell, assess.ToolTerraform}, Commands: []assess.Command{
			cmd(assess.ToolPowerShell, "a", "ps a"), cmd(assess.ToolPowerShell, "b", "ps b"), cmd(assess.ToolPowerShell, "c", "ps c"), cmd(assess.ToolTerraform, "a", "tf a")}},
			"# PowerShell\nps a\nps b\n# … and 1 more in the fix files (se06 report --fix-dir DIR)\n# Terraform: terraform/main.tf in the fix files\n" + footer},
		{"only Azure CLI, one", assess.Action{Commands: []assess.Command{cmd(assess.ToolAzureCLI, "a", "az a")}},
			"# Azure CLI\naz a\n" + footer},
		{"only Terraform commands", assess.Action{Commands: []assess.Command{cmd(assess.ToolTerraform, "a", "tf a")}}, ""},
	} {
		if got := fixExcerpt(c.a); got != c.want {
			t.Errorf("%s: fixExcerpt =\n%s\nwant\n%s", c.name, got, c.want)
		}
	}
}

func TestMut2ModelAction(t *testing.T) {
	m := &model{open: []assess.Finding{{ID: "A"}, {ID: "B"}}, actions: []assess.Action{{FindingID: "A", Due: "1"}, {FindingID: "B", Due: "2"}}}
	if a, ok := m.action("B"); !ok || a.Due != "2" {
		t.Errorf("action(B) = %+v, %v", a, ok)
	}
	if _, ok := m.action("C"); ok {
		t.Errorf("action of a finding not open: found")
	}
}

// m2FindingsModel is the pinned bank with hand-made findings and conflicts.
func m2FindingsModel(t *testing.T, res *assess.Result, facts *assess.Facts) *model {
	t.Helper()
	res.Facts = facts
	m, err := newModel(Input{Bank: loadBank(t), Result: res, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMut2ConflictsDrawn(t *testing.T) {
	at := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	res := &assess.Result{}
	var srcs []assess.SourceID
	for i := 1; i <= 4; i++ {
		srcs = append(srcs, res.AddSource(assess.Provenance{Source: fmt.Sprintf("SRC-%d", i), At: at, Status: assess.StatusOK}))
	}
	var nine []assess.Subject
	for i := 1; i <= 9; i++ {
		nine = append(nine, assess.Subject{Kind: assess.SubjectEnvironment, ID: fmt.Sprintf("e%d", i), Name: fmt.Sprintf("Env%d", i)})
	}
	facts := &assess.Facts{}

	text := m2Drawn(t, func(d *doc) { conflicts(d, m2FindingsModel(t, &assess.Result{}, nil)) })
	if !strings.Contains(text, "No tenant facts were read for this assessment") || strings.Contains(text, "agree with every answer") {
		t.Errorf("without facts:\n%s", text)
	}
	text = m2Drawn(t, func(d *doc) { conflicts(d, m2FindingsModel(t, &assess.Result{}, facts)) })
	if !strings.Contains(text, "The tenant's facts agree with every answer they could check.") || strings.Contains(text, "No tenant facts") {
		t.Errorf("no conflicts:\n%s", text)
	}

	res.Conflicts = []assess.Conflict{{QuestionID: "DP-02", AnswerText: "Yes A1", TenantText: "SHOWN-ONE", Summary: "SUMMARY-ONE", Affected: nine, Sources: srcs[:3]}}
	text = m2Drawn(t, func(d *doc) { conflicts(d, m2FindingsModel(t, res, facts)) })
	for _, want := range []string{"1 answer contradicts the tenant.", "DP-02", "Which controls limit who and what sees sensitive values", "Yes A1", "SHOWN-ONE", "SUMMARY-ONE",
		"Env8 and 1 more", "SRC-1", "SRC-3", "2026-11-27 08:00 UTC, ok"} {
		if !strings.Contains(text, want) {
			t.Errorf("one conflict: lacks %q\n%s", want, text)
		}
	}
	for _, not := range []string{"Env9", "more\nSRC", "and 0 more", "SRC-4"} {
		if strings.Contains(text, not) {
			t.Errorf("one conflict: has %q\n%s", not, text)
		}
	}

	res.Conflicts = []assess.Conflict{
		{QuestionID: "XX-1", Prompt: "OWN PROMPT", AnswerText: "a", Sources: srcs},
		{QuestionID: "XX-2", Prompt: "P2", AnswerText: "b", Sources: []assess.SourceID{0, srcs[3]}},
	}
	text = m2Drawn(t, func(d *doc) { conflicts(d, m2FindingsModel(t, res, facts)) })
	for _, want := range []string{"2 answers contradict the tenant.", "OWN PROMPT", "and 1 more", "SRC-4"} {
		if !strings.Contains(text, want) {
			t.Errorf("two conflicts: lacks %q\n%s", want, text)
		}
	}
}

func TestMut2RecommendationsDrawn(t *testing.T) {
	text := m2Drawn(t, func(d *doc) { recommendations(d, m2FindingsModel(t, &assess.Result{}, nil)) })
	if !strings.Contains(text, "Recommendations by priority There is nothing open.") {
		t.Errorf("nothing open:\n%s", text)
	}

	findings := []assess.Finding{
		{ID: "AR-02.cmk-missing", QuestionID: "AR-02", Section: "AR", Severity: assess.SevHigh, State: assess.FindingFail, Title: "TITLE-ONE", Do: "DO-ONE", Why: "WHY-ONE", Tenant: true,
			SeverityReason: "REASON-ONE", Steps: []string{"STEP-ONE"}, Links: []assess.Link{{Title: "LINK-ONE", URL: "https://learn.microsoft.com/x"}, {Title: "LINK-TWO", URL: "https://learn.microsoft.com/y"}},
			Affected:   []assess.Subject{{Kind: assess.SubjectEnvironment, ID: "e1", Name: "Prod"}, {Kind: assess.SubjectEnvironment, ID: "e2", Name: "Dev"}, {Kind: assess.SubjectEnvironment, ID: "e3", Name: "Old", Accepted: true}},
			Acceptance: &assess.AcceptanceStatus{Acceptance: assess.Acceptance{Expires: "2026-10-01", Approver: "CISO"}, Expired: true}},
		{ID: "KM-09", QuestionID: "KM-09", Section: "KM", Severity: assess.SevHigh, State: assess.FindingNotVerified, Title: "TITLE-TWO", Do: "DO-TWO", Why: "WHY-TWO",
			Reason: "needs key vault reader", Affected: []assess.Subject{{Kind: assess.SubjectVault, ID: "/v/kv-1", Name: "kv-1"}}, Owner: "Sam Owner", FollowUp: "2026-11-01", Overdue: true},
		{ID: "DP-02.no-controls", QuestionID: "DP-02", Section: "DP", Severity: assess.SevMedium, State: assess.FindingWarn, Title: "TITLE-THREE", Do: "DO-THREE", Why: "WHY-THREE",
			Owner: "Kim", FollowUp: "2027-01-01",
			Acceptance: &assess.AcceptanceStatus{Acceptance: assess.Acceptance{Expires: "2027-10-01", Approver: "CFO"}, Active: true}},
	}
	res := &assess.Result{Findings: findings, Counts: assess.Counts{
		Open:      assess.SeverityCounts{High: 2, Medium: 1},
		ToFix:     assess.SeverityCounts{High: 1, Medium: 1},
		ToFindOut: assess.SeverityCounts{High: 1},
	}}
	text = m2Drawn(t, func(d *doc) { recommendations(d, m2FindingsModel(t, res, &assess.Facts{})) })
	for _, want := range []string{
		"3 open findings (2 to fix, 1 to find out), highest priority first",
		"High severity (2 open: 1 to fix, 1 to find out)",
		"Medium severity (1 open: 1 to fix, 0 to find out)",
		"AR-02.cmk-missing · confirmed by the tenant · Data at rest and key strategy",
		"TITLE-ONE", "What to do: DO-ONE", "Why it matters: WHY-ONE", "Severity: High: REASON-ONE", "How:", "STEP-ONE",
		"Roadmap: Now (30 days)", "Suggested owner: Power Platform administrator",
		"Affected (2): Prod, Dev 1 more accepted (see Accepted risks)",
		"Risk acceptance: expired on 2026-10-01 (approved by CISO); the finding is open again.",
		"Docs: LINK-ONE", "LINK-TWO",
		"KM-09 · Key management operations",
		"Why not verified: Needs key vault reader",
		"Affected (1): vault kv-1",
		"Sam Owner", "2026-11-01 (OVERDUE)",
		"DP-02.no-controls · Data in processing",
		"Kim", "2027-01-01",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("recommendations lack %q\n%s", want, text)
		}
	}
	for _, c := range []struct {
		s string
		n int
	}{
		{"High severity (", 1}, {"Medium severity (", 1}, {"confirmed by the tenant", 1}, {"Risk acceptance:", 1}, {"(OVERDUE)", 1},
		{"Docs:", 1}, {"Severity: ", 1}, {"Why not verified:", 1}, {"No command:", 0}, {"Affected (", 2},
	} {
		if got := strings.Count(text, c.s); got != c.n {
			t.Errorf("%q appears %d times, want %d\n%s", c.s, got, c.n, text)
		}
	}

	// One open finding: "1 open finding".
	res.Findings, res.Counts = findings[2:], assess.Counts{Open: assess.SeverityCounts{Medium: 1}, ToFix: assess.SeverityCounts{Medium: 1}}
	text = m2Drawn(t, func(d *doc) { recommendations(d, m2FindingsModel(t, res, &assess.Facts{})) })
	if !strings.Contains(text, "1 open finding (1 to fix, 0 to find out)") {
		t.Errorf("one open finding:\n%s", text)
	}
}

// TestMut2FindingBlockFixLines: a finding whose only fix is Terraform still
// shows its one-line Fix pointer; one without commands shows none.
func TestMut2FindingBlockFixLines(t *testing.T) {
	f := assess.Finding{ID: "KM-01.x", Title: "TF ONLY", Severity: assess.SevMedium, State: assess.FindingFail, Do: "do"}
	m := &model{res: &assess.Result{}, open: []assess.Finding{f},
		actions: []assess.Action{{Tools: []assess.Tool{assess.ToolTerraform}, Commands: []assess.Command{{Tool: assess.ToolTerraform, Text: "resource {}"}}}}}
	text := m2Drawn(t, func(d *doc) { findingBlock(d, m, f) })
	for _, want := range []string{"TF ONLY", "Fix:", "# Terraform: terraform/main.tf in the fix files"} {
		if !strings.Contains(text, want) {
			t.Errorf("a Terraform-only fix lacks %q\n%s", want, text)
		}
	}
	m.actions[0].Commands = nil
	if text = m2Drawn(t, func(d *doc) { findingBlock(d, m, f) }); strings.Contains(text, "Fix:") {
		t.Errorf("a finding without commands shows a Fix:\n%s", text)
	}
}

// TestMut2FindingHeightAndKeep: a finding block's height, added up by hand
// from its parts (7 mm of badges, a 10.5 pt title line of 4.725 mm, the
// steps' and evidence's 0.5 mm after, 11.5 mm of owner fields and rule),
// and where it is drawn: whole on the next page when it does not fit, or
// starting here when this page holds only the section's opening.
func TestMut2FindingHeightAndKeep(t *testing.T) {
	// With an action: its Roadmap row (one 9 pt line, 1 mm after); its
	// empty suggested owner takes no room.
	const base = 7 + 10.5*0.45 + (9*0.45 + 1) + 0.5 + 0.5 + 8.5 + 3
	f := assess.Finding{ID: "X-1", Title: "T", Severity: assess.SevLow, State: assess.FindingFail}
	m := &model{res: &assess.Result{}, open: []assess.Finding{f}, actions: []assess.Action{{}}}
	d := testDoc(t)
	m2Near2(t, "height of a bare finding", findingHeight(d, f, prepareFinding(d, m, f)), base)
	f.Links = []assess.Link{{Title: "a", URL: "https://learn.microsoft.com/a"}, {Title: "b", URL: "https://learn.microsoft.com/b"}}
	m2Near2(t, "height with two links", findingHeight(d, f, prepareFinding(d, m, f)), base+2*(8.5*0.45+0.6))
	m.actions[0] = assess.Action{Tools: []assess.Tool{assess.ToolTerraform}, Commands: []assess.Command{{Tool: assess.ToolTerraform, Text: "r"}}}
	// A Terraform-only fix: its pointer line and the empty line after it
	// (the excerpt ends with a line break) in a code block, 3 mm under it.
	p := prepareFinding(d, m, f)
	if len(p.code) != 2 || len(p.plan) != 2 {
		t.Fatalf("code %q, plan %q", p.code, p.plan)
	}
	m2Near2(t, "height with a Terraform-only fix", findingHeight(d, f, p), base+2*(8.5*0.45+0.6)+(2*7.4*0.45+3)+3)

	// Where it goes. A bare block is 29.3 mm; with three links 42.5 mm,
	// more than its title and 30 mm (34.7 mm), the least it starts with.
	three := []assess.Link{{Title: "l1", URL: "https://learn.microsoft.com/1"}, {Title: "l2", URL: "https://learn.microsoft.com/2"}, {Title: "l3", URL: "https://learn.microsoft.com/3"}}
	m.actions[0] = assess.Action{}
	for _, c := range []struct {
		name     string
		links    []assess.Link
		room     float64
		openPage bool
		first    int // the page with the block's badges
	}{
		{"fits", nil, base + 0.5, false, 1},
		{"does not fit: whole on the next page", nil, base - 0.5, false, 2},
		{"taller than the room, on a page with only the section's opening: starts here", three, 36, true, 1},
		{"taller than the room, after other content: whole on the next page", three, 36, false, 2},
	} {
		f.Links = c.links
		var buf bytes.Buffer
		d := testDoc(t)
		d.setY(d.limit() - c.room)
		if c.openPage {
			d.openPage = d.pdf.PageNo()
		}
		findingBlock(d, m, f)
		if d.openPage != 0 {
			t.Errorf("%s: openPage is %d after a block, want 0", c.name, d.openPage)
		}
		if err := d.pdf.Output(&buf); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(pageText(t, buf.Bytes(), 1), "X-1"); got != (c.first == 1) {
			t.Errorf("%s: the block's ID on page 1: %v, want %v", c.name, got, c.first == 1)
		}
	}
}

// TestMut2AffectedOnlyAccepted: a finding whose every environment is
// covered by an acceptance has nothing left to list: no "Affected" line
// (an "Affected (0)" with only the accepted count would read as a list).
func TestMut2AffectedOnlyAccepted(t *testing.T) {
	f := assess.Finding{ID: "X-2", Title: "ALL ACCEPTED", Severity: assess.SevLow, State: assess.FindingFail,
		Affected: []assess.Subject{{Kind: assess.SubjectEnvironment, ID: "e1", Name: "Prod", Accepted: true}, {Kind: assess.SubjectEnvironment, ID: "e2", Name: "Dev", Accepted: true}}}
	m := &model{res: &assess.Result{}, open: []assess.Finding{f}, actions: []assess.Action{{}}}
	d := testDoc(t)
	if p := prepareFinding(d, m, f); p.affected != [2]string{} {
		t.Errorf("affected = %q, want nothing", p.affected)
	}
	if text := m2Drawn(t, func(d *doc) { findingBlock(d, m, f) }); strings.Contains(text, "Affected") || strings.Contains(text, "more accepted") {
		t.Errorf("a finding with every environment accepted lists them:\n%s", text)
	}
}
