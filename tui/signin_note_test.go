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

// TestLiveSignInNotKeptNote: a device-code sign-in through the real tenant
// reader that cannot keep the sign-in (here: no config folder, as with
// neither HOME nor XDG_CONFIG_HOME set; a system without an encrypted token
// store takes the same path to the screen) shows the reader's "the sign-in
// is not kept" note on the evidence screen, as 'se06 collect' prints it,
// and the checks list key logging and key roles from the run's preflight.
func TestLiveSignInNotKeptNote(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "")
	emu, cfg := tenanttest.StartEnv(t, tenanttest.Sample(testNow()))
	opts := testOptions(t, t.TempDir())
	src := DefaultSources(SourceOptions{CloudConfigFile: cfg, AllowHosts: []string{"127.0.0.1"}, Auth: tenant.AuthDeviceCode, TenantID: emu.TenantID(),
		NoTLSProbe: true, Timeout: 5 * time.Second, ToolVersion: "test", Now: testNow, RootCAs: emu.CertPool()})
	opts.Sources.Collect = src.Collect
	d := newDriver(t, opts, 120, 60)
	d.keys("enter")
	d.typeText("Live")
	d.keys("enter", "enter", "enter", "enter", "enter", "enter")
	d.mustSee("Sign in and read the tenant")
	d.keys("enter") // runs to the end: the driver is synchronous
	d.mustSee("tenant read ✓")
	d.mustSee("Note: the sign-in is not kept: no config folder")
	d.mustSee("key-logging")
	d.mustSee("key-roles")
}

// TestNoteAndAccessChecksShown: a note from the reader is shown once on the
// evidence screen and said in the accessible mode; it is not a check row.
// The preflight's key-logging and key-roles rows are listed with why they
// will be skipped.
func TestNoteAndAccessChecksShown(t *testing.T) {
	const note = "the sign-in is not kept: this system offers no encrypted token store (no keyring); you will sign in again next time"
	collect := func(ctx context.Context, progress func(CollectProgress), prompt func(string), preflight func([]PreflightItem)) (*assess.Facts, error) {
		noteTo(progress)(note)
		preflight([]PreflightItem{{Check: "environments", WillRun: true},
			{Check: tenant.CheckKeyLogging, Reason: "kv-eu: not permitted: needs Reader on the key vault (Microsoft.Insights/diagnosticSettings/read)"},
			{Check: tenant.CheckKeyRoles, Reason: "kv-eu: not permitted: needs Reader on the key vault and its subscription (Microsoft.Authorization/roleAssignments/read)"}})
		return nil, errors.New("stopped here")
	}
	opts := testOptions(t, t.TempDir())
	opts.Sources.Collect = collect
	d := newDriver(t, opts, 120, 40)
	d.keys("enter", "enter", "enter", "enter", "enter", "enter", "enter")
	d.keys("enter")
	d.mustSee("Note: the sign-in is not kept: this system offers no encrypted token store")
	d.mustSee("will be skipped: kv-eu: not permitted: needs Reader on the key vault")
	d.mustSee("(Microsoft.Insights/diagnosticSettings/read)")
	d.mustSee("key-roles")
	if n := strings.Count(d.screen(), "Note: the sign-in is not kept"); n != 1 {
		t.Errorf("the note is shown %d times", n)
	}
	for _, r := range d.m.evidence.rows() {
		if r.name == "sign-in" {
			t.Errorf("the note became a check row: %+v", r)
		}
	}

	aopts := testOptions(t, t.TempDir())
	aopts.Sources.Collect = collect
	text := runAccessible(t, aopts, strings.Join([]string{"1", "", "", "", "", "", "", "yes", "q"}, "\n")+"\n")
	mustSay(t, text, "Note: "+note, "Will skip key-logging: kv-eu: not permitted")
}
