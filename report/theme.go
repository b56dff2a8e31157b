package report

import "github.com/ppwaf/se06/assess"

// color is a 0xRRGGBB colour; a constant type so the palette cannot change.
type color uint32

func (c color) rgb() (r, g, b int) { return int(c>>16) & 0xFF, int(c>>8) & 0xFF, int(c) & 0xFF }

// The palette: one colour per severity and per state, used the same way in
// every table, chart and badge.
const (
	colInk    color = 0x1F2937
	colMuted  color = 0x6B7280
	colRule   color = 0xD1D5DB
	colZebra  color = 0xF6F7F9
	colAccent color = 0x0F4C81
	colWhite  color = 0xFFFFFF
	colLink   color = 0x1D4ED8
	colCode   color = 0xF1F3F6 // the band behind commands

	colHigh   color = 0xB91C1C
	colMedium color = 0xCA6E04
	colLow    color = 0x2563EB
	colInfo   color = 0x6B7280

	colPass     color = 0x15803D
	colUnsure   color = 0x7C3AED
	colAccepted color = 0x0E7490
	colNA       color = 0x9CA3AF
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
