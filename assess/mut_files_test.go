package assess

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadAnswersFileFromDisk reads an answers file through its path (the CLI's
// way in), not only from bytes: the answers written in it come back, and a
// missing file is an error that names it.
func TestLoadAnswersFileFromDisk(t *testing.T) {
	b := miniBank(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "answers.yaml")
	doc := "answers:\n  SC-01: high\n  AR-01: {values: [cmk], note: Contract}\n"
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	asm, err := LoadAnswersFile(path, b)
	if err != nil {
		t.Fatalf("LoadAnswersFile: %v", err)
	}
	if asm == nil {
		t.Fatal("no assessment and no error")
	}
	if a := asm.Answers["SC-01"]; a.State != AnswerAnswered || len(a.Values) != 1 || a.Values[0] != "high" {
		t.Errorf("SC-01 %+v", a)
	}
	if a := asm.Answers["AR-01"]; a.State != AnswerAnswered || len(a.Values) != 1 || a.Values[0] != "cmk" || a.Note != "Contract" {
		t.Errorf("AR-01 %+v", a)
	}
	missing := filepath.Join(dir, "nope.yaml")
	if _, err := LoadAnswersFile(missing, b); err == nil || !strings.Contains(err.Error(), "nope.yaml") {
		t.Errorf("missing file: %v", err)
	}
}

// TestAnswersFileYesNoWords: a yes/no question takes the usual YAML spellings
// of yes and no, in any case, as a scalar, a list or a mapping's values, and
// stores them as the choices "yes" and "no".
func TestAnswersFileYesNoWords(t *testing.T) {
	b := mustBank(t)
	q, ok := b.Question("AI-02")
	if !ok || q.Type != TypeYesNo {
		t.Fatalf("AI-02 is not a yes/no question in the bank: %+v", q)
	}
	cases := map[string]string{
		"true":                  "yes",
		"Yes":                   "yes",
		"y":                     "yes",
		"[TRUE]":                "yes",
		"{values: [Y]}":         "yes",
		"false":                 "no",
		"No":                    "no",
		"{value: n}":            "no",
		"{values: [FALSE]}":     "no",
		"{value: yes, note: x}": "yes",
	}
	for in, want := range cases {
		asm, err := ParseAnswersFile([]byte("answers:\n  AI-02: "+in+"\n"), "a.yaml", b)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		a := asm.Answers["AI-02"]
		if a.State != AnswerAnswered || len(a.Values) != 1 || a.Values[0] != want {
			t.Errorf("AI-02: %s gave %+v, want the choice %q", in, a, want)
		}
	}
}
