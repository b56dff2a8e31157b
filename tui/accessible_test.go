package tui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

func TestAccessibleWholeRun(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions(t, dir)
	input := strings.Join([]string{
		"1",                                     // new assessment
		"Contoso HR", "Contoso", "", "Dana", "", // metadata
		"",                                          // default file name
		"",                                          // no snapshot: questions only
		"3",                                         // SC-01 confidential
		"1, 2",                                      // SC-02 GDPR + PCI
		"2",                                         // AR-01 customer-managed key → AR-02 appears
		"u", "Key Vault team", "soon", "2027-01-31", // AR-02 not sure, with an owner and a date
		"b",              // back to AR-02
		"",               // keep the answer
		"s",              // DT-01 skip
		"n", "ask infra", // a note on DT-02
		"r", "all", "sc-01", "4", "", // review mid-way, hear all, change SC-01, back to DT-02
		"gw01 and gw02", // DT-02 free text
		"",              // the final review: on to the results
		"",              // no risk to accept
		"yes",           // write the reports
	}, "\n") + "\n"
	var out bytes.Buffer
	if err := RunAccessible(context.Background(), opts, strings.NewReader(input), &out); err != nil {
		t.Fatalf("RunAccessible: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"Question 1 of 5. Section: Scope and classification.",
		"SC-01: What is the most sensitive kind of data",
		"Documentation: Recommendations for data classification, https://",
		"Question 4 of 6.",
		"That is not a date like 2027-01-31.",
		"Saved: Not sure (owner: Key Vault team, follow up by 2027-01-31).",
		"Current answer: Not sure (owner: Key Vault team, follow up by 2027-01-31).",
		"Note saved.",
		"Review. ",
		"Review. 3 answered, 1 not sure, 1 skipped, 0 not applicable, 1 open.\nFollow up: AR-02, CMK on in-scope environments: Not sure (owner: Key Vault team",
		"Follow up: DT-01, TLS 1.2+ on every caller: Skipped.\nOpen: DT-02, Gateway hosts.\n",
		"That was the last question. No question is left to answer. 1 not sure and 1 skipped to follow up.",
		"Review. 4 answered, 1 not sure, 1 skipped, 0 not applicable, 0 open.",
		"SC-01, Highest sensitivity: Confidential.",
		"Grade ",
		"Wrote ",
		"Assessment saved to ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "\x1b[") {
		t.Error("accessible mode must not write escape sequences")
	}
	path := filepath.Join(dir, "contoso-hr"+assessmentExt) // from the title
	asm, _, err := assess.LoadAssessment(path, opts.Bank)
	if err != nil {
		t.Fatal(err)
	}
	if got := asm.Answers["DT-02"]; got.Text != "gw01 and gw02" || got.Note != "ask infra" {
		t.Errorf("DT-02 = %+v", got)
	}
	if got := asm.Answers["SC-01"]; !got.Is("highly-confidential") {
		t.Errorf("SC-01 = %+v", got)
	}
	if got := asm.Answers["SC-02"]; !got.Is("gdpr", "pci") {
		t.Errorf("SC-02 = %+v", got)
	}
	if !asm.Progress.Finished {
		t.Error("the run should be marked finished")
	}
}

// TestAccessibleEOFSaves stops mid-way (a closed terminal): what was
// answered is saved, and a resume continues there.
func TestAccessibleEOFSaves(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions(t, dir)
	opts.Demo = true
	var out bytes.Buffer
	if err := RunAccessible(context.Background(), opts, strings.NewReader("2\nbad\n9\n"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"bad" is not a choice`) || !strings.Contains(out.String(), `"9" is not a choice`) {
		t.Errorf("bad input should be explained:\n%s", out.String())
	}
	opts.Demo, opts.Resume = false, filepath.Join(dir, demoFile)
	out.Reset()
	if err := RunAccessible(context.Background(), opts, strings.NewReader("q\n"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Question 2 of 5") || !strings.Contains(out.String(), "Assessment saved to") {
		t.Errorf("resume should continue at question 2:\n%s", out.String())
	}
}

// TestAccessibleInterrupt stops at a prompt when the context is cancelled
// (ctrl+c), without waiting for input, and the answers are saved.
func TestAccessibleInterrupt(t *testing.T) {
	opts := testOptions(t, t.TempDir())
	opts.Demo = true
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	defer pw.Close()
	done := make(chan error, 1)
	var out syncBuffer
	go func() { done <- RunAccessible(ctx, opts, pr, &out) }()
	if _, err := io.WriteString(pw, "2\n"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "Question 2 of") {
		if time.Now().After(deadline) {
			t.Fatalf("no second question:\n%s", out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("err = %v, want ErrInterrupted", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the run did not stop on cancel")
	}
	asm, _, err := assess.LoadAssessment(filepath.Join(opts.Dir, demoFile), opts.Bank)
	if err != nil {
		t.Fatal(err)
	}
	if asm.Answers["SC-01"].State != assess.AnswerAnswered {
		t.Errorf("SC-01 = %+v", asm.Answers["SC-01"])
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestAccessibleAcceptsRisk accepts the risk of a finding at the end, for
// one of its environments, with the expiry date checked.
func TestAccessibleAcceptsRisk(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions(t, dir)
	opts.Demo = true
	input := strings.Join([]string{
		"3", "1", "2", // SC-01, SC-02, AR-01 customer-managed key
		"",       // AR-02: keep the tenant's answer (some environments on Microsoft keys)
		"s", "s", // DT-01, DT-02 skipped
		"", // the final review: on to the results
		"NO-SUCH.finding",
		"ar-02.cmk-missing", "Migration planned for Q2", "CISO", "2027-13-01", "2026-11-26", "2027-03-31", "",
		"7", "2", // environment: out of range, then Payroll
		"", // no more
		"no",
	}, "\n") + "\n"
	text := runAccessible(t, opts, input)
	mustSay(t, text,
		"No open finding has the ID or number NO-SUCH.finding.",
		"Accept the risk of AR-02.cmk-missing",
		"Expires must be a date like 2027-05-27.",
		"2026-11-26 has passed; the acceptance would not hold.",
		"Applies to: 0 all environments, 1 Contoso HR (europe), 2 Payroll (uk).",
		"Type a number from 0 to 2.",
		"Risk accepted for AR-02.cmk-missing in Payroll (uk) until 2027-03-31. Saved.",
	)
	asm, _, err := assess.LoadAssessment(filepath.Join(dir, demoFile), opts.Bank)
	if err != nil {
		t.Fatal(err)
	}
	want := []assess.Acceptance{{FindingID: "AR-02.cmk-missing", Environment: "env-2", Justification: "Migration planned for Q2", Approver: "CISO", Expires: "2027-03-31"}}
	if !reflect.DeepEqual(asm.Acceptances, want) {
		t.Errorf("acceptances = %+v, want %+v", asm.Acceptances, want)
	}
}

// runAccessible runs the accessible wizard on input and returns what it said.
func runAccessible(t *testing.T, opts Options, input string) string {
	t.Helper()
	var out bytes.Buffer
	if err := RunAccessible(context.Background(), opts, strings.NewReader(input), &out); err != nil {
		t.Fatalf("RunAccessible: %v\n%s", err, out.String())
	}
	return out.String()
}

// mustSay checks that the accessible wizard said every one of wants.
func mustSay(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

// TestAccessibleEscapesHostileNames: tenant names carrying a title-setting
// OSC, a clear-screen CSI, a right-to-left override and 300 characters reach
// the accessible mode's output shown escaped and whole, never as bytes a
// terminal (or a screen reader) would act on.
func TestAccessibleEscapesHostileNames(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions(t, dir)
	opts.Demo = true
	long := strings.Repeat("L", 300)
	opts.Sources.DemoFacts = func(time.Time) (*assess.Facts, error) {
		f := testFacts()
		f.Environments[0].Name = "\x1b]0;x\x07HR"
		f.Environments[1].Name = "\x1b[2JPay\u202eroll" + long
		return f, nil
	}
	input := strings.Join([]string{
		"3", "1", "2", // SC-01, SC-02, AR-01 customer-managed key
		"",       // AR-02: keep the tenant's answer
		"s", "s", // DT-01, DT-02 skipped
		"",                                                                      // the final review
		"ar-02.cmk-missing", "Planned", "CISO", "2027-03-31", "", "2", "", "no", // accept for the second environment
	}, "\n") + "\n"
	text := runAccessible(t, opts, input)
	for _, bad := range []string{"\x1b", "\x07", "\u202e"} {
		if strings.Contains(text, bad) {
			t.Errorf("output carries %q raw", bad)
		}
	}
	mustSay(t, text,
		`1 \x1b]0;x\x07HR (europe)`,
		`2 \x1b[2JPay\u202eroll`+long+` (uk)`,
	)
	if !strings.Contains(text, "Risk accepted for AR-02.cmk-missing in "+`\x1b[2JPay\u202eroll`+long) {
		t.Errorf("the 300-character name is not said whole:\n%s", text)
	}
}
