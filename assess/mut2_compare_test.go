package assess

import (
	"slices"
	"strings"
	"testing"
)

// Unit tables for the pieces of Compare (compare.go), each expectation
// from the doc comment of the piece.

func envS(id string) Subject   { return Subject{Kind: SubjectEnvironment, ID: id, Name: "env " + id} }
func vaultS(id string) Subject { return Subject{Kind: SubjectVault, ID: id, Name: "vault " + id} }

// TestSameSubject: two findings are about the same things when they share
// an affected subject (kind and ID), or one is about the whole question.
func TestSameSubject(t *testing.T) {
	cases := []struct {
		a, b []Subject
		want bool
	}{
		{nil, nil, true},
		{nil, []Subject{envS("1")}, true},
		{[]Subject{envS("1")}, nil, true},
		{[]Subject{envS("1")}, []Subject{envS("1")}, true},
		{[]Subject{envS("1"), envS("2")}, []Subject{envS("3"), envS("2")}, true},
		{[]Subject{envS("1")}, []Subject{envS("2")}, false},
		{[]Subject{envS("1")}, []Subject{vaultS("1")}, false},
	}
	for _, c := range cases {
		if got := sameSubject(Finding{Affected: c.a}, Finding{Affected: c.b}); got != c.want {
			t.Errorf("sameSubject(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// TestChangesWording: a pair's changes in words: severity, state, subjects
// newly affected and no longer affected; nothing when they are alike.
func TestChangesWording(t *testing.T) {
	o := Finding{Severity: SevMedium, State: FindingWarn, Affected: []Subject{envS("1"), envS("2")}}
	cases := []struct {
		n    Finding
		want []string
	}{
		{o, nil},
		{Finding{Severity: SevHigh, State: FindingWarn, Affected: o.Affected}, []string{"severity medium → high"}},
		{Finding{Severity: SevMedium, State: FindingFail, Affected: o.Affected}, []string{"state Warning → Fail"}},
		{Finding{Severity: SevMedium, State: FindingWarn, Affected: []Subject{envS("2"), envS("3")}}, []string{"newly affected: env 3", "no longer affected: env 1"}},
		{Finding{Severity: SevMedium, State: FindingWarn, Affected: []Subject{envS("1"), envS("2"), vaultS("1")}}, []string{"newly affected: vault 1"}},
		{Finding{Severity: SevLow, State: FindingUnsure, Affected: []Subject{envS("1")}}, []string{"severity medium → low", "state Warning → Not sure", "no longer affected: env 2"}},
	}
	for i, c := range cases {
		if got := changes(o, c.n); !slices.Equal(got, c.want) {
			t.Errorf("case %d: %q, want %q", i, got, c.want)
		}
	}
}

// TestSameAnswer compares state, choices (any order) and the trimmed text,
// not the note or the follow-up.
func TestSameAnswer(t *testing.T) {
	a := Answer{State: AnswerAnswered, Values: []string{"a", "b"}, Text: "x"}
	cases := []struct {
		b    Answer
		want bool
	}{
		{Answer{State: AnswerAnswered, Values: []string{"b", "a"}, Text: " x ", Note: "other", FollowUp: "2026-01-01"}, true},
		{Answer{State: AnswerUnsure, Values: []string{"a", "b"}, Text: "x"}, false},
		{Answer{State: AnswerAnswered, Values: []string{"a"}, Text: "x"}, false},
		{Answer{State: AnswerAnswered, Values: []string{"a", "b"}, Text: "y"}, false},
	}
	for i, c := range cases {
		if got := sameAnswer(a, c.b); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
}

// TestConflictChanges: a conflict is the same when the question, the
// answer text and the answered choices are.
func TestConflictChanges(t *testing.T) {
	c1 := Conflict{QuestionID: "AR-01", AnswerText: "mmk", Answered: []string{"mmk"}}
	c2 := Conflict{QuestionID: "AR-02", AnswerText: "all", Answered: []string{"all"}}
	c3 := Conflict{QuestionID: "AR-02", AnswerText: "all", Answered: []string{"some"}}
	c4 := Conflict{QuestionID: "AR-01", AnswerText: "MMK", Answered: []string{"mmk"}}
	added, resolved := conflictChanges([]Conflict{c1, c2}, []Conflict{c1, c3, c4})
	ids := func(cs []Conflict) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.QuestionID+"/"+c.AnswerText+"/"+strings.Join(c.Answered, ","))
		}
		return strings.Join(s, " ")
	}
	if got := ids(added); got != "AR-02/all/some AR-01/MMK/mmk" {
		t.Errorf("added %q", got)
	}
	if got := ids(resolved); got != "AR-02/all/all" {
		t.Errorf("resolved %q", got)
	}
	added, resolved = conflictChanges(nil, nil)
	if added == nil || resolved == nil {
		t.Error("no conflicts: want empty lists, not nil")
	}
}

// TestScoreDelta: Delta is New-Old, nil when either is unknown; sameScore
// treats two unknowns as equal and an unknown and a value as different.
func TestScoreDelta(t *testing.T) {
	d := delta(Score{ID: "x", Value: fptr(40)}, Score{ID: "x", Title: "X", Value: fptr(55)})
	if d.Delta == nil || *d.Delta != 15 || *d.Old != 40 || *d.New != 55 || d.Title != "X" {
		t.Errorf("40 → 55: %+v", d)
	}
	if d := delta(Score{}, Score{Value: fptr(55)}); d.Delta != nil {
		t.Errorf("unknown → 55: delta %v, want nil", *d.Delta)
	}
	if d := delta(Score{Value: fptr(55)}, Score{}); d.Delta != nil {
		t.Errorf("55 → unknown: delta %v, want nil", *d.Delta)
	}
	for _, c := range []struct {
		a, b *float64
		want bool
	}{{nil, nil, true}, {nil, fptr(1), false}, {fptr(1), nil, false}, {fptr(1), fptr(1), true}, {fptr(1), fptr(2), false}} {
		if got := sameScore(c.a, c.b); got != c.want {
			t.Errorf("sameScore(%v, %v) = %v", c.a, c.b, got)
		}
	}
	// deltas pairs sections by ID, whatever their order
	ds := deltas([]Score{{ID: "b", Value: fptr(1)}, {ID: "a", Value: fptr(10)}}, []Score{{ID: "a", Value: fptr(12)}, {ID: "c", Value: fptr(3)}})
	if len(ds) != 2 || ds[0].ID != "a" || *ds[0].Delta != 2 || ds[1].ID != "c" || ds[1].Delta != nil {
		t.Errorf("deltas: %+v", ds)
	}
}

// TestPutByWeight: severity first, then fail before warn before not sure:
// heavier is worsened, lighter improved, equal changed.
func TestPutByWeight(t *testing.T) {
	cases := []struct {
		o, n Finding
		want string
	}{
		{Finding{Severity: SevMedium, State: FindingWarn}, Finding{Severity: SevHigh, State: FindingUnsure}, "worsened"},
		{Finding{Severity: SevHigh, State: FindingUnsure}, Finding{Severity: SevMedium, State: FindingFail}, "improved"},
		{Finding{Severity: SevLow, State: FindingWarn}, Finding{Severity: SevLow, State: FindingFail}, "worsened"},
		{Finding{Severity: SevLow, State: FindingWarn}, Finding{Severity: SevLow, State: FindingUnsure}, "improved"},
		{Finding{Severity: SevLow, State: FindingUnsure}, Finding{Severity: SevLow, State: FindingWarn}, "worsened"},
		{Finding{Severity: SevLow, State: FindingFail}, Finding{Severity: SevLow, State: FindingFail}, "changed"},
		{Finding{Severity: SevInfo, State: FindingFail}, Finding{Severity: SevLow, State: FindingUnsure}, "worsened"},
	}
	for i, c := range cases {
		var d Diff
		d.put(c.o, c.n, []string{"x"})
		got := ""
		switch {
		case len(d.Worsened) == 1 && len(d.Improved)+len(d.Changed) == 0:
			got = "worsened"
		case len(d.Improved) == 1 && len(d.Worsened)+len(d.Changed) == 0:
			got = "improved"
		case len(d.Changed) == 1 && len(d.Worsened)+len(d.Improved) == 0:
			got = "changed"
		}
		if got != c.want {
			t.Errorf("case %d: %q, want %q", i, got, c.want)
		}
	}
}

// TestChangeOfEachList: the CSV's change column: worsened, improved,
// changed, new, unchanged for open findings; "" for one the diff does not
// track or without a diff.
func TestChangeOfEachList(t *testing.T) {
	f := func(id string) Finding { return Finding{ID: id, State: FindingFail} }
	d := &Diff{Worsened: []FindingChange{{New: f("w")}}, Improved: []FindingChange{{New: f("i")}}, Changed: []FindingChange{{New: f("c")}}, Added: []Finding{f("n")}}
	for id, want := range map[string]Change{"w": ChangeWorsened, "i": ChangeImproved, "c": ChangeChanged, "n": ChangeNew, "u": ChangeUnchanged} {
		if got := d.ChangeOf(f(id)); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	for _, s := range []FindingState{FindingWarn, FindingUnsure} {
		if got := d.ChangeOf(Finding{ID: "w", State: s}); got != ChangeWorsened {
			t.Errorf("state %s: %q, want worsened", s, got)
		}
	}
	for _, s := range []FindingState{FindingPass, FindingAccepted, FindingNotVerified, FindingNotApplicable} {
		if got := d.ChangeOf(Finding{ID: "w", State: s}); got != "" {
			t.Errorf("state %s: %q, want none", s, got)
		}
	}
	var none *Diff
	if got := none.ChangeOf(f("w")); got != "" {
		t.Errorf("no diff: %q", got)
	}
}

// TestExplainMoves: a score that moved only because questions were
// answered or opened says so; one that moved because an answered question
// changed does not.
func TestExplainMoves(t *testing.T) {
	q := func(id string, st QuestionStatus, v *float64) QuestionResult {
		return QuestionResult{QuestionID: id, Section: "AR", Status: st, Score: v}
	}
	cases := []struct {
		name               string
		old, cur           []QuestionResult
		answered, reopened int
		only               bool
		note               string
	}{
		{"one answered", []QuestionResult{q("a", QuestionOpen, nil), q("b", QuestionAnswered, fptr(1))}, []QuestionResult{q("a", QuestionAnswered, fptr(0)), q("b", QuestionAnswered, fptr(1))},
			1, 0, true, "moved only because 1 question was answered"},
		{"two answered, one reopened", []QuestionResult{q("a", QuestionOpen, nil), q("b", QuestionOpen, nil), q("c", QuestionAnswered, fptr(1))}, []QuestionResult{q("a", QuestionAnswered, fptr(0)), q("b", QuestionAnswered, fptr(1)), q("c", QuestionOpen, nil)},
			2, 1, true, "moved only because 2 questions were answered and 1 question is open again"},
		{"two reopened", []QuestionResult{q("a", QuestionAnswered, fptr(1)), q("b", QuestionAnswered, fptr(0))}, []QuestionResult{q("a", QuestionOpen, nil), q("b", QuestionOpen, nil)},
			0, 2, true, "moved only because 2 questions are open again"},
		{"an answer changed too", []QuestionResult{q("a", QuestionOpen, nil), q("b", QuestionAnswered, fptr(1))}, []QuestionResult{q("a", QuestionAnswered, fptr(1)), q("b", QuestionAnswered, fptr(0))},
			1, 0, false, ""},
		{"answered without moving", []QuestionResult{q("a", QuestionOpen, nil)}, []QuestionResult{q("a", QuestionUnsure, nil)},
			1, 0, false, ""},
		{"new question", nil, []QuestionResult{q("a", QuestionAnswered, fptr(1))},
			0, 0, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			scores := []ScoreDelta{{ID: "overall"}, {ID: "AR"}, {ID: "KM"}}
			explainMoves(scores, &Result{Questions: c.old}, &Result{Questions: c.cur})
			for _, sd := range scores[:2] {
				if sd.NowAnswered != c.answered || sd.Reopened != c.reopened || sd.OnlyOpenChanged != c.only || sd.Note != c.note {
					t.Errorf("%s: answered %d reopened %d only %v note %q; want %d %d %v %q", sd.ID, sd.NowAnswered, sd.Reopened, sd.OnlyOpenChanged, sd.Note, c.answered, c.reopened, c.only, c.note)
				}
			}
			if km := scores[2]; km.NowAnswered != 0 || km.Reopened != 0 || km.Note != "" {
				t.Errorf("KM has no question and moved: %+v", km)
			}
		})
	}
}

// TestComparePairsByQuestionAndSubject: findings pair by ID; what is left
// pairs by question and subject (another rule of the same question about
// the same things is worsened, improved or changed, not new plus
// resolved); the rest are new or resolved; passed findings are not
// tracked; alike pairs count as unchanged.
func TestComparePairsByQuestionAndSubject(t *testing.T) {
	fail := func(id, q string, sev Severity, subs ...Subject) Finding {
		return Finding{ID: id, QuestionID: q, State: FindingFail, Severity: sev, Title: id, Affected: subs}
	}
	old := &Result{Findings: []Finding{
		fail("A-01.same", "A-01", SevHigh, envS("1")),
		fail("A-02.partial", "A-02", SevMedium, envS("1")),
		fail("A-03.x", "A-03", SevHigh, envS("1")),
		fail("A-04.gone", "A-04", SevLow, envS("9")),
		fail("A-05.other-env", "A-05", SevLow, envS("1")),
		{ID: "A-06", QuestionID: "A-06", State: FindingPass},
		fail("A-07.sev", "A-07", SevLow),
	}}
	cur := &Result{Findings: []Finding{
		fail("A-01.same", "A-01", SevHigh, envS("1")),
		fail("A-02.same", "A-02", SevHigh, envS("1"), envS("2")),
		fail("A-03.y", "A-03", SevLow, envS("1")),
		fail("A-05.other-env2", "A-05", SevLow, envS("2")),
		fail("A-06", "A-06", SevMedium),
		fail("A-07.sev", "A-07", SevMedium),
		{ID: "A-08", QuestionID: "A-08", State: FindingPass},
	}}
	d := Compare(old, cur, nil)
	pairs := func(cs []FindingChange) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Old.ID+">"+c.New.ID)
		}
		return out
	}
	if got := pairs(d.Worsened); !slices.Equal(got, []string{"A-07.sev>A-07.sev", "A-02.partial>A-02.same"}) {
		t.Errorf("worsened %v", got)
	}
	if got := pairs(d.Improved); !slices.Equal(got, []string{"A-03.x>A-03.y"}) {
		t.Errorf("improved %v", got)
	}
	if len(d.Changed) != 0 {
		t.Errorf("changed %v", pairs(d.Changed))
	}
	if got := findingIDs(d.Added); !slices.Equal(got, []string{"A-05.other-env2", "A-06"}) {
		t.Errorf("added %v", got)
	}
	if got := findingIDs(d.Resolved); !slices.Equal(got, []string{"A-04.gone", "A-05.other-env"}) {
		t.Errorf("resolved %v", got)
	}
	if d.Unchanged != 1 {
		t.Errorf("unchanged %d, want 1", d.Unchanged)
	}
	if len(d.Worsened) == 2 {
		if w := d.Worsened[1].What; !slices.Equal(w, []string{"was A-02.partial: A-02.partial", "severity medium → high", "newly affected: env 2"}) {
			t.Errorf("what of a re-paired finding: %q", w)
		}
		if w := d.Worsened[0].What; !slices.Equal(w, []string{"severity low → medium"}) {
			t.Errorf("what of a finding with the same ID: %q", w)
		}
	}
}

// TestExplainMovesByDataState: a data state's score counts the questions
// whose findings carry that data state (the first finding of a question
// says which).
func TestExplainMovesByDataState(t *testing.T) {
	old := &Result{Questions: []QuestionResult{{QuestionID: "a", Section: "AR", Status: QuestionOpen}, {QuestionID: "b", Section: "KM", Status: QuestionOpen}}}
	cur := &Result{
		Questions: []QuestionResult{{QuestionID: "a", Section: "AR", Status: QuestionAnswered, Score: fptr(1)}, {QuestionID: "b", Section: "KM", Status: QuestionAnswered, Score: fptr(1)}},
		Findings:  []Finding{{QuestionID: "a", DataStates: []DataState{StateInTransit}}, {QuestionID: "a", DataStates: []DataState{StateAtRest}}, {QuestionID: "b", DataStates: []DataState{StateAtRest}}},
	}
	scores := []ScoreDelta{{ID: string(StateInTransit)}, {ID: string(StateAtRest)}, {ID: string(StateResidency)}}
	explainMoves(scores, old, cur)
	if scores[0].NowAnswered != 1 || scores[0].Note != "moved only because 1 question was answered" {
		t.Errorf("in transit: %+v", scores[0])
	}
	if scores[1].NowAnswered != 1 {
		t.Errorf("at rest counts only b (a's first finding says in transit): %+v", scores[1])
	}
	if scores[2].NowAnswered != 0 || scores[2].Note != "" {
		t.Errorf("residency: %+v", scores[2])
	}
}

// TestAnswerChangesInWords: only questions whose answer changed, in the
// newer result's order, with the bank's labels when it knows the question.
func TestAnswerChangesInWords(t *testing.T) {
	b := miniBank(t)
	old := &Result{Questions: []QuestionResult{
		{QuestionID: "AR-01", Answer: answered("mmk")},
		{QuestionID: "AR-03", Answer: answered("a", "b")},
		{QuestionID: "ZZ-01", Answer: answered("x")},
	}}
	cur := &Result{Questions: []QuestionResult{
		{QuestionID: "ZZ-01", Answer: answered("y")},
		{QuestionID: "AR-03", Answer: answered("b", "a")},
		{QuestionID: "AR-01", Answer: answered("cmk")},
		{QuestionID: "SC-01", Answer: Answer{State: AnswerUnsure}},
	}}
	got := answerChanges(old, cur, b)
	var s []string
	for _, c := range got {
		s = append(s, c.QuestionID+"|"+c.Short+"|"+c.OldText+"|"+c.NewText)
	}
	want := []string{"ZZ-01||x|y", "AR-01|Custody|Microsoft-managed|Customer-managed", "SC-01|Sensitivity|Not answered|Not sure"}
	if !slices.Equal(s, want) {
		t.Errorf("answer changes\n got %q\nwant %q", s, want)
	}
	if got := answerChanges(old, cur, nil); len(got) != 3 || got[1].NewText != "cmk" {
		t.Errorf("without a bank: %+v", got)
	}
}
