package tenant

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

// tokenIdentity reads who signed in from an access token's claims, without
// verifying it (the service does that) and without keeping the token: a user
// name for people, an app ID for applications. Opaque tokens give "".
func tokenIdentity(token string) (name, tenantID string) {
	parts := strings.Split(token, ".")
	if len(parts) < 2 {
		return "", ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return "", ""
	}
	var c struct {
		UPN        string `json:"upn"`
		UniqueName string `json:"unique_name"`
		Preferred  string `json:"preferred_username"`
		AppID      string `json:"appid"`
		AZP        string `json:"azp"`
		TID        string `json:"tid"`
		IDType     string `json:"idtyp"`
	}
	if json.Unmarshal(raw, &c) != nil {
		return "", ""
	}
	for _, v := range []string{c.UPN, c.Preferred, c.UniqueName} {
		if v != "" {
			return v, c.TID
		}
	}
	if c.AppID != "" {
		return "app " + c.AppID, c.TID
	}
	if c.AZP != "" {
		return "app " + c.AZP, c.TID
	}
	return "", c.TID
}
