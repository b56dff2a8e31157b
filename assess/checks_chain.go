// The walk from in-scope environments to their encryption policies, vaults
// and keys, shared by the policy, vault and key checks.

package assess

import (
	"slices"
	"strings"
)

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

// envCount counts the in-scope environments relying on a policy, vault or key.
func (ch keyChain) envCount(id string) int {
	lid := strings.ToLower(id)
	n := len(ch.users[lid])
	for _, p := range ch.owners[lid] {
		n += len(ch.users[p])
	}
	return n
}

func (ch keyChain) policySubject(p EnterprisePolicy, detail string) Subject {
	return Subject{Kind: SubjectPolicy, ID: p.ID, Name: p.Name, Detail: detail + ch.usedBy(p.ID), Provenance: provPtr(p.Provenance)}
}

func (ch keyChain) vaultSubject(v Vault, detail string) Subject {
	return Subject{Kind: SubjectVault, ID: v.ID, Name: v.Name, Detail: detail + ch.usedBy(v.ID), Provenance: provPtr(v.Provenance)}
}

func (ch keyChain) keySubject(k Key, detail string) Subject {
	id := k.VaultID + "/keys/" + k.Name
	return Subject{Kind: SubjectKey, ID: id, Name: k.Name + " (" + lastSegment(k.VaultID) + ")", Detail: detail + ch.usedBy(k.VaultID+"/"+k.Name), Provenance: provPtr(k.Provenance)}
}

func (ch keyChain) vaultURI(vaultID string) string {
	for _, v := range ch.vaults {
		if strings.EqualFold(v.ID, vaultID) {
			return v.URI
		}
	}
	return ""
}
