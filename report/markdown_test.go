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
