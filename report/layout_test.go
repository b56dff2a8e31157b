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
// actions, is page one after the cover on both paper sizes. The five are
// chosen by hand: five high-severity failures with titles of their own, every
// other open finding lowered to low severity, so the expectation does not come
// from the ordering under test.
func TestPDFTopActionsOnSummaryPage(t *testing.T) {
	for _, paper := range []string{PaperA4, PaperLetter} {
		t.Run(paper, func(t *testing.T) {
			in := realisticInput(t, 14)
			in.Paper = paper
			want := []string{"Top action one", "Top action two", "Top action three", "Top action four", "Top action five"}
			picked := 0
			for i := range in.Result.Findings {
				f := &in.Result.Findings[i]
				if !f.State.Open() {
					continue
				}
				if picked < len(want) {
					f.Severity, f.State, f.Title = assess.SevHigh, assess.FindingFail, want[picked]
					picked++
					continue
				}
				f.Severity = assess.SevLow
			}
			if picked < len(want) {
				t.Fatalf("the realistic assessment has only %d open findings", picked)
			}
			pages := pdfPages(t, mustPDF(t, in))
			summary := squash(pages[1])
			for _, want := range []string{"Executive summary", "Top five actions", "Why: ", "Action: "} {
				if !strings.Contains(summary, want) {
					t.Errorf("page 2 lacks %q", want)
				}
			}
			for _, title := range want {
				if !strings.Contains(summary, title) {
					t.Errorf("top action %q is not on page 2", title)
				}
			}
		})
	}
}

// TestTopActionsOrder pins the documented priority by hand: severity, then
// state (fail, warn, unsure, not verified), then what the tenant confirmed,
// then ID; closed findings never show.
func TestTopActionsOrder(t *testing.T) {
	fd := func(id string, sev assess.Severity, st assess.FindingState, tenant bool) assess.Finding {
		return assess.Finding{ID: id, Severity: sev, State: st, Tenant: tenant, Title: id}
	}
	res := &assess.Result{Findings: []assess.Finding{
		fd("M-fail", assess.SevMedium, assess.FindingFail, true),
		fd("H-unsure", assess.SevHigh, assess.FindingUnsure, false),
		fd("Z-high-fail", assess.SevHigh, assess.FindingFail, false),
		fd("L-fail", assess.SevLow, assess.FindingFail, true),
		fd("Y-high-fail-tenant", assess.SevHigh, assess.FindingFail, true),
		fd("H-pass", assess.SevHigh, assess.FindingPass, true),
		fd("H-notverified", assess.SevHigh, assess.FindingNotVerified, false),
		fd("H-warn", assess.SevHigh, assess.FindingWarn, false),
		fd("A-high-fail", assess.SevHigh, assess.FindingFail, false),
		fd("H-accepted", assess.SevHigh, assess.FindingAccepted, true),
	}}
	m, err := newModel(Input{Result: res, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int][]string{
		5:  {"Y-high-fail-tenant", "A-high-fail", "Z-high-fail", "H-warn", "H-unsure"},
		1:  {"Y-high-fail-tenant"},
		20: {"Y-high-fail-tenant", "A-high-fail", "Z-high-fail", "H-warn", "H-unsure", "H-notverified", "M-fail", "L-fail"},
	} {
		var got []string
		for _, f := range m.topActions(n) {
			got = append(got, f.ID)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("topActions(%d) = %v, want %v", n, got, want)
		}
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
	groups := evidenceGroups(m.res, m.facts, m.open)
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
	// What the PDF must show is taken from the input facts, not from
	// evidenceGroups: every environment, vault, policy and key whose
	// provenance says it could not be read.
	facts := in.Result.Facts
	unread := map[string][]string{}
	for _, e := range facts.Environments {
		if !e.Provenance.OK() {
			unread["Environments"] = append(unread["Environments"], e.Name)
		}
		if !e.AI.Provenance.OK() && e.AI.Provenance.Source != "" {
			unread["Generative AI settings"] = append(unread["Generative AI settings"], e.Name)
		}
		if e.TLS != nil && !e.TLS.Provenance.OK() {
			unread["TLS probes"] = append(unread["TLS probes"], strings.TrimSuffix(e.TLS.Host, ":443"))
		}
	}
	for _, v := range facts.Vaults {
		if !v.Provenance.OK() {
			unread["Key vaults"] = append(unread["Key vaults"], v.Name)
		}
	}
	for _, p := range facts.Policies {
		if !p.Provenance.OK() {
			unread["Enterprise policies"] = append(unread["Enterprise policies"], p.Name)
		}
	}
	for _, k := range facts.Keys {
		if !k.Provenance.OK() {
			unread["Keys"] = append(unread["Keys"], k.Name)
		}
		if k.RotationProvenance != nil && !k.RotationProvenance.OK() {
			unread["Key rotation policies"] = append(unread["Key rotation policies"], k.Name)
		}
	}
	for _, c := range facts.Checks {
		if !c.Provenance.OK() {
			unread["Collection checks"] = append(unread["Collection checks"], c.Name)
		}
	}
	if len(unread) == 0 {
		t.Fatal("the test tenant should have unreadable facts")
	}
	for kind, names := range unread {
		if len(names) > evidenceListMax {
			// Bunched by status and findings: the count and the first names show.
			if !strings.Contains(flat, squash(names[0])) || !strings.Contains(flat, " facts: ") {
				t.Errorf("%s: %d unreadable facts, bunched, but %q and a \"N facts:\" row are not in the PDF", kind, len(names), names[0])
			}
			continue
		}
		for _, name := range names {
			if !strings.Contains(flat, squash(name)) {
				t.Errorf("unreadable fact %s %q is not in the PDF", kind, name)
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
