package tui

import (
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/ppwaf/se06/assess"
)

type qmode int

const (
	qmChoose  qmode = iota // arrows pick, letters are commands
	qmText                 // typing the free-text answer
	qmNote                 // typing a note
	qmOwner                // typing the owner of a "not sure"
	qmJump                 // picking a section
	qmDetails              // the whole text at full height
	qmFilter               // typing a filter for a long list of choices
)

// filterMin is the length from which a list of choices can be filtered.
const filterMin = 10

// unsureRow is the extra "Not sure" row of yes/no questions.
const unsureRow = "\x00unsure"

// questionModel shows one question with its answer widget, help, link and
// evidence panel.
type questionModel struct {
	q        *assess.Question
	returnTo screen
	cursor   int
	picked   []string
	// fromTenant is true while the selection is the tenant's pre-selection.
	fromTenant bool
	implied    []string
	// ruledOut are the choices the tenant's facts rule out.
	ruledOut []string
	mode     qmode
	text     textField
	aux      textField
	unsure   fields // owner and follow-up date of a "not sure"
	jump     int
	hint     string
	// filter narrows a long list of choices to those containing it.
	filter   textField
	details  viewport.Model
	detailsW int // the width the details were laid out for
	// dirty is set when choices were ticked or picked but not yet confirmed;
	// moving away then keeps them.
	dirty bool
}

func (qm *questionModel) id() string {
	if qm.q == nil {
		return ""
	}
	return qm.q.ID
}

func (qm *questionModel) typing() bool {
	return qm.mode == qmText || qm.mode == qmNote || qm.mode == qmOwner || qm.mode == qmFilter
}

// filterText is the filter in force, lower-cased ("" for none).
func (qm *questionModel) filterText() string {
	return strings.ToLower(strings.TrimSpace(qm.filter.Value()))
}

// rows lists the widget's rows: the choices, and "Not sure" for yes/no.
func (qm *questionModel) rows() []string {
	if qm.q == nil || qm.q.Type == assess.TypeText {
		return nil
	}
	ids := qm.q.ChoiceIDs()
	if qm.q.Type == assess.TypeYesNo {
		ids = append(ids, unsureRow)
	}
	if f := qm.filterText(); f != "" {
		ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool {
			c, _ := qm.q.Choice(id)
			return !strings.Contains(strings.ToLower(c.Label), f) && !slices.Contains(qm.picked, id)
		})
	}
	return ids
}

// filterKey edits the filter of a long list: letters narrow it, the arrows
// move in what is left, enter or space picks, esc clears it.
func (qm *questionModel) filterKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Cancel):
		qm.filter.SetValue("")
		qm.mode = qmChoose
		qm.cursor = 0
		return nil
	case msg.String() == "up":
		qm.cursor = max(0, qm.cursor-1)
		return nil
	case msg.String() == "down":
		qm.cursor = min(max(0, len(qm.rows())-1), qm.cursor+1)
		return nil
	case key.Matches(msg, k.Select):
		qm.filter.Blur()
		qm.mode = qmChoose
		if qm.q.Type == assess.TypeMulti {
			return nil // the filter stays; space ticks, enter saves
		}
		return qm.choose(m)
	}
	var cmd tea.Cmd
	qm.filter, cmd = qm.filter.Update(msg)
	qm.cursor = min(qm.cursor, max(0, len(qm.rows())-1))
	return cmd
}

// open shows a question, pre-selecting the saved answer or, failing that,
// the answer the tenant implies.
func (qm *questionModel) open(m *Model, q *assess.Question, returnTo screen) tea.Cmd {
	*qm = questionModel{q: q, returnTo: returnTo}
	return qm.load(m)
}

func (qm *questionModel) load(m *Model) tea.Cmd {
	q, s := qm.q, m.sess
	a, hasAnswer := s.asm.Answers[q.ID]
	qr, _ := s.questionResult(q.ID)
	qm.implied, qm.picked, qm.fromTenant, qm.ruledOut = nil, nil, false, nil
	if o := qr.Observation; o.Decides() {
		qm.implied = slices.Clone(o.Implies)
	}
	for _, e := range qr.RuledOut {
		qm.ruledOut = append(qm.ruledOut, e.Choice)
	}
	switch {
	case hasAnswer && a.State == assess.AnswerAnswered:
		qm.picked = slices.Clone(a.Values)
	case !hasAnswer && len(qm.implied) > 0:
		qm.picked = slices.Clone(qm.implied)
		qm.fromTenant = true
	case hasAnswer && a.State == assess.AnswerUnsure && q.Type == assess.TypeYesNo:
		qm.picked = []string{unsureRow}
	}
	qm.cursor = 0
	if len(qm.picked) > 0 {
		if i := slices.Index(qm.rows(), qm.picked[0]); i >= 0 {
			qm.cursor = i
		}
	}
	if q.Type == assess.TypeText {
		qm.text = newInput("type the answer, then enter", 60)
		qm.text.SetValue(a.Text)
		qm.text.CursorEnd()
		qm.mode = qmText
		return qm.text.Focus()
	}
	qm.mode = qmChoose
	return nil
}

// refresh re-applies the tenant's pre-selection when facts arrive.
func (qm *questionModel) refresh(m *Model) {
	if m.screen != screenQuestion || qm.q == nil || m.sess.answered(qm.q.ID) || qm.typing() {
		return
	}
	_ = qm.load(m)
}

// tick forwards non-key messages to the focused text field.
func (qm *questionModel) tick(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch qm.mode {
	case qmText:
		qm.text, cmd = qm.text.Update(msg)
	case qmNote:
		qm.aux, cmd = qm.aux.Update(msg)
	case qmOwner:
		cmd = qm.unsure.update(msg)
	}
	return cmd
}

func (qm *questionModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if qm.q == nil {
		return nil
	}
	qm.hint = ""
	switch qm.mode {
	case qmText:
		return qm.textKey(m, msg)
	case qmNote:
		return qm.auxKey(m, msg)
	case qmOwner:
		return qm.unsureKey(m, msg)
	case qmJump:
		return qm.jumpKey(m, msg)
	case qmDetails:
		return qm.detailsKey(m, msg)
	case qmFilter:
		return qm.filterKey(m, msg)
	}
	k := m.keys
	rows := qm.rows()
	if key.Matches(msg, k.Cancel) && qm.filterText() != "" {
		qm.filter.SetValue("") // esc clears the filter before it goes back
		qm.cursor = 0
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		if qm.cursor > 0 {
			qm.cursor--
		}
	case key.Matches(msg, k.Down):
		if qm.cursor < len(rows)-1 {
			qm.cursor++
		}
	case key.Matches(msg, k.Toggle):
		return qm.toggle(m)
	case key.Matches(msg, k.Select):
		return qm.choose(m)
	case key.Matches(msg, k.Unsure):
		return qm.askOwner(m)
	case key.Matches(msg, k.Skip):
		return qm.commit(m, assess.Answer{State: assess.AnswerSkipped})
	case key.Matches(msg, k.NotApplicable):
		return qm.commit(m, assess.Answer{State: assess.AnswerNotApplicable})
	case key.Matches(msg, k.Note):
		qm.mode = qmNote
		qm.aux = newInput("what should the report remember?", 60)
		qm.aux.SetValue(m.sess.note(qm.q.ID))
		qm.aux.CursorEnd()
		return qm.aux.Focus()
	case key.Matches(msg, k.Next):
		qm.keepPending(m)
		return qm.forward(m)
	case key.Matches(msg, k.Back), key.Matches(msg, k.Cancel):
		qm.keepPending(m)
		return qm.backward(m)
	case key.Matches(msg, k.Jump):
		qm.keepPending(m)
		qm.mode = qmJump
		qm.jump = slices.IndexFunc(m.sess.bank.Sections, func(s *assess.Section) bool { return s.ID == qm.q.Section })
	case key.Matches(msg, k.NextOpen):
		return qm.toNextOpen(m)
	case msg.String() == "/" && len(qm.q.Choices) >= filterMin:
		qm.keepPending(m)
		qm.mode = qmFilter
		if qm.filter.Value() == "" {
			qm.filter = newInput("type part of a choice", 40)
		}
		return qm.filter.Focus()
	case key.Matches(msg, k.Details):
		qm.openDetails(m)
	case key.Matches(msg, k.CopyLinks):
		return qm.copyLinks(m)
	case key.Matches(msg, k.Review):
		qm.keepPending(m)
		return m.openScreen(screenReview)
	case key.Matches(msg, k.Evidence):
		qm.keepPending(m)
		return m.openScreen(screenEvidence)
	case key.Matches(msg, k.Results):
		qm.keepPending(m)
		return m.openScreen(screenResults)
	}
	return nil
}

// toggle ticks a choice (multi) or moves the selection (single, yes/no).
func (qm *questionModel) toggle(m *Model) tea.Cmd {
	rows := qm.rows()
	if len(rows) == 0 {
		return nil
	}
	id := rows[qm.cursor]
	qm.fromTenant = false
	qm.dirty = true
	if qm.q.Type != assess.TypeMulti {
		if id == unsureRow {
			return qm.askOwner(m)
		}
		qm.picked = []string{id}
		return nil
	}
	if i := slices.Index(qm.picked, id); i >= 0 {
		qm.picked = slices.Delete(qm.picked, i, i+1)
		return nil
	}
	c, _ := qm.q.Choice(id)
	if c.Exclusive {
		if len(qm.picked) > 0 {
			qm.hint = "“" + c.Label + "” means none of the others, so their ticks were cleared."
		}
		qm.picked = nil
	} else {
		before := len(qm.picked)
		qm.picked = slices.DeleteFunc(qm.picked, func(v string) bool {
			o, _ := qm.q.Choice(v)
			return o.Exclusive
		})
		if len(qm.picked) < before {
			qm.hint = "“" + c.Label + "” ticked, so the choice that means none of them was unticked."
		}
	}
	// keep bank order
	qm.picked = append(qm.picked, id)
	slices.SortFunc(qm.picked, func(a, b string) int { return slices.Index(rows, a) - slices.Index(rows, b) })
	return nil
}

// choose answers with the row under the cursor (single, yes/no) or the ticked
// choices (multi).
func (qm *questionModel) choose(m *Model) tea.Cmd {
	if qm.q.Type == assess.TypeText {
		qm.mode = qmText // back to typing
		return qm.text.Focus()
	}
	rows := qm.rows()
	if len(rows) == 0 {
		return nil
	}
	values := qm.picked
	if qm.q.Type != assess.TypeMulti {
		id := rows[qm.cursor]
		if id == unsureRow {
			return qm.askOwner(m)
		}
		values = []string{id}
	}
	if len(values) == 0 {
		qm.hint = "Tick one or more choices with space, then press enter (or u not sure, s skip, a not applicable)."
		return nil
	}
	return qm.commit(m, assess.Answer{State: assess.AnswerAnswered, Values: slices.Clone(values)})
}

// askOwner answers "not sure" after asking who can find out, and by when
// (both optional).
func (qm *questionModel) askOwner(m *Model) tea.Cmd {
	qm.mode = qmOwner
	a := m.sess.asm.Answers[qm.q.ID]
	owner := newInput("who can find out? (optional)", 44)
	owner.SetValue(a.Owner)
	due := newInput("YYYY-MM-DD (optional)", 44)
	due.SetValue(a.FollowUp)
	qm.unsure = fields{list: []textField{owner, due}, enterSaves: true}
	return qm.unsure.focusField(0)
}

func (qm *questionModel) unsureKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	cmd, act := qm.unsure.key(msg)
	switch act {
	case formCancel:
		qm.leaveAux(m)
	case formSubmit:
		due := qm.unsure.value(1)
		if due != "" {
			if _, err := time.Parse(time.DateOnly, due); err != nil {
				qm.hint = "The follow-up date must look like 2027-01-31, or be empty."
				return nil
			}
		}
		qm.leaveAux(m)
		qid := qm.q.ID // commit moves on to the next question
		cmd := qm.commit(m, assess.Answer{State: assess.AnswerUnsure, Owner: qm.unsure.value(0), FollowUp: due})
		if m.sess.overdueNote(qid) != "" {
			m.status = strings.TrimSpace(m.status + " The follow-up date " + due + " is past: it shows as overdue.")
		}
		return cmd
	}
	return cmd
}

func (qm *questionModel) textKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Select):
		v := strings.TrimSpace(qm.text.Value())
		if v == "" {
			qm.hint = "Type an answer first, or press esc and then u (not sure), s (skip) or a (not applicable)."
			return nil
		}
		return qm.commit(m, assess.Answer{State: assess.AnswerAnswered, Text: v})
	case key.Matches(msg, k.Cancel):
		qm.text.Blur()
		qm.mode = qmChoose
		qm.hint = "Keys are commands now: enter types again, u not sure, s skip, a not applicable, n note, esc back."
		return nil
	case msg.String() == "tab":
		qm.keepPending(m)
		return qm.forward(m)
	case msg.String() == "shift+tab":
		qm.keepPending(m)
		return qm.backward(m)
	case key.Matches(msg, k.NextOpenTyping):
		return qm.toNextOpen(m)
	}
	var cmd tea.Cmd
	qm.text, cmd = qm.text.Update(msg)
	return cmd
}

// toNextOpen keeps what is pending and shows the next open question.
func (qm *questionModel) toNextOpen(m *Model) tea.Cmd {
	qm.keepPending(m)
	next := m.sess.nextOpen(qm.q.ID)
	if next == nil {
		m.status = "No other question is open."
		if f := followUps(m.sess.result.Overall); f != "" {
			m.status += " " + f + " to follow up: r reviews them."
		}
		return nil
	}
	cmd := m.openQuestion(next.ID, screenQuestion)
	m.status = m.sess.remaining()
	return cmd
}

// keepPending saves what was typed, ticked or picked but not confirmed with
// enter when the user moves away, so nothing entered is lost. A tenant
// pre-selection the user did not touch is not an answer.
func (qm *questionModel) keepPending(m *Model) {
	a, ok := m.sess.asm.Answers[qm.q.ID]
	var ans assess.Answer
	switch {
	case qm.q.Type == assess.TypeText:
		v := strings.TrimSpace(qm.text.Value())
		if v == "" || ok && a.State == assess.AnswerAnswered && a.Text == v {
			return
		}
		ans = assess.Answer{State: assess.AnswerAnswered, Text: v}
	case qm.dirty && len(qm.picked) > 0:
		if ok && a.State == assess.AnswerAnswered && assess.SameChoices(a.Values, qm.picked) {
			return
		}
		ans = assess.Answer{State: assess.AnswerAnswered, Values: slices.Clone(qm.picked)}
	default:
		return
	}
	ans.Source = qm.source(ans)
	if err := m.sess.setAnswer(qm.q.ID, ans); err != nil {
		m.err = err
		return
	}
	qm.dirty = false
	m.status = "✓ " + qm.q.ID + ": kept " + m.sess.asm.Answers[qm.q.ID].Describe(qm.q) + " — saved"
	if c := m.sess.conflict(qm.q.ID); c != nil {
		m.status = "⚠ " + qm.q.ID + ": kept " + m.sess.asm.Answers[qm.q.ID].Describe(qm.q) + " — saved, but " + conflictLine(c)
	}
}

// source says whether an answer is the tenant's pre-selection, kept.
func (qm *questionModel) source(a assess.Answer) assess.AnswerSource {
	if a.State == assess.AnswerAnswered && len(qm.implied) > 0 && len(a.Values) > 0 && assess.SameChoices(a.Values, qm.implied) {
		return assess.SourceTenant
	}
	return assess.SourceUser
}

func (qm *questionModel) auxKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Cancel):
		qm.leaveAux(m)
		return nil
	case key.Matches(msg, k.Select):
		v := strings.TrimSpace(qm.aux.Value())
		if err := m.sess.setNote(qm.q.ID, v); err != nil {
			m.err = err
		} else if v == "" {
			m.status = "Note removed from " + qm.q.ID
		} else {
			m.status = "Note saved on " + qm.q.ID
		}
		qm.leaveAux(m)
		return nil
	}
	var cmd tea.Cmd
	qm.aux, cmd = qm.aux.Update(msg)
	return cmd
}

// leaveAux closes the note or owner fields, back to the widget.
func (qm *questionModel) leaveAux(m *Model) {
	qm.aux.Blur()
	qm.mode = qmChoose
	if qm.q.Type == assess.TypeText && !m.sess.answered(qm.q.ID) {
		qm.mode = qmText
		qm.text.Focus()
	}
}

func (qm *questionModel) jumpKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	secs := m.sess.bank.Sections
	// the numbers in the box pick a section at once
	if r := msg.String(); len(r) == 1 && r[0] >= '1' && int(r[0]-'0') <= len(secs) {
		qm.jump = int(r[0] - '1')
		msg = tea.KeyPressMsg{Code: tea.KeyEnter}
	}
	switch {
	case key.Matches(msg, k.Up):
		if qm.jump > 0 {
			qm.jump--
		}
	case key.Matches(msg, k.Down):
		if qm.jump < len(secs)-1 {
			qm.jump++
		}
	case key.Matches(msg, k.Cancel), key.Matches(msg, k.Jump):
		qm.mode = qmChoose
	case key.Matches(msg, k.Select):
		qm.mode = qmChoose
		first := m.sess.firstOpenIn(secs[qm.jump].ID)
		if first == nil {
			qm.hint = "No question of " + secs[qm.jump].Title + " applies, given the answers so far."
			return nil
		}
		return m.openQuestion(first.ID, screenQuestion)
	}
	return nil
}

// commit saves an answer (autosave), re-evaluates, and moves on.
func (qm *questionModel) commit(m *Model, a assess.Answer) tea.Cmd {
	s := m.sess
	a.Source = qm.source(a)
	if err := s.setAnswer(qm.q.ID, a); err != nil {
		m.err = err
		return nil
	}
	m.status = "✓ " + qm.q.ID + ": " + s.asm.Answers[qm.q.ID].Describe(qm.q) + " — saved"
	if c := s.conflict(qm.q.ID); c != nil {
		// Said at once, not on a revisit; nothing extra to answer.
		m.status = "⚠ " + qm.q.ID + ": " + s.asm.Answers[qm.q.ID].Describe(qm.q) + " — saved, but " + conflictLine(c)
	}
	if qm.returnTo == screenQuestion && s.nextVisible(qm.q.ID) == nil {
		// The last question in order: on to the next open one, if any.
		if next := s.nextOpen(qm.q.ID); next != nil {
			cmd := m.openQuestion(next.ID, screenQuestion)
			m.status = "That was the last question in order. " + s.remaining() + " This is the first of them; r reviews all."
			return cmd
		}
		m.status = "That was the last question, and none is left to answer."
		if f := followUps(s.result.Overall); f != "" {
			m.status += " " + f + " to follow up (f in the review lists them)."
		}
		m.status += " Review the answers, then see the results."
	}
	return qm.forward(m)
}

func (qm *questionModel) forward(m *Model) tea.Cmd {
	if qm.returnTo == screenReview {
		// Back to the review, on the next open question.
		cmd := m.openScreen(screenReview)
		if m.review.toNextOpen(m.sess, qm.q.ID) {
			m.status = strings.TrimSpace(m.status + " " + m.sess.remaining())
		}
		return cmd
	}
	if qm.returnTo != screenQuestion {
		return m.openScreen(qm.returnTo)
	}
	if next := m.sess.nextVisible(qm.q.ID); next != nil {
		return m.openQuestion(next.ID, screenQuestion)
	}
	return m.openScreen(screenReview)
}

func (qm *questionModel) backward(m *Model) tea.Cmd {
	if qm.returnTo != screenQuestion {
		return m.openScreen(qm.returnTo)
	}
	if prev := m.sess.prevVisible(qm.q.ID); prev != nil {
		return m.openQuestion(prev.ID, screenQuestion)
	}
	return m.openScreen(screenEvidence)
}
