package tenanttest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const bapPrefix = "/providers/microsoft.businessappplatform"

// bap serves the BAP admin API: tenant, listTenantSettings and the
// environment list (paged) and single environment.
func (e *Emulator) bap(w http.ResponseWriter, r *http.Request) {
	if !requireAPIVersion(w, r, "bap") {
		return
	}
	p := strings.ToLower(strings.TrimSuffix(r.URL.Path, "/"))
	switch {
	case p == bapPrefix+"/tenant" && r.Method == http.MethodGet:
		t := e.sc.Tenant
		writeJSON(w, http.StatusOK, map[string]any{
			"tenantId": orDefault(t.ID, e.sc.TenantID), "state": "Enabled", "location": t.Location,
			"aadCountryGeo": t.Location, "dataStorageGeo": t.DataStorageGeo,
			"defaultEnvironmentGeo": t.DefaultEnvironmentGeo, "aadDataBoundary": t.AADDataBoundary,
			"fedRAMPHighCertificationRequired": false,
		})
	case p == bapPrefix+"/listtenantsettings" && r.Method == http.MethodPost:
		s := e.sc.TenantSettings
		if s == nil {
			s = DefaultTenantSettings()
		}
		writeJSON(w, http.StatusOK, s)
	case p == bapPrefix+"/scopes/admin/environments" && r.Method == http.MethodGet:
		e.environmentList(w, r)
	case strings.HasPrefix(p, bapPrefix+"/scopes/admin/environments/") && r.Method == http.MethodGet:
		id := strings.TrimPrefix(p, bapPrefix+"/scopes/admin/environments/")
		i, ok := e.envs[id]
		if !ok {
			writeError(w, http.StatusNotFound, "EnvironmentNotFound", "The environment '"+id+"' could not be found in the tenant.")
			return
		}
		writeJSON(w, http.StatusOK, e.environmentJSON(e.sc.Environments[i], expandsCopilot(r)))
	default:
		writeError(w, http.StatusNotFound, "NotFound", "not emulated")
	}
}

func expandsCopilot(r *http.Request) bool {
	for _, v := range strings.Split(r.URL.Query().Get("$expand"), ",") {
		v = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(v)), ".", "/")
		if v == "properties/copilotpolicies" {
			return true
		}
	}
	return false
}

func (e *Emulator) environmentList(w http.ResponseWriter, r *http.Request) {
	all := e.sc.Environments
	start, end := pageBounds(r, len(all), e.sc.PageSize)
	copilot := expandsCopilot(r) && !e.sc.IgnoreExpand
	c := 0
	if copilot {
		c = 1
	}
	// {"<next key>":"<link>","value":[...]}\n, as writeJSON would encode
	// the map (keys sorted, HTML escaped), from the environments encoded
	// at start, with its length
	var body bytes.Buffer
	body.WriteByte('{')
	if end < len(all) {
		q := r.URL.Query()
		q.Set("$skiptoken", strconv.Itoa(end))
		next, _ := json.Marshal(e.urls["bap"] + r.URL.Path + "?" + q.Encode())
		key := "nextLink"
		switch e.sc.NextLinkStyle {
		case "@odata.nextLink":
			key = "@odata.nextLink"
		case "alternate":
			if (start/max(e.sc.PageSize, 1))%2 == 1 {
				key = "@odata.nextLink"
			}
		}
		body.WriteString(`"` + key + `":`)
		body.Write(next)
		body.WriteByte(',')
	}
	body.WriteString(`"value":[`)
	for i, raw := range e.envJSON[c][start:end] {
		if i > 0 {
			body.WriteByte(',')
		}
		body.Write(raw)
	}
	body.WriteString("]}\n")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(body.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body.Bytes())
}

// environmentJSON renders an environment the way BAP does.
func (e *Emulator) environmentJSON(env Environment, copilot bool) map[string]any {
	props := map[string]any{
		"tenantId":          e.sc.TenantID,
		"displayName":       env.Name,
		"azureRegion":       env.Region,
		"environmentSku":    env.SKU,
		"isDefault":         env.IsDefault,
		"provisioningState": "Succeeded",
		"states": map[string]any{
			"management": map[string]string{"id": "Ready"},
			"runtime":    map[string]string{"id": orDefault(env.RuntimeState, "Enabled")},
		},
		"protectionStatus":        map[string]string{"keyManagedBy": orDefault(env.KeyManagedBy, "Microsoft")},
		"governanceConfiguration": map[string]any{"protectionLevel": orDefault(env.ProtectionLevel, "Basic")},
		"retentionDetails":        map[string]string{"retentionPeriod": "P7D"},
	}
	if env.Bing != nil {
		props["bingChatEnabled"] = *env.Bing
	}
	if env.M365 != nil {
		props["m365Enabled"] = *env.M365
	}
	if copilot {
		cp := map[string]any{}
		if env.CrossGeo != nil {
			cp["crossGeoCopilotDataMovementEnabled"] = *env.CrossGeo
		}
		if env.CrossBoundary != nil {
			cp["crossBoundaryCopilotDataMovementEnabled"] = *env.CrossBoundary
		}
		props["copilotPolicies"] = cp
	}
	link := func(id, status string) map[string]string {
		name := lastSegment(id)
		return map[string]string{
			"policyId":   name,
			"location":   env.Geo,
			"id":         id,
			"systemId":   "/regions/" + env.Geo + "/providers/Microsoft.PowerPlatform/enterprisePolicies/" + name,
			"linkStatus": orDefault(status, "Linked"),
		}
	}
	policies := map[string]any{}
	if env.CMKPolicyID != "" {
		policies["customerManagedKeys"] = link(env.CMKPolicyID, env.CMKLinkStatus)
	}
	if env.VNetPolicyID != "" {
		policies["vnets"] = link(env.VNetPolicyID, "")
	}
	if len(policies) > 0 {
		props["enterprisePolicies"] = policies
	}
	if u := e.dataverseURL(env); u != "" {
		props["databaseType"] = "CommonDataService"
		pu, _ := url.Parse(u)
		props["linkedEnvironmentMetadata"] = map[string]any{
			"resourceId": env.ID, "domainName": strings.ToLower(env.Name), "version": "9.2.24101.00200",
			"instanceUrl": u, "instanceApiUrl": pu.Scheme + "://" + pu.Host + "/api", "instanceState": "Ready",
		}
	} else {
		props["databaseType"] = "None"
		props["linkedEnvironmentMetadata"] = nil
	}
	return map[string]any{
		"id":         "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/" + env.ID,
		"type":       "Microsoft.BusinessAppPlatform/scopes/environments",
		"location":   env.Geo,
		"name":       env.ID,
		"properties": props,
	}
}

func (e *Emulator) dataverseURL(env Environment) string {
	switch env.Dataverse {
	case DataverseNone:
		return ""
	case DataverseModern:
		return e.urls["dataverse-modern"] + "/"
	case DataverseLegacy:
		return e.urls["dataverse-legacy"] + "/"
	}
	return env.Dataverse
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}
