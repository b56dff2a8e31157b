package assess

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Files: the answers file, the assessment file and facts snapshots, each
// expectation from the doc comments of answersfile.go and assessment.go.

// TestAnswersFileMappingForms: a mapping answer is answered when it gives
// values, a value or text; with none of them and no state it is refused
// with the keys it could give.
func TestAnswersFileMappingForms(t *testing.T) {
	b := miniBank(t)
	cases := []struct {
		yaml  string
		qid   string
		state AnswerState
		vals  string
		text  string
		err   string
	}{
		{"AR-01: {values: [cmk]}", "AR-01", AnswerAnswered, "cmk", "", ""},
		{"AR-01: {value: mmk, note: why}", "AR-01", AnswerAnswered, "mmk", "", ""},
		{"SC-02: {text: hello}", "SC-02", AnswerAnswered, "", "hello", ""},
		{"AR-01: {state: not sure, owner: Ann}", "AR-01", AnswerUnsure, "", "", ""},
		{"AR-01: {state: answered, value: cmk}", "AR-01", AnswerAnswered, "cmk", "", ""},
		{"AR-01: {note: only a note}", "AR-01", "", "", "", "give values, text or a state (answered, unsure, skipped, not-applicable)"},
		{"AR-01: {state: perhaps}", "AR-01", "", "", "", `state "perhaps" is not one of: answered, unsure, skipped, not-applicable`},
		{"AR-01: {colour: red}", "AR-01", "", "", "", "(allowed keys: state, values, value, text, note, owner, followUp)"},
		{"AR-01: [[cmk]]", "AR-01", "", "", "", "list items must be choice IDs"},
		{"AR-03: [a, b]", "AR-03", AnswerAnswered, "a,b", "", ""},
		{"AR-01: n/a", "AR-01", AnswerNotApplicable, "", "", ""},
		{"AR-01: skip", "AR-01", AnswerSkipped, "", "", ""},
		{"SC-02: some words", "SC-02", AnswerAnswered, "", "some words", ""},
	}
	for _, c := range cases {
		a, err := ParseAnswersFile([]byte("answers:\n  "+c.yaml+"\n"), "a.yaml", b)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: %v, want an error with %q", c.yaml, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.yaml, err)
			continue
		}
		got := a.Answers[c.qid]
		if got.State != c.state || strings.Join(got.Values, ",") != c.vals || got.Text != c.text {
			t.Errorf("%s: %+v, want state %s values %q text %q", c.yaml, got, c.state, c.vals, c.text)
		}
	}
}

// TestAssessmentSchemaVersionBounds: 1 up to the current version are read,
// 0 and negative versions are refused as invalid, a newer one as newer.
func TestAssessmentSchemaVersionBounds(t *testing.T) {
	b := miniBank(t)
	for _, c := range []struct {
		v    string
		want string
	}{
		{"0", "0 is not a valid version (1 to "},
		{"-1", "-1 is not a valid version (1 to "},
		{"1", ""},
		{"99", "is written by a newer version of se06"},
	} {
		_, _, err := ParseAssessment([]byte(`{"kind":"assessment","schemaVersion":`+c.v+`,"answers":{}}`), "a.json", b)
		if c.want == "" {
			if err != nil {
				t.Errorf("version %s: %v", c.v, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("version %s: %v, want %q", c.v, err, c.want)
		}
	}
}

// TestAssessmentPartsStrictExceptFacts: unknown fields are an error in
// every part of an assessment except the facts snapshot, which may come from
// a newer collector; "facts": null or no facts means no snapshot.
func TestAssessmentPartsStrictExceptFacts(t *testing.T) {
	b := miniBank(t)
	a, _, err := ParseAssessment([]byte(`{"kind":"assessment","schemaVersion":1,"answers":{},"facts":{"schemaVersion":1,"collectorExtra":true,"environments":[]}}`), "a.json", b)
	if err != nil || a.Facts == nil {
		t.Fatalf("facts with an unknown field: %v (facts %v)", err, a)
	}
	_, _, err = ParseAssessment([]byte(`{"kind":"assessment","schemaVersion":1,"answers":{"AR-01":{"state":"answered","values":["cmk"],"colour":"red"}}}`), "a.json", b)
	if err == nil || !strings.Contains(err.Error(), "answers.AR-01") || !strings.Contains(err.Error(), `unknown field "colour"`) {
		t.Errorf("answer with an unknown field: %v", err)
	}
	_, _, err = ParseAssessment([]byte(`{"kind":"assessment","schemaVersion":1,"answers":{},"metadata":{"colour":"red"}}`), "a.json", b)
	if err == nil || !strings.Contains(err.Error(), "metadata") {
		t.Errorf("metadata with an unknown field: %v", err)
	}
	// a one-character facts value is still read (and refused)
	_, _, err = ParseAssessment([]byte(`{"kind":"assessment","schemaVersion":1,"answers":{},"facts":7}`), "a.json", b)
	if err == nil || !strings.Contains(err.Error(), "facts") {
		t.Errorf("facts 7: %v", err)
	}
	for _, doc := range []string{
		`{"kind":"assessment","schemaVersion":1,"answers":{},"facts":null}`,
		`{"kind":"assessment","schemaVersion":1,"answers":{}}`,
	} {
		a, _, err := ParseAssessment([]byte(doc), "a.json", b)
		if err != nil || a.Facts != nil {
			t.Errorf("%s: facts %v, err %v; want no snapshot", doc, a.Facts, err)
		}
	}
}

// TestJSONProblemKinds: each kind of decoding error becomes its message:
// truncation, syntax (with its line), a wrong type (with the field's path),
// an unknown field, anything else as it is.
func TestJSONProblemKinds(t *testing.T) {
	for _, err := range []error{io.ErrUnexpectedEOF, io.EOF} {
		if p := jsonProblem(nil, err, "facts"); p.Path != "facts" || p.Message != "the file ends too early (truncated?)" {
			t.Errorf("%v: %+v", err, p)
		}
	}
	p := jsonProblem(nil, errors.New(`json: unknown field "zz"`), "answers.AR-01")
	if p.Path != "answers.AR-01" || p.Message != `unknown field "zz" (a typo, or a file from another tool?)` {
		t.Errorf("unknown field: %+v", p)
	}
	p = jsonProblem(nil, errors.New("something else"), "")
	if p.Path != "" || p.Message != "something else" {
		t.Errorf("other error: %+v", p)
	}
	var v struct{ A int }
	data := []byte("{\n\"A\": \"x\"}")
	err := strictJSON(data, &v)
	if p := jsonProblem(data, err, "part"); p.Path != "part.A" || p.Line != 2 || !strings.Contains(p.Message, "expected int, got JSON string") {
		t.Errorf("type error: %+v", p)
	}
	data = []byte("{\n\n\"A\": 1,}")
	err = strictJSON(data, &v)
	if p := jsonProblem(data, err, ""); p.Line != 3 || !strings.HasPrefix(p.Message, "not valid JSON: ") {
		t.Errorf("syntax error: %+v", p)
	}
	if err := strictJSON([]byte(`{"A":1} {"A":2}`), &v); err == nil || err.Error() != "unexpected data after the JSON document" {
		t.Errorf("two documents: %v", err)
	}
	// an offset past the end counts the lines of the whole text
	if got := lineAt([]byte("a\nb\nc"), 99); got != 3 {
		t.Errorf("lineAt past the end: %d, want 3", got)
	}
	if got := lineAt([]byte("a\nb\nc"), 2); got != 2 {
		t.Errorf("lineAt(2): %d, want 2", got)
	}
}

// TestProblemString: "line 3: answers.AR-01: message", the path alone, or
// the message alone.
func TestProblemString(t *testing.T) {
	for _, c := range []struct {
		p    Problem
		want string
	}{
		{Problem{Line: 3, Path: "answers.AR-01", Message: "m"}, "line 3: answers.AR-01: m"},
		{Problem{Line: 1, Message: "m"}, "line 1: m"},
		{Problem{Path: "scope", Message: "m"}, "scope: m"},
		{Problem{Message: "m"}, "m"},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.p, got, c.want)
		}
	}
}

// TestFactsFileOfAnotherKind: a file that says it is another kind is named
// as such whatever its version, before the version is looked at.
func TestFactsFileOfAnotherKind(t *testing.T) {
	_, err := ParseFacts([]byte(`{"kind":"result","schemaVersion":99,"findings":[]}`), "r.json")
	if err == nil || !strings.Contains(err.Error(), "r.json is an se06 result file") || errors.Is(err, ErrNewerSchema) {
		t.Errorf("a result of version 99 as facts: %v, want it named as a result", err)
	}
	_, err = ParseFacts([]byte(`{"kind":"snapshot","schemaVersion":99,"environments":[]}`), "s.json")
	if !errors.Is(err, ErrNewerSchema) {
		t.Errorf("a snapshot of version 99: %v, want ErrNewerSchema", err)
	}
	f, err := ParseFacts([]byte(`{"kind":"snapshot","schemaVersion":1,"environments":[]}`), "s.json")
	if err != nil || f == nil || f.Kind != KindSnapshot {
		t.Errorf("a snapshot: %v %v", f, err)
	}
}

// TestSaveKeepsCreated: the first save sets Created and Updated; a later
// one moves Updated only.
func TestSaveKeepsCreated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.json")
	a := &Assessment{Answers: Answers{}}
	t1 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.FixedZone("X", 3600))
	if err := a.Save(path, t1); err != nil {
		t.Fatal(err)
	}
	if !a.Metadata.Created.Equal(t1) || !a.Metadata.Updated.Equal(t1) || a.Metadata.Created.Location() != time.UTC {
		t.Errorf("first save: created %v updated %v, want both %v in UTC", a.Metadata.Created, a.Metadata.Updated, t1)
	}
	t2 := t1.Add(48 * time.Hour)
	if err := a.Save(path, t2); err != nil {
		t.Fatal(err)
	}
	if !a.Metadata.Created.Equal(t1) || !a.Metadata.Updated.Equal(t2) {
		t.Errorf("second save: created %v updated %v, want %v and %v", a.Metadata.Created, a.Metadata.Updated, t1, t2)
	}
	back, _, err := LoadAssessment(path, miniBank(t))
	if err != nil || !back.Metadata.Created.Equal(t1) || back.Kind != KindAssessment || back.SchemaVersion != AssessmentSchemaVersion {
		t.Errorf("read back: %+v %v", back, err)
	}
}

// TestValidateFactsEachPath: every problem ValidateFacts finds is named by
// its path under the prefix: a newer schema, an environment without ID,
// and an unknown status on the tenant, an environment, a vault, a key, a
// policy.
func TestValidateFactsEachPath(t *testing.T) {
	bad := Provenance{Status: "meh"}
	f := &Facts{
		SchemaVersion: FactsSchemaVersion + 1,
		Tenant:        Tenant{Provenance: bad},
		Environments:  []Environment{{ID: "e0", Provenance: okProv()}, {Provenance: bad}},
		Vaults:        []Vault{{Provenance: okProv()}, {Provenance: bad}},
		Keys:          []Key{{Provenance: bad}},
		Policies:      []EnterprisePolicy{{Provenance: Provenance{}}, {Provenance: bad}},
	}
	var got []string
	for _, p := range ValidateFacts(f, "facts.") {
		got = append(got, p.Path)
	}
	want := []string{"facts.schemaVersion", "facts.tenant.provenance.status", "facts.environments[1].id", "facts.environments[1].provenance.status",
		"facts.vaults[1].provenance.status", "facts.keys[0].provenance.status", "facts.enterprisePolicies[1].provenance.status"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("paths\n got %v\nwant %v", got, want)
	}
	for _, s := range []FactStatus{StatusOK, StatusNotPermitted, StatusNotFound, StatusError, StatusNotApplicable, StatusNotCollected} {
		if !s.Valid() {
			t.Errorf("%s is not valid", s)
		}
	}
	if FactStatus("meh").Valid() || FactStatus("").Valid() {
		t.Error("an unknown status is valid")
	}
	if ps := ValidateFacts(&Facts{SchemaVersion: FactsSchemaVersion}, ""); len(ps) != 0 {
		t.Errorf("valid facts: %v", ps)
	}
}
