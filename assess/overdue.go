package assess

import "time"

// OverdueFollowUp is a "not sure" answer whose follow-up date has passed
// while its question is still open.
type OverdueFollowUp struct {
	QuestionID string `json:"questionId"`
	Section    string `json:"section"`
	Owner      string `json:"owner,omitempty"`
	FollowUp   string `json:"followUp"` // YYYY-MM-DD
	// DaysOverdue counts whole days since the follow-up date (1 the day after).
	DaysOverdue int `json:"daysOverdue"`
}

// FollowUpOverdue reports whether a follow-up date (YYYY-MM-DD) lies before
// the day of now (UTC): the date itself is still on time. An empty or
// malformed date is never overdue (the answers loader reports it).
func FollowUpOverdue(date string, now time.Time) bool {
	return daysOverdue(date, now) > 0
}

func daysOverdue(date string, now time.Time) int {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 0
	}
	u := now.UTC()
	today := time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
	if !d.Before(today) {
		return 0
	}
	return int(today.Sub(d).Hours() / 24)
}

// markOverdue flags, once per evaluation, the visible questions answered
// "not sure" whose follow-up date has passed and whose question-level
// finding is still open (an accepted or tenant-decided question is not
// waiting on anyone). It sets QuestionResult.Overdue, Finding.Overdue and
// returns the list in bank order.
func markOverdue(res *Result, now time.Time) []OverdueFollowUp {
	out := []OverdueFollowUp{}
	for i := range res.Questions {
		q := &res.Questions[i]
		a := q.Answer
		if !q.Visible || a.State != AnswerUnsure {
			continue
		}
		days := daysOverdue(a.FollowUp, now)
		if days == 0 {
			continue
		}
		open := false
		for j := range res.Findings {
			if f := &res.Findings[j]; f.ID == q.QuestionID && f.State == FindingUnsure {
				f.Overdue, open = true, true
			}
		}
		if !open {
			continue
		}
		q.Overdue = true
		out = append(out, OverdueFollowUp{QuestionID: q.QuestionID, Section: q.Section, Owner: a.Owner, FollowUp: a.FollowUp, DaysOverdue: days})
	}
	return out
}

// OverdueOf returns the overdue follow-up of a question, if it has one.
func (r *Result) OverdueOf(questionID string) (OverdueFollowUp, bool) {
	for _, o := range r.Overdue {
		if o.QuestionID == questionID {
			return o, true
		}
	}
	return OverdueFollowUp{}, false
}
