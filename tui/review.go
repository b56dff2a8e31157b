package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/ppwaf/se06/assess"
)

// reviewRow is a section heading or a question of the review list.
type reviewRow struct {
	section *assess.Section
	q       *assess.Question
	results bool // the "see the results" row
}

// reviewModel lists every visible question with its answer; unsure, skipped
// and unanswered ones stand out, and enter edits any of them.
type reviewModel struct {
	rows   []reviewRow
	cursor int // index into rows; always on a question or the results row
	// openOnly shows only the questions still to settle (Result.ToFollowUp):
	// open, not sure, skipped.
	openOnly bool
}

func (r *reviewModel) open(s *session, current string) {
	r.rows = r.rows[:0]
	if s == nil {
		return
	}
	for _, sec := range s.bank.Sections {
		added := false
		for _, q := range s.visible {
			if q.Section != sec.ID || r.openOnly && settled(s, q.ID) {
				continue
			}
			if !added {
				r.rows = append(r.rows, reviewRow{section: sec})
				added = true
			}
			r.rows = append(r.rows, reviewRow{q: q})
		}
	}
	r.rows = append(r.rows, reviewRow{results: true})
	r.cursor = len(r.rows) - 1
	for i, row := range r.rows {
		if row.q != nil && row.q.ID == current {
			r.cursor = i
		}
	}
}

// settled reports whether a question needs nothing more, as assess counts
// it: answered (by the user, or decided by the tenant) or not applicable.
func settled(s *session, qid string) bool {
	return s.status(qid).Settled()
}

// toNextOpen puts the cursor on the first open question after qid
// (wrapping), unless qid itself is still open. It reports whether it moved.
func (r *reviewModel) toNextOpen(s *session, qid string) bool {
	if s == nil || s.isOpen(qid) {
		return false
	}
	next := s.nextOpen(qid)
	for i, row := range r.rows {
		if next != nil && row.q != nil && row.q.ID == next.ID {
			r.cursor = i
			return true
		}
	}
	return next == nil
}

func (r *reviewModel) move(dir int) {
	for i := r.cursor + dir; i >= 0 && i < len(r.rows); i += dir {
		if r.rows[i].section == nil {
			r.cursor = i
			return
		}
	}
}

func (r *reviewModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if len(r.rows) == 0 || m.sess == nil {
		return nil
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		r.move(-1)
	case key.Matches(msg, k.Down):
		r.move(+1)
	case msg.String() == "pgdown", msg.String() == "ctrl+d":
		for range 10 {
			r.move(+1)
		}
	case msg.String() == "pgup", msg.String() == "ctrl+u":
		for range 10 {
			r.move(-1)
		}
	case key.Matches(msg, k.Select):
		row := r.rows[r.cursor]
		if row.results {
			return m.openScreen(screenResults)
		}
		return m.openQuestion(row.q.ID, screenReview)
	case key.Matches(msg, k.NextOpen):
		cur := ""
		if row := r.rows[r.cursor]; row.q != nil {
			cur = row.q.ID
		}
		if next := m.sess.nextOpen(cur); next != nil {
			for i, row := range r.rows {
				if row.q != nil && row.q.ID == next.ID {
					r.cursor = i
				}
			}
		}
		m.status = m.sess.remaining()
	case key.Matches(msg, k.Filter):
		r.openOnly = !r.openOnly
		cur := ""
		if row := r.rows[r.cursor]; row.q != nil {
			cur = row.q.ID
		}
		r.open(m.sess, cur)
	case key.Matches(msg, k.Results), msg.String() == "tab":
		return m.openScreen(screenResults)
	case key.Matches(msg, k.Cancel), key.Matches(msg, k.Back):
		if m.question.q != nil {
			return m.openQuestion(m.question.q.ID, screenQuestion)
		}
		if q := m.sess.resumeQuestion(); q != nil {
			return m.openQuestion(q.ID, screenQuestion)
		}
	}
	return nil
}

// reviewCounts says where the visible questions stand, in words, from the
// result's counts: "12 answered, 3 not sure, 1 skipped, 2 not applicable, 25 open".
func reviewCounts(s *session) []countPart {
	o := s.result.Overall
	return []countPart{{o.Answered, "answered"}, {o.NotSure, "not sure"}, {o.Skipped, "skipped"}, {o.NotApplicable, "not applicable"}, {o.Open, "open"}}
}

type countPart struct {
	n    int
	what string
}

func (r *reviewModel) view(m *Model, width, height int) string {
	st, s := m.st, m.sess
	if s == nil {
		return ""
	}
	var b strings.Builder
	var counts strings.Builder
	for i, c := range reviewCounts(s) {
		style := st.Warn
		switch c.what {
		case "answered":
			style = st.Good
		case "not applicable":
			style = st.Muted
		case "open":
			style = st.Bad
		}
		if i > 0 {
			counts.WriteString(st.Muted.Render(" · "))
		}
		counts.WriteString(style.Render(fmt.Sprintf("%d %s", c.n, c.what)))
	}
	title := " " + st.Title.Render("Review your answers")
	// Every count stays in view: when they do not fit beside the title they
	// get their own line, in place of the blank line under the hint.
	wrapped := lipgloss.Width(title)+3+lipgloss.Width(counts.String()) > width
	if wrapped {
		b.WriteString(title + "\n " + counts.String() + "\n")
	} else {
		b.WriteString(title + "   " + counts.String() + "\n")
	}
	hint := "enter edits an answer · o next open · f only open, not sure and skipped"
	if r.openOnly {
		hint = "Only open, not sure and skipped questions · f shows all"
	}
	b.WriteString(" " + st.Muted.Render(clip(hint, width-2)) + "\n")
	if !wrapped {
		b.WriteString("\n")
	}
	conflicts := map[string]bool{}
	if s.result != nil {
		for _, c := range s.result.Conflicts {
			conflicts[c.QuestionID] = true
		}
	}
	listH := height - 3
	shortW := 0
	for _, q := range s.visible {
		shortW = max(shortW, lipgloss.Width(q.Short))
	}
	shortW = min(shortW, width/3)
	blocks := make([][]string, len(r.rows))
	for i, row := range r.rows {
		cur := i == r.cursor
		switch {
		case row.section != nil:
			d, t := s.sectionProgress(row.section.ID)
			blocks[i] = []string{" " + st.Section.Render(clip(row.section.Title, width-12)) + st.Muted.Render(fmt.Sprintf("  %d/%d", d, t))}
		case row.results:
			line := "   See the results →"
			if cur {
				line = st.Cursor.Render(" › See the results →")
			}
			blocks[i] = []string{line}
		default:
			blocks[i] = r.questionLines(st, s, row.q, cur, conflicts[row.q.ID], shortW, width)
		}
	}
	if countLines(blocks) <= listH {
		for _, bl := range blocks {
			for _, l := range bl {
				b.WriteString(l + "\n")
			}
		}
		return b.String()
	}
	// Scroll; the markers count questions, not section headings.
	lo, hi := scrollSpan(blockSizes(blocks), r.cursor, listH)
	questions := func(from, to int) string {
		n := 0
		for _, row := range r.rows[from:to] {
			if row.q != nil {
				n++
			}
		}
		if n == 0 {
			return "more"
		}
		return fmt.Sprintf("%d more", n)
	}
	if lo > 0 {
		b.WriteString("   " + st.Muted.Render("↑ "+questions(0, lo)) + "\n")
	}
	for _, bl := range blocks[lo : hi+1] {
		for _, l := range bl {
			b.WriteString(l + "\n")
		}
	}
	if hi < len(blocks)-1 {
		b.WriteString("   " + st.Muted.Render("↓ "+questions(hi+1, len(r.rows))) + "\n")
	}
	return b.String()
}

// questionLines is a question's row: its mark, ID, short title and answer,
// the title and the answer wrapping in their own columns.
func (r *reviewModel) questionLines(st Styles, s *session, q *assess.Question, cur, conflict bool, shortW, width int) []string {
	a, ok := s.asm.Answers[q.ID]
	mark, style := s.mark(st, q.ID)
	text := "Not answered"
	switch {
	case s.fromTenant(q.ID):
		// Counted answered (by the tenant's facts): say so, and keep what the
		// user said (not sure, skipped) beside it.
		qr, _ := s.questionResult(q.ID)
		text = "From the tenant: " + q.Labels(qr.Effective.Values)
		if ok && a.State != "" {
			text = a.Describe(q) + "; the tenant shows " + q.Labels(qr.Effective.Values)
		}
	case !ok || a.State == "":
		style = st.Bad
	case a.State == assess.AnswerAnswered:
		text, style = a.Describe(q), st.Text
	default:
		text = a.Describe(q) + s.overdueNote(q.ID)
	}
	if a.Note != "" {
		text += " · Note: " + a.Note
	}
	if conflict {
		mark, style = "⚠", st.Bad
		text += " (tenant disagrees)"
	}
	prefix := "   "
	if cur {
		prefix = " › "
		style = st.Cursor
	}
	left := fmt.Sprintf("%s%s %-6s ", prefix, mark, q.ID)
	leftW := lipgloss.Width(left)
	shorts := lines(q.Short, shortW)
	answers := lines(text, max(10, width-leftW-shortW-3))
	var out []string
	for i := range max(len(shorts), len(answers)) {
		sh, an := "", ""
		if i < len(shorts) {
			sh = shorts[i]
		}
		if i < len(answers) {
			an = answers[i]
		}
		lead := left
		if i > 0 {
			lead = strings.Repeat(" ", leftW)
		}
		out = append(out, style.Render(lead+padRight(sh, shortW)+"  "+an))
	}
	return out
}
