package tenant

import (
	"context"
	"testing"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestNegativeMaxRetriesTurnsRetriesOff: Options says "0 means the
// defaults (3 retries ...), a negative MaxRetries turns retries off". One
// 429 on the tenant read is retried by default and read; with
// MaxRetries -1 it is not retried and the tenant is not read.
func TestNegativeMaxRetriesTurnsRetriesOff(t *testing.T) {
	for _, c := range []struct {
		retries int
		read    bool
	}{{0, true}, {-1, false}} {
		sc := tenanttest.Sample(fixedNow)
		sc.Faults = []tenanttest.Fault{{Service: "bap", PathContains: "/tenant", Status: 429, Times: 1}}
		_, opts := startEmulator(t, sc)
		opts.NoTLSProbe = true
		opts.MaxRetries = c.retries
		f, err := Collect(context.Background(), opts, nil)
		if err != nil {
			t.Fatalf("MaxRetries %d: %v", c.retries, err)
		}
		if got := f.Tenant.Provenance.Status == assess.StatusOK; got != c.read {
			t.Errorf("MaxRetries %d: tenant read %v (%s: %s), want %v", c.retries, got, f.Tenant.Provenance.Status, f.Tenant.Provenance.Reason, c.read)
		}
	}
}
