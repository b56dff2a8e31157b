package main

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// Tests written for the survivors of a fresh mutation run; expectations come
// from the --help texts and the comments stating each contract.

// TestFailOnWithoutFindings: --fail-on exits 3 only when an open finding is
// at or above the severity (assess --help); with nothing answered there is no
// finding to fix, so every threshold exits 0.
func TestFailOnWithoutFindings(t *testing.T) {
	answers := filepath.Join(t.TempDir(), "a.yaml")
	if err := os.WriteFile(answers, []byte("answers: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, sev := range []string{"high", "medium", "low"} {
		code, _, stderr := runCLI(t, "assess", "--answers", answers, "--fail-on", sev)
		if code != exitOK || strings.Contains(stderr, "open finding") {
			t.Errorf("--fail-on %s with no findings: exit %d, want %d\n%s", sev, code, exitOK, stderr)
		}
	}
}

// TestCPUProfileIsWritten: $SE06_CPUPROFILE gets a CPU profile of the run
// (collect.go): once stopped, the file holds a complete profile (gzip, as
// pprof writes it) and profiling is free for the next run.
func TestCPUProfileIsWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.pprof")
	for run := 1; run <= 2; run++ {
		stop, err := startProfile(func(k string) string {
			if k == "SE06_CPUPROFILE" {
				return path
			}
			return ""
		})
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		stop()
		data, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			t.Errorf("run %d: profile %d bytes (%v), want a gzip-compressed pprof profile", run, len(data), err)
		}
	}
}

// TestQuestionsCarryTheAIHostingDate: a table Microsoft revises carries its
// revision date into every output (GUIDE), the Markdown question list too.
func TestQuestionsCarryTheAIHostingDate(t *testing.T) {
	b, err := assess.LoadBank()
	if err != nil || b.AIHosting == nil {
		t.Fatalf("bank: %v, hosting table %v", err, b.AIHosting != nil)
	}
	code, stdout, stderr := runCLI(t, "questions", "--format", "md")
	want := "## AI hosting table (" + b.AIHosting.Dated() + ")"
	if code != exitOK || !strings.Contains(stdout, want) || !strings.Contains(stdout, b.AIHosting.Source) {
		t.Errorf("exit %d, want %q and the source %s in the Markdown\n%s", code, want, b.AIHosting.Source, stderr)
	}
}

// TestSummaryConflictLines: a rule-out conflict names its facts in
// TenantSays and its summary says the same, so the line gives them once;
// any other conflict adds its summary (summary.go).
func TestSummaryConflictLines(t *testing.T) {
	b, err := assess.LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	res := &assess.Result{Metadata: assess.Metadata{Title: "T"}, Conflicts: []assess.Conflict{
		{QuestionID: "RULED-OUT", AnswerText: "yes", TenantText: "rules that out", Summary: "SUMMARY-OF-RULE-OUT",
			RuledOut: []assess.Exclusion{{Choice: "yes", Why: "Purge protection is off on a vault"}}},
		{QuestionID: "SHOWN", AnswerText: "yes", Tenant: []string{"no"}, TenantText: "no", Summary: "SUMMARY-OF-SHOWN"},
		{QuestionID: "BARE", AnswerText: "yes", TenantText: "something else", Summary: "SUMMARY-OF-BARE"},
	}}
	var out bytes.Buffer
	if err := printSummary(&out, b, res); err != nil {
		t.Fatal(err)
	}
	lines := map[string]string{}
	for l := range strings.Lines(out.String()) {
		if id, _, ok := strings.Cut(strings.TrimSpace(l), ":"); ok {
			lines[id] = l
		}
	}
	if l := lines["RULED-OUT"]; !strings.Contains(l, "Purge protection is off on a vault") || strings.Contains(l, "SUMMARY-OF-RULE-OUT") {
		t.Errorf("rule-out line %q: want its facts once, without the summary that repeats them", l)
	}
	for _, id := range []string{"SHOWN", "BARE"} {
		if l := lines[id]; !strings.Contains(l, "SUMMARY-OF-"+id) {
			t.Errorf("%s line %q: want its summary", id, l)
		}
	}
}

// TestBankChangesCountEveryOther: the diff says how many of the bank's
// changes concern findings neither assessment has open (BankDiff.Other),
// from one on, and says nothing of them when there are none.
func TestBankChangesCountEveryOther(t *testing.T) {
	for _, c := range []struct {
		other int
		want  string
	}{{0, ""}, {1, "1 more change concerns findings"}, {2, "2 more changes concern findings"}} {
		var out bytes.Buffer
		printBankChanges(&out, &assess.BankDiff{OldVersion: "1.1.0", NewVersion: "1.2.0", Other: c.other, Known: true})
		got := out.String()
		if c.want == "" && strings.Contains(got, "more change") || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("other %d: %q, want %q", c.other, got, c.want)
		}
	}
}

// TestBoundHeapSetsALimitUnlessGOMEMLIMIT: boundHeap sets the soft memory
// limit unless the user set GOMEMLIMIT (memlimit.go).
func TestBoundHeapSetsALimitUnlessGOMEMLIMIT(t *testing.T) {
	old := debug.SetMemoryLimit(-1) // -1 reads the limit without changing it
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	debug.SetMemoryLimit(math.MaxInt64)
	boundHeap(func(string) string { return "1GiB" })
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set, the limit changed to %d", got)
	}
	boundHeap(func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got == math.MaxInt64 || got < 96<<20 {
		t.Errorf("without GOMEMLIMIT, limit %d, want a limit of at least the 96 MiB floor", got)
	}
}

// TestIsTerminalNeedsATerminal: the wizard needs a terminal on stdin and
// stdout; a regular file or a buffer is not one.
func TestIsTerminalNeedsATerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, v := range map[string]any{"regular file": f, "buffer": &bytes.Buffer{}, "nil": nil} {
		if isTerminal(v) {
			t.Errorf("%s taken for a terminal", name)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestSummaryReportsAFailedWrite: a summary that could not be written is an
// error naming what failed, not a silent success.
func TestSummaryReportsAFailedWrite(t *testing.T) {
	b, err := assess.LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	err = printSummary(failingWriter{}, b, &assess.Result{Metadata: assess.Metadata{Title: "T"}})
	if err == nil || !strings.Contains(err.Error(), "write the summary") || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("printSummary to a failing writer: %v", err)
	}
}
