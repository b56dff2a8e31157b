package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

func mustMarkdown(t testing.TB, in Input) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Markdown(&buf, in); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestMarkdownSummary(t *testing.T) {
	in := realisticInput(t, 14)
	_, prev := makeAssessment(t, in.Bank, makeFacts(2, 1))
	prev.Findings = nil
	in.Previous = prev
	md := mustMarkdown(t, in)
	for _, want := range []string{
		"# Contoso HR platform, SE:06 review", "## Grade " + in.Result.Grade.Letter + ":", "| Data state | Score | Status |",
		"## What the tenant shows versus what was answered", "## Open findings", "`AR-02.cmk-missing`",
		"## Accepted risks", "**Expired**", "## Changes since the previous assessment", "**New**",
		"](https://learn.microsoft.com/",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if md != mustMarkdown(t, in) {
		t.Error("two renders differ")
	}
}

func TestMarkdownEscapes(t *testing.T) {
	in := realisticInput(t, 3)
	in.Result.Metadata.Title = "Evil | <script>alert(1)</script> [x](javascript:1) *bold*\n# heading"
	in.Result.Findings[0].Title = "pipe | in title"
	in.Result.Findings[0].ID = "AR-02`injected"
	md := mustMarkdown(t, in)
	for _, bad := range []string{"<script>", "[x](javascript:", "*bold*", "\n# heading", "pipe | in"} {
		if strings.Contains(md, bad) {
			t.Errorf("Markdown contains unescaped %q", bad)
		}
	}
	if strings.Contains(md, "AR-02`injected") {
		t.Error("backtick in an ID breaks out of code")
	}
	if got := mustMarkdown(t, Input{Result: &assess.Result{}}); !strings.Contains(got, "## Open findings (0:") {
		t.Errorf("empty summary:\n%s", got)
	}
}

// TestMarkdownHostileNames: names that would retitle or clear a terminal, or
// reverse the text, are shown escaped (the command line's sanitiser), never
// raw; a 300-character name is kept whole.
func TestMarkdownHostileNames(t *testing.T) {
	b := loadBank(t)
	f := makeFacts(6, 1)
	long := strings.Repeat("L", 300)
	hostile := []string{"\x1b]0;vault-pwned\x07", "\x1b[2Jcleared", "invoice\u202Efdp.exe", long, "c1\u009b31m", "two\nlines"}
	for i := range f.Environments {
		f.Environments[i].Name = hostile[i]
		f.Environments[i].CMK = nil // every one raises the missing-CMK finding
		f.Environments[i].KeyManagedBy = "Microsoft"
	}
	asm, res := makeAssessment(t, b, f)
	asm.Metadata.Title = "Review \x1b[31mred\x1b[0m \u202Eeltit"
	res.Metadata.Title = asm.Metadata.Title
	var buf strings.Builder
	if err := Markdown(&buf, Input{Bank: b, Assessment: asm, Result: res, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, bad := range []string{"\x1b", "\u202E", "\x07", "\u009b"} {
		if strings.Contains(md, bad) {
			t.Errorf("Markdown carries %q raw", bad)
		}
	}
	for _, want := range []string{`\\x1b\[31mred`, `\\u202eeltit`} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks the escaped form %q", want)
		}
	}
	if !strings.Contains(md, `\\x1b\]0;vault-pwned\\x07`) {
		t.Error("no affected environment name shown at all")
	}
}
