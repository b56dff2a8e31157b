package report

import (
	"bytes"
	"testing"
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
