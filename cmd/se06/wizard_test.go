package main

import (
	"bytes"
	"context"
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
