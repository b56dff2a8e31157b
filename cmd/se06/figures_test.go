package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant"
	"github.com/ppwaf/se06/report"
)

// figuresFixture is one evaluated assessment: the example answers against
// the demo tenant, with a risk accepted for one environment only.
func figuresFixture(t *testing.T) (report.Input, string) {
	t.Helper()
	b, asm := exampleAnswers(t)
	var err error
	if asm.Facts, err = tenant.Demo(testNow); err != nil {
		t.Fatal(err)
	}
	res, err := assess.Evaluate(asm.Input(b, testNow))
	if err != nil {
		t.Fatal(err)
	}
	f, ok := res.Finding("RS-01.env-outside")
	if !ok || len(f.Affected) < 2 {
		t.Fatalf("the demo tenant no longer has RS-01.env-outside on several environments: %+v", f)
	}
	env := f.Affected[0]
	asm.Acceptances = append(asm.Acceptances, assess.Acceptance{FindingID: f.ID, Environment: env.ID, Justification: "exit planned", Approver: "CISO", Expires: "2027-06-30"})
	if res, err = assess.Evaluate(asm.Input(b, testNow)); err != nil {
		t.Fatal(err)
	}
	return report.Input{Bank: b, Assessment: asm, Result: res, Now: testNow, ToolVersion: "test"}, env.Name
}

// exampleAnswers loads the embedded bank and examples/answers.yaml.
func exampleAnswers(t *testing.T) (*assess.Bank, *assess.Assessment) {
	t.Helper()
	b, err := assess.LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	asm, err := assess.LoadAnswersFile("../../examples/answers.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	return b, asm
}

func render(t *testing.T, fn func(*bytes.Buffer, report.Input) error, in report.Input) string {
	t.Helper()
	var buf bytes.Buffer
	if err := fn(&buf, in); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}

// TestEveryOutputTellsTheSameFigures renders every output from one Result and
// reads the figures back from each: the JSON (the reference), the Markdown,
// the CSV, page 2 of the PDF (pdftotext) and the CLI summary.
// TestEmulatorTenantEveryOutputAndTheWizardAgree does the same on facts read
// from the emulator, with the wizard's screens and accessible mode.
func TestEveryOutputTellsTheSameFigures(t *testing.T) {
	in, acceptedEnv := figuresFixture(t)
	wrap := func(fn func(w io.Writer, in report.Input) error) func(*bytes.Buffer, report.Input) error {
		return func(b *bytes.Buffer, in report.Input) error { return fn(b, in) }
	}
	var ref assess.Result
	if err := json.Unmarshal([]byte(render(t, wrap(report.JSON), in)), &ref); err != nil {
		t.Fatal(err)
	}
	if c := ref.Counts; c.AcceptedRisks < 2 || c.PartlyAccepted != 1 {
		t.Fatalf("fixture: want a per-environment acceptance counted (accepted risks %d, partly accepted %d)", c.AcceptedRisks, c.PartlyAccepted)
	}
	md := render(t, wrap(report.Markdown), in)
	csvText := render(t, wrap(report.CSV), in)
	var sum bytes.Buffer
	if err := printSummary(&sum, in.Bank, in.Result); err != nil {
		t.Fatal(err)
	}
	cli := sum.String()
	pdf := render(t, wrap(report.PDF), in)
	checkSameFigures(t, &ref, md, csvText, cli, pdf, acceptedEnv)
}

// checkSameFigures reads the figures back from the Markdown, the CSV, the
// CLI summary and the PDF (pdftotext) and compares them with ref, the JSON
// read back. acceptedEnv, when set, is an environment accepted for one
// finding: no output may list it as work to do.
func checkSameFigures(t *testing.T, ref *assess.Result, md, csvText, cli, pdf, acceptedEnv string) {
	t.Helper()
	c, g, o := ref.Counts, ref.Grade, ref.Overall
	page2 := pdftotext(t, []byte(pdf), "-f", "2", "-l", "2", "-layout")
	all := pdftotext(t, []byte(pdf))
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }

	// The grade sentence, word for word.
	for name, out := range map[string]string{"Markdown": md, "CLI": cli} {
		if !strings.Contains(flat(out), flat(g.Summary)) {
			t.Errorf("%s lacks the grade sentence %q", name, g.Summary)
		}
	}
	if !strings.Contains(flat(page2), flat(g.Reason)) || !strings.Contains(page2, g.Letter+": "+g.Label) {
		t.Errorf("PDF page 2 lacks the grade %s: %s / %q", g.Letter, g.Label, g.Reason)
	}
	// The question counts.
	qc := o.QuestionCounts()
	for name, out := range map[string]string{"Markdown": md, "CLI": cli, "PDF page 2": page2} {
		if !strings.Contains(flat(out), qc) {
			t.Errorf("%s lacks the question counts %q", name, qc)
		}
	}
	for name, out := range map[string]string{"Markdown": strings.ReplaceAll(md, "**", ""), "CLI": cli, "PDF page 2": page2} {
		if o.Value == nil {
			break
		}
		if score := fmt.Sprintf("%.0f/100", *o.Value); !strings.Contains(out, score) {
			t.Errorf("%s lacks the score %s", name, score)
		}
	}

	// Findings to fix by severity, to find out, conflicts, accepted risks.
	want := []int{c.ToFix.High, c.ToFix.Medium, c.ToFix.Low, c.ToFix.Info, c.ToFindOut.Total(), c.Conflicts, c.AcceptedRisks}
	line := regexp.MustCompile(`Findings to fix: (\d+) high, (\d+) medium, (\d+) low, (\d+) info; (\d+) to find out[^.]*\. Conflicts with the tenant: (\d+)\. Accepted risks: (\d+)\.`)
	for name, out := range map[string]string{"Markdown": strings.ReplaceAll(md, "**", ""), "CLI": cli} {
		m := line.FindStringSubmatch(out)
		if m == nil {
			t.Errorf("%s has no findings line", name)
			continue
		}
		for i, w := range want {
			if got := atoi(t, m[i+1]); got != w {
				t.Errorf("%s: figure %d is %d, want %d (%s)", name, i, got, w, m[0])
			}
		}
	}
	// Page 2's tiles: a line of six numbers above their labels.
	lines := strings.Split(page2, "\n")
	tiles := map[string]int{}
	for i, l := range lines {
		if !strings.Contains(l, "high to fix") {
			continue
		}
		nums := strings.Fields(lines[i-1])
		labels := regexp.MustCompile(`\S+(?: \S+)*`).FindAllString(l, -1)
		if len(nums) != 6 || len(labels) != 6 {
			t.Fatalf("tiles: %q over %q", lines[i-1], l)
		}
		for j, lab := range labels {
			tiles[lab] = atoi(t, nums[j])
		}
	}
	for label, w := range map[string]int{"high to fix": c.ToFix.High, "medium to fix": c.ToFix.Medium, "low to fix": c.ToFix.Low, "conflicts with the": c.Conflicts, "to find out (not": c.ToFindOut.Total(), "accepted risks": c.AcceptedRisks} {
		got, ok := tiles[label]
		if !ok && w == 1 { // "accepted risk", "conflict with the"
			got, ok = tiles[strings.Replace(strings.Replace(label, "risks", "risk", 1), "conflicts", "conflict", 1)]
		}
		if !ok || got != w {
			t.Errorf("PDF tile %q = %d (found %v), want %d", label, got, ok, w)
		}
	}
	// The findings section's headings carry the same split.
	for _, sev := range []assess.Severity{assess.SevHigh, assess.SevMedium, assess.SevLow, assess.SevInfo} {
		if c.Open.Of(sev) == 0 {
			continue
		}
		h := fmt.Sprintf("%s severity (%d open: %d to fix, %d to find out)", strings.ToUpper(string(sev[:1]))+string(sev[1:]), c.Open.Of(sev), c.ToFix.Of(sev), c.ToFindOut.Of(sev))
		if !strings.Contains(flat(all), h) {
			t.Errorf("PDF lacks the heading %q", h)
		}
	}
	// The CSV has one row per open finding, by severity.
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvText, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	bySev := map[string]int{}
	for _, r := range rows[1:] {
		bySev[r[col["Severity"]]]++
		if where := r[col["Affected environments"]]; acceptedEnv != "" && r[col["ID"]] == "RS-01.env-outside" && strings.Contains(where, acceptedEnv) {
			t.Errorf("CSV lists the accepted environment %q as work to do: %q", acceptedEnv, where)
		}
	}
	if len(rows)-1 != c.Open.Total() || bySev["High"] != c.Open.High || bySev["Medium"] != c.Open.Medium || bySev["Low"] != c.Open.Low || bySev["Info"] != c.Open.Info {
		t.Errorf("CSV rows %d %v, want %d open %+v", len(rows)-1, bySev, c.Open.Total(), c.Open)
	}
	// Data states: same score and status in every table.
	for _, s := range ref.DataStates {
		v := fmt.Sprintf("%.0f", *s.Value)
		pdfRow := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(s.Title) + `\s+` + v + `\s+` + regexp.QuoteMeta(s.Status) + `\s`)
		mdRow := fmt.Sprintf("| %s | %s | %s |", s.Title, v, s.Status)
		cliRow := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(s.Title) + `\s+` + v + `\s+` + regexp.QuoteMeta(s.Status) + `\s`)
		if !pdfRow.MatchString(page2) {
			t.Errorf("PDF page 2 lacks %s %s %s", s.Title, v, s.Status)
		}
		if !strings.Contains(md, mdRow) {
			t.Errorf("Markdown lacks %q", mdRow)
		}
		if !cliRow.MatchString(cli) {
			t.Errorf("CLI summary lacks %s %s %s", s.Title, v, s.Status)
		}
	}
	// The accepted environment is not listed as work to do on page 2 or in the CLI.
	for name, out := range map[string]string{"PDF page 2": page2, "CLI": cli} {
		if acceptedEnv == "" {
			break
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, acceptedEnv) && !strings.Contains(l, "accepted") {
				t.Errorf("%s lists the accepted environment %q: %q", name, acceptedEnv, l)
			}
		}
	}
}

// pdftotext reads a PDF's text back (Debian poppler-utils).
func pdftotext(t *testing.T, data []byte, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(append([]string{"-enc", "UTF-8"}, args...), path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
