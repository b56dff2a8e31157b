// Package peakheap measures the most heap a piece of work holds at once,
// for benchmarks that pin memory as well as time (B/op counts what was
// allocated in all, not what was live together).
package peakheap

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

const heapObjects = "/memory/classes/heap/objects:bytes"

// Measure runs f and returns the largest live heap seen while it ran, in
// bytes, sampled every 100 µs (a garbage collection first, so what the
// caller held before counts as a floor, not as garbage). The runtime's
// memory metrics are read without stopping the world.
func Measure(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: heapObjects}}
	read := func() uint64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return sample[0].Value.Uint64()
	}
	var (
		mu   sync.Mutex
		peak = read()
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	note := func() {
		v := read()
		mu.Lock()
		peak = max(peak, v)
		mu.Unlock()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				note()
			}
		}
	}()
	f()
	note()
	close(done)
	wg.Wait()
	return peak
}
