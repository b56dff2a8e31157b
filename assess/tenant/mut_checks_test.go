package tenant

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestCheckDurationsFromClock: each check's duration is the time between
// its start and its end on the run's clock. With a clock that moves one
// second at every reading, every check that ended took at least a second
// (never zero, never negative).
func TestCheckDurationsFromClock(t *testing.T) {
	_, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	var mu sync.Mutex
	tick := fixedNow
	opts.Now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		tick = tick.Add(time.Second)
		return tick
	}
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Checks) == 0 {
		t.Fatal("no checks recorded")
	}
	for _, c := range f.Checks {
		if c.Duration < time.Second {
			t.Errorf("check %s (%s): duration %v, want at least 1s on a clock that moves 1s per reading", c.Name, c.Provenance.Status, c.Duration)
		}
	}
}
