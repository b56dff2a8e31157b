package report

import (
	"bytes"

	"github.com/ppwaf/se06/assess"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// minPageLines is the fewest lines of content (pdftotext -layout, running
// header and footer left out) a page other than the document's last may
// carry: fewer is a near-empty page.
const minPageLines = 8

// layoutPages is the text of each page as pdftotext -layout lays it out.
func layoutPages(t *testing.T, data []byte) []string {
	t.Helper()
	bin := needTool(t, "pdftotext", "poppler-utils", "the page layout was not checked")
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

// contentLines drops blank lines and the running header and footer.
func contentLines(page string) []string {
	var out []string
	for _, l := range strings.Split(page, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasSuffix(l, "PP Well-Architected SE:06") || strings.HasPrefix(l, classification+" · ") {
			continue
		}
		out = append(out, l)
	}
	return out
}

// TestPDFHeadingsKeepWithContent renders the demo PDF, a Letter compare PDF
// and a 1,000-environment PDF and reads them back: every heading is on the
// page where its first row or line is (text follows it on that page), and
// no page but the last carries only a few lines.
func TestPDFHeadingsKeepWithContent(t *testing.T) {
	cases := map[string]func() Input{
		"demo a4": func() Input { return demoInput(t) },
		"demo letter compare": func() Input {
			in := demoInput(t)
			in.Paper = PaperLetter
			_, in.Previous = makeAssessment(t, in.Bank, nil)
			return in
		},
		"1,000 environments": func() Input { return realisticInput(t, 1000) },
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			d, err := layout(mk())
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := d.pdf.Output(&buf); err != nil {
				t.Fatal(err)
			}
			checkPDF(t, buf.Bytes())
			pages := layoutPages(t, buf.Bytes())
			if len(d.marks) < 20 {
				t.Fatalf("only %d headings recorded", len(d.marks))
			}
			for _, mk := range d.marks {
				if mk.page < 1 || mk.page > len(pages) {
					t.Errorf("heading %q on page %d of %d", mk.title, mk.page, len(pages))
					continue
				}
				lines := contentLines(pages[mk.page-1])
				head := strings.Join(strings.Fields(mk.title), " ")
				at := -1
				for i, l := range lines {
					if strings.HasPrefix(head, strings.Join(strings.Fields(l), " ")) && len(l) >= min(12, len(head)) {
						at = i
					}
				}
				if at < 0 {
					t.Errorf("heading %q is not on page %d:\n%s", mk.title, mk.page, strings.Join(lines, "\n"))
					continue
				}
				if at == len(lines)-1 {
					t.Errorf("heading %q ends page %d: its first row or line is on the next page", mk.title, mk.page)
				}
			}
			for i, p := range pages[:len(pages)-1] {
				if i == 0 {
					continue // the cover
				}
				if n := len(contentLines(p)); n < minPageLines {
					t.Errorf("page %d carries only %d lines:\n%s", i+1, n, p)
				}
			}
		})
	}
}

// TestTopActionsKeepWhyLetterCompare: with --paper letter --compare, where
// the summary carries the change sentence too, each of the five top actions
// still shows its "Why:" line on page 2.
func TestTopActionsKeepWhyLetterCompare(t *testing.T) {
	for _, paper := range []string{PaperA4, PaperLetter} {
		in := demoInput(t)
		in.Paper = paper
		_, in.Previous = makeAssessment(t, in.Bank, nil)
		page := pdfPages(t, mustPDF(t, in))[1]
		if !strings.Contains(page, "Since ") {
			t.Errorf("%s: page 2 lacks the change sentence of the compare", paper)
		}
		if n := strings.Count(page, "Why: "); n != 5 {
			t.Errorf("%s compare: page 2 has %d \"Why:\" lines, want one per top action (5):\n%s", paper, n, page)
		}
		if n := strings.Count(page, "Action:"); n != 5 {
			t.Errorf("%s compare: page 2 has %d \"Action:\" lines, want 5", paper, n)
		}
	}
}

// TestPDFSeverityReasonAndBankChanges: each open finding's detail gives the
// bank's reason for its severity, and a compare across two bank versions
// lists the findings the bank changed.
func TestPDFSeverityReasonAndBankChanges(t *testing.T) {
	in := demoInput(t)
	_, prev := makeAssessment(t, in.Bank, nil)
	prev.Metadata.BankVersion = "0.9.0"
	in.Result.Metadata.BankVersion = in.Bank.Version
	in.Previous = prev
	// A release of the bank that changed a rule the demo tenant raises.
	bank := *in.Bank
	for _, f := range in.Result.Findings {
		if f.State.Open() && strings.Contains(f.ID, ".") {
			bank.History = []assess.BankRelease{{Version: bank.Version, Date: "2026-11-01",
				Changes: []assess.BankChange{{Finding: f.ID, Change: "severity raised to " + string(f.Severity) + " after a field report"}}}}
			break
		}
	}
	in.Bank = &bank
	text := squash(pdfText(t, mustPDF(t, in)))
	n := 0
	for _, f := range in.Result.Findings {
		if !f.State.Open() || f.SeverityReason == "" {
			continue
		}
		n++
		if !strings.Contains(text, squash(f.SeverityReason)) {
			t.Errorf("%s: the severity reason %q is not in the PDF", f.ID, f.SeverityReason)
		}
	}
	if n == 0 {
		t.Fatal("no open finding carries a severity reason")
	}
	m, err := newModel(in)
	if err != nil {
		t.Fatal(err)
	}
	b := m.diff.Bank
	if b == nil {
		t.Fatal("the diff carries no bank changes")
	}
	if want := "Changes in the question bank, 0.9.0 to " + in.Bank.Version; !strings.Contains(text, want) {
		t.Errorf("the PDF lacks %q", want)
	}
	for _, c := range b.Affecting {
		if !strings.Contains(text, c.Finding) || !strings.Contains(text, squash(c.Change)[:min(40, len(squash(c.Change)))]) {
			t.Errorf("bank change %s (%s) is not listed in the PDF", c.Finding, c.Change)
		}
	}
	if len(b.Affecting) == 0 {
		t.Errorf("no bank change between 0.9.0 and %s concerns the demo tenant's findings; the list is not exercised", in.Bank.Version)
	}
}

// TestLowerFirstKeepsNames: a title used mid-sentence loses its capital,
// a name at its start keeps it.
func TestLowerFirstKeepsNames(t *testing.T) {
	for in, want := range map[string]string{
		"Bing Search sends prompts to the United States": "Bing Search sends prompts to the United States",
		"Copilot data stays on the old key":              "Copilot data stays on the old key",
		"Customer Lockbox does not cover Azure OpenAI":   "Customer Lockbox does not cover Azure OpenAI",
		"Key vault purge protection is off":              "key vault purge protection is off",
		"In-scope environments are not on the key":       "in-scope environments are not on the key",
		"TLS 1.1 is accepted":                            "TLS 1.1 is accepted",
	} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}
