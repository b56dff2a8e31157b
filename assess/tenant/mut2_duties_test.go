package tenant

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// Separation of duties against the emulator when parts of it cannot be
// read. SampleDuties (tenanttest/sample.go) gives, by hand: key power to
// Ada (Key Vault Administrator on kv-eu), the group kv-admins (Owner of
// rg-cmk) and its member Bob, the ops app (custom role Key Janitor on the
// subscription) and Dan (kv-us access policy with purge); environment
// administrators Ada, Bob and Eve (through pp-admins) and Cy.

// collectNoTLS runs a full collection of sc without the TLS probe.
func collectNoTLS(t *testing.T, sc tenanttest.Scenario) *assess.Facts {
	t.Helper()
	_, opts := startEmulator(t, sc)
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func collectDuties(t *testing.T, sc tenanttest.Scenario) *assess.Duties {
	t.Helper()
	f := collectNoTLS(t, sc)
	if f.KeyAccess == nil || f.KeyAccess.Duties == nil {
		t.Fatal("no key access facts")
	}
	return f.KeyAccess.Duties
}

func principal(ps []assess.Principal, id string) (assess.Principal, bool) {
	for _, p := range ps {
		if p.ID == id {
			return p, true
		}
	}
	return assess.Principal{}, false
}

func TestMut2DutiesPartlyUnreadable(t *testing.T) {
	const eve = "00000000-0000-0000-0000-0000000000e0"
	sorted := func(ids ...string) []string { slices.Sort(ids); return ids }
	allKey := sorted(tenanttest.PrincipalAda, tenanttest.PrincipalBob, tenanttest.PrincipalDan, tenanttest.PrincipalOps, tenanttest.GroupKVAdmins)

	t.Run("an unreadable custom role is not counted", func(t *testing.T) {
		sc := tenanttest.SampleDuties(fixedNow)
		sc.Faults = append(sc.Faults, tenanttest.Fault{Service: "arm", PathContains: "/roleDefinitions/" + tenanttest.RoleKeyJanitor, Status: 403, Code: "AuthorizationFailed"})
		d := collectDuties(t, sc)
		want := sorted(tenanttest.PrincipalAda, tenanttest.PrincipalBob, tenanttest.PrincipalDan, tenanttest.GroupKVAdmins)
		if got := principalIDs(d.KeyAdmins); !slices.Equal(got, want) {
			t.Errorf("key admins %v, want %v", got, want)
		}
	})

	t.Run("a group whose members cannot be read stands for itself", func(t *testing.T) {
		sc := tenanttest.SampleDuties(fixedNow)
		sc.Faults = append(sc.Faults, tenanttest.Fault{Service: "graph", PathContains: "/groups/" + tenanttest.GroupKVAdmins + "/transitiveMembers", Status: 403, Code: "Authorization_RequestDenied"})
		d := collectDuties(t, sc)
		want := sorted(tenanttest.PrincipalAda, tenanttest.PrincipalDan, tenanttest.PrincipalOps, tenanttest.GroupKVAdmins)
		if got := principalIDs(d.KeyAdmins); !slices.Equal(got, want) {
			t.Errorf("key admins %v, want %v", got, want)
		}
		if g, _ := principal(d.KeyAdmins, tenanttest.GroupKVAdmins); g.Type != "Group" {
			t.Errorf("group entry %+v", g)
		}
		// pp-admins is still expanded for the directory roles
		if got := principalIDs(d.PlatformAdmins); !slices.Equal(got, sorted(tenanttest.PrincipalAda, tenanttest.PrincipalBob, tenanttest.PrincipalCy, eve)) {
			t.Errorf("platform admins %v", got)
		}
	})

	t.Run("nested groups are not members; an unnamed group is named by its ID", func(t *testing.T) {
		sc := tenanttest.SampleDuties(fixedNow)
		for i := range sc.Groups {
			if sc.Groups[i].ID == tenanttest.GroupKVAdmins {
				sc.Groups[i].Name = ""
				sc.Groups[i].Members = append(sc.Groups[i].Members, tenanttest.Member{ID: "nested-group", Type: "group", Name: "nested"})
			}
		}
		d := collectDuties(t, sc)
		if got := principalIDs(d.KeyAdmins); !slices.Equal(got, allKey) {
			t.Errorf("key admins %v, want %v", got, allKey)
		}
		bob, _ := principal(d.KeyAdmins, tenanttest.PrincipalBob)
		want := "Owner on kv-eu (at resource group rg-cmk) via group " + tenanttest.GroupKVAdmins
		if !slices.Contains(bob.Roles, want) {
			t.Errorf("Bob's roles %q lack %q", bob.Roles, want)
		}
	})

	t.Run("a group name that cannot be read is its ID", func(t *testing.T) {
		sc := tenanttest.SampleDuties(fixedNow)
		sc.Faults = append(sc.Faults, tenanttest.Fault{Service: "graph", PathSuffix: "/groups/" + tenanttest.GroupKVAdmins, Status: 404, Code: "Request_ResourceNotFound"})
		d := collectDuties(t, sc)
		bob, _ := principal(d.KeyAdmins, tenanttest.PrincipalBob)
		want := "Owner on kv-eu (at resource group rg-cmk) via group " + tenanttest.GroupKVAdmins
		if !slices.Contains(bob.Roles, want) {
			t.Errorf("Bob's roles %q lack %q", bob.Roles, want)
		}
	})

	t.Run("role reads: the worst outcome of the vaults is kept", func(t *testing.T) {
		sc := tenanttest.SampleDuties(fixedNow)
		sc.Faults = append(sc.Faults,
			tenanttest.Fault{Service: "arm", PathSuffix: "/subscriptions/" + tenanttest.SampleSubscription + "/providers/Microsoft.Authorization/roleAssignments", Status: 403, Code: "AuthorizationFailed"},
			tenanttest.Fault{Service: "arm", PathContains: "/vaults/kv-de/providers/Microsoft.Authorization/roleAssignments", Status: 403, Code: "AuthorizationFailed"},
			tenanttest.Fault{Service: "arm", PathContains: "/vaults/kv-us/providers/Microsoft.Authorization/roleAssignments", Status: 404, Code: "ResourceNotFound"},
		)
		d := collectDuties(t, sc)
		if d.KeyRoles.Status != assess.StatusNotPermitted || !strings.HasPrefix(d.KeyRoles.Reason, roleRBAC) {
			t.Errorf("key roles %+v, want not permitted with %q", d.KeyRoles, roleRBAC)
		}
		// kv-eu's own list was read: Ada is found there
		if _, ok := principal(d.KeyAdmins, tenanttest.PrincipalAda); !ok {
			t.Errorf("Ada missing from %v", principalIDs(d.KeyAdmins))
		}
	})

	t.Run("directory roles without the expanded principal: its ID", func(t *testing.T) {
		sc := tenanttest.SampleDuties(fixedNow)
		sc.GraphIgnoreExpand = true
		d := collectDuties(t, sc)
		// the group's type is unknown, so it is not expanded: it stands for itself
		want := sorted(tenanttest.PrincipalAda, tenanttest.PrincipalCy, tenanttest.GroupPPAdmins)
		if got := principalIDs(d.PlatformAdmins); !slices.Equal(got, want) {
			t.Errorf("platform admins %v, want %v", got, want)
		}
		if !d.DirectoryRoles.OK() {
			t.Errorf("directory roles %+v", d.DirectoryRoles)
		}
	})

	t.Run("one directory role unreadable: the directory read is not ok", func(t *testing.T) {
		sc := tenanttest.SampleDuties(fixedNow)
		sc.Faults = append(sc.Faults, tenanttest.Fault{Service: "graph", PathSuffix: "/roleManagement/directory/roleAssignments", Status: 403, Code: "Authorization_RequestDenied", Times: 1})
		d := collectDuties(t, sc)
		if d.DirectoryRoles.Status != assess.StatusNotPermitted || !strings.HasPrefix(d.DirectoryRoles.Reason, roleGraph) {
			t.Errorf("directory roles %+v", d.DirectoryRoles)
		}
	})
	t.Run("access policies: key-destroying permissions make a key administrator", func(t *testing.T) {
		sc := tenanttest.SampleDuties(fixedNow)
		for i := range sc.Vaults {
			if strings.HasSuffix(sc.Vaults[i].ID, "/kv-us") {
				sc.Vaults[i].AccessPolicies = []tenanttest.AccessPolicy{
					{ObjectID: "p-us", Keys: []string{"get", "wrapKey", "unwrapKey", "list"}},
					{ObjectID: tenanttest.PrincipalDan, Keys: []string{"Delete", "get", "PURGE", "Rotate"}},
					{ObjectID: "", Keys: []string{"all"}},
					{ObjectID: "u-all", Keys: []string{"All"}},
					{ObjectID: "u-create", Keys: []string{"create", "import", "recover", "restore", "update", "setrotationpolicy"}},
				}
			}
		}
		d := collectDuties(t, sc)
		for id, want := range map[string]string{
			tenanttest.PrincipalDan: "access policy on kv-us (keys: delete, purge, rotate)",
			"u-all":                 "access policy on kv-us (keys: all)",
			"u-create":              "access policy on kv-us (keys: create, import, recover, restore, update, setrotationpolicy)",
		} {
			p, ok := principal(d.KeyAdmins, id)
			if !ok || !slices.Contains(p.Roles, want) {
				t.Errorf("%s: %+v (found %v), want role %q", id, p, ok, want)
			}
		}
		if _, ok := principal(d.KeyAdmins, "p-us"); ok {
			t.Error("a policy identity that only uses the key is a key administrator")
		}
		if _, ok := principal(d.KeyAdmins, ""); ok {
			t.Error("an access policy without an object ID was counted")
		}
	})
	t.Run("a member list that fails after its first page is not used at all", func(t *testing.T) {
		sc := tenanttest.SampleDuties(fixedNow) // Graph lists in pages of one
		for i := range sc.Groups {
			if sc.Groups[i].ID == tenanttest.GroupKVAdmins {
				sc.Groups[i].Members = append(sc.Groups[i].Members, tenanttest.Member{ID: "member-2", Type: "user", Name: "Second"})
			}
		}
		sc.Faults = append(sc.Faults, tenanttest.Fault{Service: "graph", PathContains: "/groups/" + tenanttest.GroupKVAdmins + "/transitiveMembers", QueryContains: "$skiptoken=1", Status: 503, Code: "serviceNotAvailable"})
		d := collectDuties(t, sc)
		for _, id := range []string{tenanttest.PrincipalBob, "member-2"} {
			if p, ok := principal(d.KeyAdmins, id); ok {
				t.Errorf("%s counted from a half-read member list: %+v", id, p)
			}
		}
		if _, ok := principal(d.KeyAdmins, tenanttest.GroupKVAdmins); !ok {
			t.Error("the group itself is missing")
		}
	})
	t.Run("a readable custom role without key power is not counted", func(t *testing.T) {
		sc := tenanttest.SampleDuties(fixedNow)
		const viewer = "99999999-0000-0000-0000-0000000000ee"
		sc.RoleDefinitions = append(sc.RoleDefinitions, tenanttest.RoleDefinition{ID: viewer, Name: "Key Viewer", Actions: []string{"Microsoft.KeyVault/vaults/read"}, DataActions: []string{"Microsoft.KeyVault/vaults/keys/read"}})
		sc.RoleAssignments = append(sc.RoleAssignments, tenanttest.RoleAssignment{Scope: tenanttest.SampleVaultID("kv-eu"), RoleDefinitionID: viewer, PrincipalID: "viewer-1", PrincipalType: "User"})
		d := collectDuties(t, sc)
		if p, ok := principal(d.KeyAdmins, "viewer-1"); ok {
			t.Errorf("a key viewer counted as key administrator: %+v", p)
		}
		if _, ok := principal(d.KeyAdmins, tenanttest.PrincipalOps); !ok {
			t.Error("the Key Janitor custom role is no longer counted")
		}
	})
}
