package assess

import (
	"fmt"
	"slices"
	"strings"
)

// Diff is what changed between two evaluated assessments. Every list is
// non-nil (empty, not null, in JSON).
type Diff struct {
	Old Metadata `json:"old"`
	New Metadata `json:"new"`
	// Added findings are open now and have no counterpart (same question and
	// subject) that was open before.
	Added []Finding `json:"added"`
	// Resolved findings were open before and have no open counterpart now.
	Resolved []Finding `json:"resolved"`
	// Worsened and Improved pair an open finding with the one it replaced or
	// became: same question and subject, now more or less severe. An answer
	// that moved from "partial" to "same" is one worsened finding, not one
	// resolved plus one new.
	Worsened []FindingChange `json:"worsened"`
	Improved []FindingChange `json:"improved"`
	// Changed findings are open in both, as severe as before, but different
	// (another rule of the question, other affected subjects).
	Changed []FindingChange `json:"changed"`
	// Answers lists the questions whose answer changed.
	Answers []AnswerChange `json:"answers"`
	// NewConflicts and ResolvedConflicts list answers the tenant contradicts
	// now but did not before, and the reverse.
	NewConflicts      []Conflict `json:"newConflicts"`
	ResolvedConflicts []Conflict `json:"resolvedConflicts"`
	// Scores pairs each section's, data state's and the overall score.
	Scores    []ScoreDelta `json:"scores"`
	OldGrade  Grade        `json:"oldGrade"`
	NewGrade  Grade        `json:"newGrade"`
	Unchanged int          `json:"unchanged"`
	// Bank is set when the two assessments were written with different
	// question bank versions: what the bank changed in between.
	Bank *BankDiff `json:"bank,omitempty"`
}

// FindingChange pairs a finding open before with its counterpart open now.
type FindingChange struct {
	Old Finding `json:"old"`
	New Finding `json:"new"`
	// What lists the changes in words, e.g. "severity medium → high".
	What []string `json:"what"`
}

// AnswerChange is a question whose answer changed.
type AnswerChange struct {
	QuestionID string `json:"questionId"`
	Short      string `json:"short"`
	Old        Answer `json:"old"`
	New        Answer `json:"new"`
	// OldText and NewText give the answers in words (choice labels).
	OldText string `json:"oldText"`
	NewText string `json:"newText"`
}

// ScoreDelta pairs an old and a new score.
type ScoreDelta struct {
	ID    string   `json:"id"`
	Title string   `json:"title"`
	Old   *float64 `json:"old"`
	New   *float64 `json:"new"`
	// Delta is New-Old, nil when either is unknown.
	Delta *float64 `json:"delta"`
	// NowAnswered counts the group's questions open before and touched now;
	// Reopened those touched before and open now.
	NowAnswered int `json:"nowAnswered"`
	Reopened    int `json:"reopened"`
	// OnlyOpenChanged is true when the score moved and every question whose
	// score moved was open in one of the two: nothing answered changed.
	OnlyOpenChanged bool `json:"onlyOpenChanged"`
	// Note says so in words, for every output.
	Note string `json:"note,omitempty"`
}

// Change is the kind of change of one open finding, for outputs that mark
// each finding (the CSV's change column).
type Change string

const (
	ChangeNew       Change = "new"
	ChangeWorsened  Change = "worsened"
	ChangeImproved  Change = "improved"
	ChangeChanged   Change = "changed"
	ChangeUnchanged Change = "unchanged"
)

// ChangeOf says how an open finding of the newer result changed; "" for a
// finding the diff does not track (passed, accepted, not verified).
func (d *Diff) ChangeOf(f Finding) Change {
	if d == nil || !isActionable(f) {
		return ""
	}
	id := f.ID
	for _, g := range []struct {
		list []FindingChange
		c    Change
	}{{d.Worsened, ChangeWorsened}, {d.Improved, ChangeImproved}, {d.Changed, ChangeChanged}} {
		if slices.ContainsFunc(g.list, func(fc FindingChange) bool { return fc.New.ID == id }) {
			return g.c
		}
	}
	if slices.ContainsFunc(d.Added, func(f Finding) bool { return f.ID == id }) {
		return ChangeNew
	}
	return ChangeUnchanged
}

// Compare diffs two results. Findings pair by stable ID first, then by
// question and subject; b (may be nil) gives the answers their labels.
func Compare(old, cur *Result, b *Bank) Diff {
	d := Diff{Old: old.Metadata, New: cur.Metadata, OldGrade: old.Grade, NewGrade: cur.Grade,
		Added: []Finding{}, Resolved: []Finding{}, Worsened: []FindingChange{}, Improved: []FindingChange{}, Changed: []FindingChange{},
		Answers: answerChanges(old, cur, b), Scores: []ScoreDelta{}}
	oldOpen := openByID(old)
	newOpen := openByID(cur)
	var added, gone []Finding
	for _, f := range cur.Findings {
		if !isActionable(f) {
			continue
		}
		o, ok := oldOpen[f.ID]
		if !ok {
			added = append(added, f)
			continue
		}
		if what := changes(o, f); len(what) > 0 {
			d.put(o, f, what)
		} else {
			d.Unchanged++
		}
	}
	for _, f := range old.Findings {
		if isActionable(f) {
			if _, ok := newOpen[f.ID]; !ok {
				gone = append(gone, f)
			}
		}
	}
	// Pair what is left by question and subject: another rule of the same
	// question about the same things is the same problem, better or worse.
	paired := make([]bool, len(gone))
	for _, f := range added {
		i := -1
		for k, o := range gone {
			if !paired[k] && o.QuestionID == f.QuestionID && sameSubject(o, f) {
				i = k
				break
			}
		}
		if i < 0 {
			d.Added = append(d.Added, f)
			continue
		}
		paired[i] = true
		o := gone[i]
		what := append([]string{"was " + o.ID + ": " + o.Title}, changes(o, f)...)
		d.put(o, f, what)
	}
	for i, f := range gone {
		if !paired[i] {
			d.Resolved = append(d.Resolved, f)
		}
	}
	d.NewConflicts, d.ResolvedConflicts = conflictChanges(old.Conflicts, cur.Conflicts)
	d.Scores = append(d.Scores, delta(old.Overall, cur.Overall))
	d.Scores = append(d.Scores, deltas(old.Sections, cur.Sections)...)
	d.Scores = append(d.Scores, deltas(old.DataStates, cur.DataStates)...)
	noteBankChanges(&d, b, old, cur)
	explainMoves(d.Scores, old, cur)
	return d
}

// put files a pair under worsened, improved or changed.
func (d *Diff) put(o, n Finding, what []string) {
	fc := FindingChange{Old: o, New: n, What: what}
	switch wo, wn := weight(o), weight(n); {
	case wn > wo:
		d.Worsened = append(d.Worsened, fc)
	case wn < wo:
		d.Improved = append(d.Improved, fc)
	default:
		d.Changed = append(d.Changed, fc)
	}
}

// weight orders open findings by how bad they are: severity first, then a
// failure before a warning before a not-sure.
func weight(f Finding) int {
	w := 0
	switch f.State {
	case FindingFail:
		w = 3
	case FindingWarn:
		w = 2
	case FindingUnsure:
		w = 1
	}
	return f.Severity.Rank()*4 + w
}

// sameSubject reports whether two findings are about the same things: they
// share an affected subject, or one is about the whole question.
func sameSubject(a, b Finding) bool {
	if len(a.Affected) == 0 || len(b.Affected) == 0 {
		return true
	}
	for _, s := range a.Affected {
		if slices.ContainsFunc(b.Affected, func(x Subject) bool { return x.Kind == s.Kind && x.ID == s.ID }) {
			return true
		}
	}
	return false
}

// isActionable: fail, warn and unsure findings are what a diff tracks.
func isActionable(f Finding) bool {
	return f.State == FindingFail || f.State == FindingWarn || f.State == FindingUnsure
}

func openByID(r *Result) map[string]Finding {
	m := map[string]Finding{}
	for _, f := range r.Findings {
		if isActionable(f) {
			m[f.ID] = f
		}
	}
	return m
}

func changes(o, n Finding) []string {
	var what []string
	if o.Severity != n.Severity {
		what = append(what, "severity "+string(o.Severity)+" → "+string(n.Severity))
	}
	if o.State != n.State {
		what = append(what, "state "+o.State.Label()+" → "+n.State.Label())
	}
	added, removed := subjectDiff(o.Affected, n.Affected)
	if len(added) > 0 {
		what = append(what, "newly affected: "+subjectNames(added))
	}
	if len(removed) > 0 {
		what = append(what, "no longer affected: "+subjectNames(removed))
	}
	return what
}

// answerChanges lists the questions whose user answer differs, in bank
// (result) order.
func answerChanges(old, cur *Result, b *Bank) []AnswerChange {
	before := map[string]Answer{}
	for _, q := range old.Questions {
		before[q.QuestionID] = q.Answer
	}
	out := []AnswerChange{}
	for _, q := range cur.Questions {
		o, n := before[q.QuestionID], q.Answer
		if sameAnswer(o, n) {
			continue
		}
		c := AnswerChange{QuestionID: q.QuestionID, Old: o, New: n}
		var bq *Question
		if b != nil {
			if x, ok := b.Question(q.QuestionID); ok {
				bq, c.Short = x, x.Short
			}
		}
		c.OldText, c.NewText = o.Describe(bq), n.Describe(bq)
		out = append(out, c)
	}
	return out
}

// sameAnswer compares what was answered, not when or with which note.
func sameAnswer(a, b Answer) bool {
	return a.State == b.State && SameChoices(a.Values, b.Values) && strings.TrimSpace(a.Text) == strings.TrimSpace(b.Text)
}

// conflictChanges lists the conflicts only in cur (new) and only in old
// (resolved). A conflict is the same when the question and the answer are.
func conflictChanges(old, cur []Conflict) (added, resolved []Conflict) {
	same := func(a, b Conflict) bool {
		return a.QuestionID == b.QuestionID && a.AnswerText == b.AnswerText && SameChoices(a.Answered, b.Answered)
	}
	added, resolved = []Conflict{}, []Conflict{}
	for _, c := range cur {
		if !slices.ContainsFunc(old, func(o Conflict) bool { return same(o, c) }) {
			added = append(added, c)
		}
	}
	for _, c := range old {
		if !slices.ContainsFunc(cur, func(n Conflict) bool { return same(n, c) }) {
			resolved = append(resolved, c)
		}
	}
	return added, resolved
}

func subjectDiff(old, cur []Subject) (added, removed []Subject) {
	has := func(list []Subject, s Subject) bool {
		for _, x := range list {
			if x.Kind == s.Kind && x.ID == s.ID {
				return true
			}
		}
		return false
	}
	for _, s := range cur {
		if !has(old, s) {
			added = append(added, s)
		}
	}
	for _, s := range old {
		if !has(cur, s) {
			removed = append(removed, s)
		}
	}
	return added, removed
}

func subjectNames(ss []Subject) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Name
	}
	return listNames(names, 5)
}

func deltas(old, cur []Score) []ScoreDelta {
	var out []ScoreDelta
	for _, c := range cur {
		var o Score
		for _, x := range old {
			if x.ID == c.ID {
				o = x
			}
		}
		out = append(out, delta(o, c))
	}
	return out
}

func delta(o, c Score) ScoreDelta {
	d := ScoreDelta{ID: c.ID, Title: c.Title, Old: o.Value, New: c.Value}
	if o.Value != nil && c.Value != nil {
		v := *c.Value - *o.Value
		d.Delta = &v
	}
	return d
}

// explainMoves says, for each score, how many questions were answered or
// reopened, and whether that alone moved it.
func explainMoves(scores []ScoreDelta, old, cur *Result) {
	prev := map[string]QuestionResult{}
	for _, q := range old.Questions {
		prev[q.QuestionID] = q
	}
	// The data states of a question, from its findings.
	states := map[string][]DataState{}
	for _, f := range cur.Findings {
		if _, ok := states[f.QuestionID]; !ok {
			states[f.QuestionID] = f.DataStates
		}
	}
	for i := range scores {
		sd := &scores[i]
		moved, other := false, false
		for _, q := range cur.Questions {
			if !(sd.ID == "overall" || q.Section == sd.ID || slices.Contains(states[q.QuestionID], DataState(sd.ID))) {
				continue
			}
			p := prev[q.QuestionID]
			wasOpen, isOpen := p.Status == QuestionOpen, q.Status == QuestionOpen
			switch {
			case wasOpen && !isOpen && q.Status != "":
				sd.NowAnswered++
			case isOpen && !wasOpen && p.Status != "":
				sd.Reopened++
			}
			if !sameScore(p.Score, q.Score) {
				moved = true
				if !wasOpen && !isOpen {
					other = true
				}
			}
		}
		if moved && !other && (sd.NowAnswered > 0 || sd.Reopened > 0) {
			sd.OnlyOpenChanged = true
			var parts []string
			if sd.NowAnswered > 0 {
				parts = append(parts, fmt.Sprintf("%d %s answered", sd.NowAnswered, pluralQ(sd.NowAnswered)))
			}
			if sd.Reopened > 0 {
				parts = append(parts, fmt.Sprintf("%d %s open again", sd.Reopened, plural(sd.Reopened, "question is", "questions are")))
			}
			sd.Note = "moved only because " + strings.Join(parts, " and ")
		}
	}
}

func pluralQ(n int) string { return plural(n, "question was", "questions were") }

func sameScore(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
