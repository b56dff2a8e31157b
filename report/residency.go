package report

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ppwaf/se06/assess"
)

// These functions turn tenant facts into the words of the residency and key
// map. They are shared by the PDF and the Markdown summary.

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// setting describes an optional boolean setting.
func setting(b *bool, on, off string, p assess.Provenance) string {
	if b == nil {
		if p.Status != "" && !p.OK() {
			return "Unknown" // the reason is in the evidence appendix
		}
		return "not returned"
	}
	if *b {
		return on
	}
	return off
}

// envGeo names an environment's geography and Azure region as the admin
// center does ("United States / East US").
func envGeo(e assess.Environment) string {
	if e.Region == "" {
		return cmp.Or(geoName(e.Geo), "-")
	}
	return cmp.Or(geoName(e.Geo), "-") + " / " + regionName(e.Region)
}

// aiRegion says where the environment's generative AI prompts are processed.
func aiRegion(t *assess.AIHostingTable, e assess.Environment) string {
	h := t.For(e.Geo)
	switch {
	case e.Geo == "":
		return "unknown (no geo)"
	case h.InGeo:
		return "In geo: " + h.OpenAI
	case e.AI.CrossGeoMovement != nil && !*e.AI.CrossGeoMovement:
		return "Stays in geo (movement off); if allowed: " + h.OpenAI
	case e.AI.CrossGeoMovement != nil && *e.AI.CrossGeoMovement:
		return h.OpenAI
	}
	return h.OpenAI + " (if allowed)"
}

// crossGeoSetting words "Move data across regions". United States and
// government-cloud environments do not show the setting (processing stays in
// region), so a missing value there is not applicable rather than unknown.
func crossGeoSetting(e assess.Environment) string {
	if g := assess.NormalizeGeo(e.Geo); e.AI.CrossGeoMovement == nil && (g == "unitedstates" || g == "usgov") {
		return "Not shown (in region)"
	}
	return setting(e.AI.CrossGeoMovement, "Allowed", "Off", e.AI.Provenance)
}

// aiLeavesGeo reports whether prompts leave the environment's geo.
func aiLeavesGeo(t *assess.AIHostingTable, e assess.Environment) bool {
	h := t.For(e.Geo)
	return e.Geo != "" && !h.InGeo && e.AI.CrossGeoMovement != nil && *e.AI.CrossGeoMovement
}

func keyManagedBy(e assess.Environment) string {
	if !e.Provenance.OK() && e.Provenance.Status != "" {
		return "unknown (" + e.Provenance.Describe() + ")"
	}
	switch strings.ToLower(e.KeyManagedBy) {
	case "customer":
		return "Customer"
	case "microsoft", "":
		return "Microsoft"
	}
	return e.KeyManagedBy
}

// cmkPolicy names the environment's encryption policy, its link status and the policy's state.
func cmkPolicy(f *assess.Facts, e assess.Environment) string {
	if e.CMK == nil {
		return "none"
	}
	name := lastSegment(e.CMK.ResourceID)
	status := cmp.Or(e.CMK.LinkStatus, "linked")
	p, ok := f.Policy(e.CMK.ResourceID)
	if ok && p.Provenance.Status == assess.StatusNotFound {
		// The link says "Linked", but the policy it names does not exist:
		// never show that link as in effect.
		return cmp.Or(name, e.CMK.PolicyID, "policy") + ": policy not found (" + p.Provenance.Describe() + ")"
	}
	s := cmp.Or(name, e.CMK.PolicyID, "policy") + ": " + status
	if ok {
		var parts []string
		if p.State != "" {
			parts = append(parts, p.State)
		}
		if p.Health != "" {
			parts = append(parts, p.Health)
		}
		if len(parts) > 0 {
			s += " (" + strings.Join(parts, ", ") + ")"
		}
	}
	return s
}

func lastSegment(id string) string {
	id = strings.TrimRight(id, "/")
	if i := strings.LastIndex(id, "/"); i >= 0 {
		return id[i+1:]
	}
	return id
}

// tlsResult describes the TLS probe of the environment's Dataverse host.
func tlsResult(e assess.Environment) (string, bool) {
	t := e.TLS
	switch {
	case !e.HasDataverse && t == nil:
		return "no Dataverse", true
	case t == nil:
		return "not probed", true
	case !t.Provenance.OK() && t.Provenance.Status != "":
		return t.Provenance.Describe(), true
	case !t.LegacyRefused:
		return "accepts TLS 1.1 or older", false
	case !t.ModernOK:
		return "TLS 1.2 handshake failed", false
	}
	return "TLS 1.2+ only" + parenIf(t.Version), true
}

func parenIf(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// vaultNetwork describes how a vault is reachable.
func vaultNetwork(v assess.Vault) string {
	switch {
	case strings.EqualFold(v.PublicNetworkAccess, "Disabled"):
		s := "Private only"
		if v.PrivateEndpoints > 0 {
			s += fmt.Sprintf(" (%d private endpoints)", v.PrivateEndpoints)
		}
		return s
	case strings.EqualFold(v.DefaultAction, "Deny"):
		s := "Firewall (default deny"
		if v.Bypass != "" {
			s += ", bypass " + v.Bypass
		}
		return s + ")"
	case v.PublicNetworkAccess == "" && v.DefaultAction == "":
		return "not returned"
	}
	return "Public (all networks)"
}

func vaultPurge(v assess.Vault) (string, bool) {
	soft := "soft delete on"
	if v.SoftDelete != nil && !*v.SoftDelete {
		soft = "soft delete OFF"
	}
	if v.PurgeProtection {
		ret := ""
		if v.RetentionDays > 0 {
			ret = fmt.Sprintf(", %d days", v.RetentionDays)
		}
		return "On (" + soft + ret + ")", true
	}
	return "Off (" + soft + ")", false
}

func keyTypeSize(k assess.Key) string {
	s := cmp.Or(k.Type, "?")
	if k.Size > 0 {
		s += fmt.Sprintf(" %d", k.Size)
	}
	if !k.Enabled {
		s += ", disabled"
	}
	return s
}

// keyExpiry says when the key expires, flagging expired or near ones.
func keyExpiry(k assess.Key, now time.Time) (string, color) {
	if k.Expires == nil {
		return "no expiry set", colMedium
	}
	days := int(k.Expires.Sub(now).Hours() / 24)
	s := k.Expires.UTC().Format(time.DateOnly)
	switch {
	case days < 0:
		return s + " (expired)", colHigh
	case days <= 30:
		return fmt.Sprintf("%s (in %d days)", s, days), colMedium
	}
	return s, 0
}

func keyRotation(k assess.Key) (string, bool) {
	if k.Rotation == nil {
		if k.RotationProvenance != nil && !k.RotationProvenance.OK() {
			return "unknown (" + k.RotationProvenance.Describe() + ")", true
		}
		return "no rotation policy", false
	}
	if !k.Rotation.Rotates() {
		return "notify only, no automatic rotation", false
	}
	var parts []string
	if k.Rotation.RotateAfterCreate != "" {
		parts = append(parts, isoDuration(k.Rotation.RotateAfterCreate)+" after creation")
	}
	if k.Rotation.RotateBeforeExpiry != "" {
		parts = append(parts, isoDuration(k.Rotation.RotateBeforeExpiry)+" before expiry")
	}
	return "Automatic, " + strings.Join(parts, ", "), true
}

// isoDuration words a Key Vault ISO 8601 duration of whole years, months
// or days ("P90D" → "90 days", "P1Y" → "1 year"); anything else is shown as given.
func isoDuration(s string) string {
	units := map[byte]string{'Y': "year", 'M': "month", 'W': "week", 'D': "day"}
	rest, ok := strings.CutPrefix(strings.ToUpper(s), "P")
	if !ok || rest == "" || strings.Contains(rest, "T") {
		return s
	}
	var parts []string
	for rest != "" {
		i := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
		if i <= 0 {
			return s
		}
		unit, known := units[rest[i]]
		if !known {
			return s
		}
		n, _ := strconv.Atoi(rest[:i])
		if n != 1 {
			unit += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, unit))
		rest = rest[i+1:]
	}
	return strings.Join(parts, " ")
}

// vaultName gives a vault's name from the facts, or the last segment of its ID.
func vaultName(f *assess.Facts, id string) string {
	if v, ok := f.Vault(id); ok && v.Name != "" {
		return v.Name
	}
	return lastSegment(id)
}

// aiHostingCaption says which revision of Microsoft's AI hosting table the
// "AI processing" column follows, so a reader knows how old it is.
func aiHostingCaption(t *assess.AIHostingTable) string {
	if t == nil {
		return "AI processing regions are unknown: this result carries no AI hosting table."
	}
	return "AI processing region follows Microsoft's table of where generative AI features are hosted (" + t.Dated() + ", " + t.Source + "); it applies when \"Move data across regions\" is allowed."
}
