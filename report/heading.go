package report

// bookmarkY is the current y for a bookmark. gofpdf places bookmarks with
// the height of the last page, which is portrait; landscape pages shift.
func (d *doc) bookmarkY() float64 {
	if w, h := d.pdf.GetPageSize(); w > h { // the current page, whatever comes next
		return d.y() + d.size.Ht - d.size.Wd
	}
	return d.y()
}

// h1 starts a top-level section, with a bookmark and a contents entry, on a
// new page; or below the end of the previous section when that filled less
// than flowFill of its page, so a section's short tail does not leave a page
// nearly empty.
func (d *doc) h1(title string) {
	d.flushHeadings(0)
	if d.canFlow() && d.y()-marginTop < flowFill*(d.limit()-marginTop) {
		d.space(10)
		d.h1Here(title)
		return
	}
	d.h1Page(title)
}

// h1Page starts a top-level section on a new page.
func (d *doc) h1Page(title string) {
	d.flushHeadings(0)
	d.newPage()
	d.h1Here(title)
}

// flowFill is how full (a fraction of the content height) a page may be for
// the next section to start on it rather than on a new page.
const flowFill = 0.4

// canFlow reports whether a section may start on the current page: not the
// cover, not an empty page, and a page in the orientation the section wants.
func (d *doc) canFlow() bool {
	w, h := d.pdf.GetPageSize()
	return d.pdf.PageNo() > 1 && d.y() > marginTop+1 && (w > h) == d.landscape
}

// h1Flow starts a short section on the current page when need millimetres
// (its estimated height) fit below what is there, so a small section does
// not open a page alone; otherwise on a new page.
func (d *doc) h1Flow(title string, need float64) {
	d.flushHeadings(0)
	if d.canFlow() && d.y()+14+need <= d.limit() {
		d.space(10)
		d.h1Here(title)
		return
	}
	d.h1(title)
}

// h1Here draws a top-level heading at the current position.
func (d *doc) h1Here(title string) {
	title = d.san.line(title)
	if d.y() <= marginTop+1 {
		d.openPage = d.pdf.PageNo()
	}
	d.marks = append(d.marks, headingMark{title, d.pdf.PageNo()})
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
// followed by one short line). The heading is drawn when that content asks
// for room, so it moves to the next page with it.
func (d *doc) h2Keep(title string, keep float64) {
	d.pending = append(d.pending, pendingHeading{title: d.san.line(title), size: sizeH2, color: colAccent, maxLines: 3,
		bookmark: true, keep: keep, before: 3, after: 1.5})
}

// h3 is a minor heading (no bookmark) that keeps with the next lines.
func (d *doc) h3(title string, c color) {
	d.pending = append(d.pending, pendingHeading{title: d.san.line(title), size: sizeH3, color: c, maxLines: 4, keep: 14, after: 1})
}

// pendingH is the height the pending headings will take.
func (d *doc) pendingH() float64 {
	face := d.face
	defer func() {
		if face.family != "" {
			d.pdf.SetFont(face.family, face.style, face.size)
			d.face = face
		}
	}()
	h := 0.0
	for _, p := range d.pending {
		d.font(true, p.size)
		h += p.before + float64(len(d.clip(d.wrap(p.title, d.contentW()), p.maxLines, d.contentW())))*lineH(p.size) + p.after
	}
	return h
}

// flushHeadings draws the pending headings where the next h millimetres (at
// least the last heading's keep) fit below them, on a new page if need be,
// and reports whether it started one.
func (d *doc) flushHeadings(h float64) bool {
	if len(d.pending) == 0 {
		return false
	}
	// The caller may have chosen its font and colours already.
	face := d.face
	tr, tg, tb := d.pdf.GetTextColor()
	need := d.pendingH() + max(h, d.pending[len(d.pending)-1].keep)
	hs := d.pending
	d.pending = nil
	defer func() {
		if face.family != "" {
			d.pdf.SetFont(face.family, face.style, face.size)
			d.face = face
		}
		d.pdf.SetTextColor(tr, tg, tb)
	}()
	broke := false
	if d.y()+need > d.limit() && d.y() > marginTop+1 {
		d.newPage()
		broke = true
	}
	for _, p := range hs {
		if d.y() > marginTop+1 {
			d.space(p.before)
		}
		d.marks = append(d.marks, headingMark{p.title, d.pdf.PageNo()})
		if p.bookmark {
			d.pdf.Bookmark(p.title, 1, d.bookmarkY())
		}
		d.headingLines(p.title, p.size, p.color, p.maxLines)
		d.space(p.after)
	}
	// What follows may still not fit (taller than the room under the
	// headings on a fresh page): it breaks inside itself.
	return broke
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
