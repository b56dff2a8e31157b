package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ppwaf/se06/assess"
)

// The plain-text summary of 'se06 assess' (summary.go: lists capped, lines
// under 300 characters), from hand-made results.

func summaryOf(t *testing.T, res *assess.Result) string {
	t.Helper()
	b, err := assess.LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := printSummary(&out, b, res); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestSummaryScores: a score is "NN/100" overall and "NN" per data state,
// "n/a" when nothing could be scored; a data state with nothing open or
// failing says "none".
func TestSummaryScores(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	res := &assess.Result{Metadata: assess.Metadata{Title: "T"},
		Overall: assess.Score{Value: v(73.4), Answered: 2, Total: 3, Open: 1},
		DataStates: []assess.Score{
			{Title: "Data at rest", Value: v(50), Status: "At risk", Fail: 1},
			{Title: "Residency", Status: "Unknown"},
		}}
	out := squeeze(summaryOf(t, res))
	for _, want := range []string{"\nScore 73/100. 2 of 3 questions answered, 1 open.\n", "\nData at rest 50 At risk 1 failing\n", "\nResidency n/a Unknown none\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	res.Overall.Value = nil
	if out := summaryOf(t, res); !strings.Contains(out, "\nScore n/a. ") {
		t.Errorf("nothing scored: %s", out)
	}
}

// TestSummaryConflictCap: one to ten conflicts are all listed; from eleven on the
// first ten are, then how many more.
func TestSummaryConflictCap(t *testing.T) {
	for _, c := range []struct {
		n    int
		more string
	}{{1, ""}, {10, ""}, {11, "  …and 1 more (see --json or --pdf)\n"}, {13, "  …and 3 more (see --json or --pdf)\n"}} {
		res := &assess.Result{Metadata: assess.Metadata{Title: "T"}}
		for i := range c.n {
			res.Conflicts = append(res.Conflicts, assess.Conflict{QuestionID: fmt.Sprintf("CF-%02d", i), AnswerText: "yes", Tenant: []string{"no"}, TenantText: "no"})
		}
		out := summaryOf(t, res)
		if !strings.Contains(out, fmt.Sprintf("\nConflicts with the tenant (%d)\n", c.n)) {
			t.Errorf("%d conflicts: no heading in\n%s", c.n, out)
		}
		if got := strings.Count(out, "  CF-"); got != min(c.n, 10) {
			t.Errorf("%d conflicts: %d listed, want %d", c.n, got, min(c.n, 10))
		}
		if c.more == "" && strings.Contains(out, "more (see --json") || c.more != "" && !strings.Contains(out, c.more) {
			t.Errorf("%d conflicts: want %q in\n%s", c.n, c.more, out)
		}
	}
	if out := summaryOf(t, &assess.Result{Metadata: assess.Metadata{Title: "T"}}); strings.Contains(out, "Conflicts with the tenant (") {
		t.Errorf("no conflicts, but a conflicts list:\n%s", out)
	}
}

// TestSummaryListsOpenFindingsOnly: passed and accepted findings are not in
// the open list, and do not use up its 40 places.
func TestSummaryListsOpenFindingsOnly(t *testing.T) {
	res := &assess.Result{Metadata: assess.Metadata{Title: "T"}}
	for i := range 45 {
		res.Findings = append(res.Findings, assess.Finding{ID: fmt.Sprintf("PASS-%02d", i), State: assess.FindingPass, Severity: assess.SevInfo, Title: "fine"})
	}
	res.Findings = append(res.Findings, assess.Finding{ID: "OPEN-01", State: assess.FindingFail, Severity: assess.SevHigh, Title: "broken"})
	res.Counts.Open.High, res.Counts.ToFix.High = 1, 1
	out := summaryOf(t, res)
	if strings.Contains(out, "PASS-") || !strings.Contains(squeeze(out), "\nHIGH Fail OPEN-01 broken\n") {
		t.Errorf("open list:\n%s", out)
	}
	if strings.Contains(out, "more open findings") {
		t.Errorf("one open finding, yet more announced:\n%s", out)
	}
}

// TestSummaryLongLinesAreCut: a line longer than 280 characters is cut to
// 280, ending with "…"; a line of exactly 280 is kept whole. The first line
// is "TITLE — GUIDANCE VERSION".
func TestSummaryLongLinesAreCut(t *testing.T) {
	b, err := assess.LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	suffix := " — " + b.Guidance.Version()
	fit := 280 - utf8.RuneCountInString(suffix)
	for _, c := range []struct {
		title string
		cut   bool
	}{{strings.Repeat("é", fit+1), true}, {strings.Repeat("t", 400), true}, {strings.Repeat("é", fit), false}} {
		res := &assess.Result{Metadata: assess.Metadata{Title: c.title}}
		first, _, _ := strings.Cut(summaryOf(t, res), "\n")
		n := utf8.RuneCountInString(first)
		switch {
		case c.cut && (n != 280 || !strings.HasSuffix(first, "…") || !strings.HasPrefix(first, c.title[:10])):
			t.Errorf("%d-rune title: first line has %d runes, want 280 ending with …: %q", utf8.RuneCountInString(c.title), n, first)
		case !c.cut && first != c.title+suffix:
			t.Errorf("a line of 280 runes was changed: %q", first)
		}
	}
}

// TestSummaryConflictWithTenantValueAndRuleOut: a conflict whose tenant shows
// a value keeps its summary on the line even when a rule-out fired too (only
// a bare rule-out names its facts in TenantSays alone).
func TestSummaryConflictWithTenantValueAndRuleOut(t *testing.T) {
	res := &assess.Result{Metadata: assess.Metadata{Title: "T"}, Conflicts: []assess.Conflict{
		{QuestionID: "BOTH", AnswerText: "yes", Tenant: []string{"no"}, TenantText: "no", Summary: "SUMMARY-OF-BOTH",
			RuledOut: []assess.Exclusion{{Choice: "yes", Why: "Purge protection is off on a vault"}}},
	}}
	if out := summaryOf(t, res); !strings.Contains(out, "SUMMARY-OF-BOTH") {
		t.Errorf("the summary is missing:\n%s", out)
	}
}
