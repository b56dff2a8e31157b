package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// withStdoutOnFile points this process's file descriptor 1 at a regular file
// for the length of fn, so that a path naming standard output (/dev/stdout,
// /proc/self/fd/1) resolves to that file, not to whatever ran the tests: if
// se06 wrote over it as an ordinary output, the test sees it (and nothing of
// the user's is harmed). It returns the file's bytes after fn.
func withStdoutOnFile(t *testing.T, fn func()) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fd1")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	saved, err := syscall.Dup(1)
	if err != nil {
		t.Skipf("cannot duplicate standard output here: %v", err)
	}
	defer syscall.Close(saved)
	if err := syscall.Dup3(int(f.Fd()), 1, 0); err != nil {
		t.Skipf("cannot redirect standard output here: %v", err)
	}
	func() {
		defer func() { _ = syscall.Dup3(saved, 1, 0) }()
		fn()
	}()
	st, err := os.Lstat(path)
	if err != nil || !os.SameFile(st, mustStat(t, f)) {
		t.Errorf("the file standard output pointed to was replaced (%v)", err)
	}
	data, _ := os.ReadFile(path)
	return data
}

func mustStat(t *testing.T, f *os.File) os.FileInfo {
	t.Helper()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestSaveRefusesStandardOutput: --save keeps the previous file as PATH.bak
// and replaces PATH atomically, so it needs a file path; standard output
// ("-", /dev/stdout, /proc/self/fd/1) is refused with a usage error before
// anything is written. Before this, "--save /dev/stdout >/dev/null" run as
// root replaced /dev/null with a regular file, and "--save -" wrote a file
// named "-".
func TestSaveRefusesStandardOutput(t *testing.T) {
	answers, err := filepath.Abs("../../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir()) // a file named "-" would land here
	for _, p := range []string{"-", "/dev/stdout", "/proc/self/fd/1"} {
		var code int
		var stdout, stderr string
		data := withStdoutOnFile(t, func() { code, stdout, stderr = runCLI(t, "assess", "--answers", answers, "--save", p) })
		if code != exitUsage || !strings.Contains(stderr, "--save: "+p+" is standard output") {
			t.Errorf("--save %s: exit %d, want %d\n%s", p, code, exitUsage, stderr)
		}
		if len(data) != 0 || stdout != "" || strings.Contains(stderr, "saved assessment") {
			t.Errorf("--save %s wrote something: fd 1 %d bytes, stdout %.80q, stderr %q", p, len(data), stdout, stderr)
		}
	}
	if _, err := os.Lstat("-"); !os.IsNotExist(err) {
		t.Errorf(`--save - wrote a file named "-": %v`, err)
	}
}

// TestDiffJSONToDevStdout: 'diff --json /dev/stdout' is "--json -" (diff
// --help: "-" is standard output, instead of the tables): the JSON goes to
// the command's standard output and the file fd 1 points to is not replaced.
func TestDiffJSONToDevStdout(t *testing.T) {
	saved := saveExample(t, t.TempDir())
	var code int
	var stdout, stderr string
	data := withStdoutOnFile(t, func() { code, stdout, stderr = runCLI(t, "diff", saved, saved, "--json", "/dev/stdout") })
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if len(data) != 0 || strings.Contains(stderr, "wrote") {
		t.Errorf("a file was written: fd 1 %d bytes, stderr %q", len(data), stderr)
	}
	if !strings.HasPrefix(stdout, "{\n  \"kind\": \"diff\"") || strings.Contains(stdout, "Unchanged findings:") {
		t.Errorf("stdout is not the JSON diff alone: %.200q", stdout)
	}
}
