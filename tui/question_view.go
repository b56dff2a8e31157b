package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/ppwaf/se06/assess"
)

// sidebarWidth is the width of the section list for a terminal width.
func sidebarWidth(width int) int {
	switch {
	case width >= 140:
		return 48
	case width >= 120:
		return 44
	case width >= 96:
		return 32
	}
	return 27
}

func (qm *questionModel) view(m *Model, width, height int) string {
	if qm.q == nil || m.sess == nil {
		return ""
	}
	if qm.mode == qmDetails {
		return qm.detailsView(m, width, height)
	}
	s := m.sess
	st := m.st
	done, total := s.progress()
	pos := s.visibleIndex(qm.q.ID) + 1
	left := st.Prompt.Render(fmt.Sprintf(" Question %d of %d", pos, total))
	pct := fmt.Sprintf(" %d answered · %d open · %s", done, s.result.Overall.Open, percent(done, total))
	barW := max(10, width-lipgloss.Width(left)-lipgloss.Width(pct)-4)
	top := left + "  " + st.bar(done, total, barW) + st.Muted.Render(pct)

	sw := sidebarWidth(width)
	mw := min(width-sw-3, 100) // long lines are hard to read on a projector
	h := height - 2
	side := qm.sidebar(m, sw, h)
	main := qm.main(m, mw, h)
	sep := st.Muted.Render(" │ ")
	body := joinColumns(side, sw, sep, main)
	out := top + "\n\n" + strings.Join(fitLines(body, h), "\n")
	if qm.mode == qmJump {
		out = overlay(out, qm.jumpBox(m), width, height)
	}
	return out
}

// sidebar lists the sections with their completion, then the current
// section's questions. Titles wrap under themselves where the height allows:
// all of them if they fit, else only the current section and question.
func (qm *questionModel) sidebar(m *Model, width, height int) []string {
	st, s := m.st, m.sess
	var foot []string
	if s.asm.Facts != nil {
		label := "Tenant facts loaded"
		if s.asm.Facts.Demo {
			label = "Demo tenant loaded"
		}
		foot = append(foot, " "+st.Tenant.Render("◆ ")+st.Muted.Render(clip(label, width-4)))
	} else {
		foot = append(foot, " "+st.Muted.Render(clip("No tenant facts (e)", width-2)))
	}
	// The shape must not change between questions (a facilitator's eyes
	// stay put): the variant is the most wrapped one that fits for every
	// section, not only the current one, and the tenant line sits on the
	// last row. From the most to the least wrapped: whether all section
	// titles wrap, whether the section's question titles wrap, and whether
	// the section's questions are listed at all.
	type variant struct {
		allSections, questions bool
		wrapQuestions          int // 2 all, 0 none
	}
	for _, v := range []variant{{true, true, 2}, {true, true, 0}, {false, true, 0}, {true, false, 0}} {
		out := qm.sectionList(m, width, v.allSections)
		out = append(out, "")
		if v.questions {
			if qm.tallestSection(m, width, v.wrapQuestions)+len(out)+1+len(foot) > height {
				continue
			}
			out = append(out, qm.sectionQuestions(m, qm.q.Section, width, v.wrapQuestions)...)
			out = append(out, "")
		}
		if len(out)+len(foot) <= height {
			return pinFoot(out, foot, height)
		}
	}
	return pinFoot(qm.sectionList(m, width, false), foot, height)
}

// pinFoot fills the sidebar to height with the foot on its last rows.
func pinFoot(out, foot []string, height int) []string {
	if gap := height - len(out) - len(foot); gap > 0 {
		out = append(out, make([]string, gap)...)
	}
	return fitLines(append(out, foot...), height)
}

// tallestSection is the height of the longest "In this section" list at
// this wrapping, over every section, so the sidebar's variant is one for
// the whole bank.
func (qm *questionModel) tallestSection(m *Model, width, wrap int) int {
	n := 0
	for _, sec := range m.sess.bank.Sections {
		n = max(n, len(qm.sectionQuestions(m, sec.ID, width, wrap)))
	}
	return n
}

// sectionList is the list of sections with their completion; the current
// section's title wraps, and the others' too when all is set.
func (qm *questionModel) sectionList(m *Model, width int, all bool) []string {
	st, s := m.st, m.sess
	out := []string{" " + st.Title.Render("Sections"), ""}
	for _, sec := range s.bank.Sections {
		d, t := s.sectionProgress(sec.ID)
		mark, style := "  ", st.SideItem
		count := fmt.Sprintf("%d/%d", d, t)
		switch {
		case sec.ID == qm.q.Section && s.sectionConflicts(sec.ID) > 0:
			mark, style = st.Bad.Render("⚠ "), st.SideCur // a conflict outranks "you are here"
		case sec.ID == qm.q.Section:
			mark, style = st.SideCur.Render("▸ "), st.SideCur
		case t == 0:
			style, count = st.Muted, "n/a"
		case s.sectionConflicts(sec.ID) > 0:
			mark, style = st.Bad.Render("⚠ "), st.Bad
		case s.sectionDone(sec.ID):
			mark, style = st.SideDone.Render("✓ "), st.SideDone
		}
		titleW := width - 3 - len(count) - 1
		if !all && sec.ID != qm.q.Section {
			out = append(out, " "+mark+spread(style.Render(clip(sec.Title, titleW)), st.Muted.Render(count), width-3))
			continue
		}
		for i, l := range lines(sec.Title, titleW) {
			if i == 0 {
				out = append(out, " "+mark+spread(style.Render(l), st.Muted.Render(count), width-3))
			} else {
				out = append(out, "   "+style.Render(l))
			}
		}
	}
	return out
}

// sectionQuestions lists a section's questions with their state, for the
// sidebar. wrapTitles says which titles wrap: 2 all, 1 the current
// question's, 0 none.
func (qm *questionModel) sectionQuestions(m *Model, section string, width int, wrapTitles int) []string {
	st, s := m.st, m.sess
	out := []string{" " + st.Title.Render("In this section")}
	for _, q := range s.visible {
		if q.Section != section {
			continue
		}
		mark, style := s.mark(st, q.ID)
		if s.conflict(q.ID) != nil {
			mark, style = "⚠", st.Bad
		}
		cur := q.ID == qm.q.ID
		if cur {
			mark, style = "▸", st.SideCur
		}
		prefix := fmt.Sprintf("%s %-6s ", mark, q.ID)
		if wrapTitles == 0 || wrapTitles == 1 && !cur {
			out = append(out, " "+style.Render(clip(prefix+q.Short, width-2)))
			continue
		}
		for _, l := range hang(prefix, q.Short, width-2) {
			out = append(out, " "+style.Render(l))
		}
	}
	return out
}

// mark is a question's mark as assess counts it: a question the tenant's
// facts decide is answered (◆) even when nobody has answered it, so the
// marks agree with the "answered" figures beside them.
func (s *session) mark(st Styles, qid string) (string, lipgloss.Style) {
	if s.fromTenant(qid) {
		return "◆", st.Tenant
	}
	return answerMark(st, s.asm.Answers, qid)
}

// fromTenant reports whether the tenant's facts answer a question that the
// user left unanswered, not sure or skipped (assess counts it answered).
func (s *session) fromTenant(qid string) bool {
	qr, ok := s.questionResult(qid)
	a := s.asm.Answers[qid]
	return ok && qr.Status == assess.QuestionAnswered && qr.Effective.Source == assess.SourceTenant &&
		a.State != assess.AnswerAnswered && a.State != assess.AnswerNotApplicable
}

// answerMark is the one-character state of an answer, and its style.
func answerMark(st Styles, answers assess.Answers, qid string) (string, lipgloss.Style) {
	a, ok := answers[qid]
	switch {
	case !ok || a.State == "":
		return "·", st.Muted
	case a.State == assess.AnswerUnsure:
		return "?", st.Warn
	case a.State == assess.AnswerSkipped:
		return "»", st.Warn
	case a.State == assess.AnswerNotApplicable:
		return "–", st.Muted
	case a.Source == assess.SourceTenant:
		return "◆", st.Tenant
	}
	return "✓", st.SideDone
}

// main draws the question: title, prompt, widget, state, evidence, link,
// help. When space runs out, the help text shrinks first, then the evidence
// panel turns compact, then the choices scroll; a choice is never cut.
func (qm *questionModel) main(m *Model, width, height int) []string {
	st, s, q := m.st, m.sess, qm.q
	sec, _ := s.bank.Section(q.Section)
	secIdx := slices.Index(s.bank.Sections, sec) + 1
	secLine := spread(st.Section.Render(clip(sec.Title, width-20)), st.Muted.Render(fmt.Sprintf("section %d of %d", secIdx, len(s.bank.Sections))), width)
	var prompt []string
	for i, l := range lines(q.Prompt, width-7) {
		if i == 0 {
			prompt = append(prompt, st.QID.Render(fmt.Sprintf("%-6s", q.ID))+" "+st.Prompt.Render(l))
		} else {
			prompt = append(prompt, "       "+st.Prompt.Render(l))
		}
	}
	blocks, cur, after := qm.widget(m, width)
	state := qm.stateLines(m, width)
	helpLines := lines(q.Help, width)

	// secLine, blank, prompt, blank, widget, blank, state
	fixed := 1 + 1 + len(prompt) + 1 + 1 + len(state)
	widgetH := countLines(blocks) + len(after)
	tail := qm.tail(m, width, false)
	if height-fixed-widgetH-len(tail)-1 < min(2, len(helpLines)) {
		tail = qm.tail(m, width, true) // a compact evidence panel leaves room for the help
	}
	var widget []string
	if rows := height - fixed - len(tail) - len(after); countLines(blocks) > rows {
		widget = scrollBlocks(st, blocks, cur, max(3, rows), "       ")
	} else {
		for _, b := range blocks {
			widget = append(widget, b...)
		}
	}
	widget = append(widget, after...)

	var intro []string
	if sec.Intro != "" && height >= 30 && height-fixed-len(widget)-len(tail)-min(3, len(helpLines)+1) >= 3 {
		for _, l := range atMost(lines(sec.Intro, width), 2, width) {
			intro = append(intro, st.Muted.Render(l))
		}
	}
	out := append([]string{secLine}, intro...)
	out = append(out, "")
	out = append(out, prompt...)
	out = append(out, "")
	out = append(out, widget...)
	out = append(out, "")
	out = append(out, state...)

	room := height - len(out) - len(tail) - 1
	if room <= 0 {
		helpLines = nil
	}
	if len(helpLines) > room && room > 0 {
		// the rest is one key away
		const more = " … d shows all"
		helpLines = append(helpLines[:room-1:room-1], ansi.Truncate(helpLines[room-1], width-len(more), "")+more)
	}
	for _, l := range helpLines {
		out = append(out, st.Muted.Render(l))
	}
	// The evidence panel and the docs sit on the last rows, so they keep
	// their place from one question to the next.
	if gap := height - len(out) - len(tail); gap > 0 {
		out = append(out, make([]string, gap)...)
	}
	out = append(out, tail...)
	for i, l := range out {
		out[i] = clip(l, width)
	}
	return out
}

// tail is the evidence panel and the documentation link.
func (qm *questionModel) tail(m *Model, width int, compact bool) []string {
	st := m.st
	var out []string
	if ev := qm.evidencePanel(m, width, compact); ev != "" {
		out = append(out, strings.Split(ev, "\n")...)
	}
	panelH := len(out)
	for _, l := range qm.q.Links[:min(1, len(qm.q.Links))] {
		for i, t := range atMost(lines(l.Title, width-5), 2, width-5) {
			lead := st.Muted.Render("Docs ")
			if i > 0 {
				lead = "     "
			}
			out = append(out, lead+st.Link.Hyperlink(l.URL).Render(t))
		}
		if !compact {
			// The URL is never broken over lines: whole when it fits, else
			// shortened; either way it links to the whole URL, and c copies it.
			u := l.URL
			if len(u) > width-5 {
				u = clip(u, width-5-len(" (c copies)")) + " (c copies)"
			}
			out = append(out, "     "+st.Muted.Hyperlink(l.URL).Render(u))
		}
	}
	// The docs block is one height (a title of one or two lines, then the
	// URL), so the evidence panel above it keeps its row between questions.
	docsH := 3
	if compact {
		docsH = 2
	}
	if n := len(out) - panelH; n < docsH {
		out = append(out, make([]string, docsH-n)...)
	}
	return out
}

// choiceIndent is where a choice's label starts: "     › ( ) ".
const choiceIndent = 11

// widget draws the answer widget for the question's type: one block of
// lines per row (a long label wraps under itself, never cut), the row under
// the cursor, and the lines after the rows (a hint).
func (qm *questionModel) widget(m *Model, width int) (blocks [][]string, cur int, after []string) {
	st, q := m.st, qm.q
	if q.Type == assess.TypeText {
		blocks = [][]string{{"       " + fieldView(st, qm.text, width-7)}}
		if qm.hint != "" {
			for _, l := range lines(qm.hint, width-7) {
				after = append(after, "       "+st.Warn.Render(l))
			}
		}
		return blocks, 0, after
	}
	const tag, outTag = " ◆ tenant", " ✗ ruled out"
	tagW := max(lipgloss.Width(tag), lipgloss.Width(outTag))
	for i, id := range qm.rows() {
		label := "Not sure"
		var help string
		if id != unsureRow {
			c, _ := q.Choice(id)
			label, help = c.Label, c.Help
		}
		picked := slices.Contains(qm.picked, id)
		box := "( )"
		if picked {
			box = "(•)"
		}
		if q.Type == assess.TypeMulti {
			box = "[ ]"
			if picked {
				box = "[x]"
			}
		}
		atCursor := i == qm.cursor && (qm.mode == qmChoose || qm.mode == qmFilter)
		cursor := "  "
		if atCursor {
			cursor = "› "
		}
		implied := slices.Contains(qm.implied, id)
		ruled := !implied && slices.Contains(qm.ruledOut, id)
		wrapW := width - 5
		if implied || ruled {
			wrapW -= tagW
		}
		style := st.Text
		switch {
		case atCursor:
			style = st.Cursor
		case picked:
			style = st.Selected
		}
		prefix := cursor + box + " "
		var block []string
		for j, l := range lines(label, wrapW-lipgloss.Width(prefix)) {
			if j == 0 {
				block = append(block, "     "+style.Render(prefix+l))
			} else {
				block = append(block, strings.Repeat(" ", choiceIndent)+style.Render(l))
			}
		}
		if implied {
			block[len(block)-1] += st.Tenant.Render(tag)
		}
		if ruled {
			block[len(block)-1] += st.Bad.Render(outTag)
		}
		if atCursor && help != "" {
			for _, l := range lines(help, width-choiceIndent-2) {
				block = append(block, strings.Repeat(" ", choiceIndent)+st.Muted.Render(l))
			}
		}
		blocks = append(blocks, block)
	}
	if qm.hint != "" {
		after = append(after, "")
		for _, l := range lines(qm.hint, width-5) {
			after = append(after, "     "+st.Warn.Render(l))
		}
	}
	return blocks, qm.cursor, after
}

// stateLines shows the recorded answer state, the note, and the typing field
// for a note or an owner.
func (qm *questionModel) stateLines(m *Model, width int) []string {
	st, s, q := m.st, m.sess, qm.q
	var out []string
	if qm.mode == qmFilter || qm.filterText() != "" {
		n := len(qm.rows())
		out = append(out, st.Text.Render("Filter ")+fieldView(st, qm.filter, width-30)+st.Muted.Render(fmt.Sprintf(" %d of %d · esc clears", n, len(q.Choices))))
	}
	a, ok := s.asm.Answers[q.ID]
	switch {
	case qm.mode == qmOwner:
		out = append(out, flow([]string{st.Warn.Render("Not sure."), st.Text.Render("Who can find out, and by when?"), st.Muted.Render("(enter saves · tab next field · esc cancels)")}, " ", width)...)
		for i, label := range []string{"Owner       ", "Follow up by"} {
			l := st.Text.Render(label)
			if i == qm.unsure.focus {
				l = st.Cursor.Render(label)
			}
			out = append(out, "  "+l+" "+fieldView(st, qm.unsure.list[i], width-15))
		}
	case qm.mode == qmNote:
		out = append(out, st.Text.Render("Note")+st.Muted.Render(" (enter saves, esc cancels)"), "  "+fieldView(st, qm.aux, width-2))
	case ok && a.State == assess.AnswerAnswered:
		src := ""
		if a.Source == assess.SourceTenant {
			src = st.Tenant.Render("  ◆ from the tenant")
		}
		for i, l := range lines(a.Describe(q), width-12-lipgloss.Width(src)) {
			if i == 0 {
				out = append(out, st.Good.Render("✓ Answered: ")+st.Text.Render(l))
			} else {
				out = append(out, strings.Repeat(" ", 12)+st.Text.Render(l))
			}
		}
		out[len(out)-1] += src
	case ok && a.State == assess.AnswerUnsure:
		for _, l := range hang("? ", a.Describe(q)+m.sess.overdueNote(q.ID), width) {
			out = append(out, st.Warn.Render(l))
		}
	case ok && a.State == assess.AnswerSkipped:
		out = append(out, st.Warn.Render("» Skipped")+st.Muted.Render(" — counted as not answered"))
	case ok && a.State == assess.AnswerNotApplicable:
		out = append(out, st.Muted.Render("– Not applicable"))
	case qm.fromTenant:
		out = append(out, st.Tenant.Render("◆ Pre-selected from the tenant")+st.Muted.Render(" — enter keeps it"))
	}
	if n := s.note(q.ID); n != "" && qm.mode != qmNote {
		nl := atMost(lines("Note: "+n, width), 2, width)
		for _, l := range nl {
			out = append(out, st.Text.Render(l))
		}
	}
	if len(out) == 0 && qm.mode == qmText {
		out = append(out, st.Muted.Render("Type, then ")+st.Key.Render("enter")+st.Muted.Render("."))
		out = append(out, flow([]string{
			st.Key.Render("esc") + st.Muted.Render(", then ") + st.Key.Render("u") + st.Muted.Render(" not sure"),
			st.Key.Render("s") + st.Muted.Render(" skip"),
			st.Key.Render("a") + st.Muted.Render(" n/a"),
			st.Key.Render("n") + st.Muted.Render(" note"),
		}, st.Muted.Render(" · "), width)...)
	}
	if len(out) == 0 {
		item := func(k, what string) string { return st.Key.Render(k) + st.Muted.Render(" "+what) }
		keys := []string{item("u", "not sure"), item("s", "skip"), item("a", "not applicable"), item("n", "note")}
		if q.Type == assess.TypeMulti {
			keys = append([]string{item("space", "tick"), item("enter", "done")}, keys...)
		}
		if len(q.Choices) >= filterMin {
			keys = append([]string{item("/", "filter")}, keys...)
		}
		out = append(out, flow(keys, st.Muted.Render(" · "), width)...)
	}
	return out
}

// evidencePanel shows what the tenant says about this question, in a box
// of a stable height; d shows all of it.
// A compact panel has a bar on the left instead of a box: two lines shorter.
func (qm *questionModel) evidencePanel(m *Model, width int, compact bool) string {
	st, s, q := m.st, m.sess, qm.q
	qr, _ := s.questionResult(q.ID)
	if q.Live == nil && len(qr.RuledOut) == 0 {
		return ""
	}
	inner := width - 4
	body := qm.evidenceLines(m, inner, compact)
	limit := 4
	if compact {
		limit = 3
	}
	if len(body) > limit {
		body = append(body[:limit-1], st.Key.Render("d")+st.Muted.Render(fmt.Sprintf(" shows all (%d more %s)", len(body)-limit+1, plural(len(body)-limit+1, "line", "lines"))))
	}
	for len(body) < limit {
		body = append(body, "") // one height for every question's panel
	}
	title := st.PanelHead.Render("From the tenant")
	if s.asm.Facts != nil && s.asm.Facts.Demo {
		title += st.Muted.Render(" (demo)")
	}
	if compact {
		bar := st.Panel.Border(lipgloss.ThickBorder(), false, false, false, true).Padding(0, 0, 0, 1)
		return bar.Width(width).Render(title + "\n" + strings.Join(body, "\n"))
	}
	return st.Panel.Width(width).Render(title + "\n" + strings.Join(body, "\n"))
}

// evidenceLines is what the tenant shows about the question: what was found
// first, then what could not be read (each reason once), then what it
// implies or how the answer differs. Wrapped to width, never cut.
func (qm *questionModel) evidenceLines(m *Model, width int, compact bool) []string {
	st, s, q := m.st, m.sess, qm.q
	var body []string
	add := func(style func(...string) string, ls []string) {
		for _, l := range ls {
			body = append(body, style(l))
		}
	}
	qr, _ := s.questionResult(q.ID)
	o := qr.Observation
	switch {
	case q.Live == nil:
		// No check of its own, but another check's facts rule choices out
		// (KM-08 by the vaults KM-01 reads).
		for _, e := range ruledOutLines(qr.RuledOut) {
			add(st.Bad.Render, hang("✗ ", e, width))
		}
		return body
	case s.asm.Facts == nil:
		add(st.Muted.Render, lines("No tenant facts yet. Press e to sign in or load a snapshot.", width))
		if !compact {
			add(st.Muted.Render, lines("Would show: "+q.Live.What, width))
		}
		return body
	case o == nil:
		return []string{st.Muted.Render(wrap("The tenant facts do not cover this question.", width))}
	case o.Unreadable():
		if len(o.Affected) > 0 {
			add(st.Text.Render, hang("Found: ", subjectList(o.Affected), width))
		}
		reasons := uniqueReasons(o.Reason)
		what := "Could not read (" + strings.ReplaceAll(string(o.Status), "-", " ") + ")"
		switch len(reasons) {
		case 0:
			add(st.Warn.Render, lines(what, width))
		case 1:
			add(st.Warn.Render, lines(what+": "+reasons[0], width))
		default:
			add(st.Warn.Render, lines(what+":", width))
			for _, r := range reasons {
				add(st.Warn.Render, hang("· ", r, width))
			}
		}
	default:
		add(st.Text.Render, lines(o.Summary, width))
	}
	if o.Decides() {
		a, ok := s.asm.Answers[q.ID]
		if ok && a.State == assess.AnswerAnswered && !assess.SameChoices(a.Values, o.Implies) {
			add(st.Bad.Render, hang("⚠ ", "Your answer differs; the report shows a conflict.", width))
		} else if !compact || !qm.fromTenant {
			add(st.Tenant.Render, hang("◆ Implies: ", q.Labels(o.Implies), width))
		}
	}
	return body
}

// subjectList names subjects with what about them: "kv-fab-asia (purge
// protection is off); kv-hr (…)".
func subjectList(ss []assess.Subject) string {
	parts := make([]string, len(ss))
	for i, sub := range ss {
		parts[i] = sub.Name
		if sub.Detail != "" {
			parts[i] += " (" + sub.Detail + ")"
		}
	}
	return strings.Join(parts, "; ")
}

// uniqueReasons splits the "; "-joined reasons of an observation and drops
// repeats: the same missing permission on two vaults is said once.
func uniqueReasons(r string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range strings.Split(r, "; ") {
		if p = strings.TrimSpace(p); p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// ruledOutLines says, per excluded choice, which fact rules it out.
func ruledOutLines(ex []assess.Exclusion) []string {
	var out []string
	for _, e := range ex {
		out = append(out, "Rules out “"+e.Label+"”: "+strings.TrimSuffix(e.Why, ".")+".")
	}
	return out
}

func (qm *questionModel) jumpBox(m *Model) string {
	st, s := m.st, m.sess
	var b strings.Builder
	b.WriteString(st.Title.Render("Go to section") + "\n\n")
	for i, sec := range s.bank.Sections {
		d, t := s.sectionProgress(sec.ID)
		line := fmt.Sprintf("%d. %-40s %d/%d", i+1, clip(sec.Title, 40), d, t)
		if t == 0 {
			line = fmt.Sprintf("%d. %-40s n/a", i+1, clip(sec.Title, 40))
		}
		if n := s.sectionConflicts(sec.ID); n > 0 {
			line += " ⚠"
		}
		if i == qm.jump {
			b.WriteString(st.Cursor.Render("› "+line) + "\n")
		} else {
			b.WriteString(st.Text.Render("  "+line) + "\n")
		}
	}
	b.WriteString("\n" + st.Muted.Render(fmt.Sprintf("1–%d or enter go · esc close", len(s.bank.Sections))))
	return st.Panel.Render(b.String())
}

// fieldView draws a text field within width columns (its prompt included),
// scrolling its text rather than running past the screen's edge.
func fieldView(st Styles, f textField, width int) string {
	f.width = min(f.width, max(8, width-2))
	return f.View(st)
}
