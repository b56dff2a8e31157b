package assess

import "time"

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
	// Provenance is where this subject's own fact came from (not its neighbours').
	Provenance *Provenance `json:"provenance,omitempty"`
}

// EvidenceKind names where a piece of evidence came from.
type EvidenceKind string

const (
	EvidenceAnswer EvidenceKind = "answer"
	EvidenceFact   EvidenceKind = "fact"
)

// Evidence is one piece of support for a finding.
type Evidence struct {
	Kind       EvidenceKind `json:"kind"`
	Text       string       `json:"text"`
	Provenance *Provenance  `json:"provenance,omitempty"`
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
	QuestionID string       `json:"questionId"`
	Prompt     string       `json:"prompt"`
	Answered   []string     `json:"answered"`
	AnswerText string       `json:"answerText"`
	Tenant     []string     `json:"tenant"`
	TenantText string       `json:"tenantText"`
	Summary    string       `json:"summary"`
	Affected   []Subject    `json:"affected,omitempty"`
	Provenance []Provenance `json:"provenance,omitempty"`
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
	Effective Answer       `json:"effective"`
	State     FindingState `json:"state"` // the worst state of its findings
	Score     *float64     `json:"score,omitempty"`
	// Observation is the live check's view, when the question has one.
	Observation *Observation `json:"observation,omitempty"`
	// RuledOut lists the choices the tenant's facts rule out, whatever was
	// answered, so a wizard can mark them before the answer is given.
	RuledOut []Exclusion `json:"ruledOut,omitempty"`
	// Overdue is true when the answer is "not sure" with a follow-up date
	// that has passed and the question is still open (see Result.Overdue).
	Overdue bool `json:"overdue,omitempty"`
}

// Score is a 0..100 score of a group of questions.
type Score struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Value is nil when nothing in the group could be scored.
	Value       *float64 `json:"value"`
	Scored      int      `json:"scored"`   // questions that counted
	Total       int      `json:"total"`    // visible questions
	Answered    int      `json:"answered"` // with a real answer
	Fail        int      `json:"fail"`
	Warn        int      `json:"warn"`
	Pass        int      `json:"pass"`
	Unsure      int      `json:"unsure"`
	NotVerified int      `json:"notVerified"`
	Accepted    int      `json:"accepted"`
	// Status is a one-word verdict: "Aligned", "Needs work", "At risk", "Unknown".
	Status string `json:"status"`
}

// Grade is the overall verdict.
type Grade struct {
	Letter string `json:"letter"` // A..E
	Label  string `json:"label"`  // Aligned, Needs work, At risk, Incomplete
	Reason string `json:"reason"`
}

// Result is the evaluation of an assessment. Deterministic for the same input and clock.
type Result struct {
	SchemaVersion   int       `json:"schemaVersion"`
	EvaluatedAt     time.Time `json:"evaluatedAt"`
	BankVersion     string    `json:"bankVersion"`
	GuidanceVersion string    `json:"guidanceVersion"`
	Metadata        Metadata  `json:"metadata"`

	Overall    Score   `json:"overall"`
	Grade      Grade   `json:"grade"`
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

	// Scope lists the environments the assessment covers (by ID).
	Scope []string `json:"scope,omitempty"`
	// Facts is the snapshot that was evaluated (nil for answers only).
	Facts *Facts `json:"facts,omitempty"`
}

// ResultSchemaVersion is the version of the Result JSON.
const ResultSchemaVersion = 1

// CountOpen counts open findings per severity (accepted and passed ones excluded).
func (r *Result) CountOpen() map[Severity]int {
	out := map[Severity]int{}
	for _, f := range r.Findings {
		if f.State == FindingFail || f.State == FindingWarn {
			out[f.Severity]++
		}
	}
	return out
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
