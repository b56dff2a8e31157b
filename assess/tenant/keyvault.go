package tenant

import (
	"context"
	"encoding/base64"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/ppwaf/se06/assess"
)

const kvAPIVersion = "7.4"

func kvURL(vaultURI, path string) string {
	base := strings.TrimSuffix(vaultURI, "/")
	return base + path + "?" + url.Values{"api-version": {kvAPIVersion}}.Encode()
}

type kvAttributes struct {
	Enabled *bool  `json:"enabled"`
	NBF     *int64 `json:"nbf"`
	Exp     *int64 `json:"exp"`
	Created *int64 `json:"created"`
	Updated *int64 `json:"updated"`
}

type keyBundleDTO struct {
	Key struct {
		KID string `json:"kid"`
		KTY string `json:"kty"`
		N   string `json:"n"`
		Crv string `json:"crv"`
	} `json:"key"`
	Attributes kvAttributes `json:"attributes"`
}

type keyItemDTO struct {
	KID        string       `json:"kid"`
	Attributes kvAttributes `json:"attributes"`
}

type rotationPolicyDTO struct {
	LifetimeActions []struct {
		Trigger struct {
			TimeAfterCreate  string `json:"timeAfterCreate"`
			TimeBeforeExpiry string `json:"timeBeforeExpiry"`
		} `json:"trigger"`
		Action struct {
			Type string `json:"type"`
		} `json:"action"`
	} `json:"lifetimeActions"`
	Attributes struct {
		ExpiryTime string `json:"expiryTime"`
	} `json:"attributes"`
}

func unixTime(p *int64) *time.Time {
	if p == nil {
		return nil
	}
	t := time.Unix(*p, 0).UTC()
	return &t
}

// modulusBits is the RSA key size: the data plane gives no size field, so it
// is 8 × the length of the decoded modulus (leading zero bytes dropped).
func modulusBits(n string) int {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(n, "="))
	if err != nil {
		if b, err = base64.StdEncoding.DecodeString(n); err != nil {
			return 0
		}
	}
	return new(big.Int).SetBytes(b).BitLen()
}

func curveBits(crv string) int {
	switch strings.ToUpper(crv) {
	case "P-256", "P-256K":
		return 256
	case "P-384":
		return 384
	case "P-521":
		return 521
	}
	return 0
}

func (d keyBundleDTO) apply(k *assess.Key) {
	k.ID = d.Key.KID
	k.Type = d.Key.KTY
	if d.Key.N != "" {
		k.Size = roundBits(modulusBits(d.Key.N))
	} else {
		k.Size = curveBits(d.Key.Crv)
	}
	k.Enabled = d.Attributes.Enabled == nil || *d.Attributes.Enabled
	k.Expires = unixTime(d.Attributes.Exp)
	k.NotBefore = unixTime(d.Attributes.NBF)
	k.Created = unixTime(d.Attributes.Created)
}

// roundBits rounds a modulus bit length up to a whole byte (a 2048-bit
// modulus may start with zero bits when decoded without its top byte).
func roundBits(b int) int { return (b + 7) / 8 * 8 }

func (d rotationPolicyDTO) toPolicy() *assess.RotationPolicy {
	r := &assess.RotationPolicy{ExpiryTime: d.Attributes.ExpiryTime}
	for _, a := range d.LifetimeActions {
		switch strings.ToLower(a.Action.Type) {
		case "rotate":
			if a.Trigger.TimeAfterCreate != "" {
				r.RotateAfterCreate = a.Trigger.TimeAfterCreate
			}
			if a.Trigger.TimeBeforeExpiry != "" {
				r.RotateBeforeExpiry = a.Trigger.TimeBeforeExpiry
			}
		case "notify":
			r.NotifyBeforeExpiry = a.Trigger.TimeBeforeExpiry
		}
	}
	return r
}

func readKey(ctx context.Context, pl runtime.Pipeline, vaultURI, name string) (keyBundleDTO, error) {
	var d keyBundleDTO
	err := call(ctx, pl, http.MethodGet, kvURL(vaultURI, "/keys/"+url.PathEscape(name)), &d)
	return d, err
}

func readKeyVersions(ctx context.Context, pl runtime.Pipeline, vaultURI, name string) ([]assess.KeyVersion, error) {
	var out []assess.KeyVersion
	err := listPages(ctx, pl, kvURL(vaultURI, "/keys/"+url.PathEscape(name)+"/versions"), func(items []keyItemDTO) error {
		for _, it := range items {
			out = append(out, assess.KeyVersion{
				Version: lastSegment(it.KID),
				Enabled: it.Attributes.Enabled == nil || *it.Attributes.Enabled,
				Created: unixTime(it.Attributes.Created),
			})
		}
		return nil
	})
	return out, err
}

func readRotationPolicy(ctx context.Context, pl runtime.Pipeline, vaultURI, name string) (*assess.RotationPolicy, error) {
	var d rotationPolicyDTO
	if err := call(ctx, pl, http.MethodGet, kvURL(vaultURI, "/keys/"+url.PathEscape(name)+"/rotationpolicy"), &d); err != nil {
		return nil, err
	}
	return d.toPolicy(), nil
}
