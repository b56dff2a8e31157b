package tenanttest

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// keyVault serves one vault's data plane: a key, its versions (paged two at
// a time with nextLink) and its rotation policy.
func (e *Emulator) keyVault(vault string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !requireAPIVersion(w, r, "keyvault") {
			return
		}
		segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if len(segs) < 2 || segs[0] != "keys" {
			writeError(w, http.StatusNotFound, "NotFound", "not emulated")
			return
		}
		k, ok := e.key(vault, segs[1])
		if !ok {
			writeError(w, http.StatusNotFound, "KeyNotFound", "A key with (name/id) "+segs[1]+" was not found in this key vault.")
			return
		}
		base := e.VaultURI(vault) + "keys/" + k.Name
		switch {
		case len(segs) == 2:
			writeJSON(w, http.StatusOK, keyBundle(k, base))
		case len(segs) == 3 && segs[2] == "versions":
			e.keyVersions(w, r, k, base)
		case len(segs) == 3 && segs[2] == "rotationpolicy":
			writeJSON(w, http.StatusOK, rotationJSON(k, base))
		case len(segs) == 3:
			writeJSON(w, http.StatusOK, keyBundle(k, base))
		default:
			writeError(w, http.StatusNotFound, "NotFound", "not emulated")
		}
	}
}

func (e *Emulator) key(vault, name string) (Key, bool) {
	for _, k := range e.sc.Keys {
		if strings.EqualFold(k.Vault, vault) && strings.EqualFold(k.Name, name) {
			return k, true
		}
	}
	return Key{}, false
}

func unixOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func attributes(enabled bool, created, nbf, exp time.Time) map[string]any {
	a := map[string]any{"enabled": enabled, "recoveryLevel": "Recoverable", "recoverableDays": 90}
	if v := unixOrNil(created); v != nil {
		a["created"], a["updated"] = v, v
	}
	if v := unixOrNil(nbf); v != nil {
		a["nbf"] = v
	}
	if v := unixOrNil(exp); v != nil {
		a["exp"] = v
	}
	return a
}

func currentVersion(k Key) string {
	if len(k.Versions) > 0 {
		return k.Versions[0].ID
	}
	return "0000000000000000000000000000000a"
}

func keyBundle(k Key, base string) map[string]any {
	kty := orDefault(k.Kty, "RSA")
	bits := k.Bits
	if bits == 0 {
		bits = 2048
	}
	jwk := map[string]any{"kid": base + "/" + currentVersion(k), "kty": kty, "key_ops": []string{"wrapKey", "unwrapKey"}}
	if strings.HasPrefix(kty, "RSA") {
		n := make([]byte, bits/8)
		_, _ = rand.Read(n)
		n[0] |= 0x80
		jwk["n"] = base64.RawURLEncoding.EncodeToString(n)
		jwk["e"] = "AQAB"
	} else {
		jwk["crv"] = "P-256"
	}
	return map[string]any{"key": jwk, "attributes": attributes(!k.Disabled, k.Created, k.NotBefore, k.Expires), "tags": map[string]string{}}
}

func (e *Emulator) keyVersions(w http.ResponseWriter, r *http.Request, k Key, base string) {
	const pageSize = 2
	start, _ := strconv.Atoi(r.URL.Query().Get("$skiptoken"))
	if start < 0 || start > len(k.Versions) {
		start = 0
	}
	end := min(start+pageSize, len(k.Versions))
	items := make([]any, 0, end-start)
	for _, v := range k.Versions[start:end] {
		items = append(items, map[string]any{"kid": base + "/" + v.ID, "attributes": attributes(!v.Disabled, v.Created, time.Time{}, time.Time{})})
	}
	body := map[string]any{"value": items, "nextLink": nil}
	if end < len(k.Versions) {
		q := url.Values{"api-version": {r.URL.Query().Get("api-version")}, "$skiptoken": {strconv.Itoa(end)}}
		body["nextLink"] = strings.TrimSuffix(e.VaultURI(k.Vault), "/") + r.URL.Path + "?" + q.Encode()
	}
	writeJSON(w, http.StatusOK, body)
}

func rotationJSON(k Key, base string) map[string]any {
	actions := []any{}
	attrs := map[string]any{}
	if rp := k.Rotation; rp != nil {
		if rp.RotateAfterCreate != "" {
			actions = append(actions, map[string]any{"trigger": map[string]string{"timeAfterCreate": rp.RotateAfterCreate}, "action": map[string]string{"type": "Rotate"}})
		}
		if rp.RotateBeforeExpiry != "" {
			actions = append(actions, map[string]any{"trigger": map[string]string{"timeBeforeExpiry": rp.RotateBeforeExpiry}, "action": map[string]string{"type": "Rotate"}})
		}
		if rp.NotifyBeforeExpiry != "" {
			actions = append(actions, map[string]any{"trigger": map[string]string{"timeBeforeExpiry": rp.NotifyBeforeExpiry}, "action": map[string]string{"type": "Notify"}})
		}
		if rp.ExpiryTime != "" {
			attrs["expiryTime"] = rp.ExpiryTime
		}
	}
	return map[string]any{"id": base + "/rotationpolicy", "lifetimeActions": actions, "attributes": attrs}
}
