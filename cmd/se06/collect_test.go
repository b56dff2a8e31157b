package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess/tenant"
)

// TestCollectOutput: the progress printer leaves a failed sign-in to the
// command's error (printed once), and the preflight says what will run.
func TestCollectOutput(t *testing.T) {
	var b strings.Builder
	p := progressPrinter(&b)
	p(tenant.Progress{Check: tenant.CheckSignIn, State: tenant.StateRunning})
	p(tenant.Progress{Check: tenant.CheckSignIn, State: tenant.StateError, Detail: "sign-in (env) failed: x"})
	p(tenant.Progress{Check: tenant.CheckVaults, State: tenant.StateRunning, Subject: "kv"})
	p(tenant.Progress{Check: tenant.CheckVaults, State: tenant.StateNotPermitted, Subject: "kv", Detail: "needs Reader"})
	want := "signing in…\nreading vaults…\n  vaults kv: not permitted: needs Reader\n"
	if b.String() != want {
		t.Errorf("progress:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	printPreflight(&b, "preflight:", []tenant.PreflightItem{{Check: tenant.CheckSignIn, WillRun: true, Reason: "signed in"}, {Check: tenant.CheckVaults, Reason: "not permitted: needs Reader"}})
	for _, w := range []string{"run   sign-in", "skip  vaults                 not permitted: needs Reader", "1 of 2 checks will run", "not verified"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("preflight lacks %q:\n%s", w, b.String())
		}
	}
}

// TestLiveProgress: on a terminal the bar counts pages and environments,
// says how many subjects are left and, once the list is complete, the time
// left; problem lines are printed above it, and clear removes it.
func TestLiveProgress(t *testing.T) {
	var b bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	l := newLiveProgress(&b, now)
	l.update(tenant.Progress{Check: tenant.CheckEnvironments, Subject: "page 1", State: tenant.StateRunning, Detail: "250 environments"})
	clock = clock.Add(time.Second)
	l.update(tenant.Progress{Check: tenant.CheckEnvironments, Subject: "page 2", State: tenant.StateRunning, Detail: "250 environments"})
	l.update(tenant.Progress{Check: tenant.CheckVaults, Subject: "kv-1", State: tenant.StateRunning, Done: 0, Total: 4})
	if !strings.Contains(b.String(), "2 pages, 500 environments · 4 subjects left · estimating") {
		t.Fatalf("bar: %q", b.String())
	}
	l.update(tenant.Progress{Check: tenant.CheckEnvironments, Subject: "500 environments", State: tenant.StateDone})
	clock = clock.Add(time.Second)
	l.update(tenant.Progress{Check: tenant.CheckVaults, Subject: "kv-1", State: tenant.StateNotPermitted, Detail: "needs Reader", Done: 2, Total: 4})
	out := b.String()
	if !strings.Contains(out, "vaults kv-1: not permitted: needs Reader\n") {
		t.Errorf("problem line not printed above the bar: %q", out)
	}
	if !strings.Contains(out, "2 subjects left · about 2s left") {
		t.Errorf("no estimate: %q", out)
	}
	if strings.Contains(out, "environments: page") {
		t.Errorf("a line per page on a terminal: %q", out)
	}
	b.Reset()
	l.clear()
	if b.String() != "\r\x1b[2K" {
		t.Errorf("clear wrote %q", b.String())
	}
}
