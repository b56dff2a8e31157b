package tui

import (
	"testing"

	"github.com/ppwaf/se06/assess"
)

// BenchmarkView renders every main screen at 120x40 (the budget is 2 ms).
func BenchmarkView(b *testing.B) {
	for _, sc := range screenSetups {
		b.Run(sc.name, func(b *testing.B) {
			d := newDriver(b, testOptions(b, b.TempDir()), 120, 40)
			sc.setup(d)
			for b.Loop() {
				_ = d.m.View()
			}
		})
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
	for b.Loop() {
		_ = d.m.View()
	}
}
