// Environment checks: key custody, CMK prerequisites, legacy BYOK and
// non-production copies, read from each environment's own facts.

package assess

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// checkCMKLinkage looks at each in-scope environment's key custody: which
// ones are linked to an encryption enterprise policy, and whether
// keyManagedBy agrees with the link (a mismatch is reported, not resolved).
// Implies: all-cmk, some-cmk, none-cmk.
func checkCMKLinkage(in CheckInput) Observation {
	var onCMK, onMMK []string
	idx := in.index()
	// Looking links up costs time on large tenants; most have no 404 policy.
	anyMissing := slices.ContainsFunc(in.Facts.Policies, func(p EnterprisePolicy) bool { return p.Provenance.Status == StatusNotFound })
	missingPolicy := func(e Environment) (EnterprisePolicy, bool) {
		if !anyMissing {
			return EnterprisePolicy{}, false
		}
		return missingPolicy(idx, e)
	}
	// An environment that reports a customer key linked to a policy Azure
	// cannot find is not verified: nothing shows which key protects it.
	read := func(e Environment) *problem {
		if p := in.sources().envRead(e); p != nil {
			return p
		}
		if pol, ok := missingPolicy(e); ok && customerKey(e) {
			what := "encryption policy " + pol.Name + " was not found (" + pol.Provenance.Describe() + ")"
			return &problem{status: StatusNotFound, reason: e.Label() + ": " + what, subjects: []Subject{in.sources().envSubject(e, "not verified: "+what)}}
		}
		return nil
	}
	o, done := overEnvs(in, read, func(o *Observation, e Environment) {
		subj := in.sources().envSubject(e, "")
		linked := e.CMK.Linked()
		customer := customerKey(e)
		switch {
		case linked && customer:
			subj.Detail = "customer-managed key"
			o.raise("env-on-customer-key", subj)
			onCMK = append(onCMK, e.Label())
		case linked && !customer:
			subj.Detail = fmt.Sprintf("linked to a CMK policy, but keyManagedBy is %q", e.KeyManagedBy)
			o.raise("cmk-link-mismatch", subj)
			// Counted as Microsoft's key until keyManagedBy says otherwise.
			o.flag("env-on-microsoft-key", subj)
			onMMK = append(onMMK, e.Label())
		case !linked && customer:
			subj.Detail = "keyManagedBy is Customer, but no linked encryption policy was returned"
			o.raise("cmk-link-mismatch", subj)
			o.raise("env-on-customer-key", subj)
			onCMK = append(onCMK, e.Label())
		default:
			subj.Detail = "Microsoft-managed key"
			if !e.HasDataverse {
				subj.Detail = "Microsoft-managed key; no Dataverse database, which a customer key needs"
			}
			if e.CMK != nil && strings.EqualFold(e.CMK.LinkStatus, "failed") {
				subj.Detail = "CMK link failed; still on the Microsoft-managed key"
				o.raise("cmk-link-failed", subj)
			}
			o.raise("env-on-microsoft-key", subj)
			onMMK = append(onMMK, e.Label())
			o.Affected = append(o.Affected, subj)
		}
		o.Evidence = append(o.Evidence, in.sources().envEvidence(e, "keyManagedBy=", orDash(e.KeyManagedBy), ", CMK link=", linkText(e.CMK)))
	})
	// A link to a policy that cannot be found is a finding about both.
	raised := map[string]bool{}
	for _, e := range in.Scope {
		pol, ok := missingPolicy(e)
		if !ok || !e.Provenance.OK() {
			continue
		}
		o.flag("cmk-link-mismatch", in.sources().envSubject(e, "linked to encryption policy "+pol.Name+", which Azure reports as not found ("+pol.Provenance.Describe()+"); which key protects it cannot be verified"))
		if lp := strings.ToLower(pol.ID); !raised[lp] {
			raised[lp] = true
			o.flag("cmk-link-mismatch", Subject{Kind: SubjectPolicy, ID: pol.ID, Name: pol.Name, Detail: "not found (" + pol.Provenance.Describe() + "), yet environments are linked to it", Source: in.ref(pol.Provenance)})
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("%s: linked to encryption policy %s, which was not found", e.Label(), pol.Name), Source: in.ref(pol.Provenance)})
	}
	if done {
		return o
	}
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

// checkCMKPrereqs checks what the tenant shows of the CMK prerequisites: a
// Managed Environment, a type other than Trial or Teams, and an encryption
// policy in the environment's geo. Licensing cannot be read, so the check
// implies "gaps" when it finds one and otherwise leaves the answer to the user.
func checkCMKPrereqs(in CheckInput) Observation {
	idx := in.index()
	o, done := overEnvs(in, in.sources().envRead, func(o *Observation, e Environment) {
		if !e.Managed {
			o.flag("env-not-managed", in.sources().envSubject(e, "not a Managed Environment (protection level "+orDash(e.ProtectionLevel)+")"))
		}
		if strings.EqualFold(e.Type, EnvTrial) || strings.EqualFold(e.Type, EnvTeams) {
			o.flag("env-type-unsupported", in.sources().envSubject(e, e.Type+" environments cannot use a customer-managed key"))
		}
		loc := policyLocation(idx, e)
		if loc != "" && NormalizeGeo(loc) != NormalizeGeo(e.Geo) {
			o.flag("policy-geo-mismatch", in.sources().envSubject(e, "encryption policy is in "+loc+", the environment in "+orDash(e.Geo)))
		}
		o.Evidence = append(o.Evidence, in.sources().envEvidence(e, "type=", orDash(e.Type), ", managed=", strconv.FormatBool(e.Managed), ", CMK policy location=", orDash(loc)))
	})
	if done {
		return o
	}
	if len(o.Affected) > 0 {
		o.Implies = []string{"gaps"}
		o.Summary = fmt.Sprintf("%s %s a CMK prerequisite: %s", nOf(len(o.Affected), "in-scope environment", "in-scope environments"), verb(len(o.Affected), "misses", "miss"), describeSubjects(o.Affected, 5))
		return o
	}
	o.Summary = fmt.Sprintf("All %d in-scope environments are Managed Environments of a supported type, with any CMK policy in their geo (licensing is not visible to the tool).", len(in.Scope))
	return o
}

// checkLegacyBYOK looks for environments that report a customer key without
// any link to an encryption enterprise policy: the trace of the legacy
// tenant-level BYOK feature. Implies: yes, no.
func checkLegacyBYOK(in CheckInput) Observation {
	known := 0
	o, done := overEnvs(in, in.sources().envRead, func(o *Observation, e Environment) {
		if e.KeyManagedBy == "" {
			return
		}
		known++
		if customerKey(e) && !hasLink(e.CMK) {
			o.flag("byok-suspected", in.sources().envSubject(e, fmt.Sprintf("keyManagedBy is %q with no encryption enterprise policy", e.KeyManagedBy)))
		}
		o.Evidence = append(o.Evidence, in.sources().envEvidence(e, "keyManagedBy=", e.KeyManagedBy, ", CMK link=", linkText(e.CMK)))
	})
	if done {
		return o
	}
	switch {
	case len(o.Affected) > 0:
		o.Implies = []string{"yes"}
		o.Summary = "Environments report a customer key without an enterprise policy (legacy BYOK): " + describeSubjects(o.Affected, 5)
	case known == len(in.Scope):
		o.Implies = []string{"no"}
		o.Summary = fmt.Sprintf("None of the %d in-scope environments shows signs of legacy BYOK.", known)
	default:
		o.Summary = "Some environments did not report who manages their key; legacy BYOK cannot be ruled out."
	}
	return o
}

// checkNonProdKeys looks for non-production environments that stay on the
// Microsoft-managed key while in-scope environments use a customer key: data
// copied down loses the customer key's protection.
func checkNonProdKeys(in CheckInput) Observation {
	o := Observation{}
	onCMK := slices.ContainsFunc(in.Scope, func(e Environment) bool { return e.Provenance.OK() && e.CMK.Linked() })
	if !onCMK {
		o.Status = StatusNotApplicable
		o.Summary = "No in-scope environment uses a customer-managed key."
		return o
	}
	inScope := map[string]bool{}
	for _, e := range in.Scope {
		inScope[e.ID] = true
	}
	var unread []problem
	for _, e := range in.Facts.Environments {
		if inScope[e.ID] || e.IsProduction() || e.IsDefault {
			continue
		}
		if !e.Provenance.OK() {
			unread = append(unread, *in.sources().envRead(e))
			continue
		}
		if e.HasDataverse && !e.CMK.Linked() {
			o.flag("nonprod-on-microsoft-key", in.sources().envSubject(e, e.Type+" environment on the Microsoft-managed key"))
		}
	}
	if o.unreadable("environments", unread) {
		return o
	}
	return o.summarise("Non-production environments with Dataverse on Microsoft-managed keys: ", "Every non-production environment with Dataverse uses a customer-managed key too.")
}

// overEnvs runs each on every in-scope environment whose facts read reports
// readable, then applies the shared endings: not applicable without
// environments, unreadable facts. done means o is final.
func overEnvs(in CheckInput, read func(Environment) *problem, each func(o *Observation, e Environment)) (o Observation, done bool) {
	return overScope(in, func(i int) *problem { return read(in.Scope[i]) }, each)
}

// overScope is overEnvs with read given the environment's position in
// in.Scope, so a check can take problems another check already built.
func overScope(in CheckInput, read func(i int) *problem, each func(o *Observation, e Environment)) (o Observation, done bool) {
	if len(in.Scope) == 0 {
		return noScope(), true
	}
	var unread []problem
	// Checks note a line of evidence per environment: one allocation, not a
	// doubling (and a copy) per thousand environments.
	o.Evidence = make([]Evidence, 0, len(in.Scope))
	for i, e := range in.Scope {
		if p := read(i); p != nil {
			unread = append(unread, *p)
			continue
		}
		each(&o, e)
	}
	if len(o.Evidence) == 0 {
		o.Evidence = nil
	}
	return o, o.unreadable("environment facts", unread)
}

// envRead reports an environment whose own facts could not be read.
func (t *sourceTable) envRead(e Environment) *problem {
	if e.Provenance.OK() {
		return nil
	}
	reason := e.Label() + ": " + e.Provenance.Describe()
	return &problem{status: e.Provenance.Status, reason: reason, subjects: []Subject{t.envSubject(e, "not verified: "+e.Provenance.Describe())}}
}

// envEvidence is a line of evidence about e: its label, then the parts of
// the text, joined in one allocation (a line per environment and check).
func (t *sourceTable) envEvidence(e Environment, parts ...string) Evidence {
	return t.evidenceFrom(e.Provenance, e.Label(), parts...)
}

// evidenceFrom is a line of evidence about what, read from p.
func (t *sourceTable) evidenceFrom(p Provenance, what string, parts ...string) Evidence {
	return Evidence{Kind: EvidenceFact, Text: concat(what, ": ", parts...), Source: t.ref(p)}
}

func (t *sourceTable) envSubject(e Environment, detail string) Subject {
	return t.envSubjectFrom(e, detail, e.Provenance)
}

// envSubjectFrom is an environment whose fact came from p (its AI settings,
// the TLS probe of its host) rather than from the environment list.
func (t *sourceTable) envSubjectFrom(e Environment, detail string, p Provenance) Subject {
	return Subject{Kind: SubjectEnvironment, ID: e.ID, Name: e.Label(), Detail: detail, Source: t.ref(p)}
}

// aiSubject is an environment whose generative AI settings raised a signal:
// its evidence is the settings call, not the environment list.
func (t *sourceTable) aiSubject(e Environment, detail string) Subject {
	return t.envSubjectFrom(e, detail, e.AI.Provenance)
}

// customerKey reports whether keyManagedBy names the customer. The API says
// "Customer"; the admin center shows "CustomerViaMicrosoft", so both count.
func customerKey(e Environment) bool {
	return strings.HasPrefix(strings.ToLower(e.KeyManagedBy), "customer")
}

// missingPolicy returns the encryption policy an environment is linked to
// when Azure reported it as not found (HTTP 404): the link's status says
// "Linked", but nothing behind it can be read.
func missingPolicy(idx factIndex, e Environment) (EnterprisePolicy, bool) {
	if !hasLink(e.CMK) {
		return EnterprisePolicy{}, false
	}
	p, ok := idx.policy(e.CMK)
	if !ok || p.Provenance.Status != StatusNotFound {
		return EnterprisePolicy{}, false
	}
	if p.Name == "" {
		p.Name = lastSegment(p.ID)
	}
	return p, true
}

// hasLink reports whether an environment names an encryption policy at all,
// whatever the link's status.
func hasLink(l *PolicyLink) bool {
	return l != nil && (l.ResourceID != "" || l.SystemID != "" || l.PolicyID != "")
}

// policyLocation gives the geo of an environment's encryption policy: the
// policy's own location when it was read, else the link's; "" without a link.
func policyLocation(idx factIndex, e Environment) string {
	if !hasLink(e.CMK) {
		return ""
	}
	if p, ok := idx.policy(e.CMK); ok && p.Location != "" {
		return p.Location
	}
	return e.CMK.Location
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

func noScope() Observation {
	return Observation{Status: StatusNotApplicable, Summary: "No in-scope environments were found in the tenant."}
}
