package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openPTY opens a pseudo-terminal pair; the test skips, saying why, when the
// system has none.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here (/dev/ptmx: %v)", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		m.Close()
		t.Skipf("no pseudo-terminal here (unlock: %v)", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		m.Close()
		t.Skipf("no pseudo-terminal here (pts number: %v)", e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("no pseudo-terminal here (/dev/pts/%d: %v)", n, err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

// TestWizardNeedsBothEndsOnATerminal: a terminal on stdin alone is not
// enough (stdout redirected to a file or pipe): the wizard refuses with the
// scripts hint and exit 2 instead of drawing its screen into the file.
func TestWizardNeedsBothEndsOnATerminal(t *testing.T) {
	_, tty := openPTY(t)
	var out, errb bytes.Buffer
	a := &app{stdin: tty, stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return testNow }, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if code := run(ctx, a, []string{"--demo", "--dir", t.TempDir()}); code != exitUsage {
		t.Errorf("exit %d, want %d (%s)", code, exitUsage, errb.String())
	}
	if !strings.Contains(errb.String(), "interactive terminal") {
		t.Errorf("stderr %q lacks the hint", errb.String())
	}
}
