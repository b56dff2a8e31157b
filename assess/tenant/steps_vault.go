package tenant

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ppwaf/se06/assess"
)

// The Key Vault steps of a run: each vault through ARM, then its key,
// versions and rotation policy through the data plane.

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
		d, from, err := r.readVault(ctx, vaultID)
		p := provenance(from, r.now(), err, roleVault)
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
		if err == nil {
			r.startVaultAccess(ctx, v, d.Properties.AccessPolicies)
		}
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
	// The source names the vault: several vaults often hold a key of the same name.
	src := "Key Vault " + lastSegment(vaultID) + ": GET /keys/" + name + " (" + kvAPIVersion + ")"
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
		src += "; vault URL derived from the vault's name and the cloud's Key Vault domain, as the vault's own record could not be read"
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
	rp := provenance("Key Vault "+lastSegment(vaultID)+": GET /keys/"+name+"/rotationpolicy ("+kvAPIVersion+")", r.now(), rotErr, roleRotation)
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

// readVault finds the vault in its subscription's vault list (one paged
// read per subscription instead of a GET per vault), or GETs it when the
// list is refused, lacks it, or lists it without its properties.
func (r *run) readVault(ctx context.Context, vaultID string) (vaultDTO, string, error) {
	arm := r.s.cloud.ResourceManager.Endpoint
	if sub := subscriptionOf(vaultID); sub != "" {
		l := sharedList(r, r.acc.vaultSubs, sub, ctx, r.s.arm, armURL(arm, "/subscriptions/"+sub+"/providers/Microsoft.KeyVault/vaults", vaultAPIVersion))
		if err := wait(ctx, l.done); err != nil {
			return vaultDTO{}, "", err
		}
		if l.err == nil {
			if d, ok := r.acc.listedVault(l, vaultID); ok && d.Properties.VaultURI != "" {
				return d, "ARM GET subscription Microsoft.KeyVault/vaults list (" + vaultAPIVersion + ")", nil
			}
		}
	}
	d, err := readVault(ctx, r.s.arm, arm, vaultID)
	return d, "ARM GET Microsoft.KeyVault/vaults (" + vaultAPIVersion + ")", err
}
