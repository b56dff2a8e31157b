package assess

import (
	"fmt"
	"strings"
)

// SubjectPrincipal is a user, group member or application a finding is
// about (separation of duties).
const SubjectPrincipal SubjectKind = "principal"

// accessChecks are the checks over KeyAccess: key logging (MG-01) and
// separation of duties (KM-02).
func accessChecks() []checkDef {
	return []checkDef{
		{Name: "key-logging", Signals: []string{"vault-not-logged"}, Fn: checkKeyLogging},
		{Name: "separation-of-duties", Signals: []string{"key-and-platform-admin"}, Fn: checkSeparationOfDuties},
	}
}

// checkKeyLogging looks at each CMK vault's diagnostic settings: is the
// AuditEvent log (every key access) sent to a workspace, storage or an
// event hub? No vault logging implies "not-logged"; the tenant cannot tell
// whether alerts exist, so logging on every vault implies nothing.
func checkKeyLogging(in CheckInput) Observation {
	var unread []problem
	logged := 0
	o, ch, done := overVaults(in, func(o *Observation, ch keyChain, v Vault) {
		l, ok := in.Facts.VaultLogging(v.ID)
		switch {
		case !ok:
			unread = append(unread, problem{status: StatusNotCollected, reason: "vault " + v.Name + ": diagnostic settings not collected", subjects: []Subject{ch.vaultSubject(v, "diagnostic settings not collected")}})
			return
		case !l.Provenance.OK():
			unread = append(unread, problem{status: l.Provenance.Status, reason: "vault " + v.Name + " diagnostic settings: " + l.Provenance.Describe(), subjects: []Subject{ch.vaultSubject(v, "diagnostic settings not read")}})
			return
		case l.AuditLogged:
			logged++
			o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Vault %s: AuditEvent logged to %s", v.Name, strings.Join(l.Destinations, ", ")), Source: in.ref(l.Provenance)})
		default:
			detail := "no diagnostic setting sends AuditEvent logs anywhere"
			if l.Settings == 0 {
				detail = "no diagnostic setting"
			}
			o.flag("vault-not-logged", ch.vaultSubject(v, detail))
			o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Vault %s: %s (%d settings)", v.Name, detail, l.Settings), Source: in.ref(l.Provenance)})
		}
	})
	if done {
		return o
	}
	if o.unreadable("key logging", unread) {
		// unread vaults leave the answer open, unless none of the read ones logs
		return o
	}
	switch {
	case logged == 0:
		o.Implies = []string{"not-logged"}
		o.Summary = "No key vault sends its AuditEvent log (key access) anywhere: " + describeSubjects(o.Affected, 5)
	case len(o.Affected) > 0:
		o.Summary = fmt.Sprintf("%d of %s %s key access; not logged: %s", logged, nOf(len(ch.vaults), "key vault", "key vaults"), verb(logged, "logs", "log"), describeSubjects(o.Affected, 5))
	default:
		o.Summary = allOf(logged, "key vault", "key vaults") + " " + verb(logged, "sends its", "send their") + " AuditEvent log to a destination; whether alerts exist is not visible to the tool."
	}
	return o
}

// checkSeparationOfDuties names every principal who can manage or purge a
// CMK key (or grant themselves that) and also holds a Power Platform,
// Dynamics 365 or Global Administrator role. Anyone in both implies
// "partial", or "same" when every key administrator is also an environment
// administrator; nobody in both implies "separate".
func checkSeparationOfDuties(in CheckInput) Observation {
	ch := followKeys(in)
	if len(ch.envs) == 0 {
		return noCMK()
	}
	var d *Duties
	if in.Facts.KeyAccess != nil {
		d = in.Facts.KeyAccess.Duties
	}
	var o Observation
	if d == nil {
		o.Status = StatusNotCollected
		o.Reason = "the key and directory role holders were not collected"
		o.Summary = "Not verified: " + o.Reason + "."
		return o
	}
	o.Evidence = append(o.Evidence,
		Evidence{Kind: EvidenceFact, Text: nOf(len(d.KeyAdmins), "principal", "principals") + " can manage or purge a key", Source: in.ref(d.KeyRoles)},
		Evidence{Kind: EvidenceFact, Text: nOf(len(d.PlatformAdmins), "principal", "principals") + " " + verb(len(d.PlatformAdmins), "administers", "administer") + " the environments", Source: in.ref(d.DirectoryRoles)})
	both := d.BothDuties()
	for _, p := range both {
		o.flag("key-and-platform-admin", Subject{Kind: SubjectPrincipal, ID: p.ID, Name: p.Label(), Detail: strings.Join(p.Roles, "; "), Source: in.ref(d.KeyRoles)})
	}
	var unread []problem
	for _, p := range []struct {
		what string
		prov Provenance
	}{{"key vault roles", d.KeyRoles}, {"directory roles", d.DirectoryRoles}} {
		if !p.prov.OK() {
			unread = append(unread, problem{status: p.prov.Status, reason: p.what + ": " + p.prov.Describe()})
		}
	}
	if o.unreadable("separation of duties", unread) {
		if len(both) > 0 {
			// one person in both already rules "separate" out
			o.Implies, o.Conclusive = []string{"partial"}, true
		}
		return o
	}
	switch {
	case len(both) == 0:
		o.Implies = []string{"separate"}
		o.Summary = verb(len(d.KeyAdmins), "The key administrator does not also administer the environments.", fmt.Sprintf("None of the %d key administrators also administers the environments.", len(d.KeyAdmins)))
	case len(both) == len(d.KeyAdmins):
		o.Implies = []string{"same"}
		o.Summary = "Every key administrator also administers the environments: " + describeSubjects(o.Affected, 5)
	default:
		o.Implies = []string{"partial"}
		o.Summary = fmt.Sprintf("%d of %s also %s the environments: %s", len(both), nOf(len(d.KeyAdmins), "key administrator", "key administrators"), verb(len(both), "administers", "administer"), describeSubjects(o.Affected, 5))
	}
	return o
}
