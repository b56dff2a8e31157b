package tenant

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// Key Vault answers (wire contract §Key Vault data plane: JWK with n for
// RSA, crv for EC; attributes in Unix seconds; rotation policy
// lifetimeActions rotate/notify).

func TestMut2KeySizes(t *testing.T) {
	modulus := func(bytes int, top byte) string {
		b := make([]byte, bytes)
		b[0] = top
		b[len(b)-1] = 1
		return base64.RawURLEncoding.EncodeToString(b)
	}
	for _, c := range []struct {
		name string
		n    string
		want int
	}{
		{"2048-bit modulus", modulus(256, 0xc1), 2048},
		{"3072-bit modulus", modulus(384, 0x80), 3072},
		{"leading zero bits round up", modulus(256, 0x01), 2048},
		{"a leading zero byte is dropped", modulus(257, 0x00), 8},
		{"padded standard base64", base64.StdEncoding.EncodeToString(append([]byte{0xff}, make([]byte, 255)...)), 2048},
		{"not base64", "***", 0},
	} {
		var d keyBundleDTO
		d.Key.KTY, d.Key.N = "RSA", c.n
		if got := applyKey(d); got != c.want {
			t.Errorf("%s: size %d, want %d", c.name, got, c.want)
		}
	}
	for crv, want := range map[string]int{"P-256": 256, "p-256k": 256, "P-384": 384, "P-521": 521, "X25519": 0, "": 0} {
		var d keyBundleDTO
		d.Key.KTY, d.Key.Crv = "EC", crv
		if got := applyKey(d); got != want {
			t.Errorf("curve %q: %d, want %d", crv, got, want)
		}
	}
	for in, want := range map[int]int{0: 0, 1: 8, 8: 8, 9: 16, 2047: 2048, 2048: 2048} {
		if got := roundBits(in); got != want {
			t.Errorf("roundBits(%d) = %d, want %d", in, got, want)
		}
	}
}

func applyKey(d keyBundleDTO) int { return keyFromBundle(d).Size }

func keyFromBundle(d keyBundleDTO) assess.Key {
	var k assess.Key
	d.apply(&k)
	return k
}

func TestMut2KeyAttributes(t *testing.T) {
	d := decode[keyBundleDTO](t, `{"key":{"kid":"https://kv.test/keys/k/v1","kty":"RSA-HSM","n":"AQAB"},
		"attributes":{"enabled":false,"nbf":1700000000,"exp":1800000000,"created":1600000000}}`)
	k := keyFromBundle(d)
	if k.ID != "https://kv.test/keys/k/v1" || k.Type != "RSA-HSM" || k.Enabled || k.Size != 24 {
		t.Errorf("key %+v", k)
	}
	for name, got := range map[string]*time.Time{"nbf": k.NotBefore, "exp": k.Expires, "created": k.Created} {
		want := map[string]int64{"nbf": 1700000000, "exp": 1800000000, "created": 1600000000}[name]
		if got == nil || got.Unix() != want || got.Location() != time.UTC {
			t.Errorf("%s = %v, want %d UTC", name, got, want)
		}
	}
	k = keyFromBundle(decode[keyBundleDTO](t, `{"key":{"kty":"EC","crv":"P-384"},"attributes":{}}`))
	if !k.Enabled || k.Expires != nil || k.NotBefore != nil || k.Created != nil {
		t.Errorf("no attributes: enabled by default, no dates: %+v", k)
	}
	k = keyFromBundle(decode[keyBundleDTO](t, `{"key":{"kty":"EC","crv":"P-384"},"attributes":{"enabled":true}}`))
	if !k.Enabled {
		t.Error("enabled:true read as disabled")
	}
}

func TestMut2RotationPolicy(t *testing.T) {
	d := decode[rotationPolicyDTO](t, `{"lifetimeActions":[
		{"trigger":{"timeAfterCreate":"P90D"},"action":{"type":"Rotate"}},
		{"trigger":{"timeBeforeExpiry":"P30D"},"action":{"type":"rotate"}},
		{"trigger":{"timeBeforeExpiry":"P10D"},"action":{"type":"Notify"}},
		{"trigger":{"timeAfterCreate":"P1D"},"action":{"type":"other"}}],
		"attributes":{"expiryTime":"P1Y"}}`)
	r := d.toPolicy()
	if r.RotateAfterCreate != "P90D" || r.RotateBeforeExpiry != "P30D" || r.NotifyBeforeExpiry != "P10D" || r.ExpiryTime != "P1Y" {
		t.Errorf("policy %+v", r)
	}
	// a later rotate action without a trigger value keeps the earlier one
	d = decode[rotationPolicyDTO](t, `{"lifetimeActions":[
		{"trigger":{"timeAfterCreate":"P90D","timeBeforeExpiry":"P20D"},"action":{"type":"Rotate"}},
		{"trigger":{},"action":{"type":"Rotate"}}]}`)
	if r := d.toPolicy(); r.RotateAfterCreate != "P90D" || r.RotateBeforeExpiry != "P20D" || r.ExpiryTime != "" {
		t.Errorf("policy %+v", r)
	}
	if r := (rotationPolicyDTO{}).toPolicy(); r == nil || *r != (assess.RotationPolicy{}) {
		t.Errorf("empty policy %+v", r)
	}
	if got := kvURL("https://kv.test/", "/keys/k"); got != "https://kv.test/keys/k?api-version=7.4" {
		t.Errorf("kvURL = %q", got)
	}
	if unixTime(nil) != nil {
		t.Error("unixTime(nil)")
	}
}
