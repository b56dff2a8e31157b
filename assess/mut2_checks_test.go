package assess

import (
	"strings"
	"testing"
)

// Checks at the edges their doc comments name. Each case runs the check
// from the table on the healthy test tenant with one change.

func runNamed(t *testing.T, name string, f *Facts, answers Answers) Observation {
	t.Helper()
	def, ok := lookupCheck(name)
	if !ok {
		t.Fatalf("no check %s", name)
	}
	return runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Answers: answers, Now: testNow, Hosting: mustBank(t).AIHosting})
}

// TestResidencyNeedsOneRequiredGeo: residency applies only to an RS-01
// answered with exactly one geography other than "no-requirement".
func TestResidencyNeedsOneRequiredGeo(t *testing.T) {
	for name, a := range map[string]Answers{
		"no answer":      nil,
		"not sure":       {"RS-01": {State: AnswerUnsure, Values: []string{"europe"}}},
		"two values":     {"RS-01": answered("europe", "uk")},
		"no requirement": {"RS-01": answered("no-requirement")},
	} {
		if o := runNamed(t, "residency", healthyFacts(), a); o.Status != StatusNotApplicable {
			t.Errorf("%s: status %s, want not applicable", name, o.Status)
		}
	}
	if o := runNamed(t, "residency", healthyFacts(), Answers{"RS-01": answered("europe")}); o.Status != StatusOK {
		t.Errorf("europe: status %s", o.Status)
	}
}

// TestResidencyHomeGeo: the tenant's home geo counts when it was read and
// is known; outside the required geo it raises home-geo-outside.
func TestResidencyHomeGeo(t *testing.T) {
	uk := Answers{"RS-01": answered("uk")}
	cases := []struct {
		name string
		mod  func(*Facts)
		want bool
	}{
		{"home geo europe, uk required", nil, true},
		{"home geo unknown", func(f *Facts) { f.Tenant.HomeGeo = "" }, false},
		{"home geo not read", func(f *Facts) { f.Tenant.Provenance = deniedProv() }, false},
		{"home geo uk", func(f *Facts) { f.Tenant.HomeGeo = "UnitedKingdom" }, false},
	}
	for _, c := range cases {
		f := healthyFacts()
		if c.mod != nil {
			c.mod(f)
		}
		o := runNamed(t, "residency", f, uk)
		if got := len(o.Signals["home-geo-outside"]) > 0; got != c.want {
			t.Errorf("%s: home-geo-outside %v, want %v", c.name, got, c.want)
		}
	}
}

// TestCrossGeoSummaryDatedOnlyWhenItApplies: the hosting table's date is
// added to a summary the check produced, not to a not-applicable one.
func TestCrossGeoSummaryDatedOnlyWhenItApplies(t *testing.T) {
	o := runNamed(t, "ai-cross-geo", &Facts{SchemaVersion: 1, Tenant: Tenant{Provenance: okProv()}}, nil)
	if o.Status != StatusNotApplicable || strings.Contains(o.Summary, "Processing locations") {
		t.Errorf("no environments: %s %q", o.Status, o.Summary)
	}
	f := healthyFacts()
	f.Environments[0].AI.CrossGeoMovement = new(true)
	o = runNamed(t, "ai-cross-geo", f, nil)
	if strings.Count(o.Summary, "AI hosting table, May 2025 revision, 2025-05-30") != 1 {
		t.Errorf("cross-geo on: the summary should name the table's revision once: %q", o.Summary)
	}
}

// TestTenantAISettingsEachSwitch: each sharing switch alone is named.
func TestTenantAISettingsEachSwitch(t *testing.T) {
	cases := []struct {
		name    string
		sharing *bool
		noMeta  *bool
		summary string
	}{
		{"model data sharing", new(true), new(true), "Tenant settings share Copilot data with Microsoft: model data sharing is on: Microsoft may read Power Automate Copilot inputs and outputs"},
		{"prompt sharing", new(false), new(false), "Tenant settings share Copilot data with Microsoft: users may share their prompts with Microsoft when giving feedback on Copilot in Power Apps"},
		{"both", new(true), new(false), "Tenant settings share Copilot data with Microsoft: model data sharing is on: Microsoft may read Power Automate Copilot inputs and outputs; users may share their prompts with Microsoft when giving feedback on Copilot in Power Apps"},
		{"not returned", nil, nil, "Tenant settings do not share Copilot prompts or data with Microsoft."},
	}
	for _, c := range cases {
		f := healthyFacts()
		f.Tenant.Settings.EnableModelDataSharing, f.Tenant.Settings.DisableCopilotFeedbackMetadata = c.sharing, c.noMeta
		if o := runNamed(t, "tenant-ai-settings", f, nil); o.Summary != c.summary {
			t.Errorf("%s:\n got %q\nwant %q", c.name, o.Summary, c.summary)
		}
	}
	f := healthyFacts()
	f.Tenant.Settings.Provenance = Provenance{}
	if o := runNamed(t, "tenant-ai-settings", f, nil); o.Status != StatusNotCollected || o.Summary != "Tenant settings could not be read: tenant settings: not collected" {
		t.Errorf("not collected: %s %q", o.Status, o.Summary)
	}
}

// TestUnreadableEnvironmentListOnlyForEmptyScope: a check with nothing in
// scope becomes "not verified" when the environment list could not be
// read; a check that applies, or that found environments, keeps its status.
func TestUnreadableEnvironmentListOnlyForEmptyScope(t *testing.T) {
	denied := func(f *Facts) {
		f.Checks = append(f.Checks, CheckRun{Name: CheckRunEnvironments, Provenance: deniedProv()})
	}
	f := healthyFacts()
	f.Environments = nil
	denied(f)
	if o := runNamed(t, "tenant-ai-settings", f, nil); o.Status != StatusOK {
		t.Errorf("tenant settings, no environments: %s, want ok (they do not depend on the list)", o.Status)
	}
	if o := runNamed(t, "cmk-linkage", f, nil); o.Status != StatusNotPermitted || !strings.HasPrefix(o.Summary, "Not verified: the environment list could not be read (") {
		t.Errorf("cmk linkage, no environments: %s %q", o.Status, o.Summary)
	}
	f = healthyFacts()
	f.Environments[0].CMK, f.Environments[0].KeyManagedBy = nil, "Microsoft"
	denied(f)
	if o := runNamed(t, "nonprod-keys", f, nil); o.Status != StatusNotApplicable {
		t.Errorf("nonprod keys, environments in scope: %s, want not applicable", o.Status)
	}
	f = healthyFacts()
	f.Environments = nil
	f.Checks = append(f.Checks, CheckRun{Name: CheckRunEnvironments, Provenance: Provenance{Status: StatusNotApplicable}})
	if o := runNamed(t, "cmk-linkage", f, nil); o.Status != StatusNotApplicable {
		t.Errorf("environment list not applicable: %s", o.Status)
	}
}

// TestGeoHelpers: a Europe requirement takes the European geos; a region
// maps to its geo by prefix, spaces and case ignored.
func TestGeoHelpers(t *testing.T) {
	for _, c := range []struct {
		have, req string
		want      bool
	}{
		{"europe", "europe", true}, {"France", "europe", true}, {"poland", "europe", true}, {"uk", "europe", false},
		{"europe", "france", false}, {"gb", "uk", true}, {"", "europe", false},
	} {
		if got := geoWithin(c.have, c.req); got != c.want {
			t.Errorf("geoWithin(%q, %q) = %v", c.have, c.req, got)
		}
	}
	for region, want := range map[string]string{"West Europe": "europe", "usgovvirginia": "usgov", "UK South": "uk", "eastus2": "unitedstates", "brazilsouth": "southamerica", "centralindia": "india"} {
		if got, ok := azureRegionGeo(region); !ok || got != want {
			t.Errorf("azureRegionGeo(%q) = %q %v, want %q", region, got, ok, want)
		}
	}
	if got, ok := azureRegionGeo("mars"); ok || got != "" {
		t.Errorf("mars: %q %v", got, ok)
	}
	for _, c := range []struct {
		b    *bool
		want string
	}{{nil, "not returned"}, {new(true), "on"}, {new(false), "off"}} {
		if got := boolText(c.b); got != c.want {
			t.Errorf("boolText: %q", got)
		}
	}
}
