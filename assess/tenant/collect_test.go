package tenant

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestCollectSample runs the real ClientSecretCredential and azcore pipeline
// against the emulator's sample tenant and checks every fact.
func TestCollectSample(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	log := &syncBuffer{}
	opts.Debug = log
	var progress []Progress
	f, err := Collect(context.Background(), opts, func(p Progress) { progress = append(progress, p) })
	if err != nil {
		t.Fatal(err)
	}

	// run metadata
	if f.SchemaVersion != assess.FactsSchemaVersion || f.ToolVersion != "test" || f.Cloud != "emulator" || f.TenantID != emu.TenantID() {
		t.Errorf("metadata: schema %d tool %q cloud %q tenant %q", f.SchemaVersion, f.ToolVersion, f.Cloud, f.TenantID)
	}
	if f.Identity != "app "+emu.ClientID() {
		t.Errorf("identity = %q", f.Identity)
	}
	if f.Started.IsZero() || f.Finished.Before(f.Started) {
		t.Errorf("started %v finished %v", f.Started, f.Finished)
	}

	// tenant and tenant settings
	if !f.Tenant.Provenance.OK() || f.Tenant.HomeGeo != "europe" || f.Tenant.DefaultEnvGeo != "europe" || f.Tenant.DataBoundary != "eu" {
		t.Errorf("tenant = %+v", f.Tenant)
	}
	st := f.Tenant.Settings
	if !st.Provenance.OK() || !boolIs(st.DisableCopilot, false) || !boolIs(st.PowerAutomateDisableCopilot, false) ||
		!boolIs(st.PowerAutomateCopilotWithBing, true) || !boolIs(st.EnableModelDataSharing, false) ||
		!boolIs(st.DisableDataLogging, true) || !boolIs(st.DisableCopilotFeedbackMetadata, true) ||
		st.PreferredEnvironmentLocation != "europe" || !boolIs(st.EnvironmentCreationAdminsOnly, true) {
		t.Errorf("tenant settings = %+v", st)
	}

	// environments: all pages, in order
	if len(f.Environments) != 8 || f.Environments[0].ID != "env-prod-eu" || f.Environments[7].ID != "env-gone-policy" {
		t.Fatalf("got %d environments", len(f.Environments))
	}
	eu := findEnv(t, f, "env-prod-eu")
	if eu.Name != "Contoso Prod EU" || eu.Type != assess.EnvProduction || eu.Geo != "europe" || eu.Region != "westeurope" ||
		!eu.Managed || eu.ProtectionLevel != "Standard" || eu.RuntimeState != "Enabled" || eu.KeyManagedBy != "Customer" ||
		!eu.CMK.Linked() || eu.CMK.ResourceID != tenanttest.SamplePolicyID("ep-eu") || eu.CMK.PolicyID != "ep-eu" ||
		!strings.HasPrefix(eu.CMK.SystemID, "/regions/europe/") || eu.CMK.Location != "europe" ||
		!eu.HasDataverse || eu.DataverseURL == "" || eu.DataverseAPI == "" {
		t.Errorf("env-prod-eu = %+v", eu)
	}
	if !eu.AI.Provenance.OK() || !boolIs(eu.AI.CrossGeoMovement, true) || !boolIs(eu.AI.CrossBoundaryFlex, false) || !boolIs(eu.AI.BingSearch, true) || !boolIs(eu.AI.M365Services, false) {
		t.Errorf("env-prod-eu AI = %+v", eu.AI)
	}
	if eu.TLS == nil || !eu.TLS.Provenance.OK() || !eu.TLS.LegacyRefused || eu.TLS.LegacyError == "" || !eu.TLS.ModernOK || !strings.HasPrefix(eu.TLS.Version, "TLS 1.") || eu.TLS.CipherSuite == "" {
		t.Errorf("env-prod-eu TLS = %+v", eu.TLS)
	}
	us := findEnv(t, f, "env-prod-us")
	if us.TLS == nil || us.TLS.LegacyRefused || !us.TLS.ModernOK || us.TLS.LegacyVersion != "TLS 1.1" {
		t.Errorf("env-prod-us (accepts TLS 1.1) TLS = %+v", us.TLS)
	}
	mm := findEnv(t, f, "env-mismatch")
	if mm.KeyManagedBy != "Microsoft" || !mm.CMK.Linked() {
		t.Errorf("mismatch must be kept raw: keyManagedBy %q, link %+v", mm.KeyManagedBy, mm.CMK)
	}
	basic := findEnv(t, f, "env-basic-cmk")
	if basic.Managed || basic.ProtectionLevel != "Basic" || basic.Type != assess.EnvSandbox || !basic.CMK.Linked() {
		t.Errorf("env-basic-cmk = %+v", basic)
	}
	if eu.VNetPolicy == nil || eu.VNetPolicy.ResourceID != tenanttest.SamplePolicyID("ep-vnet-eu") || eu.VNetPolicy.LinkStatus != "Linked" {
		t.Errorf("env-prod-eu vnet policy = %+v", eu.VNetPolicy)
	}
	nodv := findEnv(t, f, "env-nodv")
	if nodv.HasDataverse || nodv.TLS != nil || nodv.RuntimeState != "AdminMode" || nodv.CMK != nil {
		t.Errorf("env-nodv = %+v", nodv)
	}
	def := findEnv(t, f, "Default-tenant")
	if !def.IsDefault || def.Type != assess.EnvDefault {
		t.Errorf("default env = %+v", def)
	}
	if gone := findEnv(t, f, "env-gone-policy"); gone.CMK == nil || gone.CMK.LinkStatus != "Failed" || gone.CMK.Linked() {
		t.Errorf("env-gone-policy link = %+v", gone.CMK)
	}

	// enterprise policies: read, forbidden (role named), gone
	pol, ok := f.Policy(tenanttest.SamplePolicyID("ep-us"))
	if !ok || !pol.Provenance.OK() || pol.Kind != "Encryption" || pol.Location != "unitedstates" || pol.State != "Enabled" ||
		pol.Health != "Warning" || pol.VaultID != tenanttest.SampleVaultID("kv-us") || pol.KeyName != "cmk-us" || pol.KeyVersion != "v1" ||
		pol.PrincipalID != "p-us" || pol.SystemID == "" || pol.Name != "ep-us" {
		t.Errorf("ep-us = %+v", pol)
	}
	if p, _ := f.Policy(tenanttest.SamplePolicyID("ep-secret")); p.Provenance.Status != assess.StatusNotPermitted || !strings.Contains(p.Provenance.Reason, "Reader on the enterprise policy") {
		t.Errorf("ep-secret provenance = %+v", p.Provenance)
	}
	if p, _ := f.Policy(tenanttest.SamplePolicyID("ep-deleted")); p.Provenance.Status != assess.StatusNotFound {
		t.Errorf("ep-deleted provenance = %+v", p.Provenance)
	}
	if len(f.Policies) != 5 {
		t.Errorf("%d policies, want 5 (ep-eu is linked twice but read once)", len(f.Policies))
	}
	if n := emu.Count("arm", "/enterprisePolicies/ep-eu"); n != 1 {
		t.Errorf("ep-eu read %d times, want 1", n)
	}

	// vaults
	kvus, _ := f.Vault(tenanttest.SampleVaultID("kv-us"))
	if !kvus.Provenance.OK() || kvus.PurgeProtection || kvus.SoftDelete != nil || kvus.RetentionDays != 7 || kvus.RBAC ||
		kvus.PublicNetworkAccess != "Disabled" || kvus.Bypass != "None" || kvus.DefaultAction != "Deny" || kvus.SKU != "standard" || kvus.URI == "" {
		t.Errorf("kv-us = %+v", kvus)
	}
	kveu, _ := f.Vault(tenanttest.SampleVaultID("kv-eu"))
	if !kveu.PurgeProtection || !boolIs(kveu.SoftDelete, true) || !kveu.RBAC || kveu.RetentionDays != 90 || kveu.SKU != "premium" {
		t.Errorf("kv-eu = %+v", kveu)
	}
	if kveu.Name != "kv-eu" || kveu.Location != "westeurope" || !strings.HasPrefix(kveu.URI, "https://127.0.0.1:") {
		t.Errorf("kv-eu name %q location %q uri %q", kveu.Name, kveu.Location, kveu.URI)
	}
	if kvde, _ := f.Vault(tenanttest.SampleVaultID("kv-de")); kvde.PrivateEndpoints != 1 {
		t.Errorf("kv-de private endpoints = %d", kvde.PrivateEndpoints)
	}

	// keys: size from the modulus, dates, versions (paged), rotation
	k := findKey(t, f, "kv-eu", "cmk-eu")
	if !k.Provenance.OK() || k.Type != "RSA" || k.Size != 3072 || !k.Enabled || k.ID == "" {
		t.Errorf("cmk-eu = %+v", k)
	}
	if k.Expires == nil || !k.Expires.Equal(fixedNow.Add(10*24*time.Hour).Truncate(time.Second)) || k.NotBefore == nil || k.Created == nil {
		t.Errorf("cmk-eu dates: exp %v nbf %v created %v", k.Expires, k.NotBefore, k.Created)
	}
	if len(k.Versions) != 3 || k.EnabledVersions != 2 || k.Versions[0].Version != "v3" || k.Versions[2].Enabled {
		t.Errorf("cmk-eu versions = %+v (enabled %d)", k.Versions, k.EnabledVersions)
	}
	if k.Rotation == nil || k.Rotation.RotateAfterCreate != "P90D" || k.Rotation.NotifyBeforeExpiry != "P30D" || k.Rotation.ExpiryTime != "P1Y" || !k.Rotation.Rotates() || !k.RotationProvenance.OK() {
		t.Errorf("cmk-eu rotation = %+v %+v", k.Rotation, k.RotationProvenance)
	}
	kus := findKey(t, f, "kv-us", "cmk-us")
	if kus.Type != "RSA-HSM" || kus.Size != 2048 || kus.Expires == nil || !kus.Expires.Before(fixedNow) || kus.Rotation.Rotates() {
		t.Errorf("cmk-us = %+v rotation %+v", kus, kus.Rotation)
	}
	kde := findKey(t, f, "kv-de", "cmk-de")
	if kde.Provenance.Status != assess.StatusNotPermitted || !strings.Contains(kde.Provenance.Reason, "Key Vault Reader") {
		t.Errorf("cmk-de provenance = %+v", kde.Provenance)
	}
	// vault URLs read from ARM get their token without a challenge round trip
	for _, r := range emu.Requests() {
		if r.Service == "keyvault" && (!r.Auth || r.Status == 401) {
			t.Errorf("key vault request %s without a token or refused: %d", r.Path, r.Status)
		}
	}
	// checks and progress
	for _, name := range []string{CheckSignIn, CheckTenant, CheckTenantSettings, CheckEnvironments, CheckPolicies, CheckVaults, CheckKeys, CheckTLS} {
		if _, ok := checkRun(f, name); !ok {
			t.Errorf("check %s not recorded", name)
		}
	}
	if c, _ := checkRun(f, CheckPolicies); c.Provenance.Status != assess.StatusNotPermitted {
		t.Errorf("policies check = %+v", c.Provenance)
	}
	states := map[string]int{}
	for _, p := range progress {
		states[p.State]++
		if p.Done > p.Total {
			t.Errorf("progress %+v: done > total", p)
		}
	}
	if states[StateRunning] == 0 || states[StateDone] == 0 || states[StateNotPermitted] == 0 {
		t.Errorf("progress states = %v", states)
	}

	// read-only, and no secret anywhere
	if v := emu.Violations(); len(v) > 0 {
		t.Errorf("write calls: %v", v)
	}
	data, err := MarshalSnapshot(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := assess.ParseFacts(data, "snapshot"); err != nil {
		t.Errorf("snapshot does not load: %v", err)
	}
	if !strings.Contains(log.String(), "Authorization: [redacted]") || !strings.Contains(log.String(), "POST ") {
		t.Errorf("debug log lacks requests:\n%s", log.String())
	}
	assertNoSecrets(t, emu, map[string]string{"snapshot": string(data), "debug log": log.String()})
}

func TestCollectPagingStyles(t *testing.T) {
	for _, style := range []string{"nextLink", "@odata.nextLink", "alternate"} {
		t.Run(style, func(t *testing.T) {
			sc := tenanttest.Large(25, 0, 0, 0, fixedNow)
			sc.PageSize = 4
			sc.NextLinkStyle = style
			emu, opts := startEmulator(t, sc)
			opts.NoTLSProbe = true
			f, err := Collect(context.Background(), opts, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Environments) != 25 {
				t.Errorf("%d environments, want 25", len(f.Environments))
			}
			if n := emu.Count("bap", "/scopes/admin/environments"); n != 7 {
				t.Errorf("%d environment pages fetched, want 7", n)
			}
			for _, r := range emu.Requests() {
				if r.Service == "bap" && strings.HasSuffix(r.Path, "/environments") && !strings.Contains(r.Query, "copilotPolicies") {
					t.Errorf("page request without $expand=properties/copilotPolicies: %s", r.Query)
				}
			}
		})
	}
}

func TestCollectSubscriptionPolicies(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.Faults = sc.Faults[1:] // allow the subscription list
	sc.ARMPageSize = 2
	emu, opts := startEmulator(t, sc)
	opts.Subscriptions = []string{tenanttest.SampleSubscription}
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := f.Policy(tenanttest.SamplePolicyID("ep-unlinked"))
	if !ok || !p.Provenance.OK() || p.State != "Disabled" || p.VaultID != tenanttest.SampleVaultID("kv-locked") {
		t.Errorf("unlinked policy = %+v (found %v)", p, ok)
	}
	if _, ok := f.Vault(tenanttest.SampleVaultID("kv-locked")); !ok {
		t.Error("the unlinked policy's vault was not read")
	}
	if k := findKey(t, f, "kv-locked", "cmk-x"); !k.Provenance.OK() {
		t.Errorf("cmk-x = %+v", k.Provenance)
	}
	if n := emu.Count("arm", "/subscriptions/"+tenanttest.SampleSubscription+"/providers/Microsoft.PowerPlatform/enterprisePolicies"); n != 3 {
		t.Errorf("%d subscription list pages, want 3", n)
	}
	if c, ok := checkRun(f, CheckSubscriptionPolicies); !ok || !c.Provenance.OK() {
		t.Errorf("subscription check = %+v", c)
	}
	// a policy both listed and linked from an environment is recorded once
	n := 0
	for _, p := range f.Policies {
		if strings.EqualFold(p.ID, tenanttest.SamplePolicyID("ep-us")) {
			n++
		}
	}
	if n != 1 || emu.Count("arm", "/enterprisePolicies/ep-us") > 1 {
		t.Errorf("ep-us recorded %d times, fetched by ID %d times", n, emu.Count("arm", "/enterprisePolicies/ep-us"))
	}
}

func TestCollectNoTLSProbe(t *testing.T) {
	_, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := findEnv(t, f, "env-prod-eu")
	if e.TLS == nil || e.TLS.Provenance.Status != assess.StatusNotCollected {
		t.Errorf("TLS = %+v", e.TLS)
	}
	if c, _ := checkRun(f, CheckTLS); c.Provenance.Status != assess.StatusNotCollected {
		t.Errorf("tls check = %+v", c.Provenance)
	}
}

// TestCollectPolicyListBatching: linked policies are read from their
// subscription's list (one call) instead of one GET each; only what is
// linked is kept.
func TestCollectPolicyListBatching(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.Faults = sc.Faults[1:]
	emu, opts := startEmulator(t, sc)
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := emu.Count("arm", "/providers/Microsoft.PowerPlatform/enterprisePolicies/"); n != 1 {
		t.Errorf("%d policy GETs by ID, want 1 (ep-deleted, not in the list)", n)
	}
	if _, ok := f.Policy(tenanttest.SamplePolicyID("ep-unlinked")); ok {
		t.Error("an unlinked policy was kept without --subscription")
	}
	p, _ := f.Policy(tenanttest.SamplePolicyID("ep-us"))
	if !p.Provenance.OK() || !strings.Contains(p.Provenance.Source, "list") || p.KeyVersion != "v1" || p.VaultID == "" {
		t.Errorf("ep-us = %+v", p)
	}
	if p, _ := f.Policy(tenanttest.SamplePolicyID("ep-deleted")); p.Provenance.Status != assess.StatusNotFound {
		t.Errorf("ep-deleted = %+v", p.Provenance)
	}
	if len(f.Policies) != 5 || len(f.Vaults) != 3 || len(f.Keys) != 3 {
		t.Errorf("%d policies, %d vaults, %d keys", len(f.Policies), len(f.Vaults), len(f.Keys))
	}
	if _, ok := checkRun(f, CheckSubscriptionPolicies); ok {
		t.Error("an implicit list shows as the --subscription check")
	}
}

// TestCollectWithoutCopilotPolicies: if BAP leaves copilotPolicies out
// (whether it always honours $expand is unconfirmed), the AI facts say so
// instead of reading as "off".
func TestCollectWithoutCopilotPolicies(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.IgnoreExpand = true
	_, opts := startEmulator(t, sc)
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := findEnv(t, f, "env-prod-eu")
	if e.AI.Provenance.Status != assess.StatusNotFound || e.AI.CrossGeoMovement != nil || !boolIs(e.AI.BingSearch, true) {
		t.Errorf("AI = %+v", e.AI)
	}
}
