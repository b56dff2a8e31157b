package tui

import (
	tea "charm.land/bubbletea/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// writeSnapshot saves the test tenant as a facts snapshot file.
func writeSnapshot(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "tenant.json")
	f := testFacts()
	raw, err := jsonIndent(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFlowNewAssessmentAnswersReviewResults(t *testing.T) {
	dir := t.TempDir()
	snap := writeSnapshot(t, dir)
	d := newDriver(t, testOptions(t, dir), 100, 30)
	d.mustSee("New assessment")

	// New assessment: the form, then the evidence screen.
	d.keys("enter")
	d.typeText("Contoso HR review")
	d.keys("enter")
	d.typeText("Contoso Ltd")
	d.keys("enter", "enter", "enter", "enter", "enter")
	d.mustSee("Evidence from the tenant")
	path := filepath.Join(dir, "contoso-hr-review"+assessmentExt) // from the title, as the form says
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the new assessment was not saved: %v", err)
	}

	// Load a snapshot, which opens the first question.
	d.keys("down", "enter")
	d.typeText(snap)
	d.keys("enter")
	d.mustSee("Question 1 of 5")
	d.mustSee("SC-01")

	// Single choice.
	d.keys("down", "down", "enter")
	d.mustSee("SC-02")
	// Multi choice: tick two, then enter.
	d.keys("space", "down", "space", "enter")
	d.mustSee("AR-01")
	// Choosing a customer-managed key shows AR-02 (its condition becomes true).
	d.keys("down", "enter")
	d.mustSee("AR-02")
	d.mustSee("Question 4 of 6")
	// The evidence panel shows the tenant and pre-selects its answer.
	d.mustSee("2 of 3")
	d.mustSee("Pre-selected from the tenant")
	// Not sure, with an owner.
	d.keys("u")
	d.typeText("Key Vault team")
	d.keys("tab")
	d.typeText("2027-01-31")
	d.keys("enter")
	d.mustSee("DT-01")
	// Back, then forward again: nothing changes.
	d.keys("shift+tab")
	d.mustSee("Not sure (owner: Key Vault team, follow up by 2027-01-31)")
	d.keys("tab")
	d.mustSee("DT-01")
	// Yes/no: skip it.
	d.keys("s")
	// Free text, with a note first.
	d.mustSee("DT-02")
	d.keys("esc", "n")
	d.typeText("ask infra")
	d.keys("enter")
	d.typeText("gw01 and gw02, patched monthly")
	d.keys("enter")
	// The last question in order, and none is left to answer as assess
	// counts it: AR-02's "not sure" is decided by the tenant's facts
	// (answered, from the tenant), DT-01 is skipped (to follow up, not open).
	d.mustSee("That was the last question, and none is left to answer. 1 skipped to follow up")
	d.mustSee("Review your answers")
	d.mustSee("0 open")
	if o := d.m.sess.result.Overall; o.Open != 0 || o.Skipped != 1 || o.FromTenant != 1 {
		t.Errorf("overall %+v, want 0 open, 1 skipped, 1 answered from the tenant", o)
	}

	s := d.m.sess
	want := map[string]assess.Answer{
		"SC-01": {State: assess.AnswerAnswered, Values: []string{"confidential"}, Source: assess.SourceUser},
		"SC-02": {State: assess.AnswerAnswered, Values: []string{"gdpr", "pci"}, Source: assess.SourceUser},
		"AR-01": {State: assess.AnswerAnswered, Values: []string{"cmk"}, Source: assess.SourceUser},
		"AR-02": {State: assess.AnswerUnsure, Owner: "Key Vault team", FollowUp: "2027-01-31", Source: assess.SourceUser},
		"DT-01": {State: assess.AnswerSkipped, Source: assess.SourceUser},
		"DT-02": {State: assess.AnswerAnswered, Text: "gw01 and gw02, patched monthly", Note: "ask infra", Source: assess.SourceUser},
	}
	for id, w := range want {
		got := s.asm.Answers[id]
		got.Updated = w.Updated
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %+v, want %+v", id, got, w)
		}
	}

	// Review: skipped stands out; AR-02's "not sure" is answered by the
	// tenant's facts, as the counts say (◆, and what the tenant shows). Edit
	// AR-01 back to Microsoft keys, which hides AR-02.
	d.mustSee("◆ AR-02")
	d.mustSee("the tenant shows Some of")
	d.mustSee("» DT-01")
	d.mustSee("› ✓ DT-02") // the review opens on the question it came from
	d.keys("up", "up", "up", "enter")
	d.mustSee("AR-01")
	d.keys("up", "enter")
	d.mustSee("Review your answers")
	if strings.Contains(d.screen(), "AR-02") {
		t.Errorf("AR-02 should be hidden after choosing Microsoft-managed keys:\n%s", d.screen())
	}

	// Results, a risk acceptance, and the reports.
	d.keys("R")
	d.mustSee("Overview")
	d.keys("3")
	d.mustSee("Findings")
	d.keys("a")
	d.mustSee("Accept the risk")
	d.typeText("Known; fixed next quarter")
	d.keys("enter")
	d.typeText("CISO")
	d.keys("enter", "enter", "enter")
	d.mustSee("Risk accepted for")
	if len(s.asm.Acceptances) != 1 {
		t.Fatalf("acceptances = %+v", s.asm.Acceptances)
	}
	d.keys("w")
	d.mustSee("Reports (3 of 3)")
	for _, ext := range []string{".pdf", ".result.json", ".csv"} {
		p := strings.TrimSuffix(path, assessmentExt) + ext
		if _, err := os.Stat(p); err != nil {
			t.Errorf("report %s not written: %v", p, err)
		}
	}

	// Everything on screen is in the file.
	saved, _, err := assess.LoadAssessment(path, d.m.opts.Bank)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(saved.Answers, s.asm.Answers) || !reflect.DeepEqual(saved.Acceptances, s.asm.Acceptances) {
		t.Errorf("saved file differs from the session:\nfile %+v\nsession %+v", saved.Answers, s.asm.Answers)
	}
}

func TestQuitAsksAndSavesFirst(t *testing.T) {
	d, path := demoDriver(t, 100, 30)
	d.keys("enter") // answer SC-01 with the first choice
	d.keys("q")
	d.mustSee("Quit the wizard?")
	d.mustSee("Your answers are saved in")
	d.keys("n")
	if d.m.confirmQuit {
		t.Fatal("n should close the question")
	}
	d.keys("ctrl+c")
	d.mustSee("Quit the wizard?")
	_, cmd := d.m.Update(keyMsg("y"))
	if cmd == nil || !d.m.quitting {
		t.Fatal("y should quit")
	}
	saved, _, err := assess.LoadAssessment(path, d.m.opts.Bank)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Answers["SC-01"].State != assess.AnswerAnswered || saved.Progress.Current != "SC-02" {
		t.Errorf("saved answers %+v, current %q", saved.Answers, saved.Progress.Current)
	}
}

func TestResumeOpensWhereLeft(t *testing.T) {
	d, path := demoDriver(t, 100, 30)
	d.keys("down", "enter", "space", "enter")
	d.mustSee("AR-01")
	before := d.m.sess.asm.Answers

	opts := d.m.opts
	opts.Demo, opts.Resume = false, path
	r := newDriver(t, opts, 100, 30)
	r.mustSee("AR-01")
	r.mustSee("Question 3 of 5")
	if !reflect.DeepEqual(r.m.sess.asm.Answers, before) {
		t.Errorf("resumed answers %+v, want %+v", r.m.sess.asm.Answers, before)
	}
}

func TestRecentFilesOnStart(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("enter")
	s := newDriver(t, testOptions(t, d.m.opts.Dir), 100, 30)
	s.mustSee("Resume " + demoFile)
	s.mustSee("1 of 5 answered")
	s.keys("down", "enter")
	s.mustSee("SC-02")
}

func TestNotApplicableAndExclusiveChoice(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("a")
	if got := d.m.sess.asm.Answers["SC-01"].State; got != assess.AnswerNotApplicable {
		t.Fatalf("SC-01 state = %q", got)
	}
	// "None" is exclusive: ticking it clears the others.
	d.keys("space", "down", "down", "down", "space")
	if got := d.m.question.picked; !reflect.DeepEqual(got, []string{"none"}) {
		t.Fatalf("picked = %v, want [none]", got)
	}
	d.keys("up", "space")
	if got := d.m.question.picked; !reflect.DeepEqual(got, []string{"customer-keys"}) {
		t.Fatalf("picked = %v, want [customer-keys]", got)
	}
	// enter with nothing ticked explains instead of answering.
	d.keys("space", "enter")
	d.mustSee("Tick one or more")
}

func TestJumpToSectionAndHelpOverlay(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("g")
	d.mustSee("Go to section")
	d.keys("down", "down", "enter")
	d.mustSee("DT-01")
	d.keys("?")
	d.mustSee("not applicable")
	d.mustSee("ctrl+s")
	d.keys("x")
	if d.m.showHelp {
		t.Fatal("any key closes the help")
	}
}

func TestResumeMissingFileShowsErrorOnStart(t *testing.T) {
	opts := testOptions(t, t.TempDir())
	opts.Resume = filepath.Join(opts.Dir, "nope.se06.json")
	d := newDriver(t, opts, 80, 24)
	d.mustSee("nope.se06.json")
	d.mustSee("New assessment")
	d.keys("down", "up", "enter") // the menu still works
	d.mustSee("Title")
}

func TestTypedTextIsKeptWhenMovingOn(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("g", "down", "down", "enter", "tab") // DT-02, the text question
	d.mustSee("DT-02")
	d.typeText("half an answer")
	d.keys("shift+tab")
	if got := d.m.sess.asm.Answers["DT-02"].Text; got != "half an answer" {
		t.Fatalf("DT-02 text = %q", got)
	}
}

func TestEvidenceEscGoesBack(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("enter") // SC-02
	d.keys("e")
	d.mustSee("Evidence from the tenant")
	d.keys("esc")
	d.mustSee("SC-02")
}

func TestPasteIntoFields(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("n")
	d.msg(tea.PasteMsg{Content: "pasted\nnote"})
	d.keys("enter")
	if got := d.m.sess.note("SC-01"); got != "pasted note" {
		t.Fatalf("note = %q", got)
	}
}

func TestConflictShownAndEditedFromResults(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("enter", "space", "enter", "down", "enter") // … AR-01: customer-managed key
	d.keys("up", "enter")                              // AR-02: "All of them", but the tenant shows some
	d.mustSee("DT-01")
	d.keys("R", "4")
	d.mustSee("Conflicts (1)")
	d.mustSee("Tenant shows: Some of them")
	d.keys("enter")
	d.mustSee("Your answer differs")
	d.keys("down", "enter") // accept the tenant's view
	d.mustSee("Conflicts (0)")
	if d.m.screen != screenResults {
		t.Fatalf("editing from the results should come back to them, got screen %d", d.m.screen)
	}
}

func TestTextQuestionCommandModeAndBack(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("g", "down", "down", "enter", "tab") // DT-02
	d.keys("esc")                               // stop typing
	if d.m.typing() {
		t.Fatal("esc should stop typing")
	}
	d.keys("enter") // type again
	if !d.m.typing() {
		t.Fatal("enter should start typing again")
	}
	d.typeText("q?") // letters are text while typing: no quit, no help
	if d.m.confirmQuit || d.m.showHelp {
		t.Fatal("typing q or ? must not quit or open the help")
	}
	d.mustSee("q?")
}

func TestReviewFilterShowsOpenItems(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("enter", "u", "enter", "s", "r") // SC-01 answered, SC-02 unsure, AR-01 skipped
	d.keys("f")
	if strings.Contains(d.screen(), "SC-01") {
		t.Errorf("the filter should hide answered questions:\n%s", d.screen())
	}
	d.mustSee("? SC-02")
	d.mustSee("» AR-01")
	d.mustSee("DT-02")
	d.keys("f")
	d.mustSee("SC-01")
}

func TestTooSmallQuitsAtOnceAfterSaving(t *testing.T) {
	d, path := demoDriver(t, 100, 30)
	d.keys("enter")
	d.msg(tea_WindowSize(60, 20))
	d.mustSee("at least 80×24")
	d.keys("j") // ignored
	_, cmd := d.m.Update(keyMsg("ctrl+c"))
	if cmd == nil || !d.m.quitting {
		t.Fatal("ctrl+c below the minimum size should quit")
	}
	saved, _, err := assess.LoadAssessment(path, d.m.opts.Bank)
	if err != nil || saved.Answers["SC-01"].State != assess.AnswerAnswered {
		t.Fatalf("answers not saved: %v %+v", err, saved)
	}
}

func TestTickedChoicesKeptWhenMovingOn(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("enter")                         // SC-02, multiple choice
	d.keys("space", "down", "space", "tab") // tick two, move on without enter
	if got := d.m.sess.asm.Answers["SC-02"]; !got.Is("gdpr", "pci") {
		t.Fatalf("SC-02 = %+v", got)
	}
	// A tenant pre-selection that is not touched is not an answer.
	d.keys("down", "enter") // AR-01: customer-managed key → AR-02 with the tenant's pre-selection
	d.mustSee("Pre-selected from the tenant")
	d.keys("tab")
	if _, ok := d.m.sess.asm.Answers["AR-02"]; ok {
		t.Fatal("moving past an untouched pre-selection must not answer")
	}
}

// The help box is kept between frames; it must still follow the width and
// the keys of the screen under it.
func TestHelpBoxFollowsWidthAndScreen(t *testing.T) {
	d, _ := demoDriver(t, 120, 40)
	fresh := func() string {
		kept := d.m.helpDrawn
		d.m.helpDrawn = drawnBox{}
		defer func() { d.m.helpDrawn = kept }()
		return d.m.helpBox()
	}
	wide := d.m.helpBox()
	d.msg(tea.WindowSizeMsg{Width: 80, Height: 24})
	narrow := d.m.helpBox()
	if narrow != fresh() {
		t.Error("after a resize the help box is the one drawn for the old width")
	}
	if narrow == wide {
		t.Fatal("the test needs a width at which the key table is laid out differently")
	}
	d.keys("g") // the section list has keys of its own
	if got := d.m.helpBox(); got != fresh() {
		t.Errorf("on another screen the help box shows the keys of the last one:\n%s", got)
	}
}
