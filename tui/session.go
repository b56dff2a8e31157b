package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ppwaf/se06/assess"
)

// session is the assessment being worked on: the bank, the assessment file,
// where it is saved, and the latest evaluation. Screens share one session
// through the root model; it is never global.
type session struct {
	bank *assess.Bank
	asm  *assess.Assessment
	path string
	// shown is how the file is named on screen; the path when empty.
	shown string
	now   func() time.Time
	demo  bool
	// factsFrom says where the facts came from: "demo tenant", "live", a file.
	factsFrom string

	result *assess.Result
	// byID indexes result.Questions.
	byID map[string]int
	// visible lists the questions whose condition holds, in bank order.
	visible []*assess.Question

	// notes holds notes typed on questions that have no answer yet; they are
	// attached to the answer when it is given.
	notes map[string]string

	lastSaved time.Time
	saveErr   error
	// checked is set once the file at path is known not to hold more work
	// than this session (the first save looks).
	checked bool
}

func newSession(b *assess.Bank, asm *assess.Assessment, path string, now func() time.Time) (*session, error) {
	s := &session{bank: b, asm: asm, path: path, now: now, notes: map[string]string{}}
	if asm.Answers == nil {
		asm.Answers = assess.Answers{}
	}
	if err := s.evaluate(); err != nil {
		return nil, err
	}
	return s, nil
}

// evaluate re-runs the engine: it gives the evidence per question, the
// visibility of every question and the scores. It is fast enough to run after
// every answer.
func (s *session) evaluate() error {
	res, err := assess.Evaluate(s.asm.Input(s.bank, s.now()))
	if err != nil {
		return fmt.Errorf("evaluate assessment: %w", err)
	}
	s.result = res
	s.byID = make(map[string]int, len(res.Questions))
	s.visible = s.visible[:0]
	for i, qr := range res.Questions {
		s.byID[qr.QuestionID] = i
		if qr.Visible {
			if q, ok := s.bank.Question(qr.QuestionID); ok {
				s.visible = append(s.visible, q)
			}
		}
	}
	return nil
}

// name is the assessment file as the screens show it.
func (s *session) name() string {
	if s.shown != "" {
		return s.shown
	}
	return s.path
}

// save writes the assessment file atomically and remembers the outcome for
// the status line.
func (s *session) save() error {
	now := s.now()
	if !s.checked {
		// No start-up path may write over a file with more work in it.
		if p := overwriteProblem(s.path, s.bank, answerCount(s.asm)); p != "" {
			s.saveErr = errors.New(p)
			return s.saveErr
		}
		s.checked = true
	}
	if err := s.asm.Save(s.path, now); err != nil {
		s.saveErr = err
		return err
	}
	s.saveErr = nil
	s.lastSaved = now
	return nil
}

// setAnswer records an answer, keeps its note, re-evaluates and saves.
func (s *session) setAnswer(qid string, a assess.Answer) error {
	prev, had := s.asm.Answers[qid]
	if a.Note == "" {
		if n, ok := s.notes[qid]; ok {
			a.Note = n
		} else if had {
			a.Note = prev.Note
		}
	}
	delete(s.notes, qid)
	a.Updated = s.now().UTC()
	s.asm.Answers[qid] = a
	s.asm.Progress.Current = qid
	if err := s.evaluate(); err != nil {
		return err
	}
	return s.save()
}

// setNote sets the note of a question: on its answer if it has one, else as
// a draft that the answer will carry.
func (s *session) setNote(qid, note string) error {
	a, ok := s.asm.Answers[qid]
	if !ok {
		s.notes[qid] = note
		return nil
	}
	a.Note = note
	s.asm.Answers[qid] = a
	return s.save()
}

// note returns the note of a question, answered or not.
func (s *session) note(qid string) string {
	if n, ok := s.notes[qid]; ok {
		return n
	}
	return s.asm.Answers[qid].Note
}

// setCurrent records the question on screen, so resume opens there.
func (s *session) setCurrent(qid string) {
	if s.asm.Progress.Current == qid {
		return
	}
	s.asm.Progress.Current = qid
	_ = s.save() // the error is shown in the status line
}

// setFacts attaches tenant facts, re-evaluates and saves. from says where
// they came from, for the screens.
func (s *session) setFacts(f *assess.Facts, from string) error {
	s.asm.Facts = f
	s.factsFrom = from
	if err := s.evaluate(); err != nil {
		return err
	}
	return s.save()
}

// questionResult returns the evaluation of one question.
func (s *session) questionResult(qid string) (assess.QuestionResult, bool) {
	i, ok := s.byID[qid]
	if !ok {
		return assess.QuestionResult{}, false
	}
	return s.result.Questions[i], true
}

// visibleIndex gives the position of a question among the visible ones, or -1.
func (s *session) visibleIndex(qid string) int {
	for i, q := range s.visible {
		if q.ID == qid {
			return i
		}
	}
	return -1
}

// nextVisible returns the first visible question after qid in bank order
// (qid itself may have become hidden), or nil at the end.
func (s *session) nextVisible(qid string) *assess.Question {
	return s.stepVisible(qid, +1)
}

// prevVisible returns the last visible question before qid, or nil.
func (s *session) prevVisible(qid string) *assess.Question {
	return s.stepVisible(qid, -1)
}

func (s *session) stepVisible(qid string, dir int) *assess.Question {
	all := s.bank.Questions()
	pos := -1
	for i, q := range all {
		if q.ID == qid {
			pos = i
			break
		}
	}
	if pos < 0 {
		return nil
	}
	for i := pos + dir; i >= 0 && i < len(all); i += dir {
		if s.isVisible(all[i].ID) {
			return all[i]
		}
	}
	return nil
}

func (s *session) isVisible(qid string) bool {
	qr, ok := s.questionResult(qid)
	return ok && qr.Visible
}

// firstVisibleIn returns the first visible question of a section.
func (s *session) firstVisibleIn(section string) *assess.Question {
	for _, q := range s.visible {
		if q.Section == section {
			return q
		}
	}
	return nil
}

// answered reports whether a question has a recorded answer of any state.
func (s *session) answered(qid string) bool {
	a, ok := s.asm.Answers[qid]
	return ok && a.State != ""
}

// sectionScore is a section's score with its question counts, from the
// result: every screen reads its figures there.
func (s *session) sectionScore(section string) assess.Score {
	for _, sc := range s.result.Sections {
		if sc.ID == section {
			return sc
		}
	}
	return assess.Score{}
}

// sectionProgress gives a section's answered and visible questions (assess
// counts them: a real answer, the user's or the tenant's).
func (s *session) sectionProgress(section string) (answered, total int) {
	sc := s.sectionScore(section)
	return sc.Answered, sc.Total
}

// sectionDone reports whether no question of a section is left open.
func (s *session) sectionDone(section string) bool {
	sc := s.sectionScore(section)
	return sc.Total > 0 && sc.Open == 0
}

// progress gives the answered and visible questions overall, from the result.
func (s *session) progress() (answered, total int) {
	return s.result.Overall.Answered, s.result.Overall.Total
}

// status gives where a question stands, as assess counts it.
func (s *session) status(qid string) assess.QuestionStatus {
	qr, _ := s.questionResult(qid)
	return qr.Status
}

// resumeQuestion picks where to resume: the saved current question if it is
// still visible, else the first open one, else the first.
func (s *session) resumeQuestion() *assess.Question {
	if c := s.asm.Progress.Current; c != "" && s.isVisible(c) {
		q, _ := s.bank.Question(c)
		return q
	}
	for _, q := range s.visible {
		if s.isOpen(q.ID) {
			return q
		}
	}
	if len(s.visible) > 0 {
		return s.visible[0]
	}
	return nil
}

// conflict returns the evaluation's conflict on a question, if any: the
// same list the report shows.
func (s *session) conflict(qid string) *assess.Conflict {
	if s.result == nil {
		return nil
	}
	for i := range s.result.Conflicts {
		if s.result.Conflicts[i].QuestionID == qid {
			return &s.result.Conflicts[i]
		}
	}
	return nil
}

// sectionConflicts counts the conflicts among a section's visible questions.
func (s *session) sectionConflicts(section string) int {
	n := 0
	for _, q := range s.visible {
		if q.Section == section && s.conflict(q.ID) != nil {
			n++
		}
	}
	return n
}

// conflictLine says what a conflict is, for the status line and the
// accessible mode: "the tenant shows Some of them; the report lists it as a
// conflict", or "the tenant rules out “All”: <facts>; …" (Conflict.TenantSays).
func conflictLine(c *assess.Conflict) string {
	if c.TenantText == "" {
		return "the tenant shows " + c.Summary + ": the report lists it as a conflict"
	}
	return c.TenantSays() + "; the report lists it as a conflict"
}

// isOpen reports whether a visible question is open as assess counts it
// (Result.Overall.Open): never touched, and the tenant could not tell. A
// question the tenant decides is answered; not sure and skipped are not open.
func (s *session) isOpen(qid string) bool {
	return s.status(qid) == assess.QuestionOpen
}

// nextOpen returns the first open question after qid in bank order, wrapping
// round to the start; qid itself is never returned. nil when none is open.
// It visits exactly Result.OpenQuestions.
func (s *session) nextOpen(qid string) *assess.Question {
	start := s.visibleIndex(qid)
	if start < 0 {
		// qid became hidden: start from the visible question after it
		if next := s.nextVisible(qid); next != nil {
			start = s.visibleIndex(next.ID) - 1
		}
	}
	n := len(s.visible)
	for i := 1; i <= n; i++ {
		q := s.visible[((start+i)%n+n)%n]
		if q.ID != qid && s.isOpen(q.ID) {
			return q
		}
	}
	return nil
}

// firstOpenIn returns a section's first open question, else its first one.
func (s *session) firstOpenIn(section string) *assess.Question {
	for _, q := range s.visible {
		if q.Section == section && s.isOpen(q.ID) {
			return q
		}
	}
	return s.firstVisibleIn(section)
}

// remaining says how many questions are left to answer (Result.Overall.Open)
// and, apart, how many were marked not sure or skipped, for the status line.
func (s *session) remaining() string {
	o := s.result.Overall
	var out string
	switch o.Open {
	case 0:
		out = "No question is left to answer."
	case 1:
		out = "1 question is left to answer (open)."
	default:
		out = fmt.Sprintf("%d questions are left to answer (open).", o.Open)
	}
	if f := followUps(o); f != "" {
		out += " " + f + " to follow up."
	}
	return out
}

// followUps names the not sure and skipped questions: "2 not sure and 1
// skipped"; "" when there are none.
func followUps(o assess.Score) string {
	var parts []string
	if o.NotSure > 0 {
		parts = append(parts, fmt.Sprintf("%d not sure", o.NotSure))
	}
	if o.Skipped > 0 {
		parts = append(parts, fmt.Sprintf("%d skipped", o.Skipped))
	}
	return strings.Join(parts, " and ")
}

// overdueNote marks a "not sure" whose follow-up date has passed, as the
// evaluation decided it (assess owns the one definition of overdue).
func (s *session) overdueNote(qid string) string {
	if s.result == nil {
		return ""
	}
	if _, late := s.result.OverdueOf(qid); late {
		return " — OVERDUE"
	}
	return ""
}

// overdueFollowUps lists the evaluation's overdue follow-ups: "AR-02 (2026-01-31)".
func (s *session) overdueFollowUps() []string {
	if s.result == nil {
		return nil
	}
	out := make([]string, 0, len(s.result.Overdue))
	for _, o := range s.result.Overdue {
		out = append(out, o.QuestionID+" ("+o.FollowUp+")")
	}
	return out
}
