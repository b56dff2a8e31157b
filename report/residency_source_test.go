package report

import (
	"testing"

	"github.com/ppwaf/se06/assess"
)

// TestCMKPolicyNotFoundNeverReadsLinked: an environment linked to a policy
// Azure cannot find shows the 404, not the link's "Linked".
func TestCMKPolicyNotFoundNeverReadsLinked(t *testing.T) {
	const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.PowerPlatform/enterprisePolicies/ep-gone"
	e := assess.Environment{ID: "e1", CMK: &assess.CMKLink{ResourceID: id, LinkStatus: "Linked"}}
	f := &assess.Facts{Policies: []assess.EnterprisePolicy{{ID: id, Name: "ep-gone", Provenance: assess.Provenance{Source: "ARM", Status: assess.StatusNotFound, Reason: "HTTP 404"}}}}
	if got := cmkPolicy(f, e); got != "ep-gone: policy not found (not found: HTTP 404)" {
		t.Errorf("got %q", got)
	}
	f.Policies[0].Provenance.Status, f.Policies[0].State = assess.StatusOK, "Enabled"
	if got := cmkPolicy(f, e); got != "ep-gone: Linked (Enabled)" {
		t.Errorf("readable policy: %q", got)
	}
}

// TestSourceFamilyOncePerAPI: key requests to different vaults and keys are
// one source in the evidence appendix.
func TestSourceFamilyOncePerAPI(t *testing.T) {
	for _, src := range []string{"Key Vault kv-a: GET /keys/cmk-a (7.4)", "Key Vault kv-b: GET /keys/cmk-b (7.4)"} {
		if got := assess.SourceFamily(src); got != "Key Vault GET /keys/{name} (7.4) on each key's own vault" {
			t.Errorf("%s: %q", src, got)
		}
	}
	if got := assess.SourceFamily("Key Vault kv-a: GET /keys/cmk-a/rotationpolicy (7.4)"); got != "Key Vault GET /keys/{name}/rotationpolicy (7.4) on each key's own vault" {
		t.Errorf("rotation: %q", got)
	}
}
