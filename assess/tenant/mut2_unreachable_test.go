package tenant

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// A host that cannot be connected to at all (refused, unknown name) is
// remembered for the rest of the run; a timeout or an answer is not.

func TestMut2CannotConnect(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"unknown name", &net.DNSError{Err: "no such host", Name: "x.test", IsNotFound: true}, true},
		{"DNS server failure", &net.DNSError{Err: "server misbehaving", Name: "x.test", IsTemporary: true}, false},
		{"refused", fmt.Errorf("Get: %w", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}), true},
		{"dial timeout", &net.OpError{Op: "dial", Net: "tcp", Err: timeoutErr{}}, false},
		{"read reset", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset")}, false},
		{"other", errors.New("boom"), false},
	} {
		if got := cannotConnect(c.err); got != c.want {
			t.Errorf("%s: cannotConnect = %v, want %v", c.name, got, c.want)
		}
	}
	u := &unhealable{errors.New("x")}
	if u.Error() != "x" || errors.Unwrap(u).Error() != "x" {
		t.Error("unhealable does not carry its error")
	}
}

// errTransport fails every request with err and counts them.
type errTransport struct {
	err   error
	calls atomic.Int32
}

func (e *errTransport) Do(*http.Request) (*http.Response, error) {
	e.calls.Add(1)
	return nil, e.err
}

func TestMut2UnreachableRemembered(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	for _, c := range []struct {
		name      string
		err       error
		wantCalls int32
	}{
		{"refused: the second request fails without trying", refused, 1},
		{"a timeout is tried again", &net.OpError{Op: "dial", Net: "tcp", Err: timeoutErr{}}, 2},
		{"a reset is tried again", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("reset")}, 2},
	} {
		tr := &errTransport{err: c.err}
		down := newUnreachableHosts()
		pl := runtime.NewPipeline("test", "", runtime.PipelineOptions{PerCall: []policy.Policy{down}}, &azcore.ClientOptions{
			Transport: tr, Retry: policy.RetryOptions{MaxRetries: -1},
		})
		for range 2 {
			req, _ := runtime.NewRequest(context.Background(), http.MethodGet, "https://down.example.test/x")
			if _, err := pl.Do(req); err == nil {
				t.Fatalf("%s: no error", c.name)
			}
		}
		if got := tr.calls.Load(); got != c.wantCalls {
			t.Errorf("%s: transport called %d times, want %d", c.name, got, c.wantCalls)
		}
		// another host is not affected
		req, _ := runtime.NewRequest(context.Background(), http.MethodGet, "https://other.example.test/x")
		before := tr.calls.Load()
		_, _ = pl.Do(req)
		if tr.calls.Load() != before+1 {
			t.Errorf("%s: another host was not tried", c.name)
		}
	}
	// a request the caller cancelled while it was failing does not mark the host
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ct := &cancelTransport{cancel: cancel, err: refused}
	down := newUnreachableHosts()
	pl := runtime.NewPipeline("test", "", runtime.PipelineOptions{PerCall: []policy.Policy{down}}, &azcore.ClientOptions{
		Transport: ct, Retry: policy.RetryOptions{MaxRetries: -1},
	})
	req, _ := runtime.NewRequest(ctx, http.MethodGet, "https://down.example.test/x")
	_, _ = pl.Do(req)
	if ct.calls != 1 || len(down.hosts) != 0 {
		t.Errorf("cancelled: %d calls, marked %v", ct.calls, down.hosts)
	}
}

// cancelTransport cancels the caller's context, then fails as err.
type cancelTransport struct {
	cancel context.CancelFunc
	err    error
	calls  int
}

func (c *cancelTransport) Do(*http.Request) (*http.Response, error) {
	c.calls++
	c.cancel()
	return nil, c.err
}

// failFast: a refused connection ends the sign-in's retries at once; an
// answer from the server is left to the retry policy.
func TestMut2FailFast(t *testing.T) {
	tr := &errTransport{err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}}
	pl := runtime.NewPipeline("test", "", runtime.PipelineOptions{PerRetry: []policy.Policy{failFast{}}}, &azcore.ClientOptions{
		Transport: tr, Retry: policy.RetryOptions{MaxRetries: 3, RetryDelay: 1, MaxRetryDelay: 1},
	})
	req, _ := runtime.NewRequest(context.Background(), http.MethodGet, "https://down.example.test/x")
	_, err := pl.Do(req)
	var u *unhealable
	if !errors.As(err, &u) || tr.calls.Load() != 1 {
		t.Errorf("refused: %v after %d tries, want one try", err, tr.calls.Load())
	}
	tr = &errTransport{err: &net.OpError{Op: "read", Net: "tcp", Err: errors.New("reset")}}
	pl = runtime.NewPipeline("test", "", runtime.PipelineOptions{PerRetry: []policy.Policy{failFast{}}}, &azcore.ClientOptions{
		Transport: tr, Retry: policy.RetryOptions{MaxRetries: 2, RetryDelay: 1, MaxRetryDelay: 1},
	})
	req, _ = runtime.NewRequest(context.Background(), http.MethodGet, "https://down.example.test/x")
	if _, err := pl.Do(req); errors.As(err, &u) || tr.calls.Load() != 3 {
		t.Errorf("reset: %v after %d tries, want 3 tries", err, tr.calls.Load())
	}
	// refused while the caller cancels: the cancellation, not an unhealable error
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ct := &cancelTransport{cancel: cancel, err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}}
	pl = runtime.NewPipeline("test", "", runtime.PipelineOptions{PerRetry: []policy.Policy{failFast{}}}, &azcore.ClientOptions{
		Transport: ct, Retry: policy.RetryOptions{MaxRetries: -1},
	})
	req, _ = runtime.NewRequest(ctx, http.MethodGet, "https://down.example.test/x")
	if _, err := pl.Do(req); errors.As(err, &u) {
		t.Errorf("cancelled: %v is marked unhealable", err)
	}
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	pl = runtime.NewPipeline("test", "", runtime.PipelineOptions{PerRetry: []policy.Policy{failFast{}}}, &azcore.ClientOptions{Transport: srv.Client()})
	req, _ = runtime.NewRequest(context.Background(), http.MethodGet, srv.URL)
	if resp, err := pl.Do(req); err != nil || resp.StatusCode != 404 {
		t.Errorf("an answer: %v, %v", resp, err)
	} else {
		resp.Body.Close()
	}
}
