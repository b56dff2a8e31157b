package tenant

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// A run's bookkeeping: every check is recorded even when it had nothing to
// read (not applicable, or not collected when the environment list it
// starts from failed), a list that failed after its first page keeps what
// was read and says so, and tokens are fetched only for what the run needs.

func TestMut2IdleChecks(t *testing.T) {
	type want struct {
		status assess.FactStatus
		reason string
	}
	na := func(r string) want { return want{assess.StatusNotApplicable, r} }
	nc := want{assess.StatusNotCollected, "needs the environment list, which could not be read"}
	cases := []struct {
		name string
		sc   tenanttest.Scenario
		want map[string]want
	}{
		{"no environments at all", tenanttest.Large(0, 0, 0, 0, fixedNow), map[string]want{
			CheckPolicies:       na("no environment links a customer-managed key policy"),
			CheckVaults:         na("no enterprise policy names a key vault"),
			CheckKeys:           na("no enterprise policy names a key"),
			CheckKeyLogging:     na("no customer-managed key vault was read"),
			CheckKeyRoles:       na("no customer-managed key vault was read"),
			CheckDirectoryRoles: na("no customer-managed key vault was read"),
			CheckTLS:            na("no environment has a Dataverse host"),
		}},
		{"environments without CMK or Dataverse", func() tenanttest.Scenario {
			sc := tenanttest.Large(2, 0, 0, 0, fixedNow)
			for i := range sc.Environments {
				sc.Environments[i].Dataverse = tenanttest.DataverseNone
			}
			return sc
		}(), map[string]want{
			CheckPolicies: na("no environment links a customer-managed key policy"),
			CheckTLS:      na("no environment has a Dataverse host"),
		}},
		{"environment list refused", func() tenanttest.Scenario {
			sc := tenanttest.Large(2, 0, 0, 0, fixedNow)
			sc.Faults = []tenanttest.Fault{{Service: "bap", PathContains: "/scopes/admin/environments", Status: 403}}
			return sc
		}(), map[string]want{CheckPolicies: nc, CheckVaults: nc, CheckKeys: nc, CheckKeyLogging: nc, CheckKeyRoles: nc, CheckDirectoryRoles: nc, CheckTLS: nc}},
		{"second page refused: what was read counts", func() tenanttest.Scenario {
			sc := tenanttest.Large(4, 0, 0, 0, fixedNow)
			sc.PageSize = 2
			for i := range sc.Environments {
				sc.Environments[i].Dataverse = tenanttest.DataverseNone
			}
			sc.Faults = []tenanttest.Fault{{Service: "bap", PathContains: "/scopes/admin/environments", QueryContains: "$skiptoken=2", Status: 403}}
			return sc
		}(), map[string]want{
			CheckPolicies: na("no environment links a customer-managed key policy"),
			CheckTLS:      na("no environment has a Dataverse host"),
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, opts := startEmulator(t, c.sc)
			f, err := Collect(context.Background(), opts, nil)
			if err != nil {
				t.Fatal(err)
			}
			for check, w := range c.want {
				cr, ok := checkRun(f, check)
				if !ok || cr.Provenance.Status != w.status || cr.Provenance.Reason != w.reason || !cr.Provenance.At.Equal(fixedNow) {
					t.Errorf("%s: %+v (recorded %v), want %s %q", check, cr.Provenance, ok, w.status, w.reason)
				}
			}
			// the checks that ran are recorded as such, never as idle
			for _, check := range []string{CheckSignIn, CheckTenant, CheckTenantSettings, CheckEnvironments} {
				if _, ok := checkRun(f, check); !ok {
					t.Errorf("%s not recorded", check)
				}
			}
			if _, ok := checkRun(f, CheckSubscriptionPolicies); ok {
				t.Error("subscription policies recorded without --subscription")
			}
		})
	}
}

func TestMut2EnvironmentListIncomplete(t *testing.T) {
	sc := tenanttest.Large(5, 0, 0, 0, fixedNow)
	sc.PageSize = 2
	sc.Faults = []tenanttest.Fault{{Service: "bap", PathContains: "/scopes/admin/environments", QueryContains: "$skiptoken=4", Status: 403}}
	_, opts := startEmulator(t, sc)
	opts.NoTLSProbe = true
	var mu sync.Mutex
	var seen []Progress
	f, err := Collect(context.Background(), opts, func(p Progress) {
		if p.Check == CheckEnvironments {
			mu.Lock()
			seen = append(seen, p)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Environments) != 4 {
		t.Errorf("%d environments kept, want the 4 of the first two pages", len(f.Environments))
	}
	var subjects []string
	for _, p := range seen {
		subjects = append(subjects, p.Subject+"/"+p.State)
	}
	want := "/running,page 1/running,page 2/running,4 environments (list incomplete)/not-permitted"
	if got := strings.Join(subjects, ","); got != want {
		t.Errorf("progress %s\n want %s", got, want)
	}
	if cr, _ := checkRun(f, CheckEnvironments); cr.Provenance.Status != assess.StatusNotPermitted {
		t.Errorf("environments check %+v", cr.Provenance)
	}
	// the whole list read: the count without a note
	_, opts = startEmulator(t, tenanttest.Large(3, 0, 0, 0, fixedNow))
	opts.NoTLSProbe = true
	seen = nil
	if _, err := Collect(context.Background(), opts, func(p Progress) {
		if p.Check == CheckEnvironments && p.State != StateRunning {
			mu.Lock()
			seen = append(seen, p)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0].Subject != "3 environments" || seen[0].State != StateDone {
		t.Errorf("complete list: %+v", seen)
	}
	// one environment read, then a refusal: still incomplete
	sc = tenanttest.Large(3, 0, 0, 0, fixedNow)
	sc.PageSize = 1
	sc.Faults = []tenanttest.Fault{{Service: "bap", PathContains: "/scopes/admin/environments", QueryContains: "$skiptoken=1", Status: 403}}
	_, opts = startEmulator(t, sc)
	opts.NoTLSProbe = true
	seen = nil
	if _, err := Collect(context.Background(), opts, func(p Progress) {
		if p.Check == CheckEnvironments && p.State != StateRunning {
			mu.Lock()
			seen = append(seen, p)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0].Subject != "1 environments (list incomplete)" {
		t.Errorf("one read, then refused: %+v", seen)
	}
	// nothing read at all: nothing to call incomplete
	sc = tenanttest.Large(3, 0, 0, 0, fixedNow)
	sc.Faults = []tenanttest.Fault{{Service: "bap", PathContains: "/scopes/admin/environments", Status: 403}}
	_, opts = startEmulator(t, sc)
	opts.NoTLSProbe = true
	seen = nil
	if _, err := Collect(context.Background(), opts, func(p Progress) {
		if p.Check == CheckEnvironments && p.State != StateRunning {
			mu.Lock()
			seen = append(seen, p)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0].Subject != "0 environments" || seen[0].State != StateNotPermitted {
		t.Errorf("refused list: %+v", seen)
	}
}

// Tokens only for what the run needs: a tenant with no customer-managed
// key and no --subscription needs only the BAP token.
func TestMut2TokensOnlyAsNeeded(t *testing.T) {
	count := func(subs []string) int {
		emu, opts := startEmulator(t, tenanttest.Large(3, 0, 0, 0, fixedNow))
		opts.NoTLSProbe = true
		opts.Subscriptions = subs
		if _, err := Collect(context.Background(), opts, nil); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range emu.Requests() {
			if r.Service == "entra" && strings.HasSuffix(r.Path, "/token") {
				n++
			}
		}
		return n
	}
	if n := count(nil); n != 1 {
		t.Errorf("%d token requests without CMK or --subscription, want 1 (BAP)", n)
	}
	if n := count([]string{tenanttest.SampleSubscription}); n != 3 {
		t.Errorf("%d token requests with --subscription, want 3 (BAP, ARM, Key Vault warmed)", n)
	}
}

// The collected lists come sorted by ID (keys by vault, then name), so two
// snapshots of the same tenant are the same file (ARCHITECTURE: results
// are reproducible). Sample links ep-eu, ep-us, ep-de, ep-secret and the
// deleted ep-deleted; they name kv-eu, kv-us and kv-de.
func TestMut2CollectedListsSorted(t *testing.T) {
	f := collectNoTLS(t, tenanttest.Sample(fixedNow))
	var pols, vaults, keys []string
	for _, p := range f.Policies {
		pols = append(pols, lastSegment(p.ID))
	}
	for _, v := range f.Vaults {
		vaults = append(vaults, lastSegment(v.ID))
	}
	for _, k := range f.Keys {
		keys = append(keys, lastSegment(k.VaultID)+"/"+k.Name)
	}
	got := strings.Join(pols, ",") + " | " + strings.Join(vaults, ",") + " | " + strings.Join(keys, ",")
	want := "ep-de,ep-deleted,ep-eu,ep-secret,ep-us | kv-de,kv-eu,kv-us | kv-de/cmk-de,kv-eu/cmk-eu,kv-us/cmk-us"
	if got != want {
		t.Errorf("order\n got  %s\n want %s", got, want)
	}
}

// A policy linked with another spelling of its ID (ARM IDs are not case
// sensitive) is recorded under ARM's own ID, once.
func TestMut2PolicyIDAsARMSpellsIt(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	canonical := tenanttest.SamplePolicyID("ep-eu")
	for i := range sc.Environments {
		if sc.Environments[i].CMKPolicyID == canonical {
			sc.Environments[i].CMKPolicyID = strings.ToUpper(canonical)
		}
	}
	f := collectNoTLS(t, sc)
	n := 0
	for _, p := range f.Policies {
		if strings.EqualFold(p.ID, canonical) {
			n++
			if p.ID != canonical || !p.Provenance.OK() {
				t.Errorf("policy recorded as %q (%+v), want ARM's %q", p.ID, p.Provenance, canonical)
			}
		}
	}
	if n != 1 {
		t.Errorf("ep-eu recorded %d times", n)
	}
}
