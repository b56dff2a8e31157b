package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// How run maps errors to exit codes and messages (root --help, 'se06 help
// exit-codes'), the help command and its completion, and the diff's tables.

// seqWriter fails every write with the next of its errors.
type seqWriter struct{ errs []error }

func (s *seqWriter) Write(p []byte) (int, error) {
	if len(s.errs) == 0 {
		return len(p), nil
	}
	err := s.errs[0]
	s.errs = s.errs[1:]
	if err == nil {
		return len(p), nil
	}
	return 0, err
}

// TestFailedWriterKeepsTheFirstError: the failure reported for standard
// output is the first one, not a later one.
func TestFailedWriterKeepsTheFirstError(t *testing.T) {
	first, second := errors.New("first"), errors.New("second")
	f := &failedWriter{w: &seqWriter{errs: []error{nil, first, nil, second}}}
	for range 4 {
		_, _ = f.Write([]byte("x"))
	}
	if f.err != first {
		t.Errorf("remembered %v, want the first failure", f.err)
	}
	ok := &failedWriter{w: &seqWriter{}}
	if _, err := ok.Write([]byte("x")); err != nil || ok.err != nil {
		t.Errorf("a good write: %v, remembered %v", err, ok.err)
	}
}

// TestUnstampedBuildSaysDev: a build with neither a release version nor a
// module version ("(devel)", as every go test and plain go build binary
// reports) says "dev" (main.go: buildVersion).
func TestUnstampedBuildSaysDev(t *testing.T) {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version != "(devel)" {
		t.Skipf("this binary has a module version (%v, %+v); the case needs an unversioned build", ok, bi)
	}
	saved := [3]string{version, commit, date}
	t.Cleanup(func() { version, commit, date = saved[0], saved[1], saved[2] })
	version, commit, date = "", "", ""
	if got := buildVersion(); got != "dev" {
		t.Errorf("unstamped, unversioned build: %q, want dev", got)
	}
	commit = "abc1234"
	if got := buildVersion(); got != "dev (commit abc1234)" {
		t.Errorf("unversioned build with a commit: %q, want %q", got, "dev (commit abc1234)")
	}
}

// TestSignalsNameTheirCause: a run whose context ends with SIGTERM exits 143
// and says "terminated (SIGTERM)"; with Ctrl+C it exits 130 and says
// "interrupted" (root --help). The signal comes once the assessment is
// evaluated, when the outputs read the report clock (a point the outputs
// check for an end before writing), so the run surely sees it.
func TestSignalsNameTheirCause(t *testing.T) {
	for cause, want := range map[error]struct {
		code int
		says string
	}{
		errTerminated:             {exitTerminated, "se06: terminated (SIGTERM)\n"},
		errors.New("interrupted"): {exitInterrupted, "se06: interrupted\n"},
	} {
		ctx, cancel := context.WithCancelCause(context.Background())
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return testNow },
			getenv: func(k string) string {
				if k == "SOURCE_DATE_EPOCH" {
					cancel(cause)
				}
				return ""
			}}
		code := run(ctx, a, []string{"assess", "--answers", "../../examples/answers.yaml", "--md", filepath.Join(t.TempDir(), "r.md")})
		if code != want.code || errb.String() != want.says {
			t.Errorf("cause %v: exit %d, stderr %q; want %d, %q", cause, code, errb.String(), want.code, want.says)
		}
	}
}

// TestHelpUsageHintPointsToTheRoot: an unknown help topic is a usage error
// whose hint is the root's --help, not 'se06 help --help'; a topic with no
// suggestion gets none.
func TestHelpUsageHintPointsToTheRoot(t *testing.T) {
	code, _, stderr := runCLI(t, "help", "zzzzzzzz")
	if code != exitUsage || !strings.Contains(stderr, "Run 'se06 --help' for usage.") || strings.Contains(stderr, "se06 help --help") {
		t.Errorf("help zzzzzzzz: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, "Did you mean") {
		t.Errorf("help zzzzzzzz: a suggestion without a candidate:\n%s", stderr)
	}
	code, _, stderr = runCLI(t, "zzzzzzzz")
	if code != exitUsage || !strings.Contains(stderr, `unknown command "zzzzzzzz" for "se06"`) || strings.Contains(stderr, "Did you mean") {
		t.Errorf("zzzzzzzz: exit %d\n%s", code, stderr)
	}
}

// TestHelpCompletesTopics: 'se06 help <TAB>' offers every command and help
// topic a user can ask about (not the hidden man command, not help itself),
// and only those starting with what is typed.
func TestHelpCompletesTopics(t *testing.T) {
	names := func(stdout string) []string {
		var out []string
		for _, l := range strings.Split(stdout, "\n") {
			if l == "" || strings.HasPrefix(l, ":") {
				continue
			}
			name, _, _ := strings.Cut(l, "\t")
			out = append(out, name)
		}
		return out
	}
	code, stdout, stderr := runCLI(t, "__complete", "help", "ex")
	if got := names(stdout); code != exitOK || strings.Join(got, " ") != "exit-codes" {
		t.Errorf("help ex<TAB>: exit %d, %q\n%s", code, got, stderr)
	}
	if !strings.Contains(stdout, "exit-codes\tWhat each exit code of se06 means\n") {
		t.Errorf("help ex<TAB> without its description: %q", stdout)
	}
	_, stdout, _ = runCLI(t, "__complete", "help", "")
	want := "assess collect completion diff exit-codes questions report version"
	if got := names(stdout); strings.Join(got, " ") != want {
		t.Errorf("help <TAB>: %q, want %q", got, want)
	}
}

// TestNoSaveNoBackupCheck: without --save there is no backup to check, even
// where a folder named ".bak" sits in the working folder.
func TestNoSaveNoBackupCheck(t *testing.T) {
	answers, err := filepath.Abs("../../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if err := os.Mkdir(".bak", 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "assess", "--answers", answers); code != exitOK {
		t.Errorf("exit %d, want %d\n%s", code, exitOK, stderr)
	}
}

// TestDiffTextIsSanitised: the diff's tables carry tenant names (a conflict
// says what the tenant shows); on standard output they are shown escaped.
func TestDiffTextIsSanitised(t *testing.T) {
	dir := t.TempDir()
	snap := hostileSnapshot(t, dir)
	oldA, newA := filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json")
	answers := "../../examples/answers.yaml"
	if code, _, stderr := runCLI(t, "assess", "--answers", answers, "--save", oldA); code != exitOK {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCLI(t, "assess", "--answers", answers, "--facts", snap, "--save", newA); code != exitOK {
		t.Fatal(stderr)
	}
	code, stdout, stderr := runCLI(t, "diff", oldA, newA)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, bad := range []string{"\x1b", "\x07", "\u202E", "\u009b"} {
		if strings.Contains(stdout, bad) {
			t.Errorf("the diff carries %q raw", bad)
		}
	}
	if !strings.Contains(stdout, `\x1b`) {
		t.Errorf("no hostile name shown escaped in the diff:\n%s", stdout)
	}
}

// TestDiffJSONSources: the JSON diff lists each side's sources, [] (never
// null) for a side without tenant facts (the result schema's arrays).
func TestDiffJSONSources(t *testing.T) {
	dir := t.TempDir()
	oldA, newA := filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json")
	answers := "../../examples/answers.yaml"
	if code, _, stderr := runCLI(t, "assess", "--answers", answers, "--save", oldA); code != exitOK {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCLI(t, "assess", "--answers", answers, "--demo", "--save", newA); code != exitOK {
		t.Fatal(stderr)
	}
	code, stdout, stderr := runCLI(t, "diff", "--json", "-", oldA, newA)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc struct {
		OldSources json.RawMessage   `json:"oldSources"`
		NewSources []json.RawMessage `json:"newSources"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if string(doc.OldSources) != "[]" {
		t.Errorf("oldSources without facts: %s, want []", doc.OldSources)
	}
	if len(doc.NewSources) == 0 {
		t.Error("newSources of the demo tenant is empty")
	}
}

// squeeze removes the tables' alignment: runs of spaces become one and each
// line loses its trailing spaces.
func squeeze(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

// TestDiffScoreTable: the score table, when there are scores, lists the
// sections first, then under a heading of its own the data states; with no
// scores there is no table.
func TestDiffScoreTable(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name   string
		scores []assess.ScoreDelta
		want   string
	}{
		{"none", nil, "Grade C (Needs work) → B (Aligned)\n\n\nNew findings (0)\n"},
		{"overall only", []assess.ScoreDelta{{ID: "overall", Title: "SE:06 overall", Old: f(70), New: f(80), Delta: f(10)}},
			"Grade C (Needs work) → B (Aligned)\n\nScore Old New Change\nSE:06 overall 70 80 +10\n\nNew findings (0)\n"},
		{"sections and states", []assess.ScoreDelta{
			{ID: "overall", Title: "SE:06 overall", Old: f(70), New: f(80), Delta: f(10)},
			{ID: "keys", Title: "Key management", Old: f(50), New: f(40), Delta: f(-10)},
			{ID: "at-rest", Title: "Data at rest", New: f(90), Note: "answered now"},
			{ID: "residency", Title: "Residency", Old: f(60), New: f(60), Delta: f(0)},
		}, "Grade C (Needs work) → B (Aligned)\n\nScore Old New Change\nSE:06 overall 70 80 +10\nKey management 50 40 -10\n\n" +
			"Data state Old New Change\nData at rest n/a 90 answered now\nResidency 60 60 +0\n\nNew findings (0)\n"},
	}
	for _, c := range cases {
		var b bytes.Buffer
		d := assess.Diff{OldGrade: assess.Grade{Letter: "C", Label: "Needs work"}, NewGrade: assess.Grade{Letter: "B", Label: "Aligned"}, Scores: c.scores}
		if err := printDiff(&b, d); err != nil {
			t.Fatal(err)
		}
		if got := squeeze(b.String()); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s:\n%s\nwant it to start with:\n%s", c.name, got, c.want)
		}
	}
}
