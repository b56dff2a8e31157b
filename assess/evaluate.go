package assess

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Input is everything Evaluate needs. Evaluate is pure: the same input gives
// the same result.
type Input struct {
	Bank        *Bank
	Answers     Answers
	Facts       *Facts // nil: answers only
	Scope       []string
	Acceptances []Acceptance
	Metadata    Metadata
	Now         time.Time
}

// Evaluate grades the answers and facts against the bank.
func Evaluate(in Input) (*Result, error) {
	if in.Bank == nil {
		return nil, fmt.Errorf("evaluate: no question bank")
	}
	if in.Now.IsZero() {
		return nil, fmt.Errorf("evaluate: no clock (Input.Now is zero)")
	}
	ev := &evaluator{in: in, effective: Answers{}, flags: map[string]int{}, signals: map[string][]Subject{}, obs: map[string]*Observation{}}
	ev.scope = ScopeEnvironments(in.Facts, in.Scope)
	ev.runChecks()
	ev.resolveAnswers()

	res := &Result{
		SchemaVersion:   ResultSchemaVersion,
		EvaluatedAt:     in.Now.UTC(),
		BankVersion:     in.Bank.Version,
		GuidanceVersion: in.Bank.Guidance.Version(),
		Metadata:        in.Metadata,
		Facts:           in.Facts,
		Conflicts:       ev.conflicts,
	}
	for _, e := range ev.scope {
		res.Scope = append(res.Scope, e.ID)
	}
	order := map[string]int{}
	for i, q := range in.Bank.Questions() {
		order[q.ID] = i
		qr, fs := ev.question(q)
		res.Questions = append(res.Questions, qr)
		res.Findings = append(res.Findings, fs...)
	}
	res.Accepted = applyAcceptances(res.Findings, in.Acceptances, in.Now)
	for i := range res.Questions {
		res.Questions[i].Status = questionStatus(res.Questions[i])
		setQuestionOutcome(&res.Questions[i], res.Findings)
	}
	sortFindings(res.Findings, order)
	res.Sections, res.DataStates, res.Overall = scoreAll(in.Bank, res.Questions, res.Findings)
	res.Counts = countAll(res)
	res.Grade = grade(res)
	return res, nil
}

// ScopeEnvironments picks the in-scope environments: the listed IDs, or, when
// none are listed, every production environment.
func ScopeEnvironments(f *Facts, ids []string) []Environment {
	if f == nil {
		return nil
	}
	in := func(e Environment) bool { return len(ids) == 0 && e.IsProduction() || slices.Contains(ids, e.ID) }
	n := 0
	for _, e := range f.Environments {
		if in(e) {
			n++
		}
	}
	out := make([]Environment, 0, n)
	for _, e := range f.Environments {
		if in(e) {
			out = append(out, e)
		}
	}
	return out
}

type evaluator struct {
	in        Input
	scope     []Environment
	obs       map[string]*Observation // by check name
	signals   map[string][]Subject
	effective Answers
	conflicts []Conflict
	flags     map[string]int // 0 unknown, 1 computing, 2 false, 3 true
}

func (ev *evaluator) runChecks() {
	ci := CheckInput{Facts: ev.in.Facts, Scope: ev.scope, Answers: ev.in.Answers, Now: ev.in.Now, memo: &checkMemo{}}
	for _, def := range checkTable() {
		o := runCheck(def, ci)
		ev.obs[def.Name] = &o
		for name, subs := range o.Signals {
			ev.signals[name] = append(ev.signals[name], subs...)
		}
	}
}

func (ev *evaluator) observation(q *Question) *Observation {
	if q.Live == nil {
		return nil
	}
	return ev.obs[q.Live.Check]
}

// resolveAnswers builds the effective answers: the tenant's implied answer
// wins where it can tell, and a contradicting user answer becomes a conflict.
func (ev *evaluator) resolveAnswers() {
	for _, q := range ev.in.Bank.Questions() {
		a, answered := ev.in.Answers[q.ID]
		o := ev.observation(q)
		if !o.Decides() {
			if answered {
				ev.effective[q.ID] = a
			}
			continue
		}
		eff := Answer{State: AnswerAnswered, Values: slices.Clone(o.Implies), Source: SourceTenant, Note: a.Note}
		ev.effective[q.ID] = eff
		// "Not applicable" contradicts facts that say it applies; unsure and
		// skipped answers are simply filled in by the tenant.
		disagrees := a.State == AnswerAnswered && !SameChoices(a.Values, o.Implies) || a.State == AnswerNotApplicable
		if answered && disagrees {
			c := Conflict{
				QuestionID: q.ID,
				Prompt:     q.Prompt,
				Answered:   slices.Clone(a.Values),
				AnswerText: a.Describe(q),
				Tenant:     slices.Clone(o.Implies),
				TenantText: q.Labels(o.Implies),
				Summary:    o.Summary,
				Affected:   o.Affected,
			}
			for _, e := range o.Evidence {
				if e.Provenance != nil && !slices.ContainsFunc(c.Provenance, func(p Provenance) bool { return p.Source == e.Provenance.Source }) {
					c.Provenance = append(c.Provenance, *e.Provenance)
				}
			}
			ev.conflicts = append(ev.conflicts, c)
		}
	}
}

// condEnv implementation.
func (ev *evaluator) value(qid string) (Answer, bool) {
	a, ok := ev.effective[qid]
	return a, ok
}

func (ev *evaluator) signal(name string) bool { return len(ev.signals[name]) > 0 }

func (ev *evaluator) flag(name string) bool {
	switch ev.flags[name] {
	case 1:
		return false // a cycle; the bank validator should have caught it
	case 2:
		return false
	case 3:
		return true
	}
	ev.flags[name] = 1
	val := false
	for _, f := range ev.in.Bank.Flags {
		if f.Name == name {
			val = f.When.eval("", ev)
			break
		}
	}
	if val {
		ev.flags[name] = 3
	} else {
		ev.flags[name] = 2
	}
	return val
}

// question evaluates one question into its result and findings.
func (ev *evaluator) question(q *Question) (QuestionResult, []Finding) {
	user := ev.in.Answers[q.ID]
	eff, hasEff := ev.effective[q.ID]
	o := ev.observation(q)
	qr := QuestionResult{QuestionID: q.ID, Section: q.Section, Visible: true, Answer: user, Effective: eff}
	if o != nil && o.Status != StatusNotCollected {
		qr.Observation = o
	}
	states := ev.in.Bank.QuestionDataStates(q)
	base := Finding{QuestionID: q.ID, Section: q.Section, DataStates: states, Links: q.Links}

	if q.ShowIf != nil && !q.ShowIf.eval(q.ID, ev) {
		qr.Visible = false
		f := base
		f.ID, f.State, f.Severity, f.Title = q.ID, FindingNotApplicable, SevInfo, q.Short
		f.Reason = "does not apply, given earlier answers"
		return qr, []Finding{f}
	}
	if hasEff && eff.State == AnswerNotApplicable {
		f := base
		f.ID, f.State, f.Severity, f.Title = q.ID, FindingNotApplicable, SevInfo, q.Short
		f.Reason = "marked not applicable"
		f.Evidence = ev.answerEvidence(q, user, eff)
		return qr, []Finding{f}
	}

	var out []Finding
	for _, r := range q.Rules {
		if !r.When.eval(q.ID, ev) {
			continue
		}
		f := base
		f.ID = q.ID + "." + r.ID
		f.Severity = r.Severity
		f.State = stateFor(r.Severity)
		f.Title, f.Do, f.Why, f.Steps = r.Title, r.Do, r.Why, r.Steps
		f.Links = mergeLinks(r.Links, q.Links)
		f.Evidence = ev.answerEvidence(q, user, eff)
		sigs := r.When.signalsIn()
		for _, s := range sigs {
			f.Affected = appendSubjects(f.Affected, ev.signals[s])
		}
		if len(sigs) > 0 || eff.Source == SourceTenant {
			f.Tenant = true
			if len(sigs) == 0 && o != nil {
				f.Affected = appendSubjects(f.Affected, o.Affected)
			}
		}
		f.Evidence = append(f.Evidence, ev.factEvidence(o)...)
		out = append(out, f)
	}

	if !hasEff || eff.State == AnswerUnsure || eff.State == AnswerSkipped {
		f := base
		f.ID = q.ID
		f.State = FindingUnsure
		f.Evidence = ev.answerEvidence(q, user, eff)
		f.Evidence = append(f.Evidence, ev.factEvidence(o)...)
		f.Owner, f.FollowUp = user.Owner, user.FollowUp
		if q.Unsure != nil {
			f.Severity = q.Unsure.Severity
			f.Title, f.Do, f.Why, f.Steps = q.Unsure.Title, q.Unsure.Do, q.Unsure.Why, q.Unsure.Steps
			f.Links = mergeLinks(q.Unsure.Links, q.Links)
		} else {
			f.Severity = defaultUnsureSeverity(q)
			f.Title = "Not sure: " + q.Short
			f.Do = "Find out and record the answer: " + q.Prompt
			f.Why = q.Help
		}
		switch {
		case !hasEff:
			f.Reason = reasonNotAnswered
			f.Title = "Not answered: " + q.Short
		case eff.State == AnswerSkipped:
			f.Reason = reasonSkipped
			f.Title = "Skipped: " + q.Short
		case f.Owner != "":
			f.Reason = "not sure; owner " + f.Owner
		default:
			f.Reason = "not sure"
		}
		out = append(out, f)
		return qr, out
	}

	if len(out) == 0 {
		f := base
		f.ID = q.ID
		f.Severity = SevInfo
		f.Title = q.Short
		f.Evidence = ev.answerEvidence(q, user, eff)
		f.Evidence = append(f.Evidence, ev.factEvidence(o)...)
		f.State = FindingPass
		f.Tenant = eff.Source == SourceTenant
		if o.Unreadable() {
			f.State = FindingNotVerified
			f.Reason = "the tenant fact could not be read (" + strings.ReplaceAll(string(o.Status), "-", " ") + reasonSuffix(o.Reason) + ")"
		}
		out = append(out, f)
	}
	return qr, out
}

func reasonSuffix(r string) string {
	if r == "" {
		return ""
	}
	return ": " + r
}

func (ev *evaluator) answerEvidence(q *Question, user, eff Answer) []Evidence {
	var out []Evidence
	if user.State != "" {
		text := "Answered: " + user.Describe(q)
		if user.Note != "" {
			text += " (note: " + user.Note + ")"
		}
		out = append(out, Evidence{Kind: EvidenceAnswer, Text: text})
	}
	if eff.Source == SourceTenant && !(user.State == AnswerAnswered && SameChoices(user.Values, eff.Values)) {
		out = append(out, Evidence{Kind: EvidenceFact, Text: "Tenant shows: " + eff.Describe(q)})
	}
	return out
}

func (ev *evaluator) factEvidence(o *Observation) []Evidence {
	if o == nil || o.Status == StatusNotCollected {
		return nil
	}
	var prov *Provenance
	for _, e := range o.Evidence {
		if e.Provenance != nil {
			prov = e.Provenance
			break
		}
	}
	out := []Evidence{{Kind: EvidenceFact, Text: o.Summary, Provenance: prov}}
	return out
}

func stateFor(s Severity) FindingState {
	if s == SevHigh || s == SevMedium {
		return FindingFail
	}
	return FindingWarn
}

// defaultUnsureSeverity is one level below the worst rule of the question, and
// at least low: not knowing is never a pass.
func defaultUnsureSeverity(q *Question) Severity {
	worst := SevInfo
	for _, r := range q.Rules {
		if r.Severity.Rank() > worst.Rank() {
			worst = r.Severity
		}
	}
	s := worst.Lower()
	if s == SevInfo {
		s = SevLow
	}
	return s
}

func mergeLinks(first, then []Link) []Link {
	out := slices.Clone(first)
	for _, l := range then {
		if !slices.ContainsFunc(out, func(x Link) bool { return x.URL == l.URL }) {
			out = append(out, l)
		}
	}
	return out
}

// appendSubjects adds the subjects of src not yet in dst, keeping order.
// A set keeps it linear for tenants with thousands of environments.
func appendSubjects(dst, src []Subject) []Subject {
	if len(src) == 0 {
		return dst
	}
	type key struct {
		kind SubjectKind
		id   string
	}
	seen := make(map[key]bool, len(dst)+len(src))
	for _, s := range dst {
		seen[key{s.Kind, s.ID}] = true
	}
	for _, s := range src {
		if k := (key{s.Kind, s.ID}); !seen[k] {
			seen[k] = true
			dst = append(dst, s)
		}
	}
	return dst
}

// stateRank orders finding states from most to least pressing.
func stateRank(s FindingState) int {
	switch s {
	case FindingFail:
		return 0
	case FindingWarn:
		return 1
	case FindingUnsure:
		return 2
	case FindingNotVerified:
		return 3
	case FindingAccepted:
		return 4
	case FindingPass:
		return 5
	}
	return 6
}

func sortFindings(fs []Finding, order map[string]int) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if ra, rb := stateRank(a.State), stateRank(b.State); ra != rb {
			return ra < rb
		}
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() > b.Severity.Rank()
		}
		if order[a.QuestionID] != order[b.QuestionID] {
			return order[a.QuestionID] < order[b.QuestionID]
		}
		return false // stable: rule order within a question
	})
}

// setQuestionOutcome sets a question's state (its worst finding) and score.
func setQuestionOutcome(qr *QuestionResult, fs []Finding) {
	if !qr.Visible {
		qr.State = FindingNotApplicable
		return
	}
	best := 7
	worstSev := SevInfo
	for _, f := range fs {
		if f.QuestionID != qr.QuestionID {
			continue
		}
		if r := stateRank(f.State); r < best {
			best = r
			qr.State = f.State
		}
		if (f.State == FindingFail || f.State == FindingWarn) && f.Severity.Rank() > worstSev.Rank() {
			worstSev = f.Severity
		}
	}
	var score float64
	switch qr.State {
	case FindingFail, FindingWarn:
		score = severityScore(worstSev)
	case FindingUnsure, FindingNotVerified:
		if qr.Status == QuestionOpen {
			return // open is not unsure: nothing was said yet, nothing to score
		}
		score = 0.5
	case FindingPass:
		score = 1
	default: // accepted, not applicable: not scored
		return
	}
	qr.Score = &score
}

// severityScore is how much of a question's credit survives a finding.
func severityScore(s Severity) float64 {
	switch s {
	case SevHigh:
		return 0
	case SevMedium:
		return 0.4
	case SevLow:
		return 0.75
	}
	return 1
}
