package tenant

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ppwaf/se06/assess"
)

// Collect reads the tenant into facts, read-only. A missing permission or a
// failed call is recorded in the fact's provenance and never ends the run;
// Collect returns an error only for bad options, a failed sign-in or a
// cancelled context. progress (may be nil) is called for each step, from one
// goroutine at a time.
func Collect(ctx context.Context, opts Options, progress func(Progress)) (*assess.Facts, error) {
	s, err := newSession(ctx, opts)
	if err != nil {
		return nil, err
	}
	r := newRun(s, progress)
	return r.collect(ctx)
}

// run is the state of one collection.
type run struct {
	s  *session
	wg sync.WaitGroup

	progressMu sync.Mutex
	progress   func(Progress)

	mu       sync.Mutex
	facts    *assess.Facts
	checks   map[string]*checkState
	policies map[string]bool
	vaults   map[string]*vaultTask
	subs     map[string]*subList
	keys     map[string]bool
	armWarm  bool
	// first turns the first answer of each API into the preflight table.
	first *firstCalls
	// acc gathers key logging and separation of duties (access.go).
	acc *access
}

type vaultTask struct {
	done chan struct{}
	uri  string
	rbac *bool
}

type checkState struct {
	name   string
	source string
	start  time.Time
	end    time.Time
	total  int
	done   int
	worst  assess.Provenance
	// worstSubject names the subject of worst.
	worstSubject string
	failures     int
}

func newRun(s *session, progress func(Progress)) *run {
	return &run{
		s:        s,
		progress: progress,
		checks:   map[string]*checkState{},
		policies: map[string]bool{},
		vaults:   map[string]*vaultTask{},
		subs:     map[string]*subList{},
		keys:     map[string]bool{},
		acc:      newAccess(),
	}
}

func (r *run) now() time.Time { return r.s.opts.Now().UTC() }

func (r *run) collect(ctx context.Context) (*assess.Facts, error) {
	started := r.now()
	r.facts = &assess.Facts{
		SchemaVersion: assess.FactsSchemaVersion,
		ToolVersion:   r.s.opts.ToolVersion,
		Cloud:         r.s.cloud.Name,
		Started:       started,
		Environments:  []assess.Environment{},
		Policies:      []assess.EnterprisePolicy{},
		Vaults:        []assess.Vault{},
		Keys:          []assess.Key{},
	}
	r.begin(CheckSignIn, "Entra ID token for the BAP admin API", "")
	if err := r.s.signIn(ctx); err != nil {
		r.finish(CheckSignIn, "", assess.Provenance{Status: assess.StatusError, Reason: err.Error(), At: r.now()})
		if ctx.Err() != nil {
			return nil, fmt.Errorf("collect: %w", ctx.Err())
		}
		return nil, err
	}
	r.finish(CheckSignIn, r.s.identity, assess.Provenance{Status: assess.StatusOK, At: r.now()})
	r.facts.Identity = r.s.identity
	r.facts.TenantID = r.s.tenantID
	if on := r.s.opts.OnPreflight; on != nil {
		// one pass: the table comes from the run's own first calls
		r.first = newFirstCalls(func(items []PreflightItem) {
			r.progressMu.Lock()
			defer r.progressMu.Unlock()
			on(items)
		}, len(r.s.opts.Subscriptions), r.s.opts.NoTLSProbe)
		r.first.signedIn(r.s.identity, r.s.tenantID)
	}
	if len(r.s.opts.Subscriptions) > 0 {
		r.warmARM(ctx)
	}

	r.wg.Go(func() { r.readTenant(ctx) })
	r.wg.Go(func() { r.readTenantSettings(ctx) })
	for _, sub := range r.s.opts.Subscriptions {
		r.subscriptionList(ctx, sub, true)
	}
	r.readEnvironments(ctx) // starts policy → vault → key chains as pages arrive
	assignTLS := r.probeTLS(ctx)
	r.wg.Wait()
	assignTLS()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	r.first.flush()
	r.sealAccess()
	r.seal()
	r.facts.Finished = r.now()
	return r.facts, nil
}

// warmARM fetches the ARM and Key Vault tokens in the background the first
// time they are known to be needed.
func (r *run) warmARM(ctx context.Context) {
	r.mu.Lock()
	warm := !r.armWarm
	r.armWarm = true
	r.mu.Unlock()
	if !warm {
		return
	}
	// errors surface on the real calls
	for _, scope := range []string{r.s.cloud.ResourceManager.Scope, r.s.cloud.KeyVault.Scope} {
		r.wg.Go(func() { _, _ = tokenFor(ctx, r.s.cred, scope, "") })
	}
}

// seal sorts the collected lists so snapshots are stable.
func (r *run) seal() {
	f := r.facts
	sort.SliceStable(f.Policies, func(i, j int) bool { return strings.ToLower(f.Policies[i].ID) < strings.ToLower(f.Policies[j].ID) })
	sort.SliceStable(f.Vaults, func(i, j int) bool { return strings.ToLower(f.Vaults[i].ID) < strings.ToLower(f.Vaults[j].ID) })
	sort.SliceStable(f.Keys, func(i, j int) bool {
		a, b := strings.ToLower(f.Keys[i].VaultID+"|"+f.Keys[i].Name), strings.ToLower(f.Keys[j].VaultID+"|"+f.Keys[j].Name)
		return a < b
	})
	for _, name := range []string{CheckSignIn, CheckTenant, CheckTenantSettings, CheckEnvironments, CheckSubscriptionPolicies, CheckPolicies, CheckVaults, CheckKeys, CheckKeyLogging, CheckKeyRoles, CheckDirectoryRoles, CheckTLS} {
		if c, ok := r.checks[name]; ok {
			f.Checks = append(f.Checks, c.run())
		} else if p, ok := r.idleCheck(name); ok {
			f.Checks = append(f.Checks, assess.CheckRun{Name: name, Provenance: p})
		}
	}
}

// idleCheck says why a check had nothing to read, so that every step of
// the run is recorded: not collected when the environment list it starts
// from failed, not applicable when the tenant simply has nothing for it.
func (r *run) idleCheck(name string) (assess.Provenance, bool) {
	var why string
	switch name {
	case CheckPolicies:
		why = "no environment links a customer-managed key policy"
	case CheckVaults:
		why = "no enterprise policy names a key vault"
	case CheckKeys:
		why = "no enterprise policy names a key"
	case CheckKeyLogging, CheckKeyRoles, CheckDirectoryRoles:
		why = "no customer-managed key vault was read"
	case CheckTLS:
		why = "no environment has a Dataverse host"
	default:
		return assess.Provenance{}, false
	}
	p := assess.Provenance{At: r.now(), Status: assess.StatusNotApplicable, Reason: why}
	if env, ok := r.checks[CheckEnvironments]; ok && len(r.facts.Environments) == 0 && env.worst.Status != "" && env.worst.Status != assess.StatusOK {
		p.Status = assess.StatusNotCollected
		p.Reason = "needs the environment list, which could not be read"
	}
	return p, true
}
