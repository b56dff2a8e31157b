package assess

import (
	"testing"
	"time"
)

func TestFollowUpOverdue(t *testing.T) {
	// testNow is 2026-11-27 12:00 UTC.
	cases := []struct {
		date string
		now  time.Time
		want int // days overdue; 0 means not overdue
	}{
		{"2026-11-26", testNow, 1},
		{"2026-11-27", testNow, 0}, // the day itself is still on time
		{"2026-11-28", testNow, 0},
		{"2025-11-27", testNow, 365},
		{"2026-02-28", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), 1},
		// 00:30 in UTC+2 is still 26 November in UTC: the clock's day is UTC's.
		{"2026-11-26", time.Date(2026, 11, 27, 0, 30, 0, 0, time.FixedZone("EET", 2*3600)), 0},
		{"2026-11-26", time.Date(2026, 11, 26, 23, 30, 0, 0, time.FixedZone("PST", -8*3600)), 1},
		{"", testNow, 0},
		{"27/11/2025", testNow, 0},
		{"2026-13-01", testNow, 0},
	}
	for _, c := range cases {
		if got := daysOverdue(c.date, c.now); got != c.want {
			t.Errorf("daysOverdue(%q, %s) = %d, want %d", c.date, c.now, got, c.want)
		}
		if got := FollowUpOverdue(c.date, c.now); got != (c.want > 0) {
			t.Errorf("FollowUpOverdue(%q, %s) = %v", c.date, c.now, got)
		}
	}
}

func TestEvaluateMarksOverdueFollowUps(t *testing.T) {
	b := miniBank(t)
	unsure := func(owner, date string) Answer { return Answer{State: AnswerUnsure, Owner: owner, FollowUp: date} }
	cases := []struct {
		name    string
		answers Answers
		facts   *Facts
		accs    []Acceptance
		want    []OverdueFollowUp
	}{
		{"past date is overdue", Answers{"SC-01": answered("low"), "AR-01": unsure("Ana", "2026-11-20")}, nil, nil,
			[]OverdueFollowUp{{QuestionID: "AR-01", Section: "AR", Owner: "Ana", FollowUp: "2026-11-20", DaysOverdue: 7}}},
		{"today is not overdue", Answers{"AR-01": unsure("Ana", "2026-11-27")}, nil, nil, nil},
		{"future is not overdue", Answers{"AR-01": unsure("Ana", "2027-01-01")}, nil, nil, nil},
		{"no date", Answers{"AR-01": unsure("Ana", "")}, nil, nil, nil},
		{"answered keeps no follow-up", Answers{"AR-01": {State: AnswerAnswered, Values: []string{"cmk"}, Owner: "Ana", FollowUp: "2026-01-01"}}, nil, nil, nil},
		{"hidden question", Answers{"AR-01": answered("mmk"), "AR-02": unsure("Bo", "2026-01-01")}, nil, nil, nil},
		{"two, in bank order", Answers{"SC-01": unsure("", "2026-11-01"), "AR-01": unsure("Ana", "2026-11-26")}, nil, nil,
			[]OverdueFollowUp{
				{QuestionID: "SC-01", Section: "SC", FollowUp: "2026-11-01", DaysOverdue: 26},
				{QuestionID: "AR-01", Section: "AR", Owner: "Ana", FollowUp: "2026-11-26", DaysOverdue: 1},
			}},
		{"accepted is not waiting on anyone", Answers{"AR-01": unsure("Ana", "2026-11-20")}, nil,
			[]Acceptance{{FindingID: "AR-01", Justification: "Known", Approver: "CISO", Expires: "2027-01-01"}}, nil},
		{"the tenant decides", Answers{"AR-01": answered("cmk"), "AR-02": unsure("Bo", "2026-11-20")}, twoEnvFacts(), nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := eval(t, b, c.answers, c.facts, c.accs...)
			if len(r.Overdue) != len(c.want) {
				t.Fatalf("overdue %+v, want %+v", r.Overdue, c.want)
			}
			for i := range c.want {
				if r.Overdue[i] != c.want[i] {
					t.Errorf("overdue[%d] %+v, want %+v", i, r.Overdue[i], c.want[i])
				}
			}
			late := map[string]bool{}
			for _, o := range c.want {
				late[o.QuestionID] = true
			}
			// The question, its question-level finding and the list agree.
			for _, q := range r.Questions {
				if q.Overdue != late[q.QuestionID] {
					t.Errorf("%s: QuestionResult.Overdue %v, want %v", q.QuestionID, q.Overdue, late[q.QuestionID])
				}
			}
			for _, f := range r.Findings {
				if f.Overdue != (late[f.QuestionID] && f.ID == f.QuestionID) {
					t.Errorf("%s: Finding.Overdue %v", f.ID, f.Overdue)
				}
			}
			if r.Overdue == nil {
				t.Error("Overdue is nil; JSON wants [] for none")
			}
		})
	}
}
