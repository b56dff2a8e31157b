package tui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/internal/termsafe"
)

// errQuit ends the accessible run early, on the user's request.
var errQuit = errors.New("quit")

// accessible is the plain, line-by-line wizard: no alternate screen, no
// cursor movement, no colour; every prompt is one line a screen reader reads.
type accessible struct {
	ctx  context.Context
	opts Options
	in   <-chan line
	out  io.Writer
	sess *session
}

// RunAccessible runs the wizard as plain prompts on in and out.
func RunAccessible(ctx context.Context, opts Options, in io.Reader, out io.Writer) error {
	a := &accessible{ctx: ctx, opts: opts, in: readLines(in), out: out}
	err := a.run()
	if a.sess != nil {
		if serr := a.sess.save(); serr != nil && err == nil {
			err = serr
		}
		a.say("Assessment saved to %s. Resume with: %s", a.sess.path, a.opts.resumeCommand(a.sess.path, true))
	}
	switch {
	case errors.Is(err, errQuit), errors.Is(err, io.EOF):
		return nil
	case ctx.Err() != nil:
		return ErrInterrupted
	}
	return err
}

// say prints one message. Messages carry tenant and file data (environment,
// vault and key names, notes, titles), so every one goes through termsafe:
// an escape sequence or a bidi override in a name is shown, never obeyed.
func (a *accessible) say(format string, args ...any) {
	fmt.Fprintln(a.out, termsafe.Text(fmt.Sprintf(format, args...)))
}

// line is one line read from the user, or the error that ended the input.
type line struct {
	text string
	err  error
}

// readLines reads lines in the background, so that ctrl+c (a cancelled
// context) does not wait for the next enter.
func readLines(in io.Reader) <-chan line {
	ch := make(chan line)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 0, 4096), 1<<20)
		for sc.Scan() {
			ch <- line{text: sc.Text()}
		}
		err := sc.Err()
		if err == nil {
			err = io.EOF
		}
		ch <- line{err: err}
	}()
	return ch
}

// ask prints a prompt and reads one line. The end of the input ends the run
// (the answers are saved).
func (a *accessible) ask(prompt string) (string, error) {
	if err := a.ctx.Err(); err != nil {
		return "", err
	}
	fmt.Fprint(a.out, termsafe.Text(prompt)+" ")
	select {
	case <-a.ctx.Done():
		fmt.Fprintln(a.out)
		return "", a.ctx.Err()
	case l, ok := <-a.in:
		switch {
		case !ok || errors.Is(l.err, io.EOF):
			fmt.Fprintln(a.out)
			return "", io.EOF
		case l.err != nil:
			return "", fmt.Errorf("read answer: %w", l.err)
		}
		return strings.TrimSpace(l.text), nil
	}
}

func (a *accessible) run() error {
	a.say("se06: Power Platform Well-Architected SE:06, data encryption. Accessible mode: one prompt per line.")
	if err := a.begin(); err != nil {
		return err
	}
	if err := a.evidence(); err != nil {
		return err
	}
	if err := a.questions(); err != nil {
		return err
	}
	return a.results()
}

// begin opens, creates or demos an assessment.
func (a *accessible) begin() error {
	o := a.opts
	switch {
	case o.Resume != "":
		return a.open(o.Resume)
	case o.Demo:
		return a.fromMsg(demoCmd(o)())
	}
	recent := recentFiles(o.dir(), o.Bank, o.now(), 5)
	a.say("Start. Choose a number:")
	a.say("  1. New assessment")
	for i, r := range recent {
		switch {
		case r.problem != "" && r.backup != nil:
			a.say("  %d. Resume %s (%s; its backup holds %d of %d answered and can be restored)", i+2, filepath.Base(r.path), r.problem, r.backup.done, r.backup.total)
		case r.problem != "":
			a.say("  %d. Resume %s (%s)", i+2, filepath.Base(r.path), r.problem)
		default:
			a.say("  %d. Resume %s (%s, %d of %d answered)", i+2, filepath.Base(r.path), orDefault(r.title, "untitled"), r.done, r.total)
		}
	}
	demo := len(recent) + 2
	if plan := planDemo(o.dir(), o.Bank, o.now); plan.resume {
		a.say("  %d. Demo mode: resume %s (%d of %d answered)", demo, filepath.Base(plan.path), plan.done, plan.total)
	} else {
		a.say("  %d. Demo mode (the fictional demo tenant), saved as %s", demo, filepath.Base(plan.path))
	}
	for {
		line, err := a.ask("Choice, 1 to " + strconv.Itoa(demo) + ":")
		if err != nil {
			return err
		}
		n, _ := strconv.Atoi(line)
		switch {
		case n == 1:
			return a.create()
		case n >= 2 && n < demo:
			return a.open(recent[n-2].path)
		case n == demo:
			return a.fromMsg(demoCmd(o)())
		case line == "q":
			return errQuit
		}
		a.say("Please type a number from 1 to %d, or q to quit.", demo)
	}
}

func (a *accessible) open(path string) error {
	return a.fromMsg(openFileCmd(a.opts, path)())
}

func (a *accessible) fromMsg(msg any) error {
	switch msg := msg.(type) {
	case errMsg:
		return msg.err
	case sessionMsg:
		a.sess = msg.sess
		a.say("Assessment file: %s", msg.sess.path)
		if msg.status != "" {
			a.say("%s", msg.status)
		}
		return nil
	case restoreMsg:
		b := msg.bak
		a.say("%s.", msg.problem)
		a.say("Its backup %s: %s, %d of %d answered, saved %s.", b.path, orDefault(b.title, "untitled"), b.done, b.total, a.opts.local(b.saved).Format("2 Jan 2006 15:04"))
		line, err := a.ask("Restore the backup as " + b.target + "? The current file is kept beside it. yes or no:")
		if err != nil {
			return err
		}
		if !strings.HasPrefix(strings.ToLower(line), "y") {
			return fmt.Errorf("%s was not opened; nothing was changed", msg.path)
		}
		if err := restoreBackup(b, a.opts.Bank); err != nil {
			return err
		}
		return a.fromMsg(openFileCmdStatus(a.opts, b.target, fmt.Sprintf("Restored %s from its backup.", b.target))())
	}
	return fmt.Errorf("unexpected start message %T", msg)
}

func (a *accessible) create() error {
	labels := []string{"Title", "Organization", "Workload", "Assessor", "Facilitator"}
	vals := make([]string, len(labels))
	for i, l := range labels {
		v, err := a.ask(l + " (enter to leave empty):")
		if err != nil {
			return err
		}
		vals[i] = v
	}
	meta := assess.Metadata{Title: orDefault(vals[0], "SE:06 data encryption assessment"), Organization: vals[1], Workload: vals[2], Assessor: vals[3], Facilitator: vals[4]}
	def := filepath.Join(a.opts.dir(), defaultFileName(meta, vals[0] != ""))
	path, err := a.ask("File to save to (enter for " + def + "):")
	if err != nil {
		return err
	}
	return a.fromMsg(newAssessmentCmd(a.opts, meta, orDefault(path, def))())
}

// evidence offers the live collection or a snapshot, when there are no facts.
func (a *accessible) evidence() error {
	if a.sess.asm.Facts != nil || len(a.sess.asm.Answers) > 0 {
		return nil
	}
	src := a.opts.Sources
	if src.Collect != nil {
		line, err := a.ask("Sign in and read the tenant now, read-only? yes or no:")
		if err != nil {
			return err
		}
		if strings.HasPrefix(strings.ToLower(line), "y") {
			return a.collect()
		}
	}
	line, err := a.ask("Path of a facts snapshot to load (enter for questions only):")
	if err != nil || line == "" {
		return err
	}
	f, err := assess.LoadFacts(line)
	if err != nil {
		a.say("Could not load it: %s. Continuing with questions only.", fileProblem(line, err))
		return nil
	}
	return a.sess.setFacts(f, filepath.Base(line))
}

func (a *accessible) collect() error {
	src := a.opts.Sources
	var mu sync.Mutex // the tenant reader reports from several goroutines
	prompt := func(msg string) { mu.Lock(); a.say("Sign in: %s", msg); mu.Unlock() }
	preflight := func(items []PreflightItem) {
		mu.Lock()
		defer mu.Unlock()
		for _, it := range items {
			if !it.WillRun {
				a.say("Will skip %s: %s", it.Check, it.Reason)
			}
		}
	}
	facts, err := src.Collect(a.ctx, func(p CollectProgress) {
		mu.Lock()
		defer mu.Unlock()
		switch p.State {
		case "running":
		case StateNote:
			a.say("Note: %s", p.Detail)
		default:
			a.say("%s: %s %s", p.Check, strings.ReplaceAll(p.State, "-", " "), p.Detail)
		}
	}, prompt, preflight)
	if err != nil {
		a.say("Reading the tenant failed: %v. Continuing with questions only.", err)
		return nil
	}
	a.say("Tenant read: %d environments.", len(facts.Environments))
	return a.sess.setFacts(facts, "live")
}

// questions asks every visible question in order, from where the
// assessment was left.
func (a *accessible) questions() error {
	s := a.sess
	q := s.resumeQuestion()
	a.say("Commands at every question: a number answers; u not sure; s skip; na not applicable; n note; b back; r review; enter keeps the current answer; q saves and quits.")
	for q != nil {
		s.setCurrent(q.ID)
		next, err := a.question(q)
		if err != nil {
			return err
		}
		q = next
	}
	// The end: a review, where any answer can be changed.
	a.say("That was the last question. %s", s.remaining())
	return a.reviewLoop(nil)
}

// reviewLoop reviews until the user goes on: each chosen question is asked
// once, then the review comes back (as in the full-screen review).
func (a *accessible) reviewLoop(stay *assess.Question) error {
	for {
		q, err := a.review(stay)
		if err != nil || q == nil || q == stay {
			return err
		}
		if _, err := a.question(q); err != nil {
			return err
		}
	}
}

// review reads out the open answers and returns the question to change; enter
// returns stay (the question it was called from, or nil at the end: the
// results).
func (a *accessible) review(stay *assess.Question) (*assess.Question, error) {
	s := a.sess
	var parts []string
	for _, c := range reviewCounts(s) {
		parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
	}
	a.say("")
	a.say("Review. %s.", strings.Join(parts, ", "))
	if n := len(s.result.Conflicts); n > 0 {
		a.say("%d %s with the tenant:", n, plural(n, "answer disagrees", "answers disagree"))
		for _, c := range s.result.Conflicts {
			a.say("Conflict: %s, you answered %s; %s.", c.QuestionID, c.AnswerText, conflictLine(&c))
		}
	}
	for _, q := range s.visible {
		// The statuses assess counts: open (never touched, not decided by
		// the tenant) apart from not sure and skipped.
		switch st := s.status(q.ID); {
		case st == assess.QuestionOpen:
			a.say("Open: %s, %s.", q.ID, q.Short)
		case !st.Settled():
			a.say("Follow up: %s, %s: %s.", q.ID, q.Short, s.asm.Answers[q.ID].Describe(q)+s.overdueNote(q.ID))
		}
	}
	for {
		then := "enter for the results"
		if stay != nil {
			then = "enter to go back to " + stay.ID
		}
		line, err := a.ask("Type a question ID to change its answer, all to hear every answer, or " + then + ":")
		if err != nil {
			return nil, err
		}
		switch id := strings.ToUpper(strings.TrimSpace(line)); {
		case id == "":
			return stay, nil
		case id == "ALL":
			for _, q := range s.visible {
				a.say("%s, %s: %s.", q.ID, q.Short, s.asm.Answers[q.ID].Describe(q))
			}
		case id == "Q" || id == "QUIT":
			return nil, errQuit
		default:
			if q, ok := s.bank.Question(id); ok && s.isVisible(id) {
				return q, nil
			}
			a.say("%s is not one of the questions asked.", line)
		}
	}
}

// question asks one question and returns the next one to ask (nil at the end).
func (a *accessible) question(q *assess.Question) (*assess.Question, error) {
	s := a.sess
	sec, _ := s.bank.Section(q.Section)
	a.say("")
	a.say("Question %d of %d. Section: %s.", s.visibleIndex(q.ID)+1, len(s.visible), sec.Title)
	a.say("%s: %s", q.ID, q.Prompt)
	a.say("Help: %s", strings.Join(strings.Fields(q.Help), " "))
	if len(q.Links) > 0 {
		a.say("Documentation: %s, %s", q.Links[0].Title, q.Links[0].URL)
	}
	qr, _ := s.questionResult(q.ID)
	var implied []string
	if o := qr.Observation; o != nil {
		a.say("From the tenant: %s", o.Summary)
		if o.Decides() {
			implied = o.Implies
			a.say("The tenant implies: %s.", q.Labels(o.Implies))
		}
	}
	for _, l := range ruledOutLines(qr.RuledOut) {
		a.say("The tenant %s", strings.ToLower(l[:1])+l[1:])
	}
	cur, has := s.asm.Answers[q.ID]
	if has {
		a.say("Current answer: %s.", cur.Describe(q))
	}
	for i, c := range q.Choices {
		a.say("  %d. %s", i+1, c.Label)
	}
	prompt := "Answer:"
	switch q.Type {
	case assess.TypeMulti:
		prompt = "Answer, one or more numbers separated by commas:"
	case assess.TypeText:
		prompt = "Answer, free text:"
	}
	for {
		line, err := a.ask(prompt)
		if err != nil {
			return nil, err
		}
		ans, done, err := a.parse(q, line, has, implied)
		switch {
		case errors.Is(err, errQuit), errors.Is(err, io.EOF), a.ctx.Err() != nil:
			return nil, err
		case errors.Is(err, errBack):
			if p := s.prevVisible(q.ID); p != nil {
				return p, nil
			}
			a.say("This is the first question.")
			continue
		case errors.Is(err, errReview):
			if err := a.reviewLoop(q); err != nil {
				return nil, err
			}
			return q, nil // ask this question again
		case err != nil:
			a.say("%v", err)
			continue
		case !done:
			continue
		}
		if ans != nil {
			if err := s.setAnswer(q.ID, *ans); err != nil {
				return nil, err
			}
			a.say("Saved: %s.", s.asm.Answers[q.ID].Describe(q))
			if c := s.conflict(q.ID); c != nil {
				a.say("Conflict: %s.", conflictLine(c))
			}
		}
		next := s.nextVisible(q.ID)
		if next != nil {
			s.setCurrent(next.ID)
		}
		return next, nil
	}
}

// errBack and errReview are the back and review commands.
var (
	errBack   = errors.New("back")
	errReview = errors.New("review")
)

// hint is a message that asks the user to type again.
type hint string

func (h hint) Error() string { return string(h) }

// parse turns a typed line into an answer. done is false when the line was a
// command that stays on the question (a note).
func (a *accessible) parse(q *assess.Question, line string, has bool, implied []string) (*assess.Answer, bool, error) {
	switch strings.ToLower(line) {
	case "q", "quit":
		return nil, false, errQuit
	case "b", "back":
		return nil, false, errBack
	case "r", "review":
		return nil, false, errReview
	case "s", "skip":
		return &assess.Answer{State: assess.AnswerSkipped}, true, nil
	case "na", "n/a", "not applicable":
		return &assess.Answer{State: assess.AnswerNotApplicable}, true, nil
	case "u", "unsure", "not sure":
		owner, err := a.ask("Who can find out? (enter to leave empty):")
		if err != nil {
			return nil, false, err
		}
		for {
			due, err := a.ask("Follow up by, as YYYY-MM-DD (enter to leave empty):")
			if err != nil {
				return nil, false, err
			}
			if _, perr := time.Parse(time.DateOnly, due); due == "" || perr == nil {
				return &assess.Answer{State: assess.AnswerUnsure, Owner: owner, FollowUp: due}, true, nil
			}
			a.say("That is not a date like 2027-01-31.")
		}
	case "n", "note":
		note, err := a.ask("Note:")
		if err != nil {
			return nil, false, err
		}
		if err := a.sess.setNote(q.ID, note); err != nil {
			return nil, false, err
		}
		a.say("Note saved. Now the answer, please.")
		return nil, false, nil
	case "":
		if has {
			return nil, true, nil
		}
		if len(implied) > 0 {
			return &assess.Answer{State: assess.AnswerAnswered, Values: slices.Clone(implied), Source: assess.SourceTenant}, true, nil
		}
		return nil, false, hint("Please answer, or type s to skip.")
	}
	if q.Type == assess.TypeText {
		return &assess.Answer{State: assess.AnswerAnswered, Text: line, Source: assess.SourceUser}, true, nil
	}
	var vals []string
	for _, part := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(part)
		if err != nil || n < 1 || n > len(q.Choices) {
			return nil, false, fmt.Errorf("%q is not a choice; type a number from 1 to %d", part, len(q.Choices))
		}
		vals = append(vals, q.Choices[n-1].ID)
	}
	if q.Type != assess.TypeMulti && len(vals) != 1 {
		return nil, false, hint("Please type one number.")
	}
	if len(vals) > 1 {
		for i, c := range q.Choices {
			if c.Exclusive && slices.Contains(vals, c.ID) {
				return nil, false, hint(fmt.Sprintf("%d, %s, means none of the others: type it alone, or leave it out.", i+1, c.Label))
			}
		}
	}
	ans := assess.Answer{State: assess.AnswerAnswered, Values: vals, Source: assess.SourceUser}
	if probs := assess.ValidateAnswer(q, ans); len(probs) > 0 {
		return nil, false, errors.New(strings.Join(probs, "; "))
	}
	if len(implied) > 0 && assess.SameChoices(vals, implied) {
		ans.Source = assess.SourceTenant
	}
	return &ans, true, nil
}

// results prints the grade, scores, conflicts and open findings, then offers
// to write the reports.
func (a *accessible) results() error {
	s := a.sess
	s.asm.Progress.Finished = true
	if err := s.save(); err != nil {
		return err
	}
	res := s.result
	a.say("")
	a.say("All questions done. Results.")
	score := "no score yet"
	if res.Overall.Value != nil {
		score = fmt.Sprintf("%.0f out of 100", *res.Overall.Value)
	}
	a.say("%s Score %s.", res.Grade.Summary, score)
	c := res.Counts
	a.say("%s. Findings to fix: %d high, %d medium, %d low, %d info; %d to find out. Conflicts with the tenant: %d. Accepted risks: %d.",
		res.Overall.QuestionCounts(), c.ToFix.High, c.ToFix.Medium, c.ToFix.Low, c.ToFix.Info, c.ToFindOut.Total(), c.Conflicts, c.AcceptedRisks)
	for _, d := range res.DataStates {
		v := "not scored"
		if d.Value != nil {
			v = fmt.Sprintf("%.0f", *d.Value)
		}
		a.say("%s: %s, %s.", d.Title, v, d.Status)
	}
	for _, c := range res.Conflicts {
		a.say("Conflict on %s: answered %s; %s.", c.QuestionID, c.AnswerText, c.TenantSays())
	}
	read := 0
	for _, f := range res.Findings {
		if f.State.Open() && read < 10 {
			read++
			a.say("Finding %d: %s severity, %s. %s: %s.", read, f.Severity, f.StatusLabel(), f.ID, f.Title)
		}
	}
	n := res.Counts.Open.Total()
	if n > 10 {
		a.say("%d open findings; the first 10 were read. Type list at the next prompt to hear them all.", n)
	} else {
		a.say("%d open findings.", n)
	}
	if n > 0 {
		if err := a.acceptLoop(); err != nil {
			return err
		}
	}
	if len(a.opts.Sources.Reports) == 0 {
		return nil
	}
	line, err := a.ask("Write the reports now? yes or no:")
	if err != nil {
		return err
	}
	if !strings.HasPrefix(strings.ToLower(line), "y") {
		return nil
	}
	for i, rf := range a.opts.Sources.Reports {
		a.say("Writing %s, %d of %d.", rf.Name, i+1, len(a.opts.Sources.Reports))
		msg := writeCmd(s, a.opts.Sources.Reports, i, a.opts.now)()
		if d, ok := msg.(reportDoneMsg); ok {
			if d.err != nil {
				a.say("Failed: %v", d.err)
			} else {
				a.say("Wrote %s", d.path)
			}
		}
	}
	if miss := a.opts.Sources.ReportMissing; miss != "" {
		a.say("Note: %s.", miss)
	}
	return nil
}

// openFinding finds an open finding by its ID (any case) or by its number
// in the list of open findings.
func (a *accessible) openFinding(id string) (assess.Finding, bool) {
	var open []assess.Finding
	for _, f := range a.sess.result.Findings {
		if f.State.Open() {
			open = append(open, f)
		}
	}
	if n, err := strconv.Atoi(id); err == nil && n >= 1 && n <= len(open) {
		return open[n-1], true
	}
	for _, f := range open {
		if strings.EqualFold(f.ID, id) {
			return f, true
		}
	}
	return assess.Finding{}, false
}

// acceptLoop records risk acceptances for open findings, one at a time,
// until the user presses enter on its own.
func (a *accessible) acceptLoop() error {
	for {
		id, err := a.ask("To accept the risk of a finding, type its ID or number; list to hear them all; q to quit; enter to go on:")
		if err != nil {
			return err
		}
		switch {
		case id == "":
			return nil
		case strings.EqualFold(id, "q"):
			return errQuit
		case strings.EqualFold(id, "list"):
			n := 0
			for _, f := range a.sess.result.Findings {
				if f.State.Open() {
					n++
					a.say("Finding %d: %s severity, %s. %s: %s.", n, f.Severity, f.StatusLabel(), f.ID, f.Title)
				}
			}
			continue
		}
		f, ok := a.openFinding(id)
		if !ok {
			a.say("No open finding has the ID or number %s. Type list to hear them.", id)
			continue
		}
		if err := a.accept(f); err != nil {
			return err
		}
	}
}

// accept asks for the details of a risk acceptance for f and saves it.
func (a *accessible) accept(f assess.Finding) error {
	a.say("Accept the risk of %s: %s. Empty answers to the required questions cancel.", f.ID, f.Title)
	acc := assess.Acceptance{FindingID: f.ID}
	var err error
	if acc.Justification, err = a.ask("Justification, why the risk is acceptable for now:"); err != nil || acc.Justification == "" {
		return a.cancelled(err)
	}
	if acc.Approver, err = a.ask("Approver, who approved it:"); err != nil || acc.Approver == "" {
		return a.cancelled(err)
	}
	def := a.opts.now().AddDate(0, 6, 0).Format(time.DateOnly)
	for {
		exp, err := a.ask("Expires, YYYY-MM-DD; enter for " + def + ":")
		if err != nil {
			return err
		}
		if exp == "" {
			exp = def
		}
		if p := expiryProblem(exp, a.opts.now()); p != "" {
			a.say("%s", p)
			continue
		}
		acc.Expires = exp
		break
	}
	if acc.Compensating, err = a.ask("Compensating control, what limits the risk meanwhile (optional):"); err != nil {
		return err
	}
	if envs := affectedEnvironments(f); len(envs) > 0 {
		var opts []string
		for i, e := range envs {
			opts = append(opts, fmt.Sprintf("%d %s", i+1, e.Name))
		}
		for {
			pick, err := a.ask("Applies to: 0 all environments, " + strings.Join(opts, ", ") + ". Number, or enter for all:")
			if err != nil {
				return err
			}
			if pick == "" || pick == "0" {
				break
			}
			n, cerr := strconv.Atoi(pick)
			if cerr != nil || n < 0 || n > len(envs) {
				a.say("Type a number from 0 to %d.", len(envs))
				continue
			}
			acc.Environment = envs[n-1].ID
			break
		}
	}
	s := a.sess
	s.asm.Acceptances = putAcceptance(s.asm.Acceptances, acc, nil)
	if err := s.evaluate(); err != nil {
		return err
	}
	if err := s.save(); err != nil {
		return err
	}
	where := "in all environments"
	if acc.Environment != "" {
		where = "in " + environmentName(f, acc.Environment)
	}
	a.say("Risk accepted for %s %s until %s. Saved.", acc.FindingID, where, acc.Expires)
	return nil
}

// cancelled ends an acceptance without saving it; an input error ends the run.
func (a *accessible) cancelled(err error) error {
	if err != nil {
		return err
	}
	a.say("Cancelled: nothing was accepted.")
	return nil
}
