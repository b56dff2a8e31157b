package tenanttest

import (
	"net/http"
	"strings"
	"sync"
)

// Gate holds the requests to one service until a given number of them are
// in flight at once, then lets them (and every later one) through. Tests
// use it as a readiness signal instead of sleeping: Reached is closed when
// the number was in flight, Arrived when the first request came in.
type Gate struct {
	host string
	path string // only requests whose path contains it (lower case) are held
	n    int

	mu       sync.Mutex
	held     int
	open     chan struct{} // closed: requests pass
	reached  chan struct{}
	arrived  chan struct{}
	opened   bool
	gotFirst bool
}

// Hold installs a gate on a service (entra, bap, arm, graph or a vault
// name) that opens when n of its requests are in flight at once. With n ≤ 0
// it opens only on Open (or when a held client gives up). Install it before
// the run starts; one gate per service.
func (e *Emulator) Hold(service string, n int) *Gate {
	return e.HoldPath(service, "", n)
}

// HoldPath is Hold for the requests whose path contains pathContains (case
// ignored); the service's other requests pass. A test that holds one kind
// of read many of which run at once (a per-vault read) reaches n without
// holding a request the run must finish first: such a request, held alone,
// would wait for its client's timeout.
func (e *Emulator) HoldPath(service, pathContains string, n int) *Gate {
	u, ok := e.urls[service]
	if !ok {
		u = strings.TrimSuffix(e.vaults[strings.ToLower(service)], "/")
	}
	g := &Gate{host: strings.TrimPrefix(u, "https://"), path: strings.ToLower(pathContains), n: n, open: make(chan struct{}), reached: make(chan struct{}), arrived: make(chan struct{})}
	e.mu.Lock()
	e.gates[g.host] = g
	e.mu.Unlock()
	return g
}

// Reached is closed once n requests were held at the same time.
func (g *Gate) Reached() <-chan struct{} { return g.reached }

// Arrived is closed when the first request reached the gate.
func (g *Gate) Arrived() <-chan struct{} { return g.arrived }

// Open lets every held and later request through.
func (g *Gate) Open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.openLocked()
}

func (g *Gate) openLocked() {
	if !g.opened {
		g.opened = true
		close(g.open)
	}
}

// wait holds r until the gate opens; a client that gives up meanwhile
// aborts the handler, as sleep does.
func (g *Gate) wait(r *http.Request) {
	g.mu.Lock()
	if !g.gotFirst {
		g.gotFirst = true
		close(g.arrived)
	}
	if !g.opened {
		g.held++
		if g.n > 0 && g.held >= g.n {
			close(g.reached)
			g.openLocked()
		}
	}
	g.mu.Unlock()
	select {
	case <-g.open:
	case <-r.Context().Done():
		g.mu.Lock()
		if !g.opened {
			g.held-- // only requests held together count
		}
		g.mu.Unlock()
		panic(http.ErrAbortHandler)
	}
}

// gate returns the gate that holds r, or nil.
func (e *Emulator) gate(r *http.Request) *Gate {
	e.mu.Lock()
	g := e.gates[r.Host]
	e.mu.Unlock()
	if g == nil || !strings.Contains(strings.ToLower(r.URL.Path), g.path) {
		return nil
	}
	return g
}
