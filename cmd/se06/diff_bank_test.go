package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffAcrossBankVersions: an assessment written with an older bank says
// which findings the bank changed, apart from what the answers changed.
func TestDiffAcrossBankVersions(t *testing.T) {
	dir := t.TempDir()
	oldA, newA := filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json")
	answers := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(answers, []byte("answers:\n  DT-01: legacy\n  MG-03: annual\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{oldA, newA} {
		if code, _, stderr := runCLI(t, "assess", "--answers", answers, "--save", p); code != exitOK {
			t.Fatalf("assess: exit %d: %s", code, stderr)
		}
	}
	// Make old.json look written by bank 1.1.0.
	raw, err := os.ReadFile(oldA)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	meta, ok := doc["metadata"].(map[string]any)
	if !ok {
		t.Fatalf("no metadata in %s", raw)
	}
	meta["bankVersion"] = "1.1.0"
	if raw, err = json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(oldA, raw, 0o600); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := runCLI(t, "diff", oldA, newA)
	if code != exitOK {
		t.Fatalf("diff: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Changed by the question bank 1.1.0 → 1.2.0", "DT-01.legacy-callers", "severity high → medium"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("diff output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "history does not go back") {
		t.Errorf("1.1.0 is covered by the history:\n%s", stdout)
	}
	code, stdout, _ = runCLI(t, "diff", "--json", "-", oldA, newA)
	var d struct {
		Bank *struct {
			OldVersion, NewVersion string
			Affecting              []struct{ Finding, Change, Version string }
		} `json:"bank"`
	}
	if code != exitOK || json.Unmarshal([]byte(stdout), &d) != nil || d.Bank == nil || d.Bank.OldVersion != "1.1.0" || len(d.Bank.Affecting) == 0 {
		t.Errorf("json diff: exit %d, bank %+v", code, d.Bank)
	}
	// Same bank version: no bank section.
	if _, stdout, _ := runCLI(t, "diff", newA, newA); strings.Contains(stdout, "question bank") {
		t.Errorf("same bank version still reports bank changes:\n%s", stdout)
	}
}
