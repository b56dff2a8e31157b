package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// TestWizardRefusesWithoutTerminal: piped stdin or stdout gets a pointer to
// the non-interactive command, not a broken screen.
func TestWizardRefusesWithoutTerminal(t *testing.T) {
	for _, args := range [][]string{nil, {"--demo"}, {"--accessible"}} {
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: assess.Now, getenv: func(string) string { return "" }}
		if code := run(context.Background(), a, args); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
		if !strings.Contains(errb.String(), "se06 assess --answers") {
			t.Errorf("%v: stderr %q does not point to se06 assess --answers", args, errb.String())
		}
		if out.Len() != 0 {
			t.Errorf("%v: nothing should go to stdout, got %q", args, out.String())
		}
	}
}

func TestWizardFlagErrors(t *testing.T) {
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: assess.Now, getenv: func(string) string { return "" }}
	if code := run(context.Background(), a, []string{"--paper", "a3"}); code != exitUsage {
		t.Errorf("--paper a3: exit %d, want %d", code, exitUsage)
	}
}

// TestWizardChecksFlagsBeforeTheScreen: an unknown cloud, a missing --dir
// and a missing --resume file are reported before anything opens.
func TestWizardChecksFlagsBeforeTheScreen(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--cloud", "mars", "--demo"}, exitUsage, `--cloud: "mars" is not one of:`},
		{[]string{"--auth", "magic", "--demo"}, exitUsage, `--auth: "magic" is not one of:`},
		{[]string{"--demo", "--dir", filepath.Join(dir, "missing")}, exitUsage, "missing does not exist"},
		{[]string{"--resume", filepath.Join(dir, "nope.json")}, exitError, "nope.json does not exist"},
	} {
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: assess.Now, getenv: func(string) string { return "" }}
		if code := run(context.Background(), a, c.args); code != c.code {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, c.code, errb.String())
		}
		if !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: stderr %q lacks %q", c.args, errb.String(), c.want)
		}
		if strings.Contains(errb.String(), "no such file") {
			t.Errorf("%v: raw Go error: %q", c.args, errb.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing --dir was created without asking")
	}
}

// TestWizardFileFlagsGetTheCommonChecks: --resume, --dir and --cloud-config
// get the device, collision and size checks every command's files get, with
// exit 2 and nothing written, before the screen opens.
func TestWizardFileFlagsGetTheCommonChecks(t *testing.T) {
	dir := t.TempDir()
	asm := filepath.Join(dir, "a.se06.json")
	if err := os.WriteFile(asm, []byte(`{"kind":"assessment","schemaVersion":1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "cloud.json")
	if err := os.WriteFile(cfg, []byte(`{"endpont": "x"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, bytes.Repeat([]byte(" "), 2<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--cloud-config", cfg}, "endpont"},                             // strict decoding, before the screen
		{[]string{"--cloud-config", big}, "larger than"},                         // the size cap
		{[]string{"--cloud-config", dir}, "is a folder"},                         // not a file
		{[]string{"--resume", asm, "--cloud-config", asm}, "--resume"},           // the config would be saved over
		{[]string{"--dir", cfg, "--demo"}, "--dir: " + cfg + " is not a folder"}, // a file as the folder
		{[]string{"--resume", asm, "--dir", asm}, "--dir: " + asm + " is not a folder"},
	}
	if _, err := os.Stat("/dev/null"); err == nil {
		cases = append(cases,
			struct {
				args []string
				want string
			}{[]string{"--resume", "/dev/null"}, "--resume: /dev/null"},
			struct {
				args []string
				want string
			}{[]string{"--cloud-config", "/dev/zero"}, "larger than"})
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: assess.Now, getenv: func(string) string { return "" }}
		if code := run(context.Background(), a, c.args); code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, exitUsage, errb.String())
		}
		if !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: stderr %q lacks %q", c.args, errb.String(), c.want)
		}
	}
	if data, _ := os.ReadFile(asm); string(data) != `{"kind":"assessment","schemaVersion":1}` {
		t.Errorf("the assessment changed: %q", data)
	}
}
