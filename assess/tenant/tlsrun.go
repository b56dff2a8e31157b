package tenant

import (
	"context"
	"sort"
	"sync"

	"github.com/ppwaf/se06/assess"
)

// probeTLS starts probing each distinct Dataverse host once (per-host limit,
// and at most four times the concurrency at once). Once the run's goroutines
// are done, the returned func gives every environment its host's result.
func (r *run) probeTLS(ctx context.Context) (assign func()) {
	r.mu.Lock()
	hosts := map[string]bool{}
	for _, e := range r.facts.Environments {
		if h := probeHost(e.DataverseURL); h != "" {
			hosts[h] = true
		}
	}
	r.mu.Unlock()
	if r.s.opts.NoTLSProbe {
		r.skip(CheckTLS, tlsSource, "skipped (--no-tls-probe)")
		return func() {
			r.assignTLS(func(h string) *assess.TLSProbe {
				return &assess.TLSProbe{Host: h, Provenance: assess.Provenance{Source: tlsSource, At: r.now(), Status: assess.StatusNotCollected, Reason: "skipped (--no-tls-probe)"}}
			})
		}
	}
	if ctx.Err() != nil {
		return func() {}
	}
	list := make([]string, 0, len(hosts))
	for h := range hosts {
		list = append(list, h)
	}
	sort.Strings(list)
	results := map[string]*assess.TLSProbe{}
	var mu sync.Mutex
	// hosts differ, so the per-host limit alone would allow them all at once
	sem := make(chan struct{}, 4*r.s.opts.Concurrency)
	for _, h := range list {
		r.begin(CheckTLS, tlsSource, h)
		r.wg.Go(func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			release, err := r.s.limit.acquire(ctx, h)
			if err != nil {
				return
			}
			p := probeTLS(ctx, h, r.s.opts.RootCAs, r.s.opts.Timeout, r.s.opts.Now)
			release()
			mu.Lock()
			results[h] = p
			mu.Unlock()
			r.finish(CheckTLS, h, p.Provenance)
		})
	}
	return func() {
		r.assignTLS(func(h string) *assess.TLSProbe { return results[h] })
	}
}

// assignTLS sets each Dataverse environment's TLS fact from probe(host).
func (r *run) assignTLS(probe func(host string) *assess.TLSProbe) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.facts.Environments {
		e := &r.facts.Environments[i]
		h := probeHost(e.DataverseURL)
		if h == "" {
			continue
		}
		if p := probe(h); p != nil {
			c := *p
			e.TLS = &c
		}
	}
}
