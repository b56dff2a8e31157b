package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ppwaf/se06/assess/tenant"
)

// bigTenant writes a snapshot of the demo tenant grown to n production
// environments, some with hostile names, and returns its path.
func bigTenant(t *testing.T, n int) string {
	t.Helper()
	f, err := tenant.Demo(testNow)
	if err != nil {
		t.Fatal(err)
	}
	base := f.Environments[0]
	base.KeyManagedBy, base.CMK = "Microsoft", nil
	for i := range n {
		e := base
		e.ID = fmt.Sprintf("env-%05d", i)
		e.Name = fmt.Sprintf("Environment %d", i)
		switch i % 100 {
		case 1:
			e.Name = strings.Repeat("W", 300)
		case 2:
			e.Name = "evil\x1b[2J\x1b]0;owned\x07\u202ename"
		}
		f.Environments = append(f.Environments, e)
	}
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSummaryAtScale(t *testing.T) {
	facts := bigTenant(t, 1200)
	code, stdout, stderr := runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--facts", facts)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if len(stdout) > 16<<10 {
		t.Errorf("summary is %d bytes for 1,200 environments, want at most 16 KB", len(stdout))
	}
	for i, l := range strings.Split(stdout, "\n") {
		if n := utf8.RuneCountInString(l); n >= 300 {
			t.Errorf("line %d has %d characters: %.80q…", i+1, n, l)
		}
		if strings.ContainsAny(l, "\x1b\x07\u202e") {
			t.Errorf("line %d carries a control or bidi character: %q", i+1, l)
		}
	}
	if !strings.Contains(stdout, "more") || !strings.Contains(stdout, "1,1") {
		t.Errorf("no capped list (…and 1,1xx more) in:\n%s", stdout)
	}
	// Columns align: every finding row puts its ID at the same offset.
	id := regexp.MustCompile(`[A-Z]{2}-\d{2}`)
	col, rows := -1, 0
	for _, l := range strings.Split(stdout, "\n") {
		if !regexp.MustCompile(`^(HIGH|MEDIUM|LOW|INFO) `).MatchString(l) {
			continue
		}
		rows++
		at := id.FindStringIndex(l)
		if col == -1 {
			col = at[0]
		} else if at[0] != col {
			t.Errorf("finding ID at %d, want %d: %q", at[0], col, l)
		}
	}
	if rows == 0 {
		t.Error("no finding rows")
	}
}

func TestSummaryGoesToStderrWhenStdoutCarriesAFile(t *testing.T) {
	code, stdout, stderr := runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--json", "-")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Errorf("stdout is not only the JSON: %v\n%.300s", err, stdout)
	}
	if !strings.Contains(stderr, "Grade ") || !strings.Contains(stderr, "Open findings") {
		t.Errorf("the summary is not on stderr:\n%s", stderr)
	}
	// Without a file on stdout, the summary is stdout's.
	_, stdout, _ = runCLI(t, "assess", "--answers", "../../examples/answers.yaml")
	if !strings.HasPrefix(strings.SplitN(stdout, "\n", 2)[1], "Grade ") {
		t.Errorf("summary not on stdout:\n%.300s", stdout)
	}
}

func TestAtMostOneOutputOnStdout(t *testing.T) {
	code, stdout, stderr := runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--json", "-", "--md", "-")
	if code != exitUsage || stdout != "" {
		t.Fatalf("two outputs on stdout: exit %d, stdout %.100q", code, stdout)
	}
	if !strings.Contains(stderr, "--json and --md") || !strings.Contains(stderr, "at most one") {
		t.Errorf("the error does not name the flags: %s", stderr)
	}
	dir := saveExample(t, t.TempDir())
	code, _, stderr = runCLI(t, "report", dir, "--csv", "-", "--md", "-", "--json", "-")
	if code != exitUsage || !strings.Contains(stderr, "--json, --csv, --md") {
		t.Errorf("three outputs on stdout: exit %d: %s", code, stderr)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1180: "1,180", 1234567: "1,234,567", -1200: "-1,200"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
