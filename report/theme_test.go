package report

import "testing"

// TestTextContrast: every text colour reaches 4.5:1 (WCAG AA for normal
// text) on every background the report draws it on.
func TestTextContrast(t *testing.T) {
	pairs := textPairs()
	if len(pairs) < 40 {
		t.Fatalf("only %d colour pairs listed", len(pairs))
	}
	for _, p := range pairs {
		if r := contrast(p[0], p[1]); r < 4.5 {
			t.Errorf("text #%06X on #%06X: contrast %.2f:1, want at least 4.5:1", uint32(p[0]), uint32(p[1]), r)
		}
	}
	// The formula, checked against known values: black on white is 21:1,
	// and #767676 on white is the classic 4.54:1.
	if r := contrast(0x000000, 0xFFFFFF); r < 20.99 || r > 21.01 {
		t.Errorf("black on white = %.3f", r)
	}
	if r := contrast(0x767676, 0xFFFFFF); r < 4.53 || r > 4.55 {
		t.Errorf("#767676 on white = %.3f", r)
	}
}
