package assess

// The one definition of where a question stands, for every output and for
// the wizard's navigation. A visible question is in exactly one status
// (questionStatus in score.go decides it):
//
//   - answered: a real answer, the user's or, where its facts decide, the
//     tenant's (a question the tenant decides is answered even when nobody
//     has touched it: Score.FromTenant counts those);
//   - not sure, skipped: said so, and the tenant could not tell;
//   - not applicable;
//   - open: never touched, and the tenant could not tell. Open is not
//     unsure: nobody has said anything yet.
//
// Score.Open counts the open questions; OpenQuestions lists them, so the
// wizard's "left to answer" and its next-open key visit exactly what the
// reports count.

// Settled reports whether the status needs nothing more from anyone:
// answered or not applicable. Open, not sure and skipped are not settled.
func (s QuestionStatus) Settled() bool {
	return s == QuestionAnswered || s == QuestionNotApplicable
}

// StatusOf gives where a question stands; "" when it is hidden or unknown.
func (r *Result) StatusOf(questionID string) QuestionStatus {
	for i := range r.Questions {
		if r.Questions[i].QuestionID == questionID {
			return r.Questions[i].Status
		}
	}
	return ""
}

// OpenQuestions lists the open questions in bank order: the questions
// Overall.Open counts.
func (r *Result) OpenQuestions() []string {
	return r.questionsIn(QuestionOpen)
}

// ToFollowUp lists the visible questions that are not settled (open, not
// sure or skipped) in bank order: Overall.Open + Overall.NotSure +
// Overall.Skipped of them.
func (r *Result) ToFollowUp() []string {
	return r.questionsIn(QuestionOpen, QuestionUnsure, QuestionSkipped)
}

func (r *Result) questionsIn(statuses ...QuestionStatus) []string {
	out := []string{}
	for _, qr := range r.Questions {
		if !qr.Visible {
			continue
		}
		for _, s := range statuses {
			if qr.Status == s {
				out = append(out, qr.QuestionID)
				break
			}
		}
	}
	return out
}
