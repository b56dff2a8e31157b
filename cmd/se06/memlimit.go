package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// minSoftLimit is the smallest soft memory limit boundHeap sets: below it the
// collector would run for little gain on small tenants.
const minSoftLimit = 96 << 20

// softLimit is the soft memory limit for rendering once the working set
// (facts, result, action plan) is live: twice that set, and at least
// minSoftLimit. Twice the live heap is Go's default pacing for the working
// set itself, so a big tenant never makes the collector run harder than it
// would anyway; what the limit stops is the heap growing to twice the
// transient peak of rendering (a compressor per PDF page, a template run per
// command), which is all short-lived garbage.
func softLimit(live uint64) int64 {
	l := int64(2 * live)
	if l < minSoftLimit {
		return minSoftLimit
	}
	return l
}

// boundHeap sets the soft memory limit for rendering, unless the user set
// GOMEMLIMIT (getenv is os.Getenv; a parameter so tests do not touch the
// process). It keeps a 10,000-environment PDF near 120 MB of memory instead
// of 160 MB, at a cost in CPU too small to measure (BenchmarkOutputsScale).
func boundHeap(getenv func(string) string) {
	if getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC() // the live figure is as of the last collection: make it now
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return // not reported by this runtime: keep Go's default
	}
	debug.SetMemoryLimit(softLimit(s[0].Value.Uint64()))
}
