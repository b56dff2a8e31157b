package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
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
	// openOnly shows only the questions still to settle: not sure, skipped,
	// not answered.
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

// settled reports whether a question has a real answer (or is not applicable).
func settled(s *session, qid string) bool {
	a, ok := s.asm.Answers[qid]
	return ok && (a.State == assess.AnswerAnswered || a.State == assess.AnswerNotApplicable)
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

// counts tallies the answer states of the visible questions.
func reviewCounts(s *session) (answered, unsure, skipped, open int) {
	for _, q := range s.visible {
		a, ok := s.asm.Answers[q.ID]
		switch {
		case !ok || a.State == "":
			open++
		case a.State == assess.AnswerUnsure:
			unsure++
		case a.State == assess.AnswerSkipped:
			skipped++
		default:
			answered++
		}
	}
	return answered, unsure, skipped, open
}

func (r *reviewModel) view(m *Model, width, height int) string {
	st, s := m.st, m.sess
	if s == nil {
		return ""
	}
	answered, unsure, skipped, open := reviewCounts(s)
	var b strings.Builder
	b.WriteString(" " + st.Title.Render("Review your answers") + "   ")
	b.WriteString(st.Good.Render(fmt.Sprintf("%d answered", answered)) + st.Muted.Render(" · "))
	b.WriteString(st.Warn.Render(fmt.Sprintf("%d not sure", unsure)) + st.Muted.Render(" · "))
	b.WriteString(st.Warn.Render(fmt.Sprintf("%d skipped", skipped)) + st.Muted.Render(" · "))
	b.WriteString(st.Bad.Render(fmt.Sprintf("%d not answered", open)) + "\n")
	hint := "enter edits an answer and comes back here · f shows only the open ones"
	if r.openOnly {
		hint = "Only not sure, skipped and unanswered questions · f shows all"
	}
	b.WriteString(" " + st.Muted.Render(clip(hint, width-2)) + "\n\n")
	conflicts := map[string]bool{}
	if s.result != nil {
		for _, c := range s.result.Conflicts {
			conflicts[c.QuestionID] = true
		}
	}
	listH := height - 3
	start := window(r.cursor, len(r.rows), listH)
	shortW := min(30, width/3)
	for i := start; i < len(r.rows) && i < start+listH; i++ {
		row := r.rows[i]
		cur := i == r.cursor
		switch {
		case row.section != nil:
			d, t := s.sectionProgress(row.section.ID)
			b.WriteString(" " + st.Section.Render(clip(row.section.Title, width-12)) + st.Muted.Render(fmt.Sprintf("  %d/%d", d, t)) + "\n")
		case row.results:
			line := "   See the results →"
			if cur {
				line = st.Cursor.Render(" › See the results →")
			}
			b.WriteString(line + "\n")
		default:
			b.WriteString(r.questionLine(st, s, row.q, cur, conflicts[row.q.ID], shortW, width) + "\n")
		}
	}
	return b.String()
}

func (r *reviewModel) questionLine(st Styles, s *session, q *assess.Question, cur, conflict bool, shortW, width int) string {
	a, ok := s.asm.Answers[q.ID]
	mark, style := answerMark(st, s.asm.Answers, q.ID)
	text := "Not answered"
	switch {
	case !ok || a.State == "":
		style = st.Bad
	case a.State == assess.AnswerAnswered:
		text, style = a.Describe(q), st.Text
	default:
		text = a.Describe(q)
	}
	if conflict {
		mark, style = "⚠", st.Bad
		text += " (tenant disagrees)"
	}
	prefix := "   "
	if cur {
		prefix = " › "
	}
	left := fmt.Sprintf("%s%s %-6s %s  ", prefix, mark, q.ID, padRight(clip(q.Short, shortW), shortW))
	line := left + clip(text, width-len([]rune(left))-1)
	if cur {
		return st.Cursor.Render(line)
	}
	return style.Render(line)
}
