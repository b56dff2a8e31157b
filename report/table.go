package report

import "strings"

// column is one table column: a title, a relative width and an alignment.
type column struct {
	title string
	w     float64 // relative weight; the table spreads the content width by weight
	align string  // "L" (default), "C" or "R"
}

// cell is one table cell.
type cell struct {
	text  string
	color color // 0 means the body ink
	bold  bool
	link  string // web link for the cell's text
	pill  bool   // draw the text as a coloured badge (color is the badge colour)
	mono  bool   // Go Mono: an API path, an ID, a command
	id    string // a finding ID on a line of its own below the text, in Go Mono
}

// idMark is the prefix of an ID line in a cell's wrapped lines.
const idMark = "\x00id:"

func txt(s string) cell               { return cell{text: s} }
func colored(s string, c color) cell  { return cell{text: s, color: c, bold: true} }
func pillCell(s string, c color) cell { return cell{text: s, color: c, pill: true} }
func mutedCell(s string) cell         { return cell{text: s, color: colMuted} }
func monoCell(s string) cell          { return cell{text: s, color: colMuted, mono: true} }

// monoTableSize is Go Mono's size in tables: its wider glyphs at the body's x-height.
const monoTableSize = sizeTable - 1

const (
	cellPadX = 1.6
	cellPadY = 1.3
	// maxCellLines caps a cell, so one hostile value cannot make a row taller than a page.
	maxCellLines = 14
)

// tableOpts tunes a table.
type tableOpts struct {
	padY float64 // vertical cell padding (0: the default)
	// keepAfter is the height of what follows and belongs with the table (a
	// list about its rows): the last row moves to the next page with it
	// rather than leave it stranded there alone.
	keepAfter float64
}

// table draws rows under a header row that is repeated on every page the table
// spans. Rows never split; a cell longer than maxCellLines is cut with an ellipsis.
func (d *doc) table(cols []column, rows [][]cell) { d.tableOpts(tableOpts{}, cols, rows) }

// smallTable is the share of a page's content height up to which a table
// is kept whole, on one page with its heading, rather than split.
const smallTable = 0.35

// tableGeom is a table's measured layout: column widths and row wrapping.
type tableGeom struct {
	d        *doc
	o        tableOpts
	cols     []column
	widths   []float64
	padY, lh float64
}

func (d *doc) tableGeom(o tableOpts, cols []column) tableGeom {
	total := 0.0
	for _, c := range cols {
		total += c.w
	}
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = d.contentW() * c.w / total
	}
	return tableGeom{d: d, o: o, cols: cols, widths: widths, padY: cmpOr(o.padY, cellPadY), lh: lineH(sizeTable)}
}

// rowLines wraps a row's cells and gives its height.
func (g tableGeom) rowLines(row []cell) ([][]string, float64) {
	d := g.d
	lines := make([][]string, len(g.cols))
	n := 1
	for i := range g.cols {
		if i >= len(row) {
			continue
		}
		c := row[i]
		d.font(c.bold || c.pill, sizeTable)
		if c.mono {
			d.mono(false, monoTableSize)
		}
		w := g.widths[i] - 2*cellPadX
		if c.pill {
			w -= 3
		}
		san := d.san
		if c.mono {
			san = d.monoSan
		}
		lines[i] = d.clip(d.wrap(san.block(c.text), w), maxCellLines, w)
		if c.id != "" {
			d.mono(false, monoTableSize)
			lines[i] = append(lines[i], idMark+d.fit(d.monoSan.line(c.id), w))
		}
		n = max(n, len(lines[i]))
	}
	return lines, float64(n)*g.lh + 2*g.padY
}

// heads wraps the column titles and gives the header row's height.
func (g tableGeom) heads() ([][]string, float64) {
	d := g.d
	d.font(true, sizeTable-0.4)
	heads := make([][]string, len(g.cols))
	n := 1
	for i, c := range g.cols {
		heads[i] = d.clip(d.wrap(d.san.line(c.title), g.widths[i]-2*cellPadX), 3, g.widths[i]-2*cellPadX)
		n = max(n, len(heads[i]))
	}
	return heads, float64(n)*g.lh + 2*g.padY
}

// rowNeed is the room row ri needs: the last one takes what belongs after
// the table with it, when that fits a page at all.
func (g tableGeom) rowNeed(ri, n int, h float64) float64 {
	d := g.d
	if ri == n-1 && g.o.keepAfter > 0 && g.o.keepAfter+h+2*g.lh < d.limit()-marginTop {
		return h + g.o.keepAfter
	}
	return h
}

// keep is the height a table keeps together from its start: all of it
// (with what follows it) when it is small, else the header and first row.
func (g tableGeom) keep(rows [][]cell) float64 {
	d := g.d
	_, head := g.heads()
	if len(rows) == 0 {
		return head
	}
	page := d.limit() - marginTop
	_, h0 := g.rowLines(rows[0])
	first := min(head+g.rowNeed(0, len(rows), h0), page-20)
	total := head + g.o.keepAfter
	for _, r := range rows {
		_, h := g.rowLines(r)
		if total += h; total > smallTable*page {
			return first
		}
	}
	return max(total, first)
}

// tableH is the height of a whole table, drawn on one page.
func (d *doc) tableH(o tableOpts, cols []column, rows [][]cell) float64 {
	if len(cols) == 0 || len(rows) == 0 {
		return 0
	}
	g := d.tableGeom(o, cols)
	_, h := g.heads()
	for _, r := range rows {
		_, rh := g.rowLines(r)
		h += rh
	}
	return h + 3
}

// tableKeep is what a heading above the table should keep with it.
func (d *doc) tableKeep(o tableOpts, cols []column, rows [][]cell) float64 {
	if len(cols) == 0 || len(rows) == 0 {
		return 10
	}
	return d.tableGeom(o, cols).keep(rows)
}

// tableOpts is table with options.
func (d *doc) tableOpts(o tableOpts, cols []column, rows [][]cell) {
	if len(cols) == 0 {
		return
	}
	if len(rows) == 0 {
		d.para("Nothing to show.", muted())
		return
	}
	g := d.tableGeom(o, cols)
	widths, padY := g.widths, g.padY
	header := func(first float64) {
		heads, h := g.heads()
		// The header row never ends a page: it keeps with the row below, or
		// with the whole table when that is small (and a pending heading
		// keeps with all of it).
		d.ensure(h + first)
		y := d.y()
		d.fillColor(colAccent)
		d.pdf.Rect(marginX, y, d.contentW(), h, "F")
		d.textColor(colWhite)
		x := marginX
		for i, c := range cols {
			for j, line := range heads[i] {
				d.pdf.SetXY(x+cellPadX, y+padY+float64(j)*g.lh)
				d.pdf.CellFormat(widths[i]-2*cellPadX, g.lh, line, "", 0, alignOf(c.align), false, 0, "")
			}
			x += widths[i]
		}
		d.setY(y + h)
	}
	_, headH := g.heads()
	header(g.keep(rows) - headH)
	for ri, row := range rows {
		lines, h := g.rowLines(row)
		if d.y()+g.rowNeed(ri, len(rows), h) > d.limit() {
			d.newPage()
			header(h)
		}
		d.openPage = 0
		y := d.y()
		if ri%2 == 1 {
			d.fillColor(colZebra)
			d.pdf.Rect(marginX, y, d.contentW(), h, "F")
		}
		x := marginX
		for i, col := range cols {
			if i < len(row) {
				d.drawCell(row[i], lines[i], x, y+padY-cellPadY, widths[i], alignOf(col.align))
			}
			x += widths[i]
		}
		d.drawColor(colRule)
		d.pdf.SetLineWidth(0.15)
		d.pdf.Line(marginX, y+h, marginX+d.contentW(), y+h)
		d.setY(y + h)
	}
	d.space(3)
}

func (d *doc) drawCell(c cell, lines []string, x, y, w float64, align string) {
	lh := lineH(sizeTable)
	if c.pill && len(lines) > 0 {
		for j, line := range lines {
			d.badge(x+cellPadX, y+cellPadY+float64(j)*lh-0.2, line, c.color, sizeTable-1)
		}
		return
	}
	d.font(c.bold, sizeTable)
	if c.mono {
		d.mono(false, monoTableSize)
	}
	ink := c.color
	if ink == 0 {
		ink = colInk
	}
	d.textColor(ink)
	url := safeURL(c.link)
	for j, line := range lines {
		d.pdf.SetXY(x+cellPadX, y+cellPadY+float64(j)*lh)
		if id, ok := strings.CutPrefix(line, idMark); ok {
			d.mono(false, monoTableSize)
			d.textColor(colMuted)
			d.pdf.CellFormat(w-2*cellPadX, lh, id, "", 0, align, false, 0, "")
			continue
		}
		link := ""
		if j == 0 {
			link = url
		}
		d.pdf.CellFormat(w-2*cellPadX, lh, line, "", 0, align, false, 0, link)
	}
}

func alignOf(a string) string {
	switch a {
	case "C", "R":
		return a
	}
	return "L"
}
