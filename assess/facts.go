package assess

import (
	"strings"
	"time"
)

// FactsSchemaVersion is the version of the tenant facts snapshot format.
// Bump it when a field changes meaning; adding optional fields does not need a bump.
const FactsSchemaVersion = 1

// FactStatus says whether a fact could be read. Only StatusOK facts may make a
// finding pass; every other status makes it "not verified" (with the reason).
type FactStatus string

const (
	StatusOK            FactStatus = "ok"
	StatusNotPermitted  FactStatus = "not-permitted"
	StatusNotFound      FactStatus = "not-found"
	StatusError         FactStatus = "error"
	StatusNotApplicable FactStatus = "not-applicable"
	// StatusNotCollected marks a fact the run did not try to read (a check
	// skipped by the user, e.g. --no-tls-probe). It is never a pass.
	StatusNotCollected FactStatus = "not-collected"
)

// FactStatuses lists the allowed statuses, for validation messages.
func factStatuses() []FactStatus {
	return []FactStatus{StatusOK, StatusNotPermitted, StatusNotFound, StatusError, StatusNotApplicable, StatusNotCollected}
}

// Valid reports whether s is a known status.
func (s FactStatus) Valid() bool {
	for _, v := range factStatuses() {
		if s == v {
			return true
		}
	}
	return false
}

// Provenance says where a fact came from, when, and whether it could be read.
type Provenance struct {
	// Source names the API call, e.g. "BAP GET /scopes/admin/environments (2023-06-01)".
	Source string     `json:"source"`
	At     time.Time  `json:"at"`
	Status FactStatus `json:"status"`
	// Reason explains a status other than ok, e.g. "needs Power Platform administrator".
	Reason string `json:"reason,omitempty"`
}

// OK reports whether the fact was read successfully.
func (p Provenance) OK() bool { return p.Status == StatusOK }

// Describe gives a short human text such as "not permitted: needs Key Vault Reader".
func (p Provenance) Describe() string {
	s := strings.ReplaceAll(string(p.Status), "-", " ")
	if p.Reason != "" {
		return s + ": " + p.Reason
	}
	return s
}

// Facts is everything read from the tenant: the live checks fill it, a
// snapshot file stores it, and Evaluate reads it. Plain data, no SDK types.
type Facts struct {
	Kind          string    `json:"kind,omitempty"` // KindSnapshot in a file of its own
	SchemaVersion int       `json:"schemaVersion"`
	ToolVersion   string    `json:"toolVersion,omitempty"`
	Cloud         string    `json:"cloud,omitempty"`
	TenantID      string    `json:"tenantId,omitempty"`
	Identity      string    `json:"identity,omitempty"` // signed-in user name or app ID; never a secret
	Started       time.Time `json:"started,omitzero"`
	Finished      time.Time `json:"finished,omitzero"`
	Demo          bool      `json:"demo,omitempty"`

	Tenant       Tenant             `json:"tenant"`
	Environments []Environment      `json:"environments"`
	Policies     []EnterprisePolicy `json:"enterprisePolicies"`
	Vaults       []Vault            `json:"vaults"`
	Keys         []Key              `json:"keys"`
	// KeyAccess: key logging and separation of duties (facts_access.go).
	KeyAccess *KeyAccess `json:"keyAccess,omitempty"`

	// Checks records each collection step (environments, tenant settings,
	// policies, vaults, keys, TLS) with its overall provenance, so a report can
	// say which checks ran and which were skipped and why.
	Checks []CheckRun `json:"checks,omitempty"`
}

// CheckRun is one collection step of a live run.
type CheckRun struct {
	Name       string        `json:"name"` // e.g. "environments", "tenant-settings", "tls"
	Provenance Provenance    `json:"provenance"`
	Duration   time.Duration `json:"durationNs,omitempty"`
}

// Tenant holds tenant-wide facts.
type Tenant struct {
	Provenance    Provenance     `json:"provenance"`
	HomeGeo       string         `json:"homeGeo,omitempty"` // dataStorageGeo, e.g. "europe"
	DefaultEnvGeo string         `json:"defaultEnvironmentGeo,omitempty"`
	DataBoundary  string         `json:"dataBoundary,omitempty"` // aadDataBoundary, e.g. "none", "eu"
	Settings      TenantSettings `json:"settings"`
}

// TenantSettings holds the SE:06-relevant keys of listTenantSettings.
// Pointers distinguish "false" from "not returned".
type TenantSettings struct {
	Provenance                     Provenance `json:"provenance"`
	DisableCopilot                 *bool      `json:"disableCopilot,omitempty"`              // powerPlatform.intelligence.disableCopilot
	PowerAutomateDisableCopilot    *bool      `json:"powerAutomateDisableCopilot,omitempty"` // powerPlatform.powerAutomate.disableCopilot
	PowerAutomateCopilotWithBing   *bool      `json:"powerAutomateDisableCopilotWithBing,omitempty"`
	EnableModelDataSharing         *bool      `json:"enableModelDataSharing,omitempty"`         // powerPlatform.modelExperimentation.enableModelDataSharing
	DisableDataLogging             *bool      `json:"disableDataLogging,omitempty"`             // powerPlatform.modelExperimentation.disableDataLogging
	DisableCopilotFeedbackMetadata *bool      `json:"disableCopilotFeedbackMetadata,omitempty"` // powerPlatform.intelligence.disableCopilotFeedbackMetadata
	PreferredEnvironmentLocation   string     `json:"preferredEnvironmentLocation,omitempty"`
	EnvironmentCreationAdminsOnly  *bool      `json:"disableEnvironmentCreationByNonAdminUsers,omitempty"`
}

// Environment types as the BAP API names them (environmentSku).
const (
	EnvProduction = "Production"
	EnvSandbox    = "Sandbox"
	EnvTrial      = "Trial"
	EnvDeveloper  = "Developer"
	EnvDefault    = "Default"
	EnvTeams      = "Teams"
)

// Environment is one Power Platform environment with its SE:06 posture.
type Environment struct {
	// label caches Label() in the copies an evaluation keeps of the
	// in-scope environments (ScopeEnvironments): checks label each of
	// them several times.
	label string

	Provenance Provenance `json:"provenance"`
	ID         string     `json:"id"`   // environment name (GUID or Default-{tenant})
	Name       string     `json:"name"` // display name
	Type       string     `json:"type"` // environmentSku
	IsDefault  bool       `json:"isDefault,omitempty"`
	Geo        string     `json:"geo"`                   // location, e.g. "europe"
	Region     string     `json:"azureRegion,omitempty"` // e.g. "westeurope"
	// Managed is true for a Managed Environment (governanceConfiguration.protectionLevel Standard).
	Managed         bool   `json:"managed"`
	ProtectionLevel string `json:"protectionLevel,omitempty"`
	RuntimeState    string `json:"runtimeState,omitempty"` // Enabled, AdminMode, Disabled, Warning
	// KeyManagedBy is protectionStatus.keyManagedBy: "Microsoft" or "Customer" (others kept raw).
	KeyManagedBy string      `json:"keyManagedBy,omitempty"`
	CMK          *CMKLink    `json:"cmk,omitempty"`
	VNetPolicy   *PolicyLink `json:"vnetPolicy,omitempty"`
	HasDataverse bool        `json:"hasDataverse"`
	DataverseURL string      `json:"dataverseUrl,omitempty"`
	DataverseAPI string      `json:"dataverseApiUrl,omitempty"`
	// Generative AI settings; nil when the API did not return them.
	AI  AISettings `json:"ai"`
	TLS *TLSProbe  `json:"tls,omitempty"`
}

// IsProduction reports whether the environment is a production (or default) environment.
func (e Environment) IsProduction() bool { return e.Type == EnvProduction }

// Label gives "Name (geo)" for messages.
func (e Environment) Label() string {
	if e.label != "" {
		return e.label
	}
	name := e.Name
	if name == "" {
		name = e.ID
	}
	if e.Geo == "" {
		return name
	}
	// Concatenation, not Sprintf: checks label every subject of large tenants.
	return name + " (" + e.Geo + ")"
}

// PolicyLink is an environment's link to an enterprise policy.
type PolicyLink struct {
	PolicyID   string `json:"policyId,omitempty"` // GUID
	ResourceID string `json:"resourceId"`         // ARM ID of the policy
	SystemID   string `json:"systemId,omitempty"`
	Location   string `json:"location,omitempty"`
	LinkStatus string `json:"linkStatus,omitempty"` // Linked, Linking, Failed, ...
}

// CMKLink is the environment's customer-managed key link.
type CMKLink = PolicyLink

// Linked reports whether the link status says the policy is in effect.
// Unknown non-failure values count as linked (the API's full enum is unconfirmed).
func (l *PolicyLink) Linked() bool {
	if l == nil || l.ResourceID == "" && l.SystemID == "" && l.PolicyID == "" {
		return false
	}
	switch strings.ToLower(l.LinkStatus) {
	case "failed", "unlinking", "unlinked", "unlinkingonline", "linking", "linkingonline":
		return false
	}
	return true
}

// AISettings holds the per-environment generative AI data-movement toggles.
type AISettings struct {
	Provenance        Provenance `json:"provenance"`
	CrossGeoMovement  *bool      `json:"crossGeoDataMovement,omitempty"`      // copilotPolicies.crossGeoCopilotDataMovementEnabled
	CrossBoundaryFlex *bool      `json:"crossBoundaryDataMovement,omitempty"` // copilotPolicies.crossBoundaryCopilotDataMovementEnabled (EU flex routing)
	BingSearch        *bool      `json:"bingSearch,omitempty"`                // bingChatEnabled
	M365Services      *bool      `json:"m365Services,omitempty"`              // m365Enabled
}

// TLSProbe is the result of probing one Dataverse host.
type TLSProbe struct {
	Provenance Provenance `json:"provenance"`
	Host       string     `json:"host"`
	// LegacyRefused is true when a handshake capped at TLS 1.1 was refused.
	LegacyRefused bool `json:"legacyRefused"`
	// LegacyError is the text of the refusal (e.g. "protocol version not supported").
	LegacyError string `json:"legacyError,omitempty"`
	// LegacyVersion is the version a handshake capped at TLS 1.1 agreed on
	// when it was not refused (e.g. "TLS 1.1").
	LegacyVersion string `json:"legacyVersion,omitempty"`
	ModernOK      bool   `json:"modernOk"`
	Version       string `json:"version,omitempty"` // negotiated with MinVersion TLS 1.2, e.g. "TLS 1.3"
	CipherSuite   string `json:"cipherSuite,omitempty"`
}

// EnterprisePolicy is an ARM Microsoft.PowerPlatform/enterprisePolicies resource.
type EnterprisePolicy struct {
	Provenance  Provenance `json:"provenance"`
	ID          string     `json:"id"` // ARM resource ID
	Name        string     `json:"name"`
	Kind        string     `json:"kind"` // Encryption, NetworkInjection, Lockbox, Identity, PrivateEndpoint
	Location    string     `json:"location"`
	SystemID    string     `json:"systemId,omitempty"`
	State       string     `json:"state,omitempty"`  // encryption.state: Enabled, Disabled, NotConfigured
	Health      string     `json:"health,omitempty"` // healthStatus: Healthy, Warning, Unhealthy, Undetermined
	VaultID     string     `json:"vaultId,omitempty"`
	KeyName     string     `json:"keyName,omitempty"`
	KeyVersion  string     `json:"keyVersion,omitempty"`
	PrincipalID string     `json:"principalId,omitempty"` // the policy's managed identity
}

// Vault is an Azure Key Vault (control plane).
type Vault struct {
	Provenance          Provenance `json:"provenance"`
	ID                  string     `json:"id"` // ARM resource ID
	Name                string     `json:"name"`
	Location            string     `json:"location,omitempty"`
	URI                 string     `json:"vaultUri,omitempty"`
	SKU                 string     `json:"sku,omitempty"`        // standard, premium
	SoftDelete          *bool      `json:"softDelete,omitempty"` // nil: not returned (defaults to on)
	PurgeProtection     bool       `json:"purgeProtection"`
	RetentionDays       int        `json:"retentionDays,omitempty"`
	RBAC                bool       `json:"rbacAuthorization"`
	PublicNetworkAccess string     `json:"publicNetworkAccess,omitempty"` // Enabled, Disabled
	Bypass              string     `json:"networkAclsBypass,omitempty"`   // AzureServices, None
	DefaultAction       string     `json:"networkAclsDefaultAction,omitempty"`
	PrivateEndpoints    int        `json:"privateEndpoints,omitempty"`
}

// Key is a Key Vault key as seen by the data plane (or ARM).
type Key struct {
	Provenance Provenance `json:"provenance"`
	VaultID    string     `json:"vaultId"`
	Name       string     `json:"name"`
	ID         string     `json:"kid,omitempty"`
	Type       string     `json:"kty,omitempty"` // RSA, RSA-HSM, EC, ...
	Size       int        `json:"size,omitempty"`
	Enabled    bool       `json:"enabled"`
	Expires    *time.Time `json:"expires,omitempty"`
	NotBefore  *time.Time `json:"notBefore,omitempty"`
	Created    *time.Time `json:"created,omitempty"`
	// EnabledVersions counts the key's versions that are enabled (for the 28-day rule).
	EnabledVersions int `json:"enabledVersions,omitempty"`
	// Versions lists versions with their state, newest first, when readable.
	Versions []KeyVersion    `json:"versions,omitempty"`
	Rotation *RotationPolicy `json:"rotation,omitempty"`
	// RotationProvenance is separate: the rotation policy may be unreadable while the key is.
	RotationProvenance *Provenance `json:"rotationProvenance,omitempty"`
}

// KeyVersion is one version of a key.
type KeyVersion struct {
	Version string     `json:"version"`
	Enabled bool       `json:"enabled"`
	Created *time.Time `json:"created,omitempty"`
}

// RotationPolicy is a key's rotation policy.
type RotationPolicy struct {
	RotateAfterCreate  string `json:"rotateAfterCreate,omitempty"`  // ISO-8601 duration, e.g. P90D
	RotateBeforeExpiry string `json:"rotateBeforeExpiry,omitempty"` // ISO-8601 duration
	NotifyBeforeExpiry string `json:"notifyBeforeExpiry,omitempty"`
	ExpiryTime         string `json:"expiryTime,omitempty"` // e.g. P2Y
}

// Rotates reports whether the policy has an automatic Rotate action.
func (r *RotationPolicy) Rotates() bool {
	return r != nil && (r.RotateAfterCreate != "" || r.RotateBeforeExpiry != "")
}

// CheckRunEnvironments names the collection step that lists environments.
const CheckRunEnvironments = "environments"

// CheckRun returns the collection step with the given name.
func (f *Facts) CheckRun(name string) (CheckRun, bool) {
	if f == nil {
		return CheckRun{}, false
	}
	for _, c := range f.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return CheckRun{}, false
}

// Environment returns the environment with the given ID.
func (f *Facts) Environment(id string) (Environment, bool) {
	if f == nil {
		return Environment{}, false
	}
	for _, e := range f.Environments {
		if e.ID == id {
			return e, true
		}
	}
	return Environment{}, false
}

// Policy returns the enterprise policy with the given ARM ID (case-insensitive, as ARM IDs are).
func (f *Facts) Policy(id string) (EnterprisePolicy, bool) {
	if f == nil {
		return EnterprisePolicy{}, false
	}
	for _, p := range f.Policies {
		if strings.EqualFold(p.ID, id) {
			return p, true
		}
	}
	return EnterprisePolicy{}, false
}

// Vault returns the vault with the given ARM ID (case-insensitive).
func (f *Facts) Vault(id string) (Vault, bool) {
	if f == nil {
		return Vault{}, false
	}
	for _, v := range f.Vaults {
		if strings.EqualFold(v.ID, id) {
			return v, true
		}
	}
	return Vault{}, false
}

// Key returns the key with the given vault ID and name.
func (f *Facts) Key(vaultID, name string) (Key, bool) {
	if f == nil {
		return Key{}, false
	}
	for _, k := range f.Keys {
		if strings.EqualFold(k.VaultID, vaultID) && strings.EqualFold(k.Name, name) {
			return k, true
		}
	}
	return Key{}, false
}
