package assess

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The question bank is data: YAML files an architect can read and review in a
// pull request. bank/bank.yaml holds the metadata, sections and flags; every
// other file holds the questions of one section.
//
//go:embed bank/*.yaml bank/plan/*.yaml
var bankFS embed.FS

// AnswerType is the widget a question needs.
type AnswerType string

const (
	TypeSingle AnswerType = "single" // exactly one choice
	TypeMulti  AnswerType = "multi"  // one or more choices
	TypeYesNo  AnswerType = "yesno"  // choices yes / no (unsure is an answer state)
	TypeText   AnswerType = "text"   // free text
)

func answerTypes() []AnswerType { return []AnswerType{TypeSingle, TypeMulti, TypeYesNo, TypeText} }

// Severity of a finding.
type Severity string

const (
	SevHigh   Severity = "high"
	SevMedium Severity = "medium"
	SevLow    Severity = "low"
	SevInfo   Severity = "info"
)

func severities() []Severity { return []Severity{SevHigh, SevMedium, SevLow, SevInfo} }

// Rank orders severities: high 3, medium 2, low 1, info 0, unknown -1.
func (s Severity) Rank() int {
	switch s {
	case SevHigh:
		return 3
	case SevMedium:
		return 2
	case SevLow:
		return 1
	case SevInfo:
		return 0
	}
	return -1
}

// Lower returns the next lower severity (info stays info).
func (s Severity) Lower() Severity {
	switch s {
	case SevHigh:
		return SevMedium
	case SevMedium:
		return SevLow
	}
	return SevInfo
}

// ParseSeverity parses a severity name.
func ParseSeverity(s string) (Severity, error) {
	for _, v := range severities() {
		if string(v) == strings.ToLower(strings.TrimSpace(s)) {
			return v, nil
		}
	}
	return "", fmt.Errorf("%q is not one of: %s", s, joinStrings(severities()))
}

// DataState is one of the data states SE:06 scores separately.
type DataState string

const (
	StateAtRest       DataState = "at-rest"
	StateInTransit    DataState = "in-transit"
	StateInProcessing DataState = "in-processing"
	StateResidency    DataState = "residency"
	StateAIMovement   DataState = "ai-movement"
)

// DataStates lists the data states in report order.
func dataStates() []DataState {
	return []DataState{StateAtRest, StateInTransit, StateInProcessing, StateResidency, StateAIMovement}
}

// Title gives the human name of a data state.
func (d DataState) Title() string {
	switch d {
	case StateAtRest:
		return "Data at rest"
	case StateInTransit:
		return "Data in transit"
	case StateInProcessing:
		return "Data in processing"
	case StateResidency:
		return "Residency"
	case StateAIMovement:
		return "AI data movement"
	}
	return string(d)
}

// Link is a documentation link.
type Link struct {
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url" json:"url"`
}

// Guidance identifies the Microsoft guidance the bank was written against.
type Guidance struct {
	ID              string `yaml:"id" json:"id"`                           // "PP SE:06"
	AzureEquivalent string `yaml:"azureEquivalent" json:"azureEquivalent"` // "Azure WAF SE:07"
	Title           string `yaml:"title" json:"title"`
	URL             string `yaml:"url" json:"url"`
	Date            string `yaml:"date" json:"date"` // ms.date of the page, YYYY-MM-DD
	Statement       string `yaml:"statement" json:"statement"`
}

// Version gives "PP SE:06 (2024-09-11)".
func (g Guidance) Version() string { return fmt.Sprintf("%s (%s)", g.ID, g.Date) }

// Section groups questions.
type Section struct {
	ID         string      `yaml:"id"`
	Title      string      `yaml:"title"`
	Intro      string      `yaml:"intro"`
	DataStates []DataState `yaml:"dataStates"` // default for its questions
	Questions  []*Question `yaml:"-"`
}

// Choice is one allowed answer.
type Choice struct {
	ID    string `yaml:"id"`
	Label string `yaml:"label"`
	// Help says what choosing it means, when the label alone is not enough.
	Help string `yaml:"help,omitempty"`
	// Exclusive choices (like "none") cannot be combined with others in a multi answer.
	Exclusive bool `yaml:"exclusive,omitempty"`
}

// LiveCheck ties a question to a named fact check (see checks.go).
type LiveCheck struct {
	Check string `yaml:"check"`
	// What explains in one line what the tenant can show for this question.
	What string `yaml:"what"`
}

// Recommendation is what to do, why, and how.
type Recommendation struct {
	Title string   `yaml:"title"` // the finding's title: the problem, in a few words
	Do    string   `yaml:"do"`    // what to do
	Why   string   `yaml:"why"`   // why it matters
	Steps []string `yaml:"steps"` // how, step by step
	Links []Link   `yaml:"links"`
}

// Rule turns an answer (or a tenant signal) into a finding.
type Rule struct {
	ID             string   `yaml:"id"` // unique within the question; the finding ID is "Q.rule"
	When           Cond     `yaml:"when"`
	Severity       Severity `yaml:"severity"`
	Recommendation `yaml:",inline"`
	// SeverityReason says in one line why the rule has its severity (for
	// example "fails closed, so no exposure"), so calibration can be reviewed.
	SeverityReason string `yaml:"severityReason"`
}

// maxSeverityReason caps a severity reason: one line, read in a table.
const maxSeverityReason = 160

// Question is one item of the bank.
type Question struct {
	ID         string      `yaml:"id"`
	Section    string      `yaml:"-"`
	Short      string      `yaml:"short"` // a few words for tables: "Key custody"
	Prompt     string      `yaml:"prompt"`
	Help       string      `yaml:"help"`
	Links      []Link      `yaml:"links"`
	Type       AnswerType  `yaml:"type"`
	Choices    []Choice    `yaml:"choices"`
	DataStates []DataState `yaml:"dataStates"` // overrides the section's
	ShowIf     *Cond       `yaml:"showIf"`
	Live       *LiveCheck  `yaml:"live"`
	// RuleOut says which tenant facts make which choices impossible (ruleout.go).
	RuleOut []RuleOut `yaml:"ruleOut"`
	Rules   []Rule    `yaml:"rules"`
	// Unsure overrides the default finding for a "not sure" answer.
	Unsure *UnsureRule `yaml:"unsure"`
}

// UnsureRule is the finding raised when the answer is "not sure".
type UnsureRule struct {
	Severity       Severity `yaml:"severity"`
	Recommendation `yaml:",inline"`
}

// Choice returns the choice with the given ID.
func (q *Question) Choice(id string) (Choice, bool) {
	for _, c := range q.Choices {
		if c.ID == id {
			return c, true
		}
	}
	return Choice{}, false
}

// ChoiceIDs lists the allowed answer values.
func (q *Question) ChoiceIDs() []string {
	ids := make([]string, 0, len(q.Choices))
	for _, c := range q.Choices {
		ids = append(ids, c.ID)
	}
	return ids
}

// Labels maps choice IDs to their labels, joined with ", ".
func (q *Question) Labels(ids []string) string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if c, ok := q.Choice(id); ok {
			out = append(out, c.Label)
		} else {
			out = append(out, id)
		}
	}
	return strings.Join(out, ", ")
}

// Flag is a named condition over answers (and signals) that rules can reuse,
// like "sensitive" (the data is confidential or higher).
type Flag struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	When        Cond   `yaml:"when"`
}

// Bank is the whole question bank.
type Bank struct {
	Version  string     `yaml:"bankVersion"`
	Guidance Guidance   `yaml:"guidance"`
	Sections []*Section `yaml:"sections"`
	Flags    []Flag     `yaml:"flags"`
	// Definitions are the SE:06 terms, for the report's appendix.
	Definitions []Definition `yaml:"definitions"`
	// History says what each bank version changed, newest first.
	History []BankRelease `yaml:"history"`
	// AIHosting is the dated table of where generative AI features process
	// prompts (bank/aihosting.yaml); nil in banks that do not ship it.
	AIHosting *AIHostingTable `yaml:"-"`

	questions []*Question
	byID      map[string]*Question
	plan      *Plan
}

// Definition is a glossary entry.
type Definition struct {
	Term    string `yaml:"term"`
	Meaning string `yaml:"meaning"`
}

// Questions returns every question in bank order.
func (b *Bank) Questions() []*Question { return b.questions }

// Question returns the question with the given ID.
func (b *Bank) Question(id string) (*Question, bool) {
	q, ok := b.byID[id]
	return q, ok
}

// Section returns the section with the given ID.
func (b *Bank) Section(id string) (*Section, bool) {
	for _, s := range b.Sections {
		if s.ID == id {
			return s, true
		}
	}
	return nil, false
}

// QuestionDataStates gives the data states a question counts towards.
func (b *Bank) QuestionDataStates(q *Question) []DataState {
	if len(q.DataStates) > 0 {
		return q.DataStates
	}
	if s, ok := b.Section(q.Section); ok {
		return s.DataStates
	}
	return nil
}

type sectionFile struct {
	Section   string      `yaml:"section"`
	Questions []*Question `yaml:"questions"`
}

// LoadBank parses and validates the embedded question bank.
func LoadBank() (*Bank, error) {
	sub, err := fs.Sub(bankFS, "bank")
	if err != nil {
		return nil, fmt.Errorf("open embedded bank: %w", err)
	}
	b, err := LoadBankFS(sub)
	if err != nil {
		return nil, err
	}
	if b.AIHosting == nil {
		return nil, fmt.Errorf("embedded bank: %s is missing", aiHostingFile)
	}
	return b, nil
}

// LoadBankFS parses and validates a bank from a directory: bank.yaml plus one
// YAML file per section. Unknown fields are errors, so typos do not pass silently.
func LoadBankFS(fsys fs.FS) (*Bank, error) {
	raw, err := fs.ReadFile(fsys, "bank.yaml")
	if err != nil {
		return nil, fmt.Errorf("read bank.yaml: %w", err)
	}
	var b Bank
	if err := decodeStrict(raw, &b); err != nil {
		return nil, fmt.Errorf("bank.yaml: %w", err)
	}
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list bank files: %w", err)
	}
	sort.Strings(names)
	bySection := map[string][]*Question{}
	for _, name := range names {
		if name == "bank.yaml" || name == aiHostingFile {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		var sf sectionFile
		if err := decodeStrict(data, &sf); err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(name), err)
		}
		if _, ok := b.Section(sf.Section); !ok {
			return nil, fmt.Errorf("%s: section %q is not declared in bank.yaml", name, sf.Section)
		}
		for _, q := range sf.Questions {
			q.Section = sf.Section
		}
		bySection[sf.Section] = append(bySection[sf.Section], sf.Questions...)
	}
	b.byID = map[string]*Question{}
	for _, s := range b.Sections {
		s.Questions = bySection[s.ID]
		for _, q := range s.Questions {
			b.questions = append(b.questions, q)
			if _, dup := b.byID[q.ID]; dup {
				return nil, fmt.Errorf("question %s is defined twice", q.ID)
			}
			b.byID[q.ID] = q
		}
	}
	if b.AIHosting, err = loadAIHosting(fsys); err != nil {
		return nil, err
	}
	if err := b.validate(); err != nil {
		return nil, err
	}
	if err := b.loadPlan(fsys); err != nil { // plan.go: remediation, roadmap, control mappings
		return nil, err
	}
	return &b, nil
}

func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(v)
}

var (
	questionIDPattern = regexp.MustCompile(`^[A-Z]{2}-\d{2}$`)
	slugPattern       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// reservedValues() are answer values with a fixed meaning in conditions.
func reservedValues() []string { return []string{"unsure", "skipped", "not-applicable", "answered"} }

func (b *Bank) validate() error {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if b.Version == "" {
		bad("bank.yaml: bankVersion is empty")
	}
	if b.Guidance.Date == "" || b.Guidance.URL == "" {
		bad("bank.yaml: guidance.date and guidance.url are required")
	}
	b.validateHistory(bad)
	flags := map[string]bool{}
	for _, f := range b.Flags {
		if !slugPattern.MatchString(f.Name) {
			bad("flag %q: name must be lower-case words joined by '-'", f.Name)
		}
		flags[f.Name] = true
	}
	signals := knownSignals()
	for _, f := range b.Flags {
		b.validateCond(f.When, nil, flags, signals, "flag "+f.Name, bad)
	}
	for _, s := range b.Sections {
		if len(s.Questions) == 0 {
			bad("section %s has no questions", s.ID)
		}
		for _, d := range s.DataStates {
			if !slices.Contains(dataStates(), d) {
				bad("section %s: data state %q is not one of: %s", s.ID, d, joinStrings(dataStates()))
			}
		}
	}
	for _, q := range b.questions {
		where := "question " + q.ID
		if !questionIDPattern.MatchString(q.ID) {
			bad("%s: ID must look like AR-02", where)
		}
		if !strings.HasPrefix(q.ID, q.Section+"-") {
			bad("%s: ID must start with its section %s", where, q.Section)
		}
		if q.Prompt == "" || q.Help == "" || q.Short == "" {
			bad("%s: short, prompt and help are required", where)
		}
		if len(q.Links) == 0 {
			bad("%s: at least one documentation link is required", where)
		}
		for _, l := range q.Links {
			if !strings.HasPrefix(l.URL, "https://") {
				bad("%s: link %q must be an https URL", where, l.URL)
			}
		}
		if !slices.Contains(answerTypes(), q.Type) {
			bad("%s: type %q is not one of: %s", where, q.Type, joinStrings(answerTypes()))
		}
		if q.Type == TypeYesNo && len(q.Choices) == 0 {
			q.Choices = []Choice{{ID: "yes", Label: "Yes"}, {ID: "no", Label: "No"}}
		}
		if q.Type != TypeText && len(q.Choices) < 2 {
			bad("%s: a %s question needs at least two choices", where, q.Type)
		}
		seen := map[string]bool{}
		for _, c := range q.Choices {
			if !slugPattern.MatchString(c.ID) {
				bad("%s: choice %q must be lower-case words joined by '-'", where, c.ID)
			}
			if slices.Contains(reservedValues(), c.ID) {
				bad("%s: choice %q is reserved (every question can be answered unsure, skipped or not applicable)", where, c.ID)
			}
			if seen[c.ID] {
				bad("%s: choice %q appears twice", where, c.ID)
			}
			seen[c.ID] = true
			if c.Label == "" {
				bad("%s: choice %q has no label", where, c.ID)
			}
		}
		for _, d := range q.DataStates {
			if !slices.Contains(dataStates(), d) {
				bad("%s: data state %q is not one of: %s", where, d, joinStrings(dataStates()))
			}
		}
		if len(b.QuestionDataStates(q)) == 0 {
			bad("%s: no data state (set dataStates() on the question or its section)", where)
		}
		if q.ShowIf != nil {
			b.validateCond(*q.ShowIf, q, flags, signals, where+" showIf", bad)
		}
		if q.Live != nil {
			if _, ok := lookupCheck(q.Live.Check); !ok {
				bad("%s: live check %q is not one of: %s", where, q.Live.Check, strings.Join(checkNames(), ", "))
			}
		}
		validateRuleOut(q, where, bad)
		ruleIDs := map[string]bool{}
		for _, r := range q.Rules {
			rw := fmt.Sprintf("%s rule %s", where, r.ID)
			if !slugPattern.MatchString(r.ID) {
				bad("%s: rule ID must be lower-case words joined by '-'", rw)
			}
			if ruleIDs[r.ID] {
				bad("%s: rule ID appears twice", rw)
			}
			ruleIDs[r.ID] = true
			if !slices.Contains(severities(), r.Severity) {
				bad("%s: severity %q is not one of: %s", rw, r.Severity, joinStrings(severities()))
			}
			switch reason := r.SeverityReason; {
			case strings.TrimSpace(reason) == "":
				bad("%s: severityReason is required (one line on why the rule is %s)", rw, r.Severity)
			case strings.ContainsAny(reason, "\r\n") || len(reason) > maxSeverityReason:
				bad("%s: severityReason must be one line of at most %d characters", rw, maxSeverityReason)
			}
			if r.When.empty() {
				bad("%s: when is empty", rw)
			}
			b.validateCond(r.When, q, flags, signals, rw, bad)
			b.validateRecommendation(r.Recommendation, rw, bad)
		}
		if q.Unsure != nil {
			if !slices.Contains(severities(), q.Unsure.Severity) {
				bad("%s unsure: severity %q is not one of: %s", where, q.Unsure.Severity, joinStrings(severities()))
			}
			b.validateRecommendation(q.Unsure.Recommendation, where+" unsure", bad)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("question bank is invalid:\n  %s", strings.Join(errs, "\n  "))
	}
	return nil
}

func (b *Bank) validateRecommendation(r Recommendation, where string, bad func(string, ...any)) {
	if r.Title == "" || r.Do == "" || r.Why == "" {
		bad("%s: title, do and why are required", where)
	}
	if len(r.Links) == 0 {
		bad("%s: at least one documentation link is required", where)
	}
	for _, l := range r.Links {
		if !strings.HasPrefix(l.URL, "https://") {
			bad("%s: link %q must be an https URL", where, l.URL)
		}
	}
}

func (b *Bank) validateCond(c Cond, self *Question, flags map[string]bool, signals map[string]bool, where string, bad func(string, ...any)) {
	if len(c.Answer) > 0 {
		if self == nil {
			bad("%s: 'answer' only works inside a question; use 'q' and 'in'", where)
		} else {
			checkValues(self, c.Answer, where, bad)
		}
	}
	if c.Q != "" {
		q, ok := b.byID[c.Q]
		if !ok {
			bad("%s: question %q does not exist", where, c.Q)
		} else {
			checkValues(q, c.In, where, bad)
		}
		if len(c.In) == 0 {
			bad("%s: 'q: %s' needs 'in'", where, c.Q)
		}
	} else if len(c.In) > 0 {
		bad("%s: 'in' needs 'q'", where)
	}
	if c.Flag != "" && !flags[c.Flag] {
		bad("%s: flag %q is not declared in bank.yaml", where, c.Flag)
	}
	if c.Signal != "" && !signals[c.Signal] {
		names := make([]string, 0, len(signals))
		for s := range signals {
			names = append(names, s)
		}
		sort.Strings(names)
		bad("%s: signal %q is not one of: %s", where, c.Signal, strings.Join(names, ", "))
	}
	for _, sub := range c.All {
		b.validateCond(sub, self, flags, signals, where, bad)
	}
	for _, sub := range c.Any {
		b.validateCond(sub, self, flags, signals, where, bad)
	}
	if c.Not != nil {
		b.validateCond(*c.Not, self, flags, signals, where, bad)
	}
}

func checkValues(q *Question, values []string, where string, bad func(string, ...any)) {
	for _, v := range values {
		if slices.Contains(reservedValues(), v) {
			continue
		}
		if _, ok := q.Choice(v); !ok {
			bad("%s: %q is not a choice of %s (allowed: %s)", where, v, q.ID, strings.Join(append(q.ChoiceIDs(), reservedValues()...), ", "))
		}
	}
}

func joinStrings[T ~string](vs []T) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return strings.Join(out, ", ")
}
