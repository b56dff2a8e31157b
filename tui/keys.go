package tui

import "charm.land/bubbles/v2/key"

// keyMap declares every key binding once; the same bindings match keys in
// Update and draw the help bar and the ? overlay.
type keyMap struct {
	Up, Down       key.Binding
	Next, Back     key.Binding
	Select, Toggle key.Binding
	Unsure, Skip   key.Binding
	NotApplicable  key.Binding
	Note           key.Binding
	Jump, Review   key.Binding
	NextOpen       key.Binding
	NextOpenTyping key.Binding // o is a letter while typing
	Details        key.Binding
	CopyLinks      key.Binding
	Filter         key.Binding
	Evidence       key.Binding
	Results        key.Binding
	Write, Accept  key.Binding
	Withdraw       key.Binding
	Restore        key.Binding // enter on a damaged file's backup
	TabNext        key.Binding
	TabPrev        key.Binding
	TabJump        key.Binding // 1–5 on the results
	Edit           key.Binding // enter on a finding, conflict or acceptance
	Save, Help     key.Binding
	Quit, Cancel   key.Binding
	ForceQuit      key.Binding
	Yes, No        key.Binding
	CloseHelp      key.Binding // any key closes the ? overlay
	// While typing a free-text answer.
	SaveText, StopTyping key.Binding
	// In forms.
	FieldNext, FieldPrev, FormDone key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:             key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:           key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Next:           key.NewBinding(key.WithKeys("tab", "right", "l"), key.WithHelp("tab/→", "next")),
		Back:           key.NewBinding(key.WithKeys("shift+tab", "left", "h"), key.WithHelp("shift+tab/←", "back")),
		Select:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Toggle:         key.NewBinding(key.WithKeys("space", "x"), key.WithHelp("space/x", "tick")),
		Unsure:         key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "not sure")),
		Skip:           key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "skip")),
		NotApplicable:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "not applicable")),
		Note:           key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "note")),
		Jump:           key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "go to section")),
		Review:         key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "review")),
		NextOpen:       key.NewBinding(key.WithKeys("o", "ctrl+o"), key.WithHelp("o", "next open")),
		Details:        key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "all the help, evidence, links")),
		CopyLinks:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy the links")),
		NextOpenTyping: key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "next open")),
		Filter:         key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "only open items")),
		Evidence:       key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "evidence")),
		Results:        key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "results")),
		Write:          key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write PDF/JSON/CSV")),
		Accept:         key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "accept risk")),
		Withdraw:       key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "withdraw an acceptance")),
		TabNext:        key.NewBinding(key.WithKeys("tab", "right", "l"), key.WithHelp("tab", "next tab")),
		TabPrev:        key.NewBinding(key.WithKeys("shift+tab", "left", "h"), key.WithHelp("shift+tab", "previous tab")),
		TabJump:        key.NewBinding(key.WithKeys("1", "2", "3", "4", "5"), key.WithHelp("1–5", "go to a tab")),
		Edit:           key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit the answer or acceptance")),
		Restore:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "restore the backup")),
		Save:           key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Help:           key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Quit:           key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Cancel:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		ForceQuit:      key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Yes:            key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "quit")),
		No:             key.NewBinding(key.WithKeys("n", "esc", "enter"), key.WithHelp("n/enter", "stay")),
		CloseHelp:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("any key", "close")),
		FieldNext:      key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		FieldPrev:      key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		FormDone:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next; saves on the last field")),
		SaveText:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save the answer")),
		StopTyping:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop typing")),
	}
}

// helpFor returns the short help line and the full help columns of a screen.
// It implements bubbles' help.KeyMap through screenHelp.
type screenHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h screenHelp) ShortHelp() []key.Binding  { return h.short }
func (h screenHelp) FullHelp() [][]key.Binding { return h.full }

func (k keyMap) help(s screen, typing, details bool) screenHelp {
	global := []key.Binding{k.Save, k.Help, k.Quit, k.ForceQuit}
	switch s {
	case screenStart:
		if typing {
			return k.formHelp()
		}
		return screenHelp{
			short: []key.Binding{k.Up, k.Down, k.Select, k.Help, k.Quit},
			full:  [][]key.Binding{{k.Up, k.Down, k.Select, k.Cancel}, {k.Help, k.Quit, k.ForceQuit}},
		}
	case screenEvidence:
		return screenHelp{
			short: []key.Binding{k.Up, k.Down, k.Select, k.Cancel, k.Help, k.Quit},
			full:  [][]key.Binding{{k.Up, k.Down, k.Select, k.Cancel}, global},
		}
	case screenQuestion:
		if details {
			return screenHelp{
				short: []key.Binding{k.Up, k.Down, k.CopyLinks, k.Cancel, k.Help, k.Quit},
				full:  [][]key.Binding{{k.Up, k.Down, k.CopyLinks, k.Cancel}, global},
			}
		}
		if typing {
			return screenHelp{
				short: []key.Binding{k.SaveText, k.StopTyping, k.NextOpenTyping, k.Save, k.ForceQuit},
				full:  [][]key.Binding{{k.SaveText, k.StopTyping, k.NextOpenTyping}, {k.Save, k.ForceQuit}},
			}
		}
		return screenHelp{
			short: []key.Binding{k.Select, k.NextOpen, k.Back, k.Next, k.Jump, k.Review, k.Save, k.Help, k.Quit},
			full: [][]key.Binding{
				{k.Up, k.Down, k.Select, k.Toggle},
				{k.Unsure, k.Skip, k.NotApplicable, k.Note, k.Details, k.CopyLinks},
				{k.Next, k.Back, k.Cancel, k.NextOpen, k.Jump, k.Review, k.Evidence, k.Results},
				global,
			},
		}
	case screenReview:
		return screenHelp{
			short: []key.Binding{k.Up, k.Down, k.Select, k.NextOpen, k.Filter, k.Results, k.Cancel, k.Help, k.Quit},
			full:  [][]key.Binding{{k.Up, k.Down, k.Select, k.Cancel}, {k.NextOpen, k.Filter, k.Results}, global},
		}
	case screenResults:
		if typing {
			return k.formHelp()
		}
		return screenHelp{
			short: []key.Binding{k.TabNext, k.Up, k.Down, k.Write, k.Accept, k.Cancel, k.Help, k.Quit},
			full:  [][]key.Binding{{k.TabJump, k.TabNext, k.TabPrev, k.Up, k.Down}, {k.Write, k.Accept, k.Edit, k.Withdraw, k.Cancel}, global},
		}
	}
	return screenHelp{short: global, full: [][]key.Binding{global}}
}

func (k keyMap) formHelp() screenHelp {
	return screenHelp{
		short: []key.Binding{k.FormDone, k.FieldNext, k.FieldPrev, k.Cancel, k.ForceQuit},
		full:  [][]key.Binding{{k.FormDone, k.FieldNext, k.FieldPrev, k.Cancel}, {k.ForceQuit}},
	}
}
