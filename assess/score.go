package assess

import (
	"fmt"
	"math"
	"slices"
)

// The rules of scores, statuses and the grade. docs/report.md states them
// for users and score_rules_test.go pins every edge by hand; change all three
// together.
//
// A question scores 1 when it passes, 0.5 when its answer is not known (not
// sure, skipped, not verified), and by its worst failing finding otherwise
// (high 0, medium 0.4, low 0.75, info 1). Open, accepted and not-applicable
// questions are not scored. A group's score is the mean, 0 to 100, rounded.
const (
	statusAlignedMin = 85 // a group scoring at least this (and nothing else wrong) is Aligned
	statusAtRiskMax  = 60 // below this a group is At risk
	gradeAMin        = 90
	gradeBMin        = 75
	gradeCMin        = 60
	gradeDMin        = 40
	// gradeMediumCap is how many open medium-severity failures cap the letter at C.
	gradeMediumCap = 2
)

// questionStatus says where a visible question stands, from the user's and
// the effective answer.
func questionStatus(qr QuestionResult) QuestionStatus {
	if !qr.Visible {
		return ""
	}
	switch qr.Effective.State {
	case AnswerAnswered:
		return QuestionAnswered
	case AnswerNotApplicable:
		return QuestionNotApplicable
	case AnswerUnsure:
		return QuestionUnsure
	case AnswerSkipped:
		return QuestionSkipped
	}
	return QuestionOpen
}

// scoreAll scores sections, data states and the whole assessment.
func scoreAll(b *Bank, qs []QuestionResult, fs []Finding) (sections, states []Score, overall Score) {
	for _, s := range b.Sections {
		sc := Score{ID: s.ID, Title: s.Title}
		// A section named like a data state ("Data in transit") scores other
		// questions than that data state: its name says it is the section.
		if slices.ContainsFunc(dataStates(), func(d DataState) bool { return d.Title() == s.Title }) {
			sc.Title += " (section)"
		}
		for _, qr := range qs {
			if qr.Section == s.ID {
				addToScore(&sc, qr)
			}
		}
		for _, f := range fs {
			if f.Section == s.ID {
				addFinding(&sc, f)
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
		for _, f := range fs {
			if slices.Contains(f.DataStates, d) {
				addFinding(&sc, f)
			}
		}
		finishScore(&sc)
		states = append(states, sc)
	}
	overall = Score{ID: "overall", Title: "SE:06 overall"}
	for _, qr := range qs {
		addToScore(&overall, qr)
	}
	for _, f := range fs {
		addFinding(&overall, f)
	}
	finishScore(&overall)
	return sections, states, overall
}

func addFinding(sc *Score, f Finding) {
	if f.State == FindingFail || f.State == FindingWarn {
		sc.ToFix.add(f.Severity)
	}
}

// addToScore counts one question. The running sum is kept in Value until finishScore.
func addToScore(sc *Score, qr QuestionResult) {
	if !qr.Visible {
		return
	}
	sc.Total++
	switch qr.Status {
	case QuestionAnswered:
		sc.Answered++
		if qr.Effective.Source == SourceTenant && qr.Answer.State != AnswerAnswered && qr.Answer.State != AnswerNotApplicable {
			sc.FromTenant++
		}
	case QuestionUnsure:
		sc.NotSure++
	case QuestionSkipped:
		sc.Skipped++
	case QuestionNotApplicable:
		sc.NotApplicable++
	default:
		sc.Open++
	}
	switch qr.State {
	case FindingFail:
		sc.Fail++
	case FindingWarn:
		sc.Warn++
	case FindingPass:
		sc.Pass++
	case FindingUnsure:
		if qr.Status != QuestionOpen { // open is counted in Open, not as unsure
			sc.Unsure++
		}
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

// finishScore turns the running sum into the 0..100 value and sets the
// status: the first rule that holds.
//
//  0. no visible question: Not applicable
//  1. nothing scored: Unknown
//  2. an open high-severity failure in the group: At risk
//  3. below 60, unless more than half of the scored questions are unknown: At risk
//  4. an open medium-severity failure in the group: Needs work
//  5. more than half of the scored questions unknown (not sure, skipped, not verified): Unknown
//  6. 85 or more: Aligned
//  7. otherwise: Needs work
func finishScore(sc *Score) {
	if sc.Value == nil || sc.Scored == 0 {
		sc.Value = nil
		sc.Status = "Unknown"
		if sc.Total == 0 {
			sc.Status = "Not applicable"
		}
		return
	}
	v := math.Round(*sc.Value / float64(sc.Scored) * 100)
	sc.Value = &v
	mostlyUnknown := (sc.Unsure+sc.NotVerified)*2 > sc.Scored
	switch {
	case sc.ToFix.High > 0:
		sc.Status = "At risk"
	case v < statusAtRiskMax && !mostlyUnknown:
		sc.Status = "At risk"
	case sc.ToFix.Medium > 0:
		sc.Status = "Needs work"
	case mostlyUnknown:
		sc.Status = "Unknown"
	case v >= statusAlignedMin:
		sc.Status = "Aligned"
	default:
		sc.Status = "Needs work"
	}
}

// scoreLetter is the letter a score gives on its own.
func scoreLetter(v float64) string {
	switch {
	case v >= gradeAMin:
		return "A"
	case v >= gradeBMin:
		return "B"
	case v >= gradeCMin:
		return "C"
	case v >= gradeDMin:
		return "D"
	}
	return "E"
}

// grade gives the overall verdict; the first rule that holds:
//
//  1. Incomplete (no letter): nothing scored, or fewer than half of the
//     visible questions answered (or marked not applicable).
//  2. The score gives the letter: A 90+, B 75+, C 60+, D 40+, E below.
//  3. An open high-severity failure caps the letter at D: At risk.
//  4. Two or more open medium-severity failures cap it at C: Needs work.
//  5. More than a third of the visible questions unknown (not sure,
//     skipped, open, not verified): Uncertain.
//  6. Otherwise: Aligned.
//
// While questions are open the grade is provisional.
func grade(r *Result) Grade {
	o := r.Overall
	toFix := r.Counts.ToFix
	g := Grade{OpenQuestions: o.Open, Provisional: o.Open > 0}
	decided := o.Answered + o.NotApplicable
	if o.Value == nil || o.Total == 0 || decided*2 < o.Total {
		g.Letter, g.Label, g.Provisional = "-", GradeIncomplete, false
		need := (o.Total + 1) / 2
		g.Reason = fmt.Sprintf("%d of %d questions answered; a letter grade needs at least %d", decided, o.Total, need)
		if o.Total == 0 {
			g.Reason = "no question applies yet"
		}
		g.Summary = "No grade yet (Incomplete): " + g.Reason + "."
		return g
	}
	v := *o.Value
	g.ScoreLetter = scoreLetter(v)
	g.Letter = g.ScoreLetter
	capAt := func(letter, by string) {
		if g.Letter < letter {
			g.Letter = letter
			g.CappedBy = by
		}
	}
	var why string
	switch {
	case toFix.High > 0:
		g.Label = GradeAtRisk
		why = fmt.Sprintf("%d open high-severity %s", toFix.High, plural(toFix.High, "failure", "failures"))
		capAt("D", why)
	case toFix.Medium >= gradeMediumCap:
		g.Label = GradeNeedsWork
		why = fmt.Sprintf("%d open medium-severity failures", toFix.Medium)
		capAt("C", why)
	case (o.Unsure+o.Open+o.NotVerified)*3 > o.Total:
		g.Label = GradeUncertain
		why = fmt.Sprintf("%d of %d questions are not sure, skipped, open or not verified", o.Unsure+o.Open+o.NotVerified, o.Total)
	default:
		g.Label = GradeAligned
		why = "no open high-severity failure and at most one medium"
	}
	if g.CappedBy != "" {
		g.Reason = fmt.Sprintf("%.0f/100 would be %s; capped at %s by %s", v, g.ScoreLetter, g.Letter, g.CappedBy)
	} else {
		g.Reason = fmt.Sprintf("%.0f/100 gives %s; %s", v, g.Letter, why)
	}
	g.Summary = fmt.Sprintf("Grade %s (%s): %s.", g.Letter, g.Label, g.Reason)
	if g.Provisional {
		g.Summary += fmt.Sprintf(" Provisional: %d %s open.", g.OpenQuestions, plural(g.OpenQuestions, "question is", "questions are"))
	}
	return g
}

// countAll fills the result's counts from its findings, conflicts and acceptances.
func countAll(r *Result) Counts {
	c := Counts{Conflicts: len(r.Conflicts)}
	for _, f := range r.Findings {
		switch f.State {
		case FindingFail, FindingWarn:
			c.ToFix.add(f.Severity)
		case FindingUnsure:
			c.ToFindOut.add(f.Severity)
		case FindingNotVerified:
			c.ToFindOut.add(f.Severity)
			c.NotVerified++
		case FindingPass:
			c.Passed++
		case FindingAccepted:
			c.AcceptedFindings++
		}
		if f.State.Open() {
			c.Open.add(f.Severity)
			if slices.ContainsFunc(f.Affected, func(s Subject) bool { return s.Accepted }) {
				c.PartlyAccepted++
			}
		}
	}
	for _, a := range r.Accepted {
		switch {
		case a.Expired:
			c.ExpiredRisks++
		case a.Active && a.Matched:
			c.AcceptedRisks++
		case a.Active:
			c.UnmatchedRisks++
		}
	}
	return c
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ScoringRules states the rules of scores, statuses and the grade in words,
// for the reports (docs/report.md says the same).
func ScoringRules() []string {
	return []string{
		"Each visible question is answered (by you, or by the tenant's facts where they decide), not sure, skipped, not applicable, or open (never touched). Open is not \"not sure\": an open question is not scored, and while any is open the grade is provisional.",
		"A question scores 1 when it passes, 0.5 when its answer is not known (not sure, skipped, not verified), and by its worst failing finding otherwise: high 0, medium 0.4, low 0.75, info 1. Open, accepted and not-applicable questions are not scored. A score is the mean, 0 to 100.",
		fmt.Sprintf("Status of a data state or section, the first that holds: no visible question, Not applicable; nothing scored, Unknown; an open high-severity failure, At risk; below %d (unless more than half of the scored questions are unknown), At risk; an open medium-severity failure, Needs work; more than half unknown, Unknown; %d or more, Aligned; otherwise Needs work.", statusAtRiskMax, statusAlignedMin),
		fmt.Sprintf("Grade: fewer than half of the visible questions answered (or not applicable) gives no letter (Incomplete). Otherwise the score gives the letter: A %d+, B %d+, C %d+, D %d+, E below. An open high-severity failure caps it at D (At risk); %d or more open medium-severity failures cap it at C (Needs work); the grade line says when a cap applied. With no cap, more than a third of the questions unknown (not sure, skipped, open, not verified) reads Uncertain, else Aligned.", gradeAMin, gradeBMin, gradeCMin, gradeDMin, gradeMediumCap),
		"Findings to fix are failures (high, medium) and warnings (low, info); findings to find out are not sure, skipped, not answered or not verified. A risk accepted for some environments keeps the finding open for the others; the accepted ones are not listed as work to do.",
	}
}
