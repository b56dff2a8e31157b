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
	s, err := newSession(opts)
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

func (r *run) readTenant(ctx context.Context) {
	src := "BAP GET " + bapTenantPath + " (" + bapTenantAPIVersion + ")"
	r.begin(CheckTenant, src, "tenant")
	t, err := readTenant(ctx, r.s.bap, r.s.cloud.BAP.Endpoint)
	p := provenance(src, r.now(), err, roleBAP)
	r.mu.Lock()
	r.facts.Tenant.Provenance = p
	if err == nil {
		applyTenant(&r.facts.Tenant, t)
		if r.facts.TenantID == "" {
			r.facts.TenantID = t.TenantID
		}
	}
	r.mu.Unlock()
	r.finish(CheckTenant, "tenant", p)
}

func (r *run) readTenantSettings(ctx context.Context) {
	src := "BAP POST " + bapTenantSettingPath + " (" + bapAPIVersion + ", read-only)"
	r.begin(CheckTenantSettings, src, "tenant settings")
	st, err := readTenantSettings(ctx, r.s.bap, r.s.cloud.BAP.Endpoint)
	p := provenance(src, r.now(), err, roleBAP)
	r.mu.Lock()
	r.facts.Tenant.Settings.Provenance = p
	if err == nil {
		applyTenantSettings(&r.facts.Tenant.Settings, st)
	}
	r.mu.Unlock()
	r.finish(CheckTenantSettings, "tenant settings", p)
}

func (r *run) readEnvironments(ctx context.Context) {
	src := sourceEnvironments()
	r.begin(CheckEnvironments, src, "")
	pageNo := 0
	err := listPages(ctx, r.s.bap, environmentsURL(r.s.cloud.BAP.Endpoint), func(items []environmentDTO) error {
		pageNo++
		p := provenance(src, r.now(), nil, "")
		envs := make([]assess.Environment, 0, len(items))
		for _, d := range items {
			if d.Name == "" {
				continue
			}
			envs = append(envs, d.toEnvironment(p))
		}
		r.mu.Lock()
		r.facts.Environments = append(r.facts.Environments, envs...)
		r.mu.Unlock()
		for _, e := range envs {
			if e.CMK != nil && e.CMK.ResourceID != "" {
				r.startPolicy(ctx, e.CMK.ResourceID)
			}
		}
		r.report(Progress{Check: CheckEnvironments, Subject: fmt.Sprintf("page %d", pageNo), State: StateRunning, Detail: fmt.Sprintf("%d environments", len(envs))})
		return nil
	})
	p := provenance(src, r.now(), err, roleBAP)
	r.mu.Lock()
	n := len(r.facts.Environments)
	r.mu.Unlock()
	subject := fmt.Sprintf("%d environments", n)
	if err != nil && n > 0 {
		// a later page failed: keep what was read, and say so
		subject = fmt.Sprintf("%d environments (list incomplete)", n)
	}
	r.finish(CheckEnvironments, subject, p)
}

func (r *run) startVault(ctx context.Context, vaultID string) {
	key := strings.ToLower(vaultID)
	r.mu.Lock()
	if _, ok := r.vaults[key]; ok {
		r.mu.Unlock()
		return
	}
	t := &vaultTask{done: make(chan struct{})}
	r.vaults[key] = t
	r.mu.Unlock()
	src := "ARM GET Microsoft.KeyVault/vaults (" + vaultAPIVersion + ")"
	r.begin(CheckVaults, src, lastSegment(vaultID))
	r.wg.Go(func() {
		d, err := readVault(ctx, r.s.arm, r.s.cloud.ResourceManager.Endpoint, vaultID)
		p := provenance(src, r.now(), err, roleVault)
		v := assess.Vault{Provenance: p, ID: vaultID, Name: lastSegment(vaultID)}
		if err == nil {
			d.toVault(&v)
			r.s.kvc.trust(v.URI)
			t.uri = v.URI
			t.rbac = &v.RBAC
		}
		r.mu.Lock()
		r.facts.Vaults = append(r.facts.Vaults, v)
		r.mu.Unlock()
		close(t.done)
		r.finish(CheckVaults, v.Name, p)
	})
}

func (r *run) startKey(ctx context.Context, vaultID, name string) {
	key := strings.ToLower(vaultID + "|" + name)
	r.mu.Lock()
	seen := r.keys[key]
	r.keys[key] = true
	t := r.vaults[strings.ToLower(vaultID)]
	r.mu.Unlock()
	if seen || t == nil {
		return
	}
	src := "Key Vault GET /keys/" + name + " (" + kvAPIVersion + ")"
	subject := lastSegment(vaultID) + "/" + name
	r.begin(CheckKeys, src, subject)
	r.wg.Go(func() {
		var k assess.Key
		select {
		case <-t.done:
			k = r.readKey(ctx, t, vaultID, name, src)
		case <-ctx.Done():
			k = assess.Key{VaultID: vaultID, Name: name, Provenance: provenance(src, r.now(), ctx.Err(), "")}
		}
		r.mu.Lock()
		r.facts.Keys = append(r.facts.Keys, k)
		r.mu.Unlock()
		r.finish(CheckKeys, subject, k.Provenance)
	})
}

// readKey reads the key, its versions and its rotation policy in parallel.
func (r *run) readKey(ctx context.Context, t *vaultTask, vaultID, name, src string) assess.Key {
	k := assess.Key{VaultID: vaultID, Name: name}
	uri := t.uri
	if uri == "" {
		uri = r.s.guessVaultURI(vaultID)
		src += ", vault URL guessed from its name"
	}
	if uri == "" {
		k.Provenance = assess.Provenance{Source: src, At: r.now(), Status: assess.StatusNotCollected, Reason: "the vault could not be read, so its URL is unknown"}
		return k
	}
	role := roleKeyUnknown
	if t.rbac != nil && *t.rbac {
		role = roleKeyRBAC
	} else if t.rbac != nil {
		role = roleKeyPolicy
	}
	var (
		wg       sync.WaitGroup
		bundle   keyBundleDTO
		keyErr   error
		versions []assess.KeyVersion
		verErr   error
		rot      *assess.RotationPolicy
		rotErr   error
	)
	wg.Go(func() { bundle, keyErr = readKey(ctx, r.s.kv, uri, name) })
	wg.Go(func() { versions, verErr = readKeyVersions(ctx, r.s.kv, uri, name) })
	wg.Go(func() { rot, rotErr = readRotationPolicy(ctx, r.s.kv, uri, name) })
	wg.Wait()
	k.Provenance = provenance(src, r.now(), keyErr, role)
	if keyErr == nil {
		bundle.apply(&k)
	}
	if verErr == nil {
		sort.SliceStable(versions, func(i, j int) bool { return timeAfter(versions[i].Created, versions[j].Created) })
		k.Versions = versions
		for _, v := range versions {
			if v.Enabled {
				k.EnabledVersions++
			}
		}
	} else if keyErr == nil {
		k.Provenance.Reason = "versions not read: " + provenance(src, r.now(), verErr, role).Describe()
	}
	rp := provenance("Key Vault GET /keys/"+name+"/rotationpolicy ("+kvAPIVersion+")", r.now(), rotErr, roleRotation)
	if rotErr == nil {
		k.Rotation = rot
	}
	k.RotationProvenance = &rp
	return k
}

func timeAfter(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a != nil
	}
	return a.After(*b)
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
	for _, name := range []string{CheckSignIn, CheckTenant, CheckTenantSettings, CheckEnvironments, CheckSubscriptionPolicies, CheckPolicies, CheckVaults, CheckKeys, CheckTLS} {
		if c, ok := r.checks[name]; ok {
			f.Checks = append(f.Checks, c.run())
		}
	}
}
