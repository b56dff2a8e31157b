package tenant

import (
	"context"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestPreflightKeyAccess: both preflights (--preflight alone, and the table
// a full run builds from its first calls) list key logging and key roles,
// and name the permission when ARM refuses the diagnostic settings or the
// role assignments.
func TestPreflightKeyAccess(t *testing.T) {
	refused := []tenanttest.Fault{
		{Service: "arm", PathContains: "/diagnosticSettings", Status: 403, Code: "AuthorizationFailed"},
		{Service: "arm", PathContains: "/roleAssignments", Status: 403, Code: "AuthorizationFailed"},
	}
	for _, tc := range []struct {
		name   string
		faults []tenanttest.Fault
		want   map[string]string // check → "run: text" or "skip: text"
	}{
		{"readable", nil, map[string]string{
			CheckKeyLogging: "run: diagnostic settings of vault kv-eu read",
			CheckKeyRoles:   "run: role assignments ",
		}},
		{"refused", refused, map[string]string{
			CheckKeyLogging: "skip: Microsoft.Insights/diagnosticSettings/read",
			CheckKeyRoles:   "skip: Microsoft.Authorization/roleAssignments/read",
		}},
	} {
		sc := tenanttest.Sample(fixedNow)
		sc.Faults = append(sc.Faults, tc.faults...)
		emu, opts := startEmulator(t, sc)
		opts.NoTLSProbe = true
		probed, err := Preflight(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		var table []PreflightItem
		opts.OnPreflight = func(items []PreflightItem) { table = append(table, items...) }
		if _, err := Collect(context.Background(), opts, nil); err != nil {
			t.Fatal(err)
		}
		for name, items := range map[string][]PreflightItem{"--preflight": probed, "one pass": table} {
			got := map[string]string{}
			for _, it := range items {
				verdict := "skip: "
				if it.WillRun {
					verdict = "run: "
				}
				got[it.Check] = verdict + it.Reason
			}
			for check, want := range tc.want {
				verdict, text, _ := strings.Cut(want, ": ")
				if g := got[check]; !strings.HasPrefix(g, verdict+": ") || !strings.Contains(g, text) {
					t.Errorf("%s, %s: %s = %q, want %q", tc.name, name, check, g, want)
				}
			}
			if len(items) != 11 { // TLS skipped, but listed
				t.Errorf("%s, %s: %d items: %+v", tc.name, name, len(items), items)
			}
		}
		if v := emu.Violations(); len(v) > 0 {
			t.Errorf("write calls: %v", v)
		}
	}
}
