package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
	"github.com/ppwaf/se06/tui"
)

// TestEmulatorTenantEveryOutputAndTheWizardAgree is issue 8's "done when":
// facts read from the loopback emulator of a tenant with every case (CMK and
// Microsoft-managed environments, vaults without purge protection or open to
// any network, an expired key, Bing on, a TLS 1.1 host), the example answers
// that contradict it with a few questions left open, and one assessment file.
// The JSON, PDF (pdftotext), Markdown, CSV and CLI summary that `se06 report`
// writes, the wizard's header, "left to answer", review and results screens,
// and accessible mode all report the same conflicts and the same figures.
func TestEmulatorTenantEveryOutputAndTheWizardAgree(t *testing.T) {
	emu, cfg := tenanttest.StartEnv(t, tenanttest.Sample(testNow))
	facts, err := tenant.Collect(context.Background(), tenant.Options{CloudConfigFile: cfg, AllowHosts: []string{"127.0.0.1"}, Auth: tenant.AuthEnv,
		Timeout: 10 * time.Second, ToolVersion: "test", Now: func() time.Time { return testNow }, RootCAs: emu.CertPool()}, nil)
	if err != nil {
		t.Fatalf("collect from the emulator: %v", err)
	}
	dir := t.TempDir()
	snap := filepath.Join(dir, "tenant.json")
	if err := tenant.WriteSnapshot(snap, facts); err != nil {
		t.Fatal(err)
	}
	b, asm := exampleAnswers(t)
	asm.Facts = facts
	first, err := assess.Evaluate(asm.Input(b, testNow))
	if err != nil {
		t.Fatal(err)
	}
	// The example answers with three questions the tenant cannot decide
	// left unanswered (open), none of them in conflict.
	example, err := os.ReadFile("../../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cleared []string
	for _, qr := range first.Questions {
		q, _ := b.Question(qr.QuestionID)
		if len(cleared) < 3 && qr.Visible && q.Live == nil && qr.Effective.Source == assess.SourceUser && q.Section != "scope" &&
			!slices.ContainsFunc(first.Conflicts, func(c assess.Conflict) bool { return c.QuestionID == q.ID }) {
			cleared = append(cleared, q.ID)
		}
	}
	var kept []string
	for _, l := range strings.Split(string(example), "\n") {
		if !slices.ContainsFunc(cleared, func(id string) bool { return strings.HasPrefix(l, "  "+id+":") }) {
			kept = append(kept, l)
		}
	}
	answers := filepath.Join(dir, "answers.yaml")
	if err := os.WriteFile(answers, []byte(strings.Join(kept, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}

	// The files and the CLI summary, as a user gets them.
	out := func(ext string) string { return filepath.Join(dir, "r"+ext) }
	file := filepath.Join(dir, "contoso.se06.json")
	code, cli, stderr := runCLI(t, "assess", "--answers", answers, "--facts", snap, "--save", file,
		"--json", out(".json"), "--pdf", out(".pdf"), "--md", out(".md"), "--csv", out(".csv"))
	if code != exitOK {
		t.Fatalf("assess: exit %d\n%s", code, stderr)
	}
	read := func(ext string) string {
		data, err := os.ReadFile(out(ext))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	// The wizard resumes the saved file on its last answered question.
	saved, _, err := assess.LoadAssessment(file, b)
	if err != nil {
		t.Fatal(err)
	}
	res, err := assess.Evaluate(saved.Input(b, testNow))
	if err != nil {
		t.Fatal(err)
	}
	for i := len(res.Questions) - 1; i >= 0; i-- {
		if qr := res.Questions[i]; qr.Visible && qr.Status == assess.QuestionAnswered && qr.Answer.State == assess.AnswerAnswered {
			saved.Progress.Current = qr.QuestionID
			break
		}
	}
	if err := saved.Save(file, testNow); err != nil {
		t.Fatal(err)
	}
	var ref assess.Result
	if err := json.Unmarshal([]byte(read(".json")), &ref); err != nil {
		t.Fatal(err)
	}
	o, c := ref.Overall, ref.Counts
	if c.Conflicts < 5 || o.Open != len(cleared) || c.ToFix.High == 0 {
		t.Fatalf("fixture: want several conflicts, %d open questions (%v) and open high findings; got %d conflicts, %+v", len(cleared), cleared, c.Conflicts, o)
	}
	md, csvText, pdf := read(".md"), read(".csv"), read(".pdf")
	checkSameFigures(t, &ref, md, csvText, cli, pdf, "")

	// Every conflict, in every output.
	// The PDF's conflicts section: from its heading (the second time, after
	// the contents) to the next section's.
	pdfText := pdftotext(t, []byte(pdf))
	const heading = "What the tenant shows versus what was answered"
	if i := strings.LastIndex(pdfText, heading); i >= 0 {
		pdfText = pdfText[i:]
		if j := strings.Index(pdfText, "\nRecommendations by priority"); j >= 0 {
			pdfText = pdfText[:j]
		}
	}
	if want := fmt.Sprintf("%d answers contradict the tenant.", c.Conflicts); !strings.Contains(pdfText, want) {
		t.Errorf("the PDF's conflicts section lacks %q", want)
	}
	access := accessibleRun(t, b, file, dir)
	results := wizardScreen(t, b, file, dir, "R")
	conflictsTab := wizardScreen(t, b, file, dir, "R", "4")
	for _, cf := range ref.Conflicts {
		for name, has := range map[string]bool{
			"CLI":        strings.Contains(cli, "  "+cf.QuestionID+": answered "),
			"Markdown":   strings.Contains(md, "| "+cf.QuestionID+": "),
			"PDF":        strings.Contains(pdfText, "\n"+cf.QuestionID+"\n"),
			"wizard":     regexp.MustCompile(`(?m)^\s*[›▸ ]*\s*` + regexp.QuoteMeta(cf.QuestionID) + `\s`).MatchString(conflictsTab),
			"accessible": strings.Contains(access, "Conflict on "+cf.QuestionID+": answered "+cf.AnswerText+"; "+cf.TenantSays()+"."),
		} {
			if !has {
				t.Errorf("%s does not report the conflict on %s", name, cf.QuestionID)
			}
		}
	}
	// The CSV is the work list: each row of a question in conflict says so,
	// in the same words; a conflict that leaves nothing to fix has no row.
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvText, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "Conflict with the answer")
	inCSV := map[string]bool{}
	for _, r := range rows[1:] {
		f, _ := ref.Finding(r[1])
		cf := slices.IndexFunc(ref.Conflicts, func(c assess.Conflict) bool { return c.QuestionID == f.QuestionID })
		want := ""
		if cf >= 0 {
			want = "answered " + ref.Conflicts[cf].AnswerText + "; " + ref.Conflicts[cf].TenantSays()
			inCSV[f.QuestionID] = true
		}
		if col < 0 || r[col] != want {
			t.Errorf("CSV row %s: conflict column %q, want %q", r[1], r[min(max(col, 0), len(r)-1)], want)
		}
	}
	if len(inCSV) < 3 {
		t.Errorf("fixture: only %d conflicts have open findings in the CSV", len(inCSV))
	}
	for _, cf := range ref.Conflicts {
		hasOpen := slices.ContainsFunc(ref.Findings, func(f assess.Finding) bool { return f.QuestionID == cf.QuestionID && f.State.Open() })
		if hasOpen != inCSV[cf.QuestionID] {
			t.Errorf("conflict on %s: open finding %v, in the CSV %v", cf.QuestionID, hasOpen, inCSV[cf.QuestionID])
		}
	}
	if n := strings.Count(access, "\nConflict on "); n != c.Conflicts {
		t.Errorf("accessible mode reads %d conflicts, the JSON has %d", n, c.Conflicts)
	}
	if !strings.Contains(conflictsTab, fmt.Sprintf("Conflicts (%d)", c.Conflicts)) {
		t.Errorf("the wizard's tab lacks Conflicts (%d):\n%s", c.Conflicts, conflictsTab)
	}

	// The same figures on the wizard's results screen and in accessible mode.
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	counts := fmt.Sprintf("%d high · %d medium · %d low to fix · %d to find out · %d conflicts with the tenant · %d accepted",
		c.ToFix.High, c.ToFix.Medium, c.ToFix.Low, c.ToFindOut.Total(), c.Conflicts, c.AcceptedRisks)
	for name, want := range map[string]string{"grade": flat(ref.Grade.Summary), "questions": o.QuestionCounts(), "counts": counts} {
		if !strings.Contains(flat(results), want) {
			t.Errorf("the wizard's results screen lacks the %s %q:\n%s", name, want, results)
		}
	}
	for _, want := range []string{
		flat(ref.Grade.Summary),
		fmt.Sprintf("%s. Findings to fix: %d high, %d medium, %d low, %d info; %d to find out. Conflicts with the tenant: %d. Accepted risks: %d.",
			o.QuestionCounts(), c.ToFix.High, c.ToFix.Medium, c.ToFix.Low, c.ToFix.Info, c.ToFindOut.Total(), c.Conflicts, c.AcceptedRisks),
		fmt.Sprintf("Review. %d answered, %d not sure, %d skipped, %d not applicable, %d open.", o.Answered, o.NotSure, o.Skipped, o.NotApplicable, o.Open),
	} {
		if !strings.Contains(flat(access), want) {
			t.Errorf("accessible mode lacks %q", want)
		}
	}
	for _, s := range ref.DataStates {
		if s.Value == nil {
			continue
		}
		if want := fmt.Sprintf("%s: %.0f, %s.", s.Title, *s.Value, s.Status); !strings.Contains(access, want) {
			t.Errorf("accessible mode lacks %q", want)
		}
		row := regexp.MustCompile(regexp.QuoteMeta(s.Title) + `\s.*\s` + fmt.Sprintf("%.0f", *s.Value) + `\s+` + regexp.QuoteMeta(s.Status))
		if !row.MatchString(results) {
			t.Errorf("the wizard's results screen lacks %s %.0f %s", s.Title, *s.Value, s.Status)
		}
	}
	// The review (where a finished assessment resumes), "left to answer" (o)
	// and the question screen's header.
	review := wizardScreen(t, b, file, dir, "o")
	if want := fmt.Sprintf("%d answered · %d not sure · %d skipped · %d not applicable · %d open", o.Answered, o.NotSure, o.Skipped, o.NotApplicable, o.Open); !strings.Contains(review, want) {
		t.Errorf("the review lacks %q:\n%s", want, review)
	}
	if want := fmt.Sprintf("%d questions are left to answer (open).", o.Open); !strings.Contains(flat(review), want) {
		t.Errorf("the status line lacks %q:\n%s", want, review)
	}
	question := wizardScreen(t, b, file, dir, "o", "enter")
	if want := fmt.Sprintf(" %d answered · %d open ·", o.Answered, o.Open); !strings.Contains(question, want) {
		t.Errorf("the question header lacks %q:\n%s", want, question)
	}
	if id := regexp.MustCompile(`[A-Z]{2}-\d\d`).FindString(question[strings.Index(question, "answered ·"):]); !slices.Contains(cleared, id) {
		t.Errorf("o then enter opened %s; the open questions are %v", id, cleared)
	}
}

// resumeOptions resumes file in the wizard on the embedded bank, with no
// tenant or report integration (the file carries the facts).
func resumeOptions(b *assess.Bank, file, dir string) tui.Options {
	return tui.Options{Bank: b, ToolVersion: "test", Now: func() time.Time { return testNow }, Dir: dir, Resume: file, Location: time.UTC}
}

// wizardScreen runs the real wizard program on file at 160×60, presses keys
// and returns the screen it ends on, as plain text. (teatest is not used here:
// its -update flag would clash with this package's.)
func wizardScreen(t *testing.T, b *assess.Bank, file, dir string, keys ...string) string {
	t.Helper()
	m := tui.New(context.Background(), resumeOptions(b, file, dir))
	var out lockedBuffer
	// No input reader: keys are sent as messages, and no terminal query
	// waits for a reply that could never come.
	p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(&out), tea.WithoutSignals(),
		tea.WithWindowSize(160, 60), tea.WithColorProfile(colorprofile.Ascii))
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	wait := func(s string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !out.contains(s); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				p.Kill()
				out.mu.Lock()
				defer out.mu.Unlock()
				t.Fatalf("the wizard never showed %q:\n%s", s, ansi.Strip(out.buf.String()))
			}
		}
	}
	for deadline := time.Now().Add(10 * time.Second); !out.contains("Question ") && !out.contains("Review your answers"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			p.Kill()
			t.Fatal("the wizard did not open the assessment")
		}
	}
	for _, k := range keys {
		if k == "enter" {
			p.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
			continue
		}
		p.Send(tea.KeyPressMsg{Code: []rune(k)[0], Text: k})
	}
	wait(map[string]string{"R": "Overview", "4": "Tenant", "o": "left to answer", "r": "Review your answers", "enter": "answered ·"}[keys[len(keys)-1]])
	p.Quit()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
			t.Fatalf("wizard: %v", err)
		}
	case <-time.After(20 * time.Second):
		p.Kill()
		t.Fatal("the wizard did not quit")
	}
	return ansi.Strip(m.View().Content)
}

// lockedBuffer is the program's output, read while it writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedBuffer) contains(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Contains(l.buf.Bytes(), []byte(s))
}

// accessibleRun resumes file in accessible mode on its last answered
// question: keep it, leave the review, hear the results, accept nothing,
// write no report.
func accessibleRun(t *testing.T, b *assess.Bank, file, dir string) string {
	t.Helper()
	var out bytes.Buffer
	if err := tui.RunAccessible(context.Background(), resumeOptions(b, file, dir), strings.NewReader("\n\n\nno\n"), &out); err != nil {
		t.Fatalf("accessible mode: %v\n%s", err, out.String())
	}
	return out.String()
}
