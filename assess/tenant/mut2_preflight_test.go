package tenant

import (
	"context"
	"testing"

	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// --preflight alone, table by table (README/--help: one read-only request
// per API, and for each check whether the full run will do it and why).
// Sample's first page of environments starts with env-prod-eu, linked to
// ep-eu → kv-eu (an RBAC vault) → cmk-eu; the emulator's error codes are
// the wire contract's (ARM AuthorizationFailed, Key Vault Forbidden, Graph
// Authorization_RequestDenied; a fault without a code sends the status
// text).

func TestMut2PreflightTables(t *testing.T) {
	const (
		sub   = tenanttest.SampleSubscription
		graph = "needs the Microsoft Graph application permission RoleManagement.Read.Directory (and GroupMember.Read.All to expand groups)"
	)
	arm403 := func(suffix string) tenanttest.Fault {
		return tenanttest.Fault{Service: "arm", PathSuffix: suffix, Status: 403, Code: "AuthorizationFailed"}
	}
	type tc struct {
		name   string
		edit   func(*tenanttest.Scenario)
		subs   []string
		noTLS  bool
		middle []PreflightItem // after sign-in, tenant, settings, environments
		env    *PreflightItem
	}
	full := []PreflightItem{
		{CheckPolicies, true, "enterprise policy ep-eu read"},
		{CheckVaults, true, "vault kv-eu read"},
		{CheckKeys, true, "key cmk-eu read"},
		{CheckKeyLogging, true, "diagnostic settings of vault kv-eu read (key logging)"},
		{CheckKeyRoles, true, "role assignments at vault kv-eu read (who can manage or purge its keys)"},
		{CheckDirectoryRoles, true, "Microsoft Graph directory roles read (separation of duties)"},
		{CheckTLS, true, "two handshakes per Dataverse host; nothing else is sent"},
	}
	cases := []tc{
		{name: "everything readable", edit: func(*tenanttest.Scenario) {}, middle: full},
		{
			name: "policy, subscription list and Graph refused, --no-tls-probe",
			edit: func(sc *tenanttest.Scenario) {
				sc.Faults = append(sc.Faults, arm403("/enterprisePolicies/ep-eu"),
					tenanttest.Fault{Service: "graph", PathContains: "/roleManagement/", Status: 403})
			},
			subs:  []string{sub},
			noTLS: true,
			middle: []PreflightItem{
				{CheckPolicies, false, "not permitted: " + rolePolicy + " (AuthorizationFailed)"},
				{CheckSubscriptionPolicies, false, "subscription " + sub + ": not permitted: " + roleSubscription + " (AuthorizationFailed)"},
				{CheckVaults, false, "needs the enterprise policy, which could not be read"},
				{CheckKeys, false, "needs the enterprise policy, which could not be read"},
				{CheckKeyLogging, false, "needs the vault, which the enterprise policy names"},
				{CheckKeyRoles, false, "needs the vault, which the enterprise policy names"},
				{CheckDirectoryRoles, false, "not permitted: " + graph + " (Authorization_RequestDenied)"},
				{CheckTLS, false, "skipped (--no-tls-probe)"},
			},
		},
		{
			name: "subscription listed; vault refused: no key to probe, its access still probed",
			edit: func(sc *tenanttest.Scenario) {
				sc.Faults = append(sc.Faults[1:], arm403("/vaults/kv-eu"))
			},
			subs: []string{sub},
			middle: []PreflightItem{
				full[0],
				{CheckSubscriptionPolicies, true, "subscription " + sub + " listed"},
				{CheckVaults, false, "not permitted: " + roleVault + " (AuthorizationFailed)"},
				{CheckKeys, false, "needs the vault's URL and the policy's key name"},
				full[3], full[4], full[5], full[6],
			},
		},
		{
			name: "a policy naming no key",
			edit: func(sc *tenanttest.Scenario) {
				for i := range sc.Policies {
					if sc.Policies[i].ID == tenanttest.SamplePolicyID("ep-eu") {
						sc.Policies[i].KeyName = ""
					}
				}
			},
			middle: []PreflightItem{full[0], full[1], {CheckKeys, false, "needs the vault's URL and the policy's key name"}, full[3], full[4], full[5], full[6]},
		},
		{
			name: "RBAC vault: the key refused names Key Vault Reader; key logging and roles refused",
			edit: func(sc *tenanttest.Scenario) {
				sc.Faults = append(sc.Faults,
					tenanttest.Fault{Service: "keyvault", PathSuffix: "/keys/cmk-eu", Status: 403},
					arm403("/vaults/kv-eu/providers/Microsoft.Insights/diagnosticSettings"),
					tenanttest.Fault{Service: "arm", PathSuffix: "/vaults/kv-eu/providers/Microsoft.Authorization/roleAssignments", Status: 404, Code: "ResourceNotFound"})
			},
			middle: []PreflightItem{full[0], full[1],
				{CheckKeys, false, "not permitted: " + roleKeyRBAC + " (Forbidden)"},
				{CheckKeyLogging, false, "not permitted: " + roleDiag + " (AuthorizationFailed)"},
				{CheckKeyRoles, false, "not found: HTTP 404 ResourceNotFound"},
				full[5], full[6]},
		},
		{
			name: "access-policy vault: the key refused names the access policy",
			edit: func(sc *tenanttest.Scenario) {
				sc.Environments[0].CMKPolicyID = tenanttest.SamplePolicyID("ep-us")
				sc.Faults = append(sc.Faults, tenanttest.Fault{Service: "keyvault", PathSuffix: "/keys/cmk-us", Status: 403})
			},
			middle: []PreflightItem{
				{CheckPolicies, true, "enterprise policy ep-us read"},
				{CheckVaults, true, "vault kv-us read"},
				{CheckKeys, false, "not permitted: " + roleKeyPolicy + " (Forbidden)"},
				{CheckKeyLogging, true, "diagnostic settings of vault kv-us read (key logging)"},
				{CheckKeyRoles, true, "role assignments at vault kv-us read (who can manage or purge its keys)"},
				full[5], full[6]},
		},
		{
			name: "no CMK link on the first page",
			edit: func(sc *tenanttest.Scenario) { *sc = tenanttest.Large(2, 0, 0, 0, fixedNow) },
			env:  &PreflightItem{CheckEnvironments, true, "environment list read (2 on the first page)"},
			middle: []PreflightItem{
				{CheckPolicies, true, "ARM reachable; no CMK link on the first page of environments"},
				{CheckVaults, true, "no CMK link on the first page to probe; each linked policy's vault is read"},
				{CheckKeys, true, "each vault's key is read; a 403 is recorded per key"},
				{CheckKeyLogging, true, "no vault to probe; each CMK vault's diagnostic settings are read (ARM)"},
				{CheckKeyRoles, true, "no vault to probe; the role assignments that reach each CMK vault are read (ARM)"},
				full[5], full[6]},
		},
		{
			name: "no CMK link, subscriptions unreadable",
			edit: func(sc *tenanttest.Scenario) {
				*sc = tenanttest.Large(2, 0, 0, 0, fixedNow)
				sc.Faults = []tenanttest.Fault{arm403("/subscriptions")}
			},
			env: &PreflightItem{CheckEnvironments, true, "environment list read (2 on the first page)"},
			middle: []PreflightItem{
				{CheckPolicies, false, "not permitted: needs an Azure sign-in that can read subscriptions (AuthorizationFailed)"},
				{CheckVaults, true, "no CMK link on the first page to probe; each linked policy's vault is read"},
				{CheckKeys, true, "each vault's key is read; a 403 is recorded per key"},
				{CheckKeyLogging, true, "no vault to probe; each CMK vault's diagnostic settings are read (ARM)"},
				{CheckKeyRoles, true, "no vault to probe; the role assignments that reach each CMK vault are read (ARM)"},
				full[5], full[6]},
		},
		{
			name: "environments refused",
			edit: func(sc *tenanttest.Scenario) {
				sc.Faults = []tenanttest.Fault{{Service: "bap", PathContains: "/scopes/admin/environments", Status: 403}}
			},
			env: &PreflightItem{CheckEnvironments, false, "not permitted: " + roleBAP + " (Forbidden)"},
			middle: []PreflightItem{
				{CheckPolicies, false, "needs the environment list"},
				{CheckVaults, false, "needs the environment list"},
				{CheckKeys, false, "needs the environment list"},
				{CheckKeyLogging, false, "needs the environment list"},
				{CheckKeyRoles, false, "needs the environment list"},
				full[5],
				{CheckTLS, false, "needs the environment list (the Dataverse hosts)"}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := tenanttest.Sample(fixedNow)
			c.edit(&sc)
			emu, opts := startEmulator(t, sc)
			opts.Subscriptions = c.subs
			opts.NoTLSProbe = c.noTLS
			items, err := Preflight(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			env := PreflightItem{CheckEnvironments, true, "environment list read (3 on the first page)"}
			if c.env != nil {
				env = *c.env
			}
			want := append([]PreflightItem{
				{CheckSignIn, true, "signed in as app " + emu.ClientID() + " in tenant " + emu.TenantID()},
				{CheckTenant, true, "BAP tenant read"},
				{CheckTenantSettings, true, "listTenantSettings read"},
				env,
			}, c.middle...)
			if d := diffItems(items, want); d != "" {
				t.Error(d)
			}
		})
	}
}
