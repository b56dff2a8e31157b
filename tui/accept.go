package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/ppwaf/se06/assess"
)

var acceptLabels = [...]string{"Justification", "Approver", "Expires", "Compensating control"}

// openForm starts the risk-acceptance form for a finding, pre-filled from an
// existing acceptance when there is one.
func (r *resultsModel) openForm(m *Model, f assess.Finding, existing *assess.Acceptance) {
	if existing == nil {
		for _, a := range m.sess.asm.Acceptances {
			if a.FindingID == f.ID {
				existing = &a
				break
			}
		}
	}
	ph := [...]string{"why the risk is acceptable for now", "who approved it", "YYYY-MM-DD", "what limits the risk meanwhile (optional)"}
	r.form = acceptForm{active: true, finding: f}
	for i := range acceptLabels {
		r.form.fields = append(r.form.fields, newInput(m.st, ph[i], 52))
	}
	r.form.fields[2].SetValue(m.opts.now().AddDate(0, 6, 0).Format(time.DateOnly))
	if existing != nil {
		r.form.fields[0].SetValue(existing.Justification)
		r.form.fields[1].SetValue(existing.Approver)
		r.form.fields[2].SetValue(existing.Expires)
		r.form.fields[3].SetValue(existing.Compensating)
	}
	r.form.fields[0].Focus()
}

func (r *resultsModel) formKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	f := &r.form
	k := m.keys
	switch {
	case key.Matches(msg, k.Cancel):
		f.active = false
		return nil
	case msg.String() == "tab" || msg.String() == "down":
		return f.focusField(f.focus + 1)
	case msg.String() == "shift+tab" || msg.String() == "up":
		return f.focusField(f.focus - 1)
	case key.Matches(msg, k.Select):
		if f.focus < len(f.fields)-1 {
			return f.focusField(f.focus + 1)
		}
		return r.saveAcceptance(m)
	}
	var cmd tea.Cmd
	f.fields[f.focus], cmd = f.fields[f.focus].Update(msg)
	return cmd
}

func (f *acceptForm) focusField(i int) tea.Cmd {
	if i < 0 || i >= len(f.fields) {
		return nil
	}
	f.fields[f.focus].Blur()
	f.focus = i
	return f.fields[i].Focus()
}

// saveAcceptance validates the form, records the acceptance (replacing one
// for the same finding), re-evaluates and saves.
func (r *resultsModel) saveAcceptance(m *Model) tea.Cmd {
	f := &r.form
	v := func(i int) string { return strings.TrimSpace(f.fields[i].Value()) }
	acc := assess.Acceptance{FindingID: f.finding.ID, Justification: v(0), Approver: v(1), Expires: v(2), Compensating: v(3)}
	switch {
	case acc.Justification == "":
		f.problem = "A justification is required."
		return f.focusField(0)
	case acc.Approver == "":
		f.problem = "An approver is required."
		return f.focusField(1)
	}
	if _, err := time.Parse(time.DateOnly, acc.Expires); err != nil {
		f.problem = "Expires must be a date like 2027-05-31."
		return f.focusField(2)
	}
	s := m.sess
	replaced := false
	for i, a := range s.asm.Acceptances {
		if a.FindingID == acc.FindingID && a.Environment == "" {
			s.asm.Acceptances[i] = acc
			replaced = true
		}
	}
	if !replaced {
		s.asm.Acceptances = append(s.asm.Acceptances, acc)
	}
	if err := s.evaluate(); err != nil {
		m.err = err
		return nil
	}
	if err := s.save(); err != nil {
		m.err = err
		return nil
	}
	f.active = false
	r.refresh(s)
	m.status = "Risk accepted for " + acc.FindingID + " until " + acc.Expires + " — saved"
	return nil
}

func (r *resultsModel) formView(m *Model, width int) string {
	st, f := m.st, r.form
	var b strings.Builder
	b.WriteString(st.Title.Render("Accept the risk") + "\n")
	b.WriteString(st.Text.Render(clip(f.finding.ID+" · "+f.finding.Title, width-6)) + "\n\n")
	for i, fld := range f.fields {
		label := padRight(acceptLabels[i], 21)
		if i == f.focus {
			label = st.Cursor.Render(label)
		}
		b.WriteString(label + " " + fld.View() + "\n")
	}
	if f.problem != "" {
		b.WriteString("\n" + st.Error.Render(f.problem) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render("enter next · last enter saves · esc cancels. The finding returns when the acceptance expires."))
	return st.Panel.Width(min(width-4, 84)).Render(b.String())
}
