package tui

import (
	"strings"
	"testing"
)

// questionGeometry is where the fixed parts of a question screen sit.
type questionGeometry struct {
	sepCol      int // the sidebar's separator column, the same on every row
	sectionsRow int // "Sections"
	sectionsLen int // rows of the section list
	footRow     int // "◆ Tenant facts loaded"
	panelTop    int // "From the tenant", -1 without a panel
	panelRows   int // rows of the panel's bar
}

func geometryOf(t *testing.T, screen string) questionGeometry {
	t.Helper()
	g := questionGeometry{sepCol: -1, sectionsRow: -1, footRow: -1, panelTop: -1}
	rows := strings.Split(screen, "\n")
	for i, r := range rows {
		side, main, ok := strings.Cut(r, "│")
		if !ok {
			continue
		}
		if col := len([]rune(side)); g.sepCol == -1 {
			g.sepCol = col
		} else if col != g.sepCol {
			t.Errorf("row %d: the separator moved to column %d from %d:\n%s", i, col, g.sepCol, screen)
		}
		switch {
		case strings.Contains(side, "Sections"):
			g.sectionsRow = i
		case strings.Contains(side, "Tenant facts loaded"):
			g.footRow = i
		case strings.Contains(side, "In this section") && g.sectionsLen == 0:
			g.sectionsLen = i - g.sectionsRow
		}
		if strings.Contains(main, "From the tenant") {
			g.panelTop = i
		}
		if g.panelTop >= 0 && strings.Contains(main, "┃") {
			g.panelRows++
		}
	}
	return g
}

// TestQuestionLayoutIsStableAt80x24: walking the questions at 80×24, the
// sidebar's separator, section list and tenant line, and the evidence
// panel's place and height do not change from one question to the next.
func TestQuestionLayoutIsStableAt80x24(t *testing.T) {
	d, _ := demoDriver(t, 80, 24)
	d.keys("enter", "space", "enter", "down", "enter") // SC-01, SC-02, AR-01 → AR-02 appears
	d.keys("shift+tab", "shift+tab", "shift+tab")      // back to the first question
	d.mustSee("Question 1 of")
	var first, panel *questionGeometry
	for i := 0; i < 6; i++ {
		g := geometryOf(t, d.screen())
		if g.sepCol < 0 || g.sectionsRow < 0 || g.footRow < 0 {
			t.Fatalf("question %d: no sidebar found:\n%s", i+1, d.screen())
		}
		if first == nil {
			first = &g
		} else if g.sepCol != first.sepCol || g.sectionsRow != first.sectionsRow || g.sectionsLen != first.sectionsLen || g.footRow != first.footRow {
			t.Errorf("question %d: sidebar %+v, first question %+v:\n%s", i+1, g, *first, d.screen())
		}
		if g.panelTop >= 0 {
			if panel == nil {
				panel = &g
			} else if g.panelTop != panel.panelTop || g.panelRows != panel.panelRows {
				t.Errorf("question %d: evidence panel at row %d, %d rows; before at %d, %d rows", i+1, g.panelTop, g.panelRows, panel.panelTop, panel.panelRows)
			}
		}
		d.keys("tab")
	}
	if panel == nil {
		t.Error("no question showed the evidence panel")
	}
}
