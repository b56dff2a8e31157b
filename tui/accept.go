package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/ppwaf/se06/assess"
)

// acceptLabels names the fields of the risk-acceptance form.
func acceptLabels() [4]string {
	return [...]string{"Justification", "Approver", "Expires", "Compensating control"}
}

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
	list := make([]textField, len(acceptLabels()))
	for i := range list {
		list[i] = newInput(ph[i], 52)
	}
	list[2].SetValue(m.opts.now().AddDate(0, 6, 0).Format(time.DateOnly))
	if existing != nil {
		list[0].SetValue(existing.Justification)
		list[1].SetValue(existing.Approver)
		list[2].SetValue(existing.Expires)
		list[3].SetValue(existing.Compensating)
	}
	r.form.fields = fields{list: list}
	r.form.fields.focusField(0)
}

func (r *resultsModel) formKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	cmd, act := r.form.fields.key(msg)
	switch act {
	case formCancel:
		r.form.active = false
	case formSubmit:
		return r.saveAcceptance(m)
	}
	return cmd
}

// saveAcceptance validates the form, records the acceptance (replacing one
// for the same finding), re-evaluates and saves.
func (r *resultsModel) saveAcceptance(m *Model) tea.Cmd {
	f := &r.form
	v := f.fields.value
	acc := assess.Acceptance{FindingID: f.finding.ID, Justification: v(0), Approver: v(1), Expires: v(2), Compensating: v(3)}
	switch {
	case acc.Justification == "":
		f.problem = "A justification is required."
		return f.fields.focusField(0)
	case acc.Approver == "":
		f.problem = "An approver is required."
		return f.fields.focusField(1)
	}
	if _, err := time.Parse(time.DateOnly, acc.Expires); err != nil {
		f.problem = "Expires must be a date like 2027-05-31."
		return f.fields.focusField(2)
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
	boxW := min(width-4, 84)
	inner := boxW - 4 // border and padding
	var b strings.Builder
	b.WriteString(st.Title.Render("Accept the risk") + "\n")
	b.WriteString(st.Text.Render(clip(f.finding.ID+" · "+f.finding.Title, inner)) + "\n\n")
	for i, fld := range f.fields.list {
		label := padRight(acceptLabels()[i], 21)
		if i == f.fields.focus {
			label = st.Cursor.Render(label)
		}
		b.WriteString(label + " " + fld.View(st) + "\n")
	}
	if f.problem != "" {
		b.WriteString("\n" + st.Error.Render(f.problem) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render("enter next · last enter saves · esc cancels. The finding returns when the acceptance expires."))
	return st.Panel.Width(boxW).Render(b.String())
}
