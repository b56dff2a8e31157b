package tenant

import (
	"context"
	"net/http"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	azruntime "github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// TestKVChallengeRefusesANonBearerChallenge: a 401 from a vault whose
// WWW-Authenticate is not a Bearer challenge (wire contract: Key Vault
// answers an unauthenticated request with `Bearer authorization=...,
// resource=...`) is an error, and no token is asked for.
func TestKVChallengeRefusesANonBearerChallenge(t *testing.T) {
	req, err := azruntime.NewRequest(context.Background(), http.MethodGet, "https://kv-contoso.vault.azure.net/keys/k?api-version=7.4")
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"", `Basic realm="vault"`} {
		res := &http.Response{StatusCode: http.StatusUnauthorized, Header: http.Header{"Www-Authenticate": {h}}}
		asked := false
		err := newKVChallenge(false, "https://vault.azure.net/.default").onChallenge(req, res, func(policy.TokenRequestOptions) error {
			asked = true
			return nil
		})
		if err == nil || asked {
			t.Errorf("challenge %q: error %v, token asked %v; want an error and no token", h, err, asked)
		}
	}
}
