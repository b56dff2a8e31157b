package peakheap

import "testing"

var keep [][]byte

// TestMeasureSeesLiveHeap: 64 MB held at once is seen; the same allocated
// and dropped piece by piece is not counted whole.
func TestMeasureSeesLiveHeap(t *testing.T) {
	base := Measure(func() {})
	held := Measure(func() {
		for range 64 {
			keep = append(keep, make([]byte, 1<<20))
		}
	})
	keep = nil
	if held < base+60<<20 {
		t.Errorf("64 MB held: peak %d bytes over a floor of %d", held, base)
	}
	dropped := Measure(func() {
		for range 64 {
			b := make([]byte, 1<<20)
			b[0] = 1
		}
	})
	if dropped > base+48<<20 {
		t.Logf("64 × 1 MB dropped at once: peak %d over %d (the collector may lag)", dropped, base)
	}
}
