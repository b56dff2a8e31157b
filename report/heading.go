package report

// bookmarkY is the current y for a bookmark. gofpdf places bookmarks with
// the height of the last page, which is portrait; landscape pages shift.
func (d *doc) bookmarkY() float64 {
	if w, h := d.pdf.GetPageSize(); w > h { // the current page, whatever comes next
		return d.y() + d.size.Ht - d.size.Wd
	}
	return d.y()
}

// h1 starts a top-level section on a new page, with a bookmark and a contents entry.
func (d *doc) h1(title string) {
	d.newPage()
	d.h1Here(title)
}

// h1Flow starts a short section on the current page when need millimetres
// (its estimated height) fit below what is there, so a small section does
// not open a page alone; otherwise on a new page.
func (d *doc) h1Flow(title string, need float64) {
	if d.pdf.PageNo() > 1 && d.y() > marginTop+1 && d.y()+14+need <= d.limit() {
		d.space(10)
		d.h1Here(title)
		return
	}
	d.h1(title)
}

// h1Here draws a top-level heading at the current position.
func (d *doc) h1Here(title string) {
	title = d.san.line(title)
	link := d.pdf.AddLink()
	d.pdf.SetLink(link, d.y(), d.pdf.PageNo())
	d.toc = append(d.toc, tocEntry{title: title, page: d.pdf.PageNo(), link: link})
	d.pdf.Bookmark(title, 0, d.bookmarkY())
	d.headingLines(title, sizeH1, colAccent, 2)
	y := d.y() + 1.5
	d.drawColor(colAccent)
	d.pdf.SetLineWidth(0.6)
	d.pdf.Line(marginX, y, marginX+24, y)
	d.pdf.SetLineWidth(0.2)
	d.setY(y + 5)
}

// h2 is a sub-section heading with a bookmark; it keeps with the next lines.
func (d *doc) h2(title string) { d.h2Keep(title, 22) }

// h2Keep is h2 that keeps with the next keep millimetres (less for a heading
// followed by one short line).
func (d *doc) h2Keep(title string, keep float64) {
	title = d.san.line(title)
	lh := lineH(sizeH2)
	if d.y() > marginTop+1 {
		d.space(3)
	}
	d.ensure(lh + keep)
	d.pdf.Bookmark(title, 1, d.bookmarkY())
	d.headingLines(title, sizeH2, colAccent, 3)
	d.space(1.5)
}

// h3 is a minor heading (no bookmark) that keeps with the next lines.
func (d *doc) h3(title string, c color) {
	title = d.san.line(title)
	lh := lineH(sizeH3)
	d.ensure(lh + 14)
	d.headingLines(title, sizeH3, c, 4)
	d.space(1)
}

// headingLines writes a bold title over at most maxLines lines.
func (d *doc) headingLines(title string, size float64, c color, maxLines int) {
	d.font(true, size)
	d.textColor(c)
	for _, line := range d.clip(d.wrap(title, d.contentW()), maxLines, d.contentW()) {
		d.pdf.SetXY(marginX, d.y())
		d.pdf.CellFormat(d.contentW(), lineH(size), line, "", 2, "L", false, 0, "")
	}
}

// rule draws a thin horizontal line across the content width.
func (d *doc) rule() {
	d.ensure(3)
	y := d.y() + 1
	d.drawColor(colRule)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(marginX, y, marginX+d.contentW(), y)
	d.setY(y + 2)
}

// badge draws a filled pill with white text at (x, y) and returns its width.
func (d *doc) badge(x, y float64, text string, c color, size float64) float64 {
	text = d.san.line(text)
	d.font(true, size)
	w := d.width(text) + 3
	h := lineH(size) + 0.8
	d.fillColor(c)
	d.pdf.RoundedRect(x, y, w, h, 1.2, "1234", "F")
	d.textColor(colWhite)
	d.pdf.SetXY(x, y)
	d.pdf.CellFormat(w, h, text, "", 0, "C", false, 0, "")
	return w
}
