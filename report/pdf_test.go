package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
	"golang.org/x/image/font/gofont/gomono"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func mustPDF(t testing.TB, in Input) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := PDF(&buf, in); err != nil {
		t.Fatalf("PDF: %v", err)
	}
	return buf.Bytes()
}

func realisticInput(t testing.TB, nEnv int) Input {
	b := loadBank(t)
	asm, res := makeAssessment(t, b, makeFacts(nEnv, 4))
	richResult(res)
	return Input{Bank: b, Assessment: asm, Result: res, Now: testNow, ToolVersion: "v1.2.3"}
}

// squash makes pdftotext output comparable: wrapped lines are joined.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestPDFRealistic(t *testing.T) {
	in := realisticInput(t, 14)
	data := mustPDF(t, in)
	writeArtifact(t, "realistic.pdf", data)
	if pages := checkPDF(t, data); pages < 10 {
		t.Errorf("only %d pages", pages)
	}
	for _, want := range []string{"/S /URI /URI (https://learn.microsoft.com/", "/Dest [", "/Count "} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("PDF lacks %q (links, contents, outline)", want)
		}
	}
	text := pdfText(t, data)
	flat := squash(text)
	for _, want := range []string{
		"Contents", "Executive summary", "Status per data state", "Findings to fix by severity", "Score per section", "Top five actions",
		"What the tenant shows versus what was answered", "Recommendations by priority", "Answers by section",
		"Residency and key map", "Key vaults and keys", "Enterprise policies", "Accepted risks",
		"Appendix A: Evidence", "Appendix B: Control mappings", "Appendix C: SE:06 definitions", "Appendix D: References", "Roadmap", "Now (30 days)",
		"Contoso HR platform, SE:06 review", "Dana Architect", "Sam Facilitator", "se06 v1.2.3",
		"72f988bf-86f1-41af-91ab-2d7cd011db47", "Page 2 of", "Owner", "Due date",
		"kv-contoso-03", "EXPIRED", "Not sure", "Skipped",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	for _, f := range in.Result.Findings {
		if f.State.Open() && !strings.Contains(flat, squash(f.Title)) {
			t.Errorf("PDF lacks open finding %s %q", f.ID, f.Title)
		}
	}
	for _, c := range in.Result.Conflicts {
		if !strings.Contains(flat, squash(c.AnswerText)) || !strings.Contains(flat, c.QuestionID) {
			t.Errorf("PDF lacks conflict %s (%q)", c.QuestionID, c.AnswerText)
		}
	}
	for _, e := range in.Result.Facts.Environments {
		if !strings.Contains(flat, e.Name) {
			t.Errorf("PDF lacks environment %q", e.Name)
		}
	}
}

func TestPDFAnswersOnlyAndLetter(t *testing.T) {
	b := loadBank(t)
	asm, res := makeAssessment(t, b, nil)
	data := mustPDF(t, Input{Bank: b, Assessment: asm, Result: res, Paper: "Letter", Now: testNow})
	checkPDF(t, data)
	if !bytes.Contains(data, []byte("/MediaBox [0 0 612.00 792.00]")) {
		t.Error("letter paper: no 612x792 media box")
	}
	flat := squash(pdfText(t, data))
	for _, want := range []string{"No tenant facts were read", "answers alone"} {
		if !strings.Contains(flat, want) {
			t.Errorf("answers-only PDF lacks %q", want)
		}
	}
}

func TestPDFCompare(t *testing.T) {
	in := realisticInput(t, 6)
	b := in.Bank
	_, prev := makeAssessment(t, b, makeFacts(3, 1))
	prev.Findings = prev.Findings[:1] // fewer findings before: the rest are new
	in.Previous = prev
	data := mustPDF(t, in)
	checkPDF(t, data)
	flat := squash(pdfText(t, data))
	for _, want := range []string{"Changes since the previous assessment", "New findings", "Resolved findings", "Changed findings", "Before", "Now", "Scores by section", "Scores by data state"} {
		if !strings.Contains(flat, want) {
			t.Errorf("compare PDF lacks %q", want)
		}
	}
}

// TestPDFDeterministicGolden pins the PDF's bytes. Its input is a frozen
// result (testdata/golden-result.json), so changes in the evaluation engine do
// not move it; -update rewrites both files from the realistic assessment.
func TestPDFDeterministicGolden(t *testing.T) {
	goldenIn := filepath.Join("testdata", "golden-result.json")
	golden := filepath.Join("testdata", "golden.pdf")
	if *update {
		data, err := json.MarshalIndent(realisticInput(t, 14).Result, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenIn, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(goldenIn)
	if err != nil {
		t.Fatalf("%v (run: go test ./report -run Golden -update)", err)
	}
	var res assess.Result
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	in := Input{Bank: loadBank(t), Result: &res, Now: testNow, ToolVersion: "v1.2.3"}
	a, b := mustPDF(t, in), mustPDF(t, in)
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same input differ")
	}
	if *update {
		if err := os.WriteFile(golden, a, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run: go test ./report -run Golden -update)", err)
	}
	if !bytes.Equal(a, want) {
		t.Errorf("PDF differs from %s (%d vs %d bytes); if the change is intended, run: go test ./report -run Golden -update", golden, len(a), len(want))
	}
	readGoldenBack(t, want, &res)
}

// readGoldenBack reads the golden PDF itself back, so -update cannot bless a
// broken file: its structure, and its text against the frozen result it was
// rendered from (expectations from the input, not from the renderer).
func readGoldenBack(t *testing.T, pdf []byte, res *assess.Result) {
	t.Helper()
	pages := checkPDF(t, pdf)
	if pages < 15 {
		t.Errorf("golden PDF has %d pages", pages)
	}
	flat := squash(pdfText(t, pdf))
	want := []string{
		"Executive summary", "Scope and method", "Roadmap", "Recommendations by priority", "Answers by section",
		"Residency and key map", "Accepted risks", "Management response and sign-off", "Appendix B: Control mappings",
		fmt.Sprintf("Page %d of %d", pages, pages), "Confidential · ", res.Grade.Label + " " + res.Grade.Letter, "graded " + res.Grade.Letter,
		"se06 v1.2.3", "# PowerShell",
	}
	for _, f := range res.Findings {
		if f.State.Open() {
			want = append(want, f.ID)
		}
	}
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("golden PDF text lacks %q", w)
		}
	}
	for i := 2; i <= pages; i++ {
		if !strings.Contains(flat, fmt.Sprintf("Page %d of %d", i, pages)) {
			t.Errorf("golden PDF: no footer on page %d", i)
		}
	}
}

// hostile returns text that breaks naive PDF code.
func hostile(n int) string {
	return "東京 本社 データ مرحبا بالعالم 😀🔐👩‍💻 \x00\x07\x1b[31m\u202Eevil\u200d" + strings.Repeat("Ж", n)
}

func TestPDFHostileInput(t *testing.T) {
	in := realisticInput(t, 5)
	long := strings.Repeat("Averyveryverylongenvironmentname", 160) // 5,120 characters, no spaces
	in.Result.Metadata.Title = hostile(20) + long
	in.Result.Metadata.Organization = hostile(5)
	in.Result.Metadata.Assessor = "\x00" + hostile(1)
	in.Result.Metadata.Workload = "Ελληνικά — Кириллица “quotes” ≥ 5 € Łódź"
	in.ToolVersion = "v1\x00😀"
	f := in.Result.Facts
	f.Environments[0].Name = hostile(10)
	f.Environments[1].Name = long
	f.Environments[2].Name = "\t\r\n\v\f"
	f.Vaults[0].Name = long
	f.Keys[0].Name = hostile(3)
	in.Result.Findings[0].Title = hostile(2) + long
	in.Result.Findings[0].Steps = append(in.Result.Findings[0].Steps, long, hostile(50))
	in.Result.Findings[0].Links = append(in.Result.Findings[0].Links, assess.Link{Title: hostile(1), URL: "javascript:alert(1)"})
	in.Result.Conflicts[0].Summary = long
	in.Result.Questions[0].Answer.Note = hostile(3000)
	in.Result.Grade.Letter = "😀"
	data := mustPDF(t, in)
	writeArtifact(t, "hostile.pdf", data)
	checkPDF(t, data)
	if bytes.Contains(data, []byte("javascript:")) {
		t.Error("a javascript: link reached the PDF")
	}
	text := pdfText(t, data)
	if !strings.Contains(text, "□") {
		t.Error("characters the font lacks are not shown as a placeholder box")
	}
	if !strings.Contains(text, "ЖЖЖ") {
		t.Error("Cyrillic text is missing")
	}
	if id := f.Environments[2].ID[:18]; !strings.Contains(text, id) { // narrow columns wrap the rest
		t.Errorf("an environment whose name is only white space is not shown by its ID %s", id)
	}
	if !strings.Contains(text, "Ελληνικά — Кириллица “quotes” ≥ 5 € Łódź") {
		t.Error("Greek, Cyrillic and typographic characters do not read back exactly")
	}
}

func TestPDFEmptyAssessment(t *testing.T) {
	for name, in := range map[string]Input{
		"zero result":      {Result: &assess.Result{}},
		"no bank no facts": {Result: &assess.Result{Grade: assess.Grade{Letter: "-", Label: "Incomplete"}}, Assessment: &assess.Assessment{}},
		"empty facts":      {Result: &assess.Result{Facts: &assess.Facts{}}, Bank: loadBank(t)},
	} {
		t.Run(name, func(t *testing.T) {
			a := mustPDF(t, in)
			checkPDF(t, a)
			if !bytes.Equal(a, mustPDF(t, in)) {
				t.Error("no clock at all: two renders differ")
			}
		})
	}
}

func TestPDFThousandEnvironments(t *testing.T) {
	if testing.Short() {
		t.Skip("large report")
	}
	in := realisticInput(t, 1000)
	data := mustPDF(t, in)
	writeArtifact(t, "thousand.pdf", data)
	pages := checkPDF(t, data)
	if len(data) > 5<<20 {
		t.Errorf("1,000-environment PDF is %d bytes, over 5 MB", len(data))
	}
	t.Logf("1,000 environments: %d pages, %d bytes", pages, len(data))
	flat := squash(pdfText(t, data))
	// Above residencyListMax the map sums the environments up
	// (TestPDFResidencySummaryAboveThreshold has the details).
	for _, want := range []string{"This tenant has 1,000 environments", "By geography", "kv-contoso-04"} {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
}

func TestPDFCustomFont(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mono.ttf")
	if err := os.WriteFile(path, gomono.TTF, 0o600); err != nil {
		t.Fatal(err)
	}
	font, err := LoadFont(path, "")
	if err != nil {
		t.Fatal(err)
	}
	in := realisticInput(t, 3)
	in.Font = font
	checkPDF(t, mustPDF(t, in))

	if _, err := LoadFont(filepath.Join(dir, "missing.ttf"), ""); err == nil {
		t.Error("LoadFont of a missing file: no error")
	}
	bad := filepath.Join(dir, "bad.ttf")
	os.WriteFile(bad, []byte("not a font"), 0o600)
	if _, err := LoadFont(bad, ""); err == nil {
		t.Error("LoadFont of a non-font: no error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestPDFErrors(t *testing.T) {
	if err := PDF(&bytes.Buffer{}, Input{}); !errors.Is(err, ErrNoResult) {
		t.Errorf("no result: got %v", err)
	}
	in := realisticInput(t, 2)
	in.Paper = "a3"
	if err := PDF(&bytes.Buffer{}, in); err == nil {
		t.Error("paper a3: no error")
	}
	in.Paper = ""
	if err := PDF(failWriter{}, in); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("failing writer: got %v", err)
	}
	in.Font = &Font{Regular: []byte("junk")}
	var buf bytes.Buffer
	if err := PDF(&buf, in); err == nil {
		t.Error("junk font: no error")
	}
	if buf.Len() != 0 {
		t.Error("a failed render wrote to the writer")
	}
}

// TestPDFResidencySummaryAboveThreshold: above residencyListMax
// environments the residency map lists the environments that raise
// findings (worst first), sums up all of them by geography, key custody and
// policy, and says where the full table is; below it every environment has
// a row (TestPDFRealistic).
func TestPDFResidencySummaryAboveThreshold(t *testing.T) {
	n := residencyListMax + 100
	in := realisticInput(t, n)
	data := mustPDF(t, in)
	pages := checkPDF(t, data)
	flat := squash(pdfText(t, data))
	for _, want := range []string{
		fmt.Sprintf("This tenant has %d environments, too many to list one by one on paper.", n),
		"Environments that raise findings (", "By geography", "By key custody", "By encryption enterprise policy",
		"is in the JSON export (facts.environments; write it with --json FILE)",
		"Microsoft key, no CMK link", "(no policy)",
	} {
		if !strings.Contains(flat, squash(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	// Environments that raise nothing have no row: env i%3==0 in europe etc.
	// are on a customer key; count how many environment names appear.
	m, err := newModel(in)
	if err != nil {
		t.Fatal(err)
	}
	raising := envFindings(m.open)
	start, end := strings.Index(flat, "Environments that raise findings ("), strings.Index(flat, "By geography")
	if start < 0 || end < start {
		t.Fatal("no list of environments that raise findings before the summaries")
	}
	list := flat[start:end] + " "
	listed, quiet := 0, 0
	for _, e := range in.Result.Facts.Environments {
		// the name cell, then the type cell: "Payroll 1" must not match "Payroll 12"
		in := strings.Contains(list, " "+e.Name+" "+e.Type+" ")
		switch {
		case len(raising[strings.ToLower(e.ID)]) > 0 && in:
			listed++
		case len(raising[strings.ToLower(e.ID)]) == 0 && in:
			t.Logf("listed without findings: %q", e.Name)
			quiet++
		}
	}
	if listed == 0 {
		t.Error("no environment that raises findings is listed")
	}
	if quiet > 0 {
		t.Errorf("%d environments that raise nothing are listed one by one", quiet)
	}
	small := checkPDF(t, mustPDF(t, realisticInput(t, residencyListMax)))
	if pages >= small+5 {
		t.Errorf("%d environments: %d pages, %d environments: %d; the summary should not grow the document", n, pages, residencyListMax, small)
	}
}
