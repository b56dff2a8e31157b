package report

import (
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// The residency and key map's pages: what each cell says and which cells
// are flagged in red (high), amber (medium) or green, by hand from
// docs/report.md and the columns' meaning.

func m2ResidencyFacts() *assess.Facts {
	ok := assess.Provenance{Source: "BAP", Status: assess.StatusOK}
	const pol = "/subscriptions/s/providers/Microsoft.PowerPlatform/enterprisePolicies/pol-a"
	exp := testNow.AddDate(0, 0, 10)
	return &assess.Facts{
		Tenant: assess.Tenant{HomeGeo: "europe", DataBoundary: "eu", Settings: assess.TenantSettings{PreferredEnvironmentLocation: "france"}},
		Environments: []assess.Environment{
			{Provenance: ok, ID: "e1", Name: "ProdEnv", Type: "Production", IsDefault: true, Geo: "canada", Region: "canadacentral", Managed: true, KeyManagedBy: "Customer",
				CMK: &assess.CMKLink{ResourceID: pol, LinkStatus: "Linked"}, HasDataverse: true,
				AI:  assess.AISettings{Provenance: ok, CrossGeoMovement: ptr(true), BingSearch: ptr(false)},
				TLS: &assess.TLSProbe{Provenance: ok, LegacyRefused: false, ModernOK: true}},
			{Provenance: ok, ID: "e2", Name: "DefEnv", Type: assess.EnvDefault, IsDefault: true, Geo: "france", KeyManagedBy: "Microsoft",
				CMK: &assess.CMKLink{ResourceID: "/x/enterprisePolicies/gone", LinkStatus: "Linked"},
				AI:  assess.AISettings{Provenance: ok, CrossGeoMovement: ptr(false), BingSearch: ptr(true)},
				TLS: &assess.TLSProbe{Provenance: ok, LegacyRefused: true, ModernOK: true}, HasDataverse: true, VNetPolicy: &assess.PolicyLink{ResourceID: strings.ToUpper(pol)}},
			{Provenance: ok, ID: "e3", Name: "", Geo: "canada", AI: assess.AISettings{Provenance: ok}},
		},
		Policies: []assess.EnterprisePolicy{
			{Provenance: ok, ID: pol, Name: "", Kind: "Encryption", Location: "europe", State: "Enabled", Health: "Healthy", VaultID: "/v/kv-1", KeyName: "pp-cmk", KeyVersion: "123456789"},
			{Provenance: ok, ID: "/p/pol-b", Name: "PolB", Kind: "NetworkInjection", Health: "Warning", KeyVersion: "12345678"},
			{Provenance: ok, ID: "/p/pol-c", Name: "PolC", Health: "unhealthy", VaultID: "/v/kv-1", KeyName: "k", KeyVersion: "12345678"},
			{Provenance: ok, ID: "/p/pol-d", Name: "PolD", Health: "odd"},
		},
		Vaults: []assess.Vault{
			{Provenance: ok, ID: "/v/kv-1", Name: "kv-one", Location: "westeurope", PurgeProtection: false, PublicNetworkAccess: "Disabled"},
			{Provenance: assess.Provenance{Status: assess.StatusNotPermitted, Reason: "needs Reader"}, ID: "/v/kv-2", Name: "kv-two", PurgeProtection: false},
			{Provenance: ok, ID: "/v/kv-3", Name: "kv-three", PurgeProtection: true, SoftDelete: ptr(true)},
		},
		Keys: []assess.Key{
			{Provenance: ok, VaultID: "/V/KV-1", Name: "pp-cmk", Type: "RSA-HSM", Size: 3072, Enabled: true, Expires: &exp},
			{Provenance: assess.Provenance{Status: assess.StatusNotPermitted, Reason: "no get"}, VaultID: "/v/kv-1", Name: "k-unread", Enabled: true,
				Rotation: &assess.RotationPolicy{RotateBeforeExpiry: "P30D"}},
			{Provenance: ok, VaultID: "/v/kv-9", Name: "orphan", Type: "RSA", Enabled: true},
		},
	}
}

func TestMut2ResidencyDrawn(t *testing.T) {
	in := demoInput(t)
	m := mustModel(t, in)
	m.facts = m2ResidencyFacts()
	m.res = &assess.Result{AIHosting: m2Hosting(), Scope: []string{"e1"}}
	m.now = testNow
	runs := m2Runs(t, func(d *doc) { residency(d, m) })
	var all []string
	for _, r := range runs {
		all = append(all, r.text)
	}
	text := squash(strings.Join(all, " "))
	for _, want := range []string{
		"3 environments, 3 key vaults, 3 keys and 4 enterprise policies were read. Tenant home geo Europe, data boundary eu, preferred environment location france.",
		"● ProdEnv", "Production (default)", "Canada / Canada Central",
		"DefEnv", "Default",
		"e3",
		"pol-a: Linked (Enabled, Healthy)",
		"gone: policy not found or not readable",
		"accepts TLS 1.1 or older",
		"kv-one / pp-cmk (12345678…)", "kv-one / k (12345678)",
		"no key read",
		"not permitted: needs Reader",
		"k-unread", "not permitted: no get",
		"orphan", "kv-9",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the map lacks %q\n%s", want, text)
		}
	}
	for _, not := range []string{"● DefEnv", "Default (default)", "pol-a: policy not found", "(123456789)", "/ k (12345678…"} {
		if strings.Contains(text, not) {
			t.Errorf("the map has %q", not)
		}
	}
	for _, c := range []struct {
		text string
		col  color
	}{
		{"Customer", colPass},
		{"accepts", colHigh},
		{"gone:", colHigh},
		{"Healthy", colPass},
		{"Warning", colMedium},
		{"unhealthy", colHigh},
		{"Off (soft delete on)", colHigh},     // kv-one: purge protection off
		{"2026-12-07", colMedium},             // pp-cmk expires in 10 days
		{"no rotation policy", colMedium},     // pp-cmk
		{"Automatic, 30 days before", colInk}, // k-unread rotates
		{"On (soft delete on)", colInk},       // kv-three
		{"Reader", colMuted},
	} {
		got, ok := m2ColorOf(runs, c.text)
		if !ok {
			t.Errorf("no text %q drawn", c.text)
			continue
		}
		if got != m2RGB(c.col) {
			t.Errorf("%q drawn in %s, want %s", c.text, got, m2RGB(c.col))
		}
	}
	// The cross-geo cell: "Allowed" in amber where prompts leave the geo
	// (Canada, movement on), "Off" in plain ink in France.
	if got, _ := m2ColorOf(runs, "Allowed"); got != m2RGB(colMedium) {
		t.Errorf("cross-geo Allowed drawn in %s, want amber", got)
	}
	if got, _ := m2ColorOf(runs, "TLS 1.2+ only"); got != m2RGB(colInk) {
		t.Errorf("a good TLS probe drawn in %s, want ink", got)
	}
	if got, _ := m2ColorOf(runs, "odd"); got != m2RGB(colInk) {
		t.Errorf("an unknown health drawn in %s, want ink", got)
	}
	if got, _ := m2ColorOf(runs, "Microsoft"); got != m2RGB(colInk) {
		t.Errorf("a Microsoft-managed key drawn in %s, want ink", got)
	}
}

func TestMut2ResidencyEdges(t *testing.T) {
	in := demoInput(t)
	m := mustModel(t, in)
	m.res = &assess.Result{}
	m.facts = nil
	if text := m2Drawn(t, func(d *doc) { residency(d, m) }); !strings.Contains(text, "No tenant facts were read, so there is no map") {
		t.Errorf("no facts:\n%s", text)
	}
	m.facts = &assess.Facts{}
	text := m2Drawn(t, func(d *doc) { residency(d, m) })
	for _, want := range []string{"0 environments, 0 key vaults, 0 keys and 0 enterprise policies were read. AI processing",
		"The tenant returned no environments.", "No key vaults were read"} {
		if !strings.Contains(text, want) {
			t.Errorf("empty tenant: lacks %q\n%s", want, text)
		}
	}
	if strings.Contains(text, "Enterprise policies") || strings.Contains(text, "No tenant facts") {
		t.Errorf("empty tenant: a policies table or the no-facts text\n%s", text)
	}
	// Only the data boundary; a key without any vault row still shows.
	m.facts = &assess.Facts{Tenant: assess.Tenant{DataBoundary: "eu"}, Keys: []assess.Key{{VaultID: "/v/kv-7", Name: "lonely", Enabled: true}}}
	text = m2Drawn(t, func(d *doc) { residency(d, m) })
	if !strings.Contains(text, "were read. Data boundary eu.") || !strings.Contains(text, "lonely") || strings.Contains(text, "No key vaults were read") {
		t.Errorf("boundary only:\n%s", text)
	}
	m.facts = &assess.Facts{Tenant: assess.Tenant{Settings: assess.TenantSettings{PreferredEnvironmentLocation: "uk"}}, Vaults: []assess.Vault{{ID: "/v/kv-8"}}}
	text = m2Drawn(t, func(d *doc) { residency(d, m) })
	if !strings.Contains(text, "were read. Preferred environment location uk.") || !strings.Contains(text, "kv-8") {
		t.Errorf("preferred location only:\n%s", text)
	}
}

func TestMut2ResidencySmallHelpers(t *testing.T) {
	for in, want := range map[string]string{"": "", "12345678": "12345678", "123456789": "12345678…", "a": "a"} {
		if got := shortVersion(in); got != want {
			t.Errorf("shortVersion(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"": "", "a": "A", "tenant home": "Tenant home", "Eu": "Eu"} {
		if got := upperFirst(in); got != want {
			t.Errorf("upperFirst(%q) = %q, want %q", in, got, want)
		}
	}
	for _, c := range []struct {
		h    string
		want cell
	}{
		{"Healthy", cell{text: "Healthy", color: colPass, bold: true}},
		{"WARNING", cell{text: "WARNING", color: colMedium, bold: true}},
		{"Unhealthy", cell{text: "Unhealthy", color: colHigh, bold: true}},
		{"", cell{text: "-"}},
		{"Unknown", cell{text: "Unknown"}},
	} {
		if got := healthCell(c.h); got != c.want {
			t.Errorf("healthCell(%q) = %+v, want %+v", c.h, got, c.want)
		}
	}
	f := &assess.Facts{Environments: []assess.Environment{
		{CMK: &assess.CMKLink{ResourceID: "/P/A"}, VNetPolicy: &assess.PolicyLink{ResourceID: "/p/b"}},
		{CMK: &assess.CMKLink{ResourceID: "/p/a"}},
		{CMK: &assess.CMKLink{}, VNetPolicy: &assess.PolicyLink{ResourceID: "/p/b"}},
		{},
	}}
	got := linkedEnvs(f)
	if len(got) != 2 || got["/p/a"] != 2 || got["/p/b"] != 2 {
		t.Errorf("linkedEnvs = %v, want /p/a: 2, /p/b: 2", got)
	}
}
