package tenanttest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers with the {"error":{"code","message"}} envelope that
// BAP, ARM and Key Vault share.
func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": message}})
}

// requireAPIVersion answers 400 when api-version is missing or is not one
// the wire contract names for the route.
func requireAPIVersion(w http.ResponseWriter, r *http.Request, service string) bool {
	v := r.URL.Query().Get("api-version")
	if v == "" {
		writeError(w, http.StatusBadRequest, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.")
		return false
	}
	allowed := APIVersions(service, r.URL.Path)
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	writeError(w, http.StatusBadRequest, "InvalidApiVersionParameter", "The api-version '"+v+"' is invalid. The supported versions are '"+strings.Join(allowed, ",")+"'.")
	return false
}

// APIVersions lists the api-version values the wire contract gives a
// route (live-check-api.md §2–§4, §11).
func APIVersions(service, path string) []string {
	p := strings.ToLower(strings.TrimSuffix(path, "/"))
	switch service {
	case "bap":
		switch {
		case strings.HasSuffix(p, "/tenant"):
			return []string{"2021-04-01"}
		case strings.HasSuffix(p, "/listtenantsettings"):
			return []string{"2023-06-01", "2020-10-01"}
		}
		return []string{"2023-06-01", "2021-04-01", "2020-10-01", "2016-11-01"}
	case "arm":
		switch {
		case strings.Contains(p, "/providers/microsoft.insights/diagnosticsettings"):
			return []string{"2021-05-01-preview"}
		case strings.Contains(p, "/providers/microsoft.authorization/"):
			return []string{"2022-04-01"}
		case strings.Contains(p, "/providers/microsoft.powerplatform/enterprisepolicies"):
			return []string{"2020-10-30-preview"}
		case strings.Contains(p, "/providers/microsoft.keyvault/vaults"):
			return []string{"2023-07-01"}
		case p == "/subscriptions":
			return []string{"2022-12-01"}
		}
	case "keyvault":
		return []string{"7.4", "7.5"}
	}
	return nil
}

func lastSegment(id string) string {
	id = strings.TrimSuffix(id, "/")
	if i := strings.LastIndex(id, "/"); i >= 0 {
		return id[i+1:]
	}
	return id
}

func ptr[T any](v T) *T { return &v }

// pageBounds reads $skiptoken and returns the slice [start, end) of a list
// of total items served size at a time (0 = all).
func pageBounds(r *http.Request, total, size int) (start, end int) {
	start, _ = strconv.Atoi(r.URL.Query().Get("$skiptoken"))
	if start < 0 || start > total {
		start = 0
	}
	end = total
	if size > 0 && start+size < end {
		end = start + size
	}
	return start, end
}
