package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// textField is a one-line text field: Bubbles' textinput with the wizard's
// keys and look. The cursor is steady (a blinking one would need timers and
// redraws for nothing); the styles come from the theme at every draw, so a
// theme change applies at once; an unfocused field shows its start.
type textField struct {
	in    textinput.Model
	width int
}

// newInput makes a text field of the given width (its "› " prompt included).
func newInput(placeholder string, width int) textField {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = placeholder
	km := textinput.DefaultKeyMap()
	// Tab, the arrows up and down belong to the forms, and the clipboard is
	// read through the terminal's paste, not a clipboard tool.
	off := key.NewBinding(key.WithDisabled())
	km.AcceptSuggestion, km.NextSuggestion, km.PrevSuggestion, km.Paste = off, off, off, off
	in.KeyMap = km
	in.SetStyles(textinput.Styles{Cursor: textinput.CursorStyle{Blink: false}})
	return textField{in: in, width: width}
}

// Focus focuses the field with the cursor at the end of its text.
func (f *textField) Focus() tea.Cmd {
	f.in.CursorEnd()
	return f.in.Focus()
}

// Blur unfocuses the field; it then shows the start of its text.
func (f *textField) Blur() {
	f.in.Blur()
	f.in.CursorStart()
}

func (f textField) Value() string { return f.in.Value() }
func (f *textField) CursorEnd()   { f.in.CursorEnd() }

// SetValue replaces the text and puts the cursor at the end.
func (f *textField) SetValue(s string) {
	f.in.SetValue(s)
	f.in.CursorEnd()
}

// Update applies editing keys and pastes; a paste becomes one line with
// single spaces. Keys with ctrl or alt that are not editing keys are ignored.
func (f textField) Update(msg tea.Msg) (textField, tea.Cmd) {
	switch m := msg.(type) {
	case tea.PasteMsg:
		m.Content = strings.Join(strings.Fields(m.Content), " ")
		msg = m
	case tea.KeyPressMsg:
		if m.Text != "" && (m.Mod.Contains(tea.ModCtrl) || m.Mod.Contains(tea.ModAlt)) && !f.editingKey(m) {
			return f, nil
		}
	}
	var cmd tea.Cmd
	f.in, cmd = f.in.Update(msg)
	return f, cmd
}

// editingKey reports whether a key is one of textinput's editing keys.
func (f textField) editingKey(msg tea.KeyPressMsg) bool {
	km := f.in.KeyMap
	for _, b := range []key.Binding{km.CharacterForward, km.CharacterBackward, km.WordForward, km.WordBackward,
		km.DeleteWordBackward, km.DeleteWordForward, km.DeleteAfterCursor, km.DeleteBeforeCursor,
		km.DeleteCharacterBackward, km.DeleteCharacterForward, km.LineStart, km.LineEnd} {
		if key.Matches(msg, b) {
			return true
		}
	}
	return false
}

// View draws "› text" within the field's width, scrolled so the cursor
// shows, in the theme's styles.
func (f textField) View(st Styles) string {
	in := f.in
	s := textinput.Styles{
		Focused: textinput.StyleState{Text: st.Input, Placeholder: st.Muted, Prompt: st.Key},
		Blurred: textinput.StyleState{Text: st.Input, Placeholder: st.Muted, Prompt: st.Muted},
		Cursor:  textinput.CursorStyle{Blink: false},
	}
	in.SetStyles(s)
	if !in.Focused() {
		in.CursorStart() // an unfocused field shows its start
	}
	// the prompt, and a cell for the cursor after the text
	in.SetWidth(max(4, f.width-3))
	// Scroll for this width: from the end back to the cursor, so the text
	// around the cursor shows (the field may be drawn narrower than typed).
	pos := in.Position()
	in.CursorEnd()
	in.SetCursor(pos)
	return in.View()
}
