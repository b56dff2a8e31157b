package tenanttest

import (
	"net/http"
	"testing"
)

// TestGate: a gated service answers nothing until the given number of
// requests are in flight together, then answers them all; MaxInFlight
// counts them; a request after that passes at once.
func TestGate(t *testing.T) {
	emu, c, _ := start(t, Sample(testNow))
	tok, _ := token(t, emu, c, BAPScope)
	g := emu.Hold("bap", 3)
	u := emu.URL("bap") + "/providers/Microsoft.BusinessAppPlatform/tenant?api-version=2021-04-01"
	status := make(chan int, 3)
	for range 2 {
		go func() { s, _ := get(t, c, http.MethodGet, u, tok); status <- s }()
	}
	<-g.Arrived()
	select {
	case s := <-status:
		t.Fatalf("answered (%d) with 2 requests in flight, gate at 3", s)
	case <-g.Reached():
		t.Fatal("reached with 2 requests")
	default:
	}
	go func() { s, _ := get(t, c, http.MethodGet, u, tok); status <- s }()
	<-g.Reached()
	for range 3 {
		if s := <-status; s != http.StatusOK {
			t.Errorf("status %d", s)
		}
	}
	if n := emu.MaxInFlight("bap"); n != 3 {
		t.Errorf("MaxInFlight = %d, want 3", n)
	}
	if s, _ := get(t, c, http.MethodGet, u, tok); s != http.StatusOK {
		t.Errorf("after the gate opened: %d", s)
	}
}

// TestHoldPath: a path gate holds only its requests; the service's others
// are answered while they wait.
func TestHoldPath(t *testing.T) {
	emu, c, _ := start(t, Sample(testNow))
	tok, _ := token(t, emu, c, BAPScope)
	g := emu.HoldPath("bap", "/TENANT", 2)
	held := emu.URL("bap") + "/providers/Microsoft.BusinessAppPlatform/tenant?api-version=2021-04-01"
	status := make(chan int, 2)
	go func() { s, _ := get(t, c, http.MethodGet, held, tok); status <- s }()
	<-g.Arrived()
	other := emu.URL("bap") + "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version=2023-06-01"
	if s, _ := get(t, c, http.MethodGet, other, tok); s != http.StatusOK {
		t.Fatalf("a request the gate does not hold: %d", s)
	}
	select {
	case s := <-status:
		t.Fatalf("the held request was answered (%d) with 1 in flight, gate at 2", s)
	default:
	}
	go func() { s, _ := get(t, c, http.MethodGet, held, tok); status <- s }()
	<-g.Reached()
	for range 2 {
		if s := <-status; s != http.StatusOK {
			t.Errorf("status %d", s)
		}
	}
}
