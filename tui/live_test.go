package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestLiveCollectionAgainstEmulator signs in to the loopback emulator of the
// tenant's services, with the wiring the command line uses, and reads it
// while the questions go on.
func TestLiveCollectionAgainstEmulator(t *testing.T) {
	emu, cfg := tenanttest.StartEnv(t, tenanttest.Sample(testNow()))

	opts := testOptions(t, t.TempDir())
	src := DefaultSources(SourceOptions{CloudConfigFile: cfg, AllowHosts: []string{"127.0.0.1"}, Auth: tenant.AuthEnv, Timeout: 5 * time.Second, ToolVersion: "test", Now: testNow, RootCAs: emu.CertPool()})
	opts.Sources.Collect = src.Collect
	d := newDriver(t, opts, 100, 30)
	d.keys("enter")
	d.typeText("Live")
	d.keys("enter", "enter", "enter", "enter", "enter", "enter")
	d.mustSee("Sign in and read the tenant")
	d.keys("enter") // runs to the end: the driver is synchronous
	d.mustSee("Checks")
	d.mustSee("tenant read ✓")
	if d.m.sess.asm.Facts == nil || len(d.m.sess.asm.Facts.Environments) == 0 {
		t.Fatalf("no facts collected: %+v", d.m.evidence.doneErr)
	}
	for _, tok := range emu.IssuedTokens() {
		if strings.Contains(d.screen(), tok) {
			t.Fatal("a token is on screen")
		}
	}
	d.keys("down", "down", "enter")
	d.mustSee("Question 1 of")
}

// TestCollectionProgressAndFailure shows per-check states, a device-code
// prompt, and a failed collection that leaves the answers alone.
func TestCollectionProgressAndFailure(t *testing.T) {
	opts := testOptions(t, t.TempDir())
	opts.Sources.Collect = func(ctx context.Context, progress func(CollectProgress), prompt func(string), preflight func([]PreflightItem)) (*assess.Facts, error) {
		preflight([]PreflightItem{{Check: "environments", WillRun: true}, {Check: "key-vaults", Reason: "needs Key Vault Reader"}, {Check: "keys", Reason: "needs Key Vault Crypto User"}})
		prompt("To sign in, open https://microsoft.com/devicelogin and enter the code ABCD-1234.")
		progress(CollectProgress{Check: "environments", State: "running", Total: 3})
		progress(CollectProgress{Check: "environments", State: "done", Done: 3, Total: 3})
		progress(CollectProgress{Check: "key-vaults", State: "not-permitted", Detail: "needs Key Vault Reader"})
		progress(CollectProgress{Check: "tls", Subject: "hr.crm4.dynamics.com", State: "error", Detail: "timeout"})
		return nil, errors.New("sign-in cancelled")
	}
	d := newDriver(t, opts, 100, 30)
	d.keys("enter", "enter", "enter", "enter", "enter", "enter", "enter")
	d.keys("enter")
	d.mustSee("will be skipped: needs Key Vault Crypto User")
	d.mustSee("3/3")
	d.mustSee("⊘ key-vaults")
	d.mustSee("hr.crm4.dynamics.com: timeout")
	d.mustSee("collection failed: sign-in cancelled")
	if d.m.sess.asm.Facts != nil {
		t.Error("a failed collection must not attach facts")
	}
}
