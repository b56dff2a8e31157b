package tenant

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// cachedCredential shares one token per scope and tenant among all pipelines
// of a run and lets concurrent callers wait for a single request, so tokens
// can be fetched ahead of time (off the critical path) and an interactive
// sign-in prompts once.
type cachedCredential struct {
	inner   azcore.TokenCredential
	mu      sync.Mutex
	home    string // the signed-in tenant: requests for it share the "" entry
	entries map[string]*tokenEntry
}

type tokenEntry struct {
	ready chan struct{}
	tok   azcore.AccessToken
	err   error
}

func newCachedCredential(inner azcore.TokenCredential) *cachedCredential {
	return &cachedCredential{inner: inner, entries: map[string]*tokenEntry{}}
}

// GetToken implements azcore.TokenCredential. Every request asks for a
// CAE-capable token, as the azcore bearer policy does: azidentity keeps
// separate accounts for CAE and non-CAE requests, and mixing them would make
// an interactive credential prompt twice.
func (c *cachedCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	opts.EnableCAE = true
	c.mu.Lock()
	tenant := opts.TenantID
	if strings.EqualFold(tenant, c.home) {
		tenant = ""
	}
	c.mu.Unlock()
	key := tenant + "|" + strings.Join(opts.Scopes, " ") + "|" + opts.Claims
	for {
		c.mu.Lock()
		e, ok := c.entries[key]
		if ok {
			select {
			case <-e.ready:
				if e.err == nil && time.Until(e.tok.ExpiresOn) > 2*time.Minute {
					c.mu.Unlock()
					return e.tok, nil
				}
				ok = false // expired or failed: fetch again
			default:
			}
		}
		if !ok {
			e = &tokenEntry{ready: make(chan struct{})}
			c.entries[key] = e
			c.mu.Unlock()
			e.tok, e.err = c.inner.GetToken(ctx, opts)
			close(e.ready)
			return e.tok, e.err
		}
		c.mu.Unlock()
		select {
		case <-e.ready:
			if e.err != nil {
				return azcore.AccessToken{}, e.err
			}
			return e.tok, nil
		case <-ctx.Done():
			return azcore.AccessToken{}, ctx.Err()
		}
	}
}

// setHome records the signed-in tenant.
func (c *cachedCredential) setHome(tenant string) {
	c.mu.Lock()
	c.home = tenant
	c.mu.Unlock()
}
