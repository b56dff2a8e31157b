package tenanttest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// entra serves the OpenID metadata, instance discovery and the
// client-credentials token endpoint.
func (e *Emulator) entra(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	base := e.urls["entra"]
	switch {
	case r.Method == http.MethodGet && len(parts) == 4 && parts[1] == "v2.0" && parts[2] == ".well-known" && parts[3] == "openid-configuration":
		tb := base + "/" + parts[0]
		writeJSON(w, http.StatusOK, map[string]string{
			"token_endpoint":                tb + "/oauth2/v2.0/token",
			"issuer":                        tb + "/v2.0",
			"authorization_endpoint":        tb + "/oauth2/v2.0/authorize",
			"device_authorization_endpoint": tb + "/oauth2/v2.0/devicecode",
		})
	case r.Method == http.MethodGet && r.URL.Path == "/common/discovery/instance":
		host := strings.TrimPrefix(base, "https://")
		writeJSON(w, http.StatusOK, map[string]any{
			"tenant_discovery_endpoint": base + "/" + e.sc.TenantID + "/v2.0/.well-known/openid-configuration",
			"api-version":               "1.1",
			"metadata":                  []map[string]any{{"preferred_network": host, "preferred_cache": host, "aliases": []string{host}}},
		})
	case r.Method == http.MethodPost && len(parts) == 4 && parts[1] == "oauth2" && parts[3] == "token":
		e.token(w, r, parts[0])
	case r.Method == http.MethodPost && len(parts) == 4 && parts[1] == "oauth2" && parts[3] == "devicecode":
		e.deviceCode(w, r)
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "not_found", "error_description": "AADSTS90002: not emulated"})
	}
}

func (e *Emulator) token(w http.ResponseWriter, r *http.Request, tenant string) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_request", "error_description": "AADSTS900144: bad form"})
		return
	}
	if !strings.EqualFold(tenant, e.sc.TenantID) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_request", "error_description": "AADSTS90002: Tenant not found.", "error_codes": []int{90002}})
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "urn:ietf:params:oauth:grant-type:device_code", "device_code", "refresh_token":
		e.userToken(w, r)
		return
	}
	// A certificate sign-in sends a signed JWT assertion instead of the
	// secret; the emulator accepts any assertion (it checks no signature).
	byCert := r.PostForm.Get("client_assertion_type") == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" && r.PostForm.Get("client_assertion") != ""
	if r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("client_id") != e.sc.ClientID || !byCert && r.PostForm.Get("client_secret") != e.sc.ClientSecret {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided.", "error_codes": []int{7000215}})
		return
	}
	if e.sc.ClientSecretExpired && !byCert {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_client", "error_description": "AADSTS7000222: The provided client secret keys for app '" + e.sc.ClientID + "' are expired. Visit the Azure portal to create new keys for your app.", "error_codes": []int{7000222}})
		return
	}
	aud := audienceOf(r.PostForm.Get("scope"))
	if aud == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_scope", "error_description": "AADSTS70011: The provided value for the input parameter 'scope' is not valid."})
		return
	}
	raw := newToken(e.sc.TenantID, e.sc.ClientID, aud, time.Now())
	if e.sc.OpaqueTokens {
		raw = opaqueToken()
	}
	tok := e.register(raw, aud)
	life := int(e.lifetime().Seconds())
	writeJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": life, "ext_expires_in": life, "access_token": tok})
}

// deviceCode starts a device-code sign-in; the code is approved at once.
func (e *Emulator) deviceCode(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"user_code": "EMU-CODE", "device_code": "emulator-device-code", "verification_uri": "https://127.0.0.1/devicelogin",
		"expires_in": 900, "interval": 1,
		"message": "To sign in, use a web browser to open https://127.0.0.1/devicelogin and enter the code EMU-CODE to authenticate.",
	})
}

// userToken answers the device-code and refresh-token grants with a user's
// token, ID token and client info, as MSAL needs to build the account.
func (e *Emulator) userToken(w http.ResponseWriter, r *http.Request) {
	grant := r.PostForm.Get("grant_type")
	if grant != "refresh_token" && r.PostForm.Get("device_code") != "emulator-device-code" ||
		grant == "refresh_token" && !strings.HasPrefix(r.PostForm.Get("refresh_token"), "emu-refresh-") {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_grant", "error_description": "AADSTS70000: bad grant"})
		return
	}
	aud := audienceOf(r.PostForm.Get("scope"))
	if aud == "" {
		aud = "https://management.core.windows.net/"
	}
	user := orDefault(e.sc.User, "admin@contoso.example")
	now := time.Now()
	tok := e.register(newUserToken(e.sc.TenantID, user, aud, now), aud)
	life := int(e.lifetime().Seconds())
	enc := base64.RawURLEncoding
	claims, _ := json.Marshal(map[string]any{
		"aud": r.PostForm.Get("client_id"), "iss": e.urls["entra"] + "/" + e.sc.TenantID + "/v2.0",
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"oid": "user-oid", "sub": "user-sub", "tid": e.sc.TenantID, "preferred_username": user, "name": user, "ver": "2.0",
	})
	idToken := enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString(claims) + ".sig"
	clientInfo := enc.EncodeToString([]byte(`{"uid":"user-oid","utid":"` + e.sc.TenantID + `"}`))
	writeJSON(w, http.StatusOK, map[string]any{
		"token_type": "Bearer", "expires_in": life, "ext_expires_in": life, "access_token": tok,
		"refresh_token": "emu-refresh-" + user, "id_token": idToken, "client_info": clientInfo,
	})
}

// IssueToken registers and returns an access token for audience, as if an
// outside tool (az login) had obtained it.
func (e *Emulator) IssueToken(audience string) string {
	return e.register(newToken(e.sc.TenantID, e.sc.ClientID, audience, time.Now()), audience)
}

// lifetime is how long an access token is valid.
func (e *Emulator) lifetime() time.Duration {
	if e.sc.TokenLifetime > 0 {
		return e.sc.TokenLifetime
	}
	return time.Hour
}

// register records an issued token with its audience and expiry.
func (e *Emulator) register(tok, aud string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.tokens[tok] = aud
	e.expires[tok] = time.Now().Add(e.lifetime())
	return tok
}
