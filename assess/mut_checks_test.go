package assess

import (
	"strings"
	"testing"
	"time"
)

// TestKeyLoggingSaysWhyAVaultIsNotLogged: a vault with no diagnostic setting
// at all and one whose settings skip AuditEvent are both not logged, and the
// subject says which of the two it is.
func TestKeyLoggingSaysWhyAVaultIsNotLogged(t *testing.T) {
	def, ok := lookupCheck("key-logging")
	if !ok {
		t.Fatal("no key-logging check")
	}
	for _, c := range []struct {
		settings int
		detail   string
	}{
		{0, "no diagnostic setting"},
		{1, "no diagnostic setting sends AuditEvent logs anywhere"},
		{3, "no diagnostic setting sends AuditEvent logs anywhere"},
	} {
		f := healthyFacts()
		withLogging(VaultLogging{Settings: c.settings})(f)
		o := runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Now: testNow, Hosting: mustBank(t).AIHosting})
		subs := o.Signals["vault-not-logged"]
		if len(subs) != 1 || subs[0].ID != testVaultID {
			t.Fatalf("%d settings: vault-not-logged %v", c.settings, subjectIDs(subs))
		}
		// the vault's environments follow the ";"
		if !strings.HasPrefix(subs[0].Detail, c.detail+";") {
			t.Errorf("%d settings: detail %q, want it to start %q", c.settings, subs[0].Detail, c.detail+";")
		}
	}
}

// TestKeyRotationSummary: when every key rotates and no version was disabled
// early, the summary says so; a key without a rotation policy makes it a
// "needs attention" list that names the key.
func TestKeyRotationSummary(t *testing.T) {
	def, ok := lookupCheck("key-rotation")
	if !ok {
		t.Fatal("no key-rotation check")
	}
	run := func(f *Facts) Observation {
		return runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Now: testNow, Hosting: mustBank(t).AIHosting})
	}
	o := run(healthyFacts())
	if len(o.Affected) != 0 || !strings.Contains(o.Summary, "a rotation policy, and no earlier version was disabled within 28 days") || strings.HasPrefix(o.Summary, "Rotation needs attention") {
		t.Errorf("healthy key: affected %v, summary %q", subjectIDs(o.Affected), o.Summary)
	}
	f := healthyFacts()
	f.Keys[0].Rotation = nil
	o = run(f)
	if len(o.Affected) == 0 || !strings.HasPrefix(o.Summary, "Rotation needs attention: ") || !strings.Contains(o.Summary, f.Keys[0].Name) {
		t.Errorf("key without rotation: affected %v, summary %q", subjectIDs(o.Affected), o.Summary)
	}
}

// TestKeyVersionDisabledEarlyDetail: the subject names both versions (first
// eight characters) and the newer version's age in whole days, written by hand.
func TestKeyVersionDisabledEarlyDetail(t *testing.T) {
	def, ok := lookupCheck("key-rotation")
	if !ok {
		t.Fatal("no key-rotation check")
	}
	f := healthyFacts()
	created := testNow.Add(-(10*24 + 5) * time.Hour) // 10 days and 5 hours: 10 whole days
	f.Keys[0].Versions = []KeyVersion{{Version: "0123456789abcdef", Enabled: true, Created: &created}, {Version: "old", Enabled: false}}
	o := runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Now: testNow, Hosting: mustBank(t).AIHosting})
	subs := o.Signals["key-version-disabled-early"]
	if len(subs) != 1 {
		t.Fatalf("key-version-disabled-early %v", subjectIDs(subs))
	}
	if want := "version old was disabled although version 01234567 is only 10 days old"; !strings.HasPrefix(subs[0].Detail, want) {
		t.Errorf("detail %q, want it to start %q", subs[0].Detail, want)
	}
}
