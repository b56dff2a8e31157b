package tenanttest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The scenario options the assess/tenant tests lean on: a BAP tenant ID
// other than the token's tid, opaque access tokens, Graph ignoring
// $expand, and a fault limited to one page of a list.

func TestScenarioTenantIDAndOpaqueTokens(t *testing.T) {
	sc := Sample(testNow)
	sc.Tenant.ID = "bbbbbbbb-0000-0000-0000-00000000bbbb"
	sc.OpaqueTokens = true
	emu, c, rec := start(t, sc)
	tok, _ := token(t, emu, c, BAPScope)
	if strings.Count(tok, ".") == 2 || !strings.HasPrefix(tok, "emu-opaque-") {
		t.Errorf("token %q is not opaque", tok)
	}
	status, body := get(t, c, http.MethodGet, emu.URL("bap")+"/providers/Microsoft.BusinessAppPlatform/tenant?api-version=2021-04-01", tok)
	if status != 200 || body["tenantId"] != sc.Tenant.ID {
		t.Errorf("tenant read %d %v, want tenantId %s", status, body["tenantId"], sc.Tenant.ID)
	}
	// the opaque token is still checked for its audience
	if status, _ := get(t, c, http.MethodGet, emu.URL("arm")+"/subscriptions?api-version=2022-12-01", tok); status != http.StatusUnauthorized {
		t.Errorf("a BAP token at ARM: %d", status)
	}
	// default: the scenario's tenant, a JWT-shaped token
	emu2, c2, _ := start(t, Sample(testNow))
	tok2, _ := token(t, emu2, c2, BAPScope)
	_, body = get(t, c2, http.MethodGet, emu2.URL("bap")+"/providers/Microsoft.BusinessAppPlatform/tenant?api-version=2021-04-01", tok2)
	if strings.Count(tok2, ".") != 2 || body["tenantId"] != emu2.TenantID() {
		t.Errorf("default token %q, tenantId %v", tok2, body["tenantId"])
	}
	if len(rec.msgs) > 0 {
		t.Errorf("violations: %v", rec.msgs)
	}
}

func TestScenarioGraphIgnoreExpand(t *testing.T) {
	for _, ignore := range []bool{false, true} {
		sc := SampleDuties(testNow)
		sc.GraphIgnoreExpand = ignore
		emu, c, _ := start(t, sc)
		tok, _ := token(t, emu, c, GraphScope)
		q := url.Values{"$filter": {"roleDefinitionId eq '" + DirRolePPAdmin + "'"}, "$expand": {"principal"}}
		status, body := get(t, c, http.MethodGet, emu.URL("graph")+"/v1.0/roleManagement/directory/roleAssignments?"+q.Encode(), tok)
		items, _ := body["value"].([]any)
		if status != 200 || len(items) != 1 {
			t.Fatalf("ignore %v: %d %v", ignore, status, body)
		}
		it := items[0].(map[string]any)
		_, expanded := it["principal"]
		if expanded == ignore || it["principalId"] != PrincipalAda {
			t.Errorf("ignore %v: item %v", ignore, it)
		}
	}
}

func TestFaultQueryContains(t *testing.T) {
	sc := Large(5, 0, 0, 0, testNow)
	sc.PageSize = 2
	sc.Faults = []Fault{{Service: "bap", PathContains: "/scopes/admin/environments", QueryContains: "$SKIPTOKEN=2", Status: 403}}
	emu, c, _ := start(t, sc)
	tok, _ := token(t, emu, c, BAPScope)
	base := emu.URL("bap") + "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version=2023-06-01"
	for _, c2 := range []struct {
		query  string
		status int
	}{{"", 200}, {"&%24skiptoken=2", 403}, {"&$skiptoken=2", 403}, {"&$skiptoken=4", 200}} {
		if status, _ := get(t, c, http.MethodGet, base+c2.query, tok); status != c2.status {
			t.Errorf("query %q: %d, want %d", c2.query, status, c2.status)
		}
	}
}
