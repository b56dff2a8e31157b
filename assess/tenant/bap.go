package tenant

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/ppwaf/se06/assess"
)

// BAP admin API versions and paths (wire reference §2 and §5).
const (
	bapAPIVersion        = "2023-06-01"
	bapTenantAPIVersion  = "2021-04-01"
	bapEnvironmentsPath  = "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments"
	bapTenantPath        = "/providers/Microsoft.BusinessAppPlatform/tenant"
	bapTenantSettingPath = "/providers/Microsoft.BusinessAppPlatform/listTenantSettings"
	bapExpand            = "properties/copilotPolicies"
)

func bapURL(endpoint, path string, q url.Values) string {
	return strings.TrimSuffix(endpoint, "/") + path + "?" + q.Encode()
}

func environmentsURL(endpoint string) string {
	return bapURL(endpoint, bapEnvironmentsPath, url.Values{"api-version": {bapAPIVersion}, "$expand": {bapExpand}})
}

func sourceEnvironments() string {
	return "BAP GET " + bapEnvironmentsPath + " (" + bapAPIVersion + ", $expand=" + bapExpand + ")"
}

// tenantDTO is the BAP …/tenant answer.
type tenantDTO struct {
	TenantID              string `json:"tenantId"`
	Location              string `json:"location"`
	DataStorageGeo        string `json:"dataStorageGeo"`
	DefaultEnvironmentGeo string `json:"defaultEnvironmentGeo"`
	AADDataBoundary       string `json:"aadDataBoundary"`
}

func readTenant(ctx context.Context, pl runtime.Pipeline, endpoint string) (tenantDTO, error) {
	var t tenantDTO
	err := call(ctx, pl, http.MethodGet, bapURL(endpoint, bapTenantPath, url.Values{"api-version": {bapTenantAPIVersion}}), &t)
	return t, err
}

func applyTenant(dst *assess.Tenant, t tenantDTO) {
	dst.HomeGeo = t.DataStorageGeo
	if dst.HomeGeo == "" {
		dst.HomeGeo = t.Location
	}
	dst.DefaultEnvGeo = t.DefaultEnvironmentGeo
	dst.DataBoundary = t.AADDataBoundary
}

// tenantSettingsDTO is the SE:06-relevant part of listTenantSettings.
type tenantSettingsDTO struct {
	DisableEnvironmentCreationByNonAdminUsers *bool `json:"disableEnvironmentCreationByNonAdminUsers"`
	PowerPlatform                             struct {
		Intelligence struct {
			DisableCopilot                 *bool `json:"disableCopilot"`
			DisableCopilotFeedbackMetadata *bool `json:"disableCopilotFeedbackMetadata"`
		} `json:"intelligence"`
		PowerAutomate struct {
			DisableCopilot         *bool `json:"disableCopilot"`
			DisableCopilotWithBing *bool `json:"disableCopilotWithBing"`
		} `json:"powerAutomate"`
		ModelExperimentation struct {
			EnableModelDataSharing *bool `json:"enableModelDataSharing"`
			DisableDataLogging     *bool `json:"disableDataLogging"`
		} `json:"modelExperimentation"`
		Environments struct {
			PreferredEnvironmentLocation string `json:"preferredEnvironmentLocation"`
		} `json:"environments"`
	} `json:"powerPlatform"`
}

// readTenantSettings makes the one POST se06 sends: listTenantSettings,
// read-only, with no body.
func readTenantSettings(ctx context.Context, pl runtime.Pipeline, endpoint string) (tenantSettingsDTO, error) {
	var s tenantSettingsDTO
	err := call(ctx, pl, http.MethodPost, bapURL(endpoint, bapTenantSettingPath, url.Values{"api-version": {bapAPIVersion}}), &s)
	return s, err
}

func applyTenantSettings(dst *assess.TenantSettings, s tenantSettingsDTO) {
	pp := s.PowerPlatform
	dst.DisableCopilot = pp.Intelligence.DisableCopilot
	dst.DisableCopilotFeedbackMetadata = pp.Intelligence.DisableCopilotFeedbackMetadata
	dst.PowerAutomateDisableCopilot = pp.PowerAutomate.DisableCopilot
	dst.PowerAutomateCopilotWithBing = pp.PowerAutomate.DisableCopilotWithBing
	dst.EnableModelDataSharing = pp.ModelExperimentation.EnableModelDataSharing
	dst.DisableDataLogging = pp.ModelExperimentation.DisableDataLogging
	dst.PreferredEnvironmentLocation = pp.Environments.PreferredEnvironmentLocation
	dst.EnvironmentCreationAdminsOnly = s.DisableEnvironmentCreationByNonAdminUsers
}

// environmentDTO is one item of the BAP admin environment list.
type environmentDTO struct {
	Name       string `json:"name"`
	Location   string `json:"location"`
	Properties struct {
		DisplayName               string `json:"displayName"`
		AzureRegion               string `json:"azureRegion"`
		EnvironmentSku            string `json:"environmentSku"`
		IsDefault                 bool   `json:"isDefault"`
		LinkedEnvironmentMetadata *struct {
			InstanceURL    string `json:"instanceUrl"`
			InstanceAPIURL string `json:"instanceApiUrl"`
		} `json:"linkedEnvironmentMetadata"`
		States struct {
			Runtime struct {
				ID string `json:"id"`
			} `json:"runtime"`
		} `json:"states"`
		ProtectionStatus struct {
			KeyManagedBy string `json:"keyManagedBy"`
		} `json:"protectionStatus"`
		EnterprisePolicies struct {
			CustomerManagedKeys *policyLinkDTO `json:"customerManagedKeys"`
			VNets               *policyLinkDTO `json:"vnets"`
		} `json:"enterprisePolicies"`
		GovernanceConfiguration struct {
			ProtectionLevel string `json:"protectionLevel"`
		} `json:"governanceConfiguration"`
		BingChatEnabled *bool `json:"bingChatEnabled"`
		M365Enabled     *bool `json:"m365Enabled"`
		CopilotPolicies *struct {
			CrossGeo      *bool `json:"crossGeoCopilotDataMovementEnabled"`
			CrossBoundary *bool `json:"crossBoundaryCopilotDataMovementEnabled"`
		} `json:"copilotPolicies"`
	} `json:"properties"`
}

type policyLinkDTO struct {
	PolicyID   string `json:"policyId"`
	Location   string `json:"location"`
	ID         string `json:"id"`
	SystemID   string `json:"systemId"`
	LinkStatus string `json:"linkStatus"`
}

func (d *policyLinkDTO) link() *assess.PolicyLink {
	if d == nil || d.ID == "" && d.SystemID == "" && d.PolicyID == "" {
		return nil
	}
	return &assess.PolicyLink{PolicyID: d.PolicyID, ResourceID: d.ID, SystemID: d.SystemID, Location: d.Location, LinkStatus: d.LinkStatus}
}

// toEnvironment maps the DTO as read: keyManagedBy and the CMK link are kept
// side by side, so a mismatch stays visible to the assessment.
func (d environmentDTO) toEnvironment(p assess.Provenance) assess.Environment {
	pr := d.Properties
	e := assess.Environment{
		Provenance:      p,
		ID:              d.Name,
		Name:            pr.DisplayName,
		Type:            pr.EnvironmentSku,
		IsDefault:       pr.IsDefault,
		Geo:             d.Location,
		Region:          pr.AzureRegion,
		ProtectionLevel: pr.GovernanceConfiguration.ProtectionLevel,
		Managed:         strings.EqualFold(pr.GovernanceConfiguration.ProtectionLevel, "Standard"),
		RuntimeState:    pr.States.Runtime.ID,
		KeyManagedBy:    pr.ProtectionStatus.KeyManagedBy,
		CMK:             pr.EnterprisePolicies.CustomerManagedKeys.link(),
		VNetPolicy:      pr.EnterprisePolicies.VNets.link(),
	}
	if md := pr.LinkedEnvironmentMetadata; md != nil && (md.InstanceURL != "" || md.InstanceAPIURL != "") {
		e.HasDataverse = true
		e.DataverseURL = md.InstanceURL
		e.DataverseAPI = md.InstanceAPIURL
	}
	e.AI = assess.AISettings{Provenance: p, BingSearch: pr.BingChatEnabled, M365Services: pr.M365Enabled}
	if cp := pr.CopilotPolicies; cp != nil {
		e.AI.CrossGeoMovement = cp.CrossGeo
		e.AI.CrossBoundaryFlex = cp.CrossBoundary
	} else {
		e.AI.Provenance.Status = assess.StatusNotFound
		e.AI.Provenance.Reason = "the environment list returned no copilotPolicies"
	}
	return e
}
