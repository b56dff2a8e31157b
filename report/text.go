package report

import (
	"strconv"
	"strings"
)

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

// paraH measures what para would draw.
func (d *doc) paraH(text string, st textStyle) float64 {
	text = d.san.block(text)
	if strings.TrimSpace(text) == "" {
		return 0
	}
	d.font(st.bold, st.size)
	return float64(len(d.wrap(text, d.contentW()-st.indent)))*lineH(st.size) + st.after
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

// codeSize is the type size of commands, IDs and paths in Go Mono.
const codeSize = 7.4

// codeLines wraps commands for a code block of width w: a long line breaks
// at a space or after '/', '.', '-', '?' and goes on indented.
func (d *doc) codeLines(text string, w float64) []string {
	d.mono(false, codeSize)
	var out []string
	for _, line := range strings.Split(d.monoSan.block(text), "\n") {
		wrapped := d.wrapLine(line, w)
		for i, l := range wrapped {
			if i > 0 {
				l = "    " + l
			}
			out = append(out, l)
		}
	}
	return out
}

// codeBlockH measures a code block.
func codeBlockH(lines []string) float64 { return float64(len(lines))*lineH(codeSize) + 3 }

// codeBlock draws commands in Go Mono on a tinted band, indented by indent,
// breaking pages between lines.
func (d *doc) codeBlock(lines []string, indent float64) {
	lh := lineH(codeSize)
	w := d.contentW() - indent
	d.ensure(min(codeBlockH(lines), 4*lh+3))
	d.space(0.5)
	for i, l := range lines {
		if d.ensure(lh) || i == 0 {
			d.fillColor(colCode)
			d.pdf.Rect(marginX+indent, d.y()-0.8, w, 0.8, "F")
		}
		y := d.y()
		d.fillColor(colCode)
		d.pdf.Rect(marginX+indent, y, w, lh, "F")
		d.mono(false, codeSize)
		d.textColor(colInk)
		d.pdf.SetXY(marginX+indent+1.5, y)
		d.pdf.CellFormat(w-3, lh, l, "", 0, "L", false, 0, "")
		d.setY(y + lh)
	}
	d.fillColor(colCode)
	d.pdf.Rect(marginX+indent, d.y(), w, 0.8, "F")
	d.space(2.3)
}
