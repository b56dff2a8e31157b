package report

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// TestFixScriptsSignInToTheAssessedTenant: docs/report.md says the scripts'
// header names the tenant; each script's first step signs in to that tenant
// (Connect-AzAccount -Tenant / az login --tenant), and main.tf's azurerm
// provider targets the subscription of the vaults it changes, read here by
// hand from the vaults' ARM IDs (/subscriptions/{id}/...).
func TestFixScriptsSignInToTheAssessedTenant(t *testing.T) {
	in := demoInput(t)
	tenantID := in.Assessment.Facts.TenantID
	if tenantID == "" {
		t.Fatal("the demo tenant has no tenant ID: nothing to check")
	}
	files := fixFileMap(t, in)
	for name, want := range map[string]string{
		FixPowerShell: "    Connect-AzAccount -Tenant '" + tenantID + "'\n",
		FixShell:      "    az login --tenant '" + tenantID + "'\n",
	} {
		if !strings.Contains(string(files[name]), want) {
			t.Errorf("%s lacks the sign-in to the assessed tenant %q", name, strings.TrimSpace(want))
		}
	}
	subs := map[string]bool{}
	for _, v := range in.Assessment.Facts.Vaults {
		rest, ok := strings.CutPrefix(v.ID, "/subscriptions/")
		if !ok {
			t.Fatalf("vault ID %q does not start with /subscriptions/", v.ID)
		}
		sub, _, _ := strings.Cut(rest, "/")
		subs[sub] = true
	}
	got := regexp.MustCompile(`(?m)^  subscription_id = "([^"]*)"$`).FindSubmatch(files[FixTerraform])
	if got == nil {
		t.Fatalf("main.tf has no azurerm subscription_id:\n%s", files[FixTerraform])
	}
	if !subs[string(got[1])] {
		t.Errorf("main.tf subscription_id = %q, want the vaults' subscription (one of %v)", got[1], subs)
	}
}

// TestFixScriptsNoSignInWithoutTenant: with no tenant ID (answers only, no
// facts read) there is nobody to sign in to, so no sign-in step.
func TestFixScriptsNoSignInWithoutTenant(t *testing.T) {
	in := demoInput(t)
	in.Assessment.Facts.TenantID = ""
	files := fixFileMap(t, in)
	if s := string(files[FixPowerShell]); strings.Contains(s, "Connect-AzAccount -Tenant") {
		t.Errorf("remediate.ps1 signs in to an empty tenant")
	}
	if s := string(files[FixShell]); strings.Contains(s, "az login --tenant") {
		t.Errorf("remediate.sh signs in to an empty tenant")
	}
}

// TestMarkdownChangeColumn: the Markdown's score table prints the change as
// Now - Before with its sign, and a score that did not move as a plain "0"
// (never "+0"). The previous result here is the current one with the
// overall score 7 points lower, so that row reads +7 and the others 0.
func TestMarkdownChangeColumn(t *testing.T) {
	in := demoInput(t)
	if in.Result.Overall.Value == nil {
		t.Fatal("the demo result has no overall score")
	}
	prev := *in.Result
	prev.Overall.Value = ptr(*in.Result.Overall.Value - 7)
	in.Previous = &prev
	var buf bytes.Buffer
	if err := Markdown(&buf, in); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	_, table, ok := strings.Cut(md, "| Score | Before | Now | Change |\n|---|---:|---:|---:|\n")
	if !ok {
		t.Fatalf("no score table in the Markdown:\n%s", md)
	}
	table, _, _ = strings.Cut(table, "\n\n")
	moved, still := 0, 0
	for _, row := range strings.Split(table, "\n") {
		cells := strings.Split(strings.Trim(row, "|"), "|")
		if len(cells) != 4 {
			t.Fatalf("row %q has %d cells", row, len(cells))
		}
		before, errB := strconv.ParseFloat(strings.TrimSpace(cells[1]), 64)
		now, errN := strconv.ParseFloat(strings.TrimSpace(cells[2]), 64)
		if errB != nil || errN != nil {
			continue // an unknown score has no change
		}
		change, _, _ := strings.Cut(strings.TrimSpace(cells[3]), " ")
		want := "0"
		if now != before {
			want = strconv.FormatFloat(now-before, 'f', 0, 64)
			if now > before {
				want = "+" + want
			}
			moved++
		} else {
			still++
		}
		if change != want {
			t.Errorf("row %q: change %q, want %q", row, change, want)
		}
	}
	if moved != 1 || still == 0 {
		t.Errorf("%d rows moved, %d did not: want the overall row alone to move", moved, still)
	}
}

// TestAnswerTextOnlyListsAnsweredChoices: the answer text lists the choices
// of an answered question; a question marked not sure, skipped or not
// applicable reads as that state, even when choices made earlier are kept.
func TestAnswerTextOnlyListsAnsweredChoices(t *testing.T) {
	in := realisticInput(t, 1)
	m, err := newModel(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range m.res.Questions {
		if q.Answer.State != assess.AnswerAnswered || len(q.Answer.Values) < 2 {
			continue
		}
		for state, want := range map[assess.AnswerState]string{
			assess.AnswerUnsure: "Not sure", assess.AnswerSkipped: "Skipped", assess.AnswerNotApplicable: "Not applicable",
		} {
			a := assess.Answer{State: state, Values: q.Answer.Values}
			if got := m.answerText(q.QuestionID, a); got != want {
				t.Errorf("%s %s with choices kept: %q, want %q", q.QuestionID, state, got, want)
			}
		}
		return
	}
	t.Fatal("no answered question with several choices in the test assessment")
}

// TestPDFPaperErrorNamesTheChoices: an unknown paper size is refused with
// an error naming it and the allowed values (a4, letter: the --paper help),
// not an internal error.
func TestPDFPaperErrorNamesTheChoices(t *testing.T) {
	in := realisticInput(t, 1)
	in.Paper = "a3"
	err := PDF(&bytes.Buffer{}, in)
	if err == nil {
		t.Fatal("paper a3: no error")
	}
	for _, want := range []string{`"a3"`, "a4", "letter"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("paper a3: error %q does not name %s", err, want)
		}
	}
	if strings.Contains(err.Error(), "internal error") {
		t.Errorf("paper a3: %v", err)
	}
	in.Paper = ""
	in.Font = &Font{Regular: []byte("junk")}
	if err := PDF(&bytes.Buffer{}, in); err == nil || strings.Contains(err.Error(), "internal error") || !strings.Contains(err.Error(), "font") {
		t.Errorf("junk font: got %v, want an error naming the font", err)
	}
}

// TestResidencyIntroWithoutTenantFacts: the residency page's opening
// sentence counts what was read and then names the tenant's home geo, data
// boundary and preferred location when the tenant showed them; with none of
// them it ends after the counts, with no empty sentence.
func TestResidencyIntroWithoutTenantFacts(t *testing.T) {
	in := realisticInput(t, 2)
	flat := squash(pdfText(t, mustPDF(t, in)))
	if !strings.Contains(flat, "4 enterprise policies were read. Tenant home geo") {
		t.Errorf("with tenant facts, the residency intro does not name the home geo:\n%s", flat)
	}
	f := in.Assessment.Facts
	f.Tenant.HomeGeo, f.Tenant.DataBoundary, f.Tenant.Settings.PreferredEnvironmentLocation = "", "", ""
	flat = squash(pdfText(t, mustPDF(t, in)))
	if !strings.Contains(flat, "4 enterprise policies were read.") {
		t.Fatalf("no residency intro:\n%s", flat)
	}
	if regexp.MustCompile(`enterprise policies were read\.\s*\.`).MatchString(flat) {
		t.Errorf("without tenant facts the residency intro has an empty sentence")
	}
}

// TestCompareWorsenedListedInPDF: the PDF's changes section lists each
// worsened finding under "Worsened findings (N)" (compareInputs: KM-02 went
// from partial to same, one worsened finding), and a list with nothing in
// it is the sentence alone, with no empty table.
func TestCompareWorsenedListedInPDF(t *testing.T) {
	flat := squash(pdfText(t, mustPDF(t, compareInputs(t))))
	_, rest, ok := strings.Cut(flat, "Worsened findings (1)")
	if !ok {
		t.Fatalf("no \"Worsened findings (1)\" in the PDF:\n%s", flat)
	}
	section, _, ok := strings.Cut(rest, "No open finding got better.")
	if !ok {
		t.Fatalf("no \"No open finding got better.\" after the worsened findings:\n%s", rest)
	}
	if !strings.Contains(strings.ReplaceAll(section, " ", ""), "KM-02.same-admins") {
		t.Errorf("the worsened findings do not list KM-02.same-admins: %q", section)
	}
	_, rest, _ = strings.Cut(rest, "No open finding got better.")
	if next, _, _ := strings.Cut(rest, "Resolved findings"); strings.Contains(next, "What changed") {
		t.Errorf("an empty list of improved findings has a table: %q", next)
	}
}

// TestFindingHeightMatchesDrawing: the height measured before a finding is
// drawn (to keep it on one page when it fits) is the height drawing it
// takes, read from where the drawing ends, for findings with and without a
// command block.
func TestFindingHeightMatchesDrawing(t *testing.T) {
	in := realisticInput(t, 3)
	m, err := newModel(in)
	if err != nil {
		t.Fatal(err)
	}
	withCode, without := 0, 0
	for _, f := range m.open {
		d, err := newDoc(in, m)
		if err != nil {
			t.Fatal(err)
		}
		d.newPage()
		p := prepareFinding(d, m, f)
		want := findingHeight(d, f, p)
		if want > d.limit()-marginTop {
			continue // taller than a page: drawn across pages, not measured here
		}
		y0 := d.y()
		findingBlock(d, m, f)
		if d.pdf.PageCount() != 1 {
			t.Errorf("%s: measured %.1f mm, fits on a page, but drawing it broke the page", f.ID, want)
			continue
		}
		if len(p.code) > 0 {
			withCode++
		} else {
			without++
		}
		// Measured short, a block that fits is split across pages; a few
		// millimetres over is the rule's spacing, not a whole missing part.
		if drawn := d.y() - y0; drawn > want+0.1 || want-drawn > 5 {
			t.Errorf("%s (%d command lines): measured %.1f mm, drawn %.1f mm", f.ID, len(p.code), want, drawn)
		}
	}
	if withCode == 0 || without == 0 {
		t.Fatalf("%d findings with a command block, %d without: want both", withCode, without)
	}
}

// TestBarChartZeroDrawsNoBar: a bar whose value is 0 (a section scored 0,
// a severity with nothing to fix) draws no coloured bar at all; a
// zero-width filled rectangle is still painted as a hairline by viewers
// that paint every pixel a shape touches. Read from the page's drawing
// operators ("x y w h re f"), uncompressed.
func TestBarChartZeroDrawsNoBar(t *testing.T) {
	in := realisticInput(t, 1)
	m, err := newModel(in)
	if err != nil {
		t.Fatal(err)
	}
	d, err := newDoc(in, m)
	if err != nil {
		t.Fatal(err)
	}
	d.pdf.SetCompression(false)
	d.newPage()
	barChart(d, marginX, marginTop, 120, 40, "Scores", []bar{
		{label: "Nothing", value: 0, text: "0", c: colHigh},
		{label: "Half", value: 50, text: "50", c: colHigh},
	}, 100, 3.8, 30)
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	fills := regexp.MustCompile(`(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re f\b`).FindAllSubmatch(buf.Bytes(), -1)
	if len(fills) == 0 {
		t.Fatal("no filled rectangle on the page: nothing checked")
	}
	for _, f := range fills {
		if w, _ := strconv.ParseFloat(string(f[3]), 64); w == 0 {
			t.Errorf("a zero-width filled rectangle is drawn: %s", f[0])
		}
	}
}

// TestScopeNoEnvironments: a tenant read with no environments says so in
// words on the scope page, not "0 environments: .".
func TestScopeNoEnvironments(t *testing.T) {
	in := realisticInput(t, 0)
	in.Result.Scope = nil
	flat := squash(pdfText(t, mustPDF(t, in)))
	if !strings.Contains(flat, "No environments were found in the tenant.") {
		t.Errorf("the scope page does not say no environments were found:\n%s", flat)
	}
	if strings.Contains(flat, "0 environments:") {
		t.Errorf("the scope page lists 0 environments")
	}
}

// TestTopFiveWhenNothingScored: with nothing scored the top five actions
// never claim every scored question is aligned. With no finding at all they
// say nothing could be scored; with questions left to find out (nothing
// answered, the bank loaded) they list those, "Not answered: ...".
func TestTopFiveWhenNothingScored(t *testing.T) {
	topFive := func(in Input) string {
		flat := squash(pdfText(t, mustPDF(t, in)))
		_, rest, ok := strings.Cut(flat, "Top five actions")
		if !ok {
			t.Fatalf("no top five actions in the PDF")
		}
		section, _, _ := strings.Cut(rest, "Confidential")
		return section
	}
	if got := topFive(Input{Result: &assess.Result{}}); !strings.HasPrefix(strings.TrimSpace(got), "Nothing could be scored yet") {
		t.Errorf("no findings, nothing scored: top five reads %q", got)
	}
	b := loadBank(t)
	res, err := assess.Evaluate(assess.Input{Bank: b, Now: testNow, Metadata: assess.Metadata{Title: "Contoso"}, Answers: assess.Answers{}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Overall.Scored != 0 {
		t.Fatalf("an empty assessment scored %d questions", res.Overall.Scored)
	}
	got := topFive(Input{Bank: b, Result: res, Now: testNow})
	if n := strings.Count(got, "Not answered:"); n != 5 {
		t.Errorf("nothing answered: top five lists %d unanswered questions, want 5: %q", n, got)
	}
	for _, wrong := range []string{"Nothing could be scored yet", "No open findings"} {
		if strings.Contains(got, wrong) {
			t.Errorf("nothing answered, 26 questions to find out: top five says %q", wrong)
		}
	}
}
