package assess

import (
	"fmt"
	"math"
	"slices"
)

// scoreAll scores sections, data states and the whole assessment.
func scoreAll(b *Bank, qs []QuestionResult) (sections, states []Score, overall Score) {
	for _, s := range b.Sections {
		sc := Score{ID: s.ID, Title: s.Title}
		for _, qr := range qs {
			if qr.Section == s.ID {
				addToScore(&sc, qr)
			}
		}
		finishScore(&sc)
		sections = append(sections, sc)
	}
	for _, d := range dataStates() {
		sc := Score{ID: string(d), Title: d.Title()}
		for _, qr := range qs {
			q, _ := b.Question(qr.QuestionID)
			if q != nil && slices.Contains(b.QuestionDataStates(q), d) {
				addToScore(&sc, qr)
			}
		}
		finishScore(&sc)
		states = append(states, sc)
	}
	overall = Score{ID: "overall", Title: "SE:06 overall"}
	for _, qr := range qs {
		addToScore(&overall, qr)
	}
	finishScore(&overall)
	return sections, states, overall
}

// addToScore counts one question. The running sum is kept in Value until finishScore.
func addToScore(sc *Score, qr QuestionResult) {
	if !qr.Visible {
		return
	}
	sc.Total++
	if qr.Answer.State == AnswerAnswered || qr.Effective.Source == SourceTenant {
		sc.Answered++
	}
	switch qr.State {
	case FindingFail:
		sc.Fail++
	case FindingWarn:
		sc.Warn++
	case FindingPass:
		sc.Pass++
	case FindingUnsure:
		sc.Unsure++
	case FindingNotVerified:
		sc.NotVerified++
	case FindingAccepted:
		sc.Accepted++
	}
	if qr.Score == nil {
		return
	}
	if sc.Value == nil {
		sc.Value = new(float64)
	}
	*sc.Value += *qr.Score
	sc.Scored++
}

func finishScore(sc *Score) {
	if sc.Value == nil || sc.Scored == 0 {
		sc.Value = nil
		sc.Status = "Unknown"
		return
	}
	v := math.Round(*sc.Value / float64(sc.Scored) * 100)
	sc.Value = &v
	switch {
	case sc.Unsure+sc.NotVerified > sc.Scored/2:
		sc.Status = "Unknown"
	case v >= 85:
		sc.Status = "Aligned"
	case v >= 60:
		sc.Status = "Needs work"
	default:
		sc.Status = "At risk"
	}
}

// grade gives the overall verdict. Any open high-severity failure means "At
// risk", whatever the score; two or more medium ones mean "Needs work".
func grade(r *Result) Grade {
	open := r.CountOpen()
	g := Grade{}
	if r.Overall.Value == nil {
		return Grade{Letter: "-", Label: "Incomplete", Reason: "no question could be scored yet"}
	}
	v := *r.Overall.Value
	switch {
	case v >= 90:
		g.Letter = "A"
	case v >= 75:
		g.Letter = "B"
	case v >= 60:
		g.Letter = "C"
	case v >= 40:
		g.Letter = "D"
	default:
		g.Letter = "E"
	}
	unknown := r.Overall.Unsure + r.Overall.NotVerified
	switch {
	case open[SevHigh] > 0:
		g.Label = "At risk"
		g.Reason = fmt.Sprintf("%d open high-severity %s", open[SevHigh], plural(open[SevHigh], "finding", "findings"))
		if g.Letter < "D" {
			g.Letter = "D" // a high finding caps the letter
		}
	case open[SevMedium] >= 2:
		g.Label = "Needs work"
		g.Reason = fmt.Sprintf("%d open medium-severity findings", open[SevMedium])
		if g.Letter < "C" {
			g.Letter = "C"
		}
	case r.Overall.Total > 0 && unknown*3 > r.Overall.Total:
		g.Label = "Incomplete"
		g.Reason = fmt.Sprintf("%d of %d questions are unsure, unanswered or not verified", unknown, r.Overall.Total)
	default:
		g.Label = "Aligned"
		g.Reason = "no open high-severity finding and at most one medium"
	}
	return g
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
