package tenant

import (
	"fmt"
	"strings"
	"sync"

	"github.com/ppwaf/se06/assess"
)

// firstCalls builds the preflight of a full run from the first answer of
// each API in the run itself, so nothing is read twice: the table is handed
// over as soon as the tenant, the tenant settings, the first page of
// environments and the first policy → vault → key chain have answered (or
// at the end of the run, whichever comes first).
type firstCalls struct {
	mu      sync.Mutex
	emit    func([]PreflightItem)
	emitted bool
	signIn  PreflightItem
	items   map[string]PreflightItem
	subs    []PreflightItem
	// wantSubs is how many --subscription lists the table waits for.
	wantSubs int
	// firstPage is set when the first page of environments has arrived:
	// whether it links a customer-managed key policy.
	firstPage *bool
	noTLS     bool
	// The chain of the first CMK link on the first page (as a probe of one
	// subject each would read): policy, vault and key subjects.
	wantPolicy, wantVault, wantKey string
	// bySubject keeps the first outcome of every policy, vault and key, as
	// they may answer before the chain is known.
	bySubject map[string]PreflightItem
}

func newFirstCalls(emit func([]PreflightItem), wantSubs int, noTLS bool) *firstCalls {
	if emit == nil {
		return nil
	}
	return &firstCalls{emit: emit, items: map[string]PreflightItem{}, bySubject: map[string]PreflightItem{}, wantSubs: wantSubs, noTLS: noTLS}
}

func (f *firstCalls) signedIn(identity, tenantID string) {
	if f == nil {
		return
	}
	f.mu.Lock()
	f.signIn = PreflightItem{Check: CheckSignIn, WillRun: true, Reason: "signed in as " + orUnknown(identity) + " in tenant " + orUnknown(tenantID)}
	f.mu.Unlock()
}

// page records the first page of environments and the ID of its first
// customer-managed key policy ("" for none).
func (f *firstCalls) page(n int, policyID string) {
	if f == nil {
		return
	}
	f.mu.Lock()
	if f.firstPage == nil {
		cmk := policyID != ""
		f.firstPage = &cmk
		f.wantPolicy = strings.ToLower(lastSegment(policyID))
		f.items[CheckEnvironments] = PreflightItem{Check: CheckEnvironments, WillRun: true, Reason: fmt.Sprintf("environment list read (%d on the first page)", n)}
	}
	items := f.readyLocked()
	f.mu.Unlock()
	f.send(items)
}

// policy records what the policy names, so its vault and key are the ones
// the table waits for.
func (f *firstCalls) policy(name, vaultID, key string) {
	if f == nil {
		return
	}
	f.mu.Lock()
	if strings.EqualFold(name, f.wantPolicy) && vaultID != "" {
		f.wantVault = strings.ToLower(lastSegment(vaultID))
		if key != "" {
			f.wantKey = f.wantVault + "/" + strings.ToLower(key)
		}
	}
	items := f.readyLocked()
	f.mu.Unlock()
	f.send(items)
}

// outcome records a subject's result; only the first one of a check counts.
func (f *firstCalls) outcome(check, subject string, p assess.Provenance) {
	if f == nil || check == CheckSignIn || check == CheckTLS {
		return
	}
	f.mu.Lock()
	it := PreflightItem{Check: check, WillRun: p.OK() || p.Status == assess.StatusNotApplicable}
	switch {
	case !it.WillRun && subject != "" && check != CheckSubscriptionPolicies && check != CheckEnvironments && check != CheckDirectoryRoles:
		it.Reason = subject + ": " + p.Describe()
	case !it.WillRun:
		it.Reason = p.Describe()
	case check == CheckEnvironments:
		it.Reason = "environment list read"
	case check == CheckTenant:
		it.Reason = "BAP tenant read"
	case check == CheckTenantSettings:
		it.Reason = "listTenantSettings read"
	case check == CheckDirectoryRoles:
		it.Reason = "Microsoft Graph directory roles read"
	case check == CheckKeyLogging:
		it.Reason = "diagnostic settings of vault " + subject + " read (key logging)"
	case check == CheckKeyRoles:
		it.Reason = "role assignments reaching vault " + subject + " read (who can manage or purge its keys)"
	default:
		it.Reason = subject + " read"
	}
	if check == CheckSubscriptionPolicies {
		if !it.WillRun {
			it.Reason = "subscription " + subject + ": " + it.Reason
		} else {
			it.Reason = "subscription " + subject + " listed"
		}
		f.subs = append(f.subs, it)
	} else if check == CheckPolicies || check == CheckVaults || check == CheckKeys || check == CheckKeyLogging || check == CheckKeyRoles {
		k := check + "|" + strings.ToLower(subject)
		if _, seen := f.bySubject[k]; !seen {
			f.bySubject[k] = it
		}
	} else if _, seen := f.items[check]; !seen {
		if check == CheckEnvironments && !it.WillRun {
			f.firstPage = new(bool)
		}
		f.items[check] = it
	}
	items := f.readyLocked()
	f.mu.Unlock()
	f.send(items)
}

// flush hands over what is known when the run ends before the table was
// complete (for example a policy that names no vault).
func (f *firstCalls) flush() {
	if f == nil {
		return
	}
	f.mu.Lock()
	var items []PreflightItem
	if !f.emitted {
		f.emitted = true
		items = f.tableLocked()
	}
	f.mu.Unlock()
	f.send(items)
}

func (f *firstCalls) send(items []PreflightItem) {
	if items != nil {
		f.emit(items)
	}
}

// readyLocked returns the table once every item is known, once.
func (f *firstCalls) readyLocked() []PreflightItem {
	if f.emitted || !f.completeLocked() {
		return nil
	}
	f.emitted = true
	return f.tableLocked()
}

func (f *firstCalls) completeLocked() bool {
	for _, c := range []string{CheckTenant, CheckTenantSettings, CheckEnvironments} {
		if _, ok := f.items[c]; !ok {
			return false
		}
	}
	if len(f.subs) < f.wantSubs || f.firstPage == nil {
		return false
	}
	env := f.items[CheckEnvironments]
	if !env.WillRun || !*f.firstPage {
		return true
	}
	chain := f.chainLocked()
	for _, c := range chain {
		if !c.known {
			return false
		}
		if !c.item.WillRun {
			return true
		}
	}
	if len(chain) >= 2 && chain[1].item.WillRun {
		// the first vault was read: its key logging and key roles follow
		for _, c := range f.accessLocked() {
			if !c.known {
				return false
			}
		}
	}
	return true
}

// accessLocked returns the key-logging and key-roles outcomes of the
// first vault, as far as they are known.
func (f *firstCalls) accessLocked() []chainItem {
	var out []chainItem
	for _, c := range []string{CheckKeyLogging, CheckKeyRoles} {
		it, ok := f.bySubject[c+"|"+f.wantVault]
		out = append(out, chainItem{it, ok && f.wantVault != ""})
	}
	return out
}

type chainItem struct {
	item  PreflightItem
	known bool
}

// chainLocked returns the outcomes of the first policy, its vault and its
// key, as far as they are known (a policy that names no vault ends it).
func (f *firstCalls) chainLocked() []chainItem {
	var out []chainItem
	pol, ok := f.bySubject[CheckPolicies+"|"+f.wantPolicy]
	out = append(out, chainItem{pol, ok && f.wantPolicy != ""})
	if !ok || !pol.WillRun {
		return out
	}
	if f.wantVault == "" {
		return out // the vault is not known yet (or the policy names none)
	}
	v, ok := f.bySubject[CheckVaults+"|"+f.wantVault]
	out = append(out, chainItem{v, ok})
	if !ok || !v.WillRun || f.wantKey == "" {
		return out
	}
	k, ok := f.bySubject[CheckKeys+"|"+f.wantKey]
	return append(out, chainItem{k, ok})
}

// tableLocked fills in the checks that had not answered with why.
func (f *firstCalls) tableLocked() []PreflightItem {
	items := []PreflightItem{f.signIn}
	envOK := true
	for _, c := range []string{CheckTenant, CheckTenantSettings, CheckEnvironments} {
		it, ok := f.items[c]
		if !ok {
			it = PreflightItem{Check: c, Reason: "no answer before the run ended"}
		}
		if c == CheckEnvironments {
			envOK = it.WillRun
		}
		items = append(items, it)
	}
	cmk := f.firstPage != nil && *f.firstPage
	chain := []struct{ check, subject string }{{CheckPolicies, "enterprise policy"}, {CheckVaults, "vault"}, {CheckKeys, "key"}}
	failed := "" // the subject of the chain that could not be read first
	for i, c := range chain {
		if i == 1 {
			items = append(items, f.subs...)
		}
		var it PreflightItem
		ok := false
		if ch := f.chainLocked(); i < len(ch) && ch[i].known {
			it, ok = ch[i].item, true
		}
		if !ok {
			switch {
			case !envOK:
				it = PreflightItem{Check: c.check, Reason: "needs the environment list"}
			case failed != "":
				it = PreflightItem{Check: c.check, WillRun: true, Reason: "the first " + failed + " could not be read; each one found is still tried"}
			case !cmk:
				it = PreflightItem{Check: c.check, WillRun: true, Reason: "no CMK link on the first page of environments; each linked one is read as found"}
			default:
				it = PreflightItem{Check: c.check, WillRun: true, Reason: "none answered yet; each one found is read"}
			}
		} else if !it.WillRun && failed == "" {
			failed = c.subject
		}
		items = append(items, it)
	}
	access := f.accessLocked()
	for i, c := range []struct{ check, what string }{
		{CheckKeyLogging, "each CMK vault's diagnostic settings are read (ARM)"},
		{CheckKeyRoles, "the role assignments that reach each CMK vault are read (ARM)"},
	} {
		if a := access[i]; a.known {
			items = append(items, a.item)
			continue
		}
		it := PreflightItem{Check: c.check, WillRun: true}
		switch {
		case !envOK:
			it = PreflightItem{Check: c.check, Reason: "needs the environment list"}
		case failed != "":
			it.Reason = "the first " + failed + " could not be read; " + c.what + " as found"
		case !cmk:
			it.Reason = "no CMK link on the first page of environments; " + c.what + " as found"
		default:
			it.Reason = "none answered yet; " + c.what + " as found"
		}
		items = append(items, it)
	}
	if it, ok := f.items[CheckDirectoryRoles]; ok {
		items = append(items, it)
	} else {
		it := PreflightItem{Check: CheckDirectoryRoles, WillRun: envOK, Reason: "read (Microsoft Graph) once a key vault is found; needs RoleManagement.Read.Directory"}
		if !envOK {
			it.Reason = "needs the environment list"
		}
		items = append(items, it)
	}
	switch {
	case f.noTLS:
		items = append(items, PreflightItem{Check: CheckTLS, Reason: "skipped (--no-tls-probe)"})
	case !envOK:
		items = append(items, PreflightItem{Check: CheckTLS, Reason: "needs the environment list (the Dataverse hosts)"})
	default:
		items = append(items, PreflightItem{Check: CheckTLS, WillRun: true, Reason: "two handshakes per Dataverse host; nothing else is sent"})
	}
	return items
}
