package tui

import (
	"bytes"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/ppwaf/se06/assess"
)

type resultsTab int

const (
	tabOverview resultsTab = iota
	tabSections
	tabFindings
	tabConflicts
	tabAccepted
	tabCount
)

func (t resultsTab) title() string {
	return [...]string{"Overview", "Sections", "Findings", "Conflicts", "Accepted"}[t]
}

// reportDoneMsg reports one written file.
type reportDoneMsg struct {
	index int
	path  string
	err   error
}

type writtenFile struct {
	name, path string
	err        error
}

// resultsModel shows the grade and scores, the findings, the conflicts and
// the accepted risks; it writes the reports and records risk acceptances.
type resultsModel struct {
	tab      resultsTab
	cursor   int
	openList []assess.Finding
	writing  bool
	spin     spinner.Model
	written  []writtenFile
	reports  []ReportFormat
	form     acceptForm
	// confirmWithdraw is set by a first x on the Accepted tab.
	confirmWithdraw bool
}

// acceptForm records a risk acceptance for one finding, for all its
// environments or one of them.
type acceptForm struct {
	active  bool
	finding assess.Finding
	// envs are the finding's affected environments; env picks one of them
	// (1..len) or all of them (0). onEnv is true while the picker has focus.
	envs  []assess.Subject
	env   int
	onEnv bool
	// orig is the acceptance being edited, if any: saving replaces it.
	orig    *assess.Acceptance
	fields  fields
	problem string
}

// withdraw removes the acceptance under the cursor on the Accepted tab after
// a second x; the finding is open again.
func (r *resultsModel) withdraw(m *Model) {
	s := m.sess
	if r.tab != tabAccepted || len(s.asm.Acceptances) == 0 {
		m.status = "On the Accepted tab (5), x withdraws the selected acceptance."
		return
	}
	acc := s.asm.Acceptances[r.cursor]
	if !r.confirmWithdraw {
		r.confirmWithdraw = true
		m.status = "⚠ Press x again to withdraw the acceptance of " + acc.FindingID + "; any other key keeps it."
		return
	}
	r.confirmWithdraw = false
	s.asm.Acceptances = slices.Delete(slices.Clone(s.asm.Acceptances), r.cursor, r.cursor+1)
	if err := s.evaluate(); err != nil {
		m.err = err
		return
	}
	if err := s.save(); err != nil {
		m.err = err
		return
	}
	r.refresh(s)
	r.cursor = max(0, min(r.cursor, len(s.asm.Acceptances)-1))
	m.status = "Withdrew the acceptance of " + acc.FindingID + ": the finding is open again — saved"
}

func (r *resultsModel) open(s *session) {
	r.form.active = false
	r.refresh(s)
	if r.spin.Spinner.Frames == nil {
		r.spin = spinner.New(spinner.WithSpinner(spinner.Dot))
	}
}

func (r *resultsModel) refresh(s *session) {
	r.openList = r.openList[:0]
	if s == nil || s.result == nil {
		return
	}
	for _, f := range s.result.Findings {
		if f.State.Open() {
			r.openList = append(r.openList, f)
		}
	}
	r.cursor = min(r.cursor, max(0, r.listLen(s)-1))
}

func (r *resultsModel) listLen(s *session) int {
	switch r.tab {
	case tabFindings:
		return len(r.openList)
	case tabConflicts:
		return len(s.result.Conflicts)
	case tabAccepted:
		return len(s.asm.Acceptances)
	}
	return 0
}

func (r *resultsModel) typing() bool { return r.form.active }

func (r *resultsModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if r.form.active {
		return r.formKey(m, msg)
	}
	k := m.keys
	if key.Matches(msg, k.Withdraw) {
		r.withdraw(m)
		return nil
	}
	r.confirmWithdraw = false
	switch {
	case key.Matches(msg, k.TabNext):
		r.tab = (r.tab + 1) % tabCount
		r.cursor = 0
	case key.Matches(msg, k.TabPrev):
		r.tab = (r.tab + tabCount - 1) % tabCount
		r.cursor = 0
	case key.Matches(msg, k.TabJump):
		r.tab = resultsTab(msg.String()[0] - '1')
		r.cursor = 0
	case key.Matches(msg, k.Up):
		r.cursor = max(0, r.cursor-1)
	case key.Matches(msg, k.Down):
		r.cursor = min(max(0, r.listLen(m.sess)-1), r.cursor+1)
	case key.Matches(msg, k.Write):
		return r.startWriting(m)
	case key.Matches(msg, k.Accept):
		switch {
		case r.tab == tabFindings && len(r.openList) > 0:
			r.openForm(m, r.openList[r.cursor], nil)
		case r.tab == tabAccepted && len(m.sess.asm.Acceptances) > 0:
			acc := m.sess.asm.Acceptances[r.cursor]
			f, ok := m.sess.result.Finding(acc.FindingID)
			if !ok {
				f = assess.Finding{ID: acc.FindingID, Title: acc.FindingID}
			}
			r.openForm(m, f, &acc)
		default:
			m.status = "Open the Findings tab (3), pick a finding, then press a to accept its risk."
		}
	case key.Matches(msg, k.Edit):
		switch {
		case r.tab == tabFindings && len(r.openList) > 0:
			return m.openQuestion(r.openList[r.cursor].QuestionID, screenResults)
		case r.tab == tabConflicts && len(m.sess.result.Conflicts) > 0:
			return m.openQuestion(m.sess.result.Conflicts[r.cursor].QuestionID, screenResults)
		case r.tab == tabAccepted && len(m.sess.asm.Acceptances) > 0:
			acc := m.sess.asm.Acceptances[r.cursor]
			f, _ := m.sess.result.Finding(acc.FindingID)
			if f.ID == "" {
				f = assess.Finding{ID: acc.FindingID, Title: acc.FindingID}
			}
			r.openForm(m, f, &acc)
		}
	case key.Matches(msg, k.Cancel):
		return m.openScreen(screenReview)
	case key.Matches(msg, k.Review):
		return m.openScreen(screenReview)
	}
	return nil
}

// update handles the report writer's messages and the spinner.
func (r *resultsModel) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		if m.screen == screenResults && r.form.active {
			return r.form.fields.update(msg)
		}
	case spinner.TickMsg:
		if !r.writing {
			return nil
		}
		var cmd tea.Cmd
		r.spin, cmd = r.spin.Update(msg)
		return cmd
	case reportDoneMsg:
		rf := r.reports[msg.index]
		r.written = append(r.written, writtenFile{name: rf.Name, path: msg.path, err: msg.err})
		if msg.index+1 < len(r.reports) {
			return writeCmd(m.sess, r.reports, msg.index+1, m.opts.now)
		}
		r.writing = false
		var paths []string
		for _, w := range r.written {
			if w.err == nil {
				paths = append(paths, filepath.Base(w.path))
			}
		}
		m.status = "Wrote " + strings.Join(paths, ", ")
		if miss := m.opts.Sources.ReportMissing; miss != "" {
			m.status += " · " + miss
		}
	}
	return nil
}

func (r *resultsModel) startWriting(m *Model) tea.Cmd {
	if r.writing {
		return nil
	}
	r.reports = m.opts.Sources.Reports
	if len(r.reports) == 0 {
		m.err = fmt.Errorf("no report format is available: %s", orDefault(m.opts.Sources.ReportMissing, "not in this build"))
		return nil
	}
	if err := m.sess.save(); err != nil {
		m.err = err
		return nil
	}
	r.writing = true
	r.written = nil
	r.tab = tabOverview
	return tea.Batch(writeCmd(m.sess, r.reports, 0, m.opts.now), r.spin.Tick)
}

// reportPath gives the path of a report next to the assessment file:
// contoso.se06.json → contoso.pdf.
func reportPath(assessment, ext string) string {
	base := strings.TrimSuffix(assessment, assessmentExt)
	base = strings.TrimSuffix(base, ".json")
	if ext == ".json" {
		ext = ".result.json"
	}
	return base + ext
}

// writeCmd writes report i in the background, from a copy of the
// assessment so the screens can go on changing it.
func writeCmd(s *session, reports []ReportFormat, i int, now func() time.Time) tea.Cmd {
	asm := *s.asm
	asm.Answers = maps.Clone(s.asm.Answers)
	asm.Acceptances = slices.Clone(s.asm.Acceptances)
	in := ReportInput{Bank: s.bank, Assessment: &asm, Result: s.result, Now: now()}
	rf := reports[i]
	path := reportPath(s.path, rf.Ext)
	return func() tea.Msg {
		var buf bytes.Buffer
		if err := rf.Write(&buf, in); err != nil {
			return reportDoneMsg{index: i, path: path, err: fmt.Errorf("write %s: %w", rf.Name, err)}
		}
		if err := assess.WriteFileAtomic(path, buf.Bytes(), false); err != nil {
			return reportDoneMsg{index: i, path: path, err: err}
		}
		return reportDoneMsg{index: i, path: path}
	}
}
