package assess

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// Key checks (checks_keys.go) at their boundaries, worked out from the
// windows the CMK documentation gives: an earlier version must stay enabled
// 28 days after its replacement; a key expiring within 60 days needs action.

func TestDisabledEarlyBoundary(t *testing.T) {
	now := testNow
	ago := func(d time.Duration) *time.Time { x := now.Add(-d); return &x }
	day := 24 * time.Hour
	cases := []struct {
		name string
		vs   []KeyVersion
		ok   bool
		old  string
	}{
		{"newer is 27 days old", []KeyVersion{{Version: "n", Enabled: true, Created: ago(27 * day)}, {Version: "o"}}, true, "o"},
		{"newer is just under 28 days", []KeyVersion{{Version: "n", Enabled: true, Created: ago(28*day - time.Second)}, {Version: "o"}}, true, "o"},
		{"newer is 28 days old", []KeyVersion{{Version: "n", Enabled: true, Created: ago(28 * day)}, {Version: "o"}}, false, ""},
		{"older still enabled", []KeyVersion{{Version: "n", Created: ago(day)}, {Version: "o", Enabled: true}}, false, ""},
		{"newer without date", []KeyVersion{{Version: "n"}, {Version: "o"}}, false, ""},
		{"one version", []KeyVersion{{Version: "n", Created: ago(day)}}, false, ""},
		{"third of three", []KeyVersion{{Version: "a", Enabled: true, Created: ago(400 * day)}, {Version: "b", Enabled: true, Created: ago(2 * day)}, {Version: "c"}}, true, "c"},
	}
	for _, c := range cases {
		old, _, ok := disabledEarly(c.vs, now)
		if ok != c.ok || old.Version != c.old {
			t.Errorf("%s: %q %v, want %q %v", c.name, old.Version, ok, c.old, c.ok)
		}
	}
}

// TestKeyExpiryBoundaries: expired at or before now; expiring when less
// than 60 days are left; fine at 60 days.
func TestKeyExpiryBoundaries(t *testing.T) {
	def, _ := lookupCheck("key-expiry")
	day := 24 * time.Hour
	cases := []struct {
		left time.Duration
		sig  string
	}{
		{-day, "key-expired"},
		{0, "key-expired"},
		{time.Nanosecond, "key-expiring"},
		{time.Second, "key-expiring"},
		{60*day - time.Second, "key-expiring"},
		{60 * day, ""},
	}
	for _, c := range cases {
		f := healthyFacts()
		f.Keys[0].Expires = new(testNow.Add(c.left))
		o := runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Now: testNow})
		var got []string
		for _, s := range []string{"key-expired", "key-expiring"} {
			if len(o.Signals[s]) > 0 {
				got = append(got, s)
			}
		}
		want := []string{}
		if c.sig != "" {
			want = []string{c.sig}
		}
		if !slices.Equal(append([]string{}, got...), want) {
			t.Errorf("%v left: signals %v, want %v", c.left, got, want)
		}
		if len(o.Signals["key-expiry-set"]) != 1 {
			t.Errorf("%v left: key-expiry-set missing", c.left)
		}
	}
	// 59 days and a bit: the detail says how many whole days are left
	f := healthyFacts()
	f.Keys[0].Expires = new(testNow.Add(59*day + time.Hour))
	o := runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Now: testNow})
	if s := o.Signals["key-expiring"]; len(s) != 1 || !strings.Contains(s[0].Detail, " (in 59 days)") {
		t.Errorf("expiring detail: %+v", s)
	}
}

// TestKeyTextHelpers: the words the key evidence uses.
func TestKeyTextHelpers(t *testing.T) {
	for n, want := range map[int]string{0: "size not returned", 2048: "2048-bit", 1: "1-bit"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q", n, got)
		}
	}
	for _, c := range []struct {
		r    *RotationPolicy
		want string
	}{
		{nil, "no policy"},
		{&RotationPolicy{RotateAfterCreate: "P90D", RotateBeforeExpiry: "P30D"}, "every P90D"},
		{&RotationPolicy{RotateBeforeExpiry: "P30D"}, "P30D before expiry"},
		{&RotationPolicy{NotifyBeforeExpiry: "P30D"}, "policy without a Rotate action"},
	} {
		if got := rotationText(c.r); got != c.want {
			t.Errorf("rotationText(%+v) = %q", c.r, got)
		}
	}
	for v, want := range map[string]string{"": "-", "abc": "abc", "12345678": "12345678", "123456789": "12345678"} {
		if got := shortVersion(v); got != want {
			t.Errorf("shortVersion(%q) = %q", v, got)
		}
	}
	if ageDays(nil, testNow) != 0 || ageDays(new(testNow.Add(-49*time.Hour)), testNow) != 2 {
		t.Error("ageDays")
	}
	ks := []Key{{Name: "a", Type: "RSA-HSM", Size: 3072}, {Name: "b"}}
	if got := keyNames(ks); got != "a (RSA-HSM 3072-bit), b (- size not returned)" {
		t.Errorf("keyNames = %q", got)
	}
	for _, c := range []struct {
		id, uri string
		want    bool
	}{
		{"/subscriptions/s/providers/Microsoft.KeyVault/managedHSMs/h", "", true},
		{"/x/vaults/v", "https://h.managedhsm.azure.net/", true},
		{"/x/vaults/v", "https://v.vault.azure.net/", false},
	} {
		if got := isManagedHSM(c.id, c.uri); got != c.want {
			t.Errorf("isManagedHSM(%q, %q) = %v", c.id, c.uri, got)
		}
	}
}

// TestKeyTypeSizes: 2048 and 3072 are fine, 4096 needs checking, any other
// RSA size is unsupported; 0 means the size was not returned.
func TestKeyTypeSizes(t *testing.T) {
	def, _ := lookupCheck("key-type")
	for size, want := range map[int]string{0: "", 2048: "", 3072: "", 4096: "key-size-verify", 1024: "key-unsupported", 3071: "key-unsupported"} {
		f := healthyFacts()
		f.Keys[0].Size = size
		o := runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Now: testNow})
		got := ""
		for _, s := range []string{"key-size-verify", "key-unsupported"} {
			if len(o.Signals[s]) > 0 {
				got += s
			}
		}
		if got != want {
			t.Errorf("size %d: %q, want %q", size, got, want)
		}
		if want == "" && !slices.Equal(o.Implies, []string{"rsa-hsm-vault"}) {
			t.Errorf("size %d: implies %v", size, o.Implies)
		}
	}
}
