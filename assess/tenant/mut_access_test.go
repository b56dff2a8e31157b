package tenant

import (
	"runtime"
	"testing"
)

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

// TestCustomRolePower: a custom role has power over keys when its actions
// (or data actions) grant an operation of the list that its notActions (or
// notDataActions) do not take back (Azure RBAC: "NotActions are subtracted
// from Actions"). Each case is worked out by hand.
func TestCustomRolePower(t *testing.T) {
	type perm struct{ actions, notActions, dataActions, notDataActions []string }
	cases := []struct {
		name string
		p    perm
		want bool
	}{
		{"reader", perm{actions: []string{"Microsoft.KeyVault/vaults/read"}}, false},
		{"vault delete", perm{actions: []string{"Microsoft.KeyVault/vaults/delete"}}, true},
		{"delete taken back", perm{actions: []string{"Microsoft.KeyVault/vaults/delete"}, notActions: []string{"Microsoft.KeyVault/vaults/delete"}}, false},
		{"wildcard minus wildcard", perm{actions: []string{"Microsoft.KeyVault/*"}, notActions: []string{"Microsoft.KeyVault/*"}}, false},
		{"wildcard minus delete keeps write", perm{actions: []string{"Microsoft.KeyVault/*"}, notActions: []string{"Microsoft.KeyVault/vaults/delete"}}, true},
		{"key purge as a data action", perm{dataActions: []string{"Microsoft.KeyVault/vaults/keys/purge/action"}}, true},
		{"data action taken back", perm{dataActions: []string{"Microsoft.KeyVault/vaults/keys/purge/action"}, notDataActions: []string{"Microsoft.KeyVault/vaults/keys/*"}}, false},
	}
	for _, c := range cases {
		var d roleDefinitionDTO
		d.Properties.Permissions = append(d.Properties.Permissions, struct {
			Actions        []string `json:"actions"`
			NotActions     []string `json:"notActions"`
			DataActions    []string `json:"dataActions"`
			NotDataActions []string `json:"notDataActions"`
		}{c.p.actions, c.p.notActions, c.p.dataActions, c.p.notDataActions})
		if got := d.power(); got != c.want {
			t.Errorf("%s: power() = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestCanOpenBrowserNeedsADisplay: on Linux a browser sign-in needs X11
// (DISPLAY) or Wayland (WAYLAND_DISPLAY); an SSH session has neither.
func TestCanOpenBrowserNeedsADisplay(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("a desktop OS always has a browser")
	}
	for _, c := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"DISPLAY": ":0"}, true},
		{map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, true},
		{map[string]string{"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, true},
	} {
		if got := canOpenBrowser(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("env %v: canOpenBrowser = %v, want %v", c.env, got, c.want)
		}
	}
}
