package tenant

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// hostLimiter bounds the requests in flight per host (host:port). It is an
// azcore per-retry policy, so a request waiting for a retry holds no slot.
//
// The first request to a host also goes alone until it has a connection:
// requests started together on a new host would each dial and handshake
// their own (the transport cannot know yet that HTTP/2 will carry them all
// on one), three TLS handshakes per vault instead of one.
type hostLimiter struct {
	n     int
	mu    sync.Mutex
	hosts map[string]*hostSlots
}

type hostSlots struct {
	sem     chan struct{}
	claimed bool          // a request through Do went first
	ready   chan struct{} // closed once that request has its connection
}

func newHostLimiter(n int) *hostLimiter {
	return &hostLimiter{n: n, hosts: map[string]*hostSlots{}}
}

// slots returns host's slots; with claim, whether this caller is the first
// request to the host.
func (l *hostLimiter) slots(host string, claim bool) (*hostSlots, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h, ok := l.hosts[host]
	if !ok {
		h = &hostSlots{sem: make(chan struct{}, l.n), ready: make(chan struct{})}
		l.hosts[host] = h
	}
	first := claim && !h.claimed
	if claim {
		h.claimed = true
	}
	return h, first
}

// acquire takes a slot for host; release it with the returned func.
func (l *hostLimiter) acquire(ctx context.Context, host string) (func(), error) {
	h, _ := l.slots(host, false)
	return h.take(ctx)
}

func (h *hostSlots) take(ctx context.Context) (func(), error) {
	select {
	case h.sem <- struct{}{}:
		return func() { <-h.sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Do implements policy.Policy.
func (l *hostLimiter) Do(req *policy.Request) (*http.Response, error) {
	ctx := req.Raw().Context()
	h, first := l.slots(req.Raw().URL.Host, true)
	if first {
		var once sync.Once
		ready := func() { once.Do(func() { close(h.ready) }) }
		defer ready() // also when the first request fails before connecting
		req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { ready() }}))
	} else {
		select {
		case <-h.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	release, err := h.take(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return req.Next()
}
