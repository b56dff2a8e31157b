package report

import (
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// The residency and key map's words, pinned case by case. Every expectation
// is written out by hand from the column's meaning (docs/report.md, the
// function's comment), never computed by the code under test.

var (
	m2OK     = assess.Provenance{Source: "BAP", Status: assess.StatusOK}
	m2Denied = assess.Provenance{Source: "BAP", Status: assess.StatusNotPermitted, Reason: "needs admin"}
)

// m2Hosting is a two-row AI hosting table written for these tests: France
// processes in geo, Canada elsewhere.
func m2Hosting() *assess.AIHostingTable {
	return &assess.AIHostingTable{
		Title: "t", Source: "https://learn.example/ai", Revision: "2025-05-30", RevisionName: "May 2025 revision", Bing: "United States",
		Rows: []assess.AIHostingRow{
			{Geos: []string{"france"}, OpenAI: "France Central", InGeo: true},
			{Geos: []string{"canada"}, OpenAI: "United States"},
		},
	}
}

func TestMut2YesNoAndSetting(t *testing.T) {
	if yesNo(true) != "Yes" || yesNo(false) != "No" {
		t.Errorf("yesNo(true), yesNo(false) = %q, %q", yesNo(true), yesNo(false))
	}
	for _, c := range []struct {
		name string
		b    *bool
		p    assess.Provenance
		want string
	}{
		{"on", ptr(true), m2OK, "ON"},
		{"off", ptr(false), m2OK, "OFF"},
		{"on though unreadable", ptr(true), m2Denied, "ON"},
		{"missing, read fine", nil, m2OK, "not returned"},
		{"missing, no status", nil, assess.Provenance{}, "not returned"},
		{"missing, not permitted", nil, m2Denied, "Unknown"},
		{"missing, error", nil, assess.Provenance{Status: assess.StatusError}, "Unknown"},
	} {
		if got := setting(c.b, "ON", "OFF", c.p); got != c.want {
			t.Errorf("%s: setting = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestMut2EnvGeo(t *testing.T) {
	for _, c := range []struct{ geo, region, want string }{
		{"unitedstates", "eastus", "United States / East US"},
		{"europe", "", "Europe"},
		{"", "", "-"},
		{"", "westeurope", "- / West Europe"},
		{"mars", "olympus", "mars / olympus"},
	} {
		if got := envGeo(assess.Environment{Geo: c.geo, Region: c.region}); got != c.want {
			t.Errorf("envGeo(%q, %q) = %q, want %q", c.geo, c.region, got, c.want)
		}
	}
}

func TestMut2AIRegionAndLeavesGeo(t *testing.T) {
	tab := m2Hosting()
	for _, c := range []struct {
		name   string
		geo    string
		move   *bool
		want   string
		leaves bool
	}{
		{"no geo", "", ptr(true), "unknown (no geo)", false},
		{"in geo, movement on", "france", ptr(true), "In geo: France Central", false},
		{"in geo, movement unknown", "france", nil, "In geo: France Central", false},
		{"out of geo, movement off", "canada", ptr(false), "Stays in geo (movement off); if allowed: United States", false},
		{"out of geo, movement on", "canada", ptr(true), "United States", true},
		{"out of geo, movement unknown", "canada", nil, "United States (if allowed)", false},
	} {
		e := assess.Environment{Geo: c.geo, AI: assess.AISettings{Provenance: m2OK, CrossGeoMovement: c.move}}
		if got := aiRegion(tab, e); got != c.want {
			t.Errorf("%s: aiRegion = %q, want %q", c.name, got, c.want)
		}
		if got := aiLeavesGeo(tab, e); got != c.leaves {
			t.Errorf("%s: aiLeavesGeo = %v, want %v", c.name, got, c.leaves)
		}
	}
}

func TestMut2CrossGeoSetting(t *testing.T) {
	for _, c := range []struct {
		name string
		geo  string
		move *bool
		p    assess.Provenance
		want string
	}{
		{"US, not returned", "unitedstates", nil, m2OK, "Not shown (in region)"},
		{"US government alias, not returned", "GCC", nil, m2OK, "Not shown (in region)"},
		{"usgov, not returned", "usgov", nil, m2OK, "Not shown (in region)"},
		{"US, returned on", "unitedstates", ptr(true), m2OK, "Allowed"},
		{"US, returned off", "unitedstates", ptr(false), m2OK, "Off"},
		{"Europe, not returned", "europe", nil, m2OK, "not returned"},
		{"Europe, unreadable", "europe", nil, m2Denied, "Unknown"},
		{"Europe, on", "europe", ptr(true), m2OK, "Allowed"},
	} {
		e := assess.Environment{Geo: c.geo, AI: assess.AISettings{Provenance: c.p, CrossGeoMovement: c.move}}
		if got := crossGeoSetting(e); got != c.want {
			t.Errorf("%s: crossGeoSetting = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestMut2KeyManagedBy(t *testing.T) {
	for _, c := range []struct {
		p    assess.Provenance
		by   string
		want string
	}{
		{m2OK, "customer", "Customer"},
		{m2OK, "Customer", "Customer"},
		{m2OK, "MICROSOFT", "Microsoft"},
		{m2OK, "", "Microsoft"},
		{assess.Provenance{}, "Customer", "Customer"},
		{m2OK, "Partner", "Partner"},
		{m2Denied, "Customer", "unknown (not permitted: needs admin)"},
	} {
		if got := keyManagedBy(assess.Environment{Provenance: c.p, KeyManagedBy: c.by}); got != c.want {
			t.Errorf("keyManagedBy(%v, %q) = %q, want %q", c.p.Status, c.by, got, c.want)
		}
	}
}

func TestMut2CMKPolicy(t *testing.T) {
	const pid = "/subscriptions/s/providers/Microsoft.PowerPlatform/enterprisePolicies/pol-a"
	f := func(ps ...assess.EnterprisePolicy) *assess.Facts { return &assess.Facts{Policies: ps} }
	for _, c := range []struct {
		name  string
		facts *assess.Facts
		cmk   *assess.CMKLink
		want  string
	}{
		{"no link", f(), nil, "none"},
		{"link, policy not read", f(), &assess.CMKLink{ResourceID: pid, LinkStatus: "Linked"}, "pol-a: Linked"},
		{"link without status", f(), &assess.CMKLink{ResourceID: pid}, "pol-a: linked"},
		{"policy ID only", f(), &assess.CMKLink{PolicyID: "guid-1", LinkStatus: "Linked"}, "guid-1: Linked"},
		{"nothing named", f(), &assess.CMKLink{LinkStatus: "Linked"}, "policy: Linked"},
		{"state and health", f(assess.EnterprisePolicy{Provenance: m2OK, ID: pid, State: "Enabled", Health: "Healthy"}),
			&assess.CMKLink{ResourceID: pid, LinkStatus: "Linked"}, "pol-a: Linked (Enabled, Healthy)"},
		{"state only", f(assess.EnterprisePolicy{Provenance: m2OK, ID: pid, State: "Enabled"}),
			&assess.CMKLink{ResourceID: pid, LinkStatus: "Linked"}, "pol-a: Linked (Enabled)"},
		{"health only", f(assess.EnterprisePolicy{Provenance: m2OK, ID: pid, Health: "Warning"}),
			&assess.CMKLink{ResourceID: pid, LinkStatus: "Linked"}, "pol-a: Linked (Warning)"},
		{"policy read, nothing to add", f(assess.EnterprisePolicy{Provenance: m2OK, ID: pid}),
			&assess.CMKLink{ResourceID: pid, LinkStatus: "Linked"}, "pol-a: Linked"},
		{"policy not found", f(assess.EnterprisePolicy{Provenance: assess.Provenance{Status: assess.StatusNotFound, Reason: "404"}, ID: pid, State: "Enabled"}),
			&assess.CMKLink{ResourceID: pid, LinkStatus: "Linked"}, "pol-a: policy not found (not found: 404)"},
		{"policy unreadable is not 'not found'", f(assess.EnterprisePolicy{Provenance: m2Denied, ID: pid, State: "Enabled"}),
			&assess.CMKLink{ResourceID: pid, LinkStatus: "Linked"}, "pol-a: Linked (Enabled)"},
	} {
		if got := cmkPolicy(c.facts, assess.Environment{CMK: c.cmk}); got != c.want {
			t.Errorf("%s: cmkPolicy = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestMut2LastSegmentAndVaultName(t *testing.T) {
	for in, want := range map[string]string{
		"/a/b/kv-1": "kv-1", "/a/b/kv-1/": "kv-1", "kv-2": "kv-2", "": "", "/x": "x",
	} {
		if got := lastSegment(in); got != want {
			t.Errorf("lastSegment(%q) = %q, want %q", in, got, want)
		}
	}
	facts := &assess.Facts{Vaults: []assess.Vault{{ID: "/v/kv-1", Name: "Vault One"}, {ID: "/v/kv-2"}}}
	for id, want := range map[string]string{"/v/kv-1": "Vault One", "/V/KV-1": "Vault One", "/v/kv-2": "kv-2", "/v/kv-9": "kv-9"} {
		if got := vaultName(facts, id); got != want {
			t.Errorf("vaultName(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestMut2TLSResult(t *testing.T) {
	for _, c := range []struct {
		name string
		e    assess.Environment
		want string
		ok   bool
	}{
		{"no Dataverse", assess.Environment{}, "no Dataverse", true},
		{"Dataverse not probed", assess.Environment{HasDataverse: true}, "not probed", true},
		{"probe not permitted", assess.Environment{HasDataverse: true, TLS: &assess.TLSProbe{Provenance: m2Denied}}, "not permitted: needs admin", true},
		{"probe without status, legacy accepted", assess.Environment{HasDataverse: true, TLS: &assess.TLSProbe{ModernOK: true}}, "accepts TLS 1.1 or older", false},
		{"probe without Dataverse flag still shown", assess.Environment{TLS: &assess.TLSProbe{Provenance: m2OK, LegacyRefused: true, ModernOK: true}}, "TLS 1.2+ only", true},
		{"legacy accepted", assess.Environment{HasDataverse: true, TLS: &assess.TLSProbe{Provenance: m2OK, ModernOK: true}}, "accepts TLS 1.1 or older", false},
		{"modern failed", assess.Environment{HasDataverse: true, TLS: &assess.TLSProbe{Provenance: m2OK, LegacyRefused: true}}, "TLS 1.2 handshake failed", false},
		{"good with version", assess.Environment{HasDataverse: true, TLS: &assess.TLSProbe{Provenance: m2OK, LegacyRefused: true, ModernOK: true, Version: "TLS 1.3"}}, "TLS 1.2+ only (TLS 1.3)", true},
	} {
		got, ok := tlsResult(c.e)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: tlsResult = %q, %v; want %q, %v", c.name, got, ok, c.want, c.ok)
		}
	}
	if parenIf("") != "" || parenIf("x") != " (x)" {
		t.Errorf("parenIf: %q %q", parenIf(""), parenIf("x"))
	}
}

func TestMut2VaultNetwork(t *testing.T) {
	for _, c := range []struct {
		v    assess.Vault
		want string
	}{
		{assess.Vault{PublicNetworkAccess: "Disabled"}, "Private only"},
		{assess.Vault{PublicNetworkAccess: "disabled", PrivateEndpoints: 1}, "Private only (1 private endpoints)"},
		{assess.Vault{PublicNetworkAccess: "Disabled", PrivateEndpoints: 3, DefaultAction: "Allow"}, "Private only (3 private endpoints)"},
		{assess.Vault{PublicNetworkAccess: "Enabled", DefaultAction: "Deny"}, "Firewall (default deny)"},
		{assess.Vault{DefaultAction: "deny", Bypass: "AzureServices"}, "Firewall (default deny, bypass AzureServices)"},
		{assess.Vault{}, "not returned"},
		{assess.Vault{PublicNetworkAccess: "Enabled"}, "Public (all networks)"},
		{assess.Vault{DefaultAction: "Allow"}, "Public (all networks)"},
	} {
		if got := vaultNetwork(c.v); got != c.want {
			t.Errorf("vaultNetwork(%+v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestMut2VaultPurge(t *testing.T) {
	for _, c := range []struct {
		v    assess.Vault
		want string
		ok   bool
	}{
		{assess.Vault{PurgeProtection: true, SoftDelete: ptr(true), RetentionDays: 90}, "On (soft delete on, 90 days)", true},
		{assess.Vault{PurgeProtection: true, RetentionDays: 1}, "On (soft delete on, 1 days)", true},
		{assess.Vault{PurgeProtection: true}, "On (soft delete on)", true},
		{assess.Vault{PurgeProtection: true, SoftDelete: ptr(false), RetentionDays: 7}, "On (soft delete OFF, 7 days)", true},
		{assess.Vault{SoftDelete: ptr(false)}, "Off (soft delete OFF)", false},
		{assess.Vault{SoftDelete: ptr(true)}, "Off (soft delete on)", false},
		{assess.Vault{}, "Off (soft delete on)", false},
	} {
		got, ok := vaultPurge(c.v)
		if got != c.want || ok != c.ok {
			t.Errorf("vaultPurge(%+v) = %q, %v; want %q, %v", c.v, got, ok, c.want, c.ok)
		}
	}
}

func TestMut2KeyTypeSize(t *testing.T) {
	for _, c := range []struct {
		k    assess.Key
		want string
	}{
		{assess.Key{Type: "RSA-HSM", Size: 3072, Enabled: true}, "RSA-HSM 3072"},
		{assess.Key{Type: "RSA", Size: 1, Enabled: true}, "RSA 1"},
		{assess.Key{Type: "EC", Enabled: true}, "EC"},
		{assess.Key{Enabled: true}, "?"},
		{assess.Key{Type: "RSA", Size: 2048}, "RSA 2048, disabled"},
	} {
		if got := keyTypeSize(c.k); got != c.want {
			t.Errorf("keyTypeSize(%+v) = %q, want %q", c.k, got, c.want)
		}
	}
}

func TestMut2KeyExpiry(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	day := 24 * time.Hour
	for _, c := range []struct {
		name string
		exp  *time.Time
		want string
		col  color
	}{
		{"none", nil, "no expiry set", colMedium},
		{"a day ago", at(-day), "2026-11-26 (expired)", colHigh},
		// int() truncates toward zero: 12 hours ago is day 0, not yet "expired".
		{"12 hours ago", at(-12 * time.Hour), "2026-11-27 (in 0 days)", colMedium},
		{"now", at(0), "2026-11-27 (in 0 days)", colMedium},
		{"in 1 day", at(day), "2026-11-28 (in 1 days)", colMedium},
		{"in 30 days", at(30 * day), "2026-12-27 (in 30 days)", colMedium},
		{"in 31 days", at(31 * day), "2026-12-28", 0},
		{"in a year", at(365 * day), "2027-11-27", 0},
	} {
		got, col := keyExpiry(assess.Key{Expires: c.exp}, now)
		if got != c.want || col != c.col {
			t.Errorf("%s: keyExpiry = %q, %06x; want %q, %06x", c.name, got, col, c.want, c.col)
		}
	}
}

func TestMut2KeyRotation(t *testing.T) {
	for _, c := range []struct {
		name string
		k    assess.Key
		want string
		ok   bool
	}{
		{"no policy", assess.Key{}, "no rotation policy", false},
		{"no policy, read fine", assess.Key{RotationProvenance: &m2OK}, "no rotation policy", false},
		{"policy unreadable", assess.Key{RotationProvenance: &m2Denied}, "unknown (not permitted: needs admin)", true},
		{"notify only", assess.Key{Rotation: &assess.RotationPolicy{ExpiryTime: "P1Y"}}, "notify only, no automatic rotation", false},
		{"after creation", assess.Key{Rotation: &assess.RotationPolicy{RotateAfterCreate: "P90D"}}, "Automatic, 90 days after creation", true},
		{"before expiry", assess.Key{Rotation: &assess.RotationPolicy{RotateBeforeExpiry: "P30D"}}, "Automatic, 30 days before expiry", true},
		{"both", assess.Key{Rotation: &assess.RotationPolicy{RotateAfterCreate: "P1Y", RotateBeforeExpiry: "P1M"}}, "Automatic, 1 year after creation, 1 month before expiry", true},
	} {
		got, ok := keyRotation(c.k)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: keyRotation = %q, %v; want %q, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestMut2ISODuration(t *testing.T) {
	for in, want := range map[string]string{
		"P90D":   "90 days",
		"P1D":    "1 day",
		"P1Y":    "1 year",
		"P2Y":    "2 years",
		"P1M":    "1 month",
		"P3W":    "3 weeks",
		"p1y6m":  "1 year 6 months",
		"P0D":    "0 days",
		"P":      "P",
		"":       "",
		"90D":    "90D",
		"PT12H":  "PT12H",
		"PD":     "PD",
		"P1X":    "P1X",
		"P1":     "P1",
		"P10D1Y": "10 days 1 year",
	} {
		if got := isoDuration(in); got != want {
			t.Errorf("isoDuration(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMut2AIHostingCaption(t *testing.T) {
	if got := aiHostingCaption(nil); got != "AI processing regions are unknown: this result carries no AI hosting table." {
		t.Errorf("caption without a table = %q", got)
	}
	want := "AI processing region follows Microsoft's table of where generative AI features are hosted (May 2025 revision, 2025-05-30, https://learn.example/ai); it applies when \"Move data across regions\" is allowed."
	if got := aiHostingCaption(m2Hosting()); got != want {
		t.Errorf("caption = %q\nwant      %q", got, want)
	}
}
