package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/ppwaf/se06/assess"
)

// model is the view of an Input that every renderer shares: findings in
// priority order, the diff, lookups. It never changes the input.
type model struct {
	bank    *assess.Bank
	asm     *assess.Assessment
	res     *assess.Result
	meta    assess.Metadata
	facts   *assess.Facts
	open    []assess.Finding // open findings, highest priority first
	actions []assess.Action  // the roadmap and fix of each open finding, index for index
	diff    *assess.Diff
	version string
	now     time.Time
}

func newModel(in Input) (*model, error) {
	if in.prepared != nil {
		return in.prepared, nil
	}
	if in.Result == nil {
		return nil, ErrNoResult
	}
	m := &model{bank: in.Bank, asm: in.Assessment, res: in.Result, meta: in.Result.Metadata, facts: in.Result.Facts}
	if m.facts == nil && in.Assessment != nil {
		m.facts = in.Assessment.Facts
	}
	if m.meta.Title == "" && in.Assessment != nil {
		m.meta = in.Assessment.Metadata
	}
	if m.meta.Title == "" {
		m.meta.Title = "SE:06 data encryption assessment"
	}
	m.version = cmp.Or(in.ToolVersion, m.meta.ToolVersion, "dev")
	m.now = in.Now
	if m.now.IsZero() {
		m.now = in.Result.EvaluatedAt
	}
	if m.now.IsZero() {
		m.now = time.Unix(0, 0) // never the wall clock: output stays reproducible
	}
	m.now = m.now.UTC()
	for _, f := range in.Result.Findings {
		if f.State.Open() {
			m.open = append(m.open, f)
		}
	}
	slices.SortStableFunc(m.open, comparePriority)
	m.actions = assess.PlanActions(in.Bank, m.open, m.facts, cmp.Or(in.Result.EvaluatedAt, m.now))
	if in.Previous != nil {
		d := assess.Compare(in.Previous, in.Result, in.Bank)
		m.diff = &d
	}
	return m, nil
}

// stateRank orders open states: confirmed problems before unknowns.
func stateRank(s assess.FindingState) int {
	switch s {
	case assess.FindingFail:
		return 0
	case assess.FindingWarn:
		return 1
	case assess.FindingUnsure:
		return 2
	case assess.FindingNotVerified:
		return 3
	}
	return 4
}

// comparePriority: severity, then state, then findings the tenant confirmed, then ID.
func comparePriority(a, b assess.Finding) int {
	if c := cmp.Compare(b.Severity.Rank(), a.Severity.Rank()); c != 0 {
		return c
	}
	if c := cmp.Compare(stateRank(a.State), stateRank(b.State)); c != 0 {
		return c
	}
	if a.Tenant != b.Tenant {
		if a.Tenant {
			return -1
		}
		return 1
	}
	return cmp.Compare(a.ID, b.ID)
}

// topActions are the first n open findings, confirmed problems first.
func (m *model) topActions(n int) []assess.Finding {
	return m.open[:min(n, len(m.open))]
}

func (m *model) question(id string) *assess.Question {
	if m.bank == nil {
		return nil
	}
	q, _ := m.bank.Question(id)
	return q
}

// prompt gives a question's prompt, or its ID when the bank lacks it.
func (m *model) prompt(id string) string {
	if q := m.question(id); q != nil {
		return q.Prompt
	}
	return id
}

// sections lists the section IDs and titles in bank order (or result order).
func (m *model) sections() [][2]string {
	var out [][2]string
	if m.bank != nil {
		for _, s := range m.bank.Sections {
			out = append(out, [2]string{s.ID, s.Title})
		}
		return out
	}
	for _, s := range m.res.Sections {
		out = append(out, [2]string{s.ID, s.Title})
	}
	return out
}

func (m *model) sectionIntro(id string) string {
	if m.bank == nil {
		return ""
	}
	if s, ok := m.bank.Section(id); ok {
		return s.Intro
	}
	return ""
}

// sectionTitle gives a section's title.
func (m *model) sectionTitle(id string) string {
	for _, s := range m.sections() {
		if s[0] == id {
			return s[1]
		}
	}
	return id
}

// countOpen gives the findings to fix (fail and warn) per severity, in
// severity order, from the result's counts.
func (m *model) countOpen() []sevCount {
	c := m.res.Counts.ToFix
	return []sevCount{
		{assess.SevHigh, c.High},
		{assess.SevMedium, c.Medium},
		{assess.SevLow, c.Low},
		{assess.SevInfo, c.Info},
	}
}

type sevCount struct {
	sev assess.Severity
	n   int
}

// gradeTitle is the grade's heading: "Grade D: At risk", or "No grade yet: Incomplete".
func gradeTitle(g assess.Grade) string {
	if g.Incomplete() || g.Letter == "" || g.Letter == "-" {
		return "No grade yet: " + assess.GradeIncomplete
	}
	t := "Grade " + g.Letter + ": " + g.Label
	if g.Provisional {
		t += " (provisional)"
	}
	return t
}

// envNames lists the names of a finding's affected environments that are
// still to do: those a per-environment acceptance covers are left out.
func envNames(f assess.Finding) []string {
	var out []string
	for _, s := range f.Affected {
		if s.Kind == assess.SubjectEnvironment && !s.Accepted {
			out = append(out, nameOr(s.Name, s.ID))
		}
	}
	return out
}

// acceptedEnvs counts a finding's environments whose risk is accepted.
func acceptedEnvs(f assess.Finding) int {
	n := 0
	for _, s := range f.Affected {
		if s.Accepted {
			n++
		}
	}
	return n
}

// subjectList names affected subjects, kind first for non-environments ("vault kv-01").
func subjectList(ss []assess.Subject, maxN int) string {
	return joinMax(subjectNames(ss), maxN)
}

// subjectNames names each subject, kind first for non-environments.
func subjectNames(ss []assess.Subject) []string {
	var names []string
	for _, s := range ss {
		if s.Accepted {
			continue
		}
		n := nameOr(s.Name, s.ID)
		if s.Kind != assess.SubjectEnvironment && s.Kind != "" {
			n = string(s.Kind) + " " + n
		}
		names = append(names, n)
	}
	return names
}

// joinMax joins up to maxN names and says how many more there are.
func joinMax(names []string, maxN int) string {
	if maxN <= 0 || len(names) <= maxN {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:maxN], ", "), len(names)-maxN)
}

func severityLabel(s assess.Severity) string {
	switch s {
	case assess.SevHigh:
		return "High"
	case assess.SevMedium:
		return "Medium"
	case assess.SevLow:
		return "Low"
	case assess.SevInfo:
		return "Info"
	}
	return cmp.Or(string(s), "-")
}

// outOf100 gives a score as "79/100", or "not scored yet".
func outOf100(v *float64) string {
	if v == nil {
		return "not scored yet"
	}
	return fmt.Sprintf("%.0f/100", *v)
}

func scoreText(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.0f", *v)
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2 January 2006")
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 MST")
}

// firstLink gives a finding's first documentation link.
func firstLink(f assess.Finding) assess.Link {
	if len(f.Links) > 0 {
		return f.Links[0]
	}
	return assess.Link{}
}

// answerText describes an answer in words: choices, or unsure/skipped/not applicable.
// Several choices are listed one per line: their labels are written as
// sentences ("A documented runbook", "The runbook has been rehearsed") and
// read badly joined with commas.
func (m *model) answerText(qid string, a assess.Answer) string {
	q := m.question(qid)
	if a.State != assess.AnswerAnswered || q == nil || q.Type == assess.TypeText || len(a.Values) < 2 {
		return a.Describe(q)
	}
	lines := make([]string, len(a.Values))
	for i, v := range a.Values {
		lines[i] = "• " + q.Labels([]string{v})
	}
	return strings.Join(lines, "\n")
}

// hasFacts reports whether tenant facts were read (live, snapshot or demo).
func (m *model) hasFacts() bool { return m.facts != nil }

// where names what a finding is about: its environments, or else its other subjects.
func where(f assess.Finding, maxN int) string {
	w := subjectList(f.Affected, maxN)
	if names := envNames(f); len(names) > 0 {
		w = joinMax(names, maxN)
	}
	if n := acceptedEnvs(f); n > 0 {
		w += fmt.Sprintf(" (%d more accepted)", n)
	}
	return strings.TrimSpace(w)
}

// resultLabel names a result for a reader: an unsure result whose question
// was skipped or never answered says so rather than "Not sure".
func resultLabel(s assess.FindingState, a assess.Answer) string {
	if s == assess.FindingUnsure {
		switch a.State {
		case assess.AnswerSkipped:
			return "Skipped"
		case "":
			return "Not answered"
		}
	}
	return s.Label()
}

// findingLabel is resultLabel for a finding, from its question's answer; an
// info-severity finding reads as advice (assess.Finding.StatusLabel).
func (m *model) findingLabel(f assess.Finding) string {
	if f.State == assess.FindingWarn {
		return f.StatusLabel()
	}
	for _, q := range m.res.Questions {
		if q.QuestionID == f.QuestionID {
			return resultLabel(f.State, q.Answer)
		}
	}
	return f.State.Label()
}

// nameOr gives a display name, or the ID when the name is blank (or only
// white space and control characters, which the PDF drops).
func nameOr(name, id string) string {
	if strings.TrimFunc(name, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) == "" {
		return id
	}
	return name
}
