package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/ppwaf/se06/assess"
)

// The details view shows a question's whole text at full height: the help,
// everything the tenant showed and could not show, and the links. It scrolls
// (bubbles' viewport), so nothing is cut at any size from 80×24.

// openDetails switches the question screen to its details view.
func (qm *questionModel) openDetails(m *Model) {
	qm.keepPending(m)
	qm.mode = qmDetails
	qm.details = viewport.New()
	qm.details.SoftWrap = false
	qm.details.KeyMap = detailsKeys()
	qm.detailsW = 0 // the content is laid out on the first view
}

// detailsKeys scrolls with the arrows, j/k, space and the page keys.
func detailsKeys() viewport.KeyMap {
	km := viewport.DefaultKeyMap()
	km.Left, km.Right = key.NewBinding(key.WithDisabled()), key.NewBinding(key.WithDisabled())
	km.HalfPageUp, km.HalfPageDown = key.NewBinding(key.WithKeys("ctrl+u")), key.NewBinding(key.WithKeys("ctrl+d"))
	return km
}

func (qm *questionModel) detailsKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Cancel), key.Matches(msg, k.Details), key.Matches(msg, k.Select):
		return qm.leaveDetails(m)
	case key.Matches(msg, k.CopyLinks):
		return qm.copyLinks(m)
	case msg.String() == "home" || msg.String() == "g":
		qm.details.GotoTop()
		return nil
	case msg.String() == "end" || msg.String() == "G":
		qm.details.GotoBottom()
		return nil
	}
	var cmd tea.Cmd
	qm.details, cmd = qm.details.Update(msg)
	return cmd
}

func (qm *questionModel) leaveDetails(m *Model) tea.Cmd {
	qm.mode = qmChoose
	if qm.q.Type == assess.TypeText {
		qm.mode = qmText
		return qm.text.Focus()
	}
	return nil
}

// copyLinks puts the question's links on the clipboard (OSC 52, where the
// terminal allows it) and names them in the status line.
func (qm *questionModel) copyLinks(m *Model) tea.Cmd {
	if len(qm.q.Links) == 0 {
		m.status = qm.q.ID + " has no links."
		return nil
	}
	urls := make([]string, len(qm.q.Links))
	for i, l := range qm.q.Links {
		urls[i] = l.URL
	}
	m.status = fmt.Sprintf("Copied %d %s to the clipboard: %s", len(urls), plural(len(urls), "link", "links"), strings.Join(urls, " "))
	return tea.SetClipboard(strings.Join(urls, "\n"))
}

// detailsView draws the details at full height.
func (qm *questionModel) detailsView(m *Model, width, height int) string {
	st := m.st
	w := min(width-4, 100)
	if qm.detailsW != w {
		qm.details.SetContentLines(qm.detailsLines(m, w))
		qm.detailsW = w
	}
	qm.details.SetWidth(w)
	qm.details.SetHeight(max(3, height-3))
	head := spread(st.Title.Render(" "+qm.q.ID+" in full"), st.Muted.Render(fmt.Sprintf("%d%%", int(qm.details.ScrollPercent()*100+0.5))), width-1)
	foot := st.Muted.Render(clip(" ↑/↓ pgup/pgdn scroll · c copies the links · esc back to the question", width-1))
	return head + "\n\n" + indent(qm.details.View(), "  ") + "\n" + foot
}

// detailsLines is the whole text of a question, wrapped to width.
func (qm *questionModel) detailsLines(m *Model, width int) []string {
	st, s, q := m.st, m.sess, qm.q
	var out []string
	add := func(style func(...string) string, text string) {
		for _, l := range lines(text, width) {
			out = append(out, style(l))
		}
	}
	heading := func(t string) {
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, st.Section.Render(t))
	}
	add(st.Prompt.Render, q.Prompt)
	if q.Help != "" {
		heading("Help")
		for _, para := range strings.Split(strings.TrimSpace(q.Help), "\n\n") {
			add(st.Text.Render, strings.Join(strings.Fields(para), " "))
		}
	}
	if qr, _ := s.questionResult(q.ID); q.Live != nil || len(qr.RuledOut) > 0 {
		heading("From the tenant")
		out = append(out, qm.evidenceLines(m, width, false)...)
		if qr, _ := s.questionResult(q.ID); qr.Observation != nil {
			o := qr.Observation
			if !o.Unreadable() && len(o.Affected) > 0 {
				// the summary names a few; here are all of them
				out = append(out, st.Text.Render(fmt.Sprintf("All %d:", len(o.Affected))))
				for _, sub := range o.Affected {
					for _, l := range hang("· ", subjectList([]assess.Subject{sub}), width) {
						out = append(out, st.Text.Render(l))
					}
				}
			}
			for _, e := range o.Evidence {
				for _, l := range hang("· ", e.Text, width) {
					out = append(out, st.Muted.Render(l))
				}
			}
		}
	}
	if len(q.Links) > 0 {
		heading("Links")
		for _, l := range q.Links {
			for _, t := range lines(l.Title, width) {
				out = append(out, st.Link.Hyperlink(l.URL).Render(t))
			}
			out = append(out, urlLines(st, l.URL, width)...)
		}
		out = append(out, st.Muted.Render("c copies them; in most terminals a click opens them."))
	}
	return out
}

// urlLines shows a URL whole on one line when it fits; a longer one is cut
// into pieces that each link to the whole URL, so a click on any piece opens
// it (and c copies it whole).
func urlLines(st Styles, url string, width int) []string {
	style := st.Muted.Hyperlink(url)
	r := []rune(url)
	var out []string
	for len(r) > width {
		out = append(out, style.Render(string(r[:width])))
		r = r[width:]
	}
	return append(out, style.Render(string(r)))
}
