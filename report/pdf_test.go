package report

import (
	"bytes"
	"testing"
)

func mustPDF(t testing.TB, in Input) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := PDF(&buf, in); err != nil {
		t.Fatalf("PDF: %v", err)
	}
	return buf.Bytes()
}

func TestPDFRealistic(t *testing.T) {
	b := loadBank(t)
	asm, res := makeAssessment(t, b, makeFacts(14, 4))
	richResult(res)
	data := mustPDF(t, Input{Bank: b, Assessment: asm, Result: res, Now: testNow})
	writeArtifact(t, "realistic.pdf", data)
}
