package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/internal/termsafe"
)

// The CLI summary stays readable at any tenant size: lists are capped, names
// per finding are capped, and no line is longer than summaryLineMax. The JSON,
// CSV and PDF carry everything.
const (
	summaryLineMax     = 280
	summaryConflictMax = 10
	summaryFindingMax  = 40
	summaryNamesMax    = 3
)

// printSummary writes the grade, counts, scores, conflicts and open findings
// as plain text. Every figure comes from the result (Grade, Overall, Counts).
func printSummary(out io.Writer, b *assess.Bank, res *assess.Result) error {
	bw := bufio.NewWriter(out)
	w := &lineWriter{w: bw}
	w.line("%s — %s", res.Metadata.Title, b.Guidance.Version())
	w.line("%s", res.Grade.Summary)
	o := res.Overall
	score := "n/a"
	if o.Value != nil {
		score = fmt.Sprintf("%.0f/100", *o.Value)
	}
	w.line("Score %s. %s.", score, o.QuestionCounts())
	c := res.Counts
	w.line("Findings to fix: %d high, %d medium, %d low, %d info; %d to find out (not sure, open or not verified). Conflicts with the tenant: %d. Accepted risks: %d.",
		c.ToFix.High, c.ToFix.Medium, c.ToFix.Low, c.ToFix.Info, c.ToFindOut.Total(), c.Conflicts, c.AcceptedRisks)
	w.line("")

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATA STATE\tSCORE\tSTATUS\tQUESTIONS OPEN OR FAILING")
	for _, s := range res.DataStates {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", plain(s.Title), scoreOf(s.Value), s.Status, scoreParts(s))
	}
	tw.Flush()

	if len(res.Conflicts) > 0 {
		w.line("")
		w.line("Conflicts with the tenant (%s)", thousands(len(res.Conflicts)))
		for i, cf := range res.Conflicts {
			if i == summaryConflictMax {
				w.line("  …and %s more (see --json or --pdf)", thousands(len(res.Conflicts)-i))
				break
			}
			// A rule-out names its facts in TenantSays; its summary says the same.
			if len(cf.Tenant) == 0 && len(cf.RuledOut) > 0 {
				w.line("  %s: answered %q; %s.", cf.QuestionID, plain(cf.AnswerText), plain(cf.TenantSays()))
				continue
			}
			w.line("  %s: answered %q; %s. %s", cf.QuestionID, plain(cf.AnswerText), plain(cf.TenantSays()), plain(cf.Summary))
		}
	}

	open := c.Open.Total()
	w.line("")
	w.line("Open findings (%s: %s to fix, %s to find out)", thousands(open), thousands(c.ToFix.Total()), thousands(c.ToFindOut.Total()))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SEVERITY\tSTATUS\tFINDING\tTITLE\tWHERE")
	n := 0
	for _, f := range res.Findings {
		if !f.State.Open() {
			continue
		}
		if n == summaryFindingMax {
			break
		}
		n++
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", strings.ToUpper(string(f.Severity)), f.StatusLabel(), plain(f.ID), clipRunes(plain(f.Title), 90), whereText(f))
	}
	tw.Flush()
	if open > n {
		w.line("…and %s more open findings (see --csv for the full action plan)", thousands(open-n))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write the summary: %w", err)
	}
	return nil
}

func scoreOf(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.0f", *v)
}

// scoreParts says which questions of a group are open or failing.
func scoreParts(s assess.Score) string {
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{s.Fail, "failing"}, {s.Warn, "warning"}, {s.NotSure, "not sure"}, {s.Skipped, "skipped"}, {s.NotVerified, "not verified"}, {s.Open, "open"}, {s.Accepted, "accepted"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// whereText names what a finding is about: at most summaryNamesMax names,
// then how many more; environments accepted for this finding are left out.
func whereText(f assess.Finding) string {
	var names []string
	accepted := 0
	for _, s := range f.Affected {
		if s.Accepted {
			accepted++
			continue
		}
		names = append(names, clipRunes(plain(cmpOr(s.Name, s.ID)), 60))
	}
	out := strings.Join(names[:min(len(names), summaryNamesMax)], ", ")
	if len(names) > summaryNamesMax {
		out += fmt.Sprintf(" …and %s more", thousands(len(names)-summaryNamesMax))
	}
	if accepted > 0 {
		out += fmt.Sprintf(" (%s accepted)", thousands(accepted))
	}
	return strings.TrimSpace(out)
}

func cmpOr(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

// plain makes tenant text safe for a terminal, as every plain-text output
// does (termsafe: escape sequences and bidi controls shown escaped).
func plain(s string) string { return termsafe.Line(s) }

// clipRunes cuts s to at most n runes, ending with "…" when cut.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// thousands writes n with thousands separators: 1,180.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// lineWriter writes lines of at most summaryLineMax runes, cutting longer
// ones. Its bufio.Writer keeps the first write error and its Flush returns
// it, so printSummary learns of every failed write there.
type lineWriter struct {
	w       *bufio.Writer
	pending []byte
}

func (l *lineWriter) line(format string, args ...any) {
	fmt.Fprintf(l, format+"\n", args...)
}

// Write buffers up to a line end, then writes the line, clipped.
func (l *lineWriter) Write(p []byte) (int, error) {
	for _, c := range p {
		if c != '\n' {
			l.pending = append(l.pending, c)
			continue
		}
		line := strings.TrimRight(clipRunes(string(l.pending), summaryLineMax), " ")
		l.pending = l.pending[:0]
		_, _ = l.w.WriteString(line + "\n")
	}
	return len(p), nil
}
