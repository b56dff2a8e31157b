package assess

import "strings"

// KeyAccess holds the facts about who can manage the customer-managed keys
// and whether access to them is logged: each CMK vault's diagnostic
// settings, and the principals who can manage or purge a key next to those
// who administer the environments (separation of duties).
type KeyAccess struct {
	Logging []VaultLogging `json:"logging,omitempty"`
	Duties  *Duties        `json:"duties,omitempty"`
}

// VaultLogging is one vault's diagnostic settings: whether its AuditEvent
// log (which records every key access) goes somewhere.
type VaultLogging struct {
	Provenance Provenance `json:"provenance"`
	VaultID    string     `json:"vaultId"`
	// AuditLogged is true when a setting with a destination enables a log
	// entry that covers AuditEvent (category AuditEvent, or the category
	// groups audit or allLogs).
	AuditLogged bool `json:"auditLogged"`
	// Destinations of the settings that log AuditEvent, e.g. "Log Analytics
	// workspace", "storage account", "event hub".
	Destinations []string `json:"destinations,omitempty"`
	Settings     int      `json:"settings"` // diagnostic settings on the vault
}

// Duties lists who holds power over the keys and who administers the
// environments. KeyRoles is the provenance of the vault role assignments
// and access policies (ARM), DirectoryRoles that of the Entra directory
// roles (Microsoft Graph). Members of groups are listed one by one.
type Duties struct {
	KeyRoles       Provenance  `json:"keyRoles"`
	DirectoryRoles Provenance  `json:"directoryRoles"`
	KeyAdmins      []Principal `json:"keyAdmins,omitempty"`
	PlatformAdmins []Principal `json:"platformAdmins,omitempty"`
}

// Principal is a user, group member, or application with its roles, e.g.
// "Key Vault Administrator on kv-eu (subscription)" or "Power Platform
// Administrator".
type Principal struct {
	ID    string   `json:"id"`
	Name  string   `json:"name,omitempty"`
	Type  string   `json:"type,omitempty"` // User, Group, ServicePrincipal
	Roles []string `json:"roles"`
}

// Label is the name, or the ID when the name is unknown.
func (p Principal) Label() string {
	if strings.TrimSpace(p.Name) != "" {
		return p.Name
	}
	return p.ID
}

// VaultLogging returns the logging facts of a vault (IDs compare without case).
func (f *Facts) VaultLogging(vaultID string) (VaultLogging, bool) {
	if f == nil || f.KeyAccess == nil {
		return VaultLogging{}, false
	}
	for _, l := range f.KeyAccess.Logging {
		if strings.EqualFold(l.VaultID, vaultID) {
			return l, true
		}
	}
	return VaultLogging{}, false
}

// BothDuties returns the principals who can manage or purge a key and also
// administer the environments, in the order of KeyAdmins, with both sets of
// roles.
func (d *Duties) BothDuties() []Principal {
	if d == nil {
		return nil
	}
	platform := map[string]Principal{}
	for _, p := range d.PlatformAdmins {
		platform[strings.ToLower(p.ID)] = p
	}
	var out []Principal
	for _, k := range d.KeyAdmins {
		p, ok := platform[strings.ToLower(k.ID)]
		if !ok {
			continue
		}
		both := k
		if both.Name == "" {
			both.Name = p.Name
		}
		both.Roles = append(append([]string(nil), k.Roles...), p.Roles...)
		out = append(out, both)
	}
	return out
}
