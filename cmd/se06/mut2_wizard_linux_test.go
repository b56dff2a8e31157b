// These tests run the wizard in-process on a real pseudo-terminal. Under the
// race detector they are left out: at shutdown Bubble Tea closes its cancel
// reader (charm.land/bubbletea/v2 tea.go, Program.shutdown) while the
// ultraviolet terminal reader goroutine still reads the file's descriptor
// (terminal_reader.go sendBytes), a race inside those libraries, not in se06.
// The race run still covers the wizard through teatest and the binary tests.

//go:build !race

package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// screen is what the program wrote to the terminal; it closes seen once the
// text it waits for has appeared (a readiness signal, not a sleep).
type screen struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	until string
	seen  chan struct{}
	once  sync.Once
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Write(p)
	if s.until != "" && bytes.Contains(s.buf.Bytes(), []byte(s.until)) {
		s.once.Do(func() { close(s.seen) })
	}
	return len(p), nil
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// wizardOnPTY runs se06 with args on a pseudo-terminal (stdin and stdout),
// types input, and once the screen shows until (when not empty) presses
// Ctrl+C the way main does: it cancels the run's context. A run that ends
// before showing until is left to the caller to judge.
func wizardOnPTY(t *testing.T, args []string, input, until string) (code int, shown, stderr string) {
	t.Helper()
	return wizardOnPTYEnv(t, nil, args, input, until)
}

// wizardOnPTYEnv is wizardOnPTY with the environment se06 sees.
func wizardOnPTYEnv(t *testing.T, env map[string]string, args []string, input, until string) (code int, shown, stderr string) {
	t.Helper()
	master, tty := openPTY(t)
	// The wizard gets its own descriptor of the terminal, never closed: the
	// full-screen reader of Bubble Tea may still hold it when Run returns,
	// and closing it under that reader is a data race (go test -race).
	fd, err := syscall.Dup(int(tty.Fd()))
	if err != nil {
		t.Skipf("cannot duplicate the terminal: %v", err)
	}
	term := os.NewFile(uintptr(fd), tty.Name())
	sc := &screen{until: until, seen: make(chan struct{})}
	go func() { _, _ = io.Copy(sc, master) }()
	var errb bytes.Buffer
	a := &app{stdin: term, stdout: term, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: func(k string) string { return env[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := master.WriteString(input); err != nil {
		t.Fatal(err)
	}
	done := make(chan int, 1)
	go func() { done <- run(ctx, a, args) }()
	hang := time.After(time.Minute) // a hang guard, not a performance limit
	ended := false
	if until != "" {
		select {
		case <-sc.seen:
			cancel()
		case code = <-done: // ended before showing it: the caller judges the code
			ended = true
		case <-hang:
			t.Fatalf("%v: the screen never showed %q\nscreen %q", args, until, sc.String())
		}
	}
	if !ended {
		select {
		case code = <-done:
		case <-hang:
			cancel()
			t.Fatalf("%v: the wizard did not end\nscreen %q", args, sc.String())
		}
	}
	// Everything the run wrote is on the terminal before this line; once the
	// line shows, the screen is complete. (A read of the wizard's may still
	// hold the terminal open, so closing it would not end the copy.)
	sc.mu.Lock()
	sc.until, sc.seen, sc.once = endOfRun, make(chan struct{}), sync.Once{}
	seen := sc.seen
	sc.mu.Unlock()
	if _, err := tty.WriteString("\n" + endOfRun + "\n"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-seen:
	case <-hang:
		t.Fatalf("%v: the terminal's output did not arrive\nscreen %q", args, sc.String())
	}
	shown, _, _ = strings.Cut(sc.String(), endOfRun)
	return code, shown, errb.String()
}

// TestWizardOffersAMissingFolder: a missing --dir is offered before the
// screen opens ("Create it? [y/N]"); only y or yes (any case) creates it,
// anything else is exit 2 with nothing written; a folder that cannot be
// created is exit 1 naming it. Once created, the wizard runs in the mode
// asked for (--accessible: plain prompts, no escape sequences), and Ctrl+C
// there is exit 130 saying the answers so far are saved (root --help).
func TestWizardOffersAMissingFolder(t *testing.T) {
	base := t.TempDir()
	for _, answer := range []string{"n", "", "no", "ye"} {
		dir := filepath.Join(base, "refused-"+answer)
		// were the folder made, the wizard would start: stop it there
		code, shown, stderr := wizardOnPTY(t, []string{"--accessible", "--dir", dir}, answer+"\n", accessibleStart)
		if code != exitUsage || !strings.Contains(stderr, "--dir: the folder "+dir+" does not exist (not created)") {
			t.Errorf("answer %q: exit %d, want %d\n%s", answer, code, exitUsage, stderr)
		}
		if !strings.Contains(shown, "The folder "+dir+" does not exist. Create it? [y/N]") {
			t.Errorf("answer %q: no offer on the terminal: %q", answer, shown)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("answer %q: the folder was created (%v)", answer, err)
		}
	}
	for _, answer := range []string{"y", "yes", "YES"} {
		dir := filepath.Join(base, "made-"+answer)
		code, shown, stderr := wizardOnPTY(t, []string{"--accessible", "--dir", dir}, answer+"\n", accessibleStart)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			t.Errorf("answer %q: the folder was not created (%v)", answer, err)
		}
		if code != exitInterrupted || !strings.Contains(stderr, "se06: interrupted; the answers given so far are saved") {
			t.Errorf("answer %q, then Ctrl+C: exit %d, want %d\n%s", answer, code, exitInterrupted, stderr)
		}
		if strings.Contains(shown, "\x1b") {
			t.Errorf("answer %q: --accessible drew escape sequences: %q", answer, shown)
		}
	}
	file := filepath.Join(base, "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(file, "sub")
	code, _, stderr := wizardOnPTY(t, []string{"--accessible", "--dir", dir}, "y\n", accessibleStart)
	if code != exitError || !strings.Contains(stderr, "se06: create the folder "+dir+": ") {
		t.Errorf("a folder under a file: exit %d, want %d\n%s", code, exitError, stderr)
	}
}

// endOfRun is written to the terminal after the run, to know its output has
// all been read.
const endOfRun = "--- end of the run ---"

// accessibleStart is said first by --accessible (tui/accessible.go), before
// the first prompt.
const accessibleStart = "Accessible mode: one prompt per line."

// TestWizardThemes: the full-screen wizard draws in colour by default; with
// --no-color, or NO_COLOR set to anything (the no-color.org convention, root
// --help: "NO_COLOR does the same"), in no colour at all; --high-contrast
// uses its own palette. The colours are tui/styles.go's accent: #7C8CFF
// (dark background) or #3B5BDB (light) by default, #FFFF00 or #0000AF in high
// contrast.
func TestWizardThemes(t *testing.T) {
	// The terminal type decides whether colours are drawn at all; the
	// test's terminal is one that has them.
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("COLORTERM", "truecolor")
	t.Setenv("NO_COLOR", "")
	defaultAccent := []string{"38;2;124;140;255", "38;2;59;91;219"}
	highAccent := []string{"38;2;255;255;0", "38;2;0;0;175"}
	hasAny := func(s string, subs []string) bool {
		for _, sub := range subs {
			if strings.Contains(s, sub) {
				return true
			}
		}
		return false
	}
	cases := []struct {
		name       string
		env        map[string]string
		args       []string
		colour     bool
		highAccent bool
	}{
		{"default", nil, nil, true, false},
		{"--no-color", nil, []string{"--no-color"}, false, false},
		{"NO_COLOR=1", map[string]string{"NO_COLOR": "1"}, nil, false, false},
		{"--high-contrast", nil, []string{"--high-contrast"}, true, true},
	}
	for _, c := range cases {
		code, shown, stderr := wizardOnPTYEnv(t, c.env, append([]string{"--dir", t.TempDir()}, c.args...), "", "New assessment")
		if code != exitInterrupted {
			t.Errorf("%s: exit %d, want %d\n%s", c.name, code, exitInterrupted, stderr)
		}
		if colour := strings.Contains(shown, "\x1b[38;2;"); colour != c.colour {
			t.Errorf("%s: colours drawn %v, want %v", c.name, colour, c.colour)
		}
		if c.colour && (hasAny(shown, highAccent) != c.highAccent || hasAny(shown, defaultAccent) == c.highAccent) {
			t.Errorf("%s: high-contrast accent %v, want %v", c.name, hasAny(shown, highAccent), c.highAccent)
		}
	}
}
