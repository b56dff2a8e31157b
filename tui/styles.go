package tui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Theme picks the palette.
type Theme int

const (
	// ThemeDefault is a calm palette readable on dark and light backgrounds.
	ThemeDefault Theme = iota
	// ThemeHighContrast uses bold, bright colours and no faint text, for
	// projectors and low vision.
	ThemeHighContrast
	// ThemeNoColor uses no colour at all, only bold, underline and reverse
	// (NO_COLOR, --no-color).
	ThemeNoColor
)

// Styles holds every style the wizard draws with. It is built once per theme
// and carried by the root model; nothing is global.
type Styles struct {
	Theme Theme

	App       lipgloss.Style // the whole frame
	Header    lipgloss.Style // the top bar
	HeaderDim lipgloss.Style
	Title     lipgloss.Style // screen titles
	Section   lipgloss.Style // section titles in the main area
	Prompt    lipgloss.Style // the question
	QID       lipgloss.Style // "AR-02"
	Text      lipgloss.Style
	Muted     lipgloss.Style // help text, hints
	Link      lipgloss.Style
	Key       lipgloss.Style // key names in hints
	Cursor    lipgloss.Style // the highlighted row
	Selected  lipgloss.Style // a chosen answer
	Tenant    lipgloss.Style // "from the tenant"
	Good      lipgloss.Style
	Warn      lipgloss.Style
	Bad       lipgloss.Style
	Panel     lipgloss.Style // bordered boxes (evidence, overlays)
	PanelHead lipgloss.Style
	Sidebar   lipgloss.Style
	SideItem  lipgloss.Style
	SideCur   lipgloss.Style
	SideDone  lipgloss.Style
	BarFull   lipgloss.Style
	BarEmpty  lipgloss.Style
	Tab       lipgloss.Style
	TabActive lipgloss.Style
	Grade     lipgloss.Style
	Input     lipgloss.Style
	Error     lipgloss.Style
}

// palette is the handful of colours a theme needs.
type palette struct {
	accent, accentFg, text, muted, good, warn, bad, tenant, border, barEmpty color.Color
}

// NewStyles builds the styles of a theme. isDark says whether the terminal
// background is dark (the default when it cannot be asked).
func NewStyles(t Theme, isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	var p palette
	switch t {
	case ThemeHighContrast:
		p = palette{
			accent:   ld(lipgloss.Color("#0000AF"), lipgloss.Color("#FFFF00")),
			accentFg: ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#000000")),
			text:     ld(lipgloss.Color("#000000"), lipgloss.Color("#FFFFFF")),
			muted:    ld(lipgloss.Color("#000000"), lipgloss.Color("#FFFFFF")),
			good:     ld(lipgloss.Color("#005F00"), lipgloss.Color("#00FF00")),
			warn:     ld(lipgloss.Color("#875F00"), lipgloss.Color("#FFD700")),
			bad:      ld(lipgloss.Color("#AF0000"), lipgloss.Color("#FF5F5F")),
			tenant:   ld(lipgloss.Color("#5F00AF"), lipgloss.Color("#00FFFF")),
			border:   ld(lipgloss.Color("#000000"), lipgloss.Color("#FFFFFF")),
			barEmpty: ld(lipgloss.Color("#000000"), lipgloss.Color("#FFFFFF")),
		}
	case ThemeNoColor:
		p = palette{}
	default:
		p = palette{
			accent:   ld(lipgloss.Color("#3B5BDB"), lipgloss.Color("#7C8CFF")),
			accentFg: lipgloss.Color("#FFFFFF"),
			text:     ld(lipgloss.Color("#1F2328"), lipgloss.Color("#E6E6E6")),
			muted:    ld(lipgloss.Color("#59636E"), lipgloss.Color("#9AA0A6")),
			good:     ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#56D364")),
			warn:     ld(lipgloss.Color("#9A6700"), lipgloss.Color("#E3B341")),
			bad:      ld(lipgloss.Color("#CF222E"), lipgloss.Color("#FF7B72")),
			tenant:   ld(lipgloss.Color("#8250DF"), lipgloss.Color("#D2A8FF")),
			border:   ld(lipgloss.Color("#AFB8C1"), lipgloss.Color("#484F58")),
			barEmpty: ld(lipgloss.Color("#D0D7DE"), lipgloss.Color("#30363D")),
		}
	}
	fg := func(c color.Color) lipgloss.Style {
		s := lipgloss.NewStyle()
		if c != nil {
			s = s.Foreground(c)
		}
		return s
	}
	hc := t == ThemeHighContrast
	nc := t == ThemeNoColor
	s := Styles{Theme: t}
	s.App = lipgloss.NewStyle()
	s.Header = fg(p.accentFg).Bold(true).Padding(0, 1)
	if p.accent != nil {
		s.Header = s.Header.Background(p.accent)
	} else {
		s.Header = s.Header.Reverse(true)
	}
	s.HeaderDim = s.Header.Bold(false)
	s.Title = fg(p.accent).Bold(true)
	s.Section = fg(p.accent).Bold(true)
	s.Prompt = fg(p.text).Bold(true)
	s.QID = fg(p.accent).Bold(true)
	s.Text = fg(p.text)
	s.Muted = fg(p.muted)
	s.Link = fg(p.accent).Underline(true)
	s.Key = fg(p.accent).Bold(true)
	s.Cursor = fg(p.accent).Bold(true)
	if nc || hc {
		s.Cursor = s.Cursor.Reverse(true)
	}
	s.Selected = fg(p.good).Bold(true)
	s.Tenant = fg(p.tenant).Bold(hc || nc)
	if nc {
		s.Tenant = s.Tenant.Italic(true)
	}
	s.Good = fg(p.good).Bold(hc || nc)
	s.Warn = fg(p.warn).Bold(true)
	s.Bad = fg(p.bad).Bold(true)
	s.Panel = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1)
	if hc {
		s.Panel = s.Panel.Border(lipgloss.ThickBorder())
	}
	if p.border != nil {
		s.Panel = s.Panel.BorderForeground(p.border)
	}
	s.PanelHead = fg(p.tenant).Bold(true)
	s.Sidebar = lipgloss.NewStyle().PaddingRight(1)
	s.SideItem = fg(p.text)
	s.SideCur = fg(p.accent).Bold(true)
	if nc || hc {
		s.SideCur = s.SideCur.Underline(true)
	}
	s.SideDone = fg(p.good)
	s.BarFull = fg(p.accent)
	s.BarEmpty = fg(p.barEmpty)
	s.Tab = fg(p.muted).Padding(0, 1)
	s.TabActive = s.Header.Padding(0, 1)
	s.Grade = s.Header.Padding(0, 2)
	s.Input = fg(p.text)
	s.Error = fg(p.bad).Bold(true)
	return s
}

// stateStyle colours a finding state.
func (s Styles) stateStyle(state string) lipgloss.Style {
	switch state {
	case "fail":
		return s.Bad
	case "warn", "unsure", "not-verified":
		return s.Warn
	case "pass":
		return s.Good
	}
	return s.Muted
}
