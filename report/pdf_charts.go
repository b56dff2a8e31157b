package report

import (
	"fmt"
)

// bar is one bar of a horizontal bar chart.
type bar struct {
	label string
	value float64
	text  string // the value as printed
	c     color
}

// chartsH is the height charts takes, with its spacing.
func chartsH(m *model) float64 {
	return 10 + float64(max(len(m.countOpen()), len(m.res.Sections), 1))*3.8 + 2 + 4
}

// charts draws two charts side by side with gofpdf primitives: open findings
// by severity, and the score of each section.
func charts(d *doc, m *model) {
	var sev []bar
	maxN := 1.0
	for _, c := range m.countOpen() {
		sev = append(sev, bar{label: severityLabel(c.sev), value: float64(c.n), text: fmt.Sprint(c.n), c: severityColor(c.sev)})
		maxN = max(maxN, float64(c.n))
	}
	var secs []bar
	for _, s := range m.res.Sections {
		v := 0.0
		if s.Value != nil {
			v = *s.Value
		}
		secs = append(secs, bar{label: s.Title, value: v, text: scoreText(s.Value), c: statusColor(s.Status)})
	}
	// The severity chart has four short labels; the section chart gets the
	// rest of the width so section titles are not cut.
	gap := 6.0
	w := (d.contentW() - gap) * 0.38
	w2 := d.contentW() - gap - w
	rowH := 3.8
	h := 10 + float64(max(len(sev), len(secs), 1))*rowH + 2
	d.space(2)
	d.ensure(h)
	y := d.y()
	c := m.res.Counts
	note := fmt.Sprintf("%d to fix in all", c.ToFix.Total())
	if n := c.ToFindOut.Total(); n > 0 {
		note += fmt.Sprintf("; %d more to find out", n)
	}
	barChart(d, marginX, y, w, h, "Findings to fix by severity", sev, maxN, rowH, 18)
	chartNote(d, marginX, y, w, h, note)
	barChart(d, marginX+w+gap, y, w2, h, "Score per section (0 to 100)", secs, 100, rowH, 54)
	d.setY(y + h + 2)
}

// chartNote writes a muted note at the foot of a chart box, over up to two lines.
func chartNote(d *doc, x, y, w, h float64, note string) {
	d.font(false, 7.2)
	d.textColor(colMuted)
	lines := d.clip(d.wrap(d.san.line(note), w-6), 2, w-6)
	ly := y + h - 2 - float64(len(lines))*3.2
	for _, l := range lines {
		d.pdf.SetXY(x+3, ly)
		d.pdf.CellFormat(w-6, 3.2, l, "", 0, "L", false, 0, "")
		ly += 3.2
	}
}

// barChart draws a titled horizontal bar chart in a box.
func barChart(d *doc, x, y, w, h float64, title string, bars []bar, maxV, rowH, labelW float64) {
	p := d.pdf
	d.drawColor(colRule)
	p.SetLineWidth(0.2)
	p.Rect(x, y, w, h, "D")
	d.font(true, 9)
	d.textColor(colInk)
	p.SetXY(x+3, y+2)
	p.CellFormat(w-6, 5, title, "", 0, "L", false, 0, "")
	bx := x + 3 + labelW
	bw := w - 6 - labelW - 9
	// light gridlines at quarters
	d.drawColor(colZebra)
	for q := 0; q <= 4; q++ {
		gx := bx + bw*float64(q)/4
		p.Line(gx, y+8.5, gx, y+8.5+float64(len(bars))*rowH)
	}
	if len(bars) == 0 {
		d.font(false, 7.5)
		d.textColor(colMuted)
		p.SetXY(x+3, y+9)
		p.CellFormat(w-6, 5, "Nothing scored yet.", "", 0, "L", false, 0, "")
	}
	for i, b := range bars {
		by := y + 8.5 + float64(i)*rowH
		d.font(false, 7.5)
		d.textColor(colInk)
		p.SetXY(x+3, by)
		p.CellFormat(labelW-1.5, rowH, d.fit(d.san.line(b.label), labelW-1.5), "", 0, "L", false, 0, "")
		d.fillColor(colZebra)
		p.Rect(bx, by+1.3, bw, rowH-2.6, "F")
		if maxV > 0 && b.value > 0 {
			d.fillColor(b.c)
			p.Rect(bx, by+1.3, bw*min(b.value, maxV)/maxV, rowH-2.6, "F")
		}
		d.font(true, 7.5)
		d.textColor(b.c)
		p.SetXY(bx+bw+1, by)
		p.CellFormat(8, rowH, b.text, "", 0, "R", false, 0, "")
	}
}
