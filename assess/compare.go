package assess

import (
	"fmt"
	"slices"
	"strings"
)

// Diff is what changed between two evaluated assessments.
type Diff struct {
	Old, New Metadata
	// New findings are open now and were not open before.
	Added []Finding `json:"new"`
	// Resolved findings were open before and are not open now.
	Resolved []Finding `json:"resolved"`
	// Changed findings are open in both, with a different severity, state or set of affected subjects.
	Changed []FindingChange `json:"changed"`
	// Scores pairs each section's, data state's and the overall score.
	Scores    []ScoreDelta `json:"scores"`
	OldGrade  Grade        `json:"oldGrade"`
	NewGrade  Grade        `json:"newGrade"`
	Unchanged int          `json:"unchanged"`
}

// FindingChange is a finding open in both assessments that changed.
type FindingChange struct {
	Old Finding `json:"old"`
	New Finding `json:"new"`
	// What lists the changes in words, e.g. "severity medium → high".
	What []string `json:"what"`
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

// Compare diffs two results by stable finding ID.
func Compare(old, cur *Result) Diff {
	d := Diff{Old: old.Metadata, New: cur.Metadata, OldGrade: old.Grade, NewGrade: cur.Grade}
	oldOpen := openByID(old)
	newOpen := openByID(cur)
	for _, f := range cur.Findings {
		if !isActionable(f) {
			continue
		}
		o, ok := oldOpen[f.ID]
		if !ok {
			d.Added = append(d.Added, f)
			continue
		}
		if what := changes(o, f); len(what) > 0 {
			d.Changed = append(d.Changed, FindingChange{Old: o, New: f, What: what})
		} else {
			d.Unchanged++
		}
	}
	for _, f := range old.Findings {
		if isActionable(f) {
			if _, ok := newOpen[f.ID]; !ok {
				d.Resolved = append(d.Resolved, f)
			}
		}
	}
	d.Scores = append(d.Scores, delta(old.Overall, cur.Overall))
	d.Scores = append(d.Scores, deltas(old.Sections, cur.Sections)...)
	d.Scores = append(d.Scores, deltas(old.DataStates, cur.DataStates)...)
	explainMoves(d.Scores, old, cur)
	return d
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
