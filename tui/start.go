package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/ppwaf/se06/assess"
)

type startMode int

const (
	startMenu startMode = iota
	startNewForm
	startOpenPath
)

type startItemKind int

const (
	itemNew startItemKind = iota
	itemResume
	itemOpen
	itemDemo
)

type startItem struct {
	kind   startItemKind
	label  string
	detail string
	path   string
}

// startModel is the first screen: new assessment, resume, or demo.
type startModel struct {
	opts   Options
	mode   startMode
	items  []startItem
	cursor int
	form   fields
	labels []string
	open   textField
}

func newStartModel(opts Options) startModel {
	return startModel{opts: opts}
}

// init (re)builds the menu from the folder's recent assessments.
func (s *startModel) init() tea.Cmd {
	s.mode = startMenu
	s.items = []startItem{{kind: itemNew, label: "New assessment", detail: "start an interview; answers are saved as you go"}}
	if s.opts.Bank != nil {
		for _, rf := range recentFiles(s.opts.dir(), s.opts.Bank, s.opts.now(), 5) {
			it := startItem{kind: itemResume, path: rf.path, label: "Resume " + filepath.Base(rf.path)}
			switch {
			case rf.problem != "":
				it.detail = rf.problem
			default:
				it.detail = fmt.Sprintf("%s · %d of %d answered · %s", orDefault(rf.title, "untitled"), rf.done, rf.total, s.opts.local(rf.updated).Format("2 Jan 15:04"))
				if rf.finished {
					it.detail += " · finished"
				}
			}
			s.items = append(s.items, it)
		}
	}
	s.items = append(s.items,
		startItem{kind: itemOpen, label: "Open an assessment file…", detail: "any " + assessmentExt + " file"},
		startItem{kind: itemDemo, label: "Demo mode", detail: "the fictional Fabrikam tenant, for training and workshops"},
	)
	if s.cursor >= len(s.items) {
		s.cursor = 0
	}
	return nil
}

func (o Options) dir() string {
	if o.Dir == "" {
		return "."
	}
	return o.Dir
}

func (s *startModel) typing() bool { return s.mode != startMenu }

func (s *startModel) tick(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch s.mode {
	case startNewForm:
		cmd = s.form.update(msg)
	case startOpenPath:
		s.open, cmd = s.open.Update(msg)
	}
	return cmd
}

func (s *startModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch s.mode {
	case startNewForm:
		return s.formKey(msg)
	case startOpenPath:
		switch {
		case key.Matches(msg, k.Cancel):
			s.mode = startMenu
			return nil
		case key.Matches(msg, k.Select):
			p := strings.TrimSpace(s.open.Value())
			if p == "" {
				return nil
			}
			return openFileCmd(s.opts, p)
		}
		var cmd tea.Cmd
		s.open, cmd = s.open.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, k.Up):
		s.cursor = (s.cursor + len(s.items) - 1) % len(s.items)
	case key.Matches(msg, k.Down), msg.String() == "tab":
		s.cursor = (s.cursor + 1) % len(s.items)
	case key.Matches(msg, k.Select):
		it := s.items[s.cursor]
		switch it.kind {
		case itemNew:
			s.openForm()
			return s.form.focusField(0)
		case itemResume:
			return openFileCmd(s.opts, it.path)
		case itemOpen:
			s.mode = startOpenPath
			s.open = newInput("path/to/assessment"+assessmentExt, 60)
			return s.open.Focus()
		case itemDemo:
			return demoCmd(s.opts)
		}
	}
	return nil
}

func (s *startModel) openForm() {
	s.mode = startNewForm
	s.labels = []string{"Title", "Organization", "Workload", "Assessor", "Facilitator", "File"}
	ph := []string{"e.g. HR platform SE:06 review", "e.g. Contoso Ltd", "e.g. HR case management (Dataverse, Copilot Studio)", "who answers for the architecture", "who runs the workshop (optional)", "derived from the title"}
	s.form = fields{list: make([]textField, len(s.labels))}
	for i := range s.form.list {
		s.form.list[i] = newInput(ph[i], 56)
	}
}

func (s *startModel) formKey(msg tea.KeyPressMsg) tea.Cmd {
	cmd, act := s.form.key(msg)
	switch act {
	case formCancel:
		s.mode = startMenu
	case formSubmit:
		return s.create()
	}
	return cmd
}

func (s *startModel) create() tea.Cmd {
	v := s.form.value
	meta := assess.Metadata{Title: v(0), Organization: v(1), Workload: v(2), Assessor: v(3), Facilitator: v(4)}
	if meta.Title == "" {
		meta.Title = "SE:06 data encryption assessment"
		if meta.Workload != "" {
			meta.Title = meta.Workload + " SE:06 review"
		}
	}
	path := v(5)
	if path == "" {
		path = filepath.Join(s.opts.dir(), slug(orDefault(meta.Organization+" "+meta.Workload, meta.Title))+assessmentExt)
	}
	if !strings.HasSuffix(path, ".json") {
		path += assessmentExt
	}
	return newAssessmentCmd(s.opts, meta, path)
}

// slug makes a file name from a title: "Contoso HR" → "contoso-hr".
func slug(s string) string {
	out := strings.Trim(strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	}), "-"), "-")
	if len(out) > 40 {
		out = strings.TrimRight(out[:40], "-")
	}
	if out == "" {
		return "assessment"
	}
	return out
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// view draws the start screen as a card in the middle of the screen.
func (s *startModel) view(m *Model, width, height int) string {
	st := m.st
	cw := min(width-8, 76) // the card's inner width
	var out []string
	out = append(out, st.Title.Render("SE:06 data encryption assessment"))
	out = append(out, st.Muted.Render(clip("Power Platform Well-Architected · Azure Well-Architected SE:07", cw)))
	out = append(out, "")
	switch s.mode {
	case startNewForm:
		out = append(out, st.Section.Render("New assessment"), "")
		for i, f := range s.form.list {
			label := fmt.Sprintf("%-13s", s.labels[i])
			if i == s.form.focus {
				label = st.Cursor.Render(label)
			} else {
				label = st.Text.Render(label)
			}
			f.width = cw - 16
			out = append(out, label+" "+f.View(st))
		}
		out = append(out, "", st.Muted.Render(clip("enter next field · the last enter creates the file · esc back", cw)))
		out = append(out, st.Muted.Render(clip("Every answer is saved at once; quit any time and resume later.", cw)))
	case startOpenPath:
		out = append(out, st.Section.Render("Open an assessment file"), "")
		s.open.width = cw - 3
		out = append(out, s.open.View(st), "", st.Muted.Render("enter open · esc back"))
	default:
		out = append(out, st.Section.Render("What would you like to do?"), "")
		// Long labels (file names) wrap under themselves; when the items
		// do not fit, the list scrolls with "more" markers.
		blocks := make([][]string, len(s.items))
		for i, it := range s.items {
			marker, style := "  ", st.Text
			if i == s.cursor {
				marker, style = "› ", st.Cursor
			}
			for j, l := range lines(it.label, cw-2) {
				if j == 0 {
					blocks[i] = append(blocks[i], style.Render(marker+l))
				} else {
					blocks[i] = append(blocks[i], "  "+style.Render(l))
				}
			}
			for _, l := range atMost(lines(it.detail, cw-4), 2, cw-4) {
				blocks[i] = append(blocks[i], "    "+st.Muted.Render(l))
			}
		}
		// the card's border, padding and the lines above the list
		out = append(out, scrollBlocks(st, blocks, s.cursor, max(4, height-4-len(out)), "  ")...)
	}
	card := st.Panel.Padding(1, 2).Width(cw + 6).Render(strings.Join(out, "\n"))
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, card)
}

// openFileCmd loads an assessment file and resumes it.
func openFileCmd(opts Options, path string) tea.Cmd {
	return func() tea.Msg {
		asm, _, err := assess.LoadAssessment(path, opts.Bank)
		if err != nil {
			return errMsg{err}
		}
		s, err := newSession(opts.Bank, asm, path, opts.now)
		if err != nil {
			return errMsg{err}
		}
		s.demo = asm.Facts != nil && asm.Facts.Demo
		if fi, err := os.Stat(path); err == nil {
			s.lastSaved = fi.ModTime() // the header says when it was last saved
		}
		to := screenQuestion
		if asm.Progress.Finished {
			to = screenReview
		}
		return sessionMsg{sess: s, to: to}
	}
}

// newAssessmentCmd creates and saves a new assessment, then asks for evidence.
func newAssessmentCmd(opts Options, meta assess.Metadata, path string) tea.Cmd {
	return func() tea.Msg {
		if _, err := os.Stat(path); err == nil {
			return errMsg{fmt.Errorf("%s already exists: resume it from the start screen, or choose another file name", path)}
		}
		asm := assess.NewAssessment(opts.Bank, meta, opts.ToolVersion, opts.now())
		s, err := newSession(opts.Bank, asm, path, opts.now)
		if err != nil {
			return errMsg{err}
		}
		if err := s.save(); err != nil {
			return errMsg{err}
		}
		return sessionMsg{sess: s, to: screenEvidence}
	}
}

// demoFile is the file demo mode writes (a fresh demo every time; the previous
// one is kept as .bak).
const demoFile = "se06-demo" + assessmentExt

// demoCmd starts an assessment of the demo tenant.
func demoCmd(opts Options) tea.Cmd {
	return func() tea.Msg {
		now := opts.now()
		meta := assess.Metadata{
			Title:        "Fabrikam HR platform (demo)",
			Organization: "Fabrikam (fictional)",
			Workload:     "HR case management: Dataverse, Power Automate, Copilot Studio",
			Assessor:     "Workshop participant",
			Facilitator:  "se06 demo mode",
		}
		asm := assess.NewAssessment(opts.Bank, meta, opts.ToolVersion, now)
		path := filepath.Join(opts.dir(), demoFile)
		s, err := newSession(opts.Bank, asm, path, opts.now)
		if err != nil {
			return errMsg{err}
		}
		s.demo = true
		if opts.Sources.DemoFacts != nil {
			f, err := opts.Sources.DemoFacts(now)
			if err != nil {
				return errMsg{fmt.Errorf("load the demo tenant: %w", err)}
			}
			if err := s.setFacts(f, "demo tenant"); err != nil {
				return errMsg{err}
			}
		} else if err := s.save(); err != nil {
			return errMsg{err}
		}
		return sessionMsg{sess: s, to: screenQuestion}
	}
}
