package report

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// The document set-up (paper, font, metadata, running header and footer)
// and the summary's charts, by hand from docs/report.md and the --help of
// --paper and --font.

func TestMut2ChartsH(t *testing.T) {
	m := &model{res: &assess.Result{}}
	if got, want := chartsH(m), 10+4*3.8+2+4; !m2Near(got, want) {
		t.Errorf("chartsH without sections = %v, want %v (four severities)", got, want)
	}
	m.res.Sections = make([]assess.Score, 6)
	if got, want := chartsH(m), 10+6*3.8+2+4; !m2Near(got, want) {
		t.Errorf("chartsH of six sections = %v, want %v", got, want)
	}
}

func TestMut2ChartsDrawn(t *testing.T) {
	m := &model{res: &assess.Result{
		Counts:   assess.Counts{ToFix: assess.SeverityCounts{Medium: 3, Low: 1}, ToFindOut: assess.SeverityCounts{High: 2}},
		Sections: []assess.Score{{Title: "SECTION-A", Value: ptr(80.0), Status: "Aligned"}, {Title: "SECTION-B", Status: "Incomplete"}},
	}}
	raw := m2Raw(t, func(d *doc) { charts(d, m) })
	text := m2Drawn(t, func(d *doc) { charts(d, m) })
	for _, want := range []string{"Findings to fix by severity", "High", "Medium", "Low", "Info", "4 to fix in all; 2 more to find out",
		"Score per section (0 to 100)", "SECTION-A", "80", "SECTION-B", "n/a"} {
		if !strings.Contains(text, want) {
			t.Errorf("the charts lack %q\n%s", want, text)
		}
	}
	if strings.Contains(text, "Nothing scored yet.") {
		t.Errorf("charts with sections say nothing was scored")
	}
	// A bar is filled only for a value above zero: six grey tracks (four
	// severities, two sections) and three bars (Medium 3, Low 1, SECTION-A 80).
	if n := bytes.Count(raw, []byte(" re f")); n != 9 {
		t.Errorf("%d filled rectangles, want 9 (6 tracks, 3 bars)", n)
	}
	m.res.Sections = nil
	m.res.Counts = assess.Counts{}
	text = m2Drawn(t, func(d *doc) { charts(d, m) })
	if !strings.Contains(text, "Nothing scored yet.") || !strings.Contains(text, "0 to fix in all") || strings.Contains(text, "more to find out") {
		t.Errorf("empty charts:\n%s", text)
	}
}

func TestMut2SmallPDFHelpers(t *testing.T) {
	if firstNonEmpty("", " ", "a", "b") != "a" || firstNonEmpty() != "" || firstNonEmpty(" ") != "" {
		t.Errorf("firstNonEmpty")
	}
	if got := nonEmpty("a", "", " \t", "b"); len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("nonEmpty = %q", got)
	}
	if orgSuffix("") != "" || orgSuffix("Contoso") != " for Contoso" {
		t.Errorf("orgSuffix")
	}
}

func TestMut2NewDocPaperAndFont(t *testing.T) {
	in := Input{Result: &assess.Result{}}
	m := mustModel(t, in)
	for paper, wantW := range map[string]float64{"": 210, "a4": 210, "A4": 210, "letter": 215.9, "LETTER": 215.9} {
		in.Paper = paper
		d, err := newDoc(in, m)
		if err != nil {
			t.Fatalf("paper %q: %v", paper, err)
		}
		if d.size.Wd != wantW {
			t.Errorf("paper %q is %v mm wide, want %v", paper, d.size.Wd, wantW)
		}
	}
	in.Paper = "legal"
	if _, err := newDoc(in, m); err == nil || !strings.Contains(err.Error(), `paper "legal" is not one of: a4, letter`) {
		t.Errorf("paper legal: err = %v", err)
	}
	in.Paper = ""
	in.Font = &Font{Regular: []byte("not a font")}
	if _, err := newDoc(in, m); err == nil || !strings.Contains(err.Error(), "render PDF: font") {
		t.Errorf("a font that is not one: err = %v", err)
	}
	var buf bytes.Buffer
	if err := PDF(&buf, in); err == nil || !strings.Contains(err.Error(), "render PDF: font") || buf.Len() != 0 {
		t.Errorf("PDF with a bad font: err = %v, %d bytes written", err, buf.Len())
	}
	in.Paper = "legal"
	if err := PDF(&buf, in); err == nil || !strings.Contains(err.Error(), `paper "legal"`) || buf.Len() != 0 {
		t.Errorf("PDF on legal paper: err = %v, %d bytes written", err, buf.Len())
	}
	in.Paper = ""
	in.Font = nil
	if err := PDF(m2FailWriter{}, in); err == nil || !strings.Contains(err.Error(), "write PDF") {
		t.Errorf("PDF to a failing writer: %v", err)
	}
}

func TestMut2PDFMetadataAndRunningText(t *testing.T) {
	bin := needTool(t, "pdfinfo", "poppler-utils", "the PDF's metadata was not checked")
	render := func(meta assess.Metadata) (info, text string) {
		var buf bytes.Buffer
		if err := PDF(&buf, Input{Result: &assess.Result{Metadata: meta}, Now: testNow, ToolVersion: "v9"}); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "r.pdf")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, path).Output()
		if err != nil {
			t.Fatal(err)
		}
		return squash(strings.ReplaceAll(string(out), "\n", " | ")), squash(pdfText(t, buf.Bytes()))
	}
	info, text := render(assess.Metadata{Title: "META TITLE", Organization: "Contoso", Workload: "Payroll", Assessor: "", Facilitator: "Sam"})
	for _, want := range []string{"Title: META TITLE", "Subject: Power Platform Well-Architected SE:06 data encryption assessment for Contoso",
		"Author: Sam", "Creator: se06 v9", "Producer: se06 v9 (gofpdf)", "Page size: 595.28 x 841.89 pts (A4)"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q\n%s", want, info)
		}
	}
	for _, want := range []string{"Confidential · Contoso · Payroll", "PP Well-Architected SE:06", "META TITLE", "Page 2 of "} {
		if !strings.Contains(text, want) {
			t.Errorf("the running header or footer lacks %q", want)
		}
	}
	if strings.Contains(text, "Page 1 of") {
		t.Errorf("the cover has a running footer")
	}
	// Every page after the cover has its footer, the last one included.
	var pages int
	if _, err := fmt.Sscanf(info[strings.Index(info, "Pages: "):], "Pages: %d", &pages); err != nil || pages < 3 {
		t.Fatalf("pdfinfo pages: %v (%d)", err, pages)
	}
	for i := 2; i <= pages; i++ {
		if want := fmt.Sprintf("Page %d of %d", i, pages); !strings.Contains(text, want) {
			t.Errorf("no %q", want)
		}
	}
	info, text = render(assess.Metadata{Title: "T2"})
	for _, want := range []string{"Subject: Power Platform Well-Architected SE:06 data encryption assessment |", "Author: se06"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo without an organisation lacks %q\n%s", want, info)
		}
	}
	if !strings.Contains(text, "Confidential · SE:06 data encryption assessment") {
		t.Errorf("the footer without an organisation or workload does not name the assessment")
	}
}
