package tenanttest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// newToken makes an unsigned JWT-shaped access token for an application
// (the emulator is the only party that checks it) with a random ID, so
// tests can look for it in outputs.
func newToken(tenant, appID, audience string, now time.Time) string {
	return jwt(map[string]any{"aud": audience, "tid": tenant, "appid": appID, "idtyp": "app"}, now)
}

// newUserToken is newToken for a signed-in user.
func newUserToken(tenant, user, audience string, now time.Time) string {
	return jwt(map[string]any{"aud": audience, "tid": tenant, "upn": user, "idtyp": "user"}, now)
}

// opaqueToken is an access token with no claims a client could read.
func opaqueToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return "emu-opaque-" + hex.EncodeToString(b)
}

func jwt(claims map[string]any, now time.Time) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	claims["iat"], claims["nbf"], claims["exp"] = now.Unix(), now.Unix(), now.Add(time.Hour).Unix()
	claims["jti"] = hex.EncodeToString(b)
	head, _ := json.Marshal(map[string]string{"alg": "none", "typ": "JWT"})
	body, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	return enc.EncodeToString(head) + "." + enc.EncodeToString(body) + ".emu" + hex.EncodeToString(b)
}

// audienceOf turns a requested scope into the token audience
// ("https://service.powerapps.com//.default" → "https://service.powerapps.com/").
func audienceOf(scope string) string {
	for _, s := range strings.Fields(scope) {
		if strings.HasSuffix(s, "/.default") {
			return strings.TrimSuffix(s, ".default")
		}
	}
	return ""
}

func sameAudience(a, b string) bool {
	return strings.TrimRight(strings.ToLower(a), "/") == strings.TrimRight(strings.ToLower(b), "/")
}
