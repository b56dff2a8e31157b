package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestScreensShowTheResultsFigures: the question header, the review, the
// start menu and the results screen show the figures of the session's
// Result (assess counts them once), whatever was answered how.
func TestScreensShowTheResultsFigures(t *testing.T) {
	d, _ := demoDriver(t, 140, 45)
	d.keys("enter", "u", "enter", "enter", "s") // SC-01 answered, SC-02 not sure, AR-01 skipped
	res := d.m.sess.result
	o := res.Overall
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }

	d.mustSee(fmt.Sprintf(" %d answered · %d open ·", o.Answered, o.Open))
	d.keys("esc", "r")
	d.mustSee(fmt.Sprintf("%d answered · %d not sure · %d skipped · %d not applicable · %d open", o.Answered, o.NotSure, o.Skipped, o.NotApplicable, o.Open))
	if o.NotSure != 1 || o.Skipped != 1 {
		t.Errorf("counts %+v: want 1 not sure and 1 skipped", o)
	}

	d.keys("R")
	screen := d.screen()
	c, g := res.Counts, res.Grade
	if !strings.Contains(flat(screen), flat(g.Summary)) {
		t.Errorf("results screen lacks the grade sentence %q:\n%s", g.Summary, screen)
	}
	if !strings.Contains(screen, o.QuestionCounts()) {
		t.Errorf("results screen lacks %q", o.QuestionCounts())
	}
	want := fmt.Sprintf("%d high · %d medium · %d low to fix · %d to find out · %d %s with the tenant · %d accepted",
		c.ToFix.High, c.ToFix.Medium, c.ToFix.Low, c.ToFindOut.Total(), c.Conflicts, plural(c.Conflicts, "conflict", "conflicts"), c.AcceptedRisks)
	if !strings.Contains(screen, want) {
		t.Errorf("results screen lacks %q:\n%s", want, screen)
	}
	for _, tab := range []string{fmt.Sprintf("Findings (%d)", c.Open.Total()), fmt.Sprintf("Conflicts (%d)", c.Conflicts), fmt.Sprintf("Accepted (%d)", c.AcceptedRisks)} {
		if !strings.Contains(screen, tab) {
			t.Errorf("results tabs lack %q", tab)
		}
	}
	for _, s := range res.DataStates {
		v := " n/a"
		if s.Value != nil {
			v = fmt.Sprintf("%.0f", *s.Value)
		}
		row := regexp.MustCompile(regexp.QuoteMeta(s.Title) + `\s.*\s` + regexp.QuoteMeta(strings.TrimSpace(v)) + `\s+` + regexp.QuoteMeta(s.Status))
		if !row.MatchString(screen) {
			t.Errorf("results screen lacks %s %s %s", s.Title, v, s.Status)
		}
	}
	// The start menu of a new run lists the file with the same answered count.
	s := newDriver(t, testOptions(t, d.m.opts.Dir), 120, 30)
	s.mustSee(fmt.Sprintf("%d of %d answered", o.Answered, o.Total))
}
