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
	ev := &evaluator{in: in, src: &sourceTable{}, effective: Answers{}, flags: map[string]int{}, signals: map[string][]Subject{}, obs: map[string]*Observation{}, ruledOut: map[string][]Exclusion{}}
	ev.scope = ScopeEnvironments(in.Facts, in.Scope)
	ev.runChecks()
	ev.resolveAnswers()

	res := &Result{
		SchemaVersion:   ResultSchemaVersion,
		EvaluatedAt:     in.Now.UTC(),
		BankVersion:     in.Bank.Version,
		GuidanceVersion: in.Bank.Guidance.Version(),
		AIHosting:       in.Bank.AIHosting,
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
	res.Overdue = markOverdue(res, in.Now)
	sortFindings(res.Findings, order)
	res.Sections, res.DataStates, res.Overall = scoreAll(in.Bank, res.Questions, res.Findings)
	res.Sources = ev.src.sources()
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
			e.label = e.Label()
			out = append(out, e)
		}
	}
	return out
}

type evaluator struct {
	in        Input
	src       *sourceTable // the sources every subject and evidence cites
	scope     []Environment
	obs       map[string]*Observation // by check name
	signals   map[string][]Subject
	effective Answers
	conflicts []Conflict
	// ruledOut holds, by question, the facts that exclude its answer when no
	// check implies a replacement.
	ruledOut map[string][]Exclusion
	flags    map[string]int // 0 unknown, 1 computing, 2 false, 3 true
}

func (ev *evaluator) runChecks() {
	ci := CheckInput{Facts: ev.in.Facts, Scope: ev.scope, Answers: ev.in.Answers, Now: ev.in.Now, Hosting: ev.in.Bank.AIHosting, memo: &checkMemo{src: ev.src}}
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
// wins where it can tell, and a user answer the facts contradict becomes a
// conflict. Facts contradict an answer in two ways: the question's check
// implies another answer, or a ruleOut line of the question names a signal
// that excludes one of the answered choices (from any check). An answer
// ruled out without an implied replacement is unusable: the question is
// treated as not known and says why.
func (ev *evaluator) resolveAnswers() {
	for _, q := range ev.in.Bank.Questions() {
		a, answered := ev.in.Answers[q.ID]
		o := ev.observation(q)
		var ex []Exclusion
		if answered {
			ex = exclusions(q, a, ev.signals)
		}
		if !o.Decides() {
			if !answered {
				continue
			}
			ev.effective[q.ID] = a
			if len(ex) > 0 {
				ev.effective[q.ID] = Answer{State: AnswerUnsure, Source: SourceTenant, Note: a.Note, Owner: a.Owner, FollowUp: a.FollowUp}
				ev.ruledOut[q.ID] = ex
				ev.conflict(q, a, nil, ruledOutSummary(ex), ex, exclusionSubjects(ex))
			}
			continue
		}
		eff := Answer{State: AnswerAnswered, Values: slices.Clone(o.Implies), Source: SourceTenant, Note: a.Note}
		ev.effective[q.ID] = eff
		// "Not applicable" agrees with facts that show the thing is absent; it
		// conflicts only where a ruleOut line says the facts show it applies.
		// Unsure and skipped answers are simply filled in by the tenant, and
		// the tenant's own answer never conflicts with itself.
		disagrees := a.State == AnswerAnswered && !SameChoices(a.Values, o.Implies) || a.State == AnswerNotApplicable && len(ex) > 0
		if answered && disagrees {
			// The subjects that rule the answer out are what contradicts it
			// ("none" is contradicted by the environments on a customer
			// key); without ruleOut data, those that explain the implied answer.
			affected, summary := exclusionSubjects(ex), o.Summary
			if len(affected) == 0 {
				affected = o.Affected
			} else {
				// Say first why the answer cannot be right, then what the tenant shows.
				summary = exclusionSummary(ex) + " " + o.Summary
			}
			ev.conflict(q, a, o.Implies, summary, ex, affected)
		}
	}
}

// conflict records that the answer a to q disagrees with the tenant.
// implied is the tenant's answer when its check can tell, nil otherwise.
func (ev *evaluator) conflict(q *Question, a Answer, implied []string, summary string, ex []Exclusion, affected []Subject) {
	c := Conflict{
		QuestionID: q.ID,
		Prompt:     q.Prompt,
		Answered:   slices.Clone(a.Values),
		AnswerText: a.Describe(q),
		Tenant:     slices.Clone(implied),
		Summary:    summary,
		Affected:   affected,
		RuledOut:   capExclusions(ex),
	}
	if c.Answered == nil {
		c.Answered = []string{}
	}
	if c.Tenant == nil {
		c.Tenant = []string{}
	}
	if len(implied) > 0 {
		c.TenantText = q.Labels(implied)
	} else {
		c.TenantText = ruledOutText(ex)
	}
	c.Sources = subjectSources(ev.src, affected)
	if o := ev.observation(q); o != nil && len(implied) > 0 {
		var texts []string
		for _, id := range c.Sources {
			p, _ := ev.src.get(id)
			texts = append(texts, p.Source)
		}
		for _, e := range o.Evidence {
			if e.Source == 0 || slices.Contains(c.Sources, e.Source) {
				continue
			}
			if p, _ := ev.src.get(e.Source); !slices.Contains(texts, p.Source) {
				texts = append(texts, p.Source)
				c.Sources = append(c.Sources, e.Source)
			}
		}
	}
	ev.conflicts = append(ev.conflicts, c)
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
	qr.RuledOut = ruledOutChoices(q, ev.signals)
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
		f.Severity, f.SeverityReason = r.Severity, r.SeverityReason
		f.State = stateFor(r.Severity)
		f.Title, f.Do, f.Why, f.Steps = r.Title, r.Do, r.Why, r.Steps
		f.Links = mergeLinks(r.Links, q.Links)
		f.Evidence = ev.answerEvidence(q, user, eff)
		sigs := r.When.signalsIn()
		groups := make([][]Subject, 0, len(sigs))
		for _, s := range sigs {
			groups = append(groups, ev.signals[s])
		}
		f.Affected = appendSubjects(f.Affected, groups...)
		if len(sigs) > 0 || eff.Source == SourceTenant {
			f.Tenant = true
			if len(sigs) == 0 && o != nil {
				f.Affected = appendSubjects(f.Affected, o.Affected)
			}
		}
		f.Evidence = append(f.Evidence, ev.factEvidence(o, f.Affected)...)
		out = append(out, f)
	}

	if !hasEff || eff.State == AnswerUnsure || eff.State == AnswerSkipped {
		f := base
		f.ID = q.ID
		f.State = FindingUnsure
		f.Evidence = ev.answerEvidence(q, user, eff)
		f.Evidence = append(f.Evidence, ev.factEvidence(o, nil)...)
		f.Owner, f.FollowUp = user.Owner, user.FollowUp
		if q.Unsure != nil {
			f.Severity = q.Unsure.Severity
			f.Title, f.Do, f.Why, f.Steps = q.Unsure.Title, q.Unsure.Do, q.Unsure.Why, q.Unsure.Steps
			f.Links = mergeLinks(q.Unsure.Links, q.Links)
		} else {
			f.Severity = defaultUnsureSeverity(q)
			f.Title = "Not known: " + q.Short
			f.Do = "Find out and record the answer: " + q.Prompt
			f.Why = q.Help
		}
		switch ex := ev.ruledOut[q.ID]; {
		case len(ex) > 0:
			// The answer was given but the tenant rules it out: what is
			// true is not known until someone corrects it.
			f.Reason = reasonRuledOut
			f.Title = "Contradicted by the tenant: " + q.Short
			f.Do = "Correct the answer: the tenant rules out " + quotedLabels(ex) + ". " + f.Do
			f.Tenant = true
			f.Affected = appendSubjects(f.Affected, exclusionSubjects(ex))
			for _, e := range ex {
				f.Evidence = append(f.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Rules out “%s”: %s (%s)", e.Label, e.Why, describeSubjects(e.Subjects, 5)), Source: firstSource(e.Subjects)})
			}
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
		f.State = FindingPass
		f.Tenant = eff.Source == SourceTenant
		if o.Unreadable() {
			// Name what could not be verified: the environments relying on
			// an unreadable key, the host whose probe failed.
			f.Affected = o.Unverified
			f.State = FindingNotVerified
			f.Reason = "the tenant fact could not be read (" + strings.ReplaceAll(string(o.Status), "-", " ") + reasonSuffix(o.Reason) + ")"
		}
		f.Evidence = append(f.Evidence, ev.factEvidence(o, f.Affected)...)
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
	// A ruled-out answer has no tenant answer to show (its effective answer
	// is "not known"); the exclusions are cited instead.
	if eff.Source == SourceTenant && eff.State == AnswerAnswered && !(user.State == AnswerAnswered && SameChoices(user.Values, eff.Values)) {
		out = append(out, Evidence{Kind: EvidenceFact, Text: "Tenant shows: " + eff.Describe(q)})
	}
	return out
}

// factEvidence is the check's sentence plus where its facts came from. Each
// source is cited once and only for the subjects it is about: a finding about
// key cmk-asia cites the request for cmk-asia, never another key's. With
// subjects, the sources are theirs; without, the observation's evidence's.
func (ev *evaluator) factEvidence(o *Observation, subjects []Subject) []Evidence {
	if o == nil || o.Status == StatusNotCollected {
		return nil
	}
	// The first five names of each source are all its text shows.
	const shown = 5
	type source struct {
		id    SourceID
		text  string
		names []string
		n     int // names in all
	}
	var srcs []source
	at := map[SourceID]int{} // source ID → index in srcs, -1 when it names no request
	add := func(id SourceID, name string) {
		if id == 0 {
			return
		}
		i, ok := at[id]
		if !ok {
			// One request read twice (two IDs) is still cited once.
			p, _ := ev.src.get(id)
			i = slices.IndexFunc(srcs, func(s source) bool { return s.text == p.Source })
			switch {
			case p.Source == "":
				i = -1
			case i < 0:
				i = len(srcs)
				srcs = append(srcs, source{id: id, text: p.Source})
			}
			at[id] = i
		}
		if i < 0 || name == "" {
			return
		}
		if srcs[i].n < shown {
			srcs[i].names = append(srcs[i].names, name)
		}
		srcs[i].n++
	}
	if len(subjects) > 0 {
		for _, s := range subjects {
			add(s.Source, s.Name)
		}
	} else {
		for _, e := range o.Evidence {
			add(e.Source, "")
		}
	}
	var out []Evidence
	if len(srcs) == 1 {
		out = []Evidence{{Kind: EvidenceFact, Text: o.Summary, Source: srcs[0].id}}
	} else {
		out = append(out, Evidence{Kind: EvidenceFact, Text: o.Summary})
		for _, s := range srcs {
			text := "Read from " + s.text
			if s.n > 0 {
				text = strings.Join(s.names, ", ")
				if s.n > shown {
					text = fmt.Sprintf("%s and %d more", text, s.n-shown)
				}
				text += ": read from " + s.text
			}
			out = append(out, Evidence{Kind: EvidenceFact, Text: text, Source: s.id})
		}
	}
	// Whatever was found, say what could not be verified and why.
	if len(o.Unverified) > 0 && !slices.Equal(subjects, o.Unverified) {
		out = append(out, Evidence{Kind: EvidenceFact, Text: "Not verified: " + describeSubjects(o.Unverified, 5)})
	}
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

// appendSubjects adds the subjects of each src not yet in dst, keeping order.
// One set serves every group, so merging a problem per environment stays
// linear for tenants with thousands of environments (a set per call was
// quadratic: it re-hashed dst for each group).
func appendSubjects(dst []Subject, srcs ...[]Subject) []Subject {
	n := 0
	for _, src := range srcs {
		n += len(src)
	}
	if n == 0 {
		return dst
	}
	type key struct {
		kind SubjectKind
		id   string
	}
	seen := make(map[key]bool, len(dst)+n)
	dst = slices.Grow(dst, n) // one allocation, not a doubling per thousand subjects
	for _, s := range dst {
		seen[key{s.Kind, s.ID}] = true
	}
	for _, src := range srcs {
		for _, s := range src {
			if k := (key{s.Kind, s.ID}); !seen[k] {
				seen[k] = true
				dst = append(dst, s)
			}
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
