package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// What happens to the report files when something changes after the flags
// were checked: Ctrl+C, an output path that became a FIFO, a folder that
// went away. The outputs read the report clock (SOURCE_DATE_EPOCH) once the
// assessment is evaluated and before anything is rendered; the test's
// getenv does the change there, at that precise point, without timing.

// atReportClock runs se06 in-process; just before the outputs are rendered,
// change runs with the run's cancel function.
func atReportClock(args []string, change func(cancel context.CancelFunc)) (code int, stdout, stderr string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb bytes.Buffer
	done := false
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return testNow },
		getenv: func(k string) string {
			if k == "SOURCE_DATE_EPOCH" && !done {
				done = true
				change(cancel)
			}
			return ""
		}}
	code = run(ctx, a, args)
	return code, out.String(), errb.String()
}

// TestInterruptBeforeTheOutputs: Ctrl+C once the assessment is evaluated
// writes no report (not even to standard output) and exits 130.
func TestInterruptBeforeTheOutputs(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "r.csv")
	code, stdout, stderr := atReportClock([]string{"assess", "--answers", "../../examples/answers.yaml", "--md", "-", "--csv", csv},
		func(cancel context.CancelFunc) { cancel() })
	if code != exitInterrupted || !strings.Contains(stderr, "se06: interrupted") {
		t.Errorf("exit %d, want %d\n%s", code, exitInterrupted, stderr)
	}
	if stdout != "" {
		t.Errorf("a report reached standard output: %.100q", stdout)
	}
	if _, err := os.Stat(csv); !os.IsNotExist(err) {
		t.Errorf("the CSV was written: %v", err)
	}
}

// TestOutputChangedAfterTheCheck: an output that became a FIFO after the
// flags were checked is still refused as one (exit 2, naming the flag); an
// output whose folder went away fails the run (exit 1) and nothing says it
// was written.
func TestOutputChangedAfterTheCheck(t *testing.T) {
	dir := t.TempDir()
	jsonOut := filepath.Join(dir, "r.json")
	code, _, stderr := atReportClock([]string{"assess", "--answers", "../../examples/answers.yaml", "--json", jsonOut}, func(context.CancelFunc) {
		if err := syscall.Mkfifo(jsonOut, 0o600); err != nil {
			t.Skipf("cannot create a FIFO here: %v", err)
		}
	})
	if code != exitUsage || !strings.Contains(stderr, "se06: --json: ") || !strings.Contains(stderr, "FIFO") {
		t.Errorf("became a FIFO: exit %d, want %d\n%s", code, exitUsage, stderr)
	}
	if st, err := os.Lstat(jsonOut); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", err)
	}

	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	md := filepath.Join(sub, "r.md")
	code, _, stderr = atReportClock([]string{"assess", "--answers", "../../examples/answers.yaml", "--md", md}, func(context.CancelFunc) {
		if err := os.Remove(sub); err != nil {
			t.Fatal(err)
		}
	})
	if code != exitError || strings.Contains(stderr, "wrote ") {
		t.Errorf("folder gone: exit %d, want %d\n%s", code, exitError, stderr)
	}
}

// TestFixDirBesideOtherOutputs: --fix-dir goes with the other report files
// (each written where it says); it may not name the folder another output
// names, and none of its three files may land on an input (exit 2, the input
// kept).
func TestFixDirBesideOtherOutputs(t *testing.T) {
	dir := t.TempDir()
	fixes, md := filepath.Join(dir, "fixes"), filepath.Join(dir, "r.md")
	code, _, stderr := runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--demo", "--fix-dir", fixes, "--md", md)
	if code != exitOK {
		t.Fatalf("--fix-dir with --md: exit %d\n%s", code, stderr)
	}
	for _, p := range []string{md, filepath.Join(fixes, "remediate.ps1"), filepath.Join(fixes, "remediate.sh"), filepath.Join(fixes, "terraform", "main.tf")} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("not written: %v", err)
		}
	}

	same := filepath.Join(dir, "same")
	code, _, stderr = runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--pdf", same, "--fix-dir", same+"/")
	if code != exitUsage || !strings.Contains(stderr, "--pdf and --fix-dir both name "+same) {
		t.Errorf("--pdf and --fix-dir the same: exit %d\n%s", code, stderr)
	}

	saved := saveExample(t, dir)
	inFixes := filepath.Join(dir, "in")
	if err := os.MkdirAll(inFixes, 0o755); err != nil {
		t.Fatal(err)
	}
	asm := filepath.Join(inFixes, "remediate.sh")
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(asm, data, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "report", asm, "--fix-dir", inFixes)
	if code != exitUsage || !strings.Contains(stderr, "--fix-dir") || !strings.Contains(stderr, "the assessment") {
		t.Errorf("a fix file on the assessment: exit %d\n%s", code, stderr)
	}
	if after, _ := os.ReadFile(asm); !bytes.Equal(after, data) {
		t.Error("the assessment was overwritten")
	}
}

// TestFixFileBecameAFolder: a fix file that became a folder after the checks
// fails the run (exit 1) instead of being reported as written.
func TestFixFileBecameAFolder(t *testing.T) {
	fixes := filepath.Join(t.TempDir(), "fixes")
	code, _, stderr := atReportClock([]string{"assess", "--answers", "../../examples/answers.yaml", "--demo", "--fix-dir", fixes}, func(context.CancelFunc) {
		if err := os.MkdirAll(filepath.Join(fixes, "remediate.sh"), 0o755); err != nil {
			t.Fatal(err)
		}
	})
	if code != exitError || !strings.Contains(stderr, "se06: --fix-dir: ") || strings.Contains(stderr, "wrote "+filepath.Join(fixes, "remediate.sh")) {
		t.Errorf("exit %d, want %d\n%s", code, exitError, stderr)
	}
}

// TestReportClockOnlyForReports: the report clock (SOURCE_DATE_EPOCH) is read
// only when a report file is asked for, so a bad value warns only then.
func TestReportClockOnlyForReports(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		warn bool
	}{{nil, false}, {[]string{"--md", filepath.Join(dir, "r.md")}, true}} {
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return testNow },
			getenv: func(k string) string { return map[string]string{"SOURCE_DATE_EPOCH": "soon"}[k] }}
		code := run(context.Background(), a, append([]string{"assess", "--answers", "../../examples/answers.yaml"}, c.args...))
		if code != exitOK || strings.Contains(errb.String(), `SOURCE_DATE_EPOCH="soon"`) != c.warn {
			t.Errorf("%v: exit %d, warning %v wanted\n%s", c.args, code, c.warn, errb.String())
		}
	}
}

// TestStdoutFailureNamesTheOutput: a report file that cannot be written to
// standard output fails the run naming its flag, small (Markdown) or large
// (PDF) alike.
func TestStdoutFailureNamesTheOutput(t *testing.T) {
	for _, flag := range []string{"--md", "--pdf"} {
		var errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: failWriter{}, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: func(string) string { return "" }}
		code := run(context.Background(), a, []string{"assess", "--answers", "../../examples/answers.yaml", flag, "-"})
		if code != exitError || !strings.Contains(errb.String(), "se06: "+flag+": write to standard output: no space left on device") {
			t.Errorf("%s -: exit %d\n%s", flag, code, errb.String())
		}
	}
}

// TestSaveFailureFailsTheRun: when the assessment cannot be saved (its folder
// went away after the checks: the test's clock removes it when the run asks
// for the time, just before the save) the run fails (exit 1) and does not say
// it saved, nor write the report files.
func TestSaveFailureFailsTheRun(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	md := filepath.Join(dir, "r.md")
	var out, errb bytes.Buffer
	removed := false
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", getenv: func(string) string { return "" },
		now: func() time.Time {
			if !removed {
				removed = true
				if err := os.Remove(sub); err != nil {
					t.Error(err)
				}
			}
			return testNow
		}}
	code := run(context.Background(), a, []string{"assess", "--answers", "../../examples/answers.yaml", "--save", filepath.Join(sub, "a.se06.json"), "--md", md})
	if code != exitError || strings.Contains(errb.String(), "saved assessment") {
		t.Errorf("exit %d, want %d\n%s", code, exitError, errb.String())
	}
	if _, err := os.Stat(md); !os.IsNotExist(err) {
		t.Errorf("the report was written although the save failed: %v", err)
	}
}
