package tui

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestLeftToAnswerIsResultsOpen: with the real bank, on the demo tenant and
// on facts read live from the emulator, partly answered (some answers, a not
// sure, a skip), the wizard's "left to answer" figure is Result.Overall.Open,
// the header and the review print the Result's counts, and o visits exactly
// Result.OpenQuestions: every one once, nothing else (not the questions the
// tenant decides, not the not sure or skipped ones).
func TestLeftToAnswerIsResultsOpen(t *testing.T) {
	b, err := assess.LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	demo, err := tenant.Demo(testNow())
	if err != nil {
		t.Fatal(err)
	}
	emu, cfg := tenanttest.StartEnv(t, tenanttest.Sample(testNow()))
	src := DefaultSources(SourceOptions{CloudConfigFile: cfg, AllowHosts: []string{"127.0.0.1"}, Auth: tenant.AuthEnv, Timeout: 10 * time.Second, ToolVersion: "test", Now: testNow, RootCAs: emu.CertPool()})
	live, err := src.Collect(context.Background(), func(CollectProgress) {}, func(string) {}, func([]PreflightItem) {})
	if err != nil {
		t.Fatalf("collect from the emulator: %v", err)
	}
	left := regexp.MustCompile(`(\d+|No) questions? (?:is|are) left to answer`)
	for name, facts := range map[string]*assess.Facts{"demo": demo, "live": live} {
		t.Run(name, func(t *testing.T) {
			opts := testOptions(t, t.TempDir())
			opts.Bank, opts.Demo = b, true
			opts.Sources.DemoFacts = func(time.Time) (*assess.Facts, error) { return facts, nil }
			d := newDriver(t, opts, 120, 40)
			d.mustSee("Question 1 of")
			// Partly answered: the first question, a not sure, a skip, two more.
			d.keys("enter", "u", "enter", "s", "enter", "enter")
			res := d.m.sess.result
			o := res.Overall
			open := res.OpenQuestions()
			if o.Open == 0 || len(open) != o.Open || o.NotSure+o.Skipped == 0 {
				t.Fatalf("fixture: open %v (Overall.Open %d), not sure %d, skipped %d: want open questions and some to follow up", open, o.Open, o.NotSure, o.Skipped)
			}
			if o.FromTenant == 0 && name == "demo" {
				t.Errorf("fixture: the demo tenant should decide some question nobody answered (%+v)", o)
			}
			if d.m.typing() {
				d.keys("esc")
			}
			d.mustSee(fmt.Sprintf(" %d answered · %d open ·", o.Answered, o.Open))

			var seq []string
			for range len(open) + 1 { // once round, and back to the first
				if d.m.typing() {
					d.keys("ctrl+o")
				} else {
					d.keys("o")
				}
				seq = append(seq, d.m.question.id())
				m := left.FindStringSubmatch(d.m.status)
				if m == nil {
					t.Fatalf("o: the status line says no figure: %q", d.m.status)
				}
				n := 0
				if m[1] != "No" {
					n, _ = strconv.Atoi(m[1])
				}
				if n != o.Open {
					t.Errorf("status %q: %d left to answer, Result says %d open", d.m.status, n, o.Open)
				}
			}
			round := slices.Clone(seq[:len(open)])
			slices.Sort(round)
			want := slices.Clone(open)
			slices.Sort(want)
			if !slices.Equal(round, want) || seq[len(open)] != seq[0] {
				t.Errorf("o visited %v; want each of Result's open questions %v once, then round again", seq, open)
			}
			d.keys("r")
			d.mustSee(fmt.Sprintf("%d answered · %d not sure · %d skipped · %d not applicable · %d open", o.Answered, o.NotSure, o.Skipped, o.NotApplicable, o.Open))
			// The review's filter lists exactly what is left: open, not sure, skipped.
			d.keys("f")
			var listed []string
			for _, row := range d.m.review.rows {
				if row.q != nil {
					listed = append(listed, row.q.ID)
				}
			}
			if want := res.ToFollowUp(); !slices.Equal(listed, want) {
				t.Errorf("f lists %v, want Result's %v", listed, want)
			}
			// At 80×24 the review and the results keep every figure in view
			// (they wrap rather than cut).
			d.msg(tea.WindowSizeMsg{Width: 80, Height: 24})
			d.keys("f")
			d.mustSee(fmt.Sprintf("%d answered · %d not sure · %d skipped · %d not applicable · %d open", o.Answered, o.NotSure, o.Skipped, o.NotApplicable, o.Open))
			d.keys("R")
			flat := strings.Join(strings.Fields(d.screen()), " ")
			c := res.Counts
			for _, want := range []string{o.QuestionCounts(), fmt.Sprintf("%d high · %d medium · %d low to fix · %d to find out", c.ToFix.High, c.ToFix.Medium, c.ToFix.Low, c.ToFindOut.Total()),
				fmt.Sprintf("%d %s with the tenant · %d accepted", c.Conflicts, plural(c.Conflicts, "conflict", "conflicts"), c.AcceptedRisks)} {
				if !strings.Contains(flat, want) {
					t.Errorf("the results screen at 80×24 lacks %q:\n%s", want, d.screen())
				}
			}
		})
	}
}
