package report

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/ppwaf/se06/assess"
)

// acceptedRisks lists each risk acceptance with its justification, approver
// and expiry; expired ones are flagged, as their findings are open again.
func acceptedRisks(d *doc, m *model) {
	accs := m.res.Accepted
	d.h1Flow("Accepted risks", 30+14*float64(len(accs)))
	if len(accs) == 0 {
		d.para("No risk was accepted. An acceptance records a decision to live with a finding until a date, with a justification and an approver; add one in the assessment file when that is the decision.", body())
		return
	}
	c := m.res.Counts
	intro := fmt.Sprintf("%d risk %s recorded; %d %s in force (the accepted risks of page 2).", len(accs), plural(len(accs), "acceptance is", "acceptances are"), c.AcceptedRisks, plural(c.AcceptedRisks, "is", "are"))
	if expired := c.ExpiredRisks; expired > 0 {
		intro += fmt.Sprintf(" %d %s expired: %s open again and listed with the recommendations.", expired, plural(expired, "has", "have"), plural(expired, "its finding is", "their findings are"))
	}
	if n := c.UnmatchedRisks; n > 0 {
		intro += fmt.Sprintf(" %d no longer %s an open finding and can be retired.", n, plural(n, "matches", "match"))
	}
	d.para(intro, body())
	var rows [][]cell
	for _, a := range accs {
		title := a.FindingID
		if f, ok := m.res.Finding(a.FindingID); ok {
			title += "\n" + f.Title
		}
		if a.Environment != "" {
			title += "\nEnvironment: " + envLabel(m.facts, a.Environment)
		}
		just := a.Justification
		if a.Compensating != "" {
			just += "\nCompensating control: " + a.Compensating
		}
		rows = append(rows, []cell{
			{text: title, bold: true},
			txt(just),
			txt(a.Approver),
			txt(a.Expires),
			acceptanceStatus(a),
		})
	}
	d.table([]column{{"Finding", 3.4, ""}, {"Justification", 4.6, ""}, {"Approver", 1.8, ""}, {"Expires", 1.6, ""}, {"Status", 1.8, ""}}, rows)
}

func acceptanceStatus(a assess.AcceptanceStatus) cell {
	switch {
	case a.Expired:
		return pillCell("EXPIRED", colHigh)
	case !a.Matched:
		return cell{text: "Active; no open finding (can be retired)", color: colMuted}
	}
	return pillCell("Active", colAccepted)
}

func envLabel(f *assess.Facts, id string) string {
	if e, ok := f.Environment(id); ok {
		return cmp.Or(e.Name, id)
	}
	return id
}

// changes shows what changed since the previous assessment.
func changes(d *doc, m *model) {
	diff := m.diff
	d.h1("Changes since the previous assessment")
	d.para(fmt.Sprintf("%s Grade %s (%s) then, %s (%s) now; %d open %s unchanged. A finding that replaced another of the same question and subject is shown as worsened or improved, not as one new and one resolved.",
		changeSentence(diff), diff.OldGrade.Letter, diff.OldGrade.Label, diff.NewGrade.Letter, diff.NewGrade.Label,
		diff.Unchanged, plural(diff.Unchanged, "finding is", "findings are")), body())

	// Sections and data states share titles ("Data in transit"), so each has its table.
	isState := map[string]bool{}
	for _, s := range m.res.DataStates {
		isState[s.ID] = true
	}
	var secRows, stateRows [][]cell
	for i, s := range diff.Scores {
		delta := txt("")
		if s.Delta != nil {
			c := colMuted
			text := fmt.Sprintf("%+.0f", *s.Delta)
			if text == "+0" || text == "-0" {
				text = "0"
			}
			if *s.Delta >= 0.5 {
				c = colPass
			} else if *s.Delta <= -0.5 {
				c = colHigh
			}
			delta = colored(text, c)
			if s.Note != "" {
				delta.text += "\n" + s.Note
			}
		}
		title := txt(s.Title)
		if i == 0 {
			title.bold = true // the overall score comes first
		}
		row := []cell{title, txt(scoreText(s.Old)), txt(scoreText(s.New)), delta}
		if isState[s.ID] {
			stateRows = append(stateRows, row)
		} else {
			secRows = append(secRows, row)
		}
	}
	d.h2("Scores by section")
	d.table([]column{{"Section", 4.5, ""}, {"Before", 1.1, "R"}, {"Now", 1.1, "R"}, {"Change", 3, "R"}}, secRows)
	if len(stateRows) > 0 {
		d.h2("Scores by data state")
		d.table([]column{{"Data state", 4.5, ""}, {"Before", 1.1, "R"}, {"Now", 1.1, "R"}, {"Change", 3, "R"}}, stateRows)
	}

	// heading titles one list of changes with its count; an empty list says
	// so under a heading kept with its sentence, and reports false.
	heading := func(title string, n int, empty string) bool {
		if n == 0 {
			d.h2Keep(fmt.Sprintf("%s (0)", title), 8)
			d.para(empty, muted())
			return false
		}
		d.h2(fmt.Sprintf("%s (%d)", title, n))
		return true
	}
	list := func(title string, fs []assess.Finding, empty string) {
		if !heading(title, len(fs), empty) {
			return
		}
		var rows [][]cell
		for _, f := range fs {
			rows = append(rows, []cell{pillCell(severityLabel(f.Severity), severityColor(f.Severity)), {text: f.ID, mono: true}, txt(f.Title), txt(where(f, 6))})
		}
		d.table([]column{{"Severity", 1.3, ""}, {"ID", 3.4, ""}, {"Finding", 4.6, ""}, {"Affected", 3.1, ""}}, rows)
	}
	pairs := func(title string, cs []assess.FindingChange, empty string) {
		if !heading(title, len(cs), empty) {
			return
		}
		var rows [][]cell
		for _, c := range cs {
			rows = append(rows, []cell{pillCell(severityLabel(c.New.Severity), severityColor(c.New.Severity)), {text: c.New.ID, mono: true}, txt(c.New.Title), txt(strings.Join(c.What, "\n"))})
		}
		d.table([]column{{"Severity", 1.3, ""}, {"ID", 3.2, ""}, {"Finding", 3.9, ""}, {"What changed", 4, ""}}, rows)
	}
	list("New findings", diff.Added, "No new findings.")
	pairs("Worsened findings", diff.Worsened, "No finding got worse.")
	pairs("Improved findings", diff.Improved, "No open finding got better.")
	list("Resolved findings", diff.Resolved, "No findings were resolved.")
	pairs("Changed findings", diff.Changed, "No other open finding changed.")

	if heading("Changed answers", len(diff.Answers), "No answer changed.") {
		var rows [][]cell
		for _, a := range diff.Answers {
			rows = append(rows, []cell{{text: a.QuestionID, mono: true}, txt(cmp.Or(a.Short, m.prompt(a.QuestionID))), txt(a.OldText), txt(a.NewText)})
		}
		d.table([]column{{"ID", 1.4, ""}, {"Question", 3.6, ""}, {"Before", 3.7, ""}, {"Now", 3.7, ""}}, rows)
	}
	conflicts := func(title string, cs []assess.Conflict, empty string) {
		if !heading(title, len(cs), empty) {
			return
		}
		var rows [][]cell
		for _, c := range cs {
			rows = append(rows, []cell{txt(c.QuestionID), txt(c.AnswerText), txt(c.TenantText + "\n" + c.Summary)})
		}
		d.table([]column{{"ID", 1.4, ""}, {"Answered", 4.2, ""}, {"The tenant shows", 6.8, ""}}, rows)
	}
	conflicts("New conflicts with the tenant", diff.NewConflicts, "No new conflict with the tenant.")
	conflicts("Resolved conflicts", diff.ResolvedConflicts, "No conflict was resolved.")
	bankChanges(d, diff.Bank)
}

// bankChanges lists, when the two assessments were evaluated with different
// question bank versions, the bank's changes to findings open in either:
// those differences come from the bank, not from the tenant or the answers.
func bankChanges(d *doc, b *assess.BankDiff) {
	if b == nil {
		return
	}
	title := fmt.Sprintf("Changes in the question bank, %s to %s (%d)", b.OldVersion, b.NewVersion, len(b.Affecting))
	intro := "The two assessments were evaluated with different versions of the question bank. These findings changed because the bank changed (a new or revised rule, severity or wording), not because of the tenant or the answers."
	if !b.Known {
		intro += fmt.Sprintf(" The bank's history does not reach back to %s, so this list may be incomplete.", b.OldVersion)
	}
	if b.Other > 0 {
		intro += fmt.Sprintf(" %d more %s findings open in neither assessment.", b.Other, plural(b.Other, "change concerns", "changes concern"))
	}
	var rows [][]cell
	for _, c := range b.Affecting {
		rows = append(rows, []cell{{text: c.Version, mono: true}, {text: c.Finding, mono: true}, txt(c.Change)})
	}
	cols := []column{{"Bank version", 1.4, ""}, {"Finding", 3, ""}, {"What the bank changed", 8, ""}}
	d.h2Keep(title, d.paraH(intro, body())+d.tableKeep(tableOpts{}, cols, rows))
	d.para(intro, body())
	if len(rows) == 0 {
		d.para("No change of the bank concerns a finding open in either assessment.", muted())
		return
	}
	d.table(cols, rows)
}
