package tenant

import (
	"context"
	"net/http"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// hostLimiter bounds the requests in flight per host (host:port). It is an
// azcore per-retry policy, so a request waiting for a retry holds no slot.
type hostLimiter struct {
	n    int
	mu   sync.Mutex
	sems map[string]chan struct{}
}

func newHostLimiter(n int) *hostLimiter {
	return &hostLimiter{n: n, sems: map[string]chan struct{}{}}
}

func (l *hostLimiter) sem(host string) chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.sems[host]
	if !ok {
		s = make(chan struct{}, l.n)
		l.sems[host] = s
	}
	return s
}

// acquire takes a slot for host; release it with the returned func.
func (l *hostLimiter) acquire(ctx context.Context, host string) (func(), error) {
	s := l.sem(host)
	select {
	case s <- struct{}{}:
		return func() { <-s }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Do implements policy.Policy.
func (l *hostLimiter) Do(req *policy.Request) (*http.Response, error) {
	release, err := l.acquire(req.Raw().Context(), req.Raw().URL.Host)
	if err != nil {
		return nil, err
	}
	defer release()
	return req.Next()
}
