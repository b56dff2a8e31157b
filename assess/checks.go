package assess

import (
	"slices"
	"sort"
	"time"
)

// Observation is what a live check concluded from the tenant's facts for one
// question: a status, a sentence for the evidence panel, the answer the tenant
// implies (if it can tell), and named signals with the subjects that raised them.
type Observation struct {
	Check  string     `json:"check"`
	Status FactStatus `json:"status"`
	// Reason explains a status other than ok.
	Reason string `json:"reason,omitempty"`
	// Summary is one sentence for a person, e.g.
	// "2 of 3 production environments use Microsoft-managed keys: Contoso HR (europe), Payroll (uk)".
	Summary string `json:"summary"`
	// Implies holds the choice IDs the facts point to; empty when the facts do
	// not decide the question.
	Implies []string `json:"implies,omitempty"`
	// Conclusive marks an implied answer that holds although some facts could
	// not be read: e.g. one vault without purge protection answers "no" even
	// when another vault was not readable.
	Conclusive bool `json:"conclusive,omitempty"`
	// Affected lists the subjects that explain the implied answer.
	Affected []Subject `json:"affected,omitempty"`
	// Signals maps signal names (declared in the check table) to the subjects
	// that raised them. Rules test them with "signal:".
	Signals map[string][]Subject `json:"signals,omitempty"`
	// Unverified lists the subjects the check could not verify because a fact
	// they depend on could not be read, each with the reason in its Detail.
	Unverified []Subject `json:"unverified,omitempty"`
	// Evidence lists the individual facts, each with provenance.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// Decides reports whether the observation can stand in for the answer.
func (o *Observation) Decides() bool {
	return o != nil && len(o.Implies) > 0 && (o.Status == StatusOK || o.Conclusive)
}

// Unreadable reports whether the facts needed were tried but could not be read.
func (o *Observation) Unreadable() bool {
	if o == nil {
		return false
	}
	switch o.Status {
	case StatusNotPermitted, StatusError, StatusNotFound:
		return true
	}
	return false
}

func (o *Observation) raise(signal string, s Subject) {
	if o.Signals == nil {
		o.Signals = map[string][]Subject{}
	}
	o.Signals[signal] = append(o.Signals[signal], s)
}

// CheckInput is what a check may read.
type CheckInput struct {
	Facts *Facts
	// Scope holds the in-scope environments (by default the production ones).
	Scope []Environment
	// Answers are the user's answers, for checks that compare the tenant with a
	// stated requirement (e.g. the required geography).
	Answers Answers
	Now     time.Time
	// Hosting is the bank's dated AI hosting table (nil: every geo unknown).
	Hosting *AIHostingTable

	// memo shares derived data between the checks of one evaluation.
	memo *checkMemo
}

// checkMemo holds what several checks derive from the same facts.
type checkMemo struct {
	// src lists the sources the checks cite, once each (Result.Sources).
	src   *sourceTable
	idx   *factIndex
	chain *keyChain
	// hosting holds the AI hosting table's answer per geo as spelled in
	// the facts: a few geos, asked once per environment by three checks.
	hosting map[string]hostingAnswer
	// ai holds aiRead of each in-scope environment (by Scope position): three
	// AI checks ask, and each problem builds its reason and subject.
	ai []*problem
}

// hostingAnswer is the hosting table's answer for a geo, with its sentence.
type hostingAnswer struct {
	AIHosting
	processing string // AIHosting.Processing()
}

// hostingFor is in.Hosting.For(geo), worked out once per geo and evaluation.
func (in CheckInput) hostingFor(geo string) hostingAnswer {
	if in.memo != nil {
		if h, ok := in.memo.hosting[geo]; ok {
			return h
		}
	}
	h := in.Hosting.For(geo)
	a := hostingAnswer{AIHosting: h, processing: h.Processing()}
	if in.memo != nil {
		if in.memo.hosting == nil {
			in.memo.hosting = map[string]hostingAnswer{}
		}
		in.memo.hosting[geo] = a
	}
	return a
}

// ref cites p: its ID in the evaluation's source table.
func (in CheckInput) ref(p Provenance) SourceID {
	if in.memo == nil {
		return 0
	}
	return in.memo.src.ref(p)
}

// sources is the evaluation's source table (nil outside one).
func (in CheckInput) sources() *sourceTable {
	if in.memo == nil {
		return nil
	}
	return in.memo.src
}

// index returns the fact index, built once per evaluation.
func (in CheckInput) index() factIndex {
	if in.memo == nil {
		return indexFacts(in.Facts)
	}
	if in.memo.idx == nil {
		idx := indexFacts(in.Facts)
		in.memo.idx = &idx
	}
	return *in.memo.idx
}

// checkFunc is a named, table-tested rule that needs code. It must not panic on
// partial facts: a missing fact yields a status other than ok.
type checkFunc func(in CheckInput) Observation

// checkDef declares a check and the signals it may raise.
type checkDef struct {
	Name    string
	Signals []string
	Fn      checkFunc
}

// checkTable lists every live check. A function, not a variable, so nothing
// package-level can be changed at run time.
func checkTable() []checkDef {
	return append(liveChecks(), accessChecks()...)
}

func lookupCheck(name string) (checkDef, bool) {
	for _, c := range checkTable() {
		if c.Name == name {
			return c, true
		}
	}
	return checkDef{}, false
}

func checkNames() []string {
	var out []string
	for _, c := range checkTable() {
		out = append(out, c.Name)
	}
	sort.Strings(out)
	return out
}

func knownSignals() map[string]bool {
	out := map[string]bool{}
	for _, c := range checkTable() {
		for _, s := range c.Signals {
			out[s] = true
		}
	}
	return out
}

// runCheck runs a check and normalises its output: no facts at all means
// "not collected", and signals the table does not declare are dropped.
func runCheck(def checkDef, in CheckInput) Observation {
	if in.Facts == nil {
		return Observation{Check: def.Name, Status: StatusNotCollected, Summary: "No tenant facts were collected; the answer alone decides."}
	}
	if in.memo == nil {
		in.memo = &checkMemo{}
	}
	if in.memo.src == nil {
		in.memo.src = &sourceTable{}
	}
	o := def.Fn(in)
	o.Check = def.Name
	if o.Status == "" {
		o.Status = StatusOK
	}
	// No environments in scope because the list itself could not be read is
	// "not verified", not "not applicable".
	if o.Status == StatusNotApplicable && len(in.Scope) == 0 {
		if run, ok := in.Facts.CheckRun(CheckRunEnvironments); ok && !run.Provenance.OK() && run.Provenance.Status != StatusNotApplicable {
			o.Status = run.Provenance.Status
			o.Reason = "the environment list could not be read (" + run.Provenance.Describe() + ")"
			o.Summary = "Not verified: " + o.Reason + "."
			o.Implies, o.Affected, o.Signals, o.Unverified = nil, nil, nil, nil
		}
	}
	for s := range o.Signals {
		if !slices.Contains(def.Signals, s) {
			delete(o.Signals, s)
		}
	}
	return o
}

// liveChecks is the table of named checks the bank's questions refer to with
// "live: {check: NAME}". Each one reads Facts and returns an Observation.
// Signal names are unique across the table, so a rule's "signal:" names
// exactly one source.
func liveChecks() []checkDef {
	return []checkDef{
		{Name: "cmk-linkage", Signals: []string{"env-on-microsoft-key", "env-on-customer-key", "cmk-link-mismatch", "cmk-link-failed"}, Fn: checkCMKLinkage},
		{Name: "cmk-prereqs", Signals: []string{"env-not-managed", "env-type-unsupported", "policy-geo-mismatch"}, Fn: checkCMKPrereqs},
		{Name: "legacy-byok", Signals: []string{"byok-suspected"}, Fn: checkLegacyBYOK},
		{Name: "key-type", Signals: []string{"key-unsupported", "key-size-verify", "key-software", "key-hsm-vault", "key-hsm-managed", "key-shared"}, Fn: checkKeyType},
		{Name: "vault-recovery", Signals: []string{"vault-soft-delete-off", "vault-purge-protection-off"}, Fn: checkVaultRecovery},
		{Name: "key-access-model", Signals: []string{"vault-access-policies"}, Fn: checkKeyAccessModel},
		{Name: "key-rotation", Signals: []string{"key-no-rotation-policy", "key-version-disabled-early"}, Fn: checkKeyRotation},
		{Name: "key-expiry", Signals: []string{"key-expired", "key-expiring", "key-disabled", "key-expiry-set"}, Fn: checkKeyExpiry},
		{Name: "vault-network", Signals: []string{"vault-lock-risk", "vault-open"}, Fn: checkVaultNetwork},
		{Name: "cmk-health", Signals: []string{"policy-unhealthy", "policy-warning", "env-disabled"}, Fn: checkCMKHealth},
		{Name: "nonprod-keys", Signals: []string{"nonprod-on-microsoft-key"}, Fn: checkNonProdKeys},
		{Name: "tls-endpoints", Signals: []string{"tls-legacy-accepted", "tls-modern-failed"}, Fn: checkTLS},
		{Name: "vnet-injection", Signals: []string{"env-without-vnet", "vnet-none"}, Fn: checkVNet},
		{Name: "residency", Signals: []string{"env-outside-geo", "policy-outside-geo", "vault-outside-geo", "home-geo-outside"}, Fn: checkResidency},
		{Name: "ai-cross-geo", Signals: []string{"ai-cross-geo-on", "ai-processing-outside-geo"}, Fn: checkAICrossGeo},
		{Name: "ai-bing", Signals: []string{"bing-on"}, Fn: checkAIBing},
		{Name: "ai-boundary", Signals: []string{"m365-services-on", "flex-routing-on"}, Fn: checkAIBoundary},
		{Name: "tenant-ai-settings", Signals: []string{"model-data-sharing-on", "prompt-sharing-allowed"}, Fn: checkTenantAISettings},
	}
}
