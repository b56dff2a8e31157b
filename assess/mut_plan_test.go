package assess

import (
	"strings"
	"testing"
	"time"
)

// TestTfName: a Terraform name is the kind, the name in lower-case letters
// and digits (other runs become one "_", none at either end) cut at 40
// characters, and the first 6 hex digits of the SHA-256 of the subject's ID
// (sha256("id-1") starts eb66c6, from sha256sum).
func TestTfName(t *testing.T) {
	a40 := strings.Repeat("a", 40)
	cases := []struct{ name, want string }{
		{"Contoso HR", "environment_contoso_hr_eb66c6"},
		{"A B", "environment_a_b_eb66c6"},
		{"--HR  (prod)--", "environment_hr_prod_eb66c6"},
		{strings.Repeat("a", 39), "environment_" + strings.Repeat("a", 39) + "_eb66c6"},
		{a40, "environment_" + a40 + "_eb66c6"},
		{strings.Repeat("a", 41), "environment_" + a40 + "_eb66c6"},
		{strings.Repeat("a", 60), "environment_" + a40 + "_eb66c6"},
		{"-" + strings.Repeat("a", 60), "environment_" + a40 + "_eb66c6"},
	}
	for _, c := range cases {
		if got := tfName(SubjectEnvironment, c.name, "id-1"); got != c.want {
			t.Errorf("tfName(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestEarliestKeyExpiry: the soonest expiry among the finding's own keys;
// keys it is not about, keys without an expiry and subjects that are not
// keys do not count.
func TestEarliestKeyExpiry(t *testing.T) {
	day := func(d int) *time.Time { v := testNow.AddDate(0, 0, d); return &v }
	facts := &Facts{Keys: []Key{
		{VaultID: "/v/kv1", Name: "other", Expires: day(5)}, // not the finding's: sooner, ignored
		{VaultID: "/v/kv1", Name: "a", Expires: day(30)},
		{VaultID: "/v/kv1", Name: "noexp"},
		{VaultID: "/v/kv2", Name: "b", Expires: day(20)},
	}}
	f := Finding{Affected: []Subject{
		{Kind: SubjectKey, ID: "/v/kv1/keys/noexp"},
		{Kind: SubjectKey, ID: "/V/KV1/keys/A"}, // IDs compare without case
		{Kind: SubjectEnvironment, ID: "/v/kv1/keys/other"},
	}}
	got, name, ok := earliestKeyExpiry(f, facts)
	if !ok || name != "a" || !got.Equal(*day(30)) {
		t.Errorf("one dated key: %v %q %v, want key a in 30 days", got, name, ok)
	}
	f.Affected = append(f.Affected, Subject{Kind: SubjectKey, ID: "/v/kv2/keys/b"})
	got, name, ok = earliestKeyExpiry(f, facts)
	if !ok || name != "b" || !got.Equal(*day(20)) {
		t.Errorf("two dated keys: %v %q %v, want key b in 20 days", got, name, ok)
	}
	if _, _, ok := earliestKeyExpiry(Finding{Affected: []Subject{{Kind: SubjectKey, ID: "/v/kv1/keys/noexp"}}}, facts); ok {
		t.Error("a key without an expiry gave a date")
	}
	if _, _, ok := earliestKeyExpiry(f, nil); ok {
		t.Error("no facts gave a date")
	}
}
