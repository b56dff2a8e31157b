package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// The executive summary page: grade block, tiles, overdue line, status per
// data state and the top five actions, by hand.

func TestMut2OpenSummary(t *testing.T) {
	if got := openSummary(assess.Score{}); got != "none" {
		t.Errorf("openSummary of nothing = %q", got)
	}
	s := assess.Score{Fail: 1, Warn: 2, NotSure: 3, Skipped: 4, NotVerified: 5, Open: 6, Accepted: 7}
	if got, want := openSummary(s), "1 failing, 2 warning, 3 not sure, 4 skipped, 5 not verified, 6 open, 7 accepted"; got != want {
		t.Errorf("openSummary = %q, want %q", got, want)
	}
	if got := openSummary(assess.Score{Open: 1}); got != "1 open" {
		t.Errorf("openSummary(open 1) = %q", got)
	}
}

func TestMut2ActionHeightAndLevels(t *testing.T) {
	if got := (action{}).height(); got != 9 {
		t.Errorf("an empty action is %v mm, want the 9 mm the badge needs", got)
	}
	a := action{title: []string{"a", "b"}, parts: []actionPart{{lines: []string{"x", "y", "z"}, size: sizeSmall}}}
	if got, want := a.height(), 2*sizeBody*0.45+1.6+3*sizeSmall*0.45; !m2Near(got, want) {
		t.Errorf("height = %v, want %v", got, want)
	}
	d := testDoc(t)
	long := strings.Repeat("This sentence is long enough to wrap across the width of the page several times over. ", 6)
	f := assess.Finding{Title: "T", Do: long, Why: long, Affected: []assess.Subject{{Kind: assess.SubjectEnvironment, ID: "e", Name: strings.Repeat("Env ", 80)}}}
	for level, want := range map[int][3]int{0: {2, 3, 3}, 1: {2, 2, 2}, 2: {2, 2, 1}, 3: {2, 1, 1}, 4: {2, 2, 0}, 5: {2, 1, 0}, 6: {1, 1, 0}} {
		a := prepareAction(d, f, level)
		var got [3]int
		for i, pt := range a.parts {
			got[i] = len(pt.lines)
		}
		if got != want {
			t.Errorf("level %d: lines of action, why, where = %v, want %v", level, got, want)
		}
		if len(a.parts) > 0 && !strings.HasPrefix(a.parts[0].lines[0], "Action: ") {
			t.Errorf("level %d: the first part is %q", level, a.parts[0].lines[0])
		}
	}
	a = prepareAction(d, assess.Finding{Title: "T", Why: "because"}, 0)
	if len(a.parts) != 1 || a.parts[0].lines[0] != "Why: because" || a.parts[0].ink != colInk {
		t.Errorf("no action text, no subjects: parts %+v, want the why alone", a.parts)
	}
	a = prepareAction(d, assess.Finding{Title: "T", Affected: []assess.Subject{{Kind: assess.SubjectVault, ID: "v", Name: "kv"}}}, 0)
	if len(a.parts) != 1 || a.parts[0].lines[0] != "Where: vault kv" || a.parts[0].ink != colMuted || a.parts[0].size != sizeSmall {
		t.Errorf("where alone: parts %+v", a.parts)
	}
}

func TestMut2TopFiveDrawn(t *testing.T) {
	m := &model{res: &assess.Result{}}
	if text := m2Drawn(t, func(d *doc) { topFive(d, m, nil) }); !strings.Contains(text, "Nothing could be scored yet") {
		t.Errorf("nothing scored:\n%s", text)
	}
	m.res.Overall.Scored = 1
	if text := m2Drawn(t, func(d *doc) { topFive(d, m, nil) }); !strings.Contains(text, "No open findings: every scored question is aligned") {
		t.Errorf("nothing open:\n%s", text)
	}
	m.open = []assess.Finding{
		{ID: "A", Title: "FIRST TITLE", Severity: assess.SevHigh, Do: "DO-A"},
		{ID: "B", Title: "SECOND TITLE", Severity: assess.SevLow, Why: "WHY-B"},
		{ID: "C", Title: "THIRD TITLE", Severity: assess.SevMedium},
	}
	m.actions = []assess.Action{{Due: "2026-12-27", DueReason: "key k expires"}, {Due: "2027-01-26", DueReason: "severity"}, {Due: "later"}}
	runs := m2Runs(t, func(d *doc) { topFive(d, m, m.open) })
	var all []string
	for _, r := range runs {
		all = append(all, r.text)
	}
	text := squash(strings.Join(all, " "))
	for _, want := range []string{"Top five actions", "1", "FIRST TITLE", "Action: DO-A", "2", "SECOND TITLE", "Why: WHY-B", "3", "THIRD TITLE", "by 27 Dec 2026", "by 26 Jan 2027"} {
		if !strings.Contains(text, want) {
			t.Errorf("top five lack %q\n%s", want, text)
		}
	}
	if strings.Contains(text, "later") || strings.Count(text, "by ") != 2 {
		t.Errorf("a due that is not a date is shown:\n%s", text)
	}
	if got, _ := m2ColorOf(runs, "by 27 Dec 2026"); got != m2RGB(colHigh) {
		t.Errorf("a key's date drawn in %s, want high", got)
	}
	if got, _ := m2ColorOf(runs, "by 26 Jan 2027"); got != m2RGB(colMuted) {
		t.Errorf("a roadmap date drawn in %s, want muted", got)
	}
}

func TestMut2SummaryBlocksDrawn(t *testing.T) {
	m := &model{res: &assess.Result{
		Grade:      assess.Grade{Letter: "C", Label: assess.GradeNeedsWork, Reason: "r", Provisional: true},
		Overall:    assess.Score{Value: ptr(64.0), Answered: 3, Total: 5},
		Counts:     assess.Counts{ToFix: assess.SeverityCounts{High: 11, Medium: 12, Low: 13}, Conflicts: 14, ToFindOut: assess.SeverityCounts{Low: 15}, AcceptedRisks: 1},
		Overdue:    []assess.OverdueFollowUp{{QuestionID: "Q-1", Owner: "Kim", FollowUp: "2026-11-20", DaysOverdue: 7}, {QuestionID: "Q-2", FollowUp: "2026-11-26", DaysOverdue: 1}},
		DataStates: []assess.Score{{ID: "at-rest", Title: "STATE-ONE", Value: ptr(55.0), Status: "Needs work", Scored: 3, Total: 5, Fail: 1}},
	}}
	runs := m2Runs(t, func(d *doc) { gradeBlock(d, m); kpiTiles(d, m); overdueSummary(d, m) })
	var all []string
	for _, r := range runs {
		all = append(all, r.text)
	}
	text := squash(strings.Join(all, " "))
	for _, want := range []string{
		"Grade C: Needs work (provisional)", "GRADE",
		"Overall score 64/100 · 3 of 5 questions answered · provisional until they are answered",
		"11", "high to fix", "12", "medium to fix", "13", "low to fix", "14", "conflicts with the tenant", "15", "to find out (not sure, open)", "accepted risk",
		"2 follow-ups overdue: Q-1 (Kim, due 2026-11-20, 7 days overdue); Q-2 (no owner named, due 2026-11-26, 1 day overdue).",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary blocks lack %q\n%s", want, text)
		}
	}
	if strings.Contains(text, "accepted risks") {
		t.Errorf("one accepted risk reads plural")
	}
	for s, c := range map[string]color{"11": colHigh, "12": colMedium, "13": colLow, "14": colAccent, "15": colUnsure, "1": colAccepted, "Grade C: Needs work (provisional)": colMedium, "2 follow-ups": colHigh} {
		if got, ok := m2ColorOf(runs, s); !ok || got != m2RGB(c) {
			t.Errorf("%q drawn in %q, want %s", s, got, m2RGB(c))
		}
	}

	// No letter, not provisional, nothing overdue.
	m.res.Grade = assess.Grade{Label: assess.GradeIncomplete}
	m.res.Overdue = nil
	m.res.Counts.AcceptedRisks = 2
	runs = m2Runs(t, func(d *doc) { gradeBlock(d, m); kpiTiles(d, m); overdueSummary(d, m) })
	all = all[:0]
	for _, r := range runs {
		all = append(all, strings.TrimSpace(r.text))
	}
	if all[0] != "-" {
		t.Errorf("the grade box without a letter shows %q, want -", all[0])
	}
	text = squash(strings.Join(all, " "))
	for _, want := range []string{"No grade yet: Incomplete", "accepted risks"} {
		if !strings.Contains(text, want) {
			t.Errorf("the ungraded blocks lack %q\n%s", want, text)
		}
	}
	if strings.Contains(text, "provisional") || strings.Contains(text, "overdue") {
		t.Errorf("the ungraded blocks say provisional or overdue:\n%s", text)
	}

	// The whole page: the data-state row and, with a diff, the change sentence.
	m.res.Grade = assess.Grade{Letter: "B", Label: assess.GradeNeedsWork}
	m.diff = &assess.Diff{OldGrade: assess.Grade{Letter: "C"}, NewGrade: assess.Grade{Letter: "B"}}
	text = m2Drawn(t, func(d *doc) { summary(d, m) })
	for _, want := range []string{"STATE-ONE", "3 of 5", "1 failing", "Since the previous assessment: grade C → B;", "Changes since the previous assessment"} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary page lacks %q\n%s", want, text)
		}
	}
	m.diff = nil
	if text = m2Drawn(t, func(d *doc) { summary(d, m) }); strings.Contains(text, "Since the previous") {
		t.Errorf("a change sentence without a diff")
	}
}

// m2FiveActions are five open findings with long texts, so the top five
// actions need shortening to fit a short page.
func m2FiveActions() *model {
	long := strings.Repeat("Turn on the protection and keep the evidence for the auditor. ", 5)
	m := &model{res: &assess.Result{Overall: assess.Score{Scored: 3}}}
	for i := 0; i < 5; i++ {
		m.open = append(m.open, assess.Finding{ID: fmt.Sprintf("F-%d", i), Title: fmt.Sprintf("Action title %d", i), Severity: assess.SevHigh, Do: long, Why: long,
			Affected: []assess.Subject{{Kind: assess.SubjectEnvironment, ID: "e", Name: "Prod"}}})
		m.actions = append(m.actions, assess.Action{Due: "2027-01-01"})
	}
	return m
}

// TestMut2TopFiveShortensToFit: at the top of a page the five actions are
// shown in full (where included); with 80 mm left only the shortest form
// fits (one line of action and of why, no where: 5 × 13.5 mm), and all five
// are still there.
func TestMut2TopFiveShortensToFit(t *testing.T) {
	m := m2FiveActions()
	text := m2Drawn(t, func(d *doc) { topFive(d, m, m.open) })
	if !strings.Contains(text, "Where: Prod") {
		t.Errorf("at the top of a page the actions are shortened:\n%s", text)
	}
	text = m2Drawn(t, func(d *doc) {
		d.setY(d.limit() - 80)
		topFive(d, m, m.open)
	})
	if strings.Contains(text, "Where:") {
		t.Errorf("with 80 mm left the actions keep their where:\n%s", text)
	}
	for i := 0; i < 5; i++ {
		if !strings.Contains(text, fmt.Sprintf("Action title %d", i)) {
			t.Errorf("with 80 mm left action %d is missing", i)
		}
	}
}

// TestMut2ChartsMoveAfterTheActions: the charts come before the top five
// actions unless that would push the actions off the page.
func TestMut2ChartsMoveAfterTheActions(t *testing.T) {
	for _, c := range []struct {
		states, actions int
		chartsFirst     bool
	}{{1, 5, true}, {25, 5, false}, {30, 1, false}} {
		m := m2FiveActions()
		m.open, m.actions = m.open[:c.actions], m.actions[:c.actions]
		for i := 0; i < c.states; i++ {
			m.res.DataStates = append(m.res.DataStates, assess.Score{ID: fmt.Sprintf("s%d", i), Title: fmt.Sprintf("State %d", i), Status: "Needs work"})
		}
		text := m2Drawn(t, func(d *doc) { summary(d, m) })
		charts, actions := strings.Index(text, "Findings to fix by severity"), strings.Index(text, "Top five actions")
		if charts < 0 || actions < 0 {
			t.Fatalf("%d states: charts at %d, actions at %d", c.states, charts, actions)
		}
		if got := charts < actions; got != c.chartsFirst {
			t.Errorf("%d data states: charts before the actions %v, want %v", c.states, got, c.chartsFirst)
		}
	}
}

// TestMut2ChartsStayFirstWithNothingOpen: with no open finding there is
// nothing to keep on the page, so the charts stay first even when the page
// is nearly full (30 data-state rows end it about 40 mm above the bottom).
func TestMut2ChartsStayFirstWithNothingOpen(t *testing.T) {
	m := &model{res: &assess.Result{Overall: assess.Score{Scored: 1}}}
	for i := 0; i < 30; i++ {
		m.res.DataStates = append(m.res.DataStates, assess.Score{ID: fmt.Sprintf("s%d", i), Title: fmt.Sprintf("State %d", i), Status: "Aligned"})
	}
	text := m2Drawn(t, func(d *doc) { summary(d, m) })
	charts, actions := strings.Index(text, "Findings to fix by severity"), strings.Index(text, "Top five actions")
	if charts < 0 || actions < 0 || charts > actions {
		t.Errorf("nothing open: charts at %d, the top five at %d; want the charts first", charts, actions)
	}
	if !strings.Contains(text, "No open findings: every scored question is aligned") {
		t.Errorf("nothing open: no sentence saying so")
	}
}
