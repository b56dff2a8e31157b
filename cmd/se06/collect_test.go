package main

import (
	"strings"
	"testing"

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
	printPreflight(&b, []tenant.PreflightItem{{Check: tenant.CheckSignIn, WillRun: true, Reason: "signed in"}, {Check: tenant.CheckVaults, Reason: "not permitted: needs Reader"}})
	for _, w := range []string{"run   sign-in", "skip  vaults                 not permitted: needs Reader", "1 of 2 checks will run", "not verified"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("preflight lacks %q:\n%s", w, b.String())
		}
	}
}
