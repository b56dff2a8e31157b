package assess

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func sampleAssessment(b *Bank) *Assessment {
	a := NewAssessment(b, Metadata{Title: "Contoso", Organization: "Contoso Ltd", Assessor: "Dana"}, "test", testNow)
	a.Answers["SC-01"] = Answer{State: AnswerAnswered, Values: []string{"high"}, Note: "HR data", Source: SourceUser}
	a.Answers["AR-01"] = Answer{State: AnswerUnsure, Owner: "KV team", FollowUp: "2026-12-15"}
	a.Answers["SC-02"] = Answer{State: AnswerAnswered, Text: "Ünïcödé — ok"}
	a.Acceptances = []Acceptance{{FindingID: "AR-01.mmk-for-sensitive", Justification: "Interim", Approver: "CISO", Expires: "2027-03-31"}}
	a.Facts = twoEnvFacts()
	a.Progress.Current = "AR-02"
	return a
}

func TestAssessmentRoundTrip(t *testing.T) {
	b := miniBank(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "a.se06.json")
	a := sampleAssessment(b)
	if err := a.Save(path, testNow); err != nil {
		t.Fatal(err)
	}
	got, warns, err := LoadAssessment(path, b)
	if err != nil || len(warns) > 0 {
		t.Fatalf("load: %v %v", err, warns)
	}
	first, _ := a.Marshal()
	second, _ := got.Marshal()
	if !bytes.Equal(first, second) {
		t.Fatalf("round trip changed the document:\n%s\n---\n%s", first, second)
	}
	if got.Progress.Current != "AR-02" || got.Answers["AR-01"].Owner != "KV team" {
		t.Errorf("lost data: %+v", got)
	}
}

func TestSaveKeepsBackupAndIsAtomic(t *testing.T) {
	b := miniBank(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "a.json")
	a := sampleAssessment(b)
	if err := a.Save(path, testNow); err != nil {
		t.Fatal(err)
	}
	v1, _ := os.ReadFile(path)
	a.Answers["SC-01"] = Answer{State: AnswerAnswered, Values: []string{"low"}}
	if err := a.Save(path, testNow.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	bak, err := os.ReadFile(path + ".bak")
	if err != nil || !bytes.Equal(bak, v1) {
		t.Fatalf(".bak should hold the previous version: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	// Every save replaces the file with a new one (temporary file and
	// rename): a save written in place keeps the file's identity.
	st1, _ := os.Stat(path)
	if err := a.Save(path, testNow.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	st2, _ := os.Stat(path)
	if os.SameFile(st1, st2) {
		t.Error("the save wrote the file in place (same identity before and after)")
	}
	// A save that cannot write leaves the existing file untouched.
	t.Run("read-only folder", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("running as root, which ignores folder permissions; TestFailedSaveKeepsOldBytes covers a failed save as root")
		}
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o700)
		before, _ := os.ReadFile(path)
		if err := a.Save(path, testNow); err == nil {
			t.Error("save into a read-only folder succeeded")
		}
		after, _ := os.ReadFile(path)
		if !bytes.Equal(before, after) {
			t.Error("a failed save changed the file")
		}
	})
}

func TestLoadAssessmentProblems(t *testing.T) {
	b := miniBank(t)
	good, _ := sampleAssessment(b).Marshal()
	tests := []struct {
		name string
		doc  string
		want []string // substrings of the error
	}{
		{"empty", "", []string{"the file is empty"}},
		{"not json", "hello", []string{"not valid JSON"}},
		{"truncated", string(good[:len(good)/2]), []string{"truncated"}},
		{"no schema version", `{"answers":{}}`, []string{"schemaVersion", "does not look like an se06 assessment"}},
		{"schema version is text", `{"schemaVersion":"one"}`, []string{"schemaVersion", "whole number"}},
		{"wrong type", `{"schemaVersion":1,"answers":{"SC-01":{"state":"answered","values":"high"}}}`, []string{"answers.SC-01.values", "expected []string"}},
		{"unknown field", `{"schemaVersion":1,"answerz":{}}`, []string{`unknown field "answerz"`}},
		{"bad choice", `{"schemaVersion":1,"answers":{"AR-01":{"state":"answered","values":["maybe"]}}}`, []string{`answers.AR-01: "maybe" is not one of: mmk, cmk, unsure`}},
		{"bad state", `{"schemaVersion":1,"answers":{"AR-01":{"state":"perhaps"}}}`, []string{`answers.AR-01: state "perhaps" is not one of: answered, unsure, skipped, not-applicable`}},
		{"two values for single", `{"schemaVersion":1,"answers":{"AR-01":{"state":"answered","values":["mmk","cmk"]}}}`, []string{"takes one value"}},
		{"exclusive none", `{"schemaVersion":1,"answers":{"AR-03":{"state":"answered","values":["a","none"]}}}`, []string{`"none" cannot be combined`}},
		{"bad follow-up", `{"schemaVersion":1,"answers":{"AR-01":{"state":"unsure","followUp":"next week"}}}`, []string{"followUp", "YYYY-MM-DD"}},
		{"bad acceptance", `{"schemaVersion":1,"answers":{},"acceptances":[{"findingId":"AR-01.nope","expires":"soon"}]}`, []string{
			`acceptances[0].findingId: "AR-01.nope" is not one of: AR-01, AR-01.mmk-for-sensitive`,
			"acceptances[0].justification: required", "acceptances[0].approver: required", "acceptances[0].expires"}},
		{"bad fact status", `{"schemaVersion":1,"answers":{},"facts":{"schemaVersion":1,"tenant":{"provenance":{"status":"meh"}},"environments":[]}}`, []string{"facts.tenant.provenance.status", "not one of: ok"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ParseAssessment([]byte(tc.doc), "x.json", b)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			if !strings.HasPrefix(err.Error(), "x.json") {
				t.Errorf("error does not name the file: %v", err)
			}
		})
	}
}

func TestLoadAssessmentFutureVersion(t *testing.T) {
	b := miniBank(t)
	_, _, err := ParseAssessment([]byte(`{"schemaVersion": 99, "whatever": true}`), "new.json", b)
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "upgrade se06") {
		t.Fatalf("got %v", err)
	}
}

func TestLoadAssessmentKeepsUnknownQuestions(t *testing.T) {
	b := miniBank(t)
	doc := `{"kind":"assessment","schemaVersion":1,"answers":{"ZZ-99":{"state":"answered","values":["x"]}},"progress":{"current":"QQ-01"}}`
	a, warns, err := ParseAssessment([]byte(doc), "old.json", b)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.Answers["ZZ-99"]; !ok {
		t.Error("unknown answer dropped")
	}
	if len(warns) != 2 || warns[0].Path != "answers.ZZ-99" {
		t.Errorf("warnings %v", warns)
	}
	if _, err := Evaluate(a.Input(b, testNow)); err != nil {
		t.Errorf("evaluate with an unknown answer: %v", err)
	}
}

func TestFailedLoadNeverChangesFile(t *testing.T) {
	b := miniBank(t)
	path := filepath.Join(t.TempDir(), "broken.json")
	doc := []byte(`{"schemaVersion":1,"answers":{"AR-01":{"state":"answered","values":["maybe"]}}}`)
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadAssessment(path, b); err == nil {
		t.Fatal("accepted")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, doc) {
		t.Error("load changed the file")
	}
	if _, err := os.Stat(path + ".bak"); err == nil {
		t.Error("load wrote a backup")
	}
}

func TestParseFacts(t *testing.T) {
	if _, err := ParseFacts([]byte(`{"schemaVersion":2}`), "f.json"); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("future facts: %v", err)
	}
	if _, err := ParseFacts([]byte(`{}`), "f.json"); err == nil || !strings.Contains(err.Error(), "schemaVersion") {
		t.Errorf("no version: %v", err)
	}
	if _, err := ParseFacts([]byte(`{"schemaVersion":1,"environments":[{"name":"x"}]}`), "f.json"); err == nil || !strings.Contains(err.Error(), "environments[0].id") {
		t.Errorf("environment without id: %v", err)
	}
	f, err := ParseFacts([]byte(`{"schemaVersion":1,"environments":[{"id":"e","provenance":{"status":"ok"}}]}`), "f.json")
	if err != nil || len(f.Environments) != 1 {
		t.Errorf("valid facts: %v", err)
	}
}
