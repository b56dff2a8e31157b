package tenant

import (
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

func TestDemo(t *testing.T) {
	now := time.Date(2027, 6, 1, 12, 0, 0, 0, time.UTC)
	f, err := Demo(now)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Demo || len(f.Environments) != 12 {
		t.Fatalf("demo: Demo=%v, %d environments; want true, 12", f.Demo, len(f.Environments))
	}
	if !f.Started.Equal(now) {
		t.Errorf("Started = %v, want %v", f.Started, now)
	}
	geos := map[string]bool{}
	var cmk, mmk, mismatch, euMovement int
	for _, e := range f.Environments {
		geos[e.Geo] = true
		customer := strings.EqualFold(e.KeyManagedBy, "Customer")
		switch {
		case customer && e.CMK.Linked():
			cmk++
		case !customer && e.CMK.Linked():
			mismatch++
		default:
			mmk++
		}
		if e.Geo == "europe" && e.AI.CrossGeoMovement != nil && *e.AI.CrossGeoMovement {
			euMovement++
		}
	}
	if len(geos) < 4 || cmk == 0 || mmk == 0 || mismatch != 1 || euMovement == 0 {
		t.Errorf("geos %d, cmk %d, mmk %d, mismatch %d, EU AI movement %d", len(geos), cmk, mmk, mismatch, euMovement)
	}
	var noPurge, forbidden int
	for _, v := range f.Vaults {
		if v.Provenance.Status == assess.StatusNotPermitted {
			forbidden++
		} else if !v.PurgeProtection {
			noPurge++
		}
	}
	if noPurge != 1 || forbidden != 1 {
		t.Errorf("vaults without purge protection %d, not permitted %d; want 1, 1", noPurge, forbidden)
	}
	soon := 0
	for _, k := range f.Keys {
		if k.Expires != nil && k.Expires.After(now) && k.Expires.Before(now.Add(30*24*time.Hour)) {
			soon++
		}
		for _, v := range k.Versions {
			if v.Created != nil && v.Created.After(now) {
				t.Errorf("key %s version created in the future: %v", k.Name, v.Created)
			}
		}
	}
	if soon != 1 {
		t.Errorf("%d keys expire within 30 days of now, want 1", soon)
	}
	// the snapshot round-trips through the file format
	data, err := MarshalSnapshot(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := assess.ParseFacts(data, "demo"); err != nil {
		t.Fatal(err)
	}
	if zero, _ := Demo(time.Time{}); !zero.Started.Equal(demoEpoch()) {
		t.Errorf("Demo(zero) Started = %v, want the epoch", zero.Started)
	}
}
