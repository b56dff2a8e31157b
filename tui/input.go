package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// textField is a one-line text field with a steady cursor. It is small on
// purpose: the wizard needs typing, editing keys and paste, nothing more.
type textField struct {
	value       []rune
	pos         int
	focused     bool
	placeholder string
	width       int
}

// newInput makes a text field of the given width.
func newInput(placeholder string, width int) textField {
	return textField{placeholder: placeholder, width: width}
}

func (f *textField) Focus() tea.Cmd { f.focused = true; return nil }
func (f *textField) Blur()          { f.focused = false }
func (f textField) Value() string   { return string(f.value) }
func (f *textField) CursorEnd()     { f.pos = len(f.value) }

// SetValue replaces the text and puts the cursor at the end.
func (f *textField) SetValue(s string) {
	f.value = []rune(s)
	f.pos = len(f.value)
}

// Update applies editing keys and pastes; other messages are ignored.
func (f textField) Update(msg tea.Msg) (textField, tea.Cmd) {
	if !f.focused {
		return f, nil
	}
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.insert(strings.Join(strings.Fields(strings.ReplaceAll(msg.Content, "\n", " ")), " "))
	case tea.KeyPressMsg:
		f.key(msg)
	}
	return f, nil
}

func (f *textField) key(msg tea.KeyPressMsg) {
	switch msg.String() {
	case "backspace", "ctrl+h":
		if f.pos > 0 {
			f.value = append(f.value[:f.pos-1], f.value[f.pos:]...)
			f.pos--
		}
	case "delete", "ctrl+d":
		if f.pos < len(f.value) {
			f.value = append(f.value[:f.pos], f.value[f.pos+1:]...)
		}
	case "left", "ctrl+b":
		f.pos = max(0, f.pos-1)
	case "right", "ctrl+f":
		f.pos = min(len(f.value), f.pos+1)
	case "home", "ctrl+a":
		f.pos = 0
	case "end", "ctrl+e":
		f.pos = len(f.value)
	case "ctrl+u":
		f.value = f.value[f.pos:]
		f.pos = 0
	case "ctrl+k":
		f.value = f.value[:f.pos]
	case "ctrl+w", "alt+backspace":
		i := f.pos
		for i > 0 && f.value[i-1] == ' ' {
			i--
		}
		for i > 0 && f.value[i-1] != ' ' {
			i--
		}
		f.value = append(f.value[:i], f.value[f.pos:]...)
		f.pos = i
	default:
		if msg.Text != "" && !msg.Mod.Contains(tea.ModCtrl) && !msg.Mod.Contains(tea.ModAlt) {
			f.insert(msg.Text)
		}
	}
}

func (f *textField) insert(s string) {
	r := []rune(s)
	v := make([]rune, 0, len(f.value)+len(r))
	v = append(v, f.value[:f.pos]...)
	v = append(v, r...)
	v = append(v, f.value[f.pos:]...)
	f.value = v
	f.pos += len(r)
}

// View draws "› text" with a block cursor, scrolled so the cursor shows.
// The styles come from the caller, so a theme change applies at once.
func (f textField) View(st Styles) string {
	prompt := st.Key.Render("› ")
	if !f.focused {
		prompt = st.Muted.Render("› ")
	}
	if len(f.value) == 0 {
		ph := clip(f.placeholder, f.width-1)
		if f.focused {
			cur := " "
			if ph != "" {
				cur, ph = string([]rune(ph)[0]), string([]rune(ph)[1:])
			}
			return prompt + cursorStyle(st).Render(cur) + st.Muted.Render(ph)
		}
		return prompt + st.Muted.Render(ph)
	}
	w := max(4, f.width-1)
	start := 0
	if f.pos >= w {
		start = f.pos - w + 1
	}
	end := min(len(f.value), start+w)
	before := string(f.value[start:min(f.pos, end)])
	if !f.focused {
		return prompt + st.Input.Render(string(f.value[start:end]))
	}
	cur, after := " ", ""
	if f.pos < len(f.value) {
		cur = string(f.value[f.pos])
		if f.pos+1 < end {
			after = string(f.value[f.pos+1 : end])
		}
	}
	return prompt + st.Input.Render(before) + cursorStyle(st).Render(cur) + st.Input.Render(after)
}

func cursorStyle(st Styles) lipgloss.Style {
	return st.Input.Reverse(true)
}
