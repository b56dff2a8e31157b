package assess

import (
	"slices"
	"strings"
	"testing"
)

// TestTLSProbeEachOutcome: a host shared by two environments is probed
// once and names both; a legacy handshake accepted or a modern one failed
// raises its signal on the host and on every environment behind it; probes
// not collected leave nothing probed; a failed probe is "not verified".
func TestTLSProbeEachOutcome(t *testing.T) {
	shared := func(mod func(*TLSProbe)) func(*Facts) {
		return func(f *Facts) {
			secondChain(f)
			p := *f.Environments[0].TLS
			mod(&p)
			f.Environments[0].TLS = &p
			q := p
			f.Environments[1].TLS = &q
		}
	}
	ids := func(ss []Subject) []string {
		var out []string
		for _, s := range ss {
			out = append(out, string(s.Kind)+":"+s.ID)
		}
		return out
	}
	both := []string{"host:" + testHost, "environment:env-hr", "environment:env-two"}

	f := healthyFacts()
	shared(func(p *TLSProbe) { p.LegacyRefused = false })(f)
	o := runNamed(t, "tls-endpoints", f, nil)
	if got := ids(o.Signals["tls-legacy-accepted"]); !slices.Equal(got, both) {
		t.Errorf("legacy accepted: %v, want %v", got, both)
	}
	if len(o.Affected) != 1 || o.Affected[0].Detail != "accepted a TLS 1.1 handshake; serves Contoso HR (europe), Two (europe)" {
		t.Errorf("legacy accepted, affected %+v", o.Affected)
	}
	if len(o.Signals["tls-modern-failed"]) != 0 {
		t.Error("legacy accepted raised tls-modern-failed")
	}

	f = healthyFacts()
	shared(func(p *TLSProbe) { p.ModernOK = false })(f)
	o = runNamed(t, "tls-endpoints", f, nil)
	if got := ids(o.Signals["tls-modern-failed"]); !slices.Equal(got, both) {
		t.Errorf("modern failed: %v, want %v", got, both)
	}
	if !strings.HasPrefix(o.Summary, "TLS probes found problems: "+testHost+" (no TLS 1.2 or 1.3 handshake succeeded; serves Contoso HR (europe), Two (europe))") {
		t.Errorf("modern failed summary %q", o.Summary)
	}

	f = healthyFacts()
	shared(func(p *TLSProbe) { p.Provenance = Provenance{Status: StatusNotCollected} })(f)
	o = runNamed(t, "tls-endpoints", f, nil)
	if o.Status != StatusNotCollected || o.Summary != "No Dataverse host was probed for TLS." {
		t.Errorf("not collected: %s %q", o.Status, o.Summary)
	}

	f = healthyFacts()
	shared(func(p *TLSProbe) { p.Provenance = deniedProv() })(f)
	o = runNamed(t, "tls-endpoints", f, nil)
	if o.Status != StatusNotPermitted || o.Reason != "TLS probe of "+testHost+" (Contoso HR (europe), Two (europe)): not permitted" {
		t.Errorf("denied: %s %q", o.Status, o.Reason)
	}
	if got := ids(o.Unverified); !slices.Equal(got, both) {
		t.Errorf("denied, unverified %v", got)
	}

	f = healthyFacts()
	f.Environments[0].TLS = nil
	o = runNamed(t, "tls-endpoints", f, nil)
	if o.Status != StatusNotCollected {
		t.Errorf("no probe: %s", o.Status)
	}
}
