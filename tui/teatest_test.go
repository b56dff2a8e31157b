package tui

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/ppwaf/se06/assess"
)

// program starts the wizard in a teatest program at 80x24 with no colour.
func program(t *testing.T, opts Options) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, New(context.Background(), opts),
		teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
}

func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func press(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(keyMsg(k))
	}
}

// TestTeatestWholeFlow walks the real program: demo mode, answers of every
// type, not sure, skip, back, review and edit, quit; then resume with nothing
// lost, and the results with reports.
func TestTeatestWholeFlow(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions(t, dir)
	tm := program(t, opts)
	waitFor(t, tm, "Demo mode")
	press(tm, "up", "enter") // demo mode: the last item
	waitFor(t, tm, "SC-01")
	press(tm, "down", "down", "enter")           // single: Confidential
	press(tm, "space", "down", "space", "enter") // multi: GDPR + PCI
	press(tm, "down", "enter")                   // single: customer-managed key → AR-02 appears
	waitFor(t, tm, "Pre-selected from the tenant")
	press(tm, "u")
	tm.Type("Key Vault team")
	press(tm, "enter")     // not sure, with an owner and no follow-up date (enter saves)
	press(tm, "shift+tab") // back to AR-02
	press(tm, "tab")       // forward to DT-01
	press(tm, "enter")     // yes/no: Yes
	tm.Type("gw01, patched monthly")
	// Free text, the last question; none is left to answer (AR-02's "not
	// sure" is decided by the tenant's facts): on to the review.
	press(tm, "enter")
	waitFor(t, tm, "none is left to answer") // said on the review screen
	press(tm, "up", "up", "enter")           // edit AR-02 from the review (DT-02 → DT-01 → AR-02)
	press(tm, "s")                           // skip it: back to the review
	press(tm, "q")
	waitFor(t, tm, "Quit the wizard?")
	press(tm, "y")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	fm := tm.FinalModel(t).(*Model)
	answers := fm.sess.asm.Answers
	wantStates := map[string]assess.AnswerState{
		"SC-01": assess.AnswerAnswered, "SC-02": assess.AnswerAnswered, "AR-01": assess.AnswerAnswered,
		"AR-02": assess.AnswerSkipped, "DT-01": assess.AnswerAnswered, "DT-02": assess.AnswerAnswered,
	}
	for id, st := range wantStates {
		if answers[id].State != st {
			t.Errorf("%s state = %q, want %q (%+v)", id, answers[id].State, st, answers[id])
		}
	}
	if got := answers["DT-02"].Text; got != "gw01, patched monthly" {
		t.Errorf("DT-02 text = %q", got)
	}

	// Resume: nothing lost, opens where it was left, then results and reports.
	opts.Resume = filepath.Join(dir, demoFile)
	tm2 := program(t, opts)
	waitFor(t, tm2, "AR-02")
	press(tm2, "R")
	waitFor(t, tm2, "Overview")
	press(tm2, "w")
	waitFor(t, tm2, "Wrote se06-demo.pdf")
	press(tm2, "ctrl+c", "y")
	tm2.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	fm2 := tm2.FinalModel(t).(*Model)
	if !reflect.DeepEqual(fm2.sess.asm.Answers, answers) {
		t.Errorf("resumed answers differ:\n got %+v\nwant %+v", fm2.sess.asm.Answers, answers)
	}
	if !fm2.sess.asm.Progress.Finished {
		t.Error("showing the results should mark the assessment finished")
	}
}

// TestTeatestResize shows the size message below 80x24 and the wizard again above.
func TestTeatestResize(t *testing.T) {
	tm := program(t, testOptions(t, t.TempDir()))
	waitFor(t, tm, "New assessment")
	tm.Send(tea.WindowSizeMsg{Width: 60, Height: 20})
	waitFor(t, tm, "at least 80×24")
	tm.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	waitFor(t, tm, "What would you like to do?")
	press(tm, "ctrl+c", "y")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// TestTeatestDemoTwiceAndNextOpen runs the real program twice in demo mode:
// the second run resumes the first demo with its answers, and o walks the
// open questions.
func TestTeatestDemoTwiceAndNextOpen(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions(t, dir)
	opts.Demo = true
	tm := program(t, opts)
	waitFor(t, tm, "SC-01")
	press(tm, "enter", "s") // SC-01 answered, SC-02 skipped
	waitFor(t, tm, "AR-01")
	press(tm, "ctrl+c", "y")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	tm2 := program(t, opts)
	waitFor(t, tm2, "Resumed the unfinished demo")
	press(tm2, "o") // AR-01 → DT-01 (open), skipping nothing answered
	waitFor(t, tm2, "3 questions are left to answer (open). 1 skipped to follow up.")
	press(tm2, "o")
	press(tm2, "ctrl+o") // DT-02 is a text answer: ctrl+o
	press(tm2, "ctrl+c", "y")
	tm2.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	fm := tm2.FinalModel(t).(*Model)
	if got := fm.sess.asm.Answers["SC-01"].State; got != assess.AnswerAnswered {
		t.Errorf("the first demo's SC-01 = %q after a second --demo", got)
	}
	if open := fm.sess.result.OpenQuestions(); !slices.Equal(open, []string{"AR-01", "DT-01", "DT-02"}) {
		t.Errorf("Result's open questions %v, want AR-01, DT-01, DT-02", open)
	}
	if got := fm.question.id(); got != "AR-01" {
		t.Errorf("o, o, ctrl+o from AR-01 should end on AR-01 (DT-01, DT-02, then round; SC-02 is skipped, not open), got %s", got)
	}
}
