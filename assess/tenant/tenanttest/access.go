package tenanttest

import (
	"net/http"
	"strconv"
	"strings"
)

// GraphScope is the Microsoft Graph scope the emulator expects.
const GraphScope = "https://graph.microsoft.com/.default"

// diagnosticSettings serves GET {vaultId}/providers/Microsoft.Insights/diagnosticSettings.
func (e *Emulator) diagnosticSettings(w http.ResponseWriter, vaultPath string) {
	v, ok := e.vaultByPath(vaultPath)
	if !ok {
		writeError(w, http.StatusNotFound, "ResourceNotFound", "The Resource 'Microsoft.KeyVault/vaults/"+lastSegment(vaultPath)+"' was not found.")
		return
	}
	items := []any{}
	for _, d := range v.DiagnosticSettings {
		props := map[string]any{
			"logs":    []any{map[string]any{"category": nilIfEmpty(d.Category), "categoryGroup": nilIfEmpty(d.CategoryGroup), "enabled": d.Enabled, "retentionPolicy": map[string]any{"enabled": false, "days": 0}}},
			"metrics": []any{map[string]any{"category": "AllMetrics", "enabled": true}},
		}
		sub := "/subscriptions/" + SampleSubscription + "/resourceGroups/rg-logs/providers/"
		switch d.Destination {
		case "workspace":
			props["workspaceId"] = sub + "Microsoft.OperationalInsights/workspaces/law-security"
		case "storage":
			props["storageAccountId"] = sub + "Microsoft.Storage/storageAccounts/stlogs"
		case "eventhub":
			props["eventHubAuthorizationRuleId"] = sub + "Microsoft.EventHub/namespaces/eh-siem/authorizationrules/RootManageSharedAccessKey"
		}
		// ARM returns these IDs lower-cased
		items = append(items, map[string]any{
			"id": strings.ToLower(v.ID) + "/providers/microsoft.insights/diagnosticSettings/" + d.Name, "name": d.Name,
			"type": "Microsoft.Insights/diagnosticSettings", "properties": props,
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": items})
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (e *Emulator) vaultByPath(p string) (Vault, bool) {
	for _, v := range e.sc.Vaults {
		if strings.EqualFold(v.ID, strings.TrimSuffix(p, "/")) {
			return v, true
		}
	}
	return Vault{}, false
}

// roleAssignments serves GET {scope}/providers/Microsoft.Authorization/roleAssignments:
// with $filter=atScope() the assignments at or above scope, without a
// filter also those below it (as ARM does), paged with nextLink.
func (e *Emulator) roleAssignments(w http.ResponseWriter, r *http.Request, scope string) {
	filter := strings.ReplaceAll(strings.ToLower(r.URL.Query().Get("$filter")), " ", "")
	if filter != "" && filter != "atscope()" {
		writeError(w, http.StatusBadRequest, "InvalidFilterInQueryString", "The filter '"+r.URL.Query().Get("$filter")+"' is not supported.")
		return
	}
	scope = strings.ToLower(strings.TrimSuffix(scope, "/"))
	var all []RoleAssignment
	for _, a := range e.sc.RoleAssignments {
		as := strings.ToLower(strings.TrimSuffix(a.Scope, "/"))
		above := as == "" || strings.HasPrefix(as, "/providers/microsoft.management/managementgroups/") || scope == as || strings.HasPrefix(scope, as+"/")
		below := strings.HasPrefix(as, scope+"/")
		if above || filter == "" && below {
			all = append(all, a)
		}
	}
	start, end := pageBounds(r, len(all), e.sc.ARMPageSize)
	items := make([]any, 0, end-start)
	for i, a := range all[start:end] {
		sub := SampleSubscription
		if segs := strings.Split(strings.Trim(a.Scope, "/"), "/"); len(segs) > 1 && strings.EqualFold(segs[0], "subscriptions") {
			sub = segs[1]
		}
		items = append(items, map[string]any{
			"id":   strings.TrimSuffix(a.Scope, "/") + "/providers/Microsoft.Authorization/roleAssignments/ra-" + strconv.Itoa(start+i),
			"name": "ra-" + strconv.Itoa(start+i), "type": "Microsoft.Authorization/roleAssignments",
			"properties": map[string]any{
				"roleDefinitionId": "/subscriptions/" + sub + "/providers/Microsoft.Authorization/roleDefinitions/" + a.RoleDefinitionID,
				"principalId":      a.PrincipalID, "principalType": orDefault(a.PrincipalType, "User"), "scope": a.Scope,
			},
		})
	}
	e.writeARMPage(w, r, items, end, len(all))
}

// roleDefinition serves GET …/providers/Microsoft.Authorization/roleDefinitions/{id}
// for the scenario's custom roles.
func (e *Emulator) roleDefinition(w http.ResponseWriter, id string) {
	for _, d := range e.sc.RoleDefinitions {
		if strings.EqualFold(d.ID, id) {
			writeJSON(w, http.StatusOK, map[string]any{
				"id": "/subscriptions/" + SampleSubscription + "/providers/Microsoft.Authorization/roleDefinitions/" + d.ID, "name": d.ID,
				"type": "Microsoft.Authorization/roleDefinitions",
				"properties": map[string]any{"roleName": d.Name, "type": "CustomRole", "permissions": []any{map[string]any{
					"actions": orEmpty(d.Actions), "notActions": []string{}, "dataActions": orEmpty(d.DataActions), "notDataActions": []string{},
				}}},
			})
			return
		}
	}
	writeError(w, http.StatusNotFound, "RoleDefinitionDoesNotExist", "The specified role definition with ID '"+id+"' does not exist.")
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// graph serves the Microsoft Graph reads: directory role assignments of a
// role (with the principal expanded) and a group's transitive members,
// paged with @odata.nextLink. Errors use Graph's envelope.
func (e *Emulator) graph(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case strings.EqualFold(p, "/v1.0/roleManagement/directory/roleAssignments"):
		role := ""
		f := r.URL.Query().Get("$filter")
		if v, ok := strings.CutPrefix(f, "roleDefinitionId eq '"); ok && strings.HasSuffix(v, "'") {
			role = strings.TrimSuffix(v, "'")
		}
		if role == "" {
			graphError(w, http.StatusBadRequest, "Request_UnsupportedQuery", "Unsupported query: "+f)
			return
		}
		expand := strings.EqualFold(r.URL.Query().Get("$expand"), "principal") && !e.sc.GraphIgnoreExpand
		var items []any
		for i, a := range e.sc.DirectoryRoles {
			if !strings.EqualFold(a.RoleTemplateID, role) {
				continue
			}
			it := map[string]any{"id": "dra-" + strconv.Itoa(i), "roleDefinitionId": a.RoleTemplateID, "principalId": a.Principal.ID, "directoryScopeId": "/"}
			if expand {
				it["principal"] = memberJSON(a.Principal)
			}
			items = append(items, it)
		}
		e.graphPage(w, r, items)
	case strings.HasPrefix(strings.ToLower(p), "/v1.0/groups/") && strings.HasSuffix(strings.ToLower(p), "/transitivemembers"):
		id := strings.TrimSuffix(strings.TrimPrefix(p[len("/v1.0/groups/"):], "/"), "/transitiveMembers")
		id = strings.TrimSuffix(id, "/transitivemembers")
		for _, g := range e.sc.Groups {
			if strings.EqualFold(g.ID, id) {
				items := make([]any, 0, len(g.Members))
				for _, m := range g.Members {
					items = append(items, memberJSON(m))
				}
				e.graphPage(w, r, items)
				return
			}
		}
		graphError(w, http.StatusNotFound, "Request_ResourceNotFound", "Resource '"+id+"' does not exist or one of its queried reference-property objects are not present.")
	case strings.HasPrefix(strings.ToLower(p), "/v1.0/groups/") && strings.Count(p, "/") == 3:
		id := p[len("/v1.0/groups/"):]
		for _, g := range e.sc.Groups {
			if strings.EqualFold(g.ID, id) {
				writeJSON(w, http.StatusOK, map[string]any{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups(id,displayName)/$entity", "id": g.ID, "displayName": g.Name})
				return
			}
		}
		graphError(w, http.StatusNotFound, "Request_ResourceNotFound", "Resource '"+id+"' does not exist or one of its queried reference-property objects are not present.")
	default:
		graphError(w, http.StatusNotFound, "Request_ResourceNotFound", "not emulated")
	}
}

func memberJSON(m Member) map[string]any {
	t := orDefault(m.Type, "user")
	out := map[string]any{"@odata.type": "#microsoft.graph." + t, "id": m.ID, "displayName": m.Name}
	if t == "user" {
		out["userPrincipalName"] = strings.ReplaceAll(strings.ToLower(m.Name), " ", ".") + "@contoso.example"
	}
	return out
}

func (e *Emulator) graphPage(w http.ResponseWriter, r *http.Request, items []any) {
	start, end := pageBounds(r, len(items), e.sc.GraphPageSize)
	body := map[string]any{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata", "value": append([]any{}, items[start:end]...)}
	if end < len(items) {
		q := r.URL.Query()
		q.Set("$skiptoken", strconv.Itoa(end))
		body["@odata.nextLink"] = e.urls["graph"] + r.URL.Path + "?" + q.Encode()
	}
	writeJSON(w, http.StatusOK, body)
}

// graphError writes Graph's error envelope (with its innerError).
func graphError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": message,
		"innerError": map[string]string{"date": "2026-11-02T09:00:00", "request-id": "00000000-0000-0000-0000-000000000000"}}})
}

// graphFaultCode is Graph's code for a fault's status.
func graphFaultCode(status int) (string, string) {
	switch status {
	case http.StatusForbidden:
		return "Authorization_RequestDenied", "Insufficient privileges to complete the operation."
	case http.StatusNotFound:
		return "Request_ResourceNotFound", "Resource does not exist."
	}
	return http.StatusText(status), "emulated fault"
}
