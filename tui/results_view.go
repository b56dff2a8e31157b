package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/ppwaf/se06/assess"
)

func (r *resultsModel) view(m *Model, width, height int) string {
	st, s := m.st, m.sess
	if s == nil || s.result == nil {
		return ""
	}
	var tabs []string
	for t := range tabCount {
		label := fmt.Sprintf("%d %s", t+1, t.title())
		switch t {
		case tabFindings:
			label += fmt.Sprintf(" (%d)", s.result.Counts.Open.Total())
		case tabConflicts:
			label += fmt.Sprintf(" (%d)", s.result.Counts.Conflicts)
		case tabAccepted:
			c := s.result.Counts
			if c.ExpiredRisks > 0 {
				label += fmt.Sprintf(" (%d, %d expired)", c.AcceptedRisks, c.ExpiredRisks)
			} else {
				label += fmt.Sprintf(" (%d)", c.AcceptedRisks)
			}
		}
		if t == r.tab {
			tabs = append(tabs, st.TabActive.Render(label))
		} else {
			tabs = append(tabs, st.Tab.Render(label))
		}
	}
	head := " " + clip(strings.Join(tabs, " "), width-2)
	bodyH := height - 2
	var body []string
	switch r.tab {
	case tabOverview:
		body = r.overview(m, width, bodyH)
	case tabSections:
		body = scoreTable(st, "Score per section", s.result.Sections, width, s.result)
	case tabFindings:
		body = r.findings(m, width, bodyH)
	case tabConflicts:
		body = r.conflicts(m, width, bodyH)
	case tabAccepted:
		body = r.accepted(m, width, bodyH)
	}
	out := head + "\n\n" + strings.Join(fitLines(body, bodyH), "\n")
	if r.form.active {
		out = overlay(out, r.formView(m, width), width, height)
	}
	return out
}

func (r *resultsModel) overview(m *Model, width, height int) []string {
	st, res := m.st, m.sess.result
	g := res.Grade
	score := "no score yet"
	if res.Overall.Value != nil {
		score = fmt.Sprintf("%.0f/100", *res.Overall.Value)
	}
	c := res.Counts
	// Every figure stays in view at 80 columns: the parts wrap, never cut.
	w := width - 14
	sep := st.Muted.Render(" · ")
	right := flow([]string{st.Prompt.Render(g.Label), st.Muted.Render("score " + score)}, sep, w)
	if qc := res.Overall.QuestionCounts(); lipgloss.Width(right[len(right)-1])+3+lipgloss.Width(qc) <= w {
		right[len(right)-1] += sep + st.Muted.Render(qc)
	} else {
		for _, l := range lines(qc, w) {
			right = append(right, st.Muted.Render(l))
		}
	}
	head := len(right)
	right = append(right, flow([]string{
		st.Bad.Render(fmt.Sprintf("%d high", c.ToFix.High)),
		st.Warn.Render(fmt.Sprintf("%d medium", c.ToFix.Medium)),
		st.Text.Render(fmt.Sprintf("%d low", c.ToFix.Low)) + st.Muted.Render(" to fix"),
		st.Text.Render(fmt.Sprintf("%d to find out", c.ToFindOut.Total())),
		st.Text.Render(fmt.Sprintf("%d %s with the tenant", c.Conflicts, plural(c.Conflicts, "conflict", "conflicts"))),
		st.Text.Render(fmt.Sprintf("%d %s", c.AcceptedRisks, plural(c.AcceptedRisks, "accepted risk", "accepted risks"))),
	}, sep, w)...)
	// The grade's sentence (what capped it, whether it is provisional) wraps
	// under the label rather than being cut.
	summary := atMost(lines(g.Summary, width-14), 2, width-14)
	for i, l := range summary {
		summary[i] = st.Text.Render(l)
	}
	right = append(right[:head], append(summary, right[head:]...)...)
	if late := m.sess.overdueFollowUps(); len(late) > 0 {
		right = append(right, st.Bad.Render(clip(fmt.Sprintf("%d %s overdue: %s", len(late), plural(len(late), "follow-up", "follow-ups"), strings.Join(late, ", ")), width-12)))
	}
	gradeBox := strings.Split(st.Grade.Padding(1, 3).Render(g.Letter), "\n")
	out := joinColumns(indentLines(gradeBox, " "), 9, "  ", right)
	out = append(out, "")
	out = append(out, scoreTable(st, "Score per data state", res.DataStates, width, res)...)
	files := r.filesLines(m, width)
	// Sections and top findings, as room allows.
	if sec := scoreTable(st, "Score per section", res.Sections, width, res); height-len(out)-len(files)-len(sec)-4 >= 3 {
		out = append(out, "")
		out = append(out, sec...)
	}
	room := height - len(out) - len(files) - 2 - 2
	if room > 0 && len(r.openList) > 0 {
		// The heading only with at least one finding under it.
		var top []string
		cols := findingColumns(r.openList, width)
		for _, f := range r.openList {
			fl := findingLines(st, f, false, cols, width)
			if len(fl) > room {
				break
			}
			top = append(top, fl...)
			room -= len(fl)
		}
		if len(top) > 0 {
			out = append(append(out, "", " "+st.Section.Render("Top findings")), top...)
		}
	}
	out = append(out, "")
	out = append(out, files...)
	return out
}

func indentLines(ls []string, pre string) []string {
	for i := range ls {
		ls[i] = pre + ls[i]
	}
	return ls
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// filesLines shows the report files being written and their paths.
func (r *resultsModel) filesLines(m *Model, width int) []string {
	st := m.st
	if !r.writing && len(r.written) == 0 {
		return []string{" " + st.Muted.Render("Press ") + st.Key.Render("w") + st.Muted.Render(" to write the PDF, JSON and CSV reports next to the assessment file.")}
	}
	out := []string{" " + st.Section.Render(fmt.Sprintf("Reports (%d of %d)", len(r.written), len(r.reports)))}
	for i, rf := range r.reports {
		switch {
		case i < len(r.written) && r.written[i].err != nil:
			out = append(out, "  "+st.Bad.Render("✗ "+clip(r.written[i].err.Error(), width-6)))
		case i < len(r.written):
			out = append(out, "  "+st.Good.Render("✓ ")+st.Text.Render(fmt.Sprintf("%-4s ", rf.Name))+st.Link.Render(clip(r.written[i].path, width-12)))
		case i == len(r.written) && r.writing:
			out = append(out, "  "+st.Tenant.Render(strings.TrimSpace(r.spin.View()))+st.Text.Render(" writing "+rf.Name+"…"))
		default:
			out = append(out, "  "+st.Muted.Render("· "+rf.Name))
		}
	}
	return out
}

// scoreTable draws scores with bars.
// scoreTable draws scores with bars. Both tables of the results (data
// states and sections) share their column widths, taken from res.
func scoreTable(st Styles, title string, scores []assess.Score, width int, res *assess.Result) []string {
	out := []string{" " + st.Section.Render(title)}
	longest, countsW := 0, 0
	for _, sc := range append(slices.Clone(res.DataStates), res.Sections...) {
		longest = max(longest, lipgloss.Width(sc.Title))
		countsW = max(countsW, lipgloss.Width(scoreCounts(sc)))
	}
	// title, bar, value (5), gap (2), status (15): the bar keeps 10 cells
	titleW := min(40, longest, width-30-10)
	barW := max(10, width-titleW-30)
	if width >= 110 {
		titleW = min(40, longest, width/3)
		// and the counts after the status
		barW = max(10, min(width-titleW-30-30, width-2-titleW-1-5-2-15-countsW-1))
	}
	for _, sc := range scores {
		val, n := "  n/a", 0
		if sc.Value != nil {
			val, n = fmt.Sprintf("%5.0f", *sc.Value), int(*sc.Value)
		}
		status := sc.Status
		style := st.Muted
		switch status {
		case "Aligned":
			style = st.Good
		case "Needs work":
			style = st.Warn
		case "At risk":
			style = st.Bad
		}
		line := "  " + padRight(st.Text.Render(clip(sc.Title, titleW)), titleW) + " " + st.bar(n, 100, barW) + st.Text.Render(val) + "  " + padRight(style.Render(status), 15)
		if counts := scoreCounts(sc); width >= 110 && counts != "" {
			line += st.Muted.Render(clip(counts, width-lipgloss.Width(line)-1))
		}
		out = append(out, line)
	}
	return out
}

// scoreCounts says what a score is made of: "2 fail · 1 warn · 3 not sure".
func scoreCounts(sc assess.Score) string {
	var parts []string
	add := func(n int, label string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, label))
		}
	}
	add(sc.Fail, "fail")
	add(sc.Warn, "warn")
	add(sc.NotSure, "not sure")
	add(sc.Skipped, "skipped")
	add(sc.NotVerified, "not verified")
	add(sc.Open, "open")
	add(sc.Pass, "pass")
	add(sc.Accepted, "accepted")
	return strings.Join(parts, " · ")
}

// findingCols are the column widths of a list of findings, so that
// severities, states, IDs and titles line up.
type findingCols struct {
	state, id int
	// short shows the question ID instead of the finding ID, when the
	// full IDs would leave the titles too little room.
	short bool
}

// findingPrefix is the width of " › HIGH   " before the state column.
const findingPrefix = 1 + 2 + 6 + 1

func findingColumns(fs []assess.Finding, width int) findingCols {
	var c findingCols
	for _, f := range fs {
		c.state = max(c.state, len(f.StatusLabel()))
		c.id = max(c.id, len(f.ID))
	}
	if width-findingPrefix-c.state-1-c.id-2 < 40 {
		c.short, c.id = true, 0
		for _, f := range fs {
			c.id = max(c.id, len(findingShortID(f)))
		}
	}
	return c
}

func findingShortID(f assess.Finding) string {
	if f.QuestionID != "" {
		return f.QuestionID
	}
	id, _, _ := strings.Cut(f.ID, ".")
	return id
}

// findingLines draws a finding as aligned columns; a long title wraps
// under itself.
func findingLines(st Styles, f assess.Finding, cur bool, c findingCols, width int) []string {
	sev := fmt.Sprintf("%-6s", strings.ToUpper(string(f.Severity)))
	state := padRight(f.StatusLabel(), c.state)
	id := f.ID
	if c.short {
		id = findingShortID(f)
	}
	id = padRight(id, c.id)
	prefix := "  "
	if cur {
		prefix = "› "
	}
	indent := findingPrefix + c.state + 1 + c.id + 2
	title := lines(f.Title, max(10, width-indent-1))
	var out []string
	if cur {
		out = append(out, " "+st.Cursor.Render(prefix+sev+" "+state+" "+id+"  "+title[0]))
	} else {
		sevStyle := st.Muted
		switch f.Severity {
		case assess.SevHigh:
			sevStyle = st.Bad
		case assess.SevMedium:
			sevStyle = st.Warn
		}
		out = append(out, " "+prefix+sevStyle.Render(sev)+" "+st.stateStyle(string(f.State)).Render(state)+" "+st.QID.Render(id)+"  "+st.Text.Render(title[0]))
	}
	for _, l := range title[1:] {
		if cur {
			l = st.Cursor.Render(l)
		} else {
			l = st.Text.Render(l)
		}
		out = append(out, strings.Repeat(" ", indent)+l)
	}
	return out
}

func (r *resultsModel) findings(m *Model, width, height int) []string {
	st := m.st
	if len(r.openList) == 0 {
		return []string{" " + st.Good.Render("No open findings.")}
	}
	cols := findingColumns(r.openList, width)
	blocks := make([][]string, len(r.openList))
	for i, f := range r.openList {
		blocks[i] = findingLines(st, f, i == r.cursor, cols, width)
	}
	f := r.openList[r.cursor]
	detail := []string{" " + st.Muted.Render(strings.Repeat("─", width-2))}
	detail = append(detail, " "+st.QID.Render(f.ID)+st.Muted.Render(" · "+string(f.Severity)+" severity · "+f.StatusLabel()))
	var parts []string
	if f.Do != "" {
		parts = append(parts, st.Prompt.Render("Do: ")+st.Text.Render(f.Do))
	}
	if f.Why != "" {
		parts = append(parts, st.Muted.Render("Why: "+f.Why))
	}
	if len(f.Affected) > 0 {
		// assess marks the environments whose risk is accepted for this finding.
		const maxNames = 12
		var names []string
		for i, a := range f.Affected {
			if i == maxNames {
				names = append(names, fmt.Sprintf("…and %d more (the reports list them all)", len(f.Affected)-maxNames))
				break
			}
			name := a.Name
			if a.Accepted {
				name += " (risk accepted)"
			}
			names = append(names, name)
		}
		parts = append(parts, st.Tenant.Render("Affects: "+strings.Join(names, ", ")))
	}
	if f.Reason != "" {
		parts = append(parts, st.Muted.Render("Reason: "+f.Reason))
	}
	for _, d := range parts {
		for _, l := range strings.Split(lipgloss.NewStyle().Width(width-2).Render(d), "\n") {
			detail = append(detail, " "+l)
		}
	}
	detail = append(detail, "", " "+st.Key.Render("a")+st.Muted.Render(" accept this risk · ")+st.Key.Render("enter")+st.Muted.Render(" edit the answer"))
	listH := max(min(countLines(blocks), height/2), height-len(detail))
	out := scrollBlocks(st, blocks, r.cursor, max(3, listH), "   ")
	out = append(out, detail...)
	return out
}

func (r *resultsModel) conflicts(m *Model, width, height int) []string {
	st, res := m.st, m.sess.result
	if len(res.Conflicts) == 0 {
		msg := "No conflicts: the answers agree with the tenant."
		if m.sess.asm.Facts == nil {
			msg = "No tenant facts, so nothing to compare the answers with."
		}
		return []string{" " + st.Good.Render(msg)}
	}
	var out []string
	selStart, selEnd := 0, 0
	for i, c := range res.Conflicts {
		cur := i == r.cursor
		if cur {
			selStart = len(out)
		}
		prefix := "  "
		if cur {
			prefix = "› "
		}
		tstyle := st.Prompt
		if cur {
			tstyle = st.Cursor
		}
		for _, l := range atMost(hang(prefix+fmt.Sprintf("%-6s ", c.QuestionID), c.Prompt, width-2), 2, width-2) {
			out = append(out, " "+tstyle.Render(l))
		}
		for _, l := range atMost(hang("Answered:     ", c.AnswerText, width-6), 2, width-6) {
			out = append(out, "     "+st.Text.Render(l))
		}
		tenantLabel := "Tenant shows: "
		if len(c.Tenant) == 0 {
			tenantLabel = "Tenant:       " // "rules out “X”"
		}
		for _, l := range atMost(hang(tenantLabel, c.TenantText, width-6), 2, width-6) {
			out = append(out, "     "+st.Bad.Render(l))
		}
		sum := lines(c.Summary, width-8)
		for _, l := range sum[:min(2, len(sum))] {
			out = append(out, "     "+st.Muted.Render(l))
		}
		if cur {
			selEnd = len(out)
		}
		out = append(out, "")
	}
	hint := " " + st.Key.Render("enter") + st.Muted.Render(" edit the answer")
	height-- // the hint stays below the list
	// Scroll so the selected conflict is in view.
	start := 0
	if selEnd > height {
		start = min(selStart, selEnd-height)
	}
	out = out[start:]
	return append(fitLines(out, min(len(out), height)), hint)
}

func (r *resultsModel) accepted(m *Model, width, height int) []string {
	st, s := m.st, m.sess
	if len(s.asm.Acceptances) == 0 {
		return []string{" " + st.Muted.Render("No risk is accepted. On the Findings tab, press a on a finding to accept its risk.")}
	}
	status := map[string]assess.AcceptanceStatus{}
	for _, a := range s.result.Accepted {
		status[a.FindingID+"|"+a.Environment] = a
	}
	var blocks [][]string
	for i, a := range s.asm.Acceptances {
		as := status[a.FindingID+"|"+a.Environment]
		state, style := "active", st.Good
		switch {
		case as.Expired:
			state, style = "EXPIRED — the finding is open again", st.Bad
		case !as.Matched:
			state, style = "no open finding (fixed?)", st.Muted
		}
		prefix := "  "
		if i == r.cursor {
			prefix = "› "
		}
		f, _ := s.result.Finding(a.FindingID)
		where := "the whole finding"
		switch {
		case a.Environment != "":
			where = environmentName(f, a.Environment)
		case len(affectedEnvironments(f)) > 0:
			where = "all environments"
		}
		line := clip(prefix+a.FindingID+" · "+where, width-2)
		if i == r.cursor {
			line = st.Cursor.Render(line)
		} else {
			line = st.Text.Render(line)
		}
		block := []string{" " + line}
		block = append(block, "     "+style.Render(state)+st.Muted.Render(clip(" · until "+a.Expires, width-6-lipgloss.Width(state))))
		// every field of the acceptance, wrapped, never cut
		for _, fl := range [][2]string{{"Approved by ", a.Approver}, {"Why ", a.Justification}, {"Meanwhile ", orDefault(a.Compensating, "no compensating control recorded")}} {
			for _, l := range hang(fl[0], fl[1], width-6) {
				block = append(block, "     "+st.Muted.Render(l))
			}
		}
		blocks = append(blocks, block)
	}
	out := scrollBlocks(st, blocks, r.cursor, max(3, height-2), "   ")
	out = append(out, "", " "+st.Key.Render("enter")+st.Muted.Render(" edit the selected acceptance · ")+st.Key.Render("x")+st.Muted.Render(" withdraw it"))
	return out
}
