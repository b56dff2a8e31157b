package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"
)

// m2Drawn draws one part of the document on a fresh page of a test doc and
// reads the PDF back as text, white space squashed.
func m2Drawn(t *testing.T, draw func(d *doc)) string {
	t.Helper()
	d := testDoc(t)
	draw(d)
	d.flushHeadings(0)
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return squash(pdfText(t, buf.Bytes()))
}

// m2Run is one piece of text drawn in the PDF and the fill colour it was
// drawn in ("r g b" as the PDF writes it).
type m2Run struct{ text, rgb, font string }

// m2Tokens are what m2Runs reads of an uncompressed content stream: a
// fill colour (rg or g), a save or restore of the graphics state, or a
// string shown (Tj). The leftmost match wins, so a string is read whole.
var m2Tokens = regexp.MustCompile(`([\d.]+ [\d.]+ [\d.]+) rg\b|\b([\d.]+) g\b|\bq\b|\bQ\b|\(((?:\\.|[^\\)])*)\)\s*Tj|/(F\w+) [\d.]+ Tf`)

// m2Runs draws one part of the document, uncompressed, and lists the text
// it shows with the colour of each piece: what a reader sees as red, amber
// or green, which pdftotext does not say.
func m2Runs(t *testing.T, draw func(d *doc)) []m2Run {
	t.Helper()
	var runs []m2Run
	cur, stack, font := "0.000 0.000 0.000", []string{}, ""
	for _, m := range m2Tokens.FindAllSubmatch(m2Raw(t, draw), -1) {
		switch {
		case m[4] != nil:
			font = string(m[4])
		case m[1] != nil:
			cur = string(m[1])
		case m[2] != nil:
			cur = strings.Repeat(string(m[2])+" ", 3)[:len(m[2])*3+2]
		case string(m[0]) == "q":
			stack = append(stack, cur)
		case string(m[0]) == "Q":
			if len(stack) > 0 {
				cur, stack = stack[len(stack)-1], stack[:len(stack)-1]
			}
		default:
			runs = append(runs, m2Run{text: m2DecodePDFString(m[3]), rgb: cur, font: font})
		}
	}
	return runs
}

// m2Raw draws one part of the document and gives the PDF uncompressed,
// its content streams readable.
func m2Raw(t *testing.T, draw func(d *doc)) []byte {
	t.Helper()
	d := testDoc(t)
	d.pdf.SetCompression(false)
	draw(d)
	d.flushHeadings(0)
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// m2DecodePDFString undoes the escapes of a PDF string and decodes the
// UTF-16BE that gofpdf writes for Unicode fonts.
func m2DecodePDFString(b []byte) string {
	var raw []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) {
			i++
			switch b[i] {
			case 'r':
				raw = append(raw, '\r')
			case 'n':
				raw = append(raw, '\n')
			default:
				raw = append(raw, b[i])
			}
			continue
		}
		raw = append(raw, b[i])
	}
	if len(raw)%2 != 0 {
		return string(raw)
	}
	u := make([]uint16, len(raw)/2)
	for i := range u {
		u[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
	}
	return string(utf16.Decode(u))
}

// m2FontOf gives the font resource of the first run whose text is s
// (white space trimmed).
func m2FontOf(runs []m2Run, s string) string {
	for _, r := range runs {
		if strings.TrimSpace(r.text) == s {
			return r.font
		}
	}
	return ""
}

// m2RGB is a palette colour as the PDF writes a fill colour.
func m2RGB(c color) string {
	return fmt.Sprintf("%.3f %.3f %.3f", float64(c>>16&0xFF)/255, float64(c>>8&0xFF)/255, float64(c&0xFF)/255)
}

// m2ColorOf gives the colour of the first run whose text is s (white space
// trimmed), else of the first that contains it, and whether there is one.
func m2ColorOf(runs []m2Run, s string) (string, bool) {
	for _, r := range runs {
		if strings.TrimSpace(r.text) == s {
			return r.rgb, true
		}
	}
	for _, r := range runs {
		if strings.Contains(r.text, s) {
			return r.rgb, true
		}
	}
	return "", false
}
