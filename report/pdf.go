package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
)

// PDF renders the recommendation report. Nothing is written to w unless the
// whole document rendered; a panic inside the PDF library becomes an error.
func PDF(w io.Writer, in Input) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("render PDF: internal error: %v", r)
		}
	}()
	d, err := layout(in)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return fmt.Errorf("render PDF: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	return nil
}

// layout renders the whole document, not yet written out.
func layout(in Input) (*doc, error) {
	m, err := newModel(in)
	if err != nil {
		return nil, err
	}
	d, err := newDoc(in, m)
	if err != nil {
		return nil, err
	}
	renderPDF(d, m)
	d.flushHeadings(0)
	d.finish(m)
	if err := d.pdf.Error(); err != nil {
		return nil, fmt.Errorf("render PDF: %w", err)
	}
	return d, nil
}

// renderPDF lays out every section in reading order.
func renderPDF(d *doc, m *model) {
	cover(d, m)
	summary(d, m)
	scopeAndMethod(d, m)
	roadmap(d, m)
	conflicts(d, m)
	recommendations(d, m)
	answers(d, m)
	residency(d, m)
	acceptedRisks(d, m)
	if m.diff != nil {
		changes(d, m)
	}
	signOff(d, m)
	appendix(d, m)
}

func newDoc(in Input, m *model) (*doc, error) {
	size := gofpdf.SizeType{Wd: 210, Ht: 297}
	switch strings.ToLower(in.Paper) {
	case "", PaperA4:
	case PaperLetter:
		size = gofpdf.SizeType{Wd: 215.9, Ht: 279.4}
	default:
		return nil, fmt.Errorf("render PDF: paper %q is not one of: a4, letter", in.Paper)
	}
	regular, bold := in.Font.faces()
	san, err := newSanitizer(regular, bold)
	if err != nil {
		return nil, fmt.Errorf("render PDF: font: %w", err)
	}
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: size})
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(m.now)
	pdf.SetModificationDate(m.now)
	pdf.SetCompression(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(marginX, marginTop, marginX)
	pdf.SetCellMargin(0)
	// AddUTF8FontFromBytes keeps a reference; give it copies so the caller's
	// (or the embedded) bytes are never touched.
	pdf.AddUTF8FontFromBytes(famText, "", bytes.Clone(regular))
	pdf.AddUTF8FontFromBytes(famText, "B", bytes.Clone(bold))
	pdf.AddUTF8FontFromBytes(famMono, "", bytes.Clone(gomono.TTF))
	pdf.AddUTF8FontFromBytes(famMono, "B", bytes.Clone(gomonobold.TTF))
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("render PDF: load font: %w", err)
	}
	monoSan, err := newSanitizer(gomono.TTF)
	if err != nil {
		return nil, fmt.Errorf("render PDF: font: %w", err)
	}
	d := &doc{pdf: pdf, san: san, monoSan: monoSan, size: size}
	meta := m.meta
	d.header = san.line(meta.Title)
	d.footer = classification + " · " + san.line(firstNonEmpty(strings.Join(nonEmpty(meta.Organization, meta.Workload), " · "), "SE:06 data encryption assessment"))
	pdf.SetTitle(metaText(meta.Title), true)
	pdf.SetSubject(metaText("Power Platform Well-Architected SE:06 data encryption assessment"+orgSuffix(meta.Organization)), true)
	pdf.SetAuthor(metaText(firstNonEmpty(meta.Assessor, meta.Facilitator, meta.Organization, "se06")), true)
	pdf.SetKeywords("Power Platform, Well-Architected, SE:06, encryption, customer-managed key, data residency, Copilot", true)
	pdf.SetCreator(metaText("se06 "+m.version), true)
	pdf.SetProducer(metaText("se06 "+m.version+" (gofpdf)"), true)
	return d, nil
}

func orgSuffix(org string) string {
	if org == "" {
		return ""
	}
	return " for " + org
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// finish draws what needs the page count: the running header and footer
// ("Page x of y") on every page after the cover, and the contents on the cover.
func (d *doc) finish(m *model) {
	p := d.pdf
	n := p.PageCount()
	_, curH := p.GetPageSize()
	for i := 2; i <= n; i++ {
		p.SetPage(i)
		d.forceState()
		w, h, _ := p.PageSize(i)
		// gofpdf maps y with the height of the last page added; shift y so a
		// page of another orientation gets its marks in the right place.
		off := curH - h
		d.font(false, sizeSmall)
		d.textColor(colMuted)
		p.SetXY(marginX, headerY+off)
		p.CellFormat(w-2*marginX-45, 4, d.fit(d.header, w-2*marginX-50), "", 0, "L", false, 0, "")
		p.SetXY(w-marginX-45, headerY+off)
		p.CellFormat(45, 4, "PP Well-Architected SE:06", "", 0, "R", false, 0, "")
		d.drawColor(colRule)
		p.SetLineWidth(0.2)
		p.Line(marginX, headerY+5.5+off, w-marginX, headerY+5.5+off)
		fy := h - footerGap - 1
		p.Line(marginX, fy-1.5+off, w-marginX, fy-1.5+off)
		p.SetXY(marginX, fy+off)
		p.CellFormat(w-2*marginX-35, 4, d.fit(d.footer, w-2*marginX-40), "", 0, "L", false, 0, "")
		p.SetXY(w-marginX-35, fy+off)
		p.CellFormat(35, 4, fmt.Sprintf("Page %d of %d", i, n), "", 0, "R", false, 0, "")
	}
	p.SetPage(1)
	d.forceState()
	_, h1, _ := p.PageSize(1)
	drawContents(d, m, curH-h1)
	p.SetPage(n)
}

// forceState makes the next font and colour calls reach the page: gofpdf
// skips a font change it thinks is already in effect, which is not true when
// going back to an earlier page.
func (d *doc) forceState() {
	d.pdf.SetFont(famText, "B", 1)
	d.pdf.SetFont(famText, "", 1)
	d.fillColor(colWhite)
	d.drawColor(colRule)
}
