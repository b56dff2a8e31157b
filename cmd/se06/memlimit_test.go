package main

import "testing"

func TestSoftLimit(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, 96 << 20},        // nothing live: the floor
		{10 << 20, 96 << 20}, // small tenant: the floor
		{48 << 20, 96 << 20}, // exactly at the floor
		{49 << 20, 98 << 20}, // 10,000 environments: twice the working set
		{1 << 30, 2 << 30},   // a huge tenant is never squeezed below twice its live heap
	} {
		if got := softLimit(tc.live); got != tc.want {
			t.Errorf("softLimit(%d MiB) = %d MiB, want %d MiB", tc.live>>20, got>>20, tc.want>>20)
		}
	}
}

func TestBoundHeapLeavesGOMEMLIMIT(t *testing.T) {
	asked := ""
	boundHeap(func(k string) string { asked = k; return "1GiB" })
	if asked != "GOMEMLIMIT" {
		t.Errorf("boundHeap asked for %q, want GOMEMLIMIT", asked)
	}
}
