package tenant

import (
	"context"
	"strings"
	"testing"
)

// TestCheckOptionsIDs: a subscription is a GUID-like ID (letters, digits,
// dashes, at most 64 characters); a tenant is such an ID or a domain name
// of such labels, at most 253 characters (the DNS limit). Every edge of the
// accepted character ranges is tried, with its neighbours outside them.
func TestCheckOptionsIDs(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		sub  string
		want bool
	}{
		{"72F988BF-86F1-41AF-91AB-2D7CD011DB47", true},
		{"0123456789", true},
		{"abcxyz-ABCXYZ", true},
		{"a", true}, {"z", true}, {"A", true}, {"Z", true}, {"0", true}, {"9", true}, {"-", true},
		{"/", false}, {":", false}, {"`", false}, {"{", false}, {"@", false}, {"[", false}, {"é", false},
		{"", false},
		{strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), false},
		{"0000 0000", false},
	} {
		err := CheckOptions(ctx, Options{Subscriptions: []string{c.sub}})
		if (err == nil) != c.want {
			t.Errorf("subscription %q: error %v, want accepted %v", c.sub, err, c.want)
		}
	}
	for _, c := range []struct {
		tenant string
		want   bool
	}{
		{"contoso.onmicrosoft.com", true},
		{"72f988bf-86f1-41af-91ab-2d7cd011db47", true},
		{"Contoso.Example", true},
		{"contoso..example", false},
		{"contoso/example", false},
		{strings.Repeat("a.", 126) + "a", true},   // 253 characters
		{strings.Repeat("a.", 126) + "ab", false}, // 254
	} {
		err := CheckOptions(ctx, Options{TenantID: c.tenant})
		if (err == nil) != c.want {
			t.Errorf("tenant %q: error %v, want accepted %v", c.tenant, err, c.want)
		}
	}
}
