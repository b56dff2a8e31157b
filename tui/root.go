package tui

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// screen names the screen on display.
type screen int

const (
	screenStart screen = iota
	screenEvidence
	screenQuestion
	screenReview
	screenResults
)

// Messages screens send to the root model.
type (
	sessionMsg struct {
		sess   *session
		to     screen
		status string // said once it is open
	}
	errMsg struct{ err error }
)

// Model is the root model: it owns the session, the terminal size, the
// overlays, and one model per screen.
type Model struct {
	opts   Options
	ctx    context.Context
	st     Styles
	keys   keyMap
	help   help.Model
	isDark bool

	width, height int
	screen        screen
	sess          *session

	start    startModel
	evidence evidenceModel
	question questionModel
	review   reviewModel
	results  resultsModel

	showHelp    bool
	helpDrawn   drawnBox // the last help box: the same keys draw the same box
	confirmQuit bool
	status      string
	err         error
	quitting    bool
}

// New builds the root model. ctx bounds background work (collection).
func New(ctx context.Context, opts Options) *Model {
	m := &Model{opts: opts, ctx: ctx, keys: newKeyMap(), isDark: true, width: minWidth, height: minHeight}
	m.st = NewStyles(opts.Theme, true)
	m.help = help.New()
	m.applyHelpStyles()
	m.start = newStartModel(opts)
	m.evidence = newEvidenceModel(opts.Sources)
	return m
}

func (m *Model) applyHelpStyles() {
	hs := help.DefaultStyles(m.isDark)
	if m.opts.Theme != ThemeDefault {
		hs.ShortKey, hs.FullKey = m.st.Key, m.st.Key
		hs.ShortDesc, hs.FullDesc = m.st.Text, m.st.Text
		hs.ShortSeparator, hs.FullSeparator = m.st.Text, m.st.Text
		hs.Ellipsis = m.st.Text
	}
	m.help.Styles = hs
}

// Init starts the wizard: straight into a file or demo mode when asked.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.start.init()}
	switch {
	case m.opts.Resume != "":
		cmds = append(cmds, openFileCmd(m.opts, m.opts.Resume))
	case m.opts.Demo:
		cmds = append(cmds, demoCmd(m.opts))
	}
	return tea.Batch(cmds...)
}

// Update routes messages: global keys and resizes first, then the screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width - 2)
		return m, nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.st = NewStyles(m.opts.Theme, m.isDark)
		m.applyHelpStyles()
		return m, nil
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case sessionMsg:
		cmd := m.openSession(msg.sess, msg.to)
		if msg.status != "" {
			m.status = msg.status
		}
		return m, cmd
	case restoreMsg:
		m.screen = screenStart
		m.start.mode, m.start.restore = startRestore, &msg
		return m, nil
	case errMsg:
		m.err = msg.err
		return m, nil
	}
	// Background work goes to its screen whatever is on display; pastes go
	// to the screen on display.
	cmds := []tea.Cmd{m.evidence.update(m, msg), m.results.update(m, msg)}
	switch m.screen {
	case screenQuestion:
		cmds = append(cmds, m.question.tick(msg))
	case screenStart:
		cmds = append(cmds, m.start.tick(msg))
	}
	return m, tea.Batch(cmds...)
}

// handleKey applies the global keys, then hands the key to the screen.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if m.confirmQuit {
		switch {
		case key.Matches(msg, k.Yes), key.Matches(msg, k.ForceQuit), msg.String() == "q":
			return m.quit()
		case key.Matches(msg, k.No):
			m.confirmQuit = false
		}
		return nil
	}
	if m.showHelp {
		if key.Matches(msg, k.ForceQuit) {
			return m.askQuit()
		}
		m.showHelp = false
		return nil
	}
	if m.width < minWidth || m.height < minHeight {
		// No room for the question: quit at once, after saving.
		if key.Matches(msg, k.ForceQuit) || key.Matches(msg, k.Quit) {
			if m.sess != nil {
				_ = m.sess.save()
			}
			return m.quit()
		}
		return nil
	}
	if key.Matches(msg, k.ForceQuit) {
		return m.askQuit()
	}
	m.err = nil
	// A status line says what the last key did; it never outlives the next.
	m.status = ""
	if key.Matches(msg, k.Save) {
		m.saveNow()
		return nil
	}
	if !m.typing() {
		switch {
		case key.Matches(msg, k.Quit):
			return m.askQuit()
		case key.Matches(msg, k.Help):
			m.showHelp = true
			return nil
		}
	}
	switch m.screen {
	case screenStart:
		return m.start.key(m, msg)
	case screenEvidence:
		return m.evidence.key(m, msg)
	case screenQuestion:
		return m.question.key(m, msg)
	case screenReview:
		return m.review.key(m, msg)
	case screenResults:
		return m.results.key(m, msg)
	}
	return nil
}

// typing reports whether the screen has a focused text field, so letters are text.
func (m *Model) typing() bool {
	switch m.screen {
	case screenStart:
		return m.start.typing()
	case screenQuestion:
		return m.question.typing()
	case screenResults:
		return m.results.typing()
	case screenEvidence:
		return m.evidence.typing()
	}
	return false
}

func (m *Model) saveNow() {
	if m.sess == nil {
		m.status = "Nothing to save yet."
		return
	}
	if err := m.sess.save(); err != nil {
		m.err = err
		return
	}
	m.status = "Saved to " + m.sess.name()
}

// askQuit saves, then asks to confirm.
func (m *Model) askQuit() tea.Cmd {
	if m.sess != nil {
		if err := m.sess.save(); err != nil {
			m.err = err
		}
	}
	m.confirmQuit = true
	m.showHelp = false
	return nil
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	m.evidence.stop()
	return tea.Quit
}

// openSession switches to a new session (new, resumed or demo).
func (m *Model) openSession(s *session, to screen) tea.Cmd {
	m.sess = s
	m.status = "Assessment file: " + s.name()
	switch to {
	case screenQuestion:
		q := s.resumeQuestion()
		if q == nil {
			return m.openScreen(screenReview)
		}
		return m.openQuestion(q.ID, screenQuestion)
	default:
		return m.openScreen(to)
	}
}

// openQuestion shows a question; returnTo is screenReview or screenResults
// when editing from there (the answer then goes back there).
func (m *Model) openQuestion(id string, returnTo screen) tea.Cmd {
	if m.sess == nil {
		return nil
	}
	q, ok := m.sess.bank.Question(id)
	if !ok {
		return nil
	}
	m.screen = screenQuestion
	m.sess.setCurrent(id)
	return m.question.open(m, q, returnTo)
}

func (m *Model) openScreen(to screen) tea.Cmd {
	from := m.screen
	m.screen = to
	switch to {
	case screenStart:
		return m.start.init()
	case screenEvidence:
		m.evidence.open(from)
	case screenReview:
		m.review.open(m.sess, m.question.id())
	case screenResults:
		if m.sess != nil {
			m.sess.asm.Progress.Finished = true
			_ = m.sess.save()
		}
		m.results.open(m.sess)
		m.status = "1–5 switch tabs · w writes the reports · on Findings, a accepts a risk"
	}
	return nil
}

// View draws the current screen in the frame, or the size message.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "se06 — SE:06 data encryption assessment"
	if m.sess != nil && m.sess.asm.Metadata.Title != "" {
		v.WindowTitle = "se06 — " + m.sess.asm.Metadata.Title
	}
	return v
}

func (m *Model) render() string {
	if m.quitting {
		return ""
	}
	if m.width < minWidth || m.height < minHeight {
		return tooSmall(m.st, m.width, m.height)
	}
	header := m.header()
	footer := m.footer()
	bodyH := m.height - lipgloss.Height(header) - lipgloss.Height(footer)
	var body string
	switch m.screen {
	case screenStart:
		body = m.start.view(m, m.width, bodyH)
	case screenEvidence:
		body = m.evidence.view(m, m.width, bodyH)
	case screenQuestion:
		body = m.question.view(m, m.width, bodyH)
	case screenReview:
		body = m.review.view(m, m.width, bodyH)
	case screenResults:
		body = m.results.view(m, m.width, bodyH)
	}
	// A screen never draws outside the terminal, whatever its content.
	bodyLines := fitLines(strings.Split(body, "\n"), bodyH)
	for i, l := range bodyLines {
		if lipgloss.Width(l) > m.width {
			bodyLines[i] = clip(l, m.width)
		}
	}
	body = strings.Join(bodyLines, "\n")
	out := header + "\n" + body + "\n" + footer
	switch {
	case m.confirmQuit:
		out = overlay(out, m.quitBox(), m.width, m.height)
	case m.showHelp:
		out = overlay(out, m.helpBox(), m.width, m.height)
	}
	return out
}

// header is the top bar: the tool, the assessment, and the save state.
func (m *Model) header() string {
	left := "SE:06 data encryption"
	right := ""
	if m.sess != nil {
		switch t := m.sess.asm.Metadata.Title; {
		case strings.HasPrefix(t, left):
			left = t // the default title already says it
		case t != "":
			left += " · " + t
		}
		if m.sess.demo {
			left += " · DEMO"
		}
		switch {
		case m.sess.saveErr != nil:
			right = "NOT SAVED"
		case !m.sess.lastSaved.IsZero():
			right = "saved " + m.opts.local(m.sess.lastSaved).Format("15:04:05")
		}
	}
	if live := m.evidence.badge(); live != "" {
		right = live + "  " + right
	}
	w := m.width - 2 // header padding
	return m.st.Header.Width(m.width).Render(spread(clip(left, w-lipgloss.Width(right)-2), right, w))
}

// footer is the status line and the short help.
func (m *Model) footer() string {
	// a status may take two lines rather than lose its end
	statusStyle := m.st.Muted
	if strings.HasPrefix(m.status, "⚠") {
		statusStyle = m.st.Warn // a conflict stands out
	}
	status := statusStyle.Render(strings.Join(atMost(lines(m.status, m.width-1), 2, m.width-1), "\n"))
	if m.err != nil {
		// errors may take two lines: they often carry a path
		el := atMost(lines("✗ "+m.err.Error(), m.width-1), 2, m.width-1)
		status = m.st.Error.Render(strings.Join(el, "\n"))
	} else if m.sess != nil && m.sess.saveErr != nil {
		status = m.st.Error.Render(clip("✗ not saved: "+m.sess.saveErr.Error(), m.width-1))
	}
	short := m.keys.help(m.screen, m.typing(), m.screen == screenQuestion && m.question.mode == qmDetails).ShortHelp()
	switch {
	case m.confirmQuit:
		short = []key.Binding{m.keys.Yes, m.keys.No}
	case m.screen == screenStart && m.start.mode == startRestore:
		short = []key.Binding{m.keys.Restore, m.keys.Cancel, m.keys.Help, m.keys.Quit}
	case m.showHelp:
		short = []key.Binding{m.keys.CloseHelp}
	}
	return status + "\n" + m.shortHelp(short, m.width)
}

// shortHelp draws the help bar: the "? all keys" and quit bindings always,
// so the way to every other key stays on screen, and, in their order, as
// many of the others as fit (a long one that does not fit leaves room for a
// shorter one after it).
func (m *Model) shortHelp(bindings []key.Binding, width int) string {
	hm := m.help
	hm.SetWidth(0)
	keep := func(b key.Binding) bool {
		k := b.Keys()
		return len(k) > 0 && (k[0] == "?" || k[0] == "q" || k[0] == "ctrl+c")
	}
	// Widths are added up rather than measured on a drawn bar: this runs on
	// every frame.
	sep := lipgloss.Width(hm.ShortSeparator)
	itemW := func(b key.Binding) int {
		h := b.Help()
		return lipgloss.Width(h.Key) + 1 + lipgloss.Width(h.Desc)
	}
	include := make([]bool, len(bindings))
	fit := func() (dropped bool) {
		used, n := 0, 0
		for i, b := range bindings {
			if include[i] = keep(b); include[i] {
				used += itemW(b)
				n++
			}
		}
		for i, b := range bindings {
			if keep(b) {
				continue
			}
			if w := itemW(b) + sep; used+w+sep*max(0, n-1) <= width {
				include[i] = true
				used += w - sep
				n++
				continue
			}
			dropped = true
		}
		return dropped
	}
	if fit() {
		// Never drop a key silently: "?" says there are more.
		bindings = slices.Clone(bindings)
		for i, b := range bindings {
			if k := b.Keys(); len(k) > 0 && k[0] == "?" {
				bindings[i] = key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys"))
			}
		}
		fit()
	}
	var shown []key.Binding
	for i, b := range bindings {
		if include[i] {
			shown = append(shown, b)
		}
	}
	return clip(hm.ShortHelpView(shown), width)
}

func (m *Model) quitBox() string {
	where := "Nothing has been started, so nothing needs saving."
	if m.sess != nil {
		where = "Your answers are saved in\n" + m.sess.name() + "\nResume with: " + m.opts.resumeCommand(m.sess.name(), false)
		if m.sess.saveErr != nil {
			where = "Saving failed: " + m.sess.saveErr.Error()
		}
	}
	body := m.st.Title.Render("Quit the wizard?") + "\n\n" + where + "\n\n" +
		m.st.Key.Render("y") + " quit   " + m.st.Key.Render("n") + " or " + m.st.Key.Render("enter") + " stay"
	return m.st.Panel.Width(min(64, m.width-4)).Render(body)
}

func (m *Model) helpBox() string {
	h := m.keys.help(m.screen, m.typing(), m.screen == screenQuestion && m.question.mode == qmDetails)
	groups := h.FullHelp()
	// Laying out the key table is most of a frame's cost while help is open,
	// and it changes only with the keys, the width or the theme.
	var fp strings.Builder
	fp.WriteString(strconv.Itoa(m.width) + " " + strconv.FormatBool(m.isDark))
	for _, g := range groups {
		fp.WriteByte('\n')
		for _, b := range g {
			fp.WriteString(strconv.FormatBool(b.Enabled()) + "\x00" + b.Help().Key + "\x00" + b.Help().Desc + "\x00")
		}
	}
	if m.helpDrawn.key == fp.String() {
		return m.helpDrawn.box
	}
	hm := m.help
	hm.SetWidth(0)
	keys := hm.FullHelpView(groups)
	if lipgloss.Width(keys) > m.width-8 && len(groups) > 2 {
		half := (len(groups) + 1) / 2
		keys = hm.FullHelpView(groups[:half]) + "\n\n" + hm.FullHelpView(groups[half:])
	}
	body := m.st.Title.Render("Keys") + "\n\n" + keys + "\n\n" + m.st.Muted.Render("Press any key to close.")
	m.helpDrawn = drawnBox{key: fp.String(), box: m.st.Panel.Render(body)}
	return m.helpDrawn.box
}

// drawnBox is a rendered box and the fingerprint of what it was drawn from.
type drawnBox struct{ key, box string }
