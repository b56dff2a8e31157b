// The walk from in-scope environments to their encryption policies, vaults
// and keys, shared by the policy, vault and key checks.

package assess

import (
	"slices"
	"strings"
)

// problem is a fact a check needed but could not read, and the subjects
// that are therefore not verified (the environments relying on an unreadable
// key, the environment whose own facts are missing).
type problem struct {
	status   FactStatus
	reason   string
	subjects []Subject
	// dep is the lower-case ID (link, policy, vault or key) whose
	// dependent environments buildKeyChain lists as subjects.
	dep string
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
	// envIdx maps a lower-case policy ID or link reference to the indexes
	// (in envs) of the environments on it.
	envIdx map[string][]int
	// src is the evaluation's source table, which the subjects cite.
	src *sourceTable

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
	ch := keyChain{users: map[string][]string{}, owners: map[string][]string{}, envIdx: map[string][]int{}, src: in.sources()}
	idx := in.index()
	seen := map[string]bool{} // policies, vaults and keys already followed, by lower-case ID
	// Environments are large: size the list once rather than copy it as it doubles.
	n := 0
	for _, e := range in.Scope {
		if e.Provenance.OK() && hasLink(e.CMK) {
			n++
		}
	}
	ch.envs = make([]Environment, 0, n)
	for _, e := range in.Scope {
		if !e.Provenance.OK() || !hasLink(e.CMK) {
			continue
		}
		ch.envs = append(ch.envs, e)
		p, ok := idx.policy(e.CMK)
		ref := "link:" + strings.ToLower(firstNonEmpty(e.CMK.ResourceID, e.CMK.SystemID, e.CMK.PolicyID))
		switch {
		case !ok:
			ch.envIdx[ref] = append(ch.envIdx[ref], len(ch.envs)-1)
			if !seen[ref] {
				ch.policyProblems = append(ch.policyProblems, problem{status: StatusNotFound, reason: "encryption policy " + lastSegment(ref) + " was not read (needs Reader on the enterprise policy)", dep: ref})
			}
			seen[ref] = true
			continue
		case !p.Provenance.OK():
			ch.envIdx[ref] = append(ch.envIdx[ref], len(ch.envs)-1)
			if !seen[ref] {
				ch.policyProblems = append(ch.policyProblems, problem{status: p.Provenance.Status, reason: "encryption policy " + firstNonEmpty(p.Name, lastSegment(p.ID)) + ": " + orReason(p.Provenance, "needs Reader on the enterprise policy"), dep: ref})
			}
			seen[ref] = true
			continue
		}
		lp := strings.ToLower(p.ID)
		ch.users[lp] = append(ch.users[lp], e.Label())
		ch.envIdx[lp] = append(ch.envIdx[lp], len(ch.envs)-1)
		if seen[lp] {
			continue
		}
		seen[lp] = true
		ch.policies = append(ch.policies, p)
		if p.VaultID == "" {
			ch.policyProblems = append(ch.policyProblems, problem{status: StatusNotFound, reason: "encryption policy " + p.Name + " names no key vault", dep: lp})
			continue
		}
		lv := strings.ToLower(p.VaultID)
		lk := lv + "/" + strings.ToLower(p.KeyName)
		ch.owners[lv] = append(ch.owners[lv], lp)
		ch.owners[lk] = append(ch.owners[lk], lp)
		vault := lastSegment(p.VaultID)
		if !seen[lv] {
			seen[lv] = true
			v, ok := idx.vaults[lv]
			switch {
			case !ok:
				ch.vaultProblems = append(ch.vaultProblems, problem{status: StatusNotFound, reason: "key vault " + vault + " was not read (needs Key Vault Reader on the vault)", dep: lv})
			case !v.Provenance.OK():
				name := firstNonEmpty(v.Name, vault)
				ch.vaultProblems = append(ch.vaultProblems, problem{status: v.Provenance.Status, reason: "key vault " + name + ": " + orReason(v.Provenance, "needs Key Vault Reader on vault "+name), dep: lv})
			default:
				ch.vaults = append(ch.vaults, v)
			}
		}
		if seen[lk] {
			continue
		}
		seen[lk] = true
		k, ok := idx.keys[lk]
		// A key is named with its vault: several vaults often hold a key of the same name.
		switch {
		case !ok:
			ch.keyProblems = append(ch.keyProblems, problem{status: StatusNotFound, reason: "key " + orDash(p.KeyName) + " in vault " + vault + " was not read (needs Key Vault Crypto Service Encryption User or Key Vault Reader)", dep: lk})
		case !k.Provenance.OK():
			ch.keyProblems = append(ch.keyProblems, problem{status: k.Provenance.Status, reason: "key " + k.Name + " in vault " + vault + ": " + orReason(k.Provenance, "needs read access to keys in vault "+vault), dep: lk})
		default:
			ch.keys = append(ch.keys, k)
		}
	}
	for _, ps := range [][]problem{ch.policyProblems, ch.vaultProblems, ch.keyProblems} {
		for i := range ps {
			ps[i].subjects = ch.unverified(ps[i].dep, ps[i].reason)
		}
	}
	return ch
}

// dependents lists the in-scope environments relying on a link, policy,
// vault or key (by lower-case ID), each once.
func (ch keyChain) dependents(lid string) []Environment {
	idxs := slices.Clone(ch.envIdx[lid])
	for _, p := range ch.owners[lid] {
		idxs = append(idxs, ch.envIdx[p]...)
	}
	slices.Sort(idxs)
	idxs = slices.Compact(idxs)
	out := make([]Environment, len(idxs))
	for i, n := range idxs {
		out[i] = ch.envs[n]
	}
	return out
}

// unverified names the environments relying on an unreadable fact.
func (ch keyChain) unverified(lid, reason string) []Subject {
	deps := ch.dependents(lid)
	out := make([]Subject, len(deps))
	for i, e := range deps {
		out[i] = ch.src.envSubject(e, "not verified: "+reason)
	}
	return out
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

// envCount counts the in-scope environments relying on a policy, vault or key.
func (ch keyChain) envCount(id string) int { return len(ch.dependents(strings.ToLower(id))) }

func (ch keyChain) policySubject(p EnterprisePolicy, detail string) Subject {
	return Subject{Kind: SubjectPolicy, ID: p.ID, Name: p.Name, Detail: detail + ch.usedBy(p.ID), Source: ch.src.ref(p.Provenance)}
}

func (ch keyChain) vaultSubject(v Vault, detail string) Subject {
	return Subject{Kind: SubjectVault, ID: v.ID, Name: v.Name, Detail: detail + ch.usedBy(v.ID), Source: ch.src.ref(v.Provenance)}
}

func (ch keyChain) keySubject(k Key, detail string) Subject {
	id := k.VaultID + "/keys/" + k.Name
	return Subject{Kind: SubjectKey, ID: id, Name: k.Name + " (" + lastSegment(k.VaultID) + ")", Detail: detail + ch.usedBy(k.VaultID+"/"+k.Name), Source: ch.src.ref(k.Provenance)}
}

func (ch keyChain) vaultURI(vaultID string) string {
	for _, v := range ch.vaults {
		if strings.EqualFold(v.ID, vaultID) {
			return v.URI
		}
	}
	return ""
}
