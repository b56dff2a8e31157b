package report

import (
	"strings"
	"testing"
)

// TestNoVaultsSaysSo: a tenant where no key vault was read gets a sentence
// saying so under "Key vaults and keys", not an empty table.
func TestNoVaultsSaysSo(t *testing.T) {
	b := loadBank(t)
	for _, vaults := range []int{0, 2} {
		asm, res := makeAssessment(t, b, makeFacts(3, vaults))
		text := squash(pdfText(t, mustPDF(t, Input{Bank: b, Assessment: asm, Result: res, Now: testNow})))
		if got := strings.Contains(text, "No key vaults were read"); got != (vaults == 0) {
			t.Errorf("%d vaults: \"No key vaults were read\" in the PDF: %v", vaults, got)
		}
	}
}
