package assess

import (
	"strconv"
	"testing"
)

// These tables are written from the rules in docs/report.md ("How the grade
// and the statuses are given"), by hand: no expectation is computed by the
// code under test. Each boundary is tested on both sides.

func fptr(v float64) *float64 { return &v }

// overall builds the overall score: total visible questions, answered, open,
// unsure (not sure or skipped), not verified, and a score (nil = nothing scored).
func overall(total, answered, open, unsure, notVerified int, v *float64) Score {
	return Score{Total: total, Answered: answered, Open: open, Unsure: unsure, NotVerified: notVerified, Value: v, Scored: total - open}
}

func TestGradeRules(t *testing.T) {
	type want struct {
		letter, label, scoreLetter string
		capped, provisional        bool
		summary                    string
	}
	cases := []struct {
		name   string
		o      Score
		toFix  SeverityCounts
		na     int // questions marked not applicable
		expect want
	}{
		// The letter's edges, nothing capping it (20 questions, all answered).
		{"A at 90", overall(20, 20, 0, 0, 0, fptr(90)), SeverityCounts{}, 0, want{"A", "Aligned", "A", false, false, "Grade A (Aligned): 90/100 gives A; no open high-severity failure and at most one medium."}},
		{"B at 89", overall(20, 20, 0, 0, 0, fptr(89)), SeverityCounts{}, 0, want{"B", "Aligned", "B", false, false, ""}},
		{"B at 75", overall(20, 20, 0, 0, 0, fptr(75)), SeverityCounts{}, 0, want{"B", "Aligned", "B", false, false, ""}},
		{"C at 74", overall(20, 20, 0, 0, 0, fptr(74)), SeverityCounts{}, 0, want{"C", "Aligned", "C", false, false, ""}},
		{"C at 60", overall(20, 20, 0, 0, 0, fptr(60)), SeverityCounts{}, 0, want{"C", "Aligned", "C", false, false, ""}},
		{"D at 59", overall(20, 20, 0, 0, 0, fptr(59)), SeverityCounts{}, 0, want{"D", "Aligned", "D", false, false, ""}},
		{"D at 40", overall(20, 20, 0, 0, 0, fptr(40)), SeverityCounts{}, 0, want{"D", "Aligned", "D", false, false, ""}},
		{"E at 39", overall(20, 20, 0, 0, 0, fptr(39)), SeverityCounts{}, 0, want{"E", "Aligned", "E", false, false, ""}},
		{"E at 0", overall(20, 20, 0, 0, 0, fptr(0)), SeverityCounts{}, 0, want{"E", "Aligned", "E", false, false, ""}},
		{"A at 100", overall(20, 20, 0, 0, 0, fptr(100)), SeverityCounts{}, 0, want{"A", "Aligned", "A", false, false, ""}},

		// A high-severity failure caps at D, and says so.
		{"high caps A at D", overall(20, 20, 0, 0, 0, fptr(95)), SeverityCounts{High: 1}, 0, want{"D", "At risk", "A", true, false, "Grade D (At risk): 95/100 would be A; capped at D by 1 open high-severity failure."}},
		{"high caps B at D", overall(20, 20, 0, 0, 0, fptr(79)), SeverityCounts{High: 4}, 0, want{"D", "At risk", "B", true, false, "Grade D (At risk): 79/100 would be B; capped at D by 4 open high-severity failures."}},
		{"high caps C at D", overall(20, 20, 0, 0, 0, fptr(60)), SeverityCounts{High: 1}, 0, want{"D", "At risk", "C", true, false, ""}},
		{"high leaves D", overall(20, 20, 0, 0, 0, fptr(45)), SeverityCounts{High: 1}, 0, want{"D", "At risk", "D", false, false, "Grade D (At risk): 45/100 gives D; 1 open high-severity failure."}},
		{"high leaves E", overall(20, 20, 0, 0, 0, fptr(30)), SeverityCounts{High: 2}, 0, want{"E", "At risk", "E", false, false, ""}},
		{"high beats mediums", overall(20, 20, 0, 0, 0, fptr(80)), SeverityCounts{High: 1, Medium: 3}, 0, want{"D", "At risk", "B", true, false, ""}},

		// Two mediums cap at C; one does not.
		{"one medium no cap", overall(20, 20, 0, 0, 0, fptr(92)), SeverityCounts{Medium: 1}, 0, want{"A", "Aligned", "A", false, false, ""}},
		{"two mediums cap A at C", overall(20, 20, 0, 0, 0, fptr(92)), SeverityCounts{Medium: 2}, 0, want{"C", "Needs work", "A", true, false, "Grade C (Needs work): 92/100 would be A; capped at C by 2 open medium-severity failures."}},
		{"two mediums cap B at C", overall(20, 20, 0, 0, 0, fptr(75)), SeverityCounts{Medium: 2}, 0, want{"C", "Needs work", "B", true, false, ""}},
		{"two mediums leave C", overall(20, 20, 0, 0, 0, fptr(70)), SeverityCounts{Medium: 5}, 0, want{"C", "Needs work", "C", false, false, ""}},
		{"two mediums leave E", overall(20, 20, 0, 0, 0, fptr(20)), SeverityCounts{Medium: 5}, 0, want{"E", "Needs work", "E", false, false, ""}},
		{"lows never cap", overall(20, 20, 0, 0, 0, fptr(91)), SeverityCounts{Low: 9, Info: 3}, 0, want{"A", "Aligned", "A", false, false, ""}},

		// Uncertain: more than a third unknown (not sure, skipped, open, not verified).
		{"a third is not more", overall(21, 21, 0, 5, 2, fptr(80)), SeverityCounts{}, 0, want{"B", "Aligned", "B", false, false, ""}},
		{"over a third", overall(21, 21, 0, 6, 2, fptr(80)), SeverityCounts{}, 0, want{"B", "Uncertain", "B", false, false, ""}},
		{"open counts as unknown", overall(21, 14, 7, 1, 0, fptr(80)), SeverityCounts{}, 0, want{"B", "Uncertain", "B", false, true, ""}},

		// Incomplete: fewer than half answered (or not applicable): no letter.
		{"nothing answered", overall(20, 0, 20, 0, 0, nil), SeverityCounts{}, 0, want{"-", "Incomplete", "", false, false, "No grade yet (Incomplete): 0 of 20 questions answered; a letter grade needs at least 10."}},
		{"9 of 20", overall(20, 9, 11, 0, 0, fptr(100)), SeverityCounts{}, 0, want{"-", "Incomplete", "", false, false, ""}},
		{"10 of 20 is half", overall(20, 10, 10, 0, 0, fptr(100)), SeverityCounts{}, 0, want{"A", "Uncertain", "A", false, true, "Grade A (Uncertain): 100/100 gives A; 10 of 20 questions are not sure, skipped, open or not verified. Provisional: 10 questions are open."}},
		{"10 of 21", overall(21, 10, 11, 0, 0, fptr(100)), SeverityCounts{}, 0, want{"-", "Incomplete", "", false, false, "No grade yet (Incomplete): 10 of 21 questions answered; a letter grade needs at least 11."}},
		{"11 of 21", overall(21, 11, 10, 0, 0, fptr(100)), SeverityCounts{}, 0, want{"A", "Uncertain", "A", false, true, ""}},
		{"not applicable counts as answered", overall(20, 8, 10, 0, 0, fptr(100)), SeverityCounts{}, 2, want{"A", "Uncertain", "A", false, true, ""}},
		{"unsure is not answered", overall(20, 9, 0, 11, 0, fptr(60)), SeverityCounts{}, 0, want{"-", "Incomplete", "", false, false, ""}},
		{"incomplete ignores a high", overall(20, 5, 15, 0, 0, fptr(0)), SeverityCounts{High: 1}, 0, want{"-", "Incomplete", "", false, false, ""}},
		{"no visible question", overall(0, 0, 0, 0, 0, nil), SeverityCounts{}, 0, want{"-", "Incomplete", "", false, false, "No grade yet (Incomplete): no question applies yet."}},

		// Provisional while any question is open.
		{"one open", overall(20, 19, 1, 0, 0, fptr(95)), SeverityCounts{}, 0, want{"A", "Aligned", "A", false, true, "Grade A (Aligned): 95/100 gives A; no open high-severity failure and at most one medium. Provisional: 1 question is open."}},
		{"capped and provisional", overall(20, 16, 4, 0, 0, fptr(79)), SeverityCounts{High: 4}, 0, want{"D", "At risk", "B", true, true, "Grade D (At risk): 79/100 would be B; capped at D by 4 open high-severity failures. Provisional: 4 questions are open."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := c.o
			o.NotApplicable = c.na
			r := &Result{Overall: o, Counts: Counts{ToFix: c.toFix}}
			g := grade(r)
			if g.Letter != c.expect.letter || g.Label != c.expect.label || g.ScoreLetter != c.expect.scoreLetter {
				t.Errorf("grade = %s %q (score letter %q), want %s %q (%q); %s", g.Letter, g.Label, g.ScoreLetter, c.expect.letter, c.expect.label, c.expect.scoreLetter, g.Summary)
			}
			if (g.CappedBy != "") != c.expect.capped {
				t.Errorf("capped by %q, want capped=%v", g.CappedBy, c.expect.capped)
			}
			if g.Provisional != c.expect.provisional {
				t.Errorf("provisional = %v, want %v (%s)", g.Provisional, c.expect.provisional, g.Summary)
			}
			if c.expect.summary != "" && g.Summary != c.expect.summary {
				t.Errorf("summary\n got %q\nwant %q", g.Summary, c.expect.summary)
			}
			if g.Incomplete() != (c.expect.label == "Incomplete") {
				t.Errorf("Incomplete() = %v", g.Incomplete())
			}
		})
	}
}

func TestStatusRules(t *testing.T) {
	// sum is the sum of question scores; scored questions are 10 unless set.
	cases := []struct {
		name       string
		sum        *float64
		scored     int
		unsure, nv int
		toFix      SeverityCounts
		value      string // the rounded 0..100 value, "" for nil
		wantStatus string
	}{
		{"nothing scored", nil, 0, 0, 0, SeverityCounts{}, "", "Unknown"},
		{"no visible question", nil, 0, 0, 0, SeverityCounts{}, "", "Not applicable"},
		{"85 is aligned", fptr(8.5), 10, 0, 0, SeverityCounts{}, "85", "Aligned"},
		{"84 needs work", fptr(8.4), 10, 0, 0, SeverityCounts{}, "84", "Needs work"},
		{"60 needs work", fptr(6), 10, 0, 0, SeverityCounts{}, "60", "Needs work"},
		{"59 at risk", fptr(5.9), 10, 0, 0, SeverityCounts{}, "59", "At risk"},
		{"rounding 84.5 up", fptr(16.9), 20, 0, 0, SeverityCounts{}, "85", "Aligned"},
		{"high at 95 is at risk", fptr(9.5), 10, 0, 0, SeverityCounts{High: 1}, "95", "At risk"},
		{"medium at 96 needs work", fptr(9.6), 10, 0, 0, SeverityCounts{Medium: 1}, "96", "Needs work"},
		{"medium below 60 at risk", fptr(5), 10, 0, 0, SeverityCounts{Medium: 1}, "50", "At risk"},
		{"lows can be aligned", fptr(9), 10, 0, 0, SeverityCounts{Low: 2, Info: 1}, "90", "Aligned"},
		{"half unknown is not more", fptr(7.5), 10, 3, 2, SeverityCounts{}, "75", "Needs work"},
		{"over half unknown", fptr(5.5), 10, 4, 2, SeverityCounts{}, "55", "Unknown"},
		{"unknown with a medium", fptr(5.5), 10, 4, 2, SeverityCounts{Medium: 1}, "55", "Needs work"},
		{"unknown with a high", fptr(5), 10, 6, 0, SeverityCounts{High: 1}, "50", "At risk"},
		{"all unsure", fptr(2), 4, 4, 0, SeverityCounts{}, "50", "Unknown"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			total := c.scored
			if c.name == "nothing scored" {
				total = 3 // three visible questions, all open
			}
			sc := Score{Value: c.sum, Scored: c.scored, Total: total, Unsure: c.unsure, NotVerified: c.nv, ToFix: c.toFix}
			finishScore(&sc)
			got := ""
			if sc.Value != nil {
				got = fmtNum(*sc.Value)
			}
			if got != c.value || sc.Status != c.wantStatus {
				t.Errorf("value %q status %q, want %q %q", got, sc.Status, c.value, c.wantStatus)
			}
		})
	}
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// TestQuestionScores pins what one question is worth, by hand.
func TestQuestionScores(t *testing.T) {
	cases := []struct {
		state  FindingState
		status QuestionStatus
		sev    Severity
		want   *float64
	}{
		{FindingPass, QuestionAnswered, SevInfo, fptr(1)},
		{FindingFail, QuestionAnswered, SevHigh, fptr(0)},
		{FindingFail, QuestionAnswered, SevMedium, fptr(0.4)},
		{FindingWarn, QuestionAnswered, SevLow, fptr(0.75)},
		{FindingWarn, QuestionAnswered, SevInfo, fptr(1)},
		{FindingUnsure, QuestionUnsure, SevMedium, fptr(0.5)},
		{FindingUnsure, QuestionSkipped, SevMedium, fptr(0.5)},
		{FindingNotVerified, QuestionAnswered, SevInfo, fptr(0.5)},
		{FindingUnsure, QuestionOpen, SevMedium, nil},
		{FindingAccepted, QuestionAnswered, SevHigh, nil},
	}
	for _, c := range cases {
		qr := QuestionResult{QuestionID: "Q", Visible: true, Status: c.status}
		setQuestionOutcome(&qr, []Finding{{QuestionID: "Q", State: c.state, Severity: c.sev}})
		switch {
		case c.want == nil && qr.Score != nil:
			t.Errorf("%s/%s/%s scored %v, want not scored", c.state, c.status, c.sev, *qr.Score)
		case c.want != nil && (qr.Score == nil || *qr.Score != *c.want):
			t.Errorf("%s/%s/%s scored %v, want %v", c.state, c.status, c.sev, qr.Score, *c.want)
		}
	}
}
