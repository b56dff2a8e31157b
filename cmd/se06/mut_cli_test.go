package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestAssessEvaluationErrorFails: when the evaluation itself fails (here the
// app's clock gives no time), assess exits with an error saying so and writes
// no output file, instead of exiting 0 with nothing done.
func TestAssessEvaluationErrorFails(t *testing.T) {
	dir := t.TempDir()
	jsonOut := filepath.Join(dir, "out.json")
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return time.Time{} }, getenv: func(string) string { return "" }}
	code := run(context.Background(), a, []string{"assess", "--answers", "../../examples/answers.yaml", "--json", jsonOut})
	if code != exitError {
		t.Errorf("exit %d, want %d\nstdout %s\nstderr %s", code, exitError, out.String(), errb.String())
	}
	if !strings.Contains(errb.String(), "no clock") {
		t.Errorf("stderr does not say what failed: %q", errb.String())
	}
	if _, err := os.Stat(jsonOut); !os.IsNotExist(err) {
		t.Errorf("an output was written after a failed evaluation: %v", err)
	}
}

// TestPluralWord: one thing is singular; none and many are plural.
func TestPluralWord(t *testing.T) {
	for n, want := range map[int]string{0: "findings", 1: "finding", 2: "findings", 10: "findings"} {
		if got := pluralWord(n, "finding", "findings"); got != want {
			t.Errorf("pluralWord(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestScorePartsWords: the summary's last column names every non-zero
// count of a group, in a fixed order, and says "none" when all are zero.
func TestScorePartsWords(t *testing.T) {
	cases := []struct {
		s    assess.Score
		want string
	}{
		{assess.Score{}, "none"},
		{assess.Score{Fail: 1}, "1 failing"},
		{assess.Score{Warn: 1}, "1 warning"},
		{assess.Score{NotSure: 1}, "1 not sure"},
		{assess.Score{Skipped: 1}, "1 skipped"},
		{assess.Score{NotVerified: 1}, "1 not verified"},
		{assess.Score{Open: 1}, "1 open"},
		{assess.Score{Accepted: 1}, "1 accepted"},
		{assess.Score{Fail: 2, Open: 3, Accepted: 1, Pass: 9}, "2 failing, 3 open, 1 accepted"},
	}
	for _, c := range cases {
		if got := scoreParts(c.s); got != c.want {
			t.Errorf("scoreParts(%+v) = %q, want %q", c.s, got, c.want)
		}
	}
}

// TestWhereText: at most three names (a subject without a name by its ID),
// then how many more; accepted environments are counted, not named.
func TestWhereText(t *testing.T) {
	subj := func(id, name string, accepted bool) assess.Subject {
		return assess.Subject{Kind: assess.SubjectEnvironment, ID: id, Name: name, Accepted: accepted}
	}
	cases := []struct {
		affected []assess.Subject
		want     string
	}{
		{nil, ""},
		{[]assess.Subject{subj("e1", "HR", false)}, "HR"},
		{[]assess.Subject{subj("e1", " ", false)}, "e1"},
		{[]assess.Subject{subj("e1", "HR", true)}, "(1 accepted)"},
		{[]assess.Subject{subj("e1", "HR", false), subj("e2", "Pay", true)}, "HR (1 accepted)"},
		{[]assess.Subject{subj("e1", "A", false), subj("e2", "B", false), subj("e3", "C", false)}, "A, B, C"},
		{[]assess.Subject{subj("e1", "A", false), subj("e2", "B", false), subj("e3", "C", false), subj("e4", "D", false)}, "A, B, C …and 1 more"},
		{[]assess.Subject{subj("e1", "A", false), subj("e2", "B", false), subj("e3", "C", false), subj("e4", "D", false), subj("e5", "E", true), subj("e6", "F", true)}, "A, B, C …and 1 more (2 accepted)"},
	}
	for _, c := range cases {
		if got := whereText(assess.Finding{Affected: c.affected}); got != c.want {
			t.Errorf("whereText(%v) = %q, want %q", subjectNames(c.affected), got, c.want)
		}
	}
}

func subjectNames(ss []assess.Subject) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}

// TestClipRunes: a string of at most n runes is kept; a longer one is cut to
// n runes, the last being "…"; runes, not bytes, are counted.
func TestClipRunes(t *testing.T) {
	cases := []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"", 3, ""},
		{"ééé", 3, "ééé"},
		{"éééé", 3, "éé…"},
	}
	for _, c := range cases {
		if got := clipRunes(c.s, c.n); got != c.want {
			t.Errorf("clipRunes(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

// TestReportNowEpochEdges: SOURCE_DATE_EPOCH is a non-negative count of
// seconds (0 is 1970-01-01 and valid); anything else warns and uses the clock.
func TestReportNowEpochEdges(t *testing.T) {
	cases := []struct {
		env  string
		want time.Time
		warn bool
	}{
		{"0", time.Unix(0, 0).UTC(), false},
		{" 1700000000 ", time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC), false},
		{"", testNow, false},
		{"-1", testNow, true},
		{"yesterday", testNow, true},
	}
	for _, c := range cases {
		var errb bytes.Buffer
		a := &app{stderr: &errb, now: func() time.Time { return testNow }, getenv: func(k string) string {
			if k == "SOURCE_DATE_EPOCH" {
				return c.env
			}
			return ""
		}}
		if got := a.reportNow(); !got.Equal(c.want) {
			t.Errorf("SOURCE_DATE_EPOCH=%q: %v, want %v", c.env, got, c.want)
		}
		if warned := strings.Contains(errb.String(), "warning: SOURCE_DATE_EPOCH"); warned != c.warn {
			t.Errorf("SOURCE_DATE_EPOCH=%q: warning %v, want %v (%q)", c.env, warned, c.warn, errb.String())
		}
	}
}

// TestLiveProgressBeforeTheListIsComplete: a check that finishes while the
// environment list is still being read does not end the estimate: the bar
// stays at most half full and says "estimating" until the list is complete;
// then a single subject done fills the bar.
func TestLiveProgressBeforeTheListIsComplete(t *testing.T) {
	var b bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLiveProgress(&b, func() time.Time { return clock })
	clock = clock.Add(time.Second)
	l.update(tenant.Progress{Check: tenant.CheckVaults, Subject: "kv-1", State: tenant.StateDone, Done: 1, Total: 1})
	out := b.String()
	if !strings.Contains(out, "0 pages, 0 environments · 0 subjects left · estimating") {
		t.Errorf("before the list is complete: %q", out)
	}
	if strings.Contains(out, strings.Repeat("█", 13)) || !strings.Contains(out, strings.Repeat("█", 12)) {
		t.Errorf("before the list is complete the bar is half full: %q", out)
	}
	b.Reset()
	clock = clock.Add(time.Second)
	l.update(tenant.Progress{Check: tenant.CheckEnvironments, Subject: "1 environment", State: tenant.StateDone})
	out = b.String()
	if !strings.Contains(out, "0 subjects left · finishing") || !strings.Contains(out, strings.Repeat("█", 24)) {
		t.Errorf("list complete, one of one subject done: %q", out)
	}
}

// TestWizardNumericFlags: --concurrency below 1 or a --timeout that is not
// positive is a usage error before anything opens, each on its own; the
// smallest valid values pass these checks (and stop at the missing terminal).
func TestWizardNumericFlags(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--concurrency", "0"}, "--concurrency must be at least 1"},
		{[]string{"--concurrency", "-3"}, "--concurrency must be at least 1"},
		{[]string{"--timeout", "0s"}, "--timeout positive"},
		{[]string{"--timeout", "-1s"}, "--timeout positive"},
		{[]string{"--concurrency", "1", "--timeout", "1ns"}, "interactive terminal"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: func(string) string { return "" }}
		args := append([]string{"--demo", "--dir", dir}, c.args...)
		if code := run(context.Background(), a, args); code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, exitUsage, errb.String())
		}
		if !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: stderr %q lacks %q", c.args, errb.String(), c.want)
		}
	}
}

// TestWizardResumeFolder: --resume naming a folder is refused (exit 1) and
// says it is a folder.
func TestWizardResumeFolder(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: func(string) string { return "" }}
	if code := run(context.Background(), a, []string{"--resume", dir, "--dir", dir}); code != exitError {
		t.Errorf("exit %d, want %d (%s)", code, exitError, errb.String())
	}
	if !strings.Contains(errb.String(), "is a folder, not an assessment file") {
		t.Errorf("stderr %q", errb.String())
	}
}

// TestWizardResumeStdout: --resume naming standard output is a usage error
// (exit 2) before anything is read or saved: the wizard saves back to it.
func TestWizardResumeStdout(t *testing.T) {
	for _, p := range []string{"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"} {
		dir := t.TempDir()
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: func(string) string { return "" }}
		if code := run(context.Background(), a, []string{"--resume", p, "--dir", dir}); code != exitUsage {
			t.Errorf("--resume %s: exit %d, want %d (%s)", p, code, exitUsage, errb.String())
		}
		if !strings.Contains(errb.String(), "--resume: "+p+" is standard output") {
			t.Errorf("--resume %s: stderr %q", p, errb.String())
		}
	}
}

// TestLiveProgressRedrawRate: the first page draws the bar at once; another
// page within 100 ms draws nothing (at most ten redraws a second); one after
// that draws the bar with both pages counted.
func TestLiveProgressRedrawRate(t *testing.T) {
	var b bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLiveProgress(&b, func() time.Time { return clock })
	page := func(n int) {
		l.update(tenant.Progress{Check: tenant.CheckEnvironments, Subject: fmt.Sprintf("page %d", n), State: tenant.StateRunning, Detail: "100 environments"})
	}
	page(1)
	if !strings.Contains(b.String(), "1 pages, 100 environments") {
		t.Fatalf("first page not drawn: %q", b.String())
	}
	b.Reset()
	clock = clock.Add(50 * time.Millisecond)
	page(2)
	if b.Len() != 0 {
		t.Errorf("redrawn within 100 ms: %q", b.String())
	}
	clock = clock.Add(60 * time.Millisecond)
	page(3)
	if !strings.Contains(b.String(), "3 pages, 300 environments") {
		t.Errorf("not redrawn after 110 ms: %q", b.String())
	}
}

// TestDiffRefusesAnInputUnderAnotherName: --json naming an input through a
// hard link or a symbolic link (another name, the same file) is refused with
// exit 2, naming the input, and the input is left as it was.
func TestDiffRefusesAnInputUnderAnotherName(t *testing.T) {
	dir := t.TempDir()
	oldA, newA := filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json")
	y := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(y, []byte("answers:\n  DP-01: \"yes\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{oldA, newA} {
		if code, _, stderr := runCLI(t, "assess", "--answers", y, "--save", p); code != exitOK {
			t.Fatalf("assess --save %s: exit %d %s", p, code, stderr)
		}
	}
	hard, sym := filepath.Join(dir, "hard.json"), filepath.Join(dir, "sym.json")
	if err := os.Link(oldA, hard); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	if err := os.Symlink(newA, sym); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	for _, c := range []struct{ out, input string }{{hard, oldA}, {sym, newA}} {
		before, _ := os.ReadFile(c.input)
		code, _, stderr := runCLI(t, "diff", oldA, newA, "--json", c.out)
		after, _ := os.ReadFile(c.input)
		if code != exitUsage || !strings.Contains(stderr, c.input) {
			t.Errorf("--json %s: exit %d %s", c.out, code, stderr)
		}
		if !bytes.Equal(before, after) {
			t.Errorf("--json %s changed %s", c.out, c.input)
		}
	}
}

// TestQuestionsMarkdownChoiceLines: in the Markdown bank each choice is
// "- `id` Label", followed by ": help" only when the bank gives the choice a
// help text (no ": " dangling after a choice without one). The expectations
// come from the bank's own data.
func TestQuestionsMarkdownChoiceLines(t *testing.T) {
	code, md, stderr := runCLI(t, "questions", "--format", "md")
	if code != exitOK {
		t.Fatalf("exit %d %s", code, stderr)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(md, "\n") {
		lines[l] = true
	}
	b, err := assess.LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	withHelp, without := 0, 0
	for _, q := range b.Questions() {
		for _, c := range q.Choices {
			want := "- `" + c.ID + "` " + c.Label
			if h := strings.TrimSpace(c.Help); h != "" {
				want += ": " + h
				withHelp++
			} else {
				without++
			}
			if !strings.Contains(want, "\n") && !lines[want] {
				t.Errorf("%s: no line %q", q.ID, want)
			}
		}
	}
	if without == 0 {
		t.Fatalf("the bank has %d choices with help and none without; the test needs one", withHelp)
	}
}

// TestWizardAcceptsAValidCloudConfig: a valid --cloud-config passes the
// checks made before the screen (the run then stops at the missing terminal).
func TestWizardAcceptsAValidCloudConfig(t *testing.T) {
	emu, err := tenanttest.Start(t, tenanttest.Sample(testNow))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	dir := t.TempDir()
	cfg, _, err := emu.WriteFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: func(string) string { return "" }}
	if code := run(context.Background(), a, []string{"--demo", "--dir", dir, "--cloud-config", cfg, "--allow-host", "127.0.0.1"}); code != exitUsage {
		t.Errorf("exit %d, want %d (%s)", code, exitUsage, errb.String())
	}
	if !strings.Contains(errb.String(), "interactive terminal") || strings.Contains(errb.String(), "--cloud-config") {
		t.Errorf("stderr %q", errb.String())
	}
}

// TestBuildVersion: a release build says its version, then the commit and
// build date when they were stamped; an unstamped build is never blank.
func TestBuildVersion(t *testing.T) {
	saved := [3]string{version, commit, date}
	t.Cleanup(func() { version, commit, date = saved[0], saved[1], saved[2] })
	cases := []struct{ v, c, d, want string }{
		{"1.2.3", "", "", "1.2.3"},
		{"1.2.3", "abc1234", "", "1.2.3 (commit abc1234)"},
		{"1.2.3", "abc1234", "2026-11-30", "1.2.3 (commit abc1234, built 2026-11-30)"},
	}
	for _, c := range cases {
		version, commit, date = c.v, c.c, c.d
		if got := buildVersion(); got != c.want {
			t.Errorf("buildVersion(%q, %q, %q) = %q, want %q", c.v, c.c, c.d, got, c.want)
		}
	}
	version, commit, date = "", "", ""
	if got := buildVersion(); got == "" || strings.HasPrefix(got, "v") {
		t.Errorf("unstamped build: %q, want dev or the module version without its v", got)
	}
}

type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, errors.New("pipe closed") }

// TestAssessSummaryWriteFails: when the summary cannot be written (standard
// output closed), assess stops there with exit 1 and says the summary failed, even
// with --fail-on, which would otherwise exit 3 for the open findings.
func TestAssessSummaryWriteFails(t *testing.T) {
	var errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: brokenWriter{}, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: func(string) string { return "" }}
	code := run(context.Background(), a, []string{"assess", "--answers", "../../examples/answers.yaml", "--fail-on", "low"})
	if code != exitError || !strings.Contains(errb.String(), "write the summary: pipe closed") {
		t.Errorf("exit %d, want %d; stderr %q", code, exitError, errb.String())
	}
	if strings.Contains(errb.String(), "at or above") {
		t.Errorf("went on to --fail-on after the failed write: %q", errb.String())
	}
}

// TestSummaryMoreOpenFindings: the summary lists at most 40 open findings and
// then says how many more there are; with exactly 40 there is no such line.
func TestSummaryMoreOpenFindings(t *testing.T) {
	b, err := assess.LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		open int
		more string
	}{{40, ""}, {41, "…and 1 more open findings"}, {45, "…and 5 more open findings"}} {
		res := &assess.Result{}
		for i := range c.open {
			res.Findings = append(res.Findings, assess.Finding{ID: fmt.Sprintf("X-%02d", i), State: assess.FindingFail, Severity: assess.SevHigh, Title: "t"})
		}
		res.Counts.Open.High, res.Counts.ToFix.High = c.open, c.open
		var out bytes.Buffer
		if err := printSummary(&out, b, res); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if c.more == "" && strings.Contains(got, "more open findings") {
			t.Errorf("%d open: %q", c.open, got)
		}
		if c.more != "" && !strings.Contains(got, c.more) {
			t.Errorf("%d open: no %q in\n%s", c.open, c.more, got)
		}
		if n := strings.Count(got, "X-"); n != min(c.open, 40) {
			t.Errorf("%d open: %d listed, want %d", c.open, n, min(c.open, 40))
		}
	}
}

// TestResumeFlags: the flags a resume needs come back as the user gave them:
// a set boolean as --name, a repeated or comma-separated list flag as one
// --name=value per value, others as --name=value; the file and demo flags
// are left out. Compared as a set: the order is not promised.
func TestResumeFlags(t *testing.T) {
	a := &app{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, version: "test", now: func() time.Time { return testNow }, getenv: func(string) string { return "" }}
	root := newRootCmd(a)
	args := []string{"--allow-host", "a.example", "--allow-host", "b.example", "--subscription", "s1,s2", "--no-color", "--paper", "letter", "--demo", "--dir", "x", "--no-tls-probe=false"}
	if err := root.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range resumeFlags(root) {
		got[f] = true
	}
	want := []string{"--allow-host=a.example", "--allow-host=b.example", "--subscription=s1", "--subscription=s2", "--no-color", "--paper=letter"}
	if len(got) != len(want) {
		t.Errorf("resume flags %v, want %v", got, want)
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("resume flags %v lack %s", got, w)
		}
	}
}
