package tenant

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/ppwaf/se06/assess"
)

// Preflight signs in and probes each API once (one request each, read-only),
// and says which checks a full run will do and which it will skip, and why.
// It returns an error only for bad options, a failed sign-in or a cancelled
// context.
func Preflight(ctx context.Context, opts Options) ([]PreflightItem, error) {
	s, err := newSession(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := s.signIn(ctx); err != nil {
		return nil, err
	}
	return s.preflight(ctx)
}

// preflight probes each API once with the signed-in session.
func (s *session) preflight(ctx context.Context) ([]PreflightItem, error) {
	items := []PreflightItem{{Check: CheckSignIn, WillRun: true, Reason: "signed in as " + orUnknown(s.identity) + " in tenant " + orUnknown(s.tenantID)}}
	item := func(check string, err error, role, okReason string) PreflightItem {
		p := provenance("", s.opts.Now(), err, role)
		if p.OK() {
			return PreflightItem{Check: check, WillRun: true, Reason: okReason}
		}
		return PreflightItem{Check: check, WillRun: false, Reason: p.Describe()}
	}
	// the three BAP probes at once: an unreachable host costs one wait
	var (
		wg                sync.WaitGroup
		tenantErr, setErr error
		envErr            error
		first             page[environmentDTO]
	)
	wg.Go(func() { _, tenantErr = readTenant(ctx, s.bap, s.cloud.BAP.Endpoint) })
	wg.Go(func() { _, setErr = readTenantSettings(ctx, s.bap, s.cloud.BAP.Endpoint) })
	wg.Go(func() { envErr = call(ctx, s.bap, http.MethodGet, environmentsURL(s.cloud.BAP.Endpoint), &first) })
	wg.Wait()
	items = append(items, item(CheckTenant, tenantErr, roleBAP, "BAP tenant read"))
	items = append(items, item(CheckTenantSettings, setErr, roleBAP, "listTenantSettings read"))
	items = append(items, item(CheckEnvironments, envErr, roleBAP, fmt.Sprintf("environment list read (%d on the first page)", len(first.Value))))

	var policyID string
	for _, d := range first.Value {
		if l := d.Properties.EnterprisePolicies.CustomerManagedKeys; l != nil && l.ID != "" {
			policyID = l.ID
			break
		}
	}
	var vaultID, keyName string
	switch {
	case envErr != nil:
		items = append(items, PreflightItem{Check: CheckPolicies, Reason: "needs the environment list"})
	case policyID == "":
		err := call(ctx, s.arm, http.MethodGet, armURL(s.cloud.ResourceManager.Endpoint, "/subscriptions", subscriptionAPIVersion), nil)
		it := item(CheckPolicies, err, "needs an Azure sign-in that can read subscriptions", "ARM reachable; no CMK link on the first page of environments")
		items = append(items, it)
	default:
		d, err := readPolicy(ctx, s.arm, s.cloud.ResourceManager.Endpoint, policyID)
		items = append(items, item(CheckPolicies, err, rolePolicy, "enterprise policy "+lastSegment(policyID)+" read"))
		if err == nil {
			pol := d.toPolicy(assess.Provenance{})
			vaultID, keyName = pol.VaultID, pol.KeyName
		}
	}
	for _, sub := range s.opts.Subscriptions {
		var pg page[policyDTO]
		err := call(ctx, s.arm, http.MethodGet, subscriptionPoliciesURL(s.cloud.ResourceManager.Endpoint, sub), &pg)
		it := item(CheckSubscriptionPolicies, err, roleSubscription, "subscription "+sub+" listed")
		if !it.WillRun {
			it.Reason = "subscription " + sub + ": " + it.Reason
		}
		items = append(items, it)
	}
	// each vault's key logging and key roles are read once the vault is
	// known; without a vault to probe, say what each will read
	access := func(reason string, willRun bool) []PreflightItem {
		return []PreflightItem{{Check: CheckKeyLogging, WillRun: willRun, Reason: reason}, {Check: CheckKeyRoles, WillRun: willRun, Reason: reason}}
	}
	switch {
	case envErr != nil:
		items = append(items, PreflightItem{Check: CheckVaults, Reason: "needs the environment list"}, PreflightItem{Check: CheckKeys, Reason: "needs the environment list"})
		items = append(items, access("needs the environment list", false)...)
	case policyID == "":
		items = append(items,
			PreflightItem{Check: CheckVaults, WillRun: true, Reason: "no CMK link on the first page to probe; each linked policy's vault is read"},
			PreflightItem{Check: CheckKeys, WillRun: true, Reason: "each vault's key is read; a 403 is recorded per key"},
			PreflightItem{Check: CheckKeyLogging, WillRun: true, Reason: "no vault to probe; each CMK vault's diagnostic settings are read (ARM)"},
			PreflightItem{Check: CheckKeyRoles, WillRun: true, Reason: "no vault to probe; the role assignments that reach each CMK vault are read (ARM)"})
	case vaultID == "":
		items = append(items,
			PreflightItem{Check: CheckVaults, Reason: "needs the enterprise policy, which could not be read"},
			PreflightItem{Check: CheckKeys, Reason: "needs the enterprise policy, which could not be read"})
		items = append(items, access("needs the vault, which the enterprise policy names", false)...)
	default:
		d, err := readVault(ctx, s.arm, s.cloud.ResourceManager.Endpoint, vaultID)
		items = append(items, item(CheckVaults, err, roleVault, "vault "+lastSegment(vaultID)+" read"))
		if err == nil && d.Properties.VaultURI != "" && keyName != "" {
			s.kvc.trust(d.Properties.VaultURI)
			_, kerr := readKey(ctx, s.kv, d.Properties.VaultURI, keyName)
			role := roleKeyPolicy
			if d.Properties.EnableRbacAuthorization != nil && *d.Properties.EnableRbacAuthorization {
				role = roleKeyRBAC
			}
			items = append(items, item(CheckKeys, kerr, role, "key "+keyName+" read"))
		} else {
			items = append(items, PreflightItem{Check: CheckKeys, Reason: "needs the vault's URL and the policy's key name"})
		}
		items = append(items, s.probeVaultAccess(ctx, item, vaultID)...)
	}
	items = append(items, s.probeDirectory(ctx, item))
	switch {
	case s.opts.NoTLSProbe:
		items = append(items, PreflightItem{Check: CheckTLS, Reason: "skipped (--no-tls-probe)"})
	case envErr != nil:
		items = append(items, PreflightItem{Check: CheckTLS, Reason: "needs the environment list (the Dataverse hosts)"})
	default:
		items = append(items, PreflightItem{Check: CheckTLS, WillRun: true, Reason: "two handshakes per Dataverse host; nothing else is sent"})
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("preflight: %w", err)
	}
	return items, nil
}

func orUnknown(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(unknown)"
	}
	return s
}

// probeVaultAccess reads the vault's diagnostic settings and the role
// assignments at its scope once each: whether key logging and key roles
// can be read.
func (s *session) probeVaultAccess(ctx context.Context, item func(string, error, string, string) PreflightItem, vaultID string) []PreflightItem {
	arm, name := s.cloud.ResourceManager.Endpoint, lastSegment(vaultID)
	var diagErr, rolesErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		diagErr = call(ctx, s.arm, http.MethodGet, armURL(arm, vaultID+"/providers/Microsoft.Insights/diagnosticSettings", diagAPIVersion), nil)
	})
	wg.Go(func() {
		u := armURL(arm, vaultID+"/providers/Microsoft.Authorization/roleAssignments", rbacAPIVersion) + "&" + url.Values{"$filter": {"atScope()"}}.Encode()
		rolesErr = call(ctx, s.arm, http.MethodGet, u, nil)
	})
	wg.Wait()
	return []PreflightItem{
		item(CheckKeyLogging, diagErr, roleDiag, "diagnostic settings of vault "+name+" read (key logging)"),
		item(CheckKeyRoles, rolesErr, roleRBAC, "role assignments at vault "+name+" read (who can manage or purge its keys)"),
	}
}

// probeDirectory reads the Power Platform Administrator role's holders
// once: whether Graph (its own token and permission) can be read for the
// separation-of-duties check.
func (s *session) probeDirectory(ctx context.Context, item func(string, error, string, string) PreflightItem) PreflightItem {
	u := strings.TrimSuffix(s.cloud.Graph.Endpoint, "/") + "/v1.0/roleManagement/directory/roleAssignments?" +
		url.Values{"$filter": {"roleDefinitionId eq '" + platformRoles()[1].id + "'"}}.Encode()
	err := call(ctx, s.graph, http.MethodGet, u, nil)
	return item(CheckDirectoryRoles, err, roleGraph, "Microsoft Graph directory roles read (separation of duties)")
}
