package tui

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

func TestAccessibleWholeRun(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions(t, dir)
	input := strings.Join([]string{
		"1",                                     // new assessment
		"Contoso HR", "Contoso", "", "Dana", "", // metadata
		"",                    // default file name
		"",                    // no snapshot: questions only
		"3",                   // SC-01 confidential
		"1, 2",                // SC-02 GDPR + PCI
		"2",                   // AR-01 customer-managed key → AR-02 appears
		"u", "Key Vault team", // AR-02 not sure, with an owner
		"b",              // back to AR-02
		"",               // keep the answer
		"s",              // DT-01 skip
		"n", "ask infra", // a note on DT-02
		"gw01 and gw02", // DT-02 free text
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
		"Saved: Not sure (owner: Key Vault team).",
		"Current answer: Not sure (owner: Key Vault team).",
		"Note saved.",
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
	path := filepath.Join(dir, "contoso"+assessmentExt)
	asm, _, err := assess.LoadAssessment(path, opts.Bank)
	if err != nil {
		t.Fatal(err)
	}
	if got := asm.Answers["DT-02"]; got.Text != "gw01 and gw02" || got.Note != "ask infra" {
		t.Errorf("DT-02 = %+v", got)
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
