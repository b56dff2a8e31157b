package tenant

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// The shared token cache of a run: one token per scope and tenant (the
// signed-in tenant shares the "" entry), CAE always asked for, a token
// within two minutes of expiry or a failure fetched again.

type scriptedCred struct {
	mu    sync.Mutex
	calls []policy.TokenRequestOptions
	life  time.Duration
	err   error
	gate  chan struct{} // when set, GetToken waits for it
	// entered, when set, hears of each call as it starts
	entered chan struct{}
}

func (s *scriptedCred) GetToken(ctx context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
	if s.entered != nil {
		s.entered <- struct{}{}
	}
	if s.gate != nil {
		<-s.gate
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, o)
	if s.err != nil {
		return azcore.AccessToken{}, s.err
	}
	return azcore.AccessToken{Token: "t", ExpiresOn: time.Now().Add(s.life)}, nil
}

func (s *scriptedCred) n() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.calls) }

func TestMut2TokenCacheEntries(t *testing.T) {
	ctx := context.Background()
	inner := &scriptedCred{life: time.Hour}
	c := newCachedCredential(inner)
	c.setHome("Tenant-A")
	get := func(scope, tenant, claims string) {
		t.Helper()
		if _, err := c.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{scope}, TenantID: tenant, Claims: claims}); err != nil {
			t.Fatal(err)
		}
	}
	get("s1", "", "")
	get("s1", "tenant-a", "") // the home tenant, any case: the same entry
	get("s1", "", "")
	if inner.n() != 1 {
		t.Fatalf("%d fetches for one scope and the home tenant", inner.n())
	}
	if !inner.calls[0].EnableCAE {
		t.Error("CAE not asked for")
	}
	get("s2", "", "")         // another scope
	get("s1", "tenant-b", "") // another tenant
	get("s1", "", "claims-1") // a claims challenge
	get("s1", "tenant-b", "") // cached
	if inner.n() != 4 {
		t.Errorf("%d fetches, want 4 (s1, s2, s1@tenant-b, s1 with claims)", inner.n())
	}

	// a token within two minutes of expiry is fetched again; one just outside is not
	for _, c := range []struct {
		life  time.Duration
		again bool
	}{{90 * time.Second, true}, {3 * time.Minute, false}} {
		inner := &scriptedCred{life: c.life}
		cc := newCachedCredential(inner)
		for range 2 {
			if _, err := cc.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{"s"}}); err != nil {
				t.Fatal(err)
			}
		}
		if want := map[bool]int{true: 2, false: 1}[c.again]; inner.n() != want {
			t.Errorf("life %v: %d fetches, want %d", c.life, inner.n(), want)
		}
	}

	// a failure is returned, and the next caller tries again
	boom := errors.New("refused")
	failing := &scriptedCred{err: boom}
	cf := newCachedCredential(failing)
	for range 2 {
		if _, err := cf.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{"s"}}); !errors.Is(err, boom) {
			t.Fatalf("err %v", err)
		}
	}
	if failing.n() != 2 {
		t.Errorf("%d fetches after a failure, want 2", failing.n())
	}
}

// Callers that arrive while the token is being fetched share that one
// fetch (an interactive sign-in prompts once); a waiting caller whose
// context ends gets its context's error.
func TestMut2TokenCacheWaiters(t *testing.T) {
	inner := &scriptedCred{life: time.Hour, gate: make(chan struct{}), entered: make(chan struct{}, 1)}
	c := newCachedCredential(inner)
	opts := policy.TokenRequestOptions{Scopes: []string{"s"}}
	errs := make(chan error, 3)
	go func() { _, err := c.GetToken(context.Background(), opts); errs <- err }()
	<-inner.entered // the first caller holds the entry and is fetching
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.GetToken(ctx, opts); !errors.Is(err, context.Canceled) {
		t.Errorf("a waiter with an ended context: %v", err)
	}
	for range 2 {
		go func() { _, err := c.GetToken(context.Background(), opts); errs <- err }()
	}
	close(inner.gate)
	for range 3 {
		if err := <-errs; err != nil {
			t.Errorf("caller got %v", err)
		}
	}
	if inner.n() != 1 {
		t.Errorf("%d fetches for concurrent callers, want 1", inner.n())
	}
}
