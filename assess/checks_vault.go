// Policy and vault checks: recovery protection, permission model, network
// access and the health of the encryption policies.

package assess

import (
	"fmt"
	"slices"
	"strings"
)

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
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Vault %s: soft-delete %s, purge protection %t, retention %d days", v.Name, soft, v.PurgeProtection, v.RetentionDays), Source: in.ref(v.Provenance)})
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
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Vault %s: permission model %s", v.Name, model), Source: in.ref(v.Provenance)})
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
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Vault %s: public access %s, default action %s, bypass %s, %s", v.Name, orDash(v.PublicNetworkAccess), orDash(v.DefaultAction), orDash(v.Bypass), nOf(v.PrivateEndpoints, "private endpoint", "private endpoints")), Source: in.ref(v.Provenance)})
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
			o.Evidence = append(o.Evidence, in.sources().envEvidence(e, "disabled while a key operation runs (link status "+e.CMK.LinkStatus+")"))
			continue
		}
		o.flag("env-disabled", in.sources().envSubject(e, "environment is disabled (runtime state Disabled)"))
	}
	for _, p := range ch.policies {
		switch strings.ToLower(p.Health) {
		case "unhealthy":
			o.flag("policy-unhealthy", ch.policySubject(p, "health Unhealthy: environments on it are shut down"))
		case "warning":
			o.flag("policy-warning", ch.policySubject(p, "health Warning"))
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Policy %s: state %s, health %s", p.Name, orDash(p.State), orDash(p.Health)), Source: in.ref(p.Provenance)})
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

func (o Observation) noVaults() Observation {
	o.Status = StatusNotFound
	o.Reason = "no key vault of the encryption policies was read"
	o.Summary = "The key vaults could not be found."
	return o
}

func noCMK() Observation {
	return Observation{Status: StatusNotApplicable, Summary: "No in-scope environment is linked to an encryption enterprise policy."}
}
