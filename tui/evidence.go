package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/internal/termsafe"
)

// Messages of the background collection.
type (
	preflightMsg     struct{ items []PreflightItem }
	collectEventMsg  struct{ p CollectProgress }
	collectPromptMsg struct{ text string }
	collectDoneMsg   struct {
		facts *assess.Facts
		err   error
	}
	collectClosedMsg struct{}
)

type evidenceMode int

const (
	evidenceMenu evidenceMode = iota
	evidenceSnapshot
)

type evidenceItem int

const (
	evLive evidenceItem = iota
	evSnapshot
	evQuestions
)

// evidenceModel is the screen that brings tenant facts in: a live sign-in
// and collection that runs in the background, a snapshot file, or nothing.
type evidenceModel struct {
	src    Sources
	mode   evidenceMode
	cursor int
	path   textField

	running   bool
	finished  bool
	cancel    context.CancelFunc
	ch        chan tea.Msg
	spin      spinner.Model
	preflight []PreflightItem
	checks    []CollectProgress // latest event per check, in first-seen order
	prompt    string
	notes     []string // notes from the reader, e.g. the sign-in is not kept
	doneErr   error
	back      screen
}

func newEvidenceModel(src Sources) evidenceModel {
	return evidenceModel{src: src, spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
}

// open shows the screen; esc goes back to the screen it was opened from.
func (e *evidenceModel) open(from screen) {
	e.mode = evidenceMenu
	e.back = from
}

func (e *evidenceModel) typing() bool { return e.mode == evidenceSnapshot }

func (e *evidenceModel) items() []evidenceItem {
	return []evidenceItem{evLive, evSnapshot, evQuestions}
}

func (e *evidenceModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if e.mode == evidenceSnapshot {
		switch {
		case key.Matches(msg, k.Cancel):
			e.mode = evidenceMenu
			return nil
		case key.Matches(msg, k.Select):
			p := strings.TrimSpace(e.path.Value())
			if p == "" {
				return nil
			}
			f, err := assess.LoadFacts(p)
			if err != nil {
				m.err = errors.New(fileProblem(p, err))
				return nil
			}
			if err := m.sess.setFacts(f, filepath.Base(p)); err != nil {
				m.err = err
				return nil
			}
			m.status = fmt.Sprintf("Loaded %s: %d environments", p, len(f.Environments))
			e.mode = evidenceMenu
			return m.openQuestion(firstID(m.sess), screenQuestion)
		}
		var cmd tea.Cmd
		e.path, cmd = e.path.Update(msg)
		return cmd
	}
	items := e.items()
	switch {
	case key.Matches(msg, k.Up):
		e.cursor = (e.cursor + len(items) - 1) % len(items)
	case key.Matches(msg, k.Down), msg.String() == "tab":
		e.cursor = (e.cursor + 1) % len(items)
	case key.Matches(msg, k.Cancel):
		switch {
		case e.back == screenQuestion && m.question.q != nil:
			return m.openQuestion(m.question.q.ID, m.question.returnTo)
		case e.back == screenStart || m.sess == nil:
			return m.openScreen(screenStart)
		}
		return m.openScreen(e.back)
	case key.Matches(msg, k.Select):
		switch items[e.cursor] {
		case evLive:
			if e.src.Collect == nil {
				m.err = fmt.Errorf("live checks are not available: %s", orDefault(e.src.LiveMissing, "not in this build"))
				return nil
			}
			if e.running {
				return m.openQuestion(m.sess.resumeQuestion().ID, screenQuestion)
			}
			return e.startCollect(m.ctx)
		case evSnapshot:
			e.mode = evidenceSnapshot
			e.path = newInput("tenant-snapshot.json (from se06 collect)", 56)
			return e.path.Focus()
		case evQuestions:
			if q := m.sess.resumeQuestion(); q != nil {
				return m.openQuestion(q.ID, screenQuestion)
			}
		}
	}
	return nil
}

func firstID(s *session) string {
	if q := s.resumeQuestion(); q != nil {
		return q.ID
	}
	return ""
}

// startCollect runs the preflight and the collection in the background.
// Events come back through a channel that a command reads one at a time.
func (e *evidenceModel) startCollect(parent context.Context) tea.Cmd {
	ctx, cancel := context.WithCancel(parent)
	e.cancel = cancel
	e.running, e.finished = true, false
	e.checks, e.preflight, e.doneErr, e.prompt, e.notes = nil, nil, nil, "", nil
	ch := make(chan tea.Msg, 16)
	e.ch = ch
	emit := func(msg tea.Msg) {
		select {
		case ch <- msg:
		case <-ctx.Done():
		}
	}
	src := e.src
	go func() {
		defer close(ch)
		prompt := func(text string) { emit(collectPromptMsg{text}) }
		preflight := func(items []PreflightItem) { emit(preflightMsg{items}) }
		facts, err := src.Collect(ctx, func(p CollectProgress) { emit(collectEventMsg{p}) }, prompt, preflight)
		emit(collectDoneMsg{facts, err})
	}()
	return tea.Batch(listen(ch), e.spin.Tick)
}

func listen(ch chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return collectClosedMsg{}
		}
		return msg
	}
}

// stop cancels a running collection.
func (e *evidenceModel) stop() {
	if e.cancel != nil {
		e.cancel()
	}
}

// update handles the collection's messages, whatever screen is on display.
func (e *evidenceModel) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		if m.screen == screenEvidence && e.mode == evidenceSnapshot {
			e.path, _ = e.path.Update(msg)
		}
		return nil
	case spinner.TickMsg:
		if !e.running {
			return nil
		}
		var cmd tea.Cmd
		e.spin, cmd = e.spin.Update(msg)
		return cmd
	case preflightMsg:
		e.preflight = msg.items
	case collectEventMsg:
		if msg.p.State == StateNote {
			e.notes = append(e.notes, msg.p.Detail)
			break
		}
		e.record(msg.p)
	case collectPromptMsg:
		e.prompt = msg.text
		m.status = "Sign-in needed: see the evidence screen (e)"
	case collectDoneMsg:
		e.running, e.finished = false, true
		e.prompt = ""
		e.doneErr = msg.err
		if msg.err != nil {
			m.err = fmt.Errorf("tenant collection: %w", msg.err)
			return listen(e.ch)
		}
		if msg.facts != nil && m.sess != nil {
			if err := m.sess.setFacts(msg.facts, "read live"); err != nil {
				m.err = err
			} else {
				m.status = fmt.Sprintf("Tenant facts collected: %d environments. The evidence panels now show them.", len(msg.facts.Environments))
				if n := len(m.sess.result.Conflicts); n > 0 {
					m.status += fmt.Sprintf(" %d %s with the tenant: see the results.", n, plural(n, "answer disagrees", "answers disagree"))
				}
				m.question.refresh(m)
			}
		}
	case collectClosedMsg:
		e.ch = nil
		return nil
	default:
		return nil
	}
	return listen(e.ch)
}

func (e *evidenceModel) record(p CollectProgress) {
	for i := range e.checks {
		if e.checks[i].Check == p.Check {
			e.checks[i] = p
			return
		}
	}
	e.checks = append(e.checks, p)
}

// badge is the collection state for the header.
func (e *evidenceModel) badge() string {
	switch {
	case e.running:
		rows := e.rows()
		done := 0
		for _, r := range rows {
			if r.state != "" && r.state != "running" && r.state != "pending" {
				done++
			}
		}
		if len(rows) > 0 {
			return fmt.Sprintf("reading tenant %d/%d", done, len(rows))
		}
		return "reading tenant…"
	case e.finished && e.doneErr != nil:
		return "tenant: failed"
	case e.finished:
		return "tenant read ✓"
	}
	return ""
}

// checkRow is one check as the screen shows it: the preflight's verdict
// merged with the collection's latest event.
type checkRow struct {
	name, state, text string
}

// rows merges the preflight list and the progress events, in preflight order.
func (e *evidenceModel) rows() []checkRow {
	var out []checkRow
	seen := map[string]bool{}
	for _, p := range e.preflight {
		seen[p.Check] = true
		r := checkRow{name: p.Check, state: "pending"}
		if !p.WillRun {
			r.state, r.text = "skipped", "will be skipped: "+p.Reason
		}
		out = append(out, r)
	}
	for _, c := range e.checks {
		r := checkRow{name: c.Check, state: c.State, text: progressText(c)}
		if !seen[c.Check] {
			out = append(out, r)
			continue
		}
		for i := range out {
			if out[i].name == c.Check {
				out[i] = r
			}
		}
	}
	return out
}

func progressText(c CollectProgress) string {
	var parts []string
	if c.Subject != "" {
		parts = append(parts, c.Subject)
	}
	if c.Total > 0 {
		parts = append(parts, fmt.Sprintf("%d/%d", c.Done, c.Total))
	}
	text := strings.Join(parts, " · ")
	detail := c.Detail
	if detail == "" && c.State != "running" && c.State != "done" {
		detail = strings.ReplaceAll(c.State, "-", " ")
	}
	if detail != "" {
		if text != "" {
			text += ": "
		}
		text += detail
	}
	return text
}

func (e *evidenceModel) view(m *Model, width, height int) string {
	st := m.st
	var b strings.Builder
	w := width - 4
	b.WriteString("\n  " + st.Title.Render("Evidence from the tenant") + "\n")
	for _, l := range lines("The wizard can read your tenant (read-only) and show, next to each question, what it found. Questions can be answered while it reads.", w) {
		b.WriteString("  " + st.Muted.Render(l) + "\n")
	}
	b.WriteString("\n")
	if m.sess != nil && m.sess.asm.Facts != nil && !e.running {
		f := m.sess.asm.Facts
		src := orDefault(m.sess.factsFrom, "saved with the assessment")
		if f.Demo {
			src = "demo tenant"
		}
		for _, l := range hang("✓ ", fmt.Sprintf("Tenant facts (%s): %d environments, %d key vaults · %s", src, len(f.Environments), len(f.Vaults), m.opts.local(f.Finished).Format("2 Jan 15:04")), w) {
			b.WriteString("  " + st.Good.Render(l) + "\n")
		}
		b.WriteString("\n")
	}
	if e.mode == evidenceSnapshot {
		b.WriteString("  " + st.Section.Render("Load a facts snapshot") + "\n\n  " + e.path.View(st) + "\n\n  " + st.Muted.Render("enter load · esc back") + "\n")
		return b.String()
	}
	labels := map[evidenceItem][2]string{
		evLive:      {"Sign in and read the tenant", "read-only: environments, enterprise policies, Key Vault, tenant settings, TLS"},
		evSnapshot:  {"Load a snapshot file", "facts saved earlier with 'se06 collect'"},
		evQuestions: {"Continue with questions only", "answers alone decide; you can add evidence later (e)"},
	}
	if e.running {
		labels[evLive] = [2]string{"Continue to the questions while reading", "the reading goes on in the background"}
	}
	if e.src.Collect == nil {
		labels[evLive] = [2]string{"Sign in and read the tenant (not available)", orDefault(e.src.LiveMissing, "live checks are not in this build")}
	}
	compact := len(e.preflight)+len(e.checks) > 0
	for i, it := range e.items() {
		l := labels[it]
		marker, label := "  ", st.Text.Render(l[0])
		if i == e.cursor {
			marker, label = st.Cursor.Render("› "), st.Cursor.Render(l[0])
		}
		if it == evLive && e.src.Collect == nil {
			label = st.Muted.Render(l[0])
		}
		b.WriteString("  " + marker + label + "\n")
		if !compact {
			for _, d := range lines(l[1], w-4) {
				b.WriteString("      " + st.Muted.Render(d) + "\n")
			}
		}
	}
	if e.prompt != "" {
		b.WriteString("\n")
		box := st.Panel.Width(min(width-4, 90)).Render(st.PanelHead.Render("Sign in") + "\n" + wrap(e.prompt, min(width-4, 90)-4))
		b.WriteString(indent(box, "  ") + "\n")
	}
	for _, n := range e.notes {
		b.WriteString("\n")
		for _, l := range atMost(hang("Note: ", termsafe.Line(n), w), 3, w) {
			b.WriteString("  " + st.Warn.Render(l) + "\n")
		}
	}
	if rows := e.rows(); len(rows) > 0 {
		b.WriteString("\n  " + st.Section.Render("Checks") + "\n")
		for _, r := range rows {
			for _, l := range e.checkLines(st, r, w) {
				b.WriteString("  " + l + "\n")
			}
		}
	}
	if e.finished && e.doneErr != nil {
		b.WriteString("\n")
		for _, l := range atMost(hang("✗ ", "collection failed: "+e.doneErr.Error(), w), 3, w) {
			b.WriteString("  " + st.Error.Render(l) + "\n")
		}
	}
	return b.String()
}

// checkLines is one check's row. Why a check is skipped, not permitted or
// failed matters: that text wraps under itself (three lines at most); progress
// text is cut.
func (e *evidenceModel) checkLines(st Styles, r checkRow, w int) []string {
	var mark string
	switch r.state {
	case "running":
		mark = st.Tenant.Render(strings.TrimSpace(e.spin.View()))
	case "done":
		mark = st.Good.Render("✓")
	case "not-permitted":
		mark = st.Warn.Render("⊘")
	case "error":
		mark = st.Bad.Render("✗")
	case "pending":
		mark = st.Muted.Render("·")
	default:
		mark = st.Muted.Render("–")
	}
	name := fmt.Sprintf("%-20s", r.name)
	lead := mark + " " + st.Text.Render(name) + " "
	switch r.state {
	case "skipped", "not-permitted", "error":
		textW := w - lipgloss.Width(lead)
		var out []string
		for i, l := range atMost(lines(r.text, textW), 3, textW) {
			if i > 0 {
				lead = strings.Repeat(" ", lipgloss.Width(lead))
			}
			out = append(out, lead+st.Muted.Render(l))
		}
		if len(out) == 0 {
			out = append(out, lead)
		}
		return out
	}
	return []string{clip(lead+st.Muted.Render(r.text), w-2)}
}

func indent(s, pre string) string {
	return pre + strings.ReplaceAll(s, "\n", "\n"+pre)
}
