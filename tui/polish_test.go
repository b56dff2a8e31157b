package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/ppwaf/se06/assess"
)

// longLabel is longer than any choice column at 80 columns.
const longLabel = "Yes, including copies, backups, exports and every non-production environment that holds real data"

// longLabelDriver starts demo mode at 80x24 with a long first choice on SC-01.
func longLabelDriver(t *testing.T) *driver {
	t.Helper()
	opts := testOptions(t, t.TempDir())
	q, _ := opts.Bank.Question("SC-01")
	q.Choices[0].Label = longLabel
	opts.Demo = true
	return newDriver(t, opts, 80, 24)
}

// TestLongChoiceLabelsWrap: at 80x24 a long choice label is shown in full,
// wrapped with its continuation under the label, never cut with "…".
func TestLongChoiceLabelsWrap(t *testing.T) {
	d := longLabelDriver(t)
	d.m.sess.shown = "contoso" + assessmentExt

	screen := d.screen()
	if strings.Contains(screen, "…") && strings.Contains(screen, "Yes, including") && !strings.Contains(screen, "real data") {
		t.Fatalf("the label is cut:\n%s", screen)
	}
	// The words of the label appear in order, on consecutive lines, each
	// continuation starting in the label's column.
	var got []string
	col := -1
	for _, l := range strings.Split(screen, "\n") {
		_, main, ok := strings.Cut(l, "│ ")
		if !ok {
			continue
		}
		if i := strings.Index(main, "( ) Yes, including"); i >= 0 {
			col = lipgloss.Width(main[:i]) + 4
			got = append(got, strings.TrimSpace(main[i+4:]))
			continue
		}
		if col >= 0 && len(got) > 0 && !strings.Contains(main, "( )") && strings.TrimSpace(main) != "" {
			if lead := len(main) - len(strings.TrimLeft(main, " ")); lead != col {
				break
			}
			got = append(got, strings.TrimSpace(main))
			continue
		}
		if len(got) > 0 {
			break
		}
	}
	if joined := strings.Join(got, " "); joined != longLabel {
		t.Errorf("label lines = %q, want the whole label %q\n%s", got, longLabel, screen)
	}
	if len(got) < 2 {
		t.Errorf("the label should wrap at 80 columns: %q", got)
	}
	for i, l := range strings.Split(d.m.render(), "\n") {
		if w := lipgloss.Width(l); w > 80 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
}

// TestLongChoiceListScrolls: when the choices do not fit, the list scrolls
// with the cursor and says how many are above and below; the screen keeps
// its height.
func TestLongChoiceListScrolls(t *testing.T) {
	opts := testOptions(t, t.TempDir())
	q, _ := opts.Bank.Question("SC-01")
	base := q.Choices[0]
	q.Choices = nil
	for i := range 16 {
		c := base
		c.ID = strings.Repeat("x", i+1)
		c.Label = longLabel
		q.Choices = append(q.Choices, c)
	}
	opts.Demo = true
	d := newDriver(t, opts, 80, 24)
	if s := d.screen(); !strings.Contains(s, "↓ ") || !strings.Contains(s, " more") {
		t.Fatalf("no 'more below' marker:\n%s", s)
	}
	for range 15 {
		d.keys("down")
	}
	s := d.screen()
	if !strings.Contains(s, "↑ ") || !strings.Contains(s, "› ( )") {
		t.Fatalf("the cursor row or the 'more above' marker is not shown:\n%s", s)
	}
	if n := len(strings.Split(d.m.render(), "\n")); n != 24 {
		t.Errorf("%d lines, want 24", n)
	}
}

// TestFindingColumnsAlign: the top findings line up, IDs in one column and
// titles in the next, at every width.
func TestFindingColumnsAlign(t *testing.T) {
	for _, w := range []int{80, 100, 120} {
		d := newDriver(t, testOptions(t, t.TempDir()), w, 40)
		d.demo()
		d.keys("down", "down", "enter", "s", "down", "enter", "R")
		var starts []int
		for _, l := range strings.Split(d.screen(), "\n") {
			for _, title := range []string{"In-scope environments", "Not answered:"} {
				if i := strings.Index(l, title); i >= 0 && (strings.Contains(l, "HIGH") || strings.Contains(l, "LOW")) {
					starts = append(starts, lipgloss.Width(l[:i]))
				}
			}
		}
		if len(starts) < 2 {
			t.Fatalf("at %d: findings not found:\n%s", w, d.screen())
		}
		for _, s := range starts[1:] {
			if s != starts[0] {
				t.Errorf("at %d: titles start at columns %v:\n%s", w, starts, d.screen())
				break
			}
		}
	}
}

// TestAcceptRiskForOneEnvironment: the acceptance form offers the finding's
// affected environments; the acceptance is recorded for the one picked and
// the finding stays open for the others.
func TestAcceptRiskForOneEnvironment(t *testing.T) {
	d := newDriver(t, testOptions(t, t.TempDir()), 100, 30)
	d.demo()
	d.keys("down", "down", "enter", "s", "down", "enter", "R", "3")
	d.mustSee("AR-02.cmk-missing")
	d.keys("a")
	d.mustSee("‹ All 2 affected environments ›")
	d.keys("up", "right", "right")
	d.mustSee("‹ Payroll (uk) ›")
	d.keys("enter") // on to the justification
	d.typeText("Payroll moves in Q2")
	d.keys("enter")
	d.typeText("CISO")
	d.keys("enter", "enter", "enter")
	d.mustSee("Risk accepted for AR-02.cmk-missing in Payroll (uk)")
	s := d.m.sess
	want := []assess.Acceptance{{FindingID: "AR-02.cmk-missing", Environment: "env-2", Justification: "Payroll moves in Q2", Approver: "CISO", Expires: "2027-05-27"}}
	if !reflect.DeepEqual(s.asm.Acceptances, want) {
		t.Fatalf("acceptances = %+v, want %+v", s.asm.Acceptances, want)
	}
	f, _ := s.result.Finding("AR-02.cmk-missing")
	if !f.State.Open() {
		t.Errorf("the finding should stay open for Contoso HR: %s", f.State)
	}
	d.mustSee("Payroll (uk) (risk accepted)")

	// The other environment too, offered first now, pre-filled from the
	// first acceptance: now the whole finding is accepted.
	d.keys("a")
	d.mustSee("‹ Contoso HR (europe) ›")
	d.mustSee("Payroll moves in Q2")
	d.keys("enter", "enter", "enter", "enter")
	if len(s.asm.Acceptances) != 2 {
		t.Fatalf("acceptances = %+v", s.asm.Acceptances)
	}
	if f, _ := s.result.Finding("AR-02.cmk-missing"); f.State != assess.FindingAccepted {
		t.Errorf("state = %s, want accepted", f.State)
	}
	d.keys("5")
	d.mustSee("AR-02.cmk-missing · Payroll (uk)")
	d.mustSee("AR-02.cmk-missing · Contoso HR (europe)")

	// Editing one and moving it to "all" replaces it, and keeps the other.
	d.keys("enter", "up", "right")
	d.mustSee("‹ All 2 affected environments ›")
	d.keys("enter", "enter", "enter", "enter", "enter")
	envs := []string{}
	for _, a := range s.asm.Acceptances {
		envs = append(envs, a.Environment)
	}
	if !reflect.DeepEqual(envs, []string{"", "env-1"}) {
		t.Errorf("environments = %q, want the edited one for all, then Contoso HR", envs)
	}
}

// TestReviewShowsWholeAnswers: at 80 columns a long answer wraps in its
// column on the review screen instead of being cut.
func TestReviewShowsWholeAnswers(t *testing.T) {
	d := longLabelDriver(t)
	d.keys("enter", "r")
	s := d.screen()
	var words []string
	col := 0
	for _, l := range strings.Split(s, "\n") {
		if i := strings.Index(l, "Yes, including"); i >= 0 && len(words) == 0 {
			col = lipgloss.Width(l[:i])
			words = append(words, strings.Fields(l[i:])...)
			continue
		}
		if len(words) > 0 && len(words) < len(strings.Fields(longLabel)) {
			words = append(words, strings.Fields(l[min(len(l), col):])...)
		}
	}
	if got := strings.Join(words, " "); got != longLabel {
		t.Errorf("review shows %q, want %q:\n%s", got, longLabel, s)
	}
}

// TestJumpBoxNumbers: in the "go to section" box, a number goes straight
// to that section.
func TestJumpBoxNumbers(t *testing.T) {
	d, _ := demoDriver(t, 100, 30)
	d.keys("g", "3")
	if id := d.m.question.id(); id != "DT-01" {
		t.Errorf("question = %s, want DT-01 (the first of section 3)", id)
	}
}

// TestAcceptRiskRejectsPastExpiry: an acceptance that would already have
// expired is refused with a reason, and the expiry field gets the focus.
func TestAcceptRiskRejectsPastExpiry(t *testing.T) {
	d := newDriver(t, testOptions(t, t.TempDir()), 100, 30)
	d.demo()
	d.keys("down", "down", "enter", "s", "down", "enter", "R", "3", "a")
	d.typeText("Known")
	d.keys("enter")
	d.typeText("CISO")
	d.keys("enter")
	for range 10 {
		d.keys("backspace")
	}
	d.typeText("2026-01-31")
	d.keys("enter", "enter")
	d.mustSee("2026-01-31 has passed")
	if len(d.m.sess.asm.Acceptances) != 0 || d.m.results.form.fields.focus != 2 {
		t.Errorf("acceptances %+v, focus %d", d.m.sess.asm.Acceptances, d.m.results.form.fields.focus)
	}
}

// TestStartListScrolls: with many recent files at 80x24, the start menu
// scrolls and says so, instead of hiding demo mode.
func TestStartListScrolls(t *testing.T) {
	d, path := demoDriver(t, 80, 24)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	for i := range 6 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("copy%d%s", i, assessmentExt)), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	opts := d.m.opts
	opts.Demo = false
	d = newDriver(t, opts, 80, 24)
	if s := d.screen(); !strings.Contains(s, "↓ ") || strings.Contains(s, "Demo mode") {
		t.Fatalf("the list should scroll, demo mode below:\n%s", s)
	}
	d.keys("up") // wraps to the last item: a new demo beside the unfinished one
	d.mustSee("› New demo")
	d.mustSee("↑ ")
	if n := len(strings.Split(d.m.render(), "\n")); n != 24 {
		t.Errorf("%d lines, want 24", n)
	}
}

// TestLongTextAnswerScrollsInItsField: a long free-text answer scrolls
// inside its field at 80 columns, so what is being typed stays in view.
func TestLongTextAnswerScrollsInItsField(t *testing.T) {
	d := newDriver(t, testOptions(t, t.TempDir()), 80, 24)
	d.demo()
	d.keys("enter", "space", "enter", "enter", "s")
	d.typeText("gw01, gw02 and gw03 in Amsterdam, patched monthly by the infrastructure team END")
	d.mustSee("team END")
}

// TestSkippedCheckReasonWraps: why a check will be skipped is shown in full
// at 80 columns (it names the role to ask for).
func TestSkippedCheckReasonWraps(t *testing.T) {
	opts := testOptions(t, t.TempDir())
	reason := "needs the Key Vault Reader role on every vault that holds a Power Platform key (ask the Azure subscription owner)"
	opts.Sources.Collect = func(_ context.Context, _ func(CollectProgress), _ func(string), preflight func([]PreflightItem)) (*assess.Facts, error) {
		preflight([]PreflightItem{{Check: "key-vaults", Reason: reason}})
		return nil, errors.New("sign-in cancelled")
	}
	d := newDriver(t, opts, 80, 24)
	d.keys("enter", "enter", "enter", "enter", "enter", "enter", "enter") // a new assessment
	d.keys("enter")                                                       // sign in
	d.mustSee("Vault Reader role")
	d.mustSee("subscription owner)")
}

// TestHelpBarNeverCut: at 80 columns the help bar drops whole keys rather
// than ending in "…", and keeps "? all keys" wherever ? works ("? more
// keys" when it had to drop some).
func TestHelpBarNeverCut(t *testing.T) {
	for _, sc := range screenSetups {
		d := newDriver(t, testOptions(t, t.TempDir()), 80, 24)
		sc.setup(d)
		ls := strings.Split(d.screen(), "\n")
		bar := ls[len(ls)-1]
		if strings.Contains(bar, "…") {
			t.Errorf("%s: the help bar is cut: %q", sc.name, bar)
		}
		if !d.m.typing() && !d.m.showHelp && !d.m.confirmQuit && !strings.Contains(bar, "? all keys") && !strings.Contains(bar, "? more keys") {
			t.Errorf("%s: the help bar lacks ? all keys: %q", sc.name, bar)
		}
	}
}
