package tenant

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// --subscription lists (wire contract §ARM enterprisePolicies by
// subscription): each Encryption policy listed is read with its vault and
// key, counted in the check's reason; policies of another kind are not.
// Sample has five Encryption policies in its subscription.

func subscriptionRun(t *testing.T, sc tenanttest.Scenario, subs []string) (*assess.Facts, *tenanttest.Emulator, []Progress) {
	t.Helper()
	emu, opts := startEmulator(t, sc)
	opts.Subscriptions = subs
	opts.NoTLSProbe = true
	var mu sync.Mutex
	var seen []Progress
	f, err := Collect(context.Background(), opts, func(p Progress) {
		if p.Check == CheckSubscriptionPolicies {
			mu.Lock()
			seen = append(seen, p)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return f, emu, seen
}

func TestMut2SubscriptionPolicies(t *testing.T) {
	t.Run("listed: Encryption policies counted and read, others not", func(t *testing.T) {
		sc := tenanttest.Sample(fixedNow)
		sc.Faults = sc.Faults[1:] // allow the subscription list
		sc.Policies = append(sc.Policies, tenanttest.Policy{ID: tenanttest.SamplePolicyID("ep-net"), Kind: "NetworkInjection", Location: "europe"})
		f, _, seen := subscriptionRun(t, sc, []string{tenanttest.SampleSubscription})
		if c, ok := checkRun(f, CheckSubscriptionPolicies); !ok || !c.Provenance.OK() {
			t.Errorf("subscription check %+v", c)
		}
		want := []Progress{
			{Check: CheckSubscriptionPolicies, Subject: tenanttest.SampleSubscription, State: StateRunning, Total: 1},
			{Check: CheckSubscriptionPolicies, Subject: tenanttest.SampleSubscription, State: StateDone, Detail: "5 encryption policies", Done: 1, Total: 1},
		}
		if !reflect.DeepEqual(seen, want) {
			t.Errorf("progress %+v\n want %+v", seen, want)
		}
		if _, ok := f.Policy(tenanttest.SamplePolicyID("ep-net")); ok {
			t.Error("a network injection policy was read as an encryption policy")
		}
		if p, ok := f.Policy(tenanttest.SamplePolicyID("ep-unlinked")); !ok || !strings.HasPrefix(p.Provenance.Source, "ARM GET subscription enterprisePolicies list") {
			t.Errorf("ep-unlinked %+v (found %v)", p.Provenance, ok)
		}
	})
	t.Run("refused: named with the role; linked policies still read one by one", func(t *testing.T) {
		f, _, _ := subscriptionRun(t, tenanttest.Sample(fixedNow), []string{tenanttest.SampleSubscription})
		c, ok := checkRun(f, CheckSubscriptionPolicies)
		if !ok || c.Provenance.Status != assess.StatusNotPermitted || !strings.HasPrefix(c.Provenance.Reason, roleSubscription) {
			t.Errorf("subscription check %+v", c)
		}
		if _, ok := f.Policy(tenanttest.SamplePolicyID("ep-unlinked")); ok {
			t.Error("an unlinked policy was read although the list was refused")
		}
		if p, ok := f.Policy(tenanttest.SamplePolicyID("ep-eu")); !ok || !p.Provenance.OK() || !strings.HasPrefix(p.Provenance.Source, "ARM GET enterprisePolicies (") {
			t.Errorf("ep-eu %+v", p.Provenance)
		}
	})
	t.Run("not asked for: no subscription check, the list still serves linked policies", func(t *testing.T) {
		sc := tenanttest.Sample(fixedNow)
		sc.Faults = sc.Faults[1:]
		f, emu, seen := subscriptionRun(t, sc, nil)
		if len(seen) != 0 {
			t.Errorf("subscription progress without --subscription: %+v", seen)
		}
		if c, ok := checkRun(f, CheckSubscriptionPolicies); ok {
			t.Errorf("subscription check without --subscription: %+v", c)
		}
		if p, ok := f.Policy(tenanttest.SamplePolicyID("ep-eu")); !ok || !strings.HasPrefix(p.Provenance.Source, "ARM GET subscription enterprisePolicies list") {
			t.Errorf("ep-eu %+v", p.Provenance)
		}
		if _, ok := f.Policy(tenanttest.SamplePolicyID("ep-unlinked")); ok {
			t.Error("an unlinked policy was read without --subscription")
		}
		if n := emu.Count("arm", "/enterprisePolicies/ep-eu"); n != 0 {
			t.Errorf("ep-eu fetched by ID %d times beside the list", n)
		}
	})
}

func TestMut2SubscriptionOf(t *testing.T) {
	for id, want := range map[string]string{
		"/subscriptions/ABC-123/resourceGroups/rg/providers/x/y": "abc-123",
		"subscriptions/abc/":              "abc",
		"/SUBSCRIPTIONS/Abc":              "abc",
		"/subscriptions/bad id/x":         "",
		"/subscriptions":                  "",
		"/providers/Microsoft.Management": "",
		"":                                "",
	} {
		if got := subscriptionOf(id); got != want {
			t.Errorf("subscriptionOf(%q) = %q, want %q", id, got, want)
		}
	}
}
