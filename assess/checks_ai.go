// AI and residency checks: where data is stored, and where generative AI
// moves or processes it.

package assess

import (
	"fmt"
	"slices"
	"strings"
)

// checkResidency compares the in-scope environments, their encryption
// policies and key vaults with the geography required by the RS-01 answer.
func checkResidency(in CheckInput) Observation {
	o := Observation{}
	req, ok := in.Answers["RS-01"]
	if !ok || req.State != AnswerAnswered || len(req.Values) != 1 || req.Values[0] == "no-requirement" {
		o.Status = StatusNotApplicable
		o.Summary = "No required geography was given (RS-01)."
		return o
	}
	geo := req.Values[0]
	if len(in.Scope) == 0 {
		return noScope()
	}
	var unread []problem
	for _, e := range in.Scope {
		if !e.Provenance.OK() {
			unread = append(unread, *in.sources().envRead(e))
			continue
		}
		switch {
		case e.Geo == "":
			// Unknown is not "outside": leave it to the evidence and a person.
		case !geoWithin(e.Geo, geo):
			o.flag("env-outside-geo", in.sources().envSubject(e, "stored in "+e.Geo+", required "+geo))
		}
		o.Evidence = append(o.Evidence, in.sources().envEvidence(e, "geo=", orDash(e.Geo), ", region=", orDash(e.Region)))
	}
	// The tenant's home geo keeps environment metadata, even with multi-geo.
	if t := in.Facts.Tenant; t.Provenance.OK() && t.HomeGeo != "" && !geoWithin(t.HomeGeo, geo) {
		o.flag("home-geo-outside", Subject{Kind: SubjectTenant, ID: in.Facts.TenantID, Name: "Tenant home geo",
			Detail: fmt.Sprintf("home geo %s keeps environment metadata, required %s", t.HomeGeo, geo), Source: in.ref(t.Provenance)})
	}
	ch := followKeys(in)
	for _, p := range ch.policies {
		if p.Location != "" && !geoWithin(p.Location, geo) {
			o.flag("policy-outside-geo", ch.policySubject(p, fmt.Sprintf("policy in %s, required %s", p.Location, geo)))
		}
	}
	for _, v := range ch.vaults {
		vg, known := azureRegionGeo(v.Location)
		switch {
		case !known:
			o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Vault %s: region %s could not be mapped to a geography; check it by hand", v.Name, orDash(v.Location)), Source: in.ref(v.Provenance)})
		case !geoWithin(vg, geo):
			o.flag("vault-outside-geo", ch.vaultSubject(v, fmt.Sprintf("vault in %s (%s), required %s", v.Location, vg, geo)))
		}
	}
	if o.unreadable("residency facts", unread, ch.policyProblems, ch.vaultProblems) {
		return o
	}
	return o.summarise("Outside the required geography ("+geo+"): ", fmt.Sprintf("All %d in-scope environments and their key resources sit in the required geography (%s).", len(in.Scope), geo))
}

// checkAICrossGeo reads "Move data across regions" per in-scope environment
// and, where it is on, where prompts are processed (the bank's AI hosting table).
// Implies: allowed, not-allowed.
func checkAICrossGeo(in CheckInput) Observation {
	o := aiToggle(in, func(e Environment) *bool {
		if g := NormalizeGeo(e.Geo); e.AI.CrossGeoMovement == nil && (g == "unitedstates" || g == "usgov") {
			// The setting is not shown in the United States or the government
			// clouds: processing stays in region, so a missing value is not unknown.
			return new(false)
		}
		return e.AI.CrossGeoMovement
	}, func(o *Observation, e Environment) {
		h := in.hostingFor(e.Geo)
		o.flag("ai-cross-geo-on", in.sources().aiSubject(e, h.processing))
		if !h.InGeo {
			o.raise("ai-processing-outside-geo", in.sources().aiSubject(e, h.processing))
		}
	}, "allowed", "not-allowed", "Move data across regions")
	if o.Summary != "" && o.Status != StatusNotApplicable && !strings.Contains(o.Summary, in.Hosting.Dated()) {
		// Say how old the processing locations are, wherever the summary shows.
		o.Summary += " Processing locations: AI hosting table, " + in.Hosting.Dated() + "."
	}
	return o
}

// checkAIBing reads the Bing Search toggle; Bing data goes to the United
// States for every geo. Implies: yes, no.
func checkAIBing(in CheckInput) Observation {
	return aiToggle(in, func(e Environment) *bool { return e.AI.BingSearch }, func(o *Observation, e Environment) {
		o.flag("bing-on", in.sources().aiSubject(e, "Bing Search on; its data goes to "+in.hostingFor(e.Geo).Bing))
	}, "yes", "no", "Bing Search")
}

// aiToggle is the shared shape of the per-environment AI switches: one
// boolean per environment, "on" raises signals, all known and off implies off.
func aiToggle(in CheckInput, get func(Environment) *bool, on func(*Observation, Environment), yes, no, name string) Observation {
	unknown := 0
	o, done := overScope(in, in.aiRead, func(o *Observation, e Environment) {
		v := get(e)
		switch {
		case v == nil:
			unknown++
		case *v:
			on(o, e)
		}
		o.Evidence = append(o.Evidence, in.sources().evidenceFrom(e.AI.Provenance, e.Label(), name, " ", boolText(v)))
	})
	if done {
		return o
	}
	switch {
	case len(o.Affected) > 0:
		o.Implies = []string{yes}
		o.Summary = name + " is on for: " + describeSubjects(o.Affected, 5)
	case unknown == 0:
		o.Implies = []string{no}
		o.Summary = fmt.Sprintf("%s is off for all %d in-scope environments.", name, len(in.Scope))
	default:
		o.Summary = fmt.Sprintf("%s is off where reported; %s did not report it.", name, nOf(unknown, "environment", "environments"))
	}
	return o
}

// checkAIBoundary reads the two switches that let data leave the Azure or EU
// boundary: Microsoft 365 services and (EU only) flex routing.
// Implies any of m365-on, flex-on, or neither.
func checkAIBoundary(in CheckInput) Observation {
	unknown := 0
	o, done := overScope(in, in.aiRead, func(o *Observation, e Environment) {
		if e.AI.M365Services == nil {
			unknown++
		} else if *e.AI.M365Services {
			o.flag("m365-services-on", in.sources().aiSubject(e, "Microsoft 365 services on: data leaves the Azure compliance boundary"))
		}
		flex := e.AI.CrossBoundaryFlex
		if flex == nil && in.hostingFor(e.Geo).FlexRouting {
			unknown++
		} else if flex != nil && *flex {
			o.flag("flex-routing-on", in.sources().aiSubject(e, "flex routing on: inference may run outside the EU Data Boundary at peak load"))
		}
		o.Evidence = append(o.Evidence, in.sources().evidenceFrom(e.AI.Provenance, e.Label(), "Microsoft 365 services ", boolText(e.AI.M365Services), ", flex routing ", boolText(flex)))
	})
	if done {
		return o
	}
	if len(o.Signals["m365-services-on"]) > 0 {
		o.Implies = append(o.Implies, "m365-on")
	}
	if len(o.Signals["flex-routing-on"]) > 0 {
		o.Implies = append(o.Implies, "flex-on")
	}
	switch {
	case len(o.Implies) > 0:
		o.Summary = "Boundary-crossing AI settings are on: " + describeSubjects(o.Affected, 5)
	case unknown == 0:
		o.Implies = []string{"neither"}
		o.Summary = fmt.Sprintf("Microsoft 365 services and flex routing are off for all %d in-scope environments.", len(in.Scope))
	default:
		o.Summary = fmt.Sprintf("No boundary-crossing AI setting is on where reported; %s %s not returned.", nOf(unknown, "setting", "settings"), verb(unknown, "was", "were"))
	}
	return o
}

// checkTenantAISettings reads the tenant-wide switches that share Copilot data
// with Microsoft: model data sharing, and users sending prompts with feedback.
func checkTenantAISettings(in CheckInput) Observation {
	o := Observation{}
	s := in.Facts.Tenant.Settings
	if !s.Provenance.OK() {
		p := s.Provenance
		if p.Status == "" {
			p.Status = StatusNotCollected
		}
		o.Status = p.Status
		o.Reason = "tenant settings: " + p.Describe()
		o.Summary = "Tenant settings could not be read: " + o.Reason
		return o
	}
	tenant := Subject{Kind: SubjectTenant, ID: in.Facts.TenantID, Name: "Tenant", Source: in.ref(s.Provenance)}
	if s.EnableModelDataSharing != nil && *s.EnableModelDataSharing {
		tenant.Detail = "model data sharing is on: Microsoft may read Power Automate Copilot inputs and outputs"
		o.flag("model-data-sharing-on", tenant)
	}
	if s.DisableCopilotFeedbackMetadata != nil && !*s.DisableCopilotFeedbackMetadata {
		tenant.Detail = "users may share their prompts with Microsoft when giving feedback on Copilot in Power Apps"
		o.flag("prompt-sharing-allowed", tenant)
	}
	o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Tenant: model data sharing %s, feedback metadata disabled %s", boolText(s.EnableModelDataSharing), boolText(s.DisableCopilotFeedbackMetadata)), Source: in.ref(s.Provenance)})
	if len(o.Affected) > 0 {
		o.Summary = "Tenant settings share Copilot data with Microsoft: " + strings.Join(subjectDetails(o.Affected), "; ")
		return o
	}
	o.Summary = "Tenant settings do not share Copilot prompts or data with Microsoft."
	return o
}

// aiRead is aiRead of the i-th in-scope environment, built once per evaluation.
func (in CheckInput) aiRead(i int) *problem {
	if in.memo == nil {
		return in.sources().aiRead(in.Scope[i])
	}
	if in.memo.ai == nil {
		in.memo.ai = make([]*problem, len(in.Scope))
		for j, e := range in.Scope {
			in.memo.ai[j] = in.sources().aiRead(e)
		}
	}
	return in.memo.ai[i]
}

// aiRead reports an environment whose generative AI settings could not be read.
func (t *sourceTable) aiRead(e Environment) *problem {
	p := e.AI.Provenance
	if !e.Provenance.OK() {
		p = e.Provenance
	} else if p.OK() {
		return nil
	}
	if p.Status == "" {
		p.Status = StatusNotCollected
	}
	s := t.envSubjectFrom(e, "not verified: AI settings "+p.Describe(), p)
	return &problem{status: p.Status, reason: "AI settings of " + e.Label() + ": " + p.Describe(), subjects: []Subject{s}}
}

func boolText(b *bool) string {
	if b == nil {
		return "not returned"
	}
	if *b {
		return "on"
	}
	return "off"
}

// geoWithin reports whether an environment or policy geo satisfies a required
// geo. "europe" is read as the European geos together (Europe, France,
// Germany, Norway, Sweden, Switzerland), since a Europe requirement is
// usually about the EU/EEA rather than one Power Platform geo.
func geoWithin(have, required string) bool {
	h, r := NormalizeGeo(have), NormalizeGeo(required)
	if h == r {
		return true
	}
	return r == "europe" && slices.Contains(euBoundaryGeos(), h)
}

// azureRegionGeo maps an Azure region (a vault's location) to a Power
// Platform geo code.
func azureRegionGeo(region string) (string, bool) {
	r := strings.ToLower(strings.ReplaceAll(region, " ", ""))
	prefixes := []struct{ prefix, geo string }{
		{"usgov", "usgov"}, {"usdod", "usgov"}, {"china", "china"},
		{"northeurope", "europe"}, {"westeurope", "europe"}, {"italy", "europe"}, {"poland", "europe"}, {"spain", "europe"}, {"austria", "europe"},
		{"france", "france"}, {"germany", "germany"}, {"norway", "norway"}, {"sweden", "sweden"}, {"switzerland", "switzerland"},
		{"uk", "uk"}, {"canada", "canada"}, {"brazil", "southamerica"}, {"southafrica", "southafrica"},
		{"japan", "japan"}, {"korea", "korea"}, {"centralindia", "india"}, {"southindia", "india"}, {"westindia", "india"}, {"jioindia", "india"},
		{"australia", "australia"}, {"uae", "uae"}, {"eastasia", "asia"},
		{"eastus", "unitedstates"}, {"westus", "unitedstates"}, {"centralus", "unitedstates"}, {"northcentralus", "unitedstates"},
		{"southcentralus", "unitedstates"}, {"westcentralus", "unitedstates"},
	}
	for _, p := range prefixes {
		if strings.HasPrefix(r, p.prefix) {
			return p.geo, true
		}
	}
	return "", false
}
