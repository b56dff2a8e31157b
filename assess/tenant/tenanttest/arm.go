package tenanttest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// arm serves subscriptions, enterprise policies (get and list by
// subscription, paged with nextLink) and key vaults.
func (e *Emulator) arm(w http.ResponseWriter, r *http.Request) {
	if !requireAPIVersion(w, r, "arm") {
		return
	}
	p := strings.ToLower(strings.TrimSuffix(r.URL.Path, "/"))
	segs := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case p == "/subscriptions":
		var subs []any
		for _, s := range e.subscriptions() {
			subs = append(subs, map[string]string{"id": "/subscriptions/" + s, "subscriptionId": s, "state": "Enabled"})
		}
		writeJSON(w, http.StatusOK, map[string]any{"value": subs})
	case strings.HasSuffix(p, "/providers/microsoft.insights/diagnosticsettings") && strings.Contains(p, "/providers/microsoft.keyvault/vaults/"):
		e.diagnosticSettings(w, r.URL.Path[:len(p)-len("/providers/microsoft.insights/diagnosticsettings")])
	case strings.HasSuffix(p, "/providers/microsoft.authorization/roleassignments"):
		e.roleAssignments(w, r, r.URL.Path[:len(p)-len("/providers/microsoft.authorization/roleassignments")])
	case strings.Contains(p, "/providers/microsoft.authorization/roledefinitions/"):
		e.roleDefinition(w, lastSegment(p))
	case len(segs) == 5 && segs[0] == "subscriptions" && segs[2] == "providers" && segs[3] == "microsoft.keyvault" && segs[4] == "vaults":
		e.vaultList(w, r, segs[1])
	case len(segs) == 5 && segs[0] == "subscriptions" && segs[2] == "providers" && segs[3] == "microsoft.powerplatform" && segs[4] == "enterprisepolicies":
		e.policyList(w, r, segs[1])
	case strings.Contains(p, "/providers/microsoft.powerplatform/enterprisepolicies/"):
		for _, pol := range e.sc.Policies {
			if strings.EqualFold(pol.ID, r.URL.Path) || strings.ToLower(pol.ID) == p {
				writeJSON(w, http.StatusOK, policyJSON(pol))
				return
			}
		}
		writeError(w, http.StatusNotFound, "ResourceNotFound", "The Resource 'Microsoft.PowerPlatform/enterprisePolicies/"+lastSegment(p)+"' was not found.")
	case strings.Contains(p, "/providers/microsoft.keyvault/vaults/"):
		for _, v := range e.sc.Vaults {
			if strings.ToLower(v.ID) == p {
				writeJSON(w, http.StatusOK, e.vaultJSON(v))
				return
			}
		}
		writeError(w, http.StatusNotFound, "ResourceNotFound", "The Resource 'Microsoft.KeyVault/vaults/"+lastSegment(p)+"' was not found.")
	default:
		writeError(w, http.StatusNotFound, "NotFound", "not emulated")
	}
}

func (e *Emulator) subscriptions() []string {
	seen := map[string]bool{}
	for _, p := range e.sc.Policies {
		segs := strings.Split(strings.Trim(strings.ToLower(p.ID), "/"), "/")
		if len(segs) > 1 && segs[0] == "subscriptions" {
			seen[segs[1]] = true
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func (e *Emulator) policyList(w http.ResponseWriter, r *http.Request, sub string) {
	writeSubscriptionPage(e, w, r, sub, e.sc.Policies, func(p Policy) string { return p.ID }, policyJSON)
}

func policyJSON(p Policy) map[string]any {
	name := lastSegment(p.ID)
	props := map[string]any{
		"systemId":     "/regions/" + p.Location + "/providers/Microsoft.PowerPlatform/enterprisePolicies/" + name,
		"healthStatus": orDefault(p.Health, "Healthy"),
	}
	kind := orDefault(p.Kind, "Encryption")
	if kind == "Encryption" {
		kv := map[string]any{"id": p.VaultID, "key": map[string]string{"name": p.KeyName}}
		if p.KeyVersion != "" {
			kv["key"] = map[string]string{"name": p.KeyName, "version": p.KeyVersion}
		}
		props["encryption"] = map[string]any{"state": orDefault(p.State, "Enabled"), "keyVault": kv}
	}
	return map[string]any{
		"id": p.ID, "name": name, "type": "Microsoft.PowerPlatform/enterprisePolicies",
		"kind": kind, "location": p.Location,
		"identity":   map[string]string{"type": "SystemAssigned", "systemAssignedIdentityPrincipalId": p.PrincipalID},
		"properties": props,
	}
}

func (e *Emulator) vaultJSON(v Vault) map[string]any {
	props := map[string]any{
		"tenantId":                e.sc.TenantID,
		"sku":                     map[string]string{"family": "A", "name": orDefault(v.SKU, "standard")},
		"vaultUri":                e.VaultURI(lastSegment(v.ID)),
		"enableRbacAuthorization": v.RBAC,
		"provisioningState":       "Succeeded",
	}
	if v.SoftDelete != nil {
		props["enableSoftDelete"] = *v.SoftDelete
	}
	if v.PurgeProtection != nil {
		props["enablePurgeProtection"] = *v.PurgeProtection
	}
	if v.RetentionDays != 0 {
		props["softDeleteRetentionInDays"] = v.RetentionDays
	}
	props["publicNetworkAccess"] = orDefault(v.PublicNetworkAccess, "Enabled")
	props["networkAcls"] = map[string]any{"bypass": orDefault(v.Bypass, "AzureServices"), "defaultAction": orDefault(v.DefaultAction, "Allow"), "ipRules": []any{}, "virtualNetworkRules": []any{}}
	pe := make([]any, 0, v.PrivateEndpoints)
	for i := range v.PrivateEndpoints {
		pe = append(pe, map[string]any{"id": v.ID + "/privateEndpointConnections/pe" + strconv.Itoa(i)})
	}
	props["privateEndpointConnections"] = pe
	aps := make([]any, 0, len(v.AccessPolicies))
	for _, ap := range v.AccessPolicies {
		aps = append(aps, map[string]any{"tenantId": e.sc.TenantID, "objectId": ap.ObjectID, "permissions": map[string]any{"keys": orEmpty(ap.Keys), "secrets": []string{}, "certificates": []string{}}})
	}
	props["accessPolicies"] = aps
	return map[string]any{"id": v.ID, "name": lastSegment(v.ID), "type": "Microsoft.KeyVault/vaults", "location": orDefault(v.Location, "westeurope"), "properties": props}
}

// writeARMPage answers one page of an ARM list, with nextLink when items
// up to end of total were served.
func (e *Emulator) writeARMPage(w http.ResponseWriter, r *http.Request, items []any, end, total int) {
	body := map[string]any{"value": items}
	if end < total {
		q := r.URL.Query()
		q.Set("$skiptoken", strconv.Itoa(end))
		body["nextLink"] = e.urls["arm"] + r.URL.Path + "?" + q.Encode()
	}
	writeJSON(w, http.StatusOK, body)
}

// vaultList serves a subscription's key vaults, with their properties, as
// Vaults - List By Subscription does, paged with nextLink.
func (e *Emulator) vaultList(w http.ResponseWriter, r *http.Request, sub string) {
	writeSubscriptionPage(e, w, r, sub, e.sc.Vaults, func(v Vault) string { return v.ID }, e.vaultJSON)
}

// writeSubscriptionPage serves one page of the resources whose ARM ID is
// in subscription sub, as ARM's list-by-subscription calls do.
func writeSubscriptionPage[T any, J any](e *Emulator, w http.ResponseWriter, r *http.Request, sub string, resources []T, id func(T) string, toJSON func(T) J) {
	var all []T
	for _, res := range resources {
		if strings.HasPrefix(strings.ToLower(id(res)), "/subscriptions/"+sub+"/") {
			all = append(all, res)
		}
	}
	start, end := pageBounds(r, len(all), e.sc.ARMPageSize)
	items := make([]any, 0, end-start)
	for _, res := range all[start:end] {
		items = append(items, toJSON(res))
	}
	e.writeARMPage(w, r, items, end, len(all))
}
