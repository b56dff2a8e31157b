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

// TestOutputsNeverDestroyInputs: every way an output could land on an input
// or on another output is refused before anything runs (exit 2, naming both
// flags), and the input is byte for byte what it was.
func TestOutputsNeverDestroyInputs(t *testing.T) {
	dir := t.TempDir()
	saved := saveExample(t, dir)
	answers := filepath.Join(dir, "a.yaml")
	data, err := os.ReadFile("../../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(answers, data, 0o600); err != nil {
		t.Fatal(err)
	}
	facts := filepath.Join(dir, "snap.json")
	if code, _, stderr := runCLI(t, "collect", "--demo", "--quiet", "--out", facts); code != exitOK {
		t.Fatalf("collect --demo: %d %s", code, stderr)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(filepath.Base(saved), link); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(saved+".bak", data, 0o600); err != nil { // answers kept where a save's backup goes
		t.Fatal(err)
	}
	inputs := map[string][]byte{}
	for _, p := range []string{saved, answers, facts, saved + ".bak"} {
		inputs[p], _ = os.ReadFile(p)
	}
	fresh := filepath.Join(dir, "new.se06.json")
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"assess", "--answers", answers, "--save", fresh, "--pdf", fresh}, []string{"--save", "--pdf", "same file"}},
		{[]string{"report", saved, "--pdf", saved}, []string{"--pdf", "the assessment", "destroy the input"}},
		{[]string{"report", saved, "--json", link}, []string{"--json", "the assessment"}},
		{[]string{"assess", "--answers", answers, "--facts", facts, "--json", facts}, []string{"--json", "--facts"}},
		{[]string{"assess", "--answers", answers, "--save", answers}, []string{"--save", "--answers"}},
		{[]string{"assess", "--answers", answers, "--save", fresh, "--json", fresh + ".bak"}, []string{"--save's backup", "--json"}},
		{[]string{"assess", "--answers", saved + ".bak", "--save", saved}, []string{"--save's backup", "the same file as --answers"}},
		{[]string{"assess", "--answers", answers, "--compare", saved, "--save", saved}, []string{"--save", "--compare"}},
		{[]string{"report", saved, "--md", filepath.Join(dir, "r.md"), "--csv", filepath.Join(dir, ".", "r.md")}, []string{"--md", "--csv", "same file"}},
		{[]string{"report", saved, "--pdf", answers, "--font", answers}, []string{"--pdf", "--font"}},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", c.args, code, exitUsage, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", c.args, w, stderr)
			}
		}
	}
	for p, want := range inputs {
		if got, _ := os.ReadFile(p); string(got) != string(want) {
			t.Errorf("%s changed", filepath.Base(p))
		}
	}
	if _, err := os.Stat(fresh); err == nil {
		t.Error("a refused run still wrote --save")
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced")
	}
}

// TestOutputsRefuseSpecialFiles: a FIFO and (as root) a character device are
// refused with exit 2 and left in place; /dev/stdout is standard output.
func TestOutputsRefuseSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	saved := saveExample(t, dir)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Logf("cannot create a FIFO here (%v); the FIFO case is not exercised", err)
	} else {
		code, _, stderr := runCLI(t, "report", saved, "--json", fifo)
		if code != exitUsage || !strings.Contains(stderr, "FIFO") {
			t.Errorf("FIFO: exit %d\n%s", code, stderr)
		}
		if st, _ := os.Lstat(fifo); st.Mode()&os.ModeNamedPipe == 0 {
			t.Error("the FIFO was replaced")
		}
	}
	dev := filepath.Join(dir, "null")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Logf("cannot create a device node (%v; only root can); the device case is not exercised", err)
	} else {
		for _, args := range [][]string{{"report", saved, "--pdf", dev}, {"collect", "--demo", "--out", dev}, {"assess", "--answers", "../../examples/answers.yaml", "--save", dev}} {
			code, _, stderr := runCLI(t, args...)
			if code != exitUsage || !strings.Contains(stderr, "character device") {
				t.Errorf("%v: exit %d\n%s", args, code, stderr)
			}
		}
		if st, _ := os.Lstat(dev); st.Mode()&os.ModeCharDevice == 0 {
			t.Error("the device was replaced")
		}
	}
	code, stdout, stderr := runCLI(t, "report", saved, "--md", "/dev/stdout")
	if code != exitOK || !strings.HasPrefix(stdout, "# ") {
		t.Errorf("--md /dev/stdout: exit %d, stdout %.40q\n%s", code, stdout, stderr)
	}
}

// TestFlagsTakeTheirKind: --facts refuses an assessment, a result and a bare
// {"schemaVersion":1}; 'report' refuses a snapshot; each message names the
// kind it got. Every file written says its kind.
func TestFlagsTakeTheirKind(t *testing.T) {
	dir := t.TempDir()
	saved := saveExample(t, dir)
	result := filepath.Join(dir, "r.json")
	snap := filepath.Join(dir, "snap.json")
	bare := filepath.Join(dir, "bare.json")
	os.WriteFile(bare, []byte(`{"schemaVersion":1}`), 0o600)
	if code, _, stderr := runCLI(t, "report", saved, "--json", result); code != exitOK {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCLI(t, "collect", "--demo", "--quiet", "--out", snap); code != exitOK {
		t.Fatal(stderr)
	}
	_, diffOut, _ := runCLI(t, "diff", saved, saved, "--json", "-")
	for file, prefix := range map[string]string{saved: `"kind": "assessment"`, result: `"kind": "result"`, snap: `"kind": "snapshot"`} {
		data, _ := os.ReadFile(file)
		if !strings.HasPrefix(strings.TrimSpace(string(data))[1:], "\n  "+prefix+",\n  \"schemaVersion\"") {
			t.Errorf("%s does not start with %s beside schemaVersion:\n%.90s", filepath.Base(file), prefix, data)
		}
	}
	if !strings.HasPrefix(diffOut, "{\n  \"kind\": \"diff\",\n  \"schemaVersion\": 2,") {
		t.Errorf("diff --json does not start with its kind:\n%.90s", diffOut)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"assess", "--answers", "../../examples/answers.yaml", "--facts", saved}, "is an se06 assessment file"},
		{[]string{"assess", "--answers", "../../examples/answers.yaml", "--facts", result}, "is an se06 result file"},
		{[]string{"assess", "--answers", "../../examples/answers.yaml", "--facts", bare}, "has no kind and none of the fields of a facts snapshot"},
		{[]string{"report", snap, "--md", "-"}, "is an se06 snapshot file (written by 'se06 collect'), not an assessment"},
		{[]string{"report", saved, "--md", "-", "--compare", result}, "--compare: " + result + " is an se06 result file"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code == exitOK || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %q", c.args[:3], code, stderr, c.want)
		}
	}
}

// TestInterruptedRead: a read blocked on a FIFO nobody writes ends on Ctrl+C
// (exit 130) or SIGTERM (exit 143); the causes come from main's signal
// handler.
func TestInterruptedRead(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "answers.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot create a FIFO here (%v); the blocked read is not exercised", err)
	}
	for cause, want := range map[error]int{errTerminated: exitTerminated, context.Canceled: exitInterrupted} {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(cause)
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: func(string) string { return "" }}
		if code := run(ctx, a, []string{"assess", "--answers", fifo}); code != want {
			t.Errorf("cause %v: exit %d, want %d\n%s", cause, code, want, errb.String())
		}
	}
	// Let the abandoned opens finish.
	for range 2 {
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	}
}

// TestAnswersSizeCap: an endless input stops at the cap with a message
// naming it.
func TestAnswersSizeCap(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here; safefile's tests cover the cap with a regular file")
	}
	code, _, stderr := runCLI(t, "assess", "--answers", "/dev/zero")
	if code != exitError || !strings.Contains(stderr, "larger than the 8 MiB limit") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
