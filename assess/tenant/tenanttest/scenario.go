package tenanttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// Scenario is the emulated tenant and how the services behave. It is plain
// data: MarshalScenario and LoadScenario keep it in a JSON file (field
// names as below; durations in nanoseconds, times in RFC 3339).
type Scenario struct {
	TenantID     string
	ClientID     string
	ClientSecret string
	// ClientSecretExpired makes the token endpoint refuse the (correct)
	// client secret as expired (AADSTS7000222).
	ClientSecretExpired bool

	Tenant         Tenant
	TenantSettings map[string]any // the listTenantSettings body; nil = DefaultTenantSettings()
	Environments   []Environment
	Policies       []Policy
	Vaults         []Vault
	Keys           []Key

	// PageSize splits the environment list into pages (0 = one page).
	PageSize int
	// NextLinkStyle names the paging key: "nextLink" (default, as BAP),
	// "@odata.nextLink", or "alternate" (one, then the other).
	NextLinkStyle string
	// ARMPageSize splits subscription policy lists (0 = one page).
	ARMPageSize int
	// IgnoreExpand leaves copilotPolicies out even when $expand asks for it
	// (whether BAP always honours it is unconfirmed).
	IgnoreExpand bool
	// User is the signed-in user of device-code sign-ins (default
	// admin@contoso.example).
	User string

	// Who holds which role (separation of duties): Azure role assignments
	// (RoleAssignments, custom RoleDefinitions), Entra directory roles
	// (DirectoryRoles) and the members of groups (Groups), served by ARM and
	// the Microsoft Graph emulator. GraphPageSize splits Graph lists (0 = one
	// page).
	RoleAssignments []RoleAssignment
	RoleDefinitions []RoleDefinition
	DirectoryRoles  []DirectoryRole
	Groups          []Group
	GraphPageSize   int
	// GraphIgnoreExpand leaves the expanded principal out of directory role
	// assignments even when $expand asks for it: only principalId is sent.
	GraphIgnoreExpand bool

	// OpaqueTokens makes the client-credentials grant issue tokens without
	// readable claims (no tid, no appid), as a client must not rely on an
	// access token's format.
	OpaqueTokens bool

	// TokenLifetime is the lifetime of access tokens (0 = one hour); a
	// request with an expired token gets 401, as from the real services.
	TokenLifetime time.Duration

	// Latency is added to every HTTP request (token calls included).
	Latency time.Duration
	Faults  []Fault
}

// RoleAssignment is an Azure role assignment (Microsoft.Authorization).
type RoleAssignment struct {
	Scope            string // an ARM ID: a vault, resource group, subscription or management group
	RoleDefinitionID string // the role's GUID (built-in or a RoleDefinitions entry)
	PrincipalID      string
	PrincipalType    string // User, Group, ServicePrincipal
}

// RoleDefinition is a custom Azure role.
type RoleDefinition struct {
	ID          string // GUID
	Name        string
	Actions     []string
	DataActions []string
}

// DirectoryRole is an active Entra directory role assignment.
type DirectoryRole struct {
	RoleTemplateID string // e.g. 11648597-926c-4cf3-9c36-bcebb0ba8dcc (Power Platform Administrator)
	Principal      Member
}

// Member is a directory object: a user, group or service principal.
type Member struct {
	ID   string
	Type string // user, group, servicePrincipal
	Name string
}

// Group is a group with its (transitive) members.
type Group struct {
	ID      string
	Name    string
	Members []Member
}

// DiagnosticSetting is one diagnostic setting of a vault.
type DiagnosticSetting struct {
	Name string
	// Destination: "workspace", "storage", "eventhub", or "" (none).
	Destination string
	// Category (e.g. AuditEvent) or CategoryGroup (audit, allLogs) of the one
	// log entry, and whether it is on.
	Category      string
	CategoryGroup string
	Enabled       bool
}

// AccessPolicy is a vault access policy (vaults without RBAC).
type AccessPolicy struct {
	ObjectID string
	Keys     []string // key permissions, e.g. get, wrapKey, purge
}

// Tenant is the BAP …/tenant answer.
type Tenant struct {
	// ID is the tenantId BAP answers ("" = the scenario's TenantID): a
	// tenant ID that differs from the token's tid.
	ID                    string
	Location              string
	DataStorageGeo        string
	DefaultEnvironmentGeo string
	AADDataBoundary       string
}

// Dataverse endpoint kinds for Environment.Dataverse.
const (
	DataverseNone   = ""
	DataverseModern = "modern" // a host that refuses TLS 1.1
	DataverseLegacy = "legacy" // a host that accepts TLS 1.1
)

// Environment is one BAP environment.
type Environment struct {
	ID              string
	Name            string
	SKU             string // Production, Sandbox, …
	IsDefault       bool
	Geo             string
	Region          string
	ProtectionLevel string // Standard = managed
	RuntimeState    string
	KeyManagedBy    string // Microsoft, Customer
	CMKPolicyID     string // ARM ID of the linked encryption policy
	CMKLinkStatus   string // default Linked
	VNetPolicyID    string // ARM ID of a linked network injection policy
	Dataverse       string // DataverseNone, DataverseModern, DataverseLegacy, or a URL
	CrossGeo        *bool
	CrossBoundary   *bool
	Bing            *bool
	M365            *bool
}

// Policy is a Microsoft.PowerPlatform/enterprisePolicies resource.
type Policy struct {
	ID          string // /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.PowerPlatform/enterprisePolicies/{name}
	Kind        string // default Encryption
	Location    string
	State       string
	Health      string
	VaultID     string
	KeyName     string
	KeyVersion  string
	PrincipalID string
}

// Vault is a Microsoft.KeyVault/vaults resource; it gets its own listener.
type Vault struct {
	ID                  string
	Location            string
	SKU                 string
	SoftDelete          *bool
	PurgeProtection     *bool
	RetentionDays       int
	RBAC                bool
	PublicNetworkAccess string
	Bypass              string
	DefaultAction       string
	PrivateEndpoints    int
	DiagnosticSettings  []DiagnosticSetting
	AccessPolicies      []AccessPolicy
}

// Key is a key in a vault (by the vault's name).
type Key struct {
	Vault     string
	Name      string
	Kty       string // default RSA
	Bits      int    // modulus size, default 2048
	Disabled  bool
	Expires   time.Time
	NotBefore time.Time
	Created   time.Time
	Versions  []KeyVersion
	Rotation  *Rotation // nil: the empty policy
}

// KeyVersion is one version of a key.
type KeyVersion struct {
	ID       string
	Disabled bool
	Created  time.Time
}

// Rotation is a key rotation policy.
type Rotation struct {
	RotateAfterCreate  string
	RotateBeforeExpiry string
	NotifyBeforeExpiry string
	ExpiryTime         string
}

// Fault changes the answer to matching requests.
type Fault struct {
	Service      string // "entra", "bap", "arm", "keyvault", "graph"; "" = any
	Method       string // "" = any
	PathContains string // substring of the path (case-insensitive); "" = any
	PathSuffix   string // end of the path (case-insensitive); "" = any
	// QueryContains is a substring of the decoded query (case-insensitive),
	// e.g. "$skiptoken=3" for the second page of three; "" = any.
	QueryContains string
	Status        int    // answer with this status and an error envelope (0 = normal answer)
	Code          string // error code in the envelope
	RetryAfter    string // Retry-After header value
	Times         int    // fire this many times, then stop (0 = always)
	Delay         time.Duration
	Malformed     bool // answer 200 with truncated JSON
}

// DefaultTenantSettings is a listTenantSettings body with the SE:06 keys.
func DefaultTenantSettings() map[string]any {
	return map[string]any{
		"walkMeOptOut": false,
		"disableEnvironmentCreationByNonAdminUsers": true,
		"powerPlatform": map[string]any{
			"intelligence":         map[string]any{"disableCopilot": false, "disableCopilotFeedbackMetadata": true},
			"powerAutomate":        map[string]any{"disableCopilot": false, "disableCopilotWithBing": true},
			"modelExperimentation": map[string]any{"enableModelDataSharing": false, "disableDataLogging": true},
			"environments":         map[string]any{"preferredEnvironmentLocation": "europe"},
		},
	}
}

// MarshalScenario encodes sc as indented JSON, for editing by hand.
func MarshalScenario(sc Scenario) ([]byte, error) {
	b, err := json.MarshalIndent(sc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("tenanttest: encode scenario: %w", err)
	}
	return append(b, '\n'), nil
}

// LoadScenario reads a scenario JSON file; unknown fields are an error, so
// a misspelt fault does not pass silently.
func LoadScenario(path string) (Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Scenario{}, fmt.Errorf("tenanttest: read scenario: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var sc Scenario
	if err := dec.Decode(&sc); err != nil {
		return Scenario{}, fmt.Errorf("tenanttest: scenario %s: %w", path, err)
	}
	return sc, nil
}
