package assess

import "testing"

// TestOpenIsNotUnsure: a question never touched is open, not "not sure",
// in the question status, the counts and the score.
func TestOpenIsNotUnsure(t *testing.T) {
	b := miniBank(t)
	r := eval(t, b, Answers{"SC-01": {State: AnswerUnsure}, "SC-02": {State: AnswerSkipped}}, nil)
	o := r.Overall
	if o.NotSure != 1 || o.Skipped != 1 || o.Answered != 0 {
		t.Errorf("overall counts %+v", o)
	}
	if o.Open != o.Total-2 || o.Open == 0 {
		t.Errorf("open = %d of %d visible, want all but the two touched", o.Open, o.Total)
	}
	if o.Unsure != 2 {
		t.Errorf("unsure (by result) = %d, want 2: open questions are not unsure", o.Unsure)
	}
	for _, qr := range r.Questions {
		if !qr.Visible {
			continue
		}
		want := QuestionOpen
		switch qr.QuestionID {
		case "SC-01":
			want = QuestionUnsure
		case "SC-02":
			want = QuestionSkipped
		}
		if qr.Status != want {
			t.Errorf("%s status %q, want %q", qr.QuestionID, qr.Status, want)
		}
		if want == QuestionOpen && qr.Score != nil {
			t.Errorf("%s is open but scored %v", qr.QuestionID, *qr.Score)
		}
	}
	if !r.Grade.Incomplete() || r.Grade.Letter != "-" {
		t.Errorf("two of %d touched, none answered: grade %+v, want Incomplete with no letter", o.Total, r.Grade)
	}
	empty := eval(t, b, Answers{}, nil)
	if empty.Overall.Value != nil || !empty.Grade.Incomplete() {
		t.Errorf("nothing answered: score %v grade %+v; want no score and Incomplete", empty.Overall.Value, empty.Grade)
	}
}

// TestCountsPerEnvironmentAcceptance: a risk accepted for one environment is
// counted as an accepted risk, the finding stays open for the others, and the
// accepted environment is marked so outputs leave it out of the work to do.
func TestCountsPerEnvironmentAcceptance(t *testing.T) {
	b := miniBank(t)
	answers := Answers{"SC-01": answered("high"), "AR-01": answered("cmk"), "AR-02": answered("all-cmk")}
	one := Acceptance{FindingID: "AR-02.cmk-missing", Environment: "e2", Justification: "j", Approver: "a", Expires: "2027-01-01"}
	facts := twoEnvFacts()
	facts.Environments[0].KeyManagedBy, facts.Environments[0].CMK = "Microsoft", nil
	r := eval(t, b, answers, facts, one)
	f, ok := r.Finding("AR-02.cmk-missing")
	if !ok || f.State != FindingFail {
		t.Fatalf("finding %+v", f)
	}
	c := r.Counts
	if c.AcceptedRisks != 1 || c.PartlyAccepted != 1 || c.AcceptedFindings != 0 {
		t.Errorf("counts %+v: want 1 accepted risk, 1 partly accepted finding, 0 accepted findings", c)
	}
	for _, s := range f.Affected {
		if (s.ID == "e2") != s.Accepted {
			t.Errorf("subject %s accepted=%v", s.ID, s.Accepted)
		}
	}
	// The counts add up: open = to fix + to find out, per severity.
	for _, sev := range []Severity{SevHigh, SevMedium, SevLow, SevInfo} {
		if c.Open.Of(sev) != c.ToFix.Of(sev)+c.ToFindOut.Of(sev) {
			t.Errorf("%s: open %d != to fix %d + to find out %d", sev, c.Open.Of(sev), c.ToFix.Of(sev), c.ToFindOut.Of(sev))
		}
	}
	n := 0
	for _, f := range r.Findings {
		if f.State.Open() {
			n++
		}
	}
	if c.Open.Total() != n {
		t.Errorf("open total %d, %d open findings", c.Open.Total(), n)
	}
	expired := one
	expired.Expires = "2026-01-01"
	r = eval(t, b, answers, facts, expired)
	if r.Counts.AcceptedRisks != 0 || r.Counts.ExpiredRisks != 1 || r.Counts.PartlyAccepted != 0 {
		t.Errorf("expired acceptance counts %+v", r.Counts)
	}
}

// TestSectionNeverAlignedWithOpenFailure: a group with an open high or
// medium failure is never "Aligned", whatever its score.
func TestSectionNeverAlignedWithOpenFailure(t *testing.T) {
	b := miniBank(t)
	answers := Answers{"SC-01": answered("low"), "SC-02": {State: AnswerAnswered, Text: "none"}, "AR-01": answered("cmk"), "AR-02": answered("none-cmk"), "AR-03": answered("a", "b")}
	r := eval(t, b, answers, nil)
	for _, sc := range append(append([]Score{r.Overall}, r.Sections...), r.DataStates...) {
		if (sc.ToFix.High > 0 || sc.ToFix.Medium > 0) && sc.Status == "Aligned" {
			t.Errorf("%s is Aligned with %+v to fix", sc.ID, sc.ToFix)
		}
	}
}

// TestCompareSaysWhenOnlyAnsweringMovedTheScore: answering open questions
// moves a score; the diff says that is all that happened, and does not say
// it when an answered question changed too.
func TestCompareSaysWhenOnlyAnsweringMovedTheScore(t *testing.T) {
	b := miniBank(t)
	before := Answers{"SC-01": answered("low"), "AR-01": answered("cmk")}
	after := Answers{"SC-01": answered("low"), "AR-01": answered("cmk"), "AR-02": answered("none-cmk")}
	d := Compare(eval(t, b, before, nil), eval(t, b, after, nil), b)
	var ov ScoreDelta
	for _, s := range d.Scores {
		if s.ID == "overall" {
			ov = s
		}
	}
	if !ov.OnlyOpenChanged || ov.NowAnswered != 1 || ov.Note != "moved only because 1 question was answered" {
		t.Errorf("overall delta %+v", ov)
	}
	// Back: the question is open again.
	d = Compare(eval(t, b, after, nil), eval(t, b, before, nil), b)
	for _, s := range d.Scores {
		if s.ID == "overall" && (s.Reopened != 1 || s.Note != "moved only because 1 question is open again") {
			t.Errorf("reopened delta %+v", s)
		}
	}
	// An answer that changed: not only answering.
	changed := Answers{"SC-01": answered("low"), "AR-01": answered("mmk"), "AR-02": answered("none-cmk")}
	d = Compare(eval(t, b, before, nil), eval(t, b, changed, nil), b)
	for _, s := range d.Scores {
		if s.ID == "overall" && s.OnlyOpenChanged {
			t.Errorf("a changed answer moved the score too, but the delta says only answering: %+v", s)
		}
	}
}
