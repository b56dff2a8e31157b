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

// tableOpts is table with options.
func (d *doc) tableOpts(o tableOpts, cols []column, rows [][]cell) {
	padY := cmpOr(o.padY, cellPadY)
	if len(cols) == 0 {
		return
	}
	if len(rows) == 0 {
		d.para("Nothing to show.", muted())
		return
	}
	total := 0.0
	for _, c := range cols {
		total += c.w
	}
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = d.contentW() * c.w / total
	}
	lh := lineH(sizeTable)
	header := func() {
		d.font(true, sizeTable-0.4)
		heads := make([][]string, len(cols))
		n := 1
		for i, c := range cols {
			heads[i] = d.clip(d.wrap(d.san.line(c.title), widths[i]-2*cellPadX), 3, widths[i]-2*cellPadX)
			n = max(n, len(heads[i]))
		}
		h := float64(n)*lh + 2*padY
		d.ensure(h + lh + 2*padY)
		y := d.y()
		d.fillColor(colAccent)
		d.pdf.Rect(marginX, y, d.contentW(), h, "F")
		d.textColor(colWhite)
		x := marginX
		for i, c := range cols {
			for j, line := range heads[i] {
				d.pdf.SetXY(x+cellPadX, y+padY+float64(j)*lh)
				d.pdf.CellFormat(widths[i]-2*cellPadX, lh, line, "", 0, alignOf(c.align), false, 0, "")
			}
			x += widths[i]
		}
		d.setY(y + h)
	}
	header()
	for ri, row := range rows {
		lines := make([][]string, len(cols))
		n := 1
		for i := range cols {
			if i >= len(row) {
				continue
			}
			c := row[i]
			d.font(c.bold || c.pill, sizeTable)
			if c.mono {
				d.mono(false, monoTableSize)
			}
			w := widths[i] - 2*cellPadX
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
		h := float64(n)*lh + 2*padY
		need := h
		if ri == len(rows)-1 && o.keepAfter > 0 && o.keepAfter+h+2*lh < d.limit()-marginTop {
			need += o.keepAfter
		}
		if d.y()+need > d.limit() {
			d.newPage()
			header()
		}
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
