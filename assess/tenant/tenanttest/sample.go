package tenanttest

import (
	"fmt"
	"time"
)

// Subscription and resource IDs used by Sample.
const (
	SampleSubscription = "11111111-2222-3333-4444-555555555555"
	sampleRG           = "/subscriptions/" + SampleSubscription + "/resourceGroups/rg-cmk/providers/"
)

// SamplePolicyID and SampleVaultID build the IDs Sample uses.
func SamplePolicyID(name string) string {
	return sampleRG + "Microsoft.PowerPlatform/enterprisePolicies/" + name
}
func SampleVaultID(name string) string { return sampleRG + "Microsoft.KeyVault/vaults/" + name }

// Sample is a small tenant with every case of the wire reference's
// checklist: CMK and Microsoft-managed environments, a keyManagedBy/link
// mismatch, a non-managed environment with a CMK policy, no Dataverse, AI
// data movement on in Europe, a host that accepts TLS 1.1, a vault without
// purge protection and with public access off and no bypass, an RBAC vault,
// a 3072-bit key expiring soon, an expired key with no rotation policy, a
// 403 on a vault, on a policy and on a key, and a policy that is gone (404).
// Dates are relative to now. The environment list comes in pages of 3.
func Sample(now time.Time) Scenario {
	t, f := ptr(true), ptr(false)
	day := 24 * time.Hour
	return Scenario{
		Tenant:   Tenant{Location: "europe", DataStorageGeo: "europe", DefaultEnvironmentGeo: "europe", AADDataBoundary: "eu"},
		PageSize: 3,
		Environments: []Environment{
			{ID: "env-prod-eu", Name: "Contoso Prod EU", SKU: "Production", Geo: "europe", Region: "westeurope", ProtectionLevel: "Standard", KeyManagedBy: "Customer", CMKPolicyID: SamplePolicyID("ep-eu"), VNetPolicyID: SamplePolicyID("ep-vnet-eu"), Dataverse: DataverseModern, CrossGeo: t, CrossBoundary: f, Bing: t, M365: f},
			{ID: "env-prod-us", Name: "Contoso Prod US", SKU: "Production", Geo: "unitedstates", Region: "eastus", ProtectionLevel: "Standard", KeyManagedBy: "Customer", CMKPolicyID: SamplePolicyID("ep-us"), Dataverse: DataverseLegacy, CrossGeo: f, Bing: f, M365: f},
			{ID: "env-mismatch", Name: "Finance EU", SKU: "Production", Geo: "europe", Region: "northeurope", ProtectionLevel: "Standard", KeyManagedBy: "Microsoft", CMKPolicyID: SamplePolicyID("ep-eu"), Dataverse: DataverseModern, CrossGeo: f, CrossBoundary: f},
			{ID: "env-basic-cmk", Name: "HR Sandbox", SKU: "Sandbox", Geo: "europe", Region: "westeurope", ProtectionLevel: "Basic", KeyManagedBy: "Customer", CMKPolicyID: SamplePolicyID("ep-de"), Dataverse: DataverseModern},
			{ID: "env-nodv", Name: "Maker Dev", SKU: "Developer", Geo: "unitedstates", Region: "westus", RuntimeState: "AdminMode"},
			{ID: "Default-tenant", Name: "Contoso (default)", SKU: "Default", IsDefault: true, Geo: "europe", Region: "westeurope", Dataverse: DataverseModern, CrossGeo: f},
			{ID: "env-forbidden-policy", Name: "Legal", SKU: "Production", Geo: "europe", Region: "westeurope", ProtectionLevel: "Standard", KeyManagedBy: "Customer", CMKPolicyID: SamplePolicyID("ep-secret"), Dataverse: DataverseModern},
			{ID: "env-gone-policy", Name: "Archive", SKU: "Sandbox", Geo: "europe", Region: "westeurope", ProtectionLevel: "Standard", KeyManagedBy: "Customer", CMKPolicyID: SamplePolicyID("ep-deleted"), CMKLinkStatus: "Failed", Dataverse: DataverseModern},
		},
		Policies: []Policy{
			{ID: SamplePolicyID("ep-eu"), Location: "europe", VaultID: SampleVaultID("kv-eu"), KeyName: "cmk-eu", PrincipalID: "p-eu"},
			{ID: SamplePolicyID("ep-us"), Location: "unitedstates", VaultID: SampleVaultID("kv-us"), KeyName: "cmk-us", KeyVersion: "v1", Health: "Warning", PrincipalID: "p-us"},
			{ID: SamplePolicyID("ep-de"), Location: "europe", VaultID: SampleVaultID("kv-de"), KeyName: "cmk-de", PrincipalID: "p-de"},
			{ID: SamplePolicyID("ep-secret"), Location: "europe", VaultID: SampleVaultID("kv-eu"), KeyName: "cmk-eu"},
			{ID: SamplePolicyID("ep-unlinked"), Location: "europe", VaultID: SampleVaultID("kv-locked"), KeyName: "cmk-x", State: "Disabled"},
		},
		Vaults: []Vault{
			{ID: SampleVaultID("kv-eu"), SKU: "premium", SoftDelete: t, PurgeProtection: t, RetentionDays: 90, RBAC: true},
			{ID: SampleVaultID("kv-us"), SKU: "standard", PurgeProtection: f, RetentionDays: 7, PublicNetworkAccess: "Disabled", Bypass: "None", DefaultAction: "Deny"},
			{ID: SampleVaultID("kv-de"), SKU: "standard", SoftDelete: t, PurgeProtection: t, RBAC: true, PrivateEndpoints: 1},
			{ID: SampleVaultID("kv-locked"), SKU: "standard", SoftDelete: t, PurgeProtection: t},
		},
		Keys: []Key{
			{Vault: "kv-eu", Name: "cmk-eu", Bits: 3072, Created: now.Add(-300 * day), Expires: now.Add(10 * day), NotBefore: now.Add(-300 * day),
				Versions: []KeyVersion{{ID: "v3", Created: now.Add(-20 * day)}, {ID: "v2", Created: now.Add(-110 * day)}, {ID: "v1", Disabled: true, Created: now.Add(-300 * day)}},
				Rotation: &Rotation{RotateAfterCreate: "P90D", NotifyBeforeExpiry: "P30D", ExpiryTime: "P1Y"}},
			{Vault: "kv-us", Name: "cmk-us", Kty: "RSA-HSM", Bits: 2048, Created: now.Add(-800 * day), Expires: now.Add(-5 * day),
				Versions: []KeyVersion{{ID: "v1", Created: now.Add(-800 * day)}}},
			{Vault: "kv-de", Name: "cmk-de", Bits: 2048, Created: now.Add(-30 * day)},
			{Vault: "kv-locked", Name: "cmk-x", Bits: 2048, Created: now.Add(-30 * day)},
		},
		Faults: []Fault{
			SubscriptionListForbidden(),
			VaultListForbidden(),
			{Service: "arm", PathContains: "/enterprisePolicies/ep-secret", Status: 403, Code: "AuthorizationFailed"},
			{Service: "keyvault", PathContains: "/keys/cmk-de", Status: 403, Code: "Forbidden"},
		},
	}
}

// Large is the benchmark tenant: envs environments (one in twenty on a
// customer-managed key), policies encryption policies spread over vaults
// vaults, one key each, all Dataverse hosts on one TLS endpoint, and latency
// on every request. The environment list comes in pages of 100.
func Large(envs, policies, vaults int, latency time.Duration, now time.Time) Scenario {
	t := ptr(true)
	sc := Scenario{
		Tenant:   Tenant{Location: "europe", DataStorageGeo: "europe", DefaultEnvironmentGeo: "europe", AADDataBoundary: "none"},
		PageSize: 100,
		Latency:  latency,
	}
	for v := range vaults {
		name := fmt.Sprintf("kv-%03d", v)
		sc.Vaults = append(sc.Vaults, Vault{ID: SampleVaultID(name), SoftDelete: t, PurgeProtection: t, RBAC: true})
	}
	for p := range policies {
		vault := fmt.Sprintf("kv-%03d", p%max(vaults, 1))
		key := fmt.Sprintf("cmk-%03d", p)
		sc.Policies = append(sc.Policies, Policy{ID: SamplePolicyID(fmt.Sprintf("ep-%03d", p)), Location: "europe", VaultID: SampleVaultID(vault), KeyName: key})
		sc.Keys = append(sc.Keys, Key{Vault: vault, Name: key, Bits: 2048, Created: now.Add(-24 * time.Hour), Versions: []KeyVersion{{ID: "v1", Created: now.Add(-24 * time.Hour)}}, Rotation: &Rotation{RotateAfterCreate: "P90D"}})
	}
	step := 1
	if policies > 0 {
		step = max(envs/policies, 1)
	}
	for i := range envs {
		e := Environment{ID: fmt.Sprintf("env-%05d", i), Name: fmt.Sprintf("Env %d", i), SKU: "Production", Geo: "europe", Region: "westeurope", ProtectionLevel: "Standard", KeyManagedBy: "Microsoft", Dataverse: DataverseModern}
		if policies > 0 && i%step == 0 && i/step < policies {
			e.KeyManagedBy = "Customer"
			e.CMKPolicyID = SamplePolicyID(fmt.Sprintf("ep-%03d", i/step))
		}
		sc.Environments = append(sc.Environments, e)
	}
	return sc
}

// SubscriptionListForbidden refuses the subscription-wide list of
// enterprise policies (a caller with Reader on the resources only).
func SubscriptionListForbidden() Fault {
	return Fault{Service: "arm", PathSuffix: "/providers/Microsoft.PowerPlatform/enterprisePolicies", Status: 403, Code: "AuthorizationFailed"}
}

// LargeTenant is Large in the proportions of the benchmark: one environment
// in twenty on a customer-managed key, one vault per policy, and the
// environment list in pages of pageSize.
func LargeTenant(envs, pageSize int, latency time.Duration, now time.Time) Scenario {
	n := max(envs/20, 1)
	sc := Large(envs, n, n, latency, now)
	sc.PageSize = pageSize
	return sc
}

// Principals of SampleDuties.
const (
	PrincipalAda   = "00000000-0000-0000-0000-0000000000ad" // Key Vault Administrator on kv-eu, Power Platform Administrator
	PrincipalBob   = "00000000-0000-0000-0000-0000000000b0" // Owner of rg-cmk through group kv-admins, Dynamics 365 Administrator through group pp-admins
	PrincipalCy    = "00000000-0000-0000-0000-0000000000c1" // Global Administrator only
	PrincipalDan   = "00000000-0000-0000-0000-0000000000d0" // purge through kv-us's access policy only
	PrincipalOps   = "00000000-0000-0000-0000-00000000005e" // a custom role that can purge keys, on the subscription
	GroupKVAdmins  = "00000000-0000-0000-0000-0000000000a1"
	GroupPPAdmins  = "00000000-0000-0000-0000-0000000000a2"
	RoleKeyJanitor = "99999999-0000-0000-0000-00000000abcd"
	RoleKVAdmin    = "00482a5a-887f-4fb3-b363-3b7fe8e74483"
	RoleOwner      = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
	RoleReader     = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
	RoleCryptoUser = "e147488a-f6f5-4113-8e2d-b22465e65bf6"
	DirRolePPAdmin = "11648597-926c-4cf3-9c36-bcebb0ba8dcc"
	DirRoleD365    = "44367163-eba1-44c3-98af-f5787879f96a"
	DirRoleGlobal  = "62e90394-69f5-4237-9190-012177145e10"
	sampleRGScope  = "/subscriptions/" + SampleSubscription + "/resourceGroups/rg-cmk"
	sampleSubScope = "/subscriptions/" + SampleSubscription
	sampleMGScope  = "/providers/Microsoft.Management/managementGroups/contoso-root"
)

// SampleDuties is Sample with key logging and role holders: kv-eu logs
// everything to a workspace (category group allLogs), kv-de sends
// AuditEvent to storage, kv-us has no diagnostic setting and an access
// policy that lets Dan purge keys. Two principals can both manage a key and
// administer the environments: Ada directly, Bob through two groups. Cy
// is only a Global Administrator, the ops app only has key power, the
// policies' identities only use the key. Graph and ARM lists come in pages
// of one.
func SampleDuties(now time.Time) Scenario {
	sc := Sample(now)
	sc.ARMPageSize, sc.GraphPageSize = 1, 1
	for i := range sc.Vaults {
		switch lastSegment(sc.Vaults[i].ID) {
		case "kv-eu":
			sc.Vaults[i].DiagnosticSettings = []DiagnosticSetting{{Name: "to-law", Destination: "workspace", CategoryGroup: "allLogs", Enabled: true}, {Name: "metrics-only", Destination: "storage", CategoryGroup: "audit", Enabled: false}}
		case "kv-de":
			sc.Vaults[i].DiagnosticSettings = []DiagnosticSetting{{Name: "audit", Destination: "storage", Category: "AuditEvent", Enabled: true}}
		case "kv-us":
			sc.Vaults[i].AccessPolicies = []AccessPolicy{{ObjectID: "p-us", Keys: []string{"get", "wrapKey", "unwrapKey"}}, {ObjectID: PrincipalDan, Keys: []string{"get", "list", "purge"}}}
		}
	}
	sc.RoleAssignments = []RoleAssignment{
		{Scope: SampleVaultID("kv-eu"), RoleDefinitionID: RoleKVAdmin, PrincipalID: PrincipalAda, PrincipalType: "User"},
		{Scope: SampleVaultID("kv-eu"), RoleDefinitionID: RoleCryptoUser, PrincipalID: "p-eu", PrincipalType: "ServicePrincipal"},
		{Scope: sampleRGScope, RoleDefinitionID: RoleOwner, PrincipalID: GroupKVAdmins, PrincipalType: "Group"},
		{Scope: sampleSubScope, RoleDefinitionID: RoleKeyJanitor, PrincipalID: PrincipalOps, PrincipalType: "ServicePrincipal"},
		{Scope: sampleMGScope, RoleDefinitionID: RoleReader, PrincipalID: PrincipalCy, PrincipalType: "User"},
		{Scope: "/subscriptions/99999999-9999-9999-9999-999999999999/resourceGroups/other", RoleDefinitionID: RoleOwner, PrincipalID: PrincipalCy, PrincipalType: "User"},
	}
	sc.RoleDefinitions = []RoleDefinition{{ID: RoleKeyJanitor, Name: "Key Janitor", Actions: []string{"Microsoft.KeyVault/vaults/read"}, DataActions: []string{"Microsoft.KeyVault/vaults/keys/*"}}}
	sc.Groups = []Group{
		{ID: GroupKVAdmins, Name: "kv-admins", Members: []Member{{ID: PrincipalBob, Type: "user", Name: "Bob Key"}}},
		{ID: GroupPPAdmins, Name: "pp-admins", Members: []Member{{ID: PrincipalBob, Type: "user", Name: "Bob Key"}, {ID: "00000000-0000-0000-0000-0000000000e0", Type: "user", Name: "Eve Maker"}}},
	}
	sc.DirectoryRoles = []DirectoryRole{
		{RoleTemplateID: DirRolePPAdmin, Principal: Member{ID: PrincipalAda, Type: "user", Name: "Ada Admin"}},
		{RoleTemplateID: DirRoleD365, Principal: Member{ID: GroupPPAdmins, Type: "group", Name: "pp-admins"}},
		{RoleTemplateID: DirRoleGlobal, Principal: Member{ID: PrincipalCy, Type: "user", Name: "Cy Global"}},
	}
	return sc
}

// VaultListForbidden refuses the subscription-wide list of key vaults, so
// each vault is read with its own GET.
func VaultListForbidden() Fault {
	return Fault{Service: "arm", PathSuffix: "/providers/Microsoft.KeyVault/vaults", Status: 403, Code: "AuthorizationFailed"}
}
