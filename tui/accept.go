package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/ppwaf/se06/assess"
)

// acceptLabels names the fields of the risk-acceptance form.
func acceptLabels() [4]string {
	return [...]string{"Justification", "Approver", "Expires", "Compensating control"}
}

// affectedEnvironments lists the environments a finding is about: the
// choices of a per-environment acceptance.
func affectedEnvironments(f assess.Finding) []assess.Subject {
	var out []assess.Subject
	for _, s := range f.Affected {
		if s.Kind == assess.SubjectEnvironment && s.ID != "" {
			out = append(out, s)
		}
	}
	return out
}

// environmentName is the display name of environment id among a finding's
// subjects, or the ID itself.
func environmentName(f assess.Finding, id string) string {
	for _, s := range f.Affected {
		if s.ID == id && s.Name != "" {
			return s.Name
		}
	}
	return id
}

// openForm starts the risk-acceptance form for a finding. editing is the
// acceptance being changed (from the Accepted tab), or nil for a new one,
// which is pre-filled from another acceptance of the same finding and
// offers the first environment not yet covered.
func (r *resultsModel) openForm(m *Model, f assess.Finding, editing *assess.Acceptance) {
	ph := [...]string{"why the risk is acceptable for now", "who approved it", "YYYY-MM-DD", "what limits the risk meanwhile (optional)"}
	r.form = acceptForm{active: true, finding: f, envs: affectedEnvironments(f)}
	list := make([]textField, len(acceptLabels()))
	for i := range list {
		list[i] = newInput(ph[i], 52)
	}
	list[2].SetValue(m.opts.now().AddDate(0, 6, 0).Format(time.DateOnly))
	prefill := editing
	if editing == nil {
		covered := map[string]bool{}
		for _, a := range m.sess.asm.Acceptances {
			if a.FindingID == f.ID {
				covered[a.Environment] = true
				if prefill == nil {
					prefill = &a
				}
			}
		}
		if len(covered) > 0 {
			r.form.env = slices.IndexFunc(r.form.envs, func(s assess.Subject) bool { return !covered[s.ID] }) + 1
		}
	} else {
		orig := *editing
		r.form.orig = &orig
		r.form.env = slices.IndexFunc(r.form.envs, func(s assess.Subject) bool { return s.ID == editing.Environment }) + 1
	}
	if prefill != nil {
		list[0].SetValue(prefill.Justification)
		list[1].SetValue(prefill.Approver)
		list[2].SetValue(prefill.Expires)
		list[3].SetValue(prefill.Compensating)
	}
	r.form.fields = fields{list: list}
	r.form.fields.focusField(0)
}

// envKey handles the environment picker: ←/→ (or space) change it, the
// other moves leave it for the text fields.
func (r *resultsModel) envKey(msg tea.KeyPressMsg) tea.Cmd {
	f := &r.form
	n := len(f.envs) + 1
	switch msg.String() {
	case "left", "h":
		f.env = (f.env + n - 1) % n
	case "right", "l", "space":
		f.env = (f.env + 1) % n
	case "esc":
		f.active = false
	case "tab", "down", "enter":
		f.onEnv = false
		return f.fields.focusField(0)
	}
	return nil
}

func (r *resultsModel) formKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	f := &r.form
	if f.onEnv {
		return r.envKey(msg)
	}
	if len(f.envs) > 0 && f.fields.focus == 0 && (msg.String() == "up" || msg.String() == "shift+tab") {
		f.fields.list[0].Blur()
		f.onEnv = true
		return nil
	}
	cmd, act := f.fields.key(msg)
	switch act {
	case formCancel:
		f.active = false
	case formSubmit:
		return r.saveAcceptance(m)
	}
	return cmd
}

// saveAcceptance validates the form, records the acceptance (replacing the
// one being edited, or one for the same finding and environment),
// re-evaluates and saves.
func (r *resultsModel) saveAcceptance(m *Model) tea.Cmd {
	f := &r.form
	v := f.fields.value
	acc := assess.Acceptance{FindingID: f.finding.ID, Justification: v(0), Approver: v(1), Expires: v(2), Compensating: v(3)}
	if f.env > 0 && f.env <= len(f.envs) {
		acc.Environment = f.envs[f.env-1].ID
	}
	switch {
	case acc.Justification == "":
		f.problem = "A justification is required."
		return f.fields.focusField(0)
	case acc.Approver == "":
		f.problem = "An approver is required."
		return f.fields.focusField(1)
	}
	if p := expiryProblem(acc.Expires, m.opts.now()); p != "" {
		f.problem = p
		return f.fields.focusField(2)
	}
	s := m.sess
	s.asm.Acceptances = putAcceptance(s.asm.Acceptances, acc, f.orig)
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
	where := ""
	if acc.Environment != "" {
		where = " in " + environmentName(f.finding, acc.Environment)
	}
	m.status = "Risk accepted for " + acc.FindingID + where + " until " + acc.Expires + " — saved"
	return nil
}

// expiryProblem says what is wrong with the expiry date of a risk
// acceptance, or "" when it is a date, today or later (an acceptance holds
// through its expiry day).
func expiryProblem(s string, now time.Time) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return "Expires must be a date like " + now.AddDate(0, 6, 0).Format(time.DateOnly) + "."
	}
	if d.Before(now.UTC().Truncate(24 * time.Hour)) {
		return s + " has passed; the acceptance would not hold. Pick today or a later date."
	}
	return ""
}

// putAcceptance records acc: it replaces orig (the acceptance being edited)
// or one for the same finding and environment, or is added.
func putAcceptance(list []assess.Acceptance, acc assess.Acceptance, orig *assess.Acceptance) []assess.Acceptance {
	same := func(a assess.Acceptance, id, env string) bool { return a.FindingID == id && a.Environment == env }
	if orig != nil && (orig.FindingID != acc.FindingID || orig.Environment != acc.Environment) {
		if i := slices.IndexFunc(list, func(a assess.Acceptance) bool { return same(a, orig.FindingID, orig.Environment) }); i >= 0 {
			// the edited acceptance moves to its new environment, unless
			// that environment already has one, which it then replaces
			if j := slices.IndexFunc(list, func(a assess.Acceptance) bool { return same(a, acc.FindingID, acc.Environment) }); j >= 0 {
				list[j] = acc
				return slices.Delete(list, i, i+1)
			}
			list[i] = acc
			return list
		}
	}
	if i := slices.IndexFunc(list, func(a assess.Acceptance) bool { return same(a, acc.FindingID, acc.Environment) }); i >= 0 {
		list[i] = acc
		return list
	}
	return append(list, acc)
}

// envChoice names the environment picker's choice.
func (f acceptForm) envChoice() string {
	if f.env == 0 {
		if len(f.envs) == 1 {
			return "All environments"
		}
		return fmt.Sprintf("All %d affected environments", len(f.envs))
	}
	e := f.envs[f.env-1]
	return e.Name
}

func (r *resultsModel) formView(m *Model, width int) string {
	st, f := m.st, r.form
	boxW := min(width-4, 84)
	inner := boxW - 4 // border and padding
	const labelW = 21
	var b strings.Builder
	b.WriteString(st.Title.Render("Accept the risk") + "\n")
	for _, l := range lines(f.finding.ID+" · "+f.finding.Title, inner) {
		b.WriteString(st.Text.Render(l) + "\n")
	}
	b.WriteString("\n")
	if len(f.envs) > 0 {
		label := padRight("Applies to", labelW)
		choice := fmt.Sprintf("‹ %s ›", f.envChoice())
		if f.onEnv {
			label = st.Cursor.Render(label)
			choice = st.Cursor.Render(choice)
		} else {
			choice = st.Text.Render(choice)
		}
		hint := ""
		if f.onEnv {
			hint = st.Muted.Render("  ←/→ change")
		}
		b.WriteString(clip(label+" "+choice+hint, inner) + "\n")
	}
	for i, fld := range f.fields.list {
		label := padRight(acceptLabels()[i], labelW)
		if i == f.fields.focus && !f.onEnv {
			label = st.Cursor.Render(label)
		}
		b.WriteString(label + " " + fld.View(st) + "\n")
	}
	if f.problem != "" {
		b.WriteString("\n" + st.Error.Render(wrap(f.problem, inner)) + "\n")
	}
	hint := "enter next · last enter saves · esc cancels. The finding returns when the acceptance expires."
	if len(f.envs) > 0 {
		hint = "↑ on the first field picks the environment. " + hint
	}
	b.WriteString("\n" + st.Muted.Render(wrap(hint, inner)))
	return st.Panel.Width(boxW).Render(b.String())
}
