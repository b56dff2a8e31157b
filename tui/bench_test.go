package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// BenchmarkView renders every main screen at 120x40 (the budget is 2 ms).
func BenchmarkView(b *testing.B) {
	for _, sc := range screenSetups {
		b.Run(sc.name, func(b *testing.B) {
			d := newDriver(b, testOptions(b, b.TempDir()), 120, 40)
			sc.setup(d)
			_ = d.m.View() // warm: b.Loop times from its first call
			for b.Loop() {
				_ = d.m.View()
			}
			checkViewBudget(b)
		})
	}
}

// viewBudget is the most one View may take at 120x40; .ci/run runs every
// benchmark once and fails on a miss.
const viewBudget = 2 * time.Millisecond

func checkViewBudget(b *testing.B) {
	if per := b.Elapsed() / time.Duration(max(b.N, 1)); per > viewBudget {
		b.Errorf("View took %v, budget %v", per, viewBudget)
	}
}

// BenchmarkViewRealBank renders a question of the embedded bank, with the
// test tenant, at 120x40.
func BenchmarkViewRealBank(b *testing.B) {
	bank, err := assess.LoadBank()
	if err != nil {
		b.Skipf("embedded bank does not load: %v", err)
	}
	opts := testOptions(b, b.TempDir())
	opts.Bank = bank
	d := newDriver(b, opts, 120, 40)
	d.demo()
	d.keys("enter", "enter")
	_ = d.m.View()
	for b.Loop() {
		_ = d.m.View()
	}
	checkViewBudget(b)
}

// BenchmarkAnswerLargeTenant is what follows every answer: evaluation with
// the real bank and a tenant of 1,000 production environments, then the view.
func BenchmarkAnswerLargeTenant(b *testing.B) {
	bank, err := assess.LoadBank()
	if err != nil {
		b.Skipf("embedded bank does not load: %v", err)
	}
	f := testFacts()
	base := f.Environments[0]
	f.Environments = nil
	for i := range 1000 {
		e := base
		e.ID = fmt.Sprintf("env-%04d", i)
		e.Name = fmt.Sprintf("Environment %d", i)
		f.Environments = append(f.Environments, e)
	}
	asm := assess.NewAssessment(bank, assess.Metadata{Title: "large"}, "test", testNow())
	asm.Facts = f
	s, err := newSession(bank, asm, b.TempDir()+"/large.se06.json", testNow)
	if err != nil {
		b.Fatal(err)
	}
	m := New(context.Background(), testOptions(b, b.TempDir()))
	m.width, m.height = 120, 40
	m.sess = s
	q := s.resumeQuestion()
	m.openQuestion(q.ID, screenQuestion)
	_ = m.View()
	for b.Loop() {
		if err := s.evaluate(); err != nil {
			b.Fatal(err)
		}
		_ = m.View()
	}
	// No target of its own (reported only): BenchmarkEvaluate and BenchmarkView hold the parts'.
	b.ReportMetric(float64((b.Elapsed()/time.Duration(max(b.N, 1))).Microseconds())/1000, "ms/answer")
}

// BenchmarkFirstScreen is the start-up up to the first frame: load the
// embedded bank, build the model, size it, run Init (the start menu reads
// the folder: five saved assessments and an unfinished demo here) and draw.
// The budget is 100 ms.
func BenchmarkFirstScreen(b *testing.B) {
	dir := b.TempDir()
	bank, err := assess.LoadBank()
	if err != nil {
		b.Skipf("embedded bank does not load: %v", err)
	}
	for i := range 5 {
		asm := assess.NewAssessment(bank, assess.Metadata{Title: fmt.Sprintf("Assessment %d", i)}, "test", testNow())
		if err := asm.Save(filepath.Join(dir, fmt.Sprintf("a%d%s", i, assessmentExt)), testNow()); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		bank, err := assess.LoadBank()
		if err != nil {
			b.Fatal(err)
		}
		opts := testOptions(b, dir)
		opts.Bank = bank
		d := newDriver(b, opts, 120, 40)
		_ = d.m.View()
	}
}
