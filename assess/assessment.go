package assess

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ppwaf/se06/internal/safefile"
)

// AssessmentSchemaVersion is the version of the assessment file this build
// writes. Files with a higher version are refused rather than half-read.
const AssessmentSchemaVersion = 1

// Assessment is the self-contained assessment file: metadata, answers, notes,
// acceptances and (optionally) the tenant facts, so a report can be rebuilt
// offline, compared with a later one, or shared.
type Assessment struct {
	Kind          string       `json:"kind"` // always KindAssessment
	SchemaVersion int          `json:"schemaVersion"`
	Metadata      Metadata     `json:"metadata"`
	Scope         []string     `json:"scope,omitempty"`
	Answers       Answers      `json:"answers"`
	Acceptances   []Acceptance `json:"acceptances,omitempty"`
	Facts         *Facts       `json:"facts,omitempty"`
	Progress      Progress     `json:"progress,omitzero"`
}

// Metadata describes an assessment.
type Metadata struct {
	Title           string    `json:"title"`
	Organization    string    `json:"organization,omitempty"`
	Workload        string    `json:"workload,omitempty"`
	Assessor        string    `json:"assessor,omitempty"`
	Facilitator     string    `json:"facilitator,omitempty"`
	Created         time.Time `json:"created,omitzero"`
	Updated         time.Time `json:"updated,omitzero"`
	ToolVersion     string    `json:"toolVersion,omitempty"`
	BankVersion     string    `json:"bankVersion,omitempty"`
	GuidanceVersion string    `json:"guidanceVersion,omitempty"`
}

// Progress lets the wizard resume where it stopped.
type Progress struct {
	Current  string `json:"current,omitempty"` // question ID on screen when saved
	Finished bool   `json:"finished,omitempty"`
}

// NewAssessment starts an empty assessment stamped with the bank's versions.
func NewAssessment(b *Bank, meta Metadata, toolVersion string, now time.Time) *Assessment {
	meta.Created, meta.Updated = now.UTC(), now.UTC()
	meta.ToolVersion = toolVersion
	meta.BankVersion = b.Version
	meta.GuidanceVersion = b.Guidance.Version()
	return &Assessment{Kind: KindAssessment, SchemaVersion: AssessmentSchemaVersion, Metadata: meta, Answers: Answers{}}
}

// Input turns the assessment into Evaluate's input.
func (a *Assessment) Input(b *Bank, now time.Time) Input {
	return Input{Bank: b, Answers: a.Answers, Facts: a.Facts, Scope: a.Scope, Acceptances: a.Acceptances, Metadata: a.Metadata, Now: now}
}

// Problem is one thing wrong with an input file, at a path such as
// "answers.AR-02" or "acceptances[1].expires".
type Problem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
	Line    int    `json:"line,omitempty"`
	// Warning problems do not stop the load (e.g. an answer to a question the
	// bank no longer has: it is kept, and reported).
	Warning bool `json:"warning,omitempty"`
}

func (p Problem) String() string {
	loc := p.Path
	if p.Line > 0 {
		loc = fmt.Sprintf("line %d", p.Line)
		if p.Path != "" {
			loc += ": " + p.Path
		}
	}
	if loc == "" {
		return p.Message
	}
	return loc + ": " + p.Message
}

// LoadError lists every problem found in a file.
type LoadError struct {
	File     string
	Problems []Problem
}

func (e *LoadError) Error() string {
	var b strings.Builder
	n := 0
	for _, p := range e.Problems {
		if !p.Warning {
			n++
		}
	}
	fmt.Fprintf(&b, "%s: %d %s", e.File, n, plural(n, "problem", "problems"))
	for _, p := range e.Problems {
		if p.Warning {
			continue
		}
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// ErrNewerSchema is returned (wrapped) for files written by a newer se06.
var ErrNewerSchema = errors.New("written by a newer version of se06")

// LoadAssessment reads and validates an assessment file. It never changes the
// file. Warnings (problems that do not stop the load) are returned with the
// assessment.
func LoadAssessment(path string, b *Bank) (*Assessment, []Problem, error) {
	data, err := safefile.ReadFile(context.Background(), path, "assessment", safefile.LimitDocument)
	if err != nil {
		return nil, nil, err
	}
	return ParseAssessment(data, path, b)
}

// ParseAssessment validates an assessment document; name is used in messages.
func ParseAssessment(data []byte, name string, b *Bank) (*Assessment, []Problem, error) {
	fail := func(ps ...Problem) (*Assessment, []Problem, error) {
		return nil, nil, &LoadError{File: name, Problems: ps}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(Problem{Message: "the file is empty"})
	}
	var head struct {
		SchemaVersion *json.RawMessage `json:"schemaVersion"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return fail(jsonProblem(data, err, ""))
	}
	// Another kind of file is named as such, whatever its version (a result
	// file's schema moves on its own).
	kindWarn, err := checkKind(data, name, KindAssessment, "this", false)
	if err != nil {
		return nil, nil, err
	}
	if head.SchemaVersion == nil {
		return fail(Problem{Path: "schemaVersion", Message: "missing; this does not look like an se06 assessment file"})
	}
	var version int
	if err := json.Unmarshal(*head.SchemaVersion, &version); err != nil {
		return fail(Problem{Path: "schemaVersion", Message: fmt.Sprintf("must be a whole number, got %s", *head.SchemaVersion)})
	}
	if version > AssessmentSchemaVersion {
		return nil, nil, fmt.Errorf("%s: schemaVersion %d is %w (this one reads up to %d); upgrade se06 to open it", name, version, ErrNewerSchema, AssessmentSchemaVersion)
	}
	if version < 1 {
		return fail(Problem{Path: "schemaVersion", Message: fmt.Sprintf("%d is not a valid version (1 to %d)", version, AssessmentSchemaVersion)})
	}
	a, ps := decodeAssessment(data)
	if len(ps) > 0 {
		return fail(ps...)
	}
	if a.Answers == nil {
		a.Answers = Answers{}
	}
	probs := validateAssessment(a, b)
	if kindWarn != nil {
		probs = append([]Problem{*kindWarn}, probs...)
	}
	var errs, warns []Problem
	for _, p := range probs {
		if p.Warning {
			warns = append(warns, p)
		} else {
			errs = append(errs, p)
		}
	}
	if len(errs) > 0 {
		return nil, warns, &LoadError{File: name, Problems: probs}
	}
	return a, warns, nil
}

// decodeAssessment decodes strictly, part by part, so a type error names the
// answer or acceptance it is in (encoding/json drops map keys from its paths).
func decodeAssessment(data []byte) (*Assessment, []Problem) {
	var raw struct {
		Kind          string                     `json:"kind"`
		SchemaVersion int                        `json:"schemaVersion"`
		Metadata      json.RawMessage            `json:"metadata"`
		Scope         json.RawMessage            `json:"scope"`
		Answers       map[string]json.RawMessage `json:"answers"`
		Acceptances   []json.RawMessage          `json:"acceptances"`
		Facts         json.RawMessage            `json:"facts"`
		Progress      json.RawMessage            `json:"progress"`
	}
	if err := strictJSON(data, &raw); err != nil {
		return nil, []Problem{jsonProblem(data, err, "")}
	}
	a := &Assessment{Kind: KindAssessment, SchemaVersion: raw.SchemaVersion, Answers: Answers{}}
	var ps []Problem
	part := func(msg json.RawMessage, v any, path string) {
		if len(msg) == 0 || string(msg) == "null" {
			return
		}
		decode := strictJSON
		if path == "facts" {
			// Snapshots may carry optional fields from a newer collector; they are
			// versioned by facts.schemaVersion, so unknown fields are tolerated.
			decode = func(d []byte, v any) error { return json.Unmarshal(d, v) }
		}
		if err := decode(msg, v); err != nil {
			p := jsonProblem(msg, err, path)
			p.Line = 0 // the offset is within the part, not the file
			ps = append(ps, p)
		}
	}
	part(raw.Metadata, &a.Metadata, "metadata")
	part(raw.Scope, &a.Scope, "scope")
	for id, msg := range raw.Answers {
		var ans Answer
		part(msg, &ans, "answers."+id)
		a.Answers[id] = ans
	}
	for i, msg := range raw.Acceptances {
		var acc Acceptance
		part(msg, &acc, fmt.Sprintf("acceptances[%d]", i))
		a.Acceptances = append(a.Acceptances, acc)
	}
	if len(raw.Facts) > 0 && string(raw.Facts) != "null" {
		a.Facts = &Facts{}
		part(raw.Facts, a.Facts, "facts")
	}
	part(raw.Progress, &a.Progress, "progress")
	sort.Slice(ps, func(i, j int) bool { return ps[i].Path < ps[j].Path })
	return a, ps
}

func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON document")
	}
	return nil
}

// jsonProblem turns a decoding error into a problem with a line and a path;
// prefix is the path of the part being decoded.
func jsonProblem(data []byte, err error, prefix string) Problem {
	join := func(field string) string {
		switch {
		case prefix == "":
			return field
		case field == "":
			return prefix
		}
		return prefix + "." + field
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.As(err, &syn) && strings.Contains(syn.Error(), "unexpected end of JSON input"):
		return Problem{Path: prefix, Message: "the file ends too early (truncated?)"}
	case errors.As(err, &syn):
		return Problem{Line: lineAt(data, syn.Offset), Path: prefix, Message: "not valid JSON: " + syn.Error()}
	case errors.As(err, &typ):
		return Problem{Line: lineAt(data, typ.Offset), Path: join(typ.Field), Message: fmt.Sprintf("expected %s, got JSON %s", typ.Type, typ.Value)}
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return Problem{Path: prefix, Message: "unknown field " + f + " (a typo, or a file from another tool?)"}
	}
	return Problem{Path: prefix, Message: msg}
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

var findingIDPattern = regexp.MustCompile(`^([A-Z]{2}-\d{2})(\.[a-z0-9-]+)?$`)

func validateAssessment(a *Assessment, b *Bank) []Problem {
	var ps []Problem
	ids := make([]string, 0, len(a.Answers))
	for id := range a.Answers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		q, ok := b.Question(id)
		if !ok {
			ps = append(ps, Problem{Path: "answers." + id, Warning: true, Message: "no such question in bank " + b.Version + "; the answer is kept but not evaluated"})
			continue
		}
		for _, m := range ValidateAnswer(q, a.Answers[id]) {
			ps = append(ps, Problem{Path: "answers." + id, Message: m})
		}
	}
	ps = append(ps, validateAcceptances(a.Acceptances, b)...)
	if a.Progress.Current != "" {
		if _, ok := b.Question(a.Progress.Current); !ok {
			ps = append(ps, Problem{Path: "progress.current", Warning: true, Message: fmt.Sprintf("no such question %q; resuming at the start", a.Progress.Current)})
			a.Progress.Current = ""
		}
	}
	if a.Facts != nil {
		ps = append(ps, ValidateFacts(a.Facts, "facts.")...)
	}
	return ps
}

func validateAcceptances(accs []Acceptance, b *Bank) []Problem {
	var ps []Problem
	for i, acc := range accs {
		p := fmt.Sprintf("acceptances[%d]", i)
		m := findingIDPattern.FindStringSubmatch(acc.FindingID)
		switch {
		case acc.FindingID == "":
			ps = append(ps, Problem{Path: p + ".findingId", Message: "required (e.g. KM-01.purge-protection-off)"})
		case m == nil:
			ps = append(ps, Problem{Path: p + ".findingId", Message: fmt.Sprintf("%q is not a finding ID (QUESTION or QUESTION.rule, e.g. KM-01.purge-protection-off)", acc.FindingID)})
		default:
			q, ok := b.Question(m[1])
			if !ok {
				ps = append(ps, Problem{Path: p + ".findingId", Message: fmt.Sprintf("question %s does not exist", m[1])})
			} else if m[2] != "" {
				rid := m[2][1:]
				found := false
				var rules []string
				for _, r := range q.Rules {
					rules = append(rules, q.ID+"."+r.ID)
					found = found || r.ID == rid
				}
				if !found {
					ps = append(ps, Problem{Path: p + ".findingId", Message: fmt.Sprintf("%q is not one of: %s", acc.FindingID, strings.Join(append([]string{q.ID}, rules...), ", "))})
				}
			}
		}
		if strings.TrimSpace(acc.Justification) == "" {
			ps = append(ps, Problem{Path: p + ".justification", Message: "required: why the risk is accepted"})
		}
		if strings.TrimSpace(acc.Approver) == "" {
			ps = append(ps, Problem{Path: p + ".approver", Message: "required: who approved it"})
		}
		if _, err := time.Parse(time.DateOnly, acc.Expires); err != nil {
			ps = append(ps, Problem{Path: p + ".expires", Message: fmt.Sprintf("%q is not a date (YYYY-MM-DD); every acceptance needs an expiry", acc.Expires)})
		}
	}
	return ps
}

// ValidateFacts checks a facts snapshot; prefix is prepended to paths.
func ValidateFacts(f *Facts, prefix string) []Problem {
	var ps []Problem
	if f.SchemaVersion > FactsSchemaVersion {
		ps = append(ps, Problem{Path: prefix + "schemaVersion", Message: fmt.Sprintf("%d is %s (this one reads up to %d)", f.SchemaVersion, ErrNewerSchema, FactsSchemaVersion)})
	}
	check := func(path string, p Provenance) {
		if p.Status != "" && !p.Status.Valid() {
			ps = append(ps, Problem{Path: path + ".status", Message: fmt.Sprintf("%q is not one of: %s", p.Status, joinStrings(factStatuses()))})
		}
	}
	check(prefix+"tenant.provenance", f.Tenant.Provenance)
	for i, e := range f.Environments {
		p := fmt.Sprintf("%senvironments[%d]", prefix, i)
		if e.ID == "" {
			ps = append(ps, Problem{Path: p + ".id", Message: "required"})
		}
		check(p+".provenance", e.Provenance)
	}
	for i, v := range f.Vaults {
		check(fmt.Sprintf("%svaults[%d].provenance", prefix, i), v.Provenance)
	}
	for i, k := range f.Keys {
		check(fmt.Sprintf("%skeys[%d].provenance", prefix, i), k.Provenance)
	}
	for i, pol := range f.Policies {
		check(fmt.Sprintf("%senterprisePolicies[%d].provenance", prefix, i), pol.Provenance)
	}
	return ps
}

// LoadFacts reads a facts snapshot file (as written by se06 collect).
func LoadFacts(path string) (*Facts, error) {
	data, err := safefile.ReadFile(context.Background(), path, "facts snapshot", safefile.LimitDocument)
	if err != nil {
		return nil, err
	}
	return ParseFacts(data, path)
}

// ParseFacts validates a facts snapshot; name is used in messages.
func ParseFacts(data []byte, name string) (*Facts, error) {
	f, _, err := ParseFactsFile(data, name)
	return f, err
}

// ParseFactsFile is ParseFacts with the warnings that do not stop the load
// (a snapshot written before files carried their kind).
func ParseFactsFile(data []byte, name string) (*Facts, []Problem, error) {
	var f Facts
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, &LoadError{File: name, Problems: []Problem{{Message: "the file is empty"}}}
	}
	// Unmarshal, not a Decoder: a Decoder copies the whole document into
	// its own growing buffer first (30 MB more for 10,000 environments).
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, nil, &LoadError{File: name, Problems: []Problem{jsonProblem(data, err, "")}}
	}
	if f.SchemaVersion == 0 {
		return nil, nil, &LoadError{File: name, Problems: []Problem{{Path: "schemaVersion", Message: "missing; this does not look like an se06 facts snapshot"}}}
	}
	// A file that says it is another kind is named as such, whatever its
	// version (a result's schema moves on its own).
	if f.Kind != "" && f.Kind != KindSnapshot {
		if _, err := checkKind(data, name, KindSnapshot, "--facts", true); err != nil {
			return nil, nil, err
		}
	}
	if f.SchemaVersion > FactsSchemaVersion {
		return nil, nil, fmt.Errorf("%s: schemaVersion %d is %w (this one reads up to %d); upgrade se06 to open it", name, f.SchemaVersion, ErrNewerSchema, FactsSchemaVersion)
	}
	// An assessment, a result or {"schemaVersion":1} must not pass for a
	// tenant that was read.
	kindWarn, err := checkKind(data, name, KindSnapshot, "--facts", true)
	if err != nil {
		return nil, nil, err
	}
	if ps := ValidateFacts(&f, ""); len(ps) > 0 {
		return nil, nil, &LoadError{File: name, Problems: ps}
	}
	f.Kind = KindSnapshot
	var warns []Problem
	if kindWarn != nil {
		warns = append(warns, *kindWarn)
	}
	return &f, warns, nil
}

// Marshal encodes the assessment as indented JSON (stable key order).
func (a *Assessment) Marshal() ([]byte, error) {
	data, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode assessment: %w", err)
	}
	return append(data, '\n'), nil
}

// Save writes the assessment atomically: a temporary file in the same folder,
// fsync, then rename over the target. The previous file is kept as PATH.bak.
// A failure leaves the existing file untouched.
func (a *Assessment) Save(path string, now time.Time) error {
	a.Kind, a.SchemaVersion = KindAssessment, AssessmentSchemaVersion
	a.Metadata.Updated = now.UTC()
	if a.Metadata.Created.IsZero() {
		a.Metadata.Created = now.UTC()
	}
	data, err := a.Marshal()
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, data, true)
}

// WriteFileAtomic writes data to path through a temporary file and a rename,
// optionally keeping the previous content as path.bak. internal/safefile
// owns the rules: only regular files, symlinks written through and kept,
// leftovers of a killed run removed.
func WriteFileAtomic(path string, data []byte, keepBackup bool) error {
	return safefile.Write(context.Background(), path, data, safefile.WriteOptions{Backup: keepBackup})
}
