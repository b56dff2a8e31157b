package tenant

import (
	"context"
	"fmt"
	"strings"

	"github.com/ppwaf/se06/assess"
)

// subList is one subscription's list of enterprise policies. Linked
// policies are looked up in it, so one list call replaces a GET per policy;
// a policy the list lacks, or a list that fails (for example without
// subscription-wide Reader), falls back to a GET by ID.
type subList struct {
	done     chan struct{}
	items    map[string]policyDTO // by lower-case ARM ID
	err      error
	explicit bool // asked for with --subscription: every Encryption policy is kept
}

// subscriptionOf returns the subscription ID in an ARM resource ID.
func subscriptionOf(id string) string {
	segs := strings.Split(strings.Trim(id, "/"), "/")
	if len(segs) >= 2 && strings.EqualFold(segs[0], "subscriptions") && validID(segs[1]) {
		return strings.ToLower(segs[1])
	}
	return ""
}

// subscriptionList starts (once) the policy list of sub and returns it.
func (r *run) subscriptionList(ctx context.Context, sub string, explicit bool) *subList {
	key := strings.ToLower(sub)
	r.mu.Lock()
	l, ok := r.subs[key]
	if !ok {
		l = &subList{done: make(chan struct{}), items: map[string]policyDTO{}, explicit: explicit}
		r.subs[key] = l
	}
	r.mu.Unlock()
	if ok {
		return l
	}
	r.warmARM(ctx)
	src := "ARM GET /subscriptions/" + sub + "/providers/Microsoft.PowerPlatform/enterprisePolicies (" + policyAPIVersion + ")"
	if explicit {
		r.begin(CheckSubscriptionPolicies, src, sub)
	}
	r.wg.Go(func() {
		found := 0
		l.err = listPages(ctx, r.s.arm, subscriptionPoliciesURL(r.s.cloud.ResourceManager.Endpoint, sub), func(items []policyDTO) error {
			for _, d := range items {
				if d.ID == "" {
					continue
				}
				l.items[strings.ToLower(d.ID)] = d
				if strings.EqualFold(d.Kind, "Encryption") {
					found++
				}
			}
			return nil
		})
		close(l.done)
		if !explicit {
			return
		}
		p := provenance(src, r.now(), l.err, roleSubscription)
		if l.err == nil {
			p.Reason = fmt.Sprintf("%d encryption policies", found)
			for _, d := range l.items {
				if strings.EqualFold(d.Kind, "Encryption") {
					r.startPolicy(ctx, d.ID)
				}
			}
		}
		r.finish(CheckSubscriptionPolicies, sub, p)
	})
	return l
}

// startPolicy reads an enterprise policy once (by ARM ID), from its
// subscription's list or with a GET, then its vault and key.
func (r *run) startPolicy(ctx context.Context, id string) {
	key := strings.ToLower(id)
	r.mu.Lock()
	seen := r.policies[key]
	r.policies[key] = true
	r.mu.Unlock()
	if seen {
		return
	}
	r.warmARM(ctx)
	var list *subList
	if sub := subscriptionOf(id); sub != "" {
		list = r.subscriptionList(ctx, sub, false)
	}
	src := "ARM GET enterprisePolicies (" + policyAPIVersion + ")"
	r.begin(CheckPolicies, src, lastSegment(id))
	r.wg.Go(func() {
		d, from, err := r.readPolicy(ctx, list, id)
		p := provenance(from, r.now(), err, rolePolicy)
		pol := assess.EnterprisePolicy{Provenance: p, ID: id, Name: lastSegment(id)}
		if err == nil {
			pol = d.toPolicy(p)
			if pol.ID == "" {
				pol.ID = id
			}
		}
		r.mu.Lock()
		r.facts.Policies = append(r.facts.Policies, pol)
		r.mu.Unlock()
		r.first.policy(pol.Name, pol.VaultID, pol.KeyName)
		r.finish(CheckPolicies, pol.Name, p)
		if pol.VaultID != "" {
			r.startVault(ctx, pol.VaultID)
			if pol.KeyName != "" {
				r.startKey(ctx, pol.VaultID, pol.KeyName)
			}
		}
	})
}

// readPolicy finds the policy in its subscription's list, or GETs it.
func (r *run) readPolicy(ctx context.Context, list *subList, id string) (policyDTO, string, error) {
	if list != nil {
		select {
		case <-list.done:
			if d, ok := list.items[strings.ToLower(id)]; ok {
				return d, "ARM GET subscription enterprisePolicies list (" + policyAPIVersion + ")", nil
			}
		case <-ctx.Done():
			return policyDTO{}, "", ctx.Err()
		}
	}
	d, err := readPolicy(ctx, r.s.arm, r.s.cloud.ResourceManager.Endpoint, id)
	return d, "ARM GET enterprisePolicies (" + policyAPIVersion + ")", err
}
