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

// requireAPIVersion answers 400 when api-version is missing.
func requireAPIVersion(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Query().Get("api-version") == "" {
		writeError(w, http.StatusBadRequest, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.")
		return false
	}
	return true
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
