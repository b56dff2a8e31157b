package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant"
)

// hostileSnapshot writes the demo tenant with every environment and vault
// renamed to something that would drive a terminal.
func hostileSnapshot(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "hostile.json")
	if code, _, stderr := runCLI(t, "collect", "--demo", "--quiet", "--out", p); code != exitOK {
		t.Fatalf("collect --demo: %s", stderr)
	}
	data, _ := os.ReadFile(p)
	var f assess.Facts
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	names := []string{"\x1b]0;vault-pwned\x07", "\x1b[2J\x1b[Hwiped", "pay\u202Efdp.exe", strings.Repeat("N", 300), "c1\u009b31mred"}
	for i := range f.Environments {
		f.Environments[i].Name = names[i%len(names)]
	}
	for i := range f.Vaults {
		f.Vaults[i].Name = names[i%len(names)]
	}
	out, _ := json.Marshal(f)
	if err := os.WriteFile(p, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPlainTextIsSanitised: the assess summary, its warnings and errors show
// hostile names escaped; nothing that could retitle, clear or reverse the
// terminal reaches stdout or stderr.
func TestPlainTextIsSanitised(t *testing.T) {
	dir := t.TempDir()
	snap := hostileSnapshot(t, dir)
	answers := filepath.Join(dir, "a.yaml")
	code, stdout, stderr := runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--facts", snap)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	// an unknown answer ID carrying an escape sequence: reported on stderr
	os.WriteFile(answers, []byte("metadata: {title: \"T \\e[2J\\u202E\"}\nanswers:\n  \"XX-99\\e]0;pwned\\a\": yes\n"), 0o600)
	_, _, stderr2 := runCLI(t, "assess", "--answers", answers)
	all := stdout + stderr + stderr2
	for _, bad := range []string{"\x1b", "\x07", "\u202E", "\u009b"} {
		if strings.Contains(all, bad) {
			t.Errorf("plain text carries %q raw:\n%s", bad, all)
		}
	}
	if !strings.Contains(stdout, `\x1b]0;vault-pwned\x07`) && !strings.Contains(stdout, `pay\u202efdp.exe`) {
		t.Errorf("no hostile name shown escaped in the summary:\n%s", stdout)
	}
	if !strings.Contains(stderr2, `\x1b]0;pwned\x07`) {
		t.Errorf("the unknown answer ID is not shown escaped:\n%s", stderr2)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestStdoutWriteFailureIsAnError: when standard output cannot be written
// (e.g. '> /dev/full'), the exit code is 1 and stderr says why.
func TestStdoutWriteFailureIsAnError(t *testing.T) {
	for _, args := range [][]string{
		{"questions"},
		{"assess", "--answers", "../../examples/answers.yaml"},
		{"assess", "--answers", "../../examples/answers.yaml", "--md", "-"},
		{"collect", "--demo", "--quiet"},
	} {
		var errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: failWriter{}, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: func(string) string { return "" }}
		if code := run(context.Background(), a, args); code != exitError || !strings.Contains(errb.String(), "no space left") {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 naming the failure", args, code, errb.String())
		}
	}
}

// TestPDFToStdoutIsUnfiltered: a file written to "-" is the exact bytes of
// the file (binary PDF included), not passed through the text sanitiser.
func TestPDFToStdoutIsUnfiltered(t *testing.T) {
	dir := t.TempDir()
	saved := saveExample(t, dir)
	pdf := filepath.Join(dir, "r.pdf")
	env := func(string) string { return "1795000000" }
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: env}
	if code := run(context.Background(), a, []string{"report", saved, "--pdf", "-"}); code != exitOK {
		t.Fatal(errb.String())
	}
	a = &app{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: env}
	if code := run(context.Background(), a, []string{"report", saved, "--pdf", pdf}); code != exitOK {
		t.Fatal(errb.String())
	}
	file, _ := os.ReadFile(pdf)
	if !bytes.Equal(out.Bytes(), file) {
		t.Errorf("--pdf - wrote %d bytes, the file %d: standard output was filtered", out.Len(), len(file))
	}
}

// TestProgressLinesAreSanitised: collect's progress printer shows subjects
// and details from the tenant escaped, whatever stream it is given.
func TestProgressLinesAreSanitised(t *testing.T) {
	var buf bytes.Buffer
	p := progressPrinter(&buf)
	p(tenant.Progress{Check: tenant.CheckEnvironments, State: tenant.StateRunning, Subject: "page 2\x1b[2J", Detail: "\u202e40 read"})
	p(tenant.Progress{Check: "key-vault", State: tenant.StateError, Subject: "\x1b]0;vault-pwned\x07", Detail: "403\r\nforged line"})
	p(tenant.Progress{Check: "tls-probe", State: tenant.StateSkipped, Detail: "skipped \x9b31m"})
	out := buf.String()
	if strings.ContainsAny(out, "\x1b\x07\r\u202e\u009b") {
		t.Errorf("raw control characters in progress:\n%q", out)
	}
	for _, want := range []string{`page 2\x1b[2J`, `\u202e40 read`, `\x1b]0;vault-pwned\x07`, `403\r\nforged line`} {
		if !strings.Contains(out, want) {
			t.Errorf("progress lacks %q:\n%s", want, out)
		}
	}
}
