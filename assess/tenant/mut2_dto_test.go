package tenant

import (
	"encoding/json"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// The answers of the wire contract (live-check-api.md §BAP environments,
// §ARM enterprisePolicies and vaults) mapped to facts, including their
// optional parts.

func decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMut2ARMURLAndLastSegment(t *testing.T) {
	for _, c := range []struct{ endpoint, id, want string }{
		{"https://management.azure.com", "/subscriptions/s/x", "https://management.azure.com/subscriptions/s/x?api-version=V"},
		{"https://management.azure.com/", "subscriptions/s/x", "https://management.azure.com/subscriptions/s/x?api-version=V"},
		{"https://arm.test", "/a b/c", "https://arm.test/a%20b/c?api-version=V"},
	} {
		if got := armURL(c.endpoint, c.id, "V"); got != c.want {
			t.Errorf("armURL(%q, %q) = %q, want %q", c.endpoint, c.id, got, c.want)
		}
	}
	for in, want := range map[string]string{"/a/b": "b", "/a/b/": "b", "/x": "x", "x": "x", "": "", "/": ""} {
		if got := lastSegment(in); got != want {
			t.Errorf("lastSegment(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMut2PolicyMapping(t *testing.T) {
	p := assess.Provenance{Status: assess.StatusOK, Source: "S"}
	full := decode[policyDTO](t, `{"id":"/x/ep-1","name":"ep-1","kind":"Encryption","location":"europe",
		"identity":{"systemAssignedIdentityPrincipalId":"sys-id","principalId":"other"},
		"properties":{"systemId":"/regions/europe/x","healthStatus":"Warning",
		"encryption":{"state":"Enabled","keyVault":{"id":"/v/kv-1","key":{"name":"k","version":"v9"}}}}}`)
	want := assess.EnterprisePolicy{Provenance: p, ID: "/x/ep-1", Name: "ep-1", Kind: "Encryption", Location: "europe", SystemID: "/regions/europe/x",
		Health: "Warning", PrincipalID: "sys-id", State: "Enabled", VaultID: "/v/kv-1", KeyName: "k", KeyVersion: "v9"}
	if got := full.toPolicy(p); got != want {
		t.Errorf("full policy\n got  %+v\n want %+v", got, want)
	}
	for _, c := range []struct {
		body string
		want assess.EnterprisePolicy
	}{
		{`{"id":"i","identity":{"principalId":"rg-name"}}`, assess.EnterprisePolicy{Provenance: p, ID: "i", PrincipalID: "rg-name"}},
		{`{"id":"i","properties":{"encryption":{"state":"Disabled"}}}`, assess.EnterprisePolicy{Provenance: p, ID: "i", State: "Disabled"}},
		{`{"id":"i","properties":{"encryption":{"keyVault":{"id":"/v/kv"}}}}`, assess.EnterprisePolicy{Provenance: p, ID: "i", VaultID: "/v/kv"}},
	} {
		if got := decode[policyDTO](t, c.body).toPolicy(p); got != c.want {
			t.Errorf("%s\n got  %+v\n want %+v", c.body, got, c.want)
		}
	}
}

func TestMut2VaultMapping(t *testing.T) {
	d := decode[vaultDTO](t, `{"id":"/v/KV-1","name":"KV-1","location":"westeurope","properties":{"vaultUri":"https://kv-1.vault.azure.net/",
		"enableSoftDelete":true,"softDeleteRetentionInDays":90,"enablePurgeProtection":true,"enableRbacAuthorization":true,
		"publicNetworkAccess":"Disabled","networkAcls":{"bypass":"AzureServices","defaultAction":"Deny"},
		"privateEndpointConnections":[{"id":"a"},{"id":"b"}],"sku":{"name":"premium"}}}`)
	v := assess.Vault{Name: "from-id"}
	d.toVault(&v)
	tr := true
	want := assess.Vault{Name: "KV-1", Location: "westeurope", URI: "https://kv-1.vault.azure.net/", SKU: "premium", SoftDelete: &tr, PurgeProtection: true,
		RetentionDays: 90, RBAC: true, PublicNetworkAccess: "Disabled", Bypass: "AzureServices", DefaultAction: "Deny", PrivateEndpoints: 2}
	if v.Name != want.Name || v.Location != want.Location || v.URI != want.URI || v.SKU != want.SKU || v.SoftDelete == nil || !*v.SoftDelete ||
		v.PurgeProtection != want.PurgeProtection || v.RetentionDays != 90 || v.RBAC != true || v.PublicNetworkAccess != "Disabled" ||
		v.Bypass != want.Bypass || v.DefaultAction != want.DefaultAction || v.PrivateEndpoints != 2 {
		t.Errorf("full vault\n got  %+v\n want %+v", v, want)
	}
	// the optional parts absent or false: no purge protection, no RBAC, no ACLs; the name from the ID kept
	for _, body := range []string{`{"properties":{}}`, `{"properties":{"enablePurgeProtection":false,"enableRbacAuthorization":false}}`} {
		v := assess.Vault{Name: "from-id", Bypass: "x"}
		decode[vaultDTO](t, body).toVault(&v)
		if v.Name != "from-id" || v.PurgeProtection || v.RBAC || v.SoftDelete != nil || v.Bypass != "x" || v.PrivateEndpoints != 0 {
			t.Errorf("%s: %+v", body, v)
		}
	}
}

func TestMut2TenantMapping(t *testing.T) {
	var tn assess.Tenant
	applyTenant(&tn, tenantDTO{Location: "europe", DataStorageGeo: "unitedstates", DefaultEnvironmentGeo: "asia", AADDataBoundary: "eu"})
	if tn.HomeGeo != "unitedstates" || tn.DefaultEnvGeo != "asia" || tn.DataBoundary != "eu" {
		t.Errorf("tenant %+v", tn)
	}
	tn = assess.Tenant{}
	applyTenant(&tn, tenantDTO{Location: "europe"})
	if tn.HomeGeo != "europe" {
		t.Errorf("no dataStorageGeo: home %q, want the location", tn.HomeGeo)
	}
	var st assess.TenantSettings
	applyTenantSettings(&st, decode[tenantSettingsDTO](t, `{"disableEnvironmentCreationByNonAdminUsers":true,"powerPlatform":{
		"intelligence":{"disableCopilot":true,"disableCopilotFeedbackMetadata":false},
		"powerAutomate":{"disableCopilot":false,"disableCopilotWithBing":true},
		"modelExperimentation":{"enableModelDataSharing":true,"disableDataLogging":false},
		"environments":{"preferredEnvironmentLocation":"europe"}}}`))
	b := func(p *bool) string {
		if p == nil {
			return "nil"
		}
		if *p {
			return "T"
		}
		return "F"
	}
	got := b(st.EnvironmentCreationAdminsOnly) + b(st.DisableCopilot) + b(st.DisableCopilotFeedbackMetadata) + b(st.PowerAutomateDisableCopilot) +
		b(st.PowerAutomateCopilotWithBing) + b(st.EnableModelDataSharing) + b(st.DisableDataLogging) + st.PreferredEnvironmentLocation
	if got != "TTFFTTFeurope" {
		t.Errorf("settings %s", got)
	}
}

func TestMut2EnvironmentMapping(t *testing.T) {
	p := assess.Provenance{Status: assess.StatusOK, Source: "S"}
	e := decode[environmentDTO](t, `{"name":"env-1","location":"europe","properties":{"displayName":"Env One","azureRegion":"westeurope",
		"environmentSku":"Production","isDefault":true,"linkedEnvironmentMetadata":{"instanceUrl":"https://org.crm4.dynamics.com/","instanceApiUrl":"https://org.api.crm4.dynamics.com"},
		"states":{"runtime":{"id":"AdminMode"}},"protectionStatus":{"keyManagedBy":"Customer"},
		"enterprisePolicies":{"customerManagedKeys":{"policyId":"pid","location":"europe","id":"/x/ep-1","systemId":"sys","linkStatus":"Linked"},"vnets":{"systemId":"vsys"}},
		"governanceConfiguration":{"protectionLevel":"standard"},"bingChatEnabled":true,"m365Enabled":false,
		"copilotPolicies":{"crossGeoCopilotDataMovementEnabled":false,"crossBoundaryCopilotDataMovementEnabled":true}}}`).toEnvironment(p)
	if e.ID != "env-1" || e.Name != "Env One" || e.Type != "Production" || !e.IsDefault || e.Geo != "europe" || e.Region != "westeurope" ||
		e.ProtectionLevel != "standard" || !e.Managed || e.RuntimeState != "AdminMode" || e.KeyManagedBy != "Customer" ||
		!e.HasDataverse || e.DataverseURL != "https://org.crm4.dynamics.com/" || e.DataverseAPI != "https://org.api.crm4.dynamics.com" {
		t.Errorf("environment %+v", e)
	}
	if e.CMK == nil || *e.CMK != (assess.PolicyLink{PolicyID: "pid", ResourceID: "/x/ep-1", SystemID: "sys", Location: "europe", LinkStatus: "Linked"}) {
		t.Errorf("CMK link %+v", e.CMK)
	}
	if e.VNetPolicy == nil || e.VNetPolicy.SystemID != "vsys" {
		t.Errorf("VNet link %+v", e.VNetPolicy)
	}
	if e.AI.Provenance != p || e.AI.BingSearch == nil || !*e.AI.BingSearch || e.AI.M365Services == nil || *e.AI.M365Services ||
		e.AI.CrossGeoMovement == nil || *e.AI.CrossGeoMovement || e.AI.CrossBoundaryFlex == nil || !*e.AI.CrossBoundaryFlex {
		t.Errorf("AI %+v", e.AI)
	}
	// the optional parts absent
	e = decode[environmentDTO](t, `{"name":"env-2","properties":{"governanceConfiguration":{"protectionLevel":"Basic"},
		"linkedEnvironmentMetadata":{"instanceApiUrl":"https://api.only"},"enterprisePolicies":{"customerManagedKeys":{"location":"europe"}}}}`).toEnvironment(p)
	if e.Managed || !e.HasDataverse || e.DataverseURL != "" || e.CMK != nil || e.VNetPolicy != nil {
		t.Errorf("sparse environment %+v", e)
	}
	if e.AI.Provenance.Status != assess.StatusNotFound || e.AI.Provenance.Reason != "the environment list returned no copilotPolicies" || p.Status != assess.StatusOK {
		t.Errorf("no copilotPolicies: %+v", e.AI.Provenance)
	}
	e = decode[environmentDTO](t, `{"name":"env-3","properties":{"linkedEnvironmentMetadata":{"instanceUrl":"https://url.only"}}}`).toEnvironment(p)
	if !e.HasDataverse || e.DataverseURL != "https://url.only" {
		t.Errorf("instance URL only: %+v", e)
	}
	e = decode[environmentDTO](t, `{"name":"env-4","properties":{"linkedEnvironmentMetadata":{}}}`).toEnvironment(p)
	if e.HasDataverse {
		t.Error("empty Dataverse metadata counted as Dataverse")
	}
	for _, c := range []struct {
		link *policyLinkDTO
		want bool
	}{
		{nil, false}, {&policyLinkDTO{Location: "x", LinkStatus: "Linked"}, false},
		{&policyLinkDTO{ID: "i"}, true}, {&policyLinkDTO{SystemID: "s"}, true}, {&policyLinkDTO{PolicyID: "p"}, true},
	} {
		if got := c.link.link() != nil; got != c.want {
			t.Errorf("link(%+v) present = %v, want %v", c.link, got, c.want)
		}
	}
}
