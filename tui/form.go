package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// fields is a column of text fields with one in focus: tab, shift+tab and
// the arrows move between them, enter moves on and submits from the last.
type fields struct {
	list  []textField
	focus int
	// enterSaves makes enter submit from any field (when the hint says
	// "enter saves"); otherwise enter moves on and submits from the last.
	enterSaves bool
}

// formAction is what a key did to a form.
type formAction int

const (
	formEdit formAction = iota
	formSubmit
	formCancel
)

func (f *fields) focusField(i int) tea.Cmd {
	if i < 0 || i >= len(f.list) {
		return nil
	}
	f.list[f.focus].Blur()
	f.focus = i
	return f.list[i].Focus()
}

// key applies a key press and says whether the form was submitted or left.
func (f *fields) key(msg tea.KeyPressMsg) (tea.Cmd, formAction) {
	switch msg.String() {
	case "esc":
		return nil, formCancel
	case "tab", "down":
		return f.focusField(f.focus + 1), formEdit
	case "shift+tab", "up":
		return f.focusField(f.focus - 1), formEdit
	case "enter":
		if !f.enterSaves && f.focus < len(f.list)-1 {
			return f.focusField(f.focus + 1), formEdit
		}
		return nil, formSubmit
	}
	var cmd tea.Cmd
	f.list[f.focus], cmd = f.list[f.focus].Update(msg)
	return cmd, formEdit
}

// update forwards other messages (paste) to the focused field.
func (f *fields) update(msg tea.Msg) tea.Cmd {
	if len(f.list) == 0 {
		return nil
	}
	var cmd tea.Cmd
	f.list[f.focus], cmd = f.list[f.focus].Update(msg)
	return cmd
}

// value is the trimmed text of field i.
func (f *fields) value(i int) string { return strings.TrimSpace(f.list[i].Value()) }
