package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// runCLI runs se06 in-process with captured streams.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: func(string) string { return "" }}
	code = run(context.Background(), a, args)
	return code, out.String(), errb.String()
}

func TestAssessExample(t *testing.T) {
	dir := t.TempDir()
	jsonOut := filepath.Join(dir, "out.json")
	saved := filepath.Join(dir, "a.se06.json")
	code, stdout, stderr := runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--json", jsonOut, "--save", saved)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "Grade ") || !strings.Contains(stdout, "Data at rest") {
		t.Errorf("summary:\n%s", stdout)
	}
	var res assess.Result
	data, err := os.ReadFile(jsonOut)
	if err != nil || json.Unmarshal(data, &res) != nil || len(res.Findings) == 0 {
		t.Fatalf("json output: %v", err)
	}
	b, _ := assess.LoadBank()
	if _, _, err := assess.LoadAssessment(saved, b); err != nil {
		t.Errorf("saved assessment does not load: %v", err)
	}
}

func TestAssessFailOn(t *testing.T) {
	dir := t.TempDir()
	answers := filepath.Join(dir, "a.yaml")
	os.WriteFile(answers, []byte("answers:\n  DP-01: \"yes\"\n"), 0o600)
	code, _, stderr := runCLI(t, "assess", "--answers", answers, "--fail-on", "high")
	if code != exitFindings {
		t.Errorf("exit %d, want %d\n%s", code, exitFindings, stderr)
	}
	code, _, _ = runCLI(t, "assess", "--answers", answers)
	if code != exitOK {
		t.Errorf("without --fail-on: exit %d", code)
	}
	code, _, stderr = runCLI(t, "assess", "--answers", answers, "--fail-on", "critical")
	if code != exitUsage || !strings.Contains(stderr, `"critical" is not one of: high, medium, low`) {
		t.Errorf("bad --fail-on: exit %d %s", code, stderr)
	}
}

func TestAssessBadInput(t *testing.T) {
	dir := t.TempDir()
	answers := filepath.Join(dir, "bad.yaml")
	os.WriteFile(answers, []byte("answers:\n  AR-01: maybe\n"), 0o600)
	code, stdout, stderr := runCLI(t, "assess", "--answers", answers)
	if code != exitError {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{"bad.yaml", "line 2: answers.AR-01", `"maybe" is not one of:`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if stdout != "" || strings.Contains(stderr, "goroutine") {
		t.Errorf("unexpected output: %q %q", stdout, stderr)
	}
	code, _, stderr = runCLI(t, "assess")
	if code != exitUsage || !strings.Contains(stderr, `"answers" not set`) {
		t.Errorf("missing --answers: exit %d %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "assess", "--bogus")
	if code != exitUsage || !strings.Contains(stderr, "unknown flag") {
		t.Errorf("unknown flag: exit %d %s", code, stderr)
	}
}

func TestSaveDoesNotClobberOnFailure(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "a.se06.json")
	os.WriteFile(saved, []byte("precious"), 0o600)
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("answers:\n  AR-01: maybe\n"), 0o600)
	if code, _, _ := runCLI(t, "assess", "--answers", bad, "--save", saved); code == exitOK {
		t.Fatal("bad answers accepted")
	}
	if data, _ := os.ReadFile(saved); string(data) != "precious" {
		t.Error("a failed run overwrote the saved file")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"diff", "only-one.json"}, {"nonsense"}, {"report"}} {
		if code, _, stderr := runCLI(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, exitUsage, stderr)
		}
	}
}

func TestQuestionsFormats(t *testing.T) {
	for _, f := range []string{"md", "yaml", "json"} {
		code, stdout, stderr := runCLI(t, "questions", "--format", f)
		if code != exitOK || !strings.Contains(stdout, "AR-01") {
			t.Errorf("%s: exit %d %s", f, code, stderr)
		}
	}
	_, md, _ := runCLI(t, "questions")
	for _, want := range []string{"_Findings:_", "«cmk-required»", "_Asked only when_", "https://learn.microsoft.com/"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown bank lacks %q", want)
		}
	}
	if code, _, _ := runCLI(t, "questions", "--format", "pdf"); code != exitUsage {
		t.Errorf("bad format: exit %d", code)
	}
}

func TestDiff(t *testing.T) {
	dir := t.TempDir()
	oldA := filepath.Join(dir, "old.json")
	newA := filepath.Join(dir, "new.json")
	y1 := filepath.Join(dir, "1.yaml")
	y2 := filepath.Join(dir, "2.yaml")
	os.WriteFile(y1, []byte("answers:\n  DP-01: \"yes\"\n"), 0o600)
	os.WriteFile(y2, []byte("answers:\n  DP-01: \"no\"\n"), 0o600)
	runCLI(t, "assess", "--answers", y1, "--save", oldA)
	runCLI(t, "assess", "--answers", y2, "--save", newA)
	code, stdout, stderr := runCLI(t, "diff", oldA, newA)
	if code != exitOK || !strings.Contains(stdout, "Resolved findings (1)") || !strings.Contains(stdout, "DP-01.") {
		t.Errorf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, "diff", "--json", "-", oldA, newA)
	if code != exitOK || !json.Valid([]byte(stdout)) {
		t.Errorf("json diff: exit %d", code)
	}
	out := filepath.Join(dir, "diff.json")
	code, stdout, stderr = runCLI(t, "diff", oldA, newA, "--json", out)
	if data, err := os.ReadFile(out); code != exitOK || err != nil || !json.Valid(data) || !strings.Contains(stdout, "Resolved findings (1)") {
		t.Errorf("--json FILE: exit %d, %v\n%s", code, err, stderr)
	}
	before, _ := os.ReadFile(newA)
	code, _, stderr = runCLI(t, "diff", oldA, newA, "--json", newA)
	if after, _ := os.ReadFile(newA); code != exitUsage || !strings.Contains(stderr, "--json "+newA+" is the same file as NEW "+newA+": writing it would destroy the input") || !bytes.Equal(before, after) {
		t.Errorf("--json onto an input: exit %d\n%s", code, stderr)
	}
	// A symlink to an input is the input (safefile's one collision check).
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(oldA, link); err != nil {
		t.Fatal(err)
	}
	before, _ = os.ReadFile(oldA)
	code, _, stderr = runCLI(t, "diff", oldA, newA, "--json", link)
	if after, _ := os.ReadFile(oldA); code != exitUsage || !strings.Contains(stderr, "is the same file as OLD "+oldA) || !bytes.Equal(before, after) {
		t.Errorf("--json onto a symlink to an input: exit %d\n%s", code, stderr)
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, stdout, _ := runCLI(t, "version")
	if code != exitOK || !strings.Contains(stdout, "se06 test") || !strings.Contains(stdout, "SE:06") {
		t.Errorf("version: %d %s", code, stdout)
	}
	code, stdout, _ = runCLI(t, "--version")
	if code != exitOK || strings.TrimSpace(stdout) != "se06 test" {
		t.Errorf("--version: %d %q", code, stdout)
	}
	code, stdout, _ = runCLI(t, "--help")
	if code != exitOK || !strings.Contains(stdout, "Exit codes") {
		t.Errorf("help: %d", code)
	}
	code, stdout, _ = runCLI(t, "completion", "bash")
	if code != exitOK || !strings.Contains(stdout, "se06") {
		t.Errorf("completion: %d", code)
	}
}

func TestAssessDemo(t *testing.T) {
	code, stdout, stderr := runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--demo")
	if code != exitOK || !strings.Contains(stdout, "Conflicts with the tenant (") {
		t.Errorf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--demo", "--facts", "x.json")
	if code != exitUsage || !strings.Contains(stderr, "cannot be combined") {
		t.Errorf("--demo with --facts: exit %d %s", code, stderr)
	}
}
