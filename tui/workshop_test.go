package tui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/ppwaf/se06/assess"
)

// loadAnswers reads an assessment file and returns its answers.
func loadAnswers(t *testing.T, b *assess.Bank, path string) assess.Answers {
	t.Helper()
	asm, _, err := assess.LoadAssessment(path, b)
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	return asm.Answers
}

// savedDemo runs demo mode in a new folder, presses keys, quits, and
// returns options for the next run (no --demo) and the demo file.
func savedDemo(t *testing.T, keys ...string) (Options, string) {
	t.Helper()
	dir := t.TempDir()
	opts := testOptions(t, dir)
	opts.Demo = true
	d := newDriver(t, opts, 100, 30)
	d.keys(keys...)
	d.keys("ctrl+c", "y")
	opts.Demo = false
	return opts, filepath.Join(dir, demoFile)
}

// TestDemoTwiceKeepsTheFirstDemo: a finished demo is never replaced by a new
// one; an unfinished one is resumed.
func TestDemoTwiceKeepsTheFirstDemo(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions(t, dir)
	opts.Demo = true
	d := newDriver(t, opts, 100, 30)
	first := filepath.Join(dir, demoFile)
	d.keys("enter", "space", "enter") // SC-01, SC-02: unfinished
	d.keys("ctrl+c", "y")
	want := loadAnswers(t, opts.Bank, first)
	if len(want) != 2 {
		t.Fatalf("first demo has %d answers, want 2", len(want))
	}

	// --demo again: the unfinished demo is resumed, not replaced.
	d2 := newDriver(t, opts, 100, 30)
	if d2.m.sess == nil || d2.m.sess.path != first {
		t.Fatalf("demo mode should resume %s", first)
	}
	d2.mustSee("Resumed the unfinished demo")
	d2.keys("down", "enter", "R") // AR-01, then the results: finished
	d2.keys("ctrl+c", "y")
	want = loadAnswers(t, opts.Bank, first)

	// The start menu's demo item after a finished demo: a new file.
	opts.Demo = false
	d3 := newDriver(t, opts, 100, 30)
	d3.mustSee("saved as se06-demo-2.se06.json")
	d3.keys("up", "enter")
	if got := d3.m.sess.path; got != filepath.Join(dir, "se06-demo-2"+assessmentExt) {
		t.Fatalf("a new demo should go to se06-demo-2, got %s", got)
	}
	d3.keys("enter")
	if got := loadAnswers(t, opts.Bank, first); len(got) != len(want) {
		t.Errorf("the first demo lost answers: %d, want %d", len(got), len(want))
	}
	if _, err := os.Stat(first + backupExt); err == nil {
		if got := loadAnswers(t, opts.Bank, first+backupExt); len(got) == 0 {
			t.Errorf("the first demo's backup was emptied")
		}
	}
}

// TestNewDemoBesideAnUnfinishedOne: the start menu offers both.
func TestNewDemoBesideAnUnfinishedOne(t *testing.T) {
	opts, path := savedDemo(t, "enter")
	d2 := newDriver(t, opts, 100, 30)
	d2.mustSee("Demo mode: resume se06-demo.se06.json")
	d2.mustSee("1 of 5 answered")
	d2.keys("up", "enter") // New demo: the last item
	if got := filepath.Base(d2.m.sess.path); got != "se06-demo-2"+assessmentExt {
		t.Fatalf("new demo went to %s", got)
	}
	if got := loadAnswers(t, opts.Bank, path); len(got) != 1 {
		t.Errorf("the unfinished demo changed: %d answers", len(got))
	}
}

// TestTruncatedFileRestoresFromBackupInTwoKeys: the start menu's entry of a
// damaged file offers its backup; enter, enter restores and opens it.
func TestTruncatedFileRestoresFromBackupInTwoKeys(t *testing.T) {
	opts, path := savedDemo(t, "enter", "space", "enter", "down", "enter") // 3 answers; the .bak 2
	data, _ := os.ReadFile(path)
	if err := os.WriteFile(path, data[:len(data)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	d2 := newDriver(t, opts, 100, 30)
	d2.mustSee("cannot be read")
	d2.mustSee("its backup holds")
	d2.keys("down", "enter") // Resume se06-demo.se06.json: the backup is offered
	d2.mustSee("Its backup se06-demo.se06.json.bak")
	d2.keys("enter")
	if d2.m.sess == nil || d2.m.sess.path != path {
		t.Fatalf("the backup should be restored and opened as %s:\n%s", path, d2.screen())
	}
	d2.mustSee("Restored se06-demo.se06.json")
	restored, _ := os.ReadFile(path)
	if !strings.Contains(string(restored), `"answers"`) || len(loadAnswers(t, opts.Bank, path)) == 0 {
		t.Fatalf("restored file has no answers")
	}
	if _, err := os.Stat(path + ".damaged"); err != nil {
		t.Errorf("the damaged file should be kept as .damaged: %v", err)
	}
	if _, err := os.Stat(path + backupExt + backupExt); err == nil {
		t.Error("a .bak.bak was created")
	}
}

// TestOpeningABackupNeverMakesBakBak: a .bak passed to --resume offers a
// restore instead of saving to NAME.bak (and NAME.bak.bak).
func TestOpeningABackupNeverMakesBakBak(t *testing.T) {
	opts, path := savedDemo(t, "enter", "space", "enter")
	opts.Resume = path + backupExt
	d2 := newDriver(t, opts, 100, 30)
	d2.mustSee("is a backup copy of se06-demo.se06.json")
	d2.keys("enter")
	d2.keys("enter")
	if _, err := os.Stat(path + backupExt + backupExt); err == nil {
		t.Error("a .bak.bak was created")
	}
	if _, err := os.Stat(path + ".replaced"); err != nil {
		t.Errorf("the file the backup replaced should be kept: %v", err)
	}
}

// TestFirstSaveNeverOverwritesMoreWork: a session that did not load the file
// at its path refuses to write over more answers.
func TestFirstSaveNeverOverwritesMoreWork(t *testing.T) {
	opts, path := savedDemo(t, "enter", "space", "enter")
	asm := assess.NewAssessment(opts.Bank, assess.Metadata{Title: "x"}, "test", testNow())
	s, err := newSession(opts.Bank, asm, path, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.save(); err == nil || !strings.Contains(err.Error(), "already holds 2 answers") {
		t.Fatalf("save over a file with more answers: err = %v", err)
	}
	if got := loadAnswers(t, opts.Bank, path); len(got) != 2 {
		t.Fatalf("the file changed: %d answers", len(got))
	}
}

// TestMissingFileSaysSoInWords: no raw "open x: no such file or directory".
func TestMissingFileSaysSoInWords(t *testing.T) {
	opts := testOptions(t, t.TempDir())
	opts.Resume = "nope" + assessmentExt
	d := newDriver(t, opts, 100, 30)
	d.mustSee("nope.se06.json does not exist")
	if strings.Contains(d.screen(), "no such file") {
		t.Errorf("raw Go error on screen:\n%s", d.screen())
	}
}

// TestConflictShownRightAfterTheAnswer: the status line, the section list
// and the review show a conflict as soon as the answer is saved.
func TestConflictShownRightAfterTheAnswer(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("enter", "space", "enter", "down", "enter") // … AR-01: customer-managed key
	d.keys("up", "enter")                              // AR-02: "All of them"; the tenant shows some
	d.mustSee("⚠ AR-02: All of them — saved, but the tenant shows Some of them")
	if got := d.m.sess.conflict("AR-02"); got == nil {
		t.Fatal("the evaluation should hold the conflict")
	}
	d.mustSee("⚠ Data at rest") // the section list marks its section
	d.keys("r")
	d.mustSee("(tenant disagrees)")
}

// TestAccessibleSaysTheConflict: accessible mode says it aloud at once and
// in its review.
func TestAccessibleSaysTheConflict(t *testing.T) {
	opts := testOptions(t, t.TempDir())
	opts.Demo = true
	input := strings.Join([]string{"1", "1", "2", "1", "r", "", "q"}, "\n") + "\n"
	var out bytes.Buffer
	if err := RunAccessible(context.Background(), opts, strings.NewReader(input), &out); err != nil {
		t.Fatalf("RunAccessible: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"Saved: All of them.\nConflict: the tenant shows Some of them; the report lists it as a conflict.",
		"1 answer disagrees with the tenant:",
		"Conflict: AR-02, you answered All of them;",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

// TestNextOpenVisitsExactlyTheOpenQuestions: o goes round exactly the
// questions the Result counts open (never touched, not decided by the
// tenant); a skipped one is to follow up, not open. The end of the
// questions, an edit from the review and g N lead to open ones too.
func TestNextOpenVisitsExactlyTheOpenQuestions(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("enter", "s", "enter") // SC-01 answered, SC-02 skipped, AR-01 answered (AR-02 hidden)
	if got := d.m.question.id(); got != "DT-01" {
		t.Fatalf("at %s, want DT-01", got)
	}
	open := d.m.sess.result.OpenQuestions()
	if want := []string{"DT-01", "DT-02"}; !slices.Equal(open, want) {
		t.Fatalf("Result's open questions %v, want %v", open, want)
	}
	visited := map[string]int{}
	for range len(open) {
		if d.m.typing() {
			d.keys("ctrl+o") // o is a letter in a text answer
		} else {
			d.keys("o")
		}
		visited[d.m.question.id()]++
	}
	if len(visited) != len(open) || visited["DT-01"] != 1 || visited["DT-02"] != 1 {
		t.Fatalf("o visited %v, want each of %v once (SC-02 is skipped: to follow up, not open)", visited, open)
	}
	d.mustSee("2 questions are left to answer (open). 1 skipped to follow up.")

	// The last question in order goes on to the next open one.
	d.keys("o") // DT-02
	d.typeText("gw01")
	d.keys("enter")
	if got := d.m.question.id(); got != "DT-01" {
		t.Fatalf("after the last question: at %s, want DT-01 (the first open one)", got)
	}
	d.mustSee("That was the last question in order. 1 question is left to answer (open).")

	// g 3 lands on the section's first open question.
	d.keys("g", "3")
	if got := d.m.question.id(); got != "DT-01" {
		t.Fatalf("g 3: at %s, want DT-01", got)
	}

	// An edit from the review comes back on the next open question.
	d.keys("r")
	for d.m.review.rows[d.m.review.cursor].q == nil || d.m.review.rows[d.m.review.cursor].q.ID != "SC-02" {
		d.keys("up")
	}
	d.keys("enter", "space", "enter") // answer SC-02
	if d.m.screen != screenReview {
		t.Fatalf("an edit from the review should come back to it:\n%s", d.screen())
	}
	if row := d.m.review.rows[d.m.review.cursor]; row.q == nil || row.q.ID != "DT-01" {
		t.Fatalf("the review cursor should be on DT-01, the next open question")
	}
	d.mustSee("1 question is left to answer")
}

// TestLongEvidenceReadableToItsLastLine: at 80×24 the evidence panel says
// there is more, and d shows all of it, to its last line.
func TestLongEvidenceReadableToItsLastLine(t *testing.T) {
	opts := testOptions(t, t.TempDir())
	opts.Demo = true
	opts.Sources.DemoFacts = func(time.Time) (*assess.Facts, error) {
		f := testFacts()
		base := f.Environments[0]
		for i := range 40 {
			e := base
			e.ID = fmt.Sprintf("env-x%d", i)
			e.Name = fmt.Sprintf("Regional case management environment %d", i)
			f.Environments = append(f.Environments, e)
		}
		return f, nil
	}
	d := newDriver(t, opts, 80, 24)
	d.keys("enter", "space", "enter", "down", "enter") // AR-02, with the long evidence
	d.mustSee("d shows all")
	d.keys("d")
	d.mustSee("AR-02 in full")
	d.keys("end")
	var last string
	for _, l := range d.m.question.detailsLines(d.m, d.m.question.detailsW) {
		if p := strings.TrimSpace(ansi.Strip(l)); p != "" {
			last = p
		}
	}
	d.mustSee(last)
	qr, _ := d.m.sess.questionResult("AR-02")
	words := strings.Fields(qr.Observation.Summary)
	d.keys("home")
	for range 10 {
		if strings.Contains(d.screen(), words[len(words)-1]) {
			break
		}
		d.keys("down")
	}
	d.mustSee(words[len(words)-1]) // the summary's last word
	d.keys("esc")
	d.mustSee("Question 4 of")
}

// TestNotSureFormKeepsItsPromises: enter saves from the first field, a past
// follow-up date is accepted and shown as overdue, an error shows once.
func TestNotSureFormKeepsItsPromises(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("u")
	d.typeText("Records team")
	d.keys("enter") // saves from the owner field
	if got := d.m.sess.asm.Answers["SC-01"]; got.State != assess.AnswerUnsure || got.Owner != "Records team" {
		t.Fatalf("SC-01 = %+v, want not sure with an owner", got)
	}
	d.keys("u", "tab")
	d.typeText("31-01-2027")
	d.keys("enter")
	if n := strings.Count(d.screen(), "must look like"); n != 1 {
		t.Errorf("the date error shows %d times, want once:\n%s", n, d.screen())
	}
	for range 10 {
		d.keys("backspace")
	}
	d.typeText("2026-01-31") // before the test clock's 2026-11-27
	d.keys("enter")
	d.mustSee("is past: it shows as overdue")
	d.keys("r")
	d.mustSee("OVERDUE")
	d.keys("R")
	d.mustSee("1 follow-up overdue: SC-02 (2026-01-31)")
}

// TestAcceptanceWithdrawnAndShownInFull: the Accepted tab shows every field
// and x, x withdraws an acceptance.
func TestAcceptanceWithdrawnAndShownInFull(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("down", "down", "enter", "s", "down", "enter", "R", "3", "a")
	d.typeText("Known; fixed next quarter")
	d.keys("enter")
	d.typeText("CISO")
	d.keys("enter", "enter")
	d.typeText("Network isolation of the environment")
	d.keys("enter")
	d.mustSee("Risk accepted for")
	d.keys("5")
	d.mustSee("Meanwhile Network isolation of the environment")
	d.mustSee("Approved by CISO")
	d.keys("x")
	d.mustSee("Press x again")
	d.keys("x")
	if n := len(d.m.sess.asm.Acceptances); n != 0 {
		t.Fatalf("%d acceptances after withdrawing", n)
	}
	d.mustSee("the finding is open again")
}

// TestLongListFilters: a list of ten or more choices filters as you type.
func TestLongListFilters(t *testing.T) {
	opts := testOptions(t, t.TempDir())
	q, _ := opts.Bank.Question("SC-01")
	for _, g := range []string{"Asia Pacific", "Australia", "Brazil", "Canada", "France", "Germany", "India"} {
		q.Choices = append(q.Choices, assess.Choice{ID: strings.ToLower(strings.ReplaceAll(g, " ", "-")), Label: g})
	}
	opts.Demo = true
	d := newDriver(t, opts, 80, 24)
	d.mustSee("/ filter")
	d.keys("/")
	d.typeText("germ")
	d.mustSee("1 of 11")
	if strings.Contains(d.screen(), "Brazil") {
		t.Fatalf("the filter should hide other choices:\n%s", d.screen())
	}
	d.keys("enter")
	if got := d.m.sess.asm.Answers["SC-01"]; !got.Is("germany") {
		t.Fatalf("SC-01 = %+v, want germany", got)
	}
}

func TestSlugCutsBetweenWords(t *testing.T) {
	for in, want := range map[string]string{
		"Contoso HR": "contoso-hr",
		"Fabrikam human resources case management platform review": "fabrikam-human-resources-case-management",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz":     "abcdefghijklmnopqrstuvwxyzabcdefghijklmn",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResumeHintKeepsTheFlags(t *testing.T) {
	o := Options{ResumeFlags: []string{"--high-contrast", "--cloud=usgov"}}
	if got, want := o.resumeCommand("my file.se06.json", false), "se06 --high-contrast --cloud=usgov --resume 'my file.se06.json'"; got != want {
		t.Errorf("resume command = %q, want %q", got, want)
	}
	if got, want := o.resumeCommand("a.se06.json", true), "se06 --accessible --high-contrast --cloud=usgov --resume a.se06.json"; got != want {
		t.Errorf("accessible resume command = %q, want %q", got, want)
	}
}

// TestNoneOfTheseIsExplained: ticking the exclusive choice says why the
// other ticks went.
func TestNoneOfTheseIsExplained(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("enter", "space", "down", "down", "down", "space") // SC-02: GDPR, then None
	d.mustSee("means none of the others")
}
