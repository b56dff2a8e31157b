package report

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
)

// The table primitive's measures and drawing. Heights are worked out by
// hand from the documented geometry: a table line is 8.2 pt × 0.45 mm/pt =
// 3.69 mm, a cell is padded 1.3 mm above and below (0.9 when asked), and a
// table is followed by 3 mm.

const m2LineH = 8.2 * 0.45

func m2Near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func m2Rows(n int, text string) [][]cell {
	rows := make([][]cell, n)
	for i := range rows {
		rows[i] = []cell{txt(fmt.Sprintf("%s%d", text, i))}
	}
	return rows
}

func TestMut2TableMeasures(t *testing.T) {
	d := testDoc(t)
	one := []column{{"H", 1, ""}}
	if h := d.tableH(tableOpts{}, nil, m2Rows(2, "r")); h != 0 {
		t.Errorf("tableH without columns = %v", h)
	}
	if h := d.tableH(tableOpts{}, one, nil); h != 0 {
		t.Errorf("tableH without rows = %v", h)
	}
	row := m2LineH + 2*1.3
	if h, want := d.tableH(tableOpts{}, one, m2Rows(2, "r")), 3*row+3; !m2Near(h, want) {
		t.Errorf("tableH of two one-line rows = %v, want %v", h, want)
	}
	if h, want := d.tableH(tableOpts{padY: 0.9}, one, m2Rows(2, "r")), 3*(m2LineH+1.8)+3; !m2Near(h, want) {
		t.Errorf("tableH padded 0.9 = %v, want %v", h, want)
	}
	if k := d.tableKeep(tableOpts{}, nil, m2Rows(1, "r")); k != 10 {
		t.Errorf("tableKeep without columns = %v, want 10", k)
	}
	if k := d.tableKeep(tableOpts{}, one, nil); k != 10 {
		t.Errorf("tableKeep without rows = %v, want 10", k)
	}
	// A small table is kept whole (header, rows and what follows it).
	if k, want := d.tableKeep(tableOpts{}, one, m2Rows(2, "r")), 3*row; !m2Near(k, want) {
		t.Errorf("tableKeep of a small table = %v, want all of it %v", k, want)
	}
	if k, want := d.tableKeep(tableOpts{keepAfter: 5}, one, m2Rows(2, "r")), 3*row+5; !m2Near(k, want) {
		t.Errorf("tableKeep of a small table with 5 mm after = %v, want %v", k, want)
	}
	// A large one keeps its header with its first row.
	if k, want := d.tableKeep(tableOpts{}, one, m2Rows(100, "r")), 2*row; !m2Near(k, want) {
		t.Errorf("tableKeep of a long table = %v, want header and first row %v", k, want)
	}
	g := d.tableGeom(tableOpts{}, one)
	if _, h := g.heads(); !m2Near(h, row) {
		t.Errorf("a one-line header row is %v, want %v", h, row)
	}
	if lines, h := g.rowLines(nil); !m2Near(h, row) || len(lines) != 1 || lines[0] != nil {
		t.Errorf("an empty row: %q, %v; want one empty cell of %v", lines, h, row)
	}
	long := strings.TrimSpace(strings.Repeat("line\n", 20))
	if lines, h := g.rowLines([]cell{txt(long)}); len(lines[0]) != 14 || !m2Near(h, 14*m2LineH+2*1.3) {
		t.Errorf("a 20-line cell has %d lines, %v mm; want 14 lines (the cap), %v", len(lines[0]), h, 14*m2LineH+2*1.3)
	}
	if lines, h := g.rowLines([]cell{{text: "a", id: "KM-01.x"}}); len(lines[0]) != 2 || lines[0][1] != idMark+"KM-01.x" || !m2Near(h, 2*m2LineH+2*1.3) {
		t.Errorf("a cell with an ID: %q, %v", lines[0], h)
	}
	two := d.tableGeom(tableOpts{}, []column{{"A", 1, ""}, {"B", 3, ""}})
	if !m2Near(two.widths[0]*3, two.widths[1]) || !m2Near(two.widths[0]+two.widths[1], d.contentW()) {
		t.Errorf("widths %v do not spread %v by 1:3", two.widths, d.contentW())
	}
	lines, _ := two.rowLines([]cell{txt("only the first")})
	if len(lines) != 2 || lines[1] != nil {
		t.Errorf("a row shorter than the columns: %q", lines)
	}
}

func TestMut2TableRowNeed(t *testing.T) {
	d := testDoc(t)
	page := d.limit() - marginTop
	for _, c := range []struct {
		keepAfter float64
		ri, n     int
		want      float64
	}{
		{5, 1, 2, 11},
		{5, 0, 2, 6},
		{0, 1, 2, 6},
		{page - 6 - 2*m2LineH - 0.5, 1, 2, 6 + page - 6 - 2*m2LineH - 0.5},
		{page - 6 - 2*m2LineH + 0.5, 1, 2, 6},
	} {
		g := d.tableGeom(tableOpts{keepAfter: c.keepAfter}, []column{{"H", 1, ""}})
		if got := g.rowNeed(c.ri, c.n, 6); !m2Near(got, c.want) {
			t.Errorf("rowNeed(row %d of %d, keepAfter %v) = %v, want %v", c.ri, c.n, c.keepAfter, got, c.want)
		}
	}
}

func TestMut2TableDrawn(t *testing.T) {
	cols := []column{{"HEADX", 1, ""}, {"Second", 1, "R"}}
	if text := m2Drawn(t, func(d *doc) { d.tableOpts(tableOpts{}, nil, m2Rows(2, "r")) }); strings.Contains(text, "Nothing to show") || strings.Contains(text, "r0") {
		t.Errorf("a table without columns drew %q", text)
	}
	if text := m2Drawn(t, func(d *doc) { d.table(cols, nil) }); !strings.Contains(text, "Nothing to show.") || strings.Contains(text, "HEADX") {
		t.Errorf("a table without rows: %q", text)
	}
	// Three rows: one zebra stripe (the second row).
	raw := m2Raw(t, func(d *doc) { d.table(cols, m2Rows(3, "row")) })
	if n := bytes.Count(raw, []byte(m2RGB(colZebra)+" rg")); n != 1 {
		t.Errorf("three rows have %d zebra fills, want 1", n)
	}
	// A table longer than a page repeats its header and loses no row.
	var pages int
	text := m2Drawn(t, func(d *doc) {
		d.table(cols, m2Rows(70, "row"))
		pages = d.pdf.PageNo()
	})
	if pages < 2 || strings.Count(text, "HEADX") != pages {
		t.Errorf("70 rows on %d pages show the header %d times", pages, strings.Count(text, "HEADX"))
	}
	for i := 0; i < 70; i++ {
		if !strings.Contains(text, fmt.Sprintf("row%d ", i)) && !strings.HasSuffix(text, fmt.Sprintf("row%d", i)) {
			t.Errorf("row%d is missing", i)
		}
	}
	// Cell inks: plain text in the body ink, an ID line muted, a link on
	// the first line of its cell only.
	runs := m2Runs(t, func(d *doc) {
		d.table(cols, [][]cell{{{text: "PLAINCELL", id: "ID-ONE"}, {text: "LINKCELL\nSECONDLINE", link: "https://learn.microsoft.com/x"}}})
	})
	for s, want := range map[string]color{"PLAINCELL": colInk, "ID-ONE": colMuted, "LINKCELL": colInk} {
		if got, ok := m2ColorOf(runs, s); !ok || got != m2RGB(want) {
			t.Errorf("%q drawn in %q, want %s", s, got, m2RGB(want))
		}
	}
	raw = m2Raw(t, func(d *doc) {
		d.table(cols, [][]cell{{txt("a"), {text: "LINKCELL\nSECONDLINE\nTHIRD", link: "https://learn.microsoft.com/x"}}, {txt("b"), {text: "bad", link: "javascript:alert(1)"}}})
	})
	if n := bytes.Count(raw, []byte("/URI (")); n != 1 {
		t.Errorf("a three-line linked cell and a bad link make %d links, want 1", n)
	}
	if got := m2Drawn(t, func(d *doc) { d.table(cols, [][]cell{{pillCell("PILLTEXT", colHigh), txt("x")}}) }); !strings.Contains(got, "PILLTEXT") {
		t.Errorf("a pill cell is not drawn: %q", got)
	}
}

func TestMut2AlignOf(t *testing.T) {
	for in, want := range map[string]string{"C": "C", "R": "R", "L": "L", "": "L", "X": "L"} {
		if got := alignOf(in); got != want {
			t.Errorf("alignOf(%q) = %q, want %q", in, got, want)
		}
	}
}
