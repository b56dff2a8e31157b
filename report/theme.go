package report

import (
	"math"

	"github.com/ppwaf/se06/assess"
)

// color is a 0xRRGGBB colour; a constant type so the palette cannot change.
type color uint32

func (c color) rgb() (r, g, b int) { return int(c>>16) & 0xFF, int(c>>8) & 0xFF, int(c) & 0xFF }

// The palette: one colour per severity and per state, used the same way in
// every table, chart and badge. Every colour that text is drawn in reaches
// 4.5:1 (WCAG AA) on every background it is drawn on; TestTextContrast
// measures each pair listed in textPairs.
const (
	colInk    color = 0x1F2937
	colMuted  color = 0x5F6673
	colRule   color = 0xD1D5DB
	colZebra  color = 0xF6F7F9
	colAccent color = 0x0F4C81
	colWhite  color = 0xFFFFFF
	colLink   color = 0x1D4ED8
	colCode   color = 0xF1F3F6 // the band behind commands

	colHigh   color = 0xB91C1C
	colMedium color = 0xB45309
	colLow    color = 0x2563EB
	colInfo   color = 0x5F6673

	colPass     color = 0x15803D
	colUnsure   color = 0x7C3AED
	colAccepted color = 0x0E7490
	colNA       color = 0x6B7280
)

func severityColor(s assess.Severity) color {
	switch s {
	case assess.SevHigh:
		return colHigh
	case assess.SevMedium:
		return colMedium
	case assess.SevLow:
		return colLow
	}
	return colInfo
}

func stateColor(s assess.FindingState) color {
	switch s {
	case assess.FindingFail:
		return colHigh
	case assess.FindingWarn:
		return colMedium
	case assess.FindingPass:
		return colPass
	case assess.FindingUnsure:
		return colUnsure
	case assess.FindingAccepted:
		return colAccepted
	case assess.FindingNotApplicable:
		return colNA
	}
	return colInfo
}

// statusColor colours a score's one-word status.
func statusColor(status string) color {
	switch status {
	case "Aligned":
		return colPass
	case "Needs work":
		return colMedium
	case "At risk":
		return colHigh
	}
	return colInfo
}

func gradeColor(letter string) color {
	switch letter {
	case "A", "B":
		return colPass
	case "C":
		return colMedium
	case "D", "E":
		return colHigh
	}
	return colInfo
}

// textPairs lists every text colour with the backgrounds it is drawn on:
// coloured text on the page, table stripes and the command band, and white
// text on every badge, tile band, table header and the cover.
func textPairs() (pairs [][2]color) {
	inks := []color{colInk, colMuted, colAccent, colLink, colHigh, colMedium, colLow, colInfo, colPass, colUnsure, colAccepted}
	for _, bg := range []color{colWhite, colZebra, colCode} {
		for _, fg := range inks {
			pairs = append(pairs, [2]color{fg, bg})
		}
	}
	fills := []color{colAccent, colHigh, colMedium, colLow, colInfo, colPass, colUnsure, colAccepted, colNA}
	for _, s := range []assess.Severity{assess.SevHigh, assess.SevMedium, assess.SevLow, assess.SevInfo} {
		fills = append(fills, severityColor(s))
	}
	for _, st := range []assess.FindingState{assess.FindingFail, assess.FindingWarn, assess.FindingPass, assess.FindingUnsure, assess.FindingNotVerified, assess.FindingNotApplicable, assess.FindingAccepted} {
		fills = append(fills, stateColor(st))
	}
	for _, st := range []string{"Aligned", "Needs work", "At risk", "Unknown"} {
		fills = append(fills, statusColor(st))
	}
	for _, g := range []string{"A", "B", "C", "D", "E", "-"} {
		fills = append(fills, gradeColor(g))
	}
	for _, bg := range fills {
		pairs = append(pairs, [2]color{colWhite, bg})
	}
	return pairs
}

// contrast is the WCAG 2 contrast ratio of two colours.
func contrast(a, b color) float64 {
	la, lb := a.luminance(), b.luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the WCAG relative luminance.
func (c color) luminance() float64 {
	r, g, b := c.rgb()
	lin := func(v int) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
