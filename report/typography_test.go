package report

import (
	"strings"
	"testing"
)

func testDoc(t *testing.T) *doc {
	t.Helper()
	in := realisticInput(t, 1)
	m, err := newModel(in)
	if err != nil {
		t.Fatal(err)
	}
	d, err := newDoc(in, m)
	if err != nil {
		t.Fatal(err)
	}
	d.newPage()
	return d
}

// TestWrapBreaksPathsAtSeparators: a URL or API path wider than the line
// breaks only after / . - ? (never "Microsoft.B|usinessAppPlatform"), and
// the pieces join back to the original.
func TestWrapBreaksPathsAtSeparators(t *testing.T) {
	d := testDoc(t)
	d.font(false, sizeBody)
	path := "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version=2023-06-01&$expand=properties/copilotPolicies"
	// From 40 mm every piece between separators fits a line; narrower, a
	// piece wider than the line has to break inside (tested to join back).
	if got := strings.Join(d.wrapLine(path, 20), ""); got != path {
		t.Errorf("20 mm: %q does not join back", got)
	}
	for _, w := range []float64{40, 60, 90} {
		lines := d.wrapLine("Source: "+path, w)
		if len(lines) < 2 {
			t.Fatalf("width %v: %q did not wrap", w, lines)
		}
		for i, l := range lines[:len(lines)-1] {
			if d.width(l) > w+0.01 {
				t.Errorf("width %v: line %q is %.1f mm wide", w, l, d.width(l))
			}
			if l == "Source:" {
				continue
			}
			if last := l[len(l)-1:]; !strings.Contains("/.-?&=_", last) {
				t.Errorf("width %v: line %d %q breaks mid-word", w, i, l)
			}
		}
		if got := strings.Join(lines[1:], ""); got != path {
			t.Errorf("width %v: pieces %q do not join back to the path", w, lines)
		}
	}
}

// TestClipAtWordBoundary: a shortened line ends after a whole word and an
// ellipsis, never inside a word ("Microsoft-manag …").
func TestClipAtWordBoundary(t *testing.T) {
	d := testDoc(t)
	d.font(false, sizeBody)
	text := "Policy requires a customer-managed key, but these environments are still protected by a Microsoft-managed key."
	for _, w := range []float64{30, 55, 80, 120} {
		lines := d.clip(d.wrap(text, w), 1, w)
		got := strings.TrimSuffix(lines[0], " …")
		if got == lines[0] || d.width(lines[0]) > w+0.01 {
			t.Fatalf("width %v: %q is not cut with an ellipsis within the width", w, lines[0])
		}
		if !strings.HasPrefix(text, got) || !strings.Contains(" ,.", text[len(got):len(got)+1]) {
			t.Errorf("width %v: %q is not cut after a whole word", w, lines[0])
		}
	}
}

func TestRegionNames(t *testing.T) {
	for code, want := range map[string]string{"unitedstates": "United States", "eastus": "East US", "westeurope": "West Europe", "uk": "United Kingdom", "mars": "mars"} {
		got := geoName(code)
		if got == code {
			got = regionName(code)
		}
		if got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
}

// TestSummaryWrittenAndDeadlines: page 2 of the demo tenant's report opens
// with sentences written from the result, and the top five actions carry
// their dates; the key that expires on 9 December 2026 sets its own.
func TestSummaryWrittenAndDeadlines(t *testing.T) {
	in := demoInput(t)
	pages := pdfPages(t, mustPDF(t, in))
	page2 := squash(pages[1])
	res := in.Result
	for _, want := range []string{
		"is graded " + res.Grade.Letter + " (" + strings.ToLower(res.Grade.Label) + ")",
		"The top risk is", "(high severity, AR-02.cmk-missing)",
		"the tenant contradicts what was answered",
		"by 9 Dec 2026", // KM-05.key-expiring: the key's expiry
	} {
		if !strings.Contains(page2, want) {
			t.Errorf("summary page lacks %q", want)
		}
	}
	sentences := strings.Count(executiveSummaryText(mustModel(t, in)), ". ") + 1
	if sentences < 3 || sentences > 5 {
		t.Errorf("the written summary has %d sentences, want 3 to 5", sentences)
	}
}

func mustModel(t *testing.T, in Input) *model {
	t.Helper()
	m, err := newModel(in)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestContentsListsEverySection: on Letter paper with --compare (the most
// sections on the shortest page) the cover's contents still lists them all.
func TestContentsListsEverySection(t *testing.T) {
	in := demoInput(t)
	in.Paper = PaperLetter
	_, in.Previous = makeAssessment(t, in.Bank, nil)
	cover := squash(pdfPages(t, mustPDF(t, in))[0])
	for _, h := range []string{"Executive summary", "Scope and method", "Roadmap", "Recommendations by priority", "Accepted risks",
		"Changes since the previous assessment", "Management response and sign-off", "Appendix A: Evidence", "Appendix B: Control mappings",
		"Appendix C: SE:06 definitions", "Appendix D: References"} {
		if !strings.Contains(cover, h) {
			t.Errorf("the contents lack %q", h)
		}
	}
}
