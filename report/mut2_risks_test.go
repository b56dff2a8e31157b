package report

import (
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// Accepted risks and "Changes since the previous assessment", with the
// sentences written out by hand.

func TestMut2AcceptanceStatus(t *testing.T) {
	for _, c := range []struct {
		a    assess.AcceptanceStatus
		want cell
	}{
		{assess.AcceptanceStatus{Expired: true, Matched: true}, pillCell("EXPIRED", colHigh)},
		{assess.AcceptanceStatus{Expired: true}, pillCell("EXPIRED", colHigh)},
		{assess.AcceptanceStatus{Active: true}, cell{text: "Active; no open finding (can be retired)", color: colMuted}},
		{assess.AcceptanceStatus{Active: true, Matched: true}, pillCell("Active", colAccepted)},
	} {
		if got := acceptanceStatus(c.a); got != c.want {
			t.Errorf("acceptanceStatus(%+v) = %+v, want %+v", c.a, got, c.want)
		}
	}
	f := &assess.Facts{Environments: []assess.Environment{{ID: "e1", Name: "Prod"}, {ID: "e2"}}}
	for id, want := range map[string]string{"e1": "Prod", "e2": "e2", "e9": "e9"} {
		if got := envLabel(f, id); got != want {
			t.Errorf("envLabel(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestMut2AcceptedRisksDrawn(t *testing.T) {
	m := &model{res: &assess.Result{}, facts: &assess.Facts{Environments: []assess.Environment{{ID: "e1", Name: "ProdEnv"}}}}
	if text := m2Drawn(t, func(d *doc) { acceptedRisks(d, m) }); !strings.Contains(text, "No risk was accepted.") {
		t.Errorf("no acceptances:\n%s", text)
	}
	m.res = &assess.Result{
		Findings: []assess.Finding{{ID: "KM-01.x", Title: "FINDING TITLE"}},
		Accepted: []assess.AcceptanceStatus{
			{Acceptance: assess.Acceptance{FindingID: "KM-01.x", Environment: "e1", Justification: "JUST-1", Compensating: "COMP-1", Approver: "CISO", Expires: "2027-01-31"}, Active: true, Matched: true},
			{Acceptance: assess.Acceptance{FindingID: "GONE-1", Justification: "JUST-2", Approver: "CFO", Expires: "2026-01-01"}, Expired: true},
		},
		Counts: assess.Counts{AcceptedRisks: 1, ExpiredRisks: 1, UnmatchedRisks: 1},
	}
	text := m2Drawn(t, func(d *doc) { acceptedRisks(d, m) })
	for _, want := range []string{
		"2 risk acceptances are recorded; 1 is in force (the accepted risks of page 2). 1 has expired: its finding is open again and listed with the recommendations. 1 no longer matches an open finding and can be retired.",
		"KM-01.x", "FINDING TITLE", "Environment: ProdEnv", "JUST-1", "Compensating control: COMP-1", "CISO", "2027-01-31", "Active",
		"GONE-1", "JUST-2", "EXPIRED",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("accepted risks lack %q\n%s", want, text)
		}
	}
	if strings.Count(text, "Compensating control") != 1 || strings.Count(text, "Environment:") != 1 {
		t.Errorf("a compensating control or environment shown for the acceptance without one:\n%s", text)
	}
	m.res.Accepted = m.res.Accepted[:1]
	m.res.Counts = assess.Counts{AcceptedRisks: 2, ExpiredRisks: 2, UnmatchedRisks: 2}
	text = m2Drawn(t, func(d *doc) { acceptedRisks(d, m) })
	if !strings.Contains(text, "1 risk acceptance is recorded; 2 are in force (the accepted risks of page 2). 2 have expired: their findings are open again and listed with the recommendations. 2 no longer match an open finding and can be retired.") {
		t.Errorf("plurals:\n%s", text)
	}
	m.res.Counts = assess.Counts{}
	text = m2Drawn(t, func(d *doc) { acceptedRisks(d, m) })
	if !strings.Contains(text, "1 risk acceptance is recorded; 0 are in force (the accepted risks of page 2). Finding") {
		t.Errorf("nothing expired or unmatched:\n%s", text)
	}
}

func TestMut2ChangeSentence(t *testing.T) {
	f := []assess.Finding{{}, {}}
	fc := []assess.FindingChange{{}, {}}
	for _, c := range []struct {
		d    assess.Diff
		want string
	}{
		{assess.Diff{}, "Since the previous assessment: grade - → -; nothing changed in the findings, answers or conflicts."},
		{assess.Diff{Old: assess.Metadata{Title: "Q2 review", Updated: time.Date(2026, 6, 30, 23, 0, 0, 0, time.UTC)}, OldGrade: assess.Grade{Letter: "C"}, NewGrade: assess.Grade{Letter: "B"},
			Added: f[:1], Worsened: fc[:1], Improved: fc[:1], Changed: fc[:1], Resolved: f[:1], Answers: make([]assess.AnswerChange, 1), NewConflicts: make([]assess.Conflict, 1), ResolvedConflicts: make([]assess.Conflict, 1)},
			"Since Q2 review (30 June 2026): grade C → B; 1 new finding, 1 worsened, 1 improved, 1 changed, 1 resolved, 1 answer changed, 1 new conflict with the tenant, 1 conflict resolved."},
		{assess.Diff{Added: f, Worsened: fc, Improved: fc, Changed: fc, Resolved: f, Answers: make([]assess.AnswerChange, 2), NewConflicts: make([]assess.Conflict, 2), ResolvedConflicts: make([]assess.Conflict, 2)},
			"Since the previous assessment: grade - → -; 2 new findings, 2 worsened, 2 improved, 2 changed, 2 resolved, 2 answers changed, 2 new conflicts with the tenant, 2 conflicts resolved."},
	} {
		if got := changeSentence(&c.d); got != c.want {
			t.Errorf("changeSentence =\n%q\nwant\n%q", got, c.want)
		}
	}
}

func TestMut2ChangesDrawn(t *testing.T) {
	b := loadBank(t)
	m := &model{bank: b, res: &assess.Result{DataStates: []assess.Score{{ID: "at-rest"}}}}
	env := assess.Subject{Kind: assess.SubjectEnvironment, ID: "e1", Name: "ProdEnv"}
	m.diff = &assess.Diff{
		OldGrade: assess.Grade{Letter: "C", Label: "Needs work"}, NewGrade: assess.Grade{Letter: "B", Label: "Needs work"}, Unchanged: 1,
		Scores: []assess.ScoreDelta{
			{ID: "overall", Title: "OverallRow", Old: ptr(60.0), New: ptr(70.0), Delta: ptr(10.0), Note: "NOTE-ONE"},
			{ID: "AR", Title: "UpRow", Old: ptr(60.0), New: ptr(60.6), Delta: ptr(0.6)},
			{ID: "KM", Title: "DownRow", Old: ptr(60.0), New: ptr(59.4), Delta: ptr(-0.6)},
			// A change of half a point is coloured as a move (it rounds to one
			// point half up); fmt rounds it half to even, so its text is not pinned.
			{ID: "RS", Title: "HalfUpRow", Old: ptr(60.0), New: ptr(60.5), Delta: ptr(0.5), Note: "HALF-UP"},
			{ID: "AI", Title: "HalfDownRow", Old: ptr(60.0), New: ptr(59.5), Delta: ptr(-0.5), Note: "HALF-DOWN"},
			{ID: "DT", Title: "FlatRow", Old: ptr(60.0), New: ptr(60.4), Delta: ptr(0.4)},
			{ID: "DP", Title: "FlatDownRow", Old: ptr(60.0), New: ptr(59.6), Delta: ptr(-0.4)},
			{ID: "SC", Title: "NoneRow"},
			{ID: "at-rest", Title: "StateRow", Old: ptr(50.0), New: ptr(40.0), Delta: ptr(-10.0)},
		},
		Added:        []assess.Finding{{ID: "NEW-1", Title: "NEWTITLE", Severity: assess.SevHigh, Affected: []assess.Subject{env}}},
		Worsened:     []assess.FindingChange{{New: assess.Finding{ID: "WORSE-1", Title: "WORSETITLE", Severity: assess.SevMedium}, What: []string{"WHAT-A", "WHAT-B"}}},
		Answers:      []assess.AnswerChange{{QuestionID: "DP-02", OldText: "OLD-ANSWER", NewText: "NEW-ANSWER"}, {QuestionID: "AR-01", Short: "SHORT-ONE", OldText: "o", NewText: "n"}},
		NewConflicts: []assess.Conflict{{QuestionID: "KM-01", AnswerText: "CONFLICT-ANSWER", TenantText: "CONFLICT-TENANT", Summary: "CONFLICT-SUMMARY"}},
		Bank:         &assess.BankDiff{OldVersion: "1.0.0", NewVersion: "1.2.0", Other: 1, Affecting: []assess.BankChange{{Version: "1.1.0", Finding: "BANK-F", Change: "BANK-CHANGE"}}},
	}
	runs := m2Runs(t, func(d *doc) { changes(d, m) })
	var all []string
	for _, r := range runs {
		all = append(all, r.text)
	}
	text := squash(strings.Join(all, " "))
	for _, want := range []string{
		"Grade C (Needs work) then, B (Needs work) now; 1 open finding is unchanged.",
		"Scores by section", "Scores by data state", "StateRow",
		"NOTE-ONE",
		"New findings (1)", "NEW-1", "NEWTITLE", "ProdEnv",
		"Worsened findings (1)", "WORSE-1", "WHAT-A", "WHAT-B",
		"Improved findings (0)", "No open finding got better.",
		"Resolved findings (0)", "No findings were resolved.",
		"Changed findings (0)", "No other open finding changed.",
		"Changed answers (2)", "OLD-ANSWER", "NEW-ANSWER", "Which controls limit who and what sees sensitive values", "SHORT-ONE",
		"New conflicts with the tenant (1)", "CONFLICT-ANSWER", "CONFLICT-TENANT", "CONFLICT-SUMMARY",
		"Resolved conflicts (0)", "No conflict was resolved.",
		"Changes in the question bank, 1.0.0 to 1.2.0 (1)",
		"The bank's history does not reach back to 1.0.0, so this list may be incomplete.",
		"1 more change concerns findings open in neither assessment.",
		"BANK-F", "BANK-CHANGE",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("changes lack %q\n%s", want, text)
		}
	}
	for _, not := range []string{"New findings (0)", "No new findings.", "No answer changed.", "No new conflict"} {
		if strings.Contains(text, not) {
			t.Errorf("changes have %q", not)
		}
	}
	for _, c := range []struct {
		text string
		col  color
	}{
		{"+10", colPass}, {"+1", colPass}, {"-1", colHigh}, {"-10", colHigh}, {"NOTE-ONE", colPass},
	} {
		if got, ok := m2ColorOf(runs, c.text); !ok || got != m2RGB(c.col) {
			t.Errorf("delta %q drawn in %q, want %s", c.text, got, m2RGB(c.col))
		}
	}
	// ±0.4 rounds to 0 and stays muted; ±0.5 is coloured.
	var muted, pass, high int
	for i, r := range runs {
		if strings.TrimSpace(r.text) != "0" {
			continue
		}
		switch r.rgb {
		case m2RGB(colMuted):
			muted++
		case m2RGB(colPass):
			pass++
		case m2RGB(colHigh):
			high++
		}
		if i+1 < len(runs) && strings.Contains(runs[i+1].text, "HALF-UP") && r.rgb != m2RGB(colPass) {
			t.Errorf("+0.5 drawn in %s, want the pass colour", r.rgb)
		}
		if i+1 < len(runs) && strings.Contains(runs[i+1].text, "HALF-DOWN") && r.rgb != m2RGB(colHigh) {
			t.Errorf("-0.5 drawn in %s, want the high colour", r.rgb)
		}
	}
	if muted != 2 || pass != 1 || high != 1 {
		t.Errorf("zero-text deltas: %d muted, %d pass, %d high; want 2 (±0.4), 1 (+0.5), 1 (-0.5)", muted, pass, high)
	}
	// The overall score, first, is bold (the font of the headings); the others are not.
	bold := m2FontOf(runs, "Scores by section")
	if f := m2FontOf(runs, "OverallRow"); f == "" || f != bold {
		t.Errorf("the overall row is drawn in font %q, want the bold %q", f, bold)
	}
	if f := m2FontOf(runs, "UpRow"); f == "" || f == bold {
		t.Errorf("a section row is drawn in font %q, the bold one", f)
	}
	// StateRow is in the data-state table, after the section rows.
	if i, j := strings.Index(text, "Scores by data state"), strings.Index(text, "StateRow"); i < 0 || j < i {
		t.Errorf("StateRow is not under Scores by data state")
	}

	// A known history with nothing else, and no data-state row.
	m.res.DataStates = nil
	m.diff.Bank = &assess.BankDiff{OldVersion: "1.1.0", NewVersion: "1.2.0", Known: true, Other: 2}
	m.diff.Unchanged = 2
	text = m2Drawn(t, func(d *doc) { changes(d, m) })
	for _, want := range []string{"2 open findings are unchanged.", "(0)", "2 more changes concern findings open in neither assessment.", "No change of the bank concerns a finding open in either assessment."} {
		if !strings.Contains(text, want) {
			t.Errorf("known history: lacks %q\n%s", want, text)
		}
	}
	if strings.Contains(text, "does not reach back") || strings.Contains(text, "Scores by data state") {
		t.Errorf("known history: says it is incomplete, or a data-state table without states\n%s", text)
	}
	m.diff.Bank = nil
	if text = m2Drawn(t, func(d *doc) { changes(d, m) }); strings.Contains(text, "Changes in the question bank") {
		t.Errorf("no bank diff: a bank section")
	}
	m.diff.Bank = &assess.BankDiff{OldVersion: "1.1.0", NewVersion: "1.2.0", Known: true}
	if text = m2Drawn(t, func(d *doc) { changes(d, m) }); strings.Contains(text, "more change") {
		t.Errorf("no other change: counted anyway\n%s", text)
	}
}
