package report

import (
	"strconv"
	"strings"

	"github.com/jung-kurt/gofpdf"
)

// Font families registered with gofpdf.
const (
	famText = "body"
)

// Page geometry, in millimetres.
const (
	marginX      = 18.0
	marginTop    = 20.0
	marginBottom = 18.0
	headerY      = 9.0
	footerGap    = 9.0
)

// Type sizes, in points.
const (
	sizeBody   = 9.5
	sizeSmall  = 8.0
	sizeTable  = 8.2
	sizeH1     = 18.0
	sizeH2     = 12.5
	sizeH3     = 10.5
	lineFactor = 0.45 // line height in mm per point of type size
)

// doc wraps gofpdf with the few layout primitives the report needs: wrapped
// paragraphs, headings with bookmarks, tables that break across pages, and
// page breaks that it manages itself (gofpdf's automatic breaks are off, so
// nothing is ever drawn below the bottom margin).
type doc struct {
	pdf       *gofpdf.Fpdf
	san       *sanitizer
	size      gofpdf.SizeType
	landscape bool
	toc       []tocEntry
	// header is the running header text (the assessment title).
	header string
	footer string
}

// tocEntry is a top-level section: its title, page and internal link.
type tocEntry struct {
	title string
	page  int
	link  int
}

func (d *doc) pageW() float64 { w, _ := d.pdf.GetPageSize(); return w }
func (d *doc) pageH() float64 { _, h := d.pdf.GetPageSize(); return h }

// contentW is the width between the side margins.
func (d *doc) contentW() float64 { return d.pageW() - 2*marginX }

// limit is the lowest y content may reach.
func (d *doc) limit() float64 { return d.pageH() - marginBottom }

func (d *doc) y() float64     { return d.pdf.GetY() }
func (d *doc) setY(y float64) { d.pdf.SetXY(marginX, y) }

// space moves down by h, or starts a new page when that runs off the page.
func (d *doc) space(h float64) {
	if d.y()+h > d.limit() {
		d.newPage()
		return
	}
	d.setY(d.y() + h)
}

// newPage starts a page in the current orientation.
func (d *doc) newPage() {
	orient := "P"
	if d.landscape {
		orient = "L"
	}
	d.pdf.AddPageFormat(orient, d.size)
	d.setY(marginTop)
}

// ensure starts a new page unless h millimetres fit below the current position.
func (d *doc) ensure(h float64) bool {
	if d.y()+h <= d.limit() {
		return false
	}
	d.newPage()
	return true
}

// setOrientation switches orientation for the pages that follow.
func (d *doc) setOrientation(landscape bool) { d.landscape = landscape }

func (d *doc) font(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	d.pdf.SetFont(famText, style, size)
}

func (d *doc) textColor(c color) { d.pdf.SetTextColor(c.rgb()) }
func (d *doc) fillColor(c color) { d.pdf.SetFillColor(c.rgb()) }
func (d *doc) drawColor(c color) { d.pdf.SetDrawColor(c.rgb()) }

func lineH(size float64) float64 { return size * lineFactor }

// width measures sanitised text in the current font.
func (d *doc) width(s string) float64 { return d.pdf.GetStringWidth(s) }

// wrap splits sanitised text into lines no wider than w in the current font.
func (d *doc) wrap(text string, w float64) []string {
	if text == "" {
		return nil
	}
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		out = append(out, d.pdf.SplitText(para, w)...)
	}
	return out
}

// clip caps lines at max, marking the cut with an ellipsis.
func (d *doc) clip(lines []string, max int, w float64) []string {
	if len(lines) <= max {
		return lines
	}
	lines = lines[:max]
	last := lines[max-1]
	ell := " " + d.san.ellipsis()
	for last != "" && d.width(last+ell) > w {
		r := []rune(last)
		last = string(r[:len(r)-1])
	}
	lines[max-1] = last + ell
	return lines
}

// fit shortens one line of text to width w with an ellipsis.
func (d *doc) fit(s string, w float64) string {
	if d.width(s) <= w {
		return s
	}
	r := []rune(s)
	ell := d.san.ellipsis()
	for len(r) > 0 && d.width(string(r)+ell) > w {
		r = r[:len(r)-1]
	}
	return string(r) + ell
}

// textStyle says how a paragraph looks.
type textStyle struct {
	size   float64
	bold   bool
	color  color
	indent float64
	// labelW is the label column of labelled text (0: the default).
	labelW float64
	// after is the space below the paragraph.
	after float64
}

func body() textStyle  { return textStyle{size: sizeBody, color: colInk, after: 2} }
func muted() textStyle { return textStyle{size: sizeSmall, color: colMuted, after: 1.5} }

// para writes wrapped text, breaking pages between lines.
func (d *doc) para(text string, st textStyle) {
	text = d.san.block(text)
	if strings.TrimSpace(text) == "" {
		return
	}
	d.font(st.bold, st.size)
	d.textColor(st.color)
	lh := lineH(st.size)
	w := d.contentW() - st.indent
	for _, line := range d.wrap(text, w) {
		d.ensure(lh)
		d.pdf.SetXY(marginX+st.indent, d.y())
		d.pdf.CellFormat(w, lh, line, "", 2, "L", false, 0, "")
	}
	d.space(st.after)
}

// defaultLabelW is the label column of labelled lines.
const defaultLabelW = 30.0

// labelled writes a bold label in a fixed column with the text wrapped beside it.
func (d *doc) labelled(label, text string, st textStyle) {
	text = d.san.block(text)
	if strings.TrimSpace(text) == "" {
		return
	}
	lh := lineH(st.size)
	lw := cmpOr(st.labelW, defaultLabelW)
	w := d.contentW() - st.indent - lw
	d.font(true, st.size)
	labels := d.clip(d.wrap(d.san.line(label), lw-2), 3, lw-2)
	d.font(false, st.size)
	lines := d.wrap(text, w)
	for i := 0; i < max(len(labels), len(lines)); i++ {
		d.ensure(lh)
		y := d.y()
		if i < len(labels) {
			d.font(true, st.size)
			d.textColor(colInk)
			d.pdf.SetXY(marginX+st.indent, y)
			d.pdf.CellFormat(lw-2, lh, labels[i], "", 0, "L", false, 0, "")
			d.font(false, st.size)
		}
		if i < len(lines) {
			d.textColor(st.color)
			d.pdf.SetXY(marginX+st.indent+lw, y)
			d.pdf.CellFormat(w, lh, lines[i], "", 0, "L", false, 0, "")
		}
		d.setY(y + lh)
	}
	d.space(st.after)
}

// labelledH measures what labelled would draw.
func (d *doc) labelledH(label, text string, st textStyle) float64 {
	text = d.san.block(text)
	if strings.TrimSpace(text) == "" {
		return 0
	}
	lw := cmpOr(st.labelW, defaultLabelW)
	d.font(true, st.size)
	labels := min(3, len(d.wrap(d.san.line(label), lw-2)))
	d.font(false, st.size)
	lines := len(d.wrap(text, d.contentW()-st.indent-lw))
	return float64(max(labels, lines))*lineH(st.size) + st.after
}

// bulletsH measures what bullets (or labelledList) would draw.
func (d *doc) bulletsH(items []string, st textStyle) float64 {
	lh := lineH(st.size)
	d.font(st.bold, st.size)
	w := d.contentW() - st.indent - 6
	h := st.after
	for _, it := range items {
		it = d.san.block(it)
		if strings.TrimSpace(it) == "" {
			continue
		}
		h += float64(len(d.wrap(it, w)))*lh + 0.8
	}
	return h
}

// labelledList writes a bold label in the label column with a list beside it.
func (d *doc) labelledList(label string, items []string, numbered bool, st textStyle) {
	if len(items) == 0 {
		return
	}
	d.ensure(2 * lineH(st.size))
	d.font(true, lineSizeOf(st))
	d.textColor(colInk)
	d.pdf.SetXY(marginX, d.y())
	lw := cmpOr(st.labelW, defaultLabelW)
	d.pdf.CellFormat(lw-2, lineH(st.size), d.fit(d.san.line(label), lw-2), "", 0, "L", false, 0, "")
	st.indent = lw - 6
	d.bullets(items, numbered, st)
}

func cmpOr(v, fallback float64) float64 {
	if v == 0 {
		return fallback
	}
	return v
}

func lineSizeOf(st textStyle) float64 { return max(st.size, sizeSmall+0.5) }

// bullets writes a bulleted (or numbered) list.
func (d *doc) bullets(items []string, numbered bool, st textStyle) {
	lh := lineH(st.size)
	for i, it := range items {
		it = d.san.block(it)
		if strings.TrimSpace(it) == "" {
			continue
		}
		mark := d.san.line("•")
		if numbered {
			mark = strconv.Itoa(i+1) + "."
		}
		d.font(st.bold, st.size)
		d.textColor(st.color)
		w := d.contentW() - st.indent - 6
		for j, line := range d.wrap(it, w) {
			d.ensure(lh)
			y := d.y()
			if j == 0 {
				d.pdf.SetXY(marginX+st.indent, y)
				d.pdf.CellFormat(6, lh, mark, "", 0, "L", false, 0, "")
			}
			d.pdf.SetXY(marginX+st.indent+6, y)
			d.pdf.CellFormat(w, lh, line, "", 2, "L", false, 0, "")
		}
		d.space(0.8)
	}
	d.space(st.after)
}

// link writes a clickable link on its own line.
func (d *doc) link(title, url string, st textStyle) {
	title = d.san.line(title)
	if title == "" {
		title = d.san.line(url)
	}
	d.font(false, st.size)
	d.textColor(colLink)
	lh := lineH(st.size)
	d.ensure(lh)
	w := d.contentW() - st.indent
	text := d.fit(title, w)
	d.pdf.SetXY(marginX+st.indent, d.y())
	d.pdf.CellFormat(d.width(text), lh, text, "", 2, "L", false, 0, safeURL(url))
	d.setY(d.y() + st.after)
}

// safeURL keeps only web links; anything else (javascript:, file:) is not made clickable.
func safeURL(u string) string {
	l := strings.ToLower(strings.TrimSpace(u))
	if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		if strings.ContainsAny(u, " \n\r\t()\\") {
			return ""
		}
		return strings.TrimSpace(u)
	}
	return ""
}

// bookmarkY is the current y for a bookmark. gofpdf places bookmarks with
// the height of the last page, which is portrait; landscape pages shift.
func (d *doc) bookmarkY() float64 {
	if d.landscape {
		return d.y() + d.size.Ht - d.size.Wd
	}
	return d.y()
}

// h1 starts a top-level section on a new page, with a bookmark and a contents entry.
func (d *doc) h1(title string) {
	d.newPage()
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
func (d *doc) h2(title string) {
	title = d.san.line(title)
	lh := lineH(sizeH2)
	if d.y() > marginTop+1 {
		d.space(3)
	}
	d.ensure(lh + 22)
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
