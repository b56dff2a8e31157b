package report

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// pdfPages is the text of each page (pdftotext ends pages with a form feed).
func pdfPages(t testing.TB, data []byte) []string {
	t.Helper()
	pages := strings.Split(pdfText(t, data), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

var pageOf = regexp.MustCompile(`^Page \d+ of \d+$`)

// TestPDFNoEmptyPages renders the layouts that used to leave a page with only
// its running header and footer (spacing after a table that ended at the
// bottom of a page started a page of its own) and checks that every page
// carries content.
func TestPDFNoEmptyPages(t *testing.T) {
	cases := map[string]func() Input{
		"a4":     func() Input { return realisticInput(t, 14) },
		"letter": func() Input { in := realisticInput(t, 14); in.Paper = PaperLetter; return in },
		"letter compare": func() Input {
			in := realisticInput(t, 14)
			in.Paper = PaperLetter
			_, prev := makeAssessment(t, in.Bank, makeFacts(3, 1))
			in.Previous = prev
			return in
		},
		"answers only letter": func() Input {
			b := loadBank(t)
			asm, res := makeAssessment(t, b, nil)
			return Input{Bank: b, Assessment: asm, Result: res, Paper: PaperLetter, Now: testNow}
		},
		"1,000 environments": func() Input { return realisticInput(t, 1000) },
		// The demo tenant with the example answers, compared and on letter
		// paper, is where a blank page was seen.
		"demo letter compare": func() Input {
			in := demoInput(t)
			in.Paper = PaperLetter
			_, in.Previous = makeAssessment(t, in.Bank, nil)
			return in
		},
		"demo a4": func() Input { return demoInput(t) },
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			in := mk()
			data := mustPDF(t, in)
			checkPDF(t, data)
			running := map[string]bool{"PP Well-Architected SE:06": true}
			for i, page := range pdfPages(t, data) {
				if i == 0 {
					continue // the cover has no running header
				}
				var content []string
				for _, line := range strings.Split(page, "\n") {
					line = strings.TrimSpace(line)
					if line == "" || running[line] || pageOf.MatchString(line) || strings.HasPrefix(in.Result.Metadata.Title, line) ||
						strings.HasPrefix(in.Result.Metadata.Organization, line) || strings.Contains(line, " · ") && strings.HasPrefix(line, in.Result.Metadata.Organization) {
						continue
					}
					content = append(content, line)
				}
				if len(content) == 0 {
					t.Errorf("page %d has only its running header and footer", i+1)
					continue
				}
				// A list that belongs to the table above must not open a page.
				if content[0] == "Owners of open items" {
					t.Errorf("page %d opens with \"Owners of open items\", away from its table", i+1)
				}
			}
		})
	}
}

// TestPDFTopActionsOnSummaryPage: the executive summary, with all five top
// actions, is page one after the cover on both paper sizes.
func TestPDFTopActionsOnSummaryPage(t *testing.T) {
	for _, paper := range []string{PaperA4, PaperLetter} {
		t.Run(paper, func(t *testing.T) {
			in := realisticInput(t, 14)
			in.Paper = paper
			m, err := newModel(in)
			if err != nil {
				t.Fatal(err)
			}
			top := m.topActions(5)
			if len(top) < 5 {
				t.Fatalf("the realistic assessment has only %d open findings", len(top))
			}
			pages := pdfPages(t, mustPDF(t, in))
			summary := squash(pages[1])
			for _, want := range []string{"Executive summary", "Top five actions", "Why: ", "Action: "} {
				if !strings.Contains(summary, want) {
					t.Errorf("page 2 lacks %q", want)
				}
			}
			for _, f := range top {
				if !strings.Contains(summary, squash(f.Title)) {
					t.Errorf("top action %s (%q) is not on page 2", f.ID, f.Title)
				}
			}
		})
	}
}

// TestEvidenceGrouped: facts that read fine and raised nothing are summed up;
// every fact that could not be read, or raised a finding, keeps a row, up to
// evidenceListMax of each kind (more are bunched by status and findings).
func TestEvidenceGrouped(t *testing.T) {
	in := realisticInput(t, 1000)
	m, err := newModel(in)
	if err != nil {
		t.Fatal(err)
	}
	groups := evidenceGroups(m.facts, m.open)
	total, listed, notOK := 0, 0, 0
	for _, g := range groups {
		for _, f := range g.facts {
			total++
			if f.listed() || g.all {
				listed++
			}
			if !f.p.OK() {
				notOK++
				if !f.listed() {
					t.Errorf("%s %q could not be read but has no row", g.title, f.name)
				}
			}
		}
	}
	if notOK == 0 {
		t.Fatal("the test tenant should have unreadable facts")
	}
	if listed*2 > total {
		t.Errorf("%d of %d facts listed one by one: the appendix is not summarised", listed, total)
	}
	// A finding about an environment is traced to that environment's fact.
	var traced bool
	for _, g := range groups {
		for _, f := range g.facts {
			if len(f.findings) > 0 {
				traced = true
			}
		}
	}
	if !traced {
		t.Error("no fact is linked to the finding it raised")
	}

	data := mustPDF(t, in)
	flat := squash(pdfText(t, data))
	for _, want := range []string{"read fine", "Open findings", "Source: ", "could not be read in full"} {
		if !strings.Contains(flat, want) {
			t.Errorf("evidence appendix lacks %q", want)
		}
	}
	for _, g := range groups {
		var unread []evFact
		for _, f := range g.facts {
			if !f.p.OK() {
				unread = append(unread, f)
			}
		}
		if len(unread) > evidenceListMax {
			// Bunched by status and findings: the count and the first names show.
			if !strings.Contains(flat, squash(unread[0].name)) || !strings.Contains(flat, " facts: ") {
				t.Errorf("%s: %d unreadable facts, bunched, but %q and a \"N facts:\" row are not in the PDF", g.title, len(unread), unread[0].name)
			}
			continue
		}
		for _, f := range unread {
			if !strings.Contains(flat, squash(f.name)) {
				t.Errorf("unreadable fact %s %q is not in the PDF", g.title, f.name)
			}
		}
	}
}

func TestResultLabel(t *testing.T) {
	for _, c := range []struct {
		s    assess.FindingState
		a    assess.AnswerState
		want string
	}{
		{assess.FindingUnsure, assess.AnswerSkipped, "Skipped"},
		{assess.FindingUnsure, "", "Not answered"},
		{assess.FindingUnsure, assess.AnswerUnsure, "Not sure"},
		{assess.FindingNotApplicable, assess.AnswerNotApplicable, "Not applicable"},
		{assess.FindingFail, assess.AnswerAnswered, "Fail"},
	} {
		if got := resultLabel(c.s, assess.Answer{State: c.a}); got != c.want {
			t.Errorf("resultLabel(%s, %s) = %q, want %q", c.s, c.a, got, c.want)
		}
	}
}

// TestSpaceNeverStartsAPage: spacing below content that ends at the bottom of
// a page stops at the margin; the page break comes with the next content, so
// a section that starts its own page never leaves a blank one behind.
func TestSpaceNeverStartsAPage(t *testing.T) {
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
	d.setY(d.limit() - 1)
	d.space(3)
	if n := d.pdf.PageCount(); n != 1 {
		t.Fatalf("space at the bottom of the page started page %d", n)
	}
	if d.y() > d.limit() {
		t.Errorf("space moved below the bottom margin: y %.1f > %.1f", d.y(), d.limit())
	}
	d.h1("Next section")
	if n := d.pdf.PageCount(); n != 2 {
		t.Errorf("a section after spacing at the bottom is on page %d, want 2 (no blank page between)", n)
	}
	d.setY(d.limit() - 1)
	d.space(3)
	d.para("More text.", body())
	if n := d.pdf.PageCount(); n != 3 {
		t.Errorf("text after spacing at the bottom is on page %d, want 3", n)
	}
}

func TestISODuration(t *testing.T) {
	for in, want := range map[string]string{
		"P90D": "90 days", "P1Y": "1 year", "P2Y": "2 years", "P1M": "1 month", "P1Y6M": "1 year 6 months",
		"p30d": "30 days", "PT12H": "PT12H", "P": "P", "90D": "90D", "": "", "PXD": "PXD",
	} {
		if got := isoDuration(in); got != want {
			t.Errorf("isoDuration(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAnswerTextListsChoices: several choices read one per line, not as one
// sentence joined with commas.
func TestAnswerTextListsChoices(t *testing.T) {
	in := realisticInput(t, 1)
	m, err := newModel(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range m.res.Questions {
		if q.Answer.State == assess.AnswerAnswered && len(q.Answer.Values) > 1 {
			got := m.answerText(q.QuestionID, q.Answer)
			if n := strings.Count(got, "\n") + 1; n != len(q.Answer.Values) || !strings.HasPrefix(got, "• ") {
				t.Errorf("%s: %q, want %d lines starting with a bullet", q.QuestionID, got, len(q.Answer.Values))
			}
			return
		}
	}
	t.Skip("no multiple-choice answer in the test assessment")
}
