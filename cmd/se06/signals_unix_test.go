//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestBinarySignals: Ctrl+C (SIGINT) during a collection ends it cleanly with
// exit 130, SIGTERM is handled alike with exit 143 (root --help), and neither
// writes a snapshot or a line per stopped read. main's signal handler runs
// only in a built binary.
func TestBinarySignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; sends SIGINT and SIGTERM")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "se06")
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build se06: %v\n%s", err, out)
	}
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: exitInterrupted, syscall.SIGTERM: exitTerminated} {
		t.Run(sig.String(), func(t *testing.T) { signalDuringCollect(t, bin, sig, want) })
	}
	// The same binary, to the end of a collection (only a built binary can
	// trust the emulator's CA, through SSL_CERT_FILE).
	t.Run("complete", func(t *testing.T) { collectToTheEnd(t, bin) })
}

// collectToTheEnd: a complete collection writes the snapshot and, unless
// --quiet, says what it collected (collect --help: "Preflight and progress go
// to stderr (--quiet silences them)"); an environment list that cannot be
// read is exit 4 with no snapshot written (collect --help).
func collectToTheEnd(t *testing.T, bin string) {
	for _, c := range []struct {
		name  string
		fault []tenanttest.Fault
		quiet bool
		code  int
	}{
		{"read", nil, false, exitOK},
		{"quiet", nil, true, exitOK},
		{"list refused", []tenanttest.Fault{{Service: "bap", PathContains: "/environments", Status: 403, Code: "Forbidden"}}, false, exitNotRead},
	} {
		dir := t.TempDir()
		sc := tenanttest.Sample(testNow)
		sc.Faults = c.fault
		emu, err := tenanttest.Start(t, sc)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(emu.Close)
		cfg, ca, err := emu.WriteFiles(dir)
		if err != nil {
			t.Fatal(err)
		}
		snap := filepath.Join(dir, "tenant.json")
		args := []string{"collect", "--auth", "env", "--cloud-config", cfg, "--allow-host", "127.0.0.1", "--no-tls-probe", "--no-token-cache", "--out", snap}
		if c.quiet {
			args = append(args, "--quiet")
		}
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "SSL_CERT_FILE="+ca, "AZURE_TENANT_ID="+emu.TenantID(), "AZURE_CLIENT_ID="+emu.ClientID(), "AZURE_CLIENT_SECRET="+emu.ClientSecret(),
			"XDG_CONFIG_HOME="+dir, "XDG_CACHE_HOME="+dir, "HOME="+dir)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		err = cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		stderr := errb.String()
		_, statErr := os.Stat(snap)
		switch {
		case code != c.code:
			t.Errorf("%s: exit %d, want %d\n%s", c.name, code, c.code, stderr)
		case c.code == exitOK && statErr != nil:
			t.Errorf("%s: no snapshot: %v", c.name, statErr)
		case c.code != exitOK && statErr == nil:
			t.Errorf("%s: a snapshot was written", c.name)
		case c.code == exitNotRead && !strings.Contains(stderr, "the environment list could not be read ("):
			t.Errorf("%s: stderr does not say why:\n%s", c.name, stderr)
		case strings.Contains(stderr, "\ncollected ") == c.quiet:
			t.Errorf("%s: the summary of what was collected, with --quiet %v:\n%s", c.name, c.quiet, stderr)
		}
	}
}

func signalDuringCollect(t *testing.T, bin string, sig syscall.Signal, want int) {
	dir := t.TempDir()
	emu, err := tenanttest.Start(t, tenanttest.Large(500, 20, 10, 0, testNow))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	cfg, ca, err := emu.WriteFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The ARM reads are held until the signal: the run is surely collecting.
	held := emu.Hold("arm", 0)
	defer held.Open()
	snap := filepath.Join(dir, "tenant.json")
	cmd := exec.Command(bin, "collect", "--auth", "env", "--cloud-config", cfg, "--allow-host", "127.0.0.1", "--out", snap)
	cmd.Env = append(os.Environ(), "SSL_CERT_FILE="+ca, "AZURE_TENANT_ID="+emu.TenantID(), "AZURE_CLIENT_ID="+emu.ClientID(), "AZURE_CLIENT_SECRET="+emu.ClientSecret())
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-held.Arrived():
	case err := <-exited:
		t.Fatalf("collect ended before reading ARM: %v\n%s", err, errb.String())
	}
	_ = cmd.Process.Signal(sig)
	select {
	case err = <-exited:
	case <-time.After(time.Minute): // a hang guard, not a performance limit
		_ = cmd.Process.Kill()
		<-exited
		t.Fatalf("collect did not stop on %v\n%s", sig, errb.String())
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != want {
		t.Errorf("exit: %v, want %d\n%s", err, want, errb.String())
	}
	if _, err := os.Stat(snap); err == nil {
		t.Error("a stopped run wrote a snapshot")
	}
	if strings.Contains(errb.String(), "cancelled") {
		t.Errorf("a line per stopped read after the signal:\n%s", errb.String())
	}
}
