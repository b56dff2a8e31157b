package tui

import (
	"errors"
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
	startRestore // a file cannot be opened; its backup can be restored
)

type startItemKind int

const (
	itemNew startItemKind = iota
	itemResume
	itemOpen
	itemDemo
	itemDemoNew // a fresh demo beside an unfinished one
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
	// restore is the backup offered in startRestore, and why.
	restore *restoreMsg
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
			case rf.problem != "" && rf.backup != nil:
				it.detail = rf.problem + " · its backup holds " + fmt.Sprintf("%d of %d answered: enter offers to restore it", rf.backup.done, rf.backup.total)
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
	s.items = append(s.items, startItem{kind: itemOpen, label: "Open an assessment file…", detail: "any " + assessmentExt + " file"})
	if s.opts.Bank != nil {
		// Demo mode resumes an unfinished demo; a new one never replaces it.
		plan := planDemo(s.opts.dir(), s.opts.Bank, s.opts.now)
		if plan.resume {
			s.items = append(s.items,
				startItem{kind: itemDemo, label: "Demo mode: resume " + filepath.Base(plan.path), detail: fmt.Sprintf("the unfinished demo · %d of %d answered", plan.done, plan.total)},
				startItem{kind: itemDemoNew, label: "New demo", detail: "a fresh demo in " + filepath.Base(nextDemoPath(s.opts.dir())) + "; the unfinished one is kept"})
		} else {
			s.items = append(s.items, startItem{kind: itemDemo, label: "Demo mode", detail: "the fictional Fabrikam tenant · saved as " + filepath.Base(plan.path)})
		}
	}
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

func (s *startModel) typing() bool { return s.mode == startNewForm || s.mode == startOpenPath }

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
	case startRestore:
		switch {
		case key.Matches(msg, k.Cancel):
			s.mode, s.restore = startMenu, nil
		case key.Matches(msg, k.Select):
			r := s.restore
			if err := restoreBackup(r.bak, s.opts.Bank); err != nil {
				m.err = err
				return nil
			}
			s.mode, s.restore = startMenu, nil
			return openFileCmdStatus(s.opts, r.bak.target, fmt.Sprintf("Restored %s from its backup (%d of %d answered).", filepath.Base(r.bak.target), r.bak.done, r.bak.total))
		}
		return nil
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
		case itemDemoNew:
			return newDemoCmd(s.opts, nextDemoPath(s.opts.dir()))
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
		path = filepath.Join(s.opts.dir(), defaultFileName(meta, v(0) != ""))
	}
	if !strings.HasSuffix(path, ".json") {
		path += assessmentExt
	}
	return newAssessmentCmd(s.opts, meta, path)
}

// defaultFileName is the file of a new assessment: from the title when one
// was typed (as the form's hint says), else from the organisation and
// workload.
func defaultFileName(meta assess.Metadata, titled bool) string {
	from := meta.Title
	if !titled {
		from = orDefault(meta.Organization+" "+meta.Workload, meta.Title)
	}
	return slug(from) + assessmentExt
}

// slug makes a file name from a title: "Contoso HR" → "contoso-hr", at most
// 40 characters, cut between words.
func slug(s string) string {
	out := strings.Trim(strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	}), "-"), "-")
	if len(out) > 40 {
		cut := out[:41] // a word ending exactly at 40 is kept whole
		if i := strings.LastIndex(cut, "-"); i > 0 {
			out = out[:i]
		} else {
			out = out[:40]
		}
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
	case startRestore:
		r := s.restore
		out = append(out, st.Section.Render("This file cannot be used as it is"), "")
		for _, l := range lines(r.problem, cw) {
			out = append(out, st.Warn.Render(l))
		}
		out = append(out, "")
		b := r.bak
		for _, l := range lines(fmt.Sprintf("Its backup %s: %s · %d of %d answered · saved %s", filepath.Base(b.path), orDefault(b.title, "untitled"), b.done, b.total, s.opts.local(b.saved).Format("2 Jan 2006 15:04")), cw) {
			out = append(out, st.Text.Render(l))
		}
		keep := ""
		if fileExists(b.target) {
			keep = " (the current " + filepath.Base(b.target) + " is kept beside it)"
		}
		out = append(out, "")
		for _, l := range lines("enter restores the backup as "+filepath.Base(b.target)+keep+" · esc back", cw) {
			out = append(out, st.Muted.Render(l))
		}
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

// restoreMsg says a file cannot be opened (or is itself a backup) and that
// a backup could be restored under its name.
type restoreMsg struct {
	path    string
	problem string
	bak     *backupInfo
}

// openFileCmd loads an assessment file and resumes it.
func openFileCmd(opts Options, path string) tea.Cmd {
	return openFileCmdStatus(opts, path, "")
}

// openFileCmdStatus opens a file and shows status once it is open. A file
// that cannot be read, or a .bak opened by hand, offers its backup instead.
func openFileCmdStatus(opts Options, path, status string) tea.Cmd {
	return func() tea.Msg {
		if strings.HasSuffix(path, backupExt) {
			// Saving to a .bak would make .bak.bak: offer to restore it.
			if bak := findBackup(path, opts.Bank, opts.now); bak != nil {
				return restoreMsg{path: path, problem: filepath.Base(path) + " is a backup copy of " + filepath.Base(bak.target), bak: bak}
			}
		}
		asm, _, err := assess.LoadAssessment(path, opts.Bank)
		if err != nil {
			problem := fileProblem(path, err)
			if fileExists(path) {
				if bak := findBackup(path, opts.Bank, opts.now); bak != nil {
					return restoreMsg{path: path, problem: problem, bak: bak}
				}
			}
			return errMsg{errors.New(problem)}
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
		return sessionMsg{sess: s, to: to, status: status}
	}
}

// newAssessmentCmd creates and saves a new assessment, then asks for evidence.
func newAssessmentCmd(opts Options, meta assess.Metadata, path string) tea.Cmd {
	return func() tea.Msg {
		if fileExists(path) {
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

// demoFile is the first file demo mode writes; later demos are numbered.
const demoFile = "se06-demo" + assessmentExt

// nextDemoPath is the first free demo file name in dir.
func nextDemoPath(dir string) string {
	base := strings.TrimSuffix(demoFile, assessmentExt)
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		if p := filepath.Join(dir, name+assessmentExt); !fileExists(p) {
			return p
		}
	}
}

// demoCmd starts demo mode: it resumes the unfinished demo, or starts a new
// one under a free name. It never replaces a file.
func demoCmd(opts Options) tea.Cmd {
	plan := planDemo(opts.dir(), opts.Bank, opts.now)
	if plan.resume {
		return openFileCmdStatus(opts, plan.path, fmt.Sprintf("Resumed the unfinished demo %s (%d of %d answered). New demo on the start screen starts afresh.", filepath.Base(plan.path), plan.done, plan.total))
	}
	return newDemoCmd(opts, plan.path)
}

// newDemoCmd starts an assessment of the demo tenant in path.
func newDemoCmd(opts Options, path string) tea.Cmd {
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
