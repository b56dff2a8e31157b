package assess

import (
	"fmt"
	"time"
)

// FindingState is the outcome of a finding.
type FindingState string

const (
	FindingFail          FindingState = "fail"
	FindingWarn          FindingState = "warn"
	FindingPass          FindingState = "pass"
	FindingUnsure        FindingState = "unsure"
	FindingNotVerified   FindingState = "not-verified"
	FindingNotApplicable FindingState = "not-applicable"
	FindingAccepted      FindingState = "accepted"
)

// Open reports whether the finding still needs action (it goes into the action plan).
func (s FindingState) Open() bool {
	return s == FindingFail || s == FindingWarn || s == FindingUnsure || s == FindingNotVerified
}

// Label gives the human name of a state.
func (s FindingState) Label() string {
	switch s {
	case FindingFail:
		return "Fail"
	case FindingWarn:
		return "Warning"
	case FindingPass:
		return "Pass"
	case FindingUnsure:
		return "Not sure"
	case FindingNotVerified:
		return "Not verified"
	case FindingNotApplicable:
		return "Not applicable"
	case FindingAccepted:
		return "Accepted"
	}
	return string(s)
}

// SubjectKind names what a subject is.
type SubjectKind string

const (
	SubjectEnvironment SubjectKind = "environment"
	SubjectPolicy      SubjectKind = "policy"
	SubjectVault       SubjectKind = "vault"
	SubjectKey         SubjectKind = "key"
	SubjectTenant      SubjectKind = "tenant"
	SubjectHost        SubjectKind = "host"
)

// Subject is a tenant object a finding is about.
type Subject struct {
	Kind SubjectKind `json:"kind"`
	ID   string      `json:"id"`
	Name string      `json:"name"`
	// Detail says what about it, e.g. "Microsoft-managed key" or "expires 2026-12-05".
	Detail string `json:"detail,omitempty"`
	// Accepted is true when an active risk acceptance covers this subject
	// (an environment) while the finding stays open for the others.
	Accepted bool `json:"accepted,omitempty"`
	// Source is where this subject's own fact came from (not its
	// neighbours'): an ID in Result.Sources.
	Source SourceID `json:"source,omitempty"`
}

// EvidenceKind names where a piece of evidence came from.
type EvidenceKind string

const (
	EvidenceAnswer EvidenceKind = "answer"
	EvidenceFact   EvidenceKind = "fact"
)

// Evidence is one piece of support for a finding.
type Evidence struct {
	Kind EvidenceKind `json:"kind"`
	Text string       `json:"text"`
	// Source is where the fact came from: an ID in Result.Sources.
	Source SourceID `json:"source,omitempty"`
}

// Finding is one graded result. Its ID is stable across runs: "AR-02.cmk-missing"
// for a rule, "AR-02" for the question-level outcome (pass, unsure, not verified).
type Finding struct {
	ID         string       `json:"id"`
	QuestionID string       `json:"questionId"`
	Section    string       `json:"section"`
	Severity   Severity     `json:"severity"`
	State      FindingState `json:"state"`
	Title      string       `json:"title"`
	Do         string       `json:"recommendation,omitempty"`
	Why        string       `json:"why,omitempty"`
	Steps      []string     `json:"steps,omitempty"`
	Links      []Link       `json:"links,omitempty"`
	Affected   []Subject    `json:"affected,omitempty"`
	Evidence   []Evidence   `json:"evidence,omitempty"`
	DataStates []DataState  `json:"dataStates,omitempty"`
	// SeverityReason is the bank's one-line reason for a rule's severity.
	SeverityReason string `json:"severityReason,omitempty"`
	// Reason explains a not-verified or not-applicable state.
	Reason string `json:"reason,omitempty"`
	// Owner and FollowUp come from an unsure answer.
	Owner    string `json:"owner,omitempty"`
	FollowUp string `json:"followUp,omitempty"`
	// Overdue is true when that follow-up date has passed and the finding is still open.
	Overdue bool `json:"overdue,omitempty"`
	// Acceptance is the risk acceptance in force (or expired) for this finding.
	Acceptance *AcceptanceStatus `json:"acceptance,omitempty"`
	// Tenant is true when the tenant's facts (not only the answer) decided it.
	Tenant bool `json:"tenant,omitempty"`
}

// Reasons of question-level unsure findings that were never really answered.
const (
	reasonNotAnswered = "not answered"
	reasonSkipped     = "skipped"
)

// StatusLabel is the state as people should read it: an info-severity
// finding is advice to note, not a warning to act on, and a question that
// was skipped or never answered says so rather than "Not sure".
func (f Finding) StatusLabel() string {
	switch {
	case f.State == FindingWarn && f.Severity == SevInfo:
		return "Advice"
	case f.State == FindingUnsure && f.Reason == reasonSkipped:
		return "Skipped"
	case f.State == FindingUnsure && f.Reason == reasonNotAnswered:
		return "Not answered"
	}
	return f.State.Label()
}

// Conflict pairs an answer with the tenant fact that contradicts it. The
// tenant's fact decides the finding.
type Conflict struct {
	QuestionID string    `json:"questionId"`
	Prompt     string    `json:"prompt"`
	Answered   []string  `json:"answered"`
	AnswerText string    `json:"answerText"`
	Tenant     []string  `json:"tenant"`
	TenantText string    `json:"tenantText"`
	Summary    string    `json:"summary"`
	Affected   []Subject `json:"affected,omitempty"`
	// Sources are the requests behind the tenant's side, each once: IDs in Result.Sources.
	Sources []SourceID `json:"sources,omitempty"`
	// RuledOut lists the tenant facts that exclude the answer, when a
	// question's ruleOut data names them.
	RuledOut []Exclusion `json:"ruledOut,omitempty"`
}

// QuestionResult is the outcome of one question, for the per-section listing.
type QuestionResult struct {
	QuestionID string `json:"questionId"`
	Section    string `json:"section"`
	Visible    bool   `json:"visible"`
	Answer     Answer `json:"answer"`
	// Effective is the answer the rules used: the tenant's when it could tell.
	Effective Answer `json:"effective"`
	// Status is where the question stands: answered, unsure, skipped,
	// not-applicable or open (never touched and not decided by the tenant).
	// Empty for a hidden question. Every count of answers derives from it.
	Status QuestionStatus `json:"status,omitempty"`
	State  FindingState   `json:"state"` // the worst state of its findings
	Score  *float64       `json:"score,omitempty"`
	// Observation is the live check's view, when the question has one.
	Observation *Observation `json:"observation,omitempty"`
	// RuledOut lists the choices the tenant's facts rule out, whatever was
	// answered, so a wizard can mark them before the answer is given.
	RuledOut []Exclusion `json:"ruledOut,omitempty"`
	// Overdue is true when the answer is "not sure" with a follow-up date
	// that has passed and the question is still open (see Result.Overdue).
	Overdue bool `json:"overdue,omitempty"`
}

// QuestionStatus is where a visible question stands.
type QuestionStatus string

const (
	// QuestionAnswered: a real answer, the user's or the tenant's where its facts decide.
	QuestionAnswered QuestionStatus = "answered"
	// QuestionUnsure: answered "not sure" (and the tenant could not tell).
	QuestionUnsure QuestionStatus = "unsure"
	// QuestionSkipped: skipped for now (and the tenant could not tell).
	QuestionSkipped QuestionStatus = "skipped"
	// QuestionNotApplicable: marked not applicable.
	QuestionNotApplicable QuestionStatus = "not-applicable"
	// QuestionOpen: never touched, and the tenant could not tell. Open is
	// not "not sure": nobody has said anything yet.
	QuestionOpen QuestionStatus = "open"
)

// Label gives the human name of a question status.
func (s QuestionStatus) Label() string {
	switch s {
	case QuestionAnswered:
		return "Answered"
	case QuestionUnsure:
		return "Not sure"
	case QuestionSkipped:
		return "Skipped"
	case QuestionNotApplicable:
		return "Not applicable"
	case QuestionOpen:
		return "Open"
	}
	return string(s)
}

// SeverityCounts counts findings per severity.
type SeverityCounts struct {
	High   int `json:"high"`
	Medium int `json:"medium"`
	Low    int `json:"low"`
	Info   int `json:"info"`
}

// Of gives the count of one severity.
func (c SeverityCounts) Of(s Severity) int {
	switch s {
	case SevHigh:
		return c.High
	case SevMedium:
		return c.Medium
	case SevLow:
		return c.Low
	case SevInfo:
		return c.Info
	}
	return 0
}

// Total is the sum over all severities.
func (c SeverityCounts) Total() int { return c.High + c.Medium + c.Low + c.Info }

func (c *SeverityCounts) add(s Severity) {
	switch s {
	case SevHigh:
		c.High++
	case SevMedium:
		c.Medium++
	case SevLow:
		c.Low++
	default:
		c.Info++
	}
}

// Score is a 0..100 score of a group of questions, with the counts of what
// it is made of. Question counts are of visible questions; each visible
// question is in exactly one of Answered, NotSure, Skipped, NotApplicable
// and Open.
type Score struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Value is nil when nothing in the group could be scored.
	Value  *float64 `json:"value"`
	Scored int      `json:"scored"` // questions that counted
	Total  int      `json:"total"`  // visible questions

	Answered int `json:"answered"` // a real answer, the user's or the tenant's
	// FromTenant counts the answered questions that only the tenant's facts
	// answered (nobody answered them, or the answer was not sure or skipped).
	FromTenant    int `json:"fromTenant"`
	NotSure       int `json:"notSure"`
	Skipped       int `json:"skipped"`
	NotApplicable int `json:"notApplicable"`
	Open          int `json:"open"` // never touched, not decided by the tenant

	// Questions by result (their worst finding).
	Fail        int `json:"fail"`
	Warn        int `json:"warn"`
	Pass        int `json:"pass"`
	Unsure      int `json:"unsure"` // not sure or skipped (open ones are in Open)
	NotVerified int `json:"notVerified"`
	Accepted    int `json:"accepted"`
	// ToFix counts the findings in the group that fail or warn, per severity.
	ToFix SeverityCounts `json:"toFix"`
	// Status is a one-word verdict: "Aligned", "Needs work", "At risk",
	// "Unknown" or "Not applicable" (no visible question).
	Status string `json:"status"`
}

// Grade is the overall verdict. Its rules are in score.go and docs/report.md.
type Grade struct {
	Letter string `json:"letter"` // A..E, or "-" when Incomplete
	Label  string `json:"label"`  // Aligned, Needs work, At risk, Uncertain, Incomplete
	Reason string `json:"reason"`
	// ScoreLetter is the letter the score alone would give, before a cap.
	ScoreLetter string `json:"scoreLetter,omitempty"`
	// CappedBy says what lowered the letter ("4 open high-severity failures").
	CappedBy string `json:"cappedBy,omitempty"`
	// Provisional is true while questions are open: answering them can move the grade.
	Provisional   bool `json:"provisional"`
	OpenQuestions int  `json:"openQuestions"`
	// Summary is the grade in one sentence, the line every output prints.
	Summary string `json:"summary"`
}

// Incomplete reports whether there is no letter grade.
func (g Grade) Incomplete() bool { return g.Label == GradeIncomplete }

// Grade labels.
const (
	GradeAligned    = "Aligned"
	GradeNeedsWork  = "Needs work"
	GradeAtRisk     = "At risk"
	GradeUncertain  = "Uncertain"
	GradeIncomplete = "Incomplete"
)

// Counts are the figures of a whole result that outputs show. Question
// counts are in Result.Overall; these are about findings, conflicts and
// acceptances. Every output reads them here and computes none itself.
type Counts struct {
	Conflicts int `json:"conflicts"`
	// Open findings need action, per severity: ToFix plus ToFindOut. The
	// action plan (CSV) has one row per open finding.
	Open SeverityCounts `json:"open"`
	// ToFix are failures and warnings: confirmed problems. The grade reads these.
	ToFix SeverityCounts `json:"toFix"`
	// ToFindOut are findings whose answer is not known: not sure, skipped,
	// not answered (open) or not verified.
	ToFindOut SeverityCounts `json:"toFindOut"`
	// NotVerified is the part of ToFindOut whose tenant fact could not be read.
	NotVerified int `json:"notVerified"`
	Passed      int `json:"passed"`
	// AcceptedFindings are findings an active acceptance covers in full.
	AcceptedFindings int `json:"acceptedFindings"`
	// PartlyAccepted are open findings with some environments accepted.
	PartlyAccepted int `json:"partlyAccepted"`
	// AcceptedRisks are the acceptances in force that cover a finding, per
	// environment ones included; ExpiredRisks have run out (their findings are back).
	AcceptedRisks int `json:"acceptedRisks"`
	ExpiredRisks  int `json:"expiredRisks"`
	// UnmatchedRisks are acceptances in force whose finding is no longer open.
	UnmatchedRisks int `json:"unmatchedRisks"`
}

// Result is the evaluation of an assessment. Deterministic for the same input and clock.
type Result struct {
	SchemaVersion   int       `json:"schemaVersion"`
	EvaluatedAt     time.Time `json:"evaluatedAt"`
	BankVersion     string    `json:"bankVersion"`
	GuidanceVersion string    `json:"guidanceVersion"`
	Metadata        Metadata  `json:"metadata"`
	// AIHosting is the dated AI hosting table the evaluation used, so every
	// output can say how old its AI processing locations are.
	AIHosting *AIHostingTable `json:"aiHostingTable,omitempty"`

	// Overall carries the question counts of the whole assessment.
	Overall    Score   `json:"overall"`
	Grade      Grade   `json:"grade"`
	Counts     Counts  `json:"counts"`
	Sections   []Score `json:"sections"`
	DataStates []Score `json:"dataStates"`

	// Findings are sorted: open first, then by severity, then by ID.
	Findings  []Finding          `json:"findings"`
	Conflicts []Conflict         `json:"conflicts"`
	Questions []QuestionResult   `json:"questions"`
	Accepted  []AcceptanceStatus `json:"acceptances"`
	// Overdue lists the open "not sure" answers whose follow-up date has
	// passed, in bank order (computed once, from Input.Now).
	Overdue []OverdueFollowUp `json:"overdue"`

	// Sources lists every request the result's subjects, evidence and
	// conflicts cite, once each; they refer to it by ID.
	Sources []Source `json:"sources"`

	// Scope lists the environments the assessment covers (by ID).
	Scope []string `json:"scope,omitempty"`
	// Facts is the snapshot that was evaluated (nil for answers only).
	Facts *Facts `json:"facts,omitempty"`
}

// ResultSchemaVersion is the version of the Result JSON.
// Version 2: provenance is listed once in sources and referred to by ID.
const ResultSchemaVersion = 2

// CountOpen gives the findings to fix (fail or warn) per severity, from
// Counts; accepted and passed ones are excluded.
func (r *Result) CountOpen() map[Severity]int {
	c := r.Counts.ToFix
	return map[Severity]int{SevHigh: c.High, SevMedium: c.Medium, SevLow: c.Low, SevInfo: c.Info}
}

// Finding returns the finding with the given ID.
func (r *Result) Finding(id string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.ID == id {
			return f, true
		}
	}
	return Finding{}, false
}

// QuestionCounts says where the group's visible questions stand, in the words
// every output uses: "30 of 40 questions answered (5 by the tenant's facts),
// 3 not sure, 2 open".
func (s Score) QuestionCounts() string {
	out := fmt.Sprintf("%d of %d questions answered", s.Answered, s.Total)
	if s.FromTenant > 0 {
		out += fmt.Sprintf(" (%d by the tenant's facts)", s.FromTenant)
	}
	for _, p := range []struct {
		n    int
		what string
	}{{s.NotSure, "not sure"}, {s.Skipped, "skipped"}, {s.NotApplicable, "not applicable"}, {s.Open, "open"}} {
		if p.n > 0 {
			out += fmt.Sprintf(", %d %s", p.n, p.what)
		}
	}
	return out
}
