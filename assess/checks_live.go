package assess

import (
	"fmt"
	"strings"
)

// liveChecks is the table of named checks the bank's questions refer to with
// "live: {check: NAME}". Each one reads Facts and returns an Observation.
func liveChecks() []checkDef {
	return []checkDef{
		{Name: "cmk-linkage", Signals: []string{"env-on-microsoft-key", "cmk-link-mismatch", "cmk-link-failed"}, Fn: checkCMKLinkage},
	}
}

// checkCMKLinkage looks at each in-scope environment's key custody: which
// ones are linked to an encryption enterprise policy, and whether
// keyManagedBy agrees with the link (a mismatch is reported, not resolved).
// Implies: all-cmk, some-cmk, none-cmk.
func checkCMKLinkage(in CheckInput) Observation {
	o := Observation{}
	if len(in.Scope) == 0 {
		o.Status = StatusNotApplicable
		o.Summary = "No in-scope environments were found in the tenant."
		return o
	}
	var onCMK, onMMK []string
	for _, e := range in.Scope {
		subj := envSubject(e, "")
		if !e.Provenance.OK() {
			o.Status = e.Provenance.Status
			o.Reason = e.Provenance.Reason
			continue
		}
		linked := e.CMK.Linked()
		customer := strings.EqualFold(e.KeyManagedBy, "Customer")
		switch {
		case linked && customer:
			onCMK = append(onCMK, e.Label())
		case linked && !customer:
			subj.Detail = fmt.Sprintf("linked to a CMK policy, but keyManagedBy is %q", e.KeyManagedBy)
			o.raise("cmk-link-mismatch", subj)
			onMMK = append(onMMK, e.Label())
			o.Affected = append(o.Affected, subj)
		case !linked && customer:
			subj.Detail = "keyManagedBy is Customer, but no linked encryption policy was returned"
			o.raise("cmk-link-mismatch", subj)
			onCMK = append(onCMK, e.Label())
		default:
			subj.Detail = "Microsoft-managed key"
			if e.CMK != nil && strings.EqualFold(e.CMK.LinkStatus, "failed") {
				subj.Detail = "CMK link failed; still on the Microsoft-managed key"
				o.raise("cmk-link-failed", subj)
			}
			o.raise("env-on-microsoft-key", subj)
			onMMK = append(onMMK, e.Label())
			o.Affected = append(o.Affected, subj)
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("%s: keyManagedBy=%s, CMK link=%s", e.Label(), orDash(e.KeyManagedBy), linkText(e.CMK)), Provenance: &e.Provenance})
	}
	if o.Status != "" && o.Status != StatusOK {
		o.Summary = "Some environments could not be read: " + o.Reason
		return o
	}
	o.Status = StatusOK
	total := len(onCMK) + len(onMMK)
	switch {
	case len(onMMK) == 0:
		o.Implies = []string{"all-cmk"}
		o.Summary = fmt.Sprintf("All %d in-scope environments use a customer-managed key.", total)
	case len(onCMK) == 0:
		o.Implies = []string{"none-cmk"}
		o.Summary = fmt.Sprintf("None of the %d in-scope environments uses a customer-managed key.", total)
	default:
		o.Implies = []string{"some-cmk"}
		o.Summary = fmt.Sprintf("%d of %d in-scope environments use Microsoft-managed keys: %s", len(onMMK), total, listNames(onMMK, 5))
	}
	return o
}

func envSubject(e Environment, detail string) Subject {
	return Subject{Kind: SubjectEnvironment, ID: e.ID, Name: e.Label(), Detail: detail}
}

func linkText(l *PolicyLink) string {
	if l == nil {
		return "none"
	}
	s := l.LinkStatus
	if s == "" {
		s = "present"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// listNames joins up to max names and says how many more there are.
func listNames(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:max], ", "), len(names)-max)
}
