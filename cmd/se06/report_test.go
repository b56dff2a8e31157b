package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// saveExample writes the example assessment to dir and returns its path.
func saveExample(t *testing.T, dir string) string {
	t.Helper()
	saved := filepath.Join(dir, "a.se06.json")
	if code, _, stderr := runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--save", saved); code != exitOK {
		t.Fatalf("assess: exit %d\n%s", code, stderr)
	}
	return saved
}

func TestReportWritesEveryFormat(t *testing.T) {
	dir := t.TempDir()
	saved := saveExample(t, dir)
	out := func(name string) string { return filepath.Join(dir, name) }
	code, _, stderr := runCLI(t, "report", saved, "--pdf", out("r.pdf"), "--json", out("r.json"), "--csv", out("r.csv"), "--md", out("r.md"), "--compare", saved, "--paper", "letter")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	checks := map[string]string{"r.pdf": "%PDF-1.", "r.json": `"schemaVersion"`, "r.csv": "\uFEFF\"Rank\",\"ID\"", "r.md": "# "}
	for name, prefix := range checks {
		data, err := os.ReadFile(out(name))
		if err != nil || !bytes.Contains(data[:min(len(data), 200)], []byte(prefix)) {
			t.Errorf("%s: %v, starts %q", name, err, data[:min(len(data), 40)])
		}
		if !strings.Contains(stderr, "wrote "+out(name)) {
			t.Errorf("no 'wrote %s' message", name)
		}
	}
	if data, _ := os.ReadFile(out("r.json")); !bytes.Contains(data, []byte(`"changes"`)) {
		t.Error("--compare: no changes in the JSON")
	}
	code, stdout, _ := runCLI(t, "report", saved, "--md", "-")
	if code != exitOK || !strings.Contains(stdout, "## Open findings") {
		t.Errorf("--md -: exit %d\n%s", code, stdout)
	}
}

func TestAssessTakesReportFlags(t *testing.T) {
	dir := t.TempDir()
	pdf, csv := filepath.Join(dir, "a.pdf"), filepath.Join(dir, "a.csv")
	code, _, stderr := runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--pdf", pdf, "--csv", csv)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, p := range []string{pdf, csv} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
}

func TestReportUsageAndFailures(t *testing.T) {
	dir := t.TempDir()
	saved := saveExample(t, dir)
	pdf := filepath.Join(dir, "x.pdf")
	for name, args := range map[string][]string{
		"nothing to write": {"report", saved},
		"bad paper":        {"report", saved, "--pdf", pdf, "--paper", "a3"},
		"same file twice":  {"report", saved, "--pdf", pdf, "--md", pdf},
		"bold without":     {"report", saved, "--pdf", pdf, "--font-bold", "b.ttf"},
		"no assessment":    {"report"},
	} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("%s: exit %d, want %d", name, code, exitUsage)
		}
	}
	// A font that is not a font fails the run before any file is written,
	// even the JSON that would have rendered.
	junk := filepath.Join(dir, "junk.ttf")
	os.WriteFile(junk, []byte("not a font"), 0o600)
	js := filepath.Join(dir, "x.json")
	if code, _, _ := runCLI(t, "report", saved, "--json", js, "--pdf", pdf, "--font", junk); code != exitError {
		t.Errorf("junk font: exit %d", code)
	}
	for _, p := range []string{pdf, js} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was written by a failed run", p)
		}
	}
	if code, _, _ := runCLI(t, "report", filepath.Join(dir, "missing.json"), "--pdf", pdf); code != exitError {
		t.Errorf("missing assessment: exit %d", code)
	}
}
