package tenant

import (
	_ "embed"
	"fmt"
	"time"

	"github.com/ppwaf/se06/assess"
)

// demoSnapshot is the fictional Fabrikam tenant: twelve environments in six
// geos, customer- and Microsoft-managed keys, one keyManagedBy/link
// mismatch (Finance EU), one vault without purge protection (kv-fab-asia),
// one key expiring twelve days after the snapshot (cmk-asia), AI data
// movement across geos on in a European environment, and a 403 on one
// vault (kv-fab-uk). It was taken at demoEpoch.
//
//go:embed demo/fabrikam.json
var demoSnapshot []byte

// demoEpoch is when the demo snapshot was "taken"; Demo moves every date by
// now − demoEpoch so that "expires in 12 days" stays true.
func demoEpoch() time.Time { return time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC) }

// Demo returns the embedded demo tenant with its dates moved so the
// snapshot looks taken at now (a zero now keeps the original dates).
func Demo(now time.Time) (*assess.Facts, error) {
	f, err := assess.ParseFacts(demoSnapshot, "demo tenant")
	if err != nil {
		return nil, fmt.Errorf("demo tenant: %w", err)
	}
	f.Demo = true
	if !now.IsZero() {
		shiftFacts(f, now.UTC().Truncate(time.Second).Sub(demoEpoch()))
	}
	return f, nil
}

// shiftFacts moves every date in f by d.
func shiftFacts(f *assess.Facts, d time.Duration) {
	at := func(t *time.Time) {
		if !t.IsZero() {
			*t = t.Add(d)
		}
	}
	ptr := func(t *time.Time) {
		if t != nil {
			at(t)
		}
	}
	at(&f.Started)
	at(&f.Finished)
	at(&f.Tenant.Provenance.At)
	at(&f.Tenant.Settings.Provenance.At)
	for i := range f.Environments {
		e := &f.Environments[i]
		at(&e.Provenance.At)
		at(&e.AI.Provenance.At)
		if e.TLS != nil {
			at(&e.TLS.Provenance.At)
		}
	}
	for i := range f.Policies {
		at(&f.Policies[i].Provenance.At)
	}
	for i := range f.Vaults {
		at(&f.Vaults[i].Provenance.At)
	}
	for i := range f.Keys {
		k := &f.Keys[i]
		at(&k.Provenance.At)
		ptr(k.Expires)
		ptr(k.NotBefore)
		ptr(k.Created)
		for j := range k.Versions {
			ptr(k.Versions[j].Created)
		}
		if k.RotationProvenance != nil {
			at(&k.RotationProvenance.At)
		}
	}
	for i := range f.Checks {
		at(&f.Checks[i].Provenance.At)
	}
}
