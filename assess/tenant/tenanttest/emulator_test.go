package tenanttest

import (
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// recorder keeps what the emulator reported as violations.
type recorder struct {
	mu   sync.Mutex
	msgs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, format)
}

func start(t *testing.T, sc Scenario) (*Emulator, *http.Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	emu, err := Start(rec, sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: emu.CertPool(), MinVersion: tls.VersionTLS12}}}
	return emu, c, rec
}

// token signs in with the client secret for scope.
func token(t *testing.T, emu *Emulator, c *http.Client, scope string) (string, int) {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {emu.ClientID()}, "client_secret": {emu.ClientSecret()}, "scope": {scope}}
	resp, err := c.PostForm(emu.URL("entra")+"/"+emu.TenantID()+"/oauth2/v2.0/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.AccessToken == "" {
		t.Fatalf("token for %s: %v", scope, err)
	}
	return body.AccessToken, body.ExpiresIn
}

// get sends a request and returns the status and the decoded body.
func get(t *testing.T, c *http.Client, method, u, tok string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var body map[string]any
	_ = json.Unmarshal(data, &body)
	return resp.StatusCode, body
}

func errorCode(body map[string]any) (code, inner string) {
	e, _ := body["error"].(map[string]any)
	code, _ = e["code"].(string)
	for _, k := range []string{"innererror", "innerError"} {
		if in, ok := e[k].(map[string]any); ok {
			inner, _ = in["code"].(string)
		}
	}
	return code, inner
}

// TestAudiencePerService: each service takes only tokens for its own
// audience and answers others with the documented 401.
func TestAudiencePerService(t *testing.T) {
	emu, c, _ := start(t, Sample(testNow))
	urls := map[string]string{
		BAPScope:      emu.URL("bap") + "/providers/Microsoft.BusinessAppPlatform/tenant?api-version=2021-04-01",
		ARMScope:      emu.URL("arm") + "/subscriptions?api-version=2022-12-01",
		KeyVaultScope: emu.VaultURI("kv-eu") + "keys/cmk-eu?api-version=7.4",
		GraphScope:    emu.URL("graph") + "/v1.0/groups/none/transitiveMembers",
	}
	tokens := map[string]string{}
	for scope := range urls {
		tokens[scope], _ = token(t, emu, c, scope)
	}
	for target, u := range urls {
		for scope, tok := range tokens {
			status, body := get(t, c, http.MethodGet, u, tok)
			code, _ := errorCode(body)
			switch {
			case scope == target && status == http.StatusUnauthorized:
				t.Errorf("%s refused its own audience: %v", u, body)
			case scope != target && (status != http.StatusUnauthorized || code != "InvalidAuthenticationTokenAudience"):
				t.Errorf("%s took a token for %s: %d %v", u, scope, status, body)
			}
		}
	}
	if status, body := get(t, c, http.MethodGet, urls[ARMScope], ""); status != 401 {
		t.Errorf("no token: %d %v", status, body)
	}
	// Key Vault answers a request without a token with its challenge
	req, _ := http.NewRequest(http.MethodGet, urls[KeyVaultScope], nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ch := resp.Header.Get("WWW-Authenticate"); resp.StatusCode != 401 || !strings.Contains(ch, `resource="https://vault.azure.net"`) || !strings.Contains(ch, emu.TenantID()) {
		t.Errorf("challenge %d %q", resp.StatusCode, ch)
	}
}

// TestExactAPIVersions: every route takes the api-versions the wire
// contract names, and answers 400 to a missing or other one.
func TestExactAPIVersions(t *testing.T) {
	sc := SampleDuties(testNow)
	sc.Faults = nil
	emu, c, _ := start(t, sc)
	bap, _ := token(t, emu, c, BAPScope)
	arm, _ := token(t, emu, c, ARMScope)
	kv, _ := token(t, emu, c, KeyVaultScope)
	vault := SampleVaultID("kv-eu")
	for _, tc := range []struct {
		base, path, tok, version string
	}{
		{emu.URL("bap"), "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments", bap, "2023-06-01"},
		{emu.URL("bap"), "/providers/Microsoft.BusinessAppPlatform/tenant", bap, "2021-04-01"},
		{emu.URL("arm"), "/subscriptions/" + SampleSubscription + "/providers/Microsoft.PowerPlatform/enterprisePolicies", arm, "2020-10-30-preview"},
		{emu.URL("arm"), vault, arm, "2023-07-01"},
		{emu.URL("arm"), "/subscriptions/" + SampleSubscription + "/providers/Microsoft.KeyVault/vaults", arm, "2023-07-01"},
		{emu.URL("arm"), vault + "/providers/Microsoft.Insights/diagnosticSettings", arm, "2021-05-01-preview"},
		{emu.URL("arm"), "/subscriptions/" + SampleSubscription + "/providers/Microsoft.Authorization/roleAssignments", arm, "2022-04-01"},
		{emu.URL("arm"), "/subscriptions/" + SampleSubscription + "/providers/Microsoft.Authorization/roleDefinitions/" + RoleKeyJanitor, arm, "2022-04-01"},
		{strings.TrimSuffix(emu.VaultURI("kv-eu"), "/"), "/keys/cmk-eu", kv, "7.4"},
	} {
		if status, body := get(t, c, http.MethodGet, tc.base+tc.path+"?api-version="+tc.version, tc.tok); status != 200 {
			t.Errorf("%s %s: %d %v", tc.path, tc.version, status, body)
		}
		for _, bad := range []string{"", "?api-version=2099-01-01"} {
			status, body := get(t, c, http.MethodGet, tc.base+tc.path+bad, tc.tok)
			code, _ := errorCode(body)
			if status != 400 || code != "MissingApiVersionParameter" && code != "InvalidApiVersionParameter" {
				t.Errorf("%s%s: %d %v", tc.path, bad, status, body)
			}
		}
	}
}

// TestPaging: the environment list comes in pages with nextLink (or
// @odata.nextLink), and following them gives every environment once.
func TestPaging(t *testing.T) {
	for _, style := range []string{"nextLink", "@odata.nextLink", "alternate"} {
		sc := Sample(testNow)
		sc.NextLinkStyle = style
		emu, c, _ := start(t, sc)
		tok, _ := token(t, emu, c, BAPScope)
		next := emu.URL("bap") + "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version=2023-06-01"
		seen := map[string]bool{}
		pages := 0
		for next != "" && pages < 10 {
			status, body := get(t, c, http.MethodGet, next, tok)
			if status != 200 {
				t.Fatalf("%s: %d %v", style, status, body)
			}
			pages++
			for _, v := range body["value"].([]any) {
				seen[v.(map[string]any)["name"].(string)] = true
			}
			next = ""
			for _, k := range []string{"nextLink", "@odata.nextLink"} {
				if s, ok := body[k].(string); ok {
					next = s
				}
			}
		}
		if pages != 3 || len(seen) != len(sc.Environments) {
			t.Errorf("%s: %d pages, %d environments", style, pages, len(seen))
		}
	}
}

// TestWriteRefusal: any write but the two sign-in POSTs and
// listTenantSettings is refused with 405 and reported.
func TestWriteRefusal(t *testing.T) {
	emu, c, rec := start(t, Sample(testNow))
	arm, _ := token(t, emu, c, ARMScope)
	bap, _ := token(t, emu, c, BAPScope)
	for _, tc := range []struct{ method, u, tok string }{
		{http.MethodPut, emu.URL("arm") + SampleVaultID("kv-eu") + "?api-version=2023-07-01", arm},
		{http.MethodDelete, emu.URL("arm") + SamplePolicyID("ep-eu") + "?api-version=2020-10-30-preview", arm},
		{http.MethodPatch, emu.URL("bap") + "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/env-prod-eu?api-version=2021-04-01", bap},
		{http.MethodPost, emu.URL("bap") + "/providers/Microsoft.BusinessAppPlatform/environments/env-prod-eu/enterprisePolicies/Encryption/unlink?api-version=2019-10-01", bap},
		{http.MethodPost, emu.URL("graph") + "/v1.0/groups/x/members/$ref", ""},
	} {
		if status, _ := get(t, c, tc.method, tc.u, tc.tok); status != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: %d", tc.method, tc.u, status)
		}
	}
	if len(emu.Violations()) != 5 || len(rec.msgs) != 5 {
		t.Errorf("violations %v, reported %d", emu.Violations(), len(rec.msgs))
	}
	if status, _ := get(t, c, http.MethodPost, emu.URL("bap")+"/providers/Microsoft.BusinessAppPlatform/listTenantSettings?api-version=2023-06-01", bap); status != 200 {
		t.Errorf("listTenantSettings: %d", status)
	}
}

// TestTokenExpiry: a token works until its lifetime is over, then gets
// the 401 real services send; a new token works again.
func TestTokenExpiry(t *testing.T) {
	sc := Sample(testNow)
	sc.TokenLifetime = time.Second
	emu, c, _ := start(t, sc)
	tok, expiresIn := token(t, emu, c, ARMScope)
	if expiresIn != 1 {
		t.Errorf("expires_in %d for a one-second lifetime", expiresIn)
	}
	u := emu.URL("arm") + "/subscriptions?api-version=2022-12-01"
	if status, body := get(t, c, http.MethodGet, u, tok); status != 200 {
		t.Fatalf("fresh token: %d %v", status, body)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		status, body := get(t, c, http.MethodGet, u, tok)
		if status == 401 {
			if code, _ := errorCode(body); code != "ExpiredAuthenticationToken" {
				t.Errorf("expired token: %v", body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the token never expired")
		}
		time.Sleep(50 * time.Millisecond)
	}
	fresh, _ := token(t, emu, c, ARMScope)
	if status, _ := get(t, c, http.MethodGet, u, fresh); status != 200 {
		t.Errorf("new token: %d", status)
	}
}

// TestErrorBodies: faults answer with each service's documented envelope.
func TestErrorBodies(t *testing.T) {
	sc := SampleDuties(testNow)
	sc.Faults = []Fault{
		{Service: "bap", PathContains: "/tenant", Status: 403, Code: "Forbidden"},
		{Service: "arm", PathContains: "/vaults/kv-eu", Status: 403, Code: "AuthorizationFailed"},
		{Service: "keyvault", PathContains: "/keys/", Status: 403},
		{Service: "graph", Status: 403},
	}
	emu, c, _ := start(t, sc)
	bap, _ := token(t, emu, c, BAPScope)
	arm, _ := token(t, emu, c, ARMScope)
	kv, _ := token(t, emu, c, KeyVaultScope)
	graph, _ := token(t, emu, c, GraphScope)
	for _, tc := range []struct {
		u, tok, code, inner, message string
	}{
		{emu.URL("bap") + "/providers/Microsoft.BusinessAppPlatform/tenant?api-version=2021-04-01", bap, "Forbidden", "", "does not have permission to access the path"},
		{emu.URL("arm") + SampleVaultID("kv-eu") + "?api-version=2023-07-01", arm, "AuthorizationFailed", "", "does not have authorization"},
		{emu.VaultURI("kv-eu") + "keys/cmk-eu?api-version=7.4", kv, "Forbidden", "ForbiddenByRbac", "Caller is not authorized"},
		{emu.URL("graph") + "/v1.0/roleManagement/directory/roleAssignments?$filter=" + url.QueryEscape("roleDefinitionId eq '"+DirRolePPAdmin+"'"), graph, "Authorization_RequestDenied", "", "Insufficient privileges"},
	} {
		status, body := get(t, c, http.MethodGet, tc.u, tc.tok)
		code, inner := errorCode(body)
		msg, _ := body["error"].(map[string]any)["message"].(string)
		if status != 403 || code != tc.code || inner != tc.inner || !strings.Contains(msg, tc.message) {
			t.Errorf("%s: %d %q %q %q", tc.u, status, code, inner, msg)
		}
	}
	// not found bodies
	emu2, c2, _ := start(t, SampleDuties(testNow))
	graph2, _ := token(t, emu2, c2, GraphScope)
	status, body := get(t, c2, http.MethodGet, emu2.URL("graph")+"/v1.0/groups/nope/transitiveMembers", graph2)
	if code, _ := errorCode(body); status != 404 || code != "Request_ResourceNotFound" {
		t.Errorf("graph 404: %d %v", status, body)
	}
	arm2, _ := token(t, emu2, c2, ARMScope)
	status, body = get(t, c2, http.MethodGet, emu2.URL("arm")+"/subscriptions/"+SampleSubscription+"/providers/Microsoft.Authorization/roleDefinitions/nope?api-version=2022-04-01", arm2)
	if code, _ := errorCode(body); status != 404 || code != "RoleDefinitionDoesNotExist" {
		t.Errorf("role definition 404: %d %v", status, body)
	}
}
