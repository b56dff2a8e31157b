package report

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// TestEvidenceBunchingEdge: the appendix says "where more than 60 facts of
// one kind could not be read ... those with the same status ... share a
// row". With exactly 60 unreadable TLS probes each has its own row; with 61
// they share rows (one per status and findings) that count them.
func TestEvidenceBunchingEdge(t *testing.T) {
	for _, n := range []int{60, 61} {
		in := realisticInput(t, n)
		for i := range in.Result.Facts.Environments {
			e := &in.Result.Facts.Environments[i]
			e.TLS.Provenance.Status, e.TLS.Provenance.Reason = assess.StatusNotPermitted, "blocked by the proxy"
		}
		text := squash(pdfText(t, mustPDF(t, in)))
		// a shared row reads "49 facts: org0000.crm4.dynamics.com, ..."
		bunched := " facts: org0000.crm4.dynamics.com"
		if got, want := strings.Contains(text, bunched), n > 60; got != want {
			t.Errorf("%d unreadable probes: %q in the appendix: %v, want %v", n, bunched, got, want)
		}
		if n > 60 {
			// the shared rows account for every probe, a row of two included
			sum := 0
			for _, c := range regexp.MustCompile(`(\d+) facts: org\d{4}\.crm4`).FindAllStringSubmatch(text, -1) {
				k, _ := strconv.Atoi(c[1])
				sum += k
			}
			if sum != n {
				t.Errorf("the shared rows count %d probes, want %d", sum, n)
			}
		}
	}
}
