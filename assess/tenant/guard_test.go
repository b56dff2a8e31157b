package tenant

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// TestWriteGuard: every method against every kind of path; only GET, and
// POST to exactly BAP's listTenantSettings, leave the process. A refused
// call sends nothing.
func TestWriteGuard(t *testing.T) {
	var sent atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	pl := runtime.NewPipeline("test", "", runtime.PipelineOptions{}, &azcore.ClientOptions{Transport: srv.Client()})
	settings := "/providers/Microsoft.BusinessAppPlatform/listTenantSettings?api-version=2023-06-01"
	paths := []struct {
		path     string
		postOK   bool
		describe string
	}{
		{settings, true, "listTenantSettings"},
		{strings.ToLower(settings), true, "listTenantSettings in lower case"},
		{"/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version=2023-06-01", false, "environments"},
		{"/providers/Microsoft.BusinessAppPlatform/listTenantSettings/x", false, "below listTenantSettings"},
		{"/x/providers/Microsoft.BusinessAppPlatform/listTenantSettings", false, "listTenantSettings under another path"},
		{"/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/e1/../../../listTenantSettings", false, "dot segments"},
		{"/providers/Microsoft.BusinessAppPlatform%2FlistTenantSettings", false, "escaped slash"},
		{"/subscriptions/s/providers/Microsoft.KeyVault/vaults/v?x=/providers/Microsoft.BusinessAppPlatform/listTenantSettings", false, "in the query"},
		{"/subscriptions/s/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01", false, "role assignments"},
		{"/v1.0/roleManagement/directory/roleAssignments", false, "Graph"},
		{"/keys/cmk/rotationpolicy?api-version=7.4", false, "Key Vault"},
	}
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace, "post", "get", "MERGE", ""}
	for _, p := range paths {
		for _, m := range methods {
			want := m == http.MethodGet || m == http.MethodPost && p.postOK
			before := sent.Load()
			err := call(context.Background(), pl, m, srv.URL+p.path, nil)
			went := sent.Load() > before
			refused := err != nil && strings.Contains(err.Error(), "refusing a write call")
			switch {
			case want && (err != nil || !went):
				t.Errorf("%s %s (%s): %v, sent %v", m, p.path, p.describe, err, went)
			case !want && (!refused || went):
				t.Errorf("%s %s (%s) was not refused: %v, sent %v", m, p.path, p.describe, err, went)
			}
		}
	}
}
