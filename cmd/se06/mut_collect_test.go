package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess/tenant"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// collectApp is an app whose environment is env (nothing else), so a test
// never reads or removes the sign-in of the user running it.
func collectApp(env map[string]string) (*app, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return testNow },
		getenv: func(k string) string { return env[k] }}
	return a, &out, &errb
}

// TestCollectFlagChecks: each flag rule of collect is a usage error on its
// own, before anything is read; the smallest valid values pass.
func TestCollectFlagChecks(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--demo", "--concurrency", "0"}, exitUsage, "--concurrency must be at least 1"},
		{[]string{"--demo", "--timeout", "0s"}, exitUsage, "--timeout must be positive"},
		{[]string{"--demo", "--timeout", "-1s"}, exitUsage, "--timeout must be positive"},
		{[]string{"--demo", "--preflight"}, exitUsage, "--demo and --preflight cannot be combined"},
		{[]string{"--forget-sign-in", "--demo"}, exitUsage, "--forget-sign-in runs alone"},
		{[]string{"--forget-sign-in", "--preflight"}, exitUsage, "--forget-sign-in runs alone"},
		{[]string{"--demo", "--concurrency", "1", "--timeout", "1ns", "--out", filepath.Join(dir, "demo.json")}, exitOK, "wrote " + filepath.Join(dir, "demo.json")},
	}
	for _, c := range cases {
		// XDG folders in the test's own folder: a wrongly run --forget-sign-in
		// removes nothing of the user's.
		a, _, errb := collectApp(map[string]string{"XDG_CONFIG_HOME": dir, "XDG_CACHE_HOME": dir, "HOME": dir})
		if code := run(context.Background(), a, append([]string{"collect"}, c.args...)); code != c.code {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, c.code, errb.String())
		}
		if !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: stderr %q lacks %q", c.args, errb.String(), c.want)
		}
	}
}

// TestCollectDemoOutputs: without --out (or with -) the demo snapshot goes
// to standard output and nothing says "wrote"; with --out it goes to the
// file, which --quiet does not announce.
func TestCollectDemoOutputs(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{}, {"--out", "-"}} {
		a, out, errb := collectApp(nil)
		if code := run(context.Background(), a, append([]string{"collect", "--demo"}, args...)); code != exitOK {
			t.Fatalf("%v: exit %d (%s)", args, code, errb.String())
		}
		if !strings.Contains(out.String(), `"kind": "snapshot"`) && !strings.Contains(out.String(), `"kind":"snapshot"`) {
			t.Errorf("%v: stdout is not a snapshot: %.200q", args, out.String())
		}
		if strings.Contains(errb.String(), "wrote") {
			t.Errorf("%v: stderr %q", args, errb.String())
		}
	}
	p := filepath.Join(dir, "q.json")
	a, out, errb := collectApp(nil)
	if code := run(context.Background(), a, []string{"collect", "--demo", "--quiet", "--out", p}); code != exitOK {
		t.Fatalf("--quiet: exit %d (%s)", code, errb.String())
	}
	if out.Len() != 0 || errb.Len() != 0 {
		t.Errorf("--quiet printed: stdout %q stderr %q", out.String(), errb.String())
	}
	if data, err := os.ReadFile(p); err != nil || !bytes.Contains(data, []byte("snapshot")) {
		t.Errorf("--out file: %v %.100q", err, data)
	}
}

// TestCollectForgetSignIn: --forget-sign-in removes the kept record and says
// what it removed; with nothing kept it says so. Both exit 0.
func TestCollectForgetSignIn(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the kept sign-in lives in the user's own folders on " + runtime.GOOS + "; the test may not touch them")
	}
	dir := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": filepath.Join(dir, "config"), "XDG_CACHE_HOME": filepath.Join(dir, "cache"), "HOME": dir}
	a, _, errb := collectApp(env)
	if code := run(context.Background(), a, []string{"collect", "--forget-sign-in"}); code != exitOK {
		t.Fatalf("nothing kept: exit %d (%s)", code, errb.String())
	}
	if !strings.Contains(errb.String(), "no sign-in was kept") {
		t.Errorf("nothing kept: stderr %q", errb.String())
	}
	rec := filepath.Join(dir, "config", "se06", "sign-in.json")
	if err := os.MkdirAll(filepath.Dir(rec), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rec, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, _, errb = collectApp(env)
	if code := run(context.Background(), a, []string{"collect", "--forget-sign-in"}); code != exitOK {
		t.Fatalf("record kept: exit %d (%s)", code, errb.String())
	}
	if !strings.Contains(errb.String(), "removed "+rec) || strings.Contains(errb.String(), "no sign-in was kept") {
		t.Errorf("record kept: stderr %q", errb.String())
	}
	if _, err := os.Stat(rec); !os.IsNotExist(err) {
		t.Errorf("the record is still there: %v", err)
	}
}

// TestCollectUnreachableTenant: the emulator's certificate is not trusted by
// this process, so every call fails (and is retried: each run is cut short
// by its context). collect still says where each token would go (stdout for
// --preflight, stderr otherwise), fails, and writes no snapshot.
func TestCollectUnreachableTenant(t *testing.T) {
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
	env := map[string]string{"AZURE_TENANT_ID": emu.TenantID(), "AZURE_CLIENT_ID": emu.ClientID(), "AZURE_CLIENT_SECRET": emu.ClientSecret(),
		"XDG_CONFIG_HOME": dir, "XDG_CACHE_HOME": dir, "HOME": dir}
	base := []string{"collect", "--auth", tenant.AuthEnv, "--cloud-config", cfg, "--allow-host", "127.0.0.1", "--no-tls-probe", "--no-token-cache", "--timeout", "2s"}

	snap := filepath.Join(dir, "snap.json")
	a, out, errb := collectApp(env)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	code := run(ctx, a, append(base, "--out", snap))
	if code == exitOK || code == exitUsage {
		t.Errorf("collect from an unreachable tenant: exit %d (%s)", code, errb.String())
	}
	if !strings.Contains(errb.String(), "tokens go to:") || out.Len() != 0 {
		t.Errorf("collect: stdout %q stderr %q", out.String(), errb.String())
	}
	if _, err := os.Stat(snap); !os.IsNotExist(err) {
		t.Errorf("a snapshot was written: %v", err)
	}

	a, out, errb = collectApp(env)
	ctx2, cancel2 := context.WithTimeout(context.Background(), time.Second)
	defer cancel2()
	code = run(ctx2, a, append(base, "--preflight"))
	if code == exitUsage {
		t.Errorf("--preflight: exit %d (%s)", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "tokens go to:") {
		t.Errorf("--preflight: stdout %q (stderr %q)", out.String(), errb.String())
	}
}
