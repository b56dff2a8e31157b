package tenant

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// The per-host limit (--concurrency requests in flight per host; the
// first request to a host goes alone until it has its connection).

func TestMut2HostSlots(t *testing.T) {
	l := newHostLimiter(2)
	if _, first := l.slots("a:443", true); !first {
		t.Error("the first claim of a host is not first")
	}
	if _, first := l.slots("a:443", true); first {
		t.Error("a second claim is first")
	}
	if _, first := l.slots("b:443", false); first {
		t.Error("a look without a claim is first")
	}
	if _, first := l.slots("b:443", true); !first {
		t.Error("looking at a host took its first claim")
	}

	ctx := context.Background()
	r1, err1 := l.acquire(ctx, "c:443")
	r2, err2 := l.acquire(ctx, "c:443")
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	// the third waits: with an ended context it gives up
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := l.acquire(done, "c:443"); !errors.Is(err, context.Canceled) {
		t.Errorf("third slot with an ended context: %v", err)
	}
	r1()
	if r3, err := l.acquire(ctx, "c:443"); err != nil {
		t.Errorf("after a release: %v", err)
	} else {
		r3()
	}
	r2()
}

// blockTransport holds each request until released, and says when one
// arrives.
type blockTransport struct {
	arrived chan string
	release chan struct{}
}

func (b *blockTransport) Do(r *http.Request) (*http.Response, error) {
	b.arrived <- r.URL.Path
	<-b.release
	return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
}

func TestMut2FirstRequestGoesAlone(t *testing.T) {
	tr := &blockTransport{arrived: make(chan string, 4), release: make(chan struct{})}
	l := newHostLimiter(4)
	pl := runtime.NewPipeline("test", "", runtime.PipelineOptions{PerRetry: []policy.Policy{l}}, &azcore.ClientOptions{
		Transport: tr, Retry: policy.RetryOptions{MaxRetries: -1},
	})
	errs := make(chan error, 1)
	go func() {
		req, _ := runtime.NewRequest(context.Background(), http.MethodGet, "https://h.example.test/first")
		resp, err := pl.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errs <- err
	}()
	if p := <-tr.arrived; p != "/first" {
		t.Fatalf("arrived %s", p)
	}
	// while the first request has no answer (and so no connection), a
	// second one to the host waits: with an ended context it gives up
	// without reaching the server
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := runtime.NewRequest(ctx, http.MethodGet, "https://h.example.test/second")
	if _, err := pl.Do(req); !errors.Is(err, context.Canceled) {
		t.Errorf("second request: %v", err)
	}
	close(tr.release)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	// once the first is done, others go through
	req, _ = runtime.NewRequest(context.Background(), http.MethodGet, "https://h.example.test/third")
	resp, err := pl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if p := <-tr.arrived; p != "/third" {
		t.Errorf("arrived %s, want /third (the cancelled one never reached the server)", p)
	}
}
