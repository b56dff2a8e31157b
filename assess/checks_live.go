package assess

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// liveChecks is the table of named checks the bank's questions refer to with
// "live: {check: NAME}". Each one reads Facts and returns an Observation.
// Signal names are unique across the table, so a rule's "signal:" names
// exactly one source.
func liveChecks() []checkDef {
	return []checkDef{
		{Name: "cmk-linkage", Signals: []string{"env-on-microsoft-key", "cmk-link-mismatch", "cmk-link-failed"}, Fn: checkCMKLinkage},
		{Name: "cmk-prereqs", Signals: []string{"env-not-managed", "env-type-unsupported", "policy-geo-mismatch"}, Fn: checkCMKPrereqs},
		{Name: "legacy-byok", Signals: []string{"byok-suspected"}, Fn: checkLegacyBYOK},
		{Name: "key-type", Signals: []string{"key-unsupported", "key-size-verify", "key-software"}, Fn: checkKeyType},
		{Name: "vault-recovery", Signals: []string{"vault-soft-delete-off", "vault-purge-protection-off"}, Fn: checkVaultRecovery},
		{Name: "key-access-model", Signals: []string{"vault-access-policies"}, Fn: checkKeyAccessModel},
		{Name: "key-rotation", Signals: []string{"key-no-rotation-policy", "key-version-disabled-early"}, Fn: checkKeyRotation},
		{Name: "key-expiry", Signals: []string{"key-expired", "key-expiring", "key-disabled"}, Fn: checkKeyExpiry},
		{Name: "vault-network", Signals: []string{"vault-lock-risk", "vault-open"}, Fn: checkVaultNetwork},
		{Name: "cmk-health", Signals: []string{"policy-unhealthy", "policy-warning", "env-disabled"}, Fn: checkCMKHealth},
		{Name: "nonprod-keys", Signals: []string{"nonprod-on-microsoft-key"}, Fn: checkNonProdKeys},
		{Name: "tls-endpoints", Signals: []string{"tls-legacy-accepted", "tls-modern-failed"}, Fn: checkTLS},
		{Name: "vnet-injection", Signals: []string{"env-without-vnet"}, Fn: checkVNet},
		{Name: "residency", Signals: []string{"env-outside-geo", "policy-outside-geo", "vault-outside-geo", "home-geo-outside"}, Fn: checkResidency},
		{Name: "ai-cross-geo", Signals: []string{"ai-cross-geo-on", "ai-processing-outside-geo"}, Fn: checkAICrossGeo},
		{Name: "ai-bing", Signals: []string{"bing-on"}, Fn: checkAIBing},
		{Name: "ai-boundary", Signals: []string{"m365-services-on", "flex-routing-on"}, Fn: checkAIBoundary},
		{Name: "tenant-ai-settings", Signals: []string{"model-data-sharing-on", "prompt-sharing-allowed"}, Fn: checkTenantAISettings},
	}
}

// Key rotation and expiry windows from the CMK documentation.
const (
	// previousVersionDays: an earlier key version must stay enabled this long after a rotation.
	previousVersionDays = 28
	// expiryWarningDays: a key that expires within this many days needs action now.
	expiryWarningDays = 60
)

// checkCMKLinkage looks at each in-scope environment's key custody: which
// ones are linked to an encryption enterprise policy, and whether
// keyManagedBy agrees with the link (a mismatch is reported, not resolved).
// Implies: all-cmk, some-cmk, none-cmk.
func checkCMKLinkage(in CheckInput) Observation {
	var onCMK, onMMK []string
	o, done := overEnvs(in, envRead, func(o *Observation, e Environment) {
		subj := envSubject(e, "")
		linked := e.CMK.Linked()
		customer := customerKey(e)
		switch {
		case linked && customer:
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
		o.Evidence = append(o.Evidence, envEvidence(e, fmt.Sprintf("keyManagedBy=%s, CMK link=%s", orDash(e.KeyManagedBy), linkText(e.CMK))))
	})
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
	o, done := overEnvs(in, envRead, func(o *Observation, e Environment) {
		if !e.Managed {
			o.flag("env-not-managed", envSubject(e, "not a Managed Environment (protection level "+orDash(e.ProtectionLevel)+")"))
		}
		if strings.EqualFold(e.Type, EnvTrial) || strings.EqualFold(e.Type, EnvTeams) {
			o.flag("env-type-unsupported", envSubject(e, e.Type+" environments cannot use a customer-managed key"))
		}
		loc := policyLocation(idx, e)
		if loc != "" && NormalizeGeo(loc) != NormalizeGeo(e.Geo) {
			o.flag("policy-geo-mismatch", envSubject(e, fmt.Sprintf("encryption policy is in %s, the environment in %s", loc, orDash(e.Geo))))
		}
		o.Evidence = append(o.Evidence, envEvidence(e, fmt.Sprintf("type=%s, managed=%t, CMK policy location=%s", orDash(e.Type), e.Managed, orDash(loc))))
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
	o, done := overEnvs(in, envRead, func(o *Observation, e Environment) {
		if e.KeyManagedBy == "" {
			return
		}
		known++
		if customerKey(e) && !hasLink(e.CMK) {
			o.flag("byok-suspected", envSubject(e, fmt.Sprintf("keyManagedBy is %q with no encryption enterprise policy", e.KeyManagedBy)))
		}
		o.Evidence = append(o.Evidence, envEvidence(e, fmt.Sprintf("keyManagedBy=%s, CMK link=%s", e.KeyManagedBy, linkText(e.CMK))))
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

// checkKeyType reads the type and size of every key the in-scope
// environments' encryption policies use. Implies the key's kind when all keys
// agree: rsa-software, rsa-hsm-vault, rsa-hsm-managed, other.
func checkKeyType(in CheckInput) Observation {
	kinds := map[string]bool{}
	o, ch, done := overKeys(in, func(o *Observation, ch keyChain, k Key) *problem {
		subj := ch.keySubject(k, fmt.Sprintf("%s %s", orDash(k.Type), sizeText(k.Size)))
		kty := strings.ToUpper(k.Type)
		switch {
		case kty != "RSA" && kty != "RSA-HSM":
			kinds["other"] = true
			o.flag("key-unsupported", subj)
		case kty == "RSA":
			kinds["rsa-software"] = true
			o.raise("key-software", subj)
		case isManagedHSM(k.VaultID, ch.vaultURI(k.VaultID)):
			kinds["rsa-hsm-managed"] = true
		default:
			kinds["rsa-hsm-vault"] = true
		}
		switch k.Size {
		case 0, 2048, 3072:
			// 0: size not returned; the type decides.
		case 4096:
			o.flag("key-size-verify", subj)
		default:
			if kty == "RSA" || kty == "RSA-HSM" {
				o.flag("key-unsupported", subj)
			}
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Key %s: type %s, %s", k.Name, orDash(k.Type), sizeText(k.Size)), Provenance: provPtr(k.Provenance)})
		return nil
	})
	if done {
		return o
	}
	if len(kinds) == 1 {
		for k := range kinds {
			o.Implies = []string{k}
		}
	}
	o.Summary = fmt.Sprintf("%s in use: %s", nOf(len(ch.keys), "key", "keys"), keyNames(ch.keys))
	if len(o.Affected) > 0 {
		o.Summary += "; needs attention: " + describeSubjects(o.Affected, 5)
	}
	return o
}

// checkVaultRecovery checks soft-delete and purge protection on every vault
// that holds an in-scope environment's key. Implies: yes, no.
func checkVaultRecovery(in CheckInput) Observation {
	o, ch, done := overVaults(in, func(o *Observation, ch keyChain, v Vault) {
		soft := "on (default; not returned)"
		if v.SoftDelete != nil && !*v.SoftDelete {
			soft = "off"
			o.flag("vault-soft-delete-off", ch.vaultSubject(v, "soft-delete is off"))
		} else if v.SoftDelete != nil {
			soft = "on"
		}
		if !v.PurgeProtection {
			o.flag("vault-purge-protection-off", ch.vaultSubject(v, "purge protection is off"))
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Vault %s: soft-delete %s, purge protection %t, retention %d days", v.Name, soft, v.PurgeProtection, v.RetentionDays), Provenance: provPtr(v.Provenance)})
	})
	if done {
		// One unprotected vault already answers "no", whatever the unread ones hold.
		if len(o.Affected) > 0 {
			o.Implies, o.Conclusive = []string{"no"}, true
		}
		return o
	}
	if len(o.Affected) > 0 {
		o.Implies = []string{"no"}
		o.Summary = "Vaults without full recovery protection: " + describeSubjects(o.Affected, 5)
		return o
	}
	o.Implies = []string{"yes"}
	o.Summary = allOf(len(ch.vaults), "key vault", "key vaults") + " " + verb(len(ch.vaults), "has", "have") + " soft-delete and purge protection."
	return o
}

// checkKeyAccessModel reports vaults still on the legacy access-policy model.
// Role assignments are not read, so RBAC alone does not prove least
// privilege: the check implies only "access-policies".
func checkKeyAccessModel(in CheckInput) Observation {
	o, ch, done := overVaults(in, func(o *Observation, ch keyChain, v Vault) {
		model := "Azure RBAC"
		if !v.RBAC {
			model = "access policies"
			o.flag("vault-access-policies", ch.vaultSubject(v, "uses vault access policies, not Azure RBAC"))
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Vault %s: permission model %s", v.Name, model), Provenance: provPtr(v.Provenance)})
	})
	if done {
		// One access-policy vault already answers the question.
		if len(o.Affected) > 0 {
			o.Implies, o.Conclusive = []string{"access-policies"}, true
		}
		return o
	}
	if len(o.Affected) > 0 {
		o.Implies = []string{"access-policies"}
		o.Summary = "Vaults on the access-policy model: " + describeSubjects(o.Affected, 5)
		return o
	}
	o.Summary = allOf(len(ch.vaults), "key vault", "key vaults") + " " + verb(len(ch.vaults), "uses", "use") + " Azure RBAC; who holds which role is not visible to the tool."
	return o
}

// checkKeyRotation looks for a rotation policy with a Rotate action and for
// earlier key versions disabled less than 28 days after the version that
// replaced them. Implies "versions-disabled-early" when it finds one.
func checkKeyRotation(in CheckInput) Observation {
	o, ch, done := overKeys(in, func(o *Observation, ch keyChain, k Key) *problem {
		var unread *problem
		if k.RotationProvenance != nil && !k.RotationProvenance.OK() {
			unread = &problem{k.RotationProvenance.Status, "rotation policy of key " + k.Name + ": " + k.RotationProvenance.Describe()}
		} else if !k.Rotation.Rotates() {
			o.flag("key-no-rotation-policy", ch.keySubject(k, "no rotation policy with a Rotate action"))
		}
		if v, newer, ok := disabledEarly(k.Versions, in.Now); ok {
			o.flag("key-version-disabled-early", ch.keySubject(k, fmt.Sprintf("version %s was disabled although version %s is only %d days old", shortVersion(v.Version), shortVersion(newer.Version), ageDays(newer.Created, in.Now))))
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Key %s: rotation %s, %s listed", k.Name, rotationText(k.Rotation), nOf(len(k.Versions), "version", "versions")), Provenance: provPtr(k.Provenance)})
		return unread
	})
	if done {
		return o
	}
	if len(o.Signals["key-version-disabled-early"]) > 0 {
		o.Implies = []string{"versions-disabled-early"}
	}
	if len(o.Affected) == 0 {
		o.Summary = allOf(len(ch.keys), "key", "keys") + " " + verb(len(ch.keys), "has", "have") + " a rotation policy, and no earlier version was disabled within 28 days of its replacement."
		return o
	}
	o.Summary = "Rotation needs attention: " + describeSubjects(o.Affected, 5)
	return o
}

// disabledEarly finds an earlier version that is disabled while the version
// after it is younger than 28 days. Versions are listed newest first.
func disabledEarly(vs []KeyVersion, now time.Time) (old, newer KeyVersion, ok bool) {
	for i := 1; i < len(vs); i++ {
		n := vs[i-1]
		if !vs[i].Enabled && n.Created != nil && now.Sub(*n.Created) < previousVersionDays*24*time.Hour {
			return vs[i], n, true
		}
	}
	return KeyVersion{}, KeyVersion{}, false
}

// checkKeyExpiry flags keys that are expired, expire within 60 days, or are
// disabled: each of them locks every environment on the key. Implies
// "no-expiry" when no key has an expiry date.
func checkKeyExpiry(in CheckInput) Observation {
	withExpiry := 0
	o, ch, done := overKeys(in, func(o *Observation, ch keyChain, k Key) *problem {
		exp := "no expiry"
		if !k.Enabled {
			o.flag("key-disabled", ch.keySubject(k, "the key is disabled"))
		}
		if k.Expires != nil {
			withExpiry++
			exp = "expires " + k.Expires.UTC().Format(time.DateOnly)
			switch left := k.Expires.Sub(in.Now); {
			case left <= 0:
				o.flag("key-expired", ch.keySubject(k, "expired "+k.Expires.UTC().Format(time.DateOnly)))
			case left < expiryWarningDays*24*time.Hour:
				o.flag("key-expiring", ch.keySubject(k, fmt.Sprintf("%s (in %d days)", exp, int(left.Hours()/24))))
			}
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Key %s: enabled %t, %s", k.Name, k.Enabled, exp), Provenance: provPtr(k.Provenance)})
		return nil
	})
	if done {
		return o
	}
	if withExpiry == 0 && len(o.Affected) == 0 {
		o.Implies = []string{"no-expiry"}
		o.Summary = verb(len(ch.keys), "The key has no expiry date.", fmt.Sprintf("None of the %d keys has an expiry date.", len(ch.keys)))
		return o
	}
	return o.summarise("Keys that lock or will soon lock environments: ", fmt.Sprintf("%d of %s %s an expiry date more than %d days away.", withExpiry, nOf(len(ch.keys), "key", "keys"), verb(withExpiry, "has", "have"), expiryWarningDays))
}

// vaultNetworkKinds ranks the KM-06 choices from worst to best, so a mix of
// vaults implies the worst one.
func vaultNetworkKinds() []string {
	return []string{"private-no-bypass", "open", "public-trusted", "private-bypass"}
}

// checkVaultNetwork classifies each vault's network access. A vault that
// refuses public traffic without the trusted-services bypass counts as a
// revoked key. Implies the worst vault's kind.
func checkVaultNetwork(in CheckInput) Observation {
	worst := len(vaultNetworkKinds()) - 1
	o, ch, done := overVaults(in, func(o *Observation, ch keyChain, v Vault) {
		publicOff := strings.EqualFold(v.PublicNetworkAccess, "disabled")
		deny := strings.EqualFold(v.DefaultAction, "deny")
		bypass := v.Bypass == "" || strings.Contains(strings.ToLower(v.Bypass), "azureservices")
		kind := "public-trusted"
		switch {
		case (publicOff || deny) && !bypass:
			kind = "private-no-bypass"
			o.flag("vault-lock-risk", ch.vaultSubject(v, fmt.Sprintf("public access %s, default action %s, bypass %s: Power Platform cannot reach the key", orDash(v.PublicNetworkAccess), orDash(v.DefaultAction), orDash(v.Bypass))))
		case publicOff:
			kind = "private-bypass"
		case !deny:
			kind = "open"
			o.flag("vault-open", ch.vaultSubject(v, "reachable from any network"))
		}
		worst = min(worst, slices.Index(vaultNetworkKinds(), kind))
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Vault %s: public access %s, default action %s, bypass %s, %s", v.Name, orDash(v.PublicNetworkAccess), orDash(v.DefaultAction), orDash(v.Bypass), nOf(v.PrivateEndpoints, "private endpoint", "private endpoints")), Provenance: provPtr(v.Provenance)})
	})
	if done {
		return o
	}
	o.Implies = []string{vaultNetworkKinds()[worst]}
	return o.summarise("Vault networking needs attention: ", allOf(len(ch.vaults), "key vault", "key vaults")+" "+verb(len(ch.vaults), "is firewalled and lets", "are firewalled and let")+" trusted Microsoft services through.")
}

// checkCMKHealth reads what says a key problem has already hit: policy health
// and the runtime state of environments on a customer key. A failed link is
// raised by cmk-linkage (signal cmk-link-failed).
func checkCMKHealth(in CheckInput) Observation {
	ch := followKeys(in)
	if len(ch.envs) == 0 {
		return noCMK()
	}
	o := Observation{}
	for _, e := range ch.envs {
		if !strings.EqualFold(e.RuntimeState, "disabled") {
			continue
		}
		// Adding or removing a key disables the environment on purpose while
		// the operation runs (up to four days): that is not an outage.
		if keyOperationRunning(e.CMK) {
			o.Evidence = append(o.Evidence, envEvidence(e, "disabled while a key operation runs (link status "+e.CMK.LinkStatus+")"))
			continue
		}
		o.flag("env-disabled", envSubject(e, "environment is disabled (runtime state Disabled)"))
	}
	for _, p := range ch.policies {
		switch strings.ToLower(p.Health) {
		case "unhealthy":
			o.flag("policy-unhealthy", ch.policySubject(p, "health Unhealthy: environments on it are shut down"))
		case "warning":
			o.flag("policy-warning", ch.policySubject(p, "health Warning"))
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Policy %s: state %s, health %s", p.Name, orDash(p.State), orDash(p.Health)), Provenance: provPtr(p.Provenance)})
	}
	if o.unreadable("policies", ch.policyProblems) {
		return o
	}
	return o.summarise("Customer-key problems are live: ", fmt.Sprintf("%d encryption policy(ies) report no health problem and no environment on them is disabled.", len(ch.policies)))
}

// keyOperationRunning reports a link status that says a customer-managed key
// is being applied or removed.
func keyOperationRunning(l *PolicyLink) bool {
	if l == nil {
		return false
	}
	switch strings.ToLower(l.LinkStatus) {
	case "linking", "linkingonline", "unlinking", "unlinkingonline":
		return true
	}
	return false
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
			unread = append(unread, *envRead(e))
			continue
		}
		if e.HasDataverse && !e.CMK.Linked() {
			o.flag("nonprod-on-microsoft-key", envSubject(e, e.Type+" environment on the Microsoft-managed key"))
		}
	}
	if o.unreadable("environments", unread) {
		return o
	}
	return o.summarise("Non-production environments with Dataverse on Microsoft-managed keys: ", "Every non-production environment with Dataverse uses a customer-managed key too.")
}

// checkTLS reads the TLS probes of the in-scope Dataverse hosts: a legacy
// (TLS 1.1 or older) handshake must be refused and a modern one must work.
// When accepted, something between the tool and Microsoft (a proxy) is
// terminating TLS, or the probe reached the wrong host.
func checkTLS(in CheckInput) Observation {
	o := Observation{}
	if len(in.Scope) == 0 {
		return noScope()
	}
	var unread []problem
	probed := 0
	for _, e := range in.Scope {
		if e.TLS == nil {
			continue
		}
		t := e.TLS
		if t.Provenance.Status == StatusNotCollected {
			continue
		}
		if !t.Provenance.OK() {
			unread = append(unread, problem{t.Provenance.Status, "TLS probe of " + orDash(t.Host) + ": " + t.Provenance.Describe()})
			continue
		}
		probed++
		host := Subject{Kind: SubjectHost, ID: t.Host, Name: t.Host}
		if !t.LegacyRefused {
			host.Detail = "accepted a TLS 1.1 handshake"
			o.flag("tls-legacy-accepted", host)
		}
		if !t.ModernOK {
			host.Detail = "no TLS 1.2 or 1.3 handshake succeeded"
			o.flag("tls-modern-failed", host)
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("%s: legacy refused %t (%s), modern %s %s", t.Host, t.LegacyRefused, orDash(t.LegacyError), orDash(t.Version), orDash(t.CipherSuite)), Provenance: provPtr(t.Provenance)})
	}
	if o.unreadable("TLS probes", unread) {
		return o
	}
	if probed == 0 {
		o.Status = StatusNotCollected
		o.Summary = "No Dataverse host was probed for TLS."
		return o
	}
	return o.summarise("TLS probes found problems: ", allOf(probed, "probed Dataverse host", "probed Dataverse hosts")+" "+verb(probed, "refuses TLS 1.1 and negotiates", "refuse TLS 1.1 and negotiate")+" TLS 1.2 or later.")
}

// checkVNet lists in-scope environments without a linked network injection
// (subnet delegation) policy.
func checkVNet(in CheckInput) Observation {
	o, done := overEnvs(in, envRead, func(o *Observation, e Environment) {
		if !e.VNetPolicy.Linked() {
			o.flag("env-without-vnet", envSubject(e, "no linked virtual network policy"))
		}
		o.Evidence = append(o.Evidence, envEvidence(e, "VNet policy="+linkText(e.VNetPolicy)))
	})
	if done {
		return o
	}
	if len(o.Affected) > 0 {
		o.Summary = fmt.Sprintf("%d of %s %s no virtual network policy: %s", len(o.Affected), nOf(len(in.Scope), "in-scope environment", "in-scope environments"), verb(len(o.Affected), "has", "have"), describeSubjects(o.Affected, 5))
		return o
	}
	o.Summary = fmt.Sprintf("All %d in-scope environments are linked to a virtual network policy.", len(in.Scope))
	return o
}

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
			unread = append(unread, *envRead(e))
			continue
		}
		switch {
		case e.Geo == "":
			// Unknown is not "outside": leave it to the evidence and a person.
		case !geoWithin(e.Geo, geo):
			o.flag("env-outside-geo", envSubject(e, fmt.Sprintf("stored in %s, required %s", e.Geo, geo)))
		}
		o.Evidence = append(o.Evidence, envEvidence(e, "geo="+orDash(e.Geo)+", region="+orDash(e.Region)))
	}
	// The tenant's home geo keeps environment metadata, even with multi-geo.
	if t := in.Facts.Tenant; t.Provenance.OK() && t.HomeGeo != "" && !geoWithin(t.HomeGeo, geo) {
		o.flag("home-geo-outside", Subject{Kind: SubjectTenant, ID: in.Facts.TenantID, Name: "Tenant home geo", Detail: fmt.Sprintf("home geo %s keeps environment metadata, required %s", t.HomeGeo, geo)})
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
			o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Vault %s: region %s could not be mapped to a geography; check it by hand", v.Name, orDash(v.Location)), Provenance: provPtr(v.Provenance)})
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
// and, where it is on, where prompts are processed (AIHostingFor).
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
		h := in.Hosting.For(e.Geo)
		o.flag("ai-cross-geo-on", envSubject(e, h.Processing()))
		if !h.InGeo {
			o.raise("ai-processing-outside-geo", envSubject(e, h.Processing()))
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
		o.flag("bing-on", envSubject(e, "Bing Search on; its data goes to "+in.Hosting.For(e.Geo).Bing))
	}, "yes", "no", "Bing Search")
}

// aiToggle is the shared shape of the per-environment AI switches: one
// boolean per environment, "on" raises signals, all known and off implies off.
func aiToggle(in CheckInput, get func(Environment) *bool, on func(*Observation, Environment), yes, no, name string) Observation {
	unknown := 0
	o, done := overEnvs(in, aiRead, func(o *Observation, e Environment) {
		v := get(e)
		switch {
		case v == nil:
			unknown++
		case *v:
			on(o, e)
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("%s: %s %s", e.Label(), name, boolText(v)), Provenance: provPtr(e.AI.Provenance)})
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
	o, done := overEnvs(in, aiRead, func(o *Observation, e Environment) {
		if e.AI.M365Services == nil {
			unknown++
		} else if *e.AI.M365Services {
			o.flag("m365-services-on", envSubject(e, "Microsoft 365 services on: data leaves the Azure compliance boundary"))
		}
		flex := e.AI.CrossBoundaryFlex
		if flex == nil && in.Hosting.For(e.Geo).FlexRouting {
			unknown++
		} else if flex != nil && *flex {
			o.flag("flex-routing-on", envSubject(e, "flex routing on: inference may run outside the EU Data Boundary at peak load"))
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("%s: Microsoft 365 services %s, flex routing %s", e.Label(), boolText(e.AI.M365Services), boolText(flex)), Provenance: provPtr(e.AI.Provenance)})
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
	tenant := Subject{Kind: SubjectTenant, ID: in.Facts.TenantID, Name: "Tenant"}
	if s.EnableModelDataSharing != nil && *s.EnableModelDataSharing {
		tenant.Detail = "model data sharing is on: Microsoft may read Power Automate Copilot inputs and outputs"
		o.flag("model-data-sharing-on", tenant)
	}
	if s.DisableCopilotFeedbackMetadata != nil && !*s.DisableCopilotFeedbackMetadata {
		tenant.Detail = "users may share their prompts with Microsoft when giving feedback on Copilot in Power Apps"
		o.flag("prompt-sharing-allowed", tenant)
	}
	o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Tenant: model data sharing %s, feedback metadata disabled %s", boolText(s.EnableModelDataSharing), boolText(s.DisableCopilotFeedbackMetadata)), Provenance: provPtr(s.Provenance)})
	if len(o.Affected) > 0 {
		o.Summary = "Tenant settings share Copilot data with Microsoft: " + strings.Join(subjectDetails(o.Affected), "; ")
		return o
	}
	o.Summary = "Tenant settings do not share Copilot prompts or data with Microsoft."
	return o
}

// overVaults runs each on every vault the in-scope environments' keys live
// in, then applies the endings all vault checks share: not applicable without
// CMK, unreadable facts, no vault found. done means o is final.
func overVaults(in CheckInput, each func(o *Observation, ch keyChain, v Vault)) (o Observation, ch keyChain, done bool) {
	ch = followKeys(in)
	if len(ch.envs) == 0 {
		return noCMK(), ch, true
	}
	for _, v := range ch.vaults {
		each(&o, ch, v)
	}
	if o.unreadable("vaults", ch.policyProblems, ch.vaultProblems) {
		return o, ch, true
	}
	if len(ch.vaults) == 0 {
		return o.noVaults(), ch, true
	}
	return o, ch, false
}

// overKeys is overVaults for keys; each may report a fact it could not read.
func overKeys(in CheckInput, each func(o *Observation, ch keyChain, k Key) *problem) (o Observation, ch keyChain, done bool) {
	ch = followKeys(in)
	if len(ch.envs) == 0 {
		return noCMK(), ch, true
	}
	var unread []problem
	for _, k := range ch.keys {
		if p := each(&o, ch, k); p != nil {
			unread = append(unread, *p)
		}
	}
	if o.unreadable("keys", ch.policyProblems, ch.keyProblems, unread) {
		return o, ch, true
	}
	if len(ch.keys) == 0 {
		return o.noKeys(), ch, true
	}
	return o, ch, false
}

// --- following in-scope environments to their policies, vaults and keys ---

// problem is a fact a check needed but could not read.
type problem struct {
	status FactStatus
	reason string
}

// keyChain is what the in-scope environments' CMK links lead to. Each level
// keeps its own problems, so a check fails only on the facts it needs.
type keyChain struct {
	envs     []Environment // in-scope environments with a CMK link
	policies []EnterprisePolicy
	vaults   []Vault
	keys     []Key
	// users maps a lower-case policy ID to the environments on it; owners
	// maps a lower-case vault or key ID (vault ID + "/" + name) to the policies using it.
	users, owners map[string][]string

	policyProblems, vaultProblems, keyProblems []problem
}

// followKeys walks environment → policy → vault → key, once per evaluation
// (several checks need the walk). Unreadable or missing links become problems
// with a reason naming what access is needed.
func followKeys(in CheckInput) keyChain {
	if in.memo != nil && in.memo.chain != nil {
		return *in.memo.chain
	}
	ch := buildKeyChain(in)
	if in.memo != nil {
		in.memo.chain = &ch
	}
	return ch
}

func buildKeyChain(in CheckInput) keyChain {
	ch := keyChain{users: map[string][]string{}, owners: map[string][]string{}}
	idx := in.index()
	seen := map[string]bool{} // policies, vaults and keys already followed, by lower-case ID
	for _, e := range in.Scope {
		if !e.Provenance.OK() || !hasLink(e.CMK) {
			continue
		}
		ch.envs = append(ch.envs, e)
		p, ok := idx.policy(e.CMK)
		ref := "link:" + firstNonEmpty(e.CMK.ResourceID, e.CMK.SystemID, e.CMK.PolicyID)
		switch {
		case !ok:
			if !seen[ref] {
				ch.policyProblems = append(ch.policyProblems, problem{StatusNotFound, "encryption policy " + lastSegment(ref) + " was not read (needs Reader on the enterprise policy)"})
			}
			seen[ref] = true
			continue
		case !p.Provenance.OK():
			if !seen[ref] {
				ch.policyProblems = append(ch.policyProblems, problem{p.Provenance.Status, "encryption policy " + firstNonEmpty(p.Name, lastSegment(p.ID)) + ": " + orReason(p.Provenance, "needs Reader on the enterprise policy")})
			}
			seen[ref] = true
			continue
		}
		lp := strings.ToLower(p.ID)
		ch.users[lp] = append(ch.users[lp], e.Label())
		if seen[lp] {
			continue
		}
		seen[lp] = true
		ch.policies = append(ch.policies, p)
		if p.VaultID == "" {
			ch.policyProblems = append(ch.policyProblems, problem{StatusNotFound, "encryption policy " + p.Name + " names no key vault"})
			continue
		}
		lv := strings.ToLower(p.VaultID)
		lk := lv + "/" + strings.ToLower(p.KeyName)
		ch.owners[lv] = append(ch.owners[lv], lp)
		ch.owners[lk] = append(ch.owners[lk], lp)
		if !seen[lv] {
			seen[lv] = true
			v, ok := idx.vaults[lv]
			switch {
			case !ok:
				ch.vaultProblems = append(ch.vaultProblems, problem{StatusNotFound, "key vault " + lastSegment(p.VaultID) + " was not read (needs Key Vault Reader on the vault)"})
			case !v.Provenance.OK():
				name := firstNonEmpty(v.Name, lastSegment(v.ID))
				ch.vaultProblems = append(ch.vaultProblems, problem{v.Provenance.Status, "key vault " + name + ": " + orReason(v.Provenance, "needs Key Vault Reader on vault "+name)})
			default:
				ch.vaults = append(ch.vaults, v)
			}
		}
		if seen[lk] {
			continue
		}
		seen[lk] = true
		k, ok := idx.keys[lk]
		switch {
		case !ok:
			ch.keyProblems = append(ch.keyProblems, problem{StatusNotFound, "key " + orDash(p.KeyName) + " in vault " + lastSegment(p.VaultID) + " was not read (needs Key Vault Crypto Service Encryption User or Key Vault Reader)"})
		case !k.Provenance.OK():
			ch.keyProblems = append(ch.keyProblems, problem{k.Provenance.Status, "key " + k.Name + ": " + orReason(k.Provenance, "needs read access to keys in vault "+lastSegment(p.VaultID))})
		default:
			ch.keys = append(ch.keys, k)
		}
	}
	return ch
}

// factIndex finds policies, vaults and keys by lower-case ID without
// scanning, which matters for tenants with hundreds of environments. The
// first fact of an ID wins, as with the Facts lookup methods.
type factIndex struct {
	policies map[string]EnterprisePolicy // by ARM ID
	bySystem map[string]EnterprisePolicy // by system ID
	vaults   map[string]Vault
	keys     map[string]Key // by vault ID + "/" + key name
}

func indexFacts(f *Facts) factIndex {
	idx := factIndex{policies: map[string]EnterprisePolicy{}, bySystem: map[string]EnterprisePolicy{}, vaults: map[string]Vault{}, keys: map[string]Key{}}
	if f == nil {
		return idx
	}
	put := func(m map[string]EnterprisePolicy, id string, p EnterprisePolicy) {
		if _, dup := m[strings.ToLower(id)]; id != "" && !dup {
			m[strings.ToLower(id)] = p
		}
	}
	for _, p := range f.Policies {
		put(idx.policies, p.ID, p)
		put(idx.bySystem, p.SystemID, p)
	}
	for _, v := range f.Vaults {
		if _, dup := idx.vaults[strings.ToLower(v.ID)]; !dup {
			idx.vaults[strings.ToLower(v.ID)] = v
		}
	}
	for _, k := range f.Keys {
		id := strings.ToLower(k.VaultID + "/" + k.Name)
		if _, dup := idx.keys[id]; !dup {
			idx.keys[id] = k
		}
	}
	return idx
}

// policy matches a link to a policy by ARM ID, then by system ID.
func (idx factIndex) policy(l *PolicyLink) (EnterprisePolicy, bool) {
	if p, ok := idx.policies[strings.ToLower(l.ResourceID)]; ok && l.ResourceID != "" {
		return p, true
	}
	p, ok := idx.bySystem[strings.ToLower(l.SystemID)]
	return p, ok && l.SystemID != ""
}

// usedBy names the environments relying on a policy, vault or key.
func (ch keyChain) usedBy(id string) string {
	lid := strings.ToLower(id)
	envs := slices.Clone(ch.users[lid])
	for _, p := range ch.owners[lid] {
		envs = append(envs, ch.users[p]...)
	}
	if len(envs) == 0 {
		return ""
	}
	return "; used by " + listNames(envs, 3)
}

func (ch keyChain) policySubject(p EnterprisePolicy, detail string) Subject {
	return Subject{Kind: SubjectPolicy, ID: p.ID, Name: p.Name, Detail: detail + ch.usedBy(p.ID)}
}

func (ch keyChain) vaultSubject(v Vault, detail string) Subject {
	return Subject{Kind: SubjectVault, ID: v.ID, Name: v.Name, Detail: detail + ch.usedBy(v.ID)}
}

func (ch keyChain) keySubject(k Key, detail string) Subject {
	id := k.VaultID + "/keys/" + k.Name
	return Subject{Kind: SubjectKey, ID: id, Name: k.Name + " (" + lastSegment(k.VaultID) + ")", Detail: detail + ch.usedBy(k.VaultID+"/"+k.Name)}
}

func (ch keyChain) vaultURI(vaultID string) string {
	for _, v := range ch.vaults {
		if strings.EqualFold(v.ID, vaultID) {
			return v.URI
		}
	}
	return ""
}

// --- observation helpers ---

// flag raises a signal and lists the subject as affected.
func (o *Observation) flag(signal string, s Subject) {
	o.raise(signal, s)
	o.Affected = append(o.Affected, s)
}

// unreadable folds problems into the observation: the first problem's status,
// all reasons joined. It reports whether there was any, so the check stops
// before implying an answer from partial facts.
func (o *Observation) unreadable(what string, groups ...[]problem) bool {
	var reasons []string
	for _, g := range groups {
		for _, p := range g {
			if o.Status == "" || o.Status == StatusOK {
				o.Status = p.status
			}
			reasons = append(reasons, p.reason)
		}
	}
	if len(reasons) == 0 {
		o.Status = StatusOK
		return false
	}
	if o.Status == StatusOK {
		o.Status = StatusError
	}
	o.Reason = strings.Join(reasons, "; ")
	o.Summary = "Some " + what + " could not be read: " + o.Reason
	if len(o.Affected) > 0 {
		o.Summary += ". Found anyway: " + describeSubjects(o.Affected, 5)
	}
	return true
}

// summarise ends a check: found (followed by the affected subjects) when
// something was found, fine otherwise.
func (o Observation) summarise(found, fine string) Observation {
	if len(o.Affected) > 0 {
		o.Summary = found + describeSubjects(o.Affected, 5)
	} else {
		o.Summary = fine
	}
	return o
}

func (o Observation) noKeys() Observation {
	o.Status = StatusNotFound
	o.Reason = "no key of the encryption policies was read"
	o.Summary = "The customer-managed keys could not be found."
	return o
}

func (o Observation) noVaults() Observation {
	o.Status = StatusNotFound
	o.Reason = "no key vault of the encryption policies was read"
	o.Summary = "The key vaults could not be found."
	return o
}

func noScope() Observation {
	return Observation{Status: StatusNotApplicable, Summary: "No in-scope environments were found in the tenant."}
}

func noCMK() Observation {
	return Observation{Status: StatusNotApplicable, Summary: "No in-scope environment is linked to an encryption enterprise policy."}
}

// overEnvs runs each on every in-scope environment whose facts read reports
// readable, then applies the shared endings: not applicable without
// environments, unreadable facts. done means o is final.
func overEnvs(in CheckInput, read func(Environment) *problem, each func(o *Observation, e Environment)) (o Observation, done bool) {
	if len(in.Scope) == 0 {
		return noScope(), true
	}
	var unread []problem
	for _, e := range in.Scope {
		if p := read(e); p != nil {
			unread = append(unread, *p)
			continue
		}
		each(&o, e)
	}
	return o, o.unreadable("environment facts", unread)
}

// envRead reports an environment whose own facts could not be read.
func envRead(e Environment) *problem {
	if e.Provenance.OK() {
		return nil
	}
	return &problem{e.Provenance.Status, e.Label() + ": " + e.Provenance.Describe()}
}

// aiRead reports an environment whose generative AI settings could not be read.
func aiRead(e Environment) *problem {
	p := e.AI.Provenance
	if !e.Provenance.OK() {
		p = e.Provenance
	} else if p.OK() {
		return nil
	}
	if p.Status == "" {
		p.Status = StatusNotCollected
	}
	return &problem{p.Status, "AI settings of " + e.Label() + ": " + p.Describe()}
}

func envEvidence(e Environment, text string) Evidence {
	return Evidence{Kind: EvidenceFact, Text: e.Label() + ": " + text, Provenance: provPtr(e.Provenance)}
}

func envSubject(e Environment, detail string) Subject {
	return Subject{Kind: SubjectEnvironment, ID: e.ID, Name: e.Label(), Detail: detail}
}

// --- small formatting and lookup helpers ---

// customerKey reports whether keyManagedBy names the customer. The API says
// "Customer"; the admin center shows "CustomerViaMicrosoft", so both count.
func customerKey(e Environment) bool {
	return strings.HasPrefix(strings.ToLower(e.KeyManagedBy), "customer")
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

func isManagedHSM(vaultID, uri string) bool {
	return strings.Contains(strings.ToLower(vaultID), "/managedhsms/") || strings.Contains(strings.ToLower(uri), ".managedhsm.")
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

func orReason(p Provenance, fallback string) string {
	if p.Reason != "" {
		return strings.ReplaceAll(string(p.Status), "-", " ") + ": " + p.Reason
	}
	return strings.ReplaceAll(string(p.Status), "-", " ") + ": " + fallback
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// lastSegment gives the name at the end of an ARM ID.
func lastSegment(id string) string {
	id = strings.TrimRight(id, "/")
	if i := strings.LastIndex(id, "/"); i >= 0 {
		return id[i+1:]
	}
	return orDash(id)
}

func sizeText(n int) string {
	if n == 0 {
		return "size not returned"
	}
	return fmt.Sprintf("%d-bit", n)
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

func rotationText(r *RotationPolicy) string {
	switch {
	case r == nil:
		return "no policy"
	case r.RotateAfterCreate != "":
		return "every " + r.RotateAfterCreate
	case r.RotateBeforeExpiry != "":
		return r.RotateBeforeExpiry + " before expiry"
	}
	return "policy without a Rotate action"
}

func shortVersion(v string) string {
	if len(v) > 8 {
		return v[:8]
	}
	return orDash(v)
}

func ageDays(t *time.Time, now time.Time) int {
	if t == nil {
		return 0
	}
	return int(now.Sub(*t).Hours() / 24)
}

func keyNames(ks []Key) string {
	names := make([]string, 0, len(ks))
	for _, k := range ks {
		names = append(names, fmt.Sprintf("%s (%s %s)", k.Name, orDash(k.Type), sizeText(k.Size)))
	}
	return listNames(names, 5)
}

func describeSubjects(ss []Subject, max int) string {
	names := make([]string, 0, len(ss))
	for _, s := range ss {
		if s.Detail != "" {
			names = append(names, s.Name+" ("+s.Detail+")")
		} else {
			names = append(names, s.Name)
		}
	}
	return listNames(names, max)
}

func subjectDetails(ss []Subject) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, s.Detail)
	}
	return out
}

// listNames joins up to max names and says how many more there are.
func listNames(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:max], ", "), len(names)-max)
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

// provPtr copies a provenance for evidence, so the evidence does not pin
// (and force onto the heap) the whole fact it came from.
func provPtr(p Provenance) *Provenance { return &p }
