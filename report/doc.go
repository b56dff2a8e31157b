package report

import (
	"strings"

	"github.com/jung-kurt/gofpdf"
)

// Font families registered with gofpdf.
const (
	famText = "body"
	famMono = "mono" // Go Mono: commands, IDs and paths
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
	monoSan   *sanitizer // what Go Mono can draw
	size      gofpdf.SizeType
	landscape bool
	toc       []tocEntry
	// header is the running header text (the assessment title).
	header string
	footer string
	// pending are sub-headings not drawn yet: the next content asks for
	// room (ensure) and they are drawn with it, on the page where it starts,
	// so a heading never ends a page away from its table or text.
	pending []pendingHeading
	// openPage is the page a section opened at the top of, until a block or
	// a table row is placed: a block that does not fit there splits instead
	// of leaving the section's opening alone on its page.
	openPage int
	// marks records every heading and its page (read by the layout tests).
	marks []headingMark
	// face is the font last selected, restored after pending headings are
	// drawn in the middle of a caller's drawing.
	face fontFace
}

type fontFace struct {
	family, style string
	size          float64
}

// pendingHeading is a sub-heading waiting for the content it belongs to.
type pendingHeading struct {
	title         string
	size          float64
	color         color
	maxLines      int
	bookmark      bool
	keep          float64 // the least content (mm) kept with the heading
	before, after float64
}

// headingMark is a drawn heading and the page it is on.
type headingMark struct {
	title string
	page  int
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

// space moves down by h, stopping at the bottom margin. It never starts a
// page itself: whatever is drawn next asks for room (ensure) and breaks the
// page then, so spacing at the end of a section never leaves a blank page.
func (d *doc) space(h float64) {
	d.setY(min(d.y()+h, d.limit()))
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

// ensure starts a new page unless h millimetres fit below the current
// position. Pending headings are drawn first, on the page where the h
// millimetres that follow them start.
func (d *doc) ensure(h float64) bool {
	if len(d.pending) > 0 {
		return d.flushHeadings(h)
	}
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
	d.face = fontFace{famText, style, size}
}

// mono selects Go Mono.
func (d *doc) mono(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	d.pdf.SetFont(famMono, style, size)
	d.face = fontFace{famMono, style, size}
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
		out = append(out, d.wrapLine(para, w)...)
	}
	return out
}

// wrapLine breaks one paragraph into lines no wider than w at spaces; a word
// wider than a line (a URL, an API path, an ARM ID) breaks after '/', '.',
// '-', '?' or '&' where it can, and only mid-word when it has none of them.
func (d *doc) wrapLine(text string, w float64) []string {
	words := strings.Fields(text)
	if len(words) == 0 {
		return []string{""}
	}
	space := d.width(" ")
	var out []string
	line, lineW := "", 0.0
	flush := func() {
		if line != "" {
			out = append(out, line)
		}
		line, lineW = "", 0
	}
	for _, word := range words {
		ww := d.width(word)
		if line != "" && lineW+space+ww <= w {
			line += " " + word
			lineW += space + ww
			continue
		}
		flush()
		for ww > w {
			head, tail := d.breakWord(word, w)
			out = append(out, head)
			word = tail
			ww = d.width(word)
		}
		line, lineW = word, ww
	}
	flush()
	return out
}

// breakWord splits a word wider than w: the longest head that fits and ends
// just after a break character, or else the longest head that fits.
func (d *doc) breakWord(word string, w float64) (string, string) {
	r := []rune(word)
	fit := 0
	acc := 0.0
	for i, c := range r {
		acc += d.width(string(c))
		if acc > w {
			break
		}
		fit = i + 1
	}
	fit = max(fit, 1)
	for i := fit; i > fit/3; i-- {
		if strings.ContainsRune("/.-?&=_", r[i-1]) && i < len(r) {
			return string(r[:i]), string(r[i:])
		}
	}
	return string(r[:fit]), string(r[fit:])
}

// clip caps lines at max, marking the cut with an ellipsis after the last
// whole word that fits.
func (d *doc) clip(lines []string, max int, w float64) []string {
	if len(lines) <= max {
		return lines
	}
	lines = lines[:max]
	lines[max-1] = d.cutWords(lines[max-1], w)
	return lines
}

// cutWords drops words from the end of line until it and an ellipsis fit
// in w; a single word too long is cut by runes.
func (d *doc) cutWords(line string, w float64) string {
	ell := d.san.ellipsis()
	line = strings.TrimRight(line, " ")
	for d.width(line+" "+ell) > w {
		i := strings.LastIndexByte(line, ' ')
		if i <= 0 {
			r := []rune(line)
			for len(r) > 0 && d.width(string(r)+ell) > w {
				r = r[:len(r)-1]
			}
			return string(r) + ell
		}
		line = strings.TrimRight(line[:i], " ,;:")
	}
	return line + " " + ell
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
