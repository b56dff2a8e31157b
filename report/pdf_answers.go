package report

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/ppwaf/se06/assess"
)

// answers lists, per section, each question with its answer (unsure, skipped
// and not applicable shown as such), what the tenant showed, notes, and the
// owners of open items.
func answers(d *doc, m *model) {
	d.h1("Answers by section")
	d.para("Each question as it was answered in the workshop. Where the tenant could tell, its answer is shown too and is the one the findings use.", body())
	if len(m.res.Questions) == 0 {
		d.para("No answers were recorded.", muted())
		return
	}
	bySection := map[string][]assess.QuestionResult{}
	for _, q := range m.res.Questions {
		bySection[q.Section] = append(bySection[q.Section], q)
	}
	for _, s := range m.sections() {
		qs := bySection[s[0]]
		score := sectionScore(m, s[0])
		title := s[1]
		if score != nil {
			title = fmt.Sprintf("%s: %s/100, %s", s[1], scoreText(score.Value), strings.ToLower(score.Status))
		}
		var rows [][]cell
		hidden := 0
		for _, q := range qs {
			if !q.Visible {
				hidden++
				continue
			}
			rows = append(rows, []cell{
				{text: q.QuestionID, bold: true},
				txt(m.prompt(q.QuestionID)),
				answerCell(m, q),
				pillCell(resultLabel(q.State, q.Answer), stateColor(q.State)),
			})
		}
		opts := tableOpts{keepAfter: ownersHeight(d, m, qs)}
		cols := []column{{"ID", 1.1, ""}, {"Question", 5, ""}, {"Answer, notes and owners", 5.2, ""}, {"Result", 2.2, ""}}
		// The heading keeps with its intro and the table's start (all of a
		// small table).
		d.h2Keep(title, d.paraH(m.sectionIntro(s[0]), muted())+d.tableKeep(opts, cols, rows))
		if intro := m.sectionIntro(s[0]); intro != "" {
			d.para(intro, muted())
		}
		if len(rows) == 0 {
			d.para("No questions of this section were asked.", muted())
		} else {
			d.tableOpts(opts, cols, rows)
		}
		sectionOwners(d, m, qs)
		if hidden > 0 {
			d.para(fmt.Sprintf("%d %s not asked: earlier answers made %s irrelevant.", hidden, plural(hidden, "question was", "questions were"), plural(hidden, "it", "them")), muted())
		}
	}
}

func sectionScore(m *model, id string) *assess.Score {
	for i := range m.res.Sections {
		if m.res.Sections[i].ID == id {
			return &m.res.Sections[i]
		}
	}
	return nil
}

// answerCell describes the given answer, the tenant's view when it differs,
// the note, and the owner of any open item.
func answerCell(m *model, q assess.QuestionResult) cell {
	a := q.Answer
	var b strings.Builder
	b.WriteString(m.answerText(q.QuestionID, a))
	if a.Source == assess.SourceTenant {
		b.WriteString(" (from the tenant)")
	}
	eff := q.Effective
	if eff.State != "" && !sameAnswer(a, eff) {
		b.WriteString("\nThe tenant shows: " + m.answerText(q.QuestionID, eff))
	}
	if q.Observation != nil && q.Observation.Summary != "" && q.Observation.Status != assess.StatusOK {
		b.WriteString("\nTenant check: " + q.Observation.Summary)
	}
	if a.Note != "" {
		b.WriteString("\nNote: " + a.Note)
	}
	if a.State != assess.AnswerUnsure && a.Owner != "" {
		b.WriteString("\nOwner: " + a.Owner)
		if a.FollowUp != "" {
			b.WriteString(", follow up by " + a.FollowUp)
		}
	}
	if q.Overdue {
		b.WriteString("\n" + overdueText(a.FollowUp, q.QuestionID, m))
	}
	c := txt(b.String())
	switch a.State {
	case assess.AnswerUnsure:
		c.color = colUnsure
	case assess.AnswerSkipped, assess.AnswerNotApplicable, "":
		c.color = colMuted
	}
	return c
}

func sameAnswer(a, b assess.Answer) bool {
	if a.State != b.State || a.Text != b.Text || len(a.Values) != len(b.Values) {
		return false
	}
	for i := range a.Values {
		if a.Values[i] != b.Values[i] {
			return false
		}
	}
	return true
}

// sectionOwners lists who owns each open item of a section (from unsure
// answers and notes), so follow-ups have a name.
func sectionOwners(d *doc, m *model, qs []assess.QuestionResult) {
	items := ownerItems(m, qs)
	if len(items) > 0 {
		st := ownersStyle()
		d.ensure(lineH(st.size)*2 + 2)
		d.para("Owners of open items", textStyle{size: st.size, bold: true, color: colInk, after: 0.6})
		d.bullets(items, false, st)
	}
}

func ownersStyle() textStyle { return textStyle{size: sizeSmall + 0.5, color: colInk, after: 1} }

// ownersHeight measures the owners list, so the table keeps its last row with it.
func ownersHeight(d *doc, m *model, qs []assess.QuestionResult) float64 {
	items := ownerItems(m, qs)
	if len(items) == 0 {
		return 0
	}
	st := ownersStyle()
	return 3 + lineH(st.size) + 0.6 + d.bulletsH(items, st)
}

// ownerItems lists the owners of a section's open items.
func ownerItems(m *model, qs []assess.QuestionResult) []string {
	var items []string
	for _, q := range qs {
		if !q.Visible || !q.State.Open() || q.Answer.Owner == "" && !q.Overdue {
			continue
		}
		s := q.QuestionID + " " + shortOf(m, q.QuestionID) + ": " + cmp.Or(q.Answer.Owner, "no owner named")
		if q.Answer.FollowUp != "" {
			s += ", follow up by " + q.Answer.FollowUp
		}
		if q.Overdue {
			s += " — OVERDUE by " + overdueDays(q.QuestionID, m)
		}
		items = append(items, s)
	}
	return items
}

func shortOf(m *model, id string) string {
	if q := m.question(id); q != nil && q.Short != "" {
		return "(" + q.Short + ")"
	}
	return ""
}

// overdueText says how late a follow-up is, from the evaluation's list.
func overdueText(date, qid string, m *model) string {
	return fmt.Sprintf("OVERDUE: follow-up was due %s (%s ago)", date, overdueDays(qid, m))
}

// overdueDays is "7 days": how late the evaluation found a follow-up.
func overdueDays(qid string, m *model) string {
	o, _ := m.res.OverdueOf(qid)
	return fmt.Sprintf("%d %s", o.DaysOverdue, plural(o.DaysOverdue, "day", "days"))
}
