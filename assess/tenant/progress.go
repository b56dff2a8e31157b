package tenant

import "github.com/ppwaf/se06/assess"

// Progress states.
const (
	StateRunning      = "running"
	StateDone         = "done"
	StateNotPermitted = "not-permitted"
	StateError        = "error"
	StateSkipped      = "skipped"
)

// Check names, used in Progress, PreflightItem and assess.Facts.Checks.
const (
	CheckSignIn               = "sign-in"
	CheckTenant               = "tenant"
	CheckTenantSettings       = "tenant-settings"
	CheckEnvironments         = assess.CheckRunEnvironments
	CheckPolicies             = "enterprise-policies"
	CheckSubscriptionPolicies = "subscription-policies"
	CheckVaults               = "vaults"
	CheckKeys                 = "keys"
	CheckTLS                  = "tls"
	CheckKeyLogging           = "key-logging"
	CheckKeyRoles             = "key-roles"
	CheckDirectoryRoles       = "directory-roles"
)

// Progress is one step of a live run, for a progress display. Done and Total
// count the subjects of Check seen so far (Total grows as work is found).
type Progress struct {
	Check   string
	Subject string
	State   string // "running", "done", "not-permitted", "error", "skipped"
	Detail  string
	Done    int
	Total   int
}

// PreflightItem says whether a check will run and why.
type PreflightItem struct {
	Check   string
	WillRun bool
	Reason  string
}
