package tenant

import (
	"errors"
	"net"
	"net/http"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// unreachableHosts remembers a host that could not be connected to at all,
// after every retry (connection refused, unknown name), so the rest of a
// run fails fast on it instead of waiting through the retries again. It is
// an azcore per-call policy: it sees the outcome of all tries.
type unreachableHosts struct {
	mu    sync.Mutex
	hosts map[string]error
}

func newUnreachableHosts() *unreachableHosts {
	return &unreachableHosts{hosts: map[string]error{}}
}

// Do implements policy.Policy.
func (u *unreachableHosts) Do(req *policy.Request) (*http.Response, error) {
	host := req.Raw().URL.Host
	u.mu.Lock()
	known := u.hosts[host]
	u.mu.Unlock()
	if known != nil {
		return nil, known
	}
	resp, err := req.Next()
	if err != nil && req.Raw().Context().Err() == nil && cannotConnect(err) {
		u.mu.Lock()
		u.hosts[host] = err
		u.mu.Unlock()
	}
	return resp, err
}

// cannotConnect reports an error from before any byte reached the server:
// a refused connection or a name that does not resolve (not a timeout,
// which a later request may not hit).
func cannotConnect(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.IsNotFound
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial" && !op.Timeout()
}

// failFast is a per-try policy of the sign-in: a connection that cannot be
// made at all (a name that does not resolve, a refused connection) will
// not heal in the seconds of a retry, so it ends the sign-in at once with
// the "what to do" line instead of after every backoff.
type failFast struct{}

// Do implements policy.Policy.
func (failFast) Do(req *policy.Request) (*http.Response, error) {
	resp, err := req.Next()
	if err != nil && req.Raw().Context().Err() == nil && cannotConnect(err) {
		return nil, &unhealable{err}
	}
	return resp, err
}

// unhealable marks an error azcore must not retry.
type unhealable struct{ err error }

func (e *unhealable) Error() string { return e.err.Error() }
func (e *unhealable) Unwrap() error { return e.err }

// NonRetriable tells azcore's retry policy to stop.
func (e *unhealable) NonRetriable() {}
