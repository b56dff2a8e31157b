package tenant

import "testing"

// TestGrantsWildcards pins Azure RBAC's action matching (learn.microsoft.com
// "Understand Azure role definitions": "*" matches any characters, case does
// not matter), worked out by hand for each pattern.
func TestGrantsWildcards(t *testing.T) {
	cases := []struct {
		pattern, op string
		want        bool
	}{
		{"Microsoft.KeyVault/vaults/write", "microsoft.keyvault/VAULTS/write", true},
		{"Microsoft.KeyVault/vaults/write", "Microsoft.KeyVault/vaults/writeX", false},
		{"*", "Microsoft.KeyVault/vaults/delete", true},
		{"Microsoft.KeyVault/*", "Microsoft.KeyVault/vaults/delete", true},
		{"Microsoft.Storage/*", "Microsoft.KeyVault/vaults/delete", false},
		// A wildcard inside the pattern: the rest must end where the pattern does.
		{"Microsoft.KeyVault/*/delete", "Microsoft.KeyVault/vaults/delete", true},
		{"Microsoft.KeyVault/*/delete", "Microsoft.KeyVault/vaults/keys/delete", true},
		{"*/delete", "Microsoft.KeyVault/vaults/delete", true},
		{"Microsoft.KeyVault/*/delete", "Microsoft.KeyVault/vaults/deleteAll", false},
		{"Microsoft.KeyVault/*/keys/*/action", "Microsoft.KeyVault/vaults/keys/purge/action", true},
		{"Microsoft.KeyVault/*/keys/*/action", "Microsoft.KeyVault/vaults/secrets/purge/action", false},
	}
	for _, c := range cases {
		if got := grants(c.pattern, c.op); got != c.want {
			t.Errorf("grants(%q, %q) = %v, want %v", c.pattern, c.op, got, c.want)
		}
	}
}
