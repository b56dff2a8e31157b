// Package tenant reads a Power Platform tenant, strictly read-only, into the
// plain-data facts of package assess: sign-in (azidentity), the BAP admin API
// (tenant, tenant settings, environments), ARM (enterprise policies, key
// vaults), the Key Vault data plane (keys, versions, rotation policies) and a
// TLS probe of each Dataverse host.
//
// Every fact carries an assess.Provenance: a missing permission is recorded
// as "not permitted" with the role that would grant it, and never ends the
// run. The only write-shaped call is the read-only POST listTenantSettings.
//
// Entry points: Collect (a live run), Preflight (probe each API once), Demo
// (the embedded fictional tenant) and WriteSnapshot.
package tenant
