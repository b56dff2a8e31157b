package tenant

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// BenchmarkCollect: 1,000 environments (pages of 100), 50 CMK policies, 50
// vaults, 50 ms latency on every request. It reports the collection time as
// a ratio to the critical path — token, environment pages, policy, vault,
// key, one round trip each — (target ≤ 1.5) and the peak heap of the whole
// process, emulator included (target < 100 MB).
//
// The sub-benchmark per-policy-get refuses the subscription-wide policy
// list, so every linked policy costs its own GET (reported, not enforced).
func BenchmarkCollect(b *testing.B) {
	b.Run("default", func(b *testing.B) { benchmarkCollect(b, false, true) })
	b.Run("per-policy-get", func(b *testing.B) { benchmarkCollect(b, true, false) })
}

func benchmarkCollect(b *testing.B, noList, enforce bool) {
	const (
		envs     = 1000
		policies = 50
		vaults   = 50
		latency  = 50 * time.Millisecond
	)
	sc := tenanttest.Large(envs, policies, vaults, latency, fixedNow)
	if noList {
		sc.Faults = []tenanttest.Fault{tenanttest.SubscriptionListForbidden()}
	}
	pages := (envs + sc.PageSize - 1) / sc.PageSize
	critical := time.Duration(1+pages+3) * latency

	var worstRatio float64
	var peak uint64
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		emu, opts := startEmulator(b, sc) // a new emulator: no token cached between runs
		runtime.GC()
		stop := sampleHeap(&peak)
		b.StartTimer()
		start := time.Now()
		f, err := Collect(context.Background(), opts, nil)
		took := time.Since(start)
		b.StopTimer()
		stop()
		if err != nil {
			b.Fatal(err)
		}
		if len(f.Environments) != envs || len(f.Policies) != policies || len(f.Vaults) != vaults || len(f.Keys) != policies {
			b.Fatalf("collected %d environments, %d policies, %d vaults, %d keys", len(f.Environments), len(f.Policies), len(f.Vaults), len(f.Keys))
		}
		if v := emu.Violations(); len(v) > 0 {
			b.Fatalf("write calls: %v", v)
		}
		ratio := float64(took) / float64(critical)
		worstRatio = max(worstRatio, ratio)
		b.Logf("collection %v, critical path %v (%d round trips), ratio %.2f", took.Round(time.Millisecond), critical, 1+pages+3, ratio)
		emu.Close()
		b.StartTimer()
	}
	b.ReportMetric(worstRatio, "x-critical-path")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	if !enforce {
		return
	}
	if worstRatio > 1.5 {
		b.Errorf("collection took %.2f× the critical path, target ≤ 1.5", worstRatio)
	}
	if peak > 100<<20 {
		b.Errorf("peak heap %d MB, target < 100 MB", peak>>20)
	}
}

// sampleHeap records the largest HeapAlloc seen until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			*peak = max(*peak, m.HeapAlloc)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}
