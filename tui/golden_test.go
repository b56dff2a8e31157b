package tui

import (
	"image/color"
	"regexp"

	tea "charm.land/bubbletea/v2"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/exp/golden"
)

// screenSetups drive the wizard to each main screen.
var screenSetups = []struct {
	name  string
	setup func(d *driver)
}{
	{"start", func(d *driver) {}},
	{"new-form", func(d *driver) { d.keys("enter"); d.typeText("Contoso HR review") }},
	{"question-single", func(d *driver) { d.demo() }},
	{"question-multi", func(d *driver) { d.demo(); d.keys("enter", "space", "down", "down") }},
	{"question-tenant", func(d *driver) { d.demo(); d.keys("enter", "space", "enter", "down", "enter") }},
	{"question-owner", func(d *driver) {
		d.demo()
		d.keys("enter", "space", "enter", "down", "enter", "u")
		d.typeText("Key Vault team")
	}},
	{"question-yesno", func(d *driver) { d.demo(); d.keys("enter", "space", "enter", "enter", "down") }},
	{"question-text", func(d *driver) {
		d.demo()
		d.keys("enter", "space", "enter", "enter", "s")
		d.typeText("gw01 and gw02")
	}},
	{"jump", func(d *driver) { d.demo(); d.keys("g", "down") }},
	{"help", func(d *driver) { d.demo(); d.keys("?") }},
	{"review", func(d *driver) { d.demo(); d.keys("enter", "u", "enter", "s", "r") }},
	{"results", func(d *driver) {
		d.demo()
		d.keys("down", "down", "enter", "space", "enter", "down", "enter", "enter", "enter", "esc", "R")
	}},
	{"results-findings", func(d *driver) { d.demo(); d.keys("down", "down", "enter", "s", "down", "enter", "R", "3") }},
	{"results-accept", func(d *driver) {
		d.demo()
		d.keys("down", "down", "enter", "s", "down", "enter", "R", "3", "a")
		d.typeText("Fixed next quarter")
	}},
	{"quit", func(d *driver) { d.demo(); d.keys("q") }},
}

// demo starts demo mode from the start screen and pins what varies by run:
// the file (in a temporary folder) is shown as contoso.se06.json.
func (d *driver) demo() {
	d.keys("up", "enter")
	d.m.sess.shown = "contoso" + assessmentExt
	d.m.status = ""
}

func TestGoldenScreens(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		for _, sc := range screenSetups {
			name := sc.name
			if size.w != 80 {
				name += "-wide"
			}
			t.Run(name, func(t *testing.T) {
				d := newDriver(t, testOptions(t, t.TempDir()), size.w, size.h)
				sc.setup(d)
				golden.RequireEqual(t, []byte(trimLines(d.screen())))
			})
		}
	}
}

func TestGoldenTooSmall(t *testing.T) {
	d := newDriver(t, testOptions(t, t.TempDir()), 60, 20)
	golden.RequireEqual(t, []byte(trimLines(d.screen())))
}

// TestEveryScreenFitsEverySize checks that no screen draws outside the
// terminal, from the minimum to large sizes, in every theme.
func TestEveryScreenFitsEverySize(t *testing.T) {
	sizes := [][2]int{{80, 24}, {81, 25}, {100, 30}, {120, 40}, {200, 60}}
	for _, th := range []Theme{ThemeDefault, ThemeHighContrast, ThemeNoColor} {
		for _, sc := range screenSetups {
			opts := testOptions(t, t.TempDir())
			opts.Theme = th
			d := newDriver(t, opts, 80, 24)
			if th == ThemeHighContrast {
				d.msg(tea.BackgroundColorMsg{Color: color.White}) // a light terminal
			}
			sc.setup(d)
			for _, sz := range sizes {
				d.msg(tea_WindowSize(sz[0], sz[1]))
				out := d.m.render()
				lines := strings.Split(out, "\n")
				if len(lines) != sz[1] {
					t.Errorf("%s at %dx%d theme %d: %d lines", sc.name, sz[0], sz[1], th, len(lines))
				}
				for i, l := range lines {
					if w := lipgloss.Width(l); w > sz[0] {
						t.Errorf("%s at %dx%d theme %d: line %d is %d wide: %q", sc.name, sz[0], sz[1], th, i, w, l)
					}
				}
			}
		}
	}
}

// trimLines drops trailing spaces so golden files stay readable.
func trimLines(s string) string {
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		ls[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(ls, "\n") + "\n"
}

// colourSGR matches an SGR sequence that sets a foreground or background colour.
var colourSGR = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9;]*)?m`)

// TestNoColorThemeHasNoColour: with NO_COLOR or --no-color, no screen sets a
// colour; emphasis is bold, underline or reverse.
func TestNoColorThemeHasNoColour(t *testing.T) {
	for _, sc := range screenSetups {
		opts := testOptions(t, t.TempDir())
		opts.Theme = ThemeNoColor
		d := newDriver(t, opts, 100, 30)
		sc.setup(d)
		if loc := colourSGR.FindStringIndex(d.m.render()); loc != nil {
			t.Errorf("%s: a colour sequence in no-colour mode", sc.name)
		}
	}
}
