package report

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/ppwaf/se06/assess"
)

// summary is page one after the cover: the grade, the counts, the status per
// data state, two charts and the five things to do first.
func summary(d *doc, m *model) {
	d.h1("Executive summary")
	gradeBlock(d, m)
	kpiTiles(d, m)
	overdueSummary(d, m)
	if m.diff != nil {
		d.para(changeSentence(m.diff)+" The changes are listed under \"Changes since the previous assessment\".", body())
	}

	d.h2("Status per data state")
	var rows [][]cell
	for _, s := range m.res.DataStates {
		rows = append(rows, []cell{
			{text: s.Title, bold: true},
			txt(scoreText(s.Value)),
			pillCell(s.Status, statusColor(s.Status)),
			txt(fmt.Sprintf("%d of %d", s.Scored, s.Total)),
			txt(openSummary(s)),
		})
	}
	d.tableOpts(tableOpts{padY: 0.7}, []column{{"Data state", 3, ""}, {"Score", 1.2, "R"}, {"Status", 2, ""}, {"Questions scored", 2, "R"}, {"Questions open or failing", 4.5, ""}}, rows)

	// The five actions belong on this page: when they would not fit below
	// the charts even shortened (a compare adds its sentence), the charts
	// follow them instead.
	top := m.topActions(5)
	chartsLast := false
	if len(top) > 0 {
		shortest := 0.0
		for _, f := range top {
			shortest += prepareAction(d, f, len(actionLevels())-1).height()
		}
		chartsLast = d.y()+chartsH(m)+lineH(sizeH2)+6+shortest > d.limit()
	}
	if !chartsLast {
		charts(d, m)
	}
	topFive(d, m, top)
	if chartsLast {
		charts(d, m)
	}
}

// topFive draws the top five actions, shortened only as far as the page needs.
func topFive(d *doc, m *model, top []assess.Finding) {
	d.h2("Top five actions")
	switch {
	case len(top) == 0 && m.res.Overall.Scored == 0:
		d.para("Nothing could be scored yet: answer the questions (or read the tenant) and render the report again.", body())
		return
	case len(top) == 0:
		d.para("No open findings: every scored question is aligned with SE:06, or accepted.", body())
		return
	}
	// The five actions belong on this page: when they do not fit in full,
	// they are shortened step by step, only as far as the page needs, each
	// cut after a whole word.
	var items []action
	for level := range actionLevels() {
		items = items[:0]
		total := 0.0
		for i, f := range top {
			a := prepareAction(d, f, level)
			a.due = m.actions[i].Due
			if strings.HasPrefix(m.actions[i].DueReason, "key ") {
				a.dueKey = true
			}
			items = append(items, a)
			total += a.height()
		}
		if d.y()+d.pendingH()+total <= d.limit() {
			break
		}
	}
	for i, a := range items {
		actionItem(d, i+1, a)
	}
}

func openSummary(s assess.Score) string {
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(s.Fail, "failing")
	add(s.Warn, "warning")
	add(s.NotSure, "not sure")
	add(s.Skipped, "skipped")
	add(s.NotVerified, "not verified")
	add(s.Open, "open")
	add(s.Accepted, "accepted")
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func gradeBlock(d *doc, m *model) {
	p := d.pdf
	y := d.y()
	g := m.res.Grade
	letter := d.san.line(g.Letter)
	if letter == "" {
		letter = "-"
	}
	d.fillColor(gradeColor(g.Letter))
	p.RoundedRect(marginX, y, 24, 24, 2.5, "1234", "F")
	d.font(true, 34)
	d.textColor(colWhite)
	p.SetXY(marginX, y+2.5)
	p.CellFormat(24, 15, d.fit(letter, 22), "", 0, "C", false, 0, "")
	d.font(false, 7)
	p.SetXY(marginX, y+17.5)
	p.CellFormat(24, 4, "GRADE", "", 0, "C", false, 0, "")

	x := marginX + 30
	w := d.contentW() - 30
	d.font(true, 15)
	d.textColor(gradeColor(g.Letter))
	p.SetXY(x, y)
	p.CellFormat(w, 7, d.fit(d.san.line(gradeTitle(g)), w), "", 0, "L", false, 0, "")
	// Beside the grade: the written summary (which gives the reason), then the figures.
	d.font(false, sizeBody-0.3)
	d.textColor(colInk)
	ly := y + 8
	lh := lineH(sizeBody - 0.3)
	for _, line := range d.clip(d.wrap(d.san.line(executiveSummaryText(m)), w), 7, w) {
		p.SetXY(x, ly)
		p.CellFormat(w, lh, line, "", 0, "L", false, 0, "")
		ly += lh
	}
	o := m.res.Overall
	d.font(false, 9)
	d.textColor(colMuted)
	ly = max(ly+0.8, y+18.5)
	line := fmt.Sprintf("Overall score %s · %s", outOf100(o.Value), o.QuestionCounts())
	if g.Provisional {
		line += " · provisional until they are answered"
	}
	for _, l := range d.clip(d.wrap(d.san.line(line), w), 2, w) {
		p.SetXY(x, ly)
		p.CellFormat(w, 4.2, l, "", 0, "L", false, 0, "")
		ly += 4.2
	}
	d.setY(max(y+27, ly+2.8))
}

// kpiTiles draws a row of counts, all from Result.Counts: findings to fix by
// severity, conflicts, findings to find out, accepted risks.
func kpiTiles(d *doc, m *model) {
	c := m.res.Counts
	tiles := []struct {
		n     int
		label string
		c     color
	}{
		{c.ToFix.High, "high to fix", colHigh},
		{c.ToFix.Medium, "medium to fix", colMedium},
		{c.ToFix.Low, "low to fix", colLow},
		{c.Conflicts, "conflicts with the tenant", colAccent},
		{c.ToFindOut.Total(), "to find out (not sure, open)", colUnsure},
		{c.AcceptedRisks, plural(c.AcceptedRisks, "accepted risk", "accepted risks"), colAccepted},
	}
	p := d.pdf
	gap := 2.5
	tw := (d.contentW() - gap*float64(len(tiles)-1)) / float64(len(tiles))
	th := 13.0
	d.ensure(th + 2)
	y := d.y()
	for i, t := range tiles {
		x := marginX + float64(i)*(tw+gap)
		d.fillColor(colZebra)
		p.RoundedRect(x, y, tw, th, 1.5, "1234", "F")
		d.fillColor(t.c)
		p.Rect(x, y+2, 1.2, th-4, "F")
		d.font(true, 16)
		d.textColor(t.c)
		p.SetXY(x+3, y+1.2)
		p.CellFormat(tw-4, 7, fmt.Sprint(t.n), "", 0, "L", false, 0, "")
		d.font(false, 7.2)
		d.textColor(colMuted)
		for j, line := range d.clip(d.wrap(t.label, tw-5), 2, tw-5) {
			p.SetXY(x+3, y+7.6+float64(j)*3.0)
			p.CellFormat(tw-5, 3.0, line, "", 0, "L", false, 0, "")
		}
	}
	d.setY(y + th + 2)
}

// action is one of the top actions, wrapped and ready to draw.
type action struct {
	f      assess.Finding
	title  []string
	parts  []actionPart
	due    string // YYYY-MM-DD
	dueKey bool   // a key's expiry sets the date
}

// actionLevels are the lines allowed for the action, why and where, from
// the full text to the shortest. Every level keeps a line of why: an action
// without its reason is not one a reader can weigh.
func actionLevels() [][3]int {
	return [][3]int{{2, 3, 3}, {2, 2, 2}, {2, 2, 1}, {2, 1, 1}, {2, 2, 0}, {2, 1, 0}, {1, 1, 0}}
}

type actionPart struct {
	lines []string
	size  float64
	ink   color
}

func (a action) height() float64 {
	h := float64(len(a.title))*lineH(sizeBody) + 1.6
	for _, pt := range a.parts {
		h += float64(len(pt.lines)) * lineH(pt.size)
	}
	return max(h, 9) // room for the badge and the date below it
}

// prepareAction wraps a top action's title, what to do, why it matters and
// where; the higher the level, the shorter (0: two lines each for why and
// where, 1: one line each, 2: where left out).
func prepareAction(d *doc, f assess.Finding, level int) action {
	lv := actionLevels()[level]
	w := d.contentW() - 24
	d.font(true, sizeBody)
	a := action{f: f, title: d.clip(d.wrap(d.san.line(f.Title), w), 2, w)}
	add := func(label, text string, lines int, size float64, ink color) {
		if text == "" || lines == 0 {
			return
		}
		d.font(false, size)
		a.parts = append(a.parts, actionPart{d.clip(d.wrap(d.san.line(label+text), w), lines, w), size, ink})
	}
	add("Action: ", f.Do, lv[0], sizeSmall+0.5, colInk)
	add("Why: ", f.Why, lv[1], sizeSmall+0.5, colInk)
	if lv[2] > 0 {
		add("Where: ", where(f, 4), lv[2], sizeSmall, colMuted)
	}
	return a
}

// actionItem draws a top action: number, severity, title, what to do, why
// it matters and where.
func actionItem(d *doc, n int, a action) {
	p := d.pdf
	w := d.contentW() - 24
	d.ensure(a.height())
	y := d.y()
	d.font(true, 13)
	d.textColor(colAccent)
	p.SetXY(marginX, y-0.5)
	p.CellFormat(6, 6, fmt.Sprint(n), "", 0, "L", false, 0, "")
	d.badge(marginX+6, y, severityLabel(a.f.Severity), severityColor(a.f.Severity), 7)
	if t, err := time.Parse(time.DateOnly, a.due); err == nil {
		d.font(a.dueKey, 6.8)
		d.textColor(colMuted)
		if a.dueKey {
			d.textColor(colHigh)
		}
		p.SetXY(marginX+6, y+4.4)
		p.CellFormat(18, 3.2, "by "+t.Format("2 Jan 2006"), "", 0, "L", false, 0, "")
	}
	d.font(true, sizeBody)
	d.textColor(colInk)
	lh := lineH(sizeBody)
	for _, l := range a.title {
		p.SetXY(marginX+24, y)
		p.CellFormat(w, lh, l, "", 0, "L", false, 0, "")
		y += lh
	}
	for _, pt := range a.parts {
		d.font(false, pt.size)
		d.textColor(pt.ink)
		for _, l := range pt.lines {
			p.SetXY(marginX+24, y)
			p.CellFormat(w, lineH(pt.size), l, "", 0, "L", false, 0, "")
			y += lineH(pt.size)
		}
	}
	d.setY(y + 1.6)
}

// overdueSummary names the "not sure" answers whose follow-up date has
// passed (assess decides which), so a late owner is seen on page one.
func overdueSummary(d *doc, m *model) {
	if len(m.res.Overdue) == 0 {
		return
	}
	items := make([]string, 0, len(m.res.Overdue))
	for _, o := range m.res.Overdue {
		items = append(items, fmt.Sprintf("%s (%s, due %s, %d %s overdue)", o.QuestionID, cmp.Or(o.Owner, "no owner named"), o.FollowUp, o.DaysOverdue, plural(o.DaysOverdue, "day", "days")))
	}
	n := len(m.res.Overdue)
	d.para(fmt.Sprintf("%d %s overdue: %s. Each is listed with its owner under \"Answers by section\".", n, plural(n, "follow-up", "follow-ups"), strings.Join(items, "; ")),
		textStyle{size: sizeSmall + 0.5, bold: true, color: colHigh, after: 2})
}
