package tui

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestMonkey presses random keys on every screen: nothing may panic, and the
// screen always fits.
func TestMonkey(t *testing.T) {
	keys := []string{"up", "down", "left", "right", "enter", "tab", "shift+tab", "esc", "space",
		"u", "s", "a", "n", "g", "r", "R", "e", "f", "w", "1", "2", "3", "4", "5", "?", "x", "j", "k", "h", "l",
		"backspace", "ctrl+s", "n"} // no q: q twice quits, on purpose
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 42))
		d, _ := demoDriver(t, 80+int(seed)*10, 24+int(seed)*2)
		for i := range 600 {
			k := keys[rng.IntN(len(keys))]
			if d.m.typing() && rng.IntN(3) == 0 {
				d.typeText("text ")
				continue
			}
			d.keys(k)
			if d.m.quitting {
				t.Fatalf("seed %d: quit after %d keys without a y", seed, i)
			}
			out := d.m.render()
			lines := strings.Split(out, "\n")
			if len(lines) != d.m.height {
				t.Fatalf("seed %d key %d (%s): %d lines, want %d\n%s", seed, i, k, len(lines), d.m.height, ansi.Strip(out))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > d.m.width {
					t.Fatalf("seed %d key %d (%s): a line is %d wide\n%s", seed, i, k, w, ansi.Strip(out))
				}
			}
		}
	}
}
