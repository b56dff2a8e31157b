package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/ppwaf/se06/assess"
	"github.com/spf13/cobra"
)

func newDiffCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Compare two assessment files: findings new, worsened, improved or resolved; changed answers and conflicts; score deltas",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			now := a.now()
			var res [2]*assess.Result
			for i, p := range args {
				asm, warns, err := assess.LoadAssessment(p, b)
				if err != nil {
					return err
				}
				for _, w := range warns {
					fmt.Fprintf(a.stderr, "%s: warning: %s\n", p, w)
				}
				if res[i], err = assess.Evaluate(asm.Input(b, now)); err != nil {
					return err
				}
			}
			d := assess.Compare(res[0], res[1], b)
			if asJSON {
				return writeJSON(a.stdout, d)
			}
			printDiff(a, d)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the diff as JSON")
	return cmd
}

func printDiff(a *app, d assess.Diff) {
	w := a.stdout
	fmt.Fprintf(w, "Grade %s (%s) → %s (%s)\n", d.OldGrade.Letter, d.OldGrade.Label, d.NewGrade.Letter, d.NewGrade.Label)
	for _, s := range d.Scores {
		fmt.Fprintf(w, "  %-40s %s → %s  %s\n", s.Title, fmtScore(s.Old), fmtScore(s.New), fmtDelta(s.Delta))
	}
	section := func(title string, fs []assess.Finding) {
		fmt.Fprintf(w, "\n%s (%d)\n", title, len(fs))
		for _, f := range fs {
			fmt.Fprintf(w, "  %-7s %-28s %s\n", f.Severity, f.ID, f.Title)
		}
	}
	pairs := func(title string, cs []assess.FindingChange) {
		fmt.Fprintf(w, "\n%s (%d)\n", title, len(cs))
		for _, c := range cs {
			fmt.Fprintf(w, "  %-7s %-28s %s: %s\n", c.New.Severity, c.New.ID, c.New.Title, strings.Join(c.What, "; "))
		}
	}
	section("New findings", d.Added)
	pairs("Worsened findings", d.Worsened)
	pairs("Improved findings", d.Improved)
	section("Resolved findings", d.Resolved)
	pairs("Changed findings", d.Changed)
	fmt.Fprintf(w, "\nChanged answers (%d)\n", len(d.Answers))
	for _, c := range d.Answers {
		fmt.Fprintf(w, "  %-7s %s → %s\n", c.QuestionID, c.OldText, c.NewText)
	}
	conflicts := func(title string, cs []assess.Conflict) {
		fmt.Fprintf(w, "\n%s (%d)\n", title, len(cs))
		for _, c := range cs {
			fmt.Fprintf(w, "  %-7s answered %s; the tenant shows %s\n", c.QuestionID, c.AnswerText, c.TenantText)
		}
	}
	conflicts("New conflicts with the tenant", d.NewConflicts)
	conflicts("Resolved conflicts", d.ResolvedConflicts)
	printBankChanges(w, d.Bank)
}

// printBankChanges says which findings differ from the earlier assessment's
// own report because the question bank changed, not the answers or the tenant.
func printBankChanges(w io.Writer, bd *assess.BankDiff) {
	if bd == nil {
		return
	}
	fmt.Fprintf(w, "\nChanged by the question bank %s → %s (%d)\n", bd.OldVersion, bd.NewVersion, len(bd.Affecting))
	fmt.Fprintln(w, "  Both assessments are evaluated with the current bank; these findings read differently from a report made with the older bank.")
	for _, c := range bd.Affecting {
		fmt.Fprintf(w, "  %-28s %s (bank %s)\n", c.Finding, c.Change, c.Version)
	}
	if bd.Other > 0 {
		fmt.Fprintf(w, "  %d more %s findings neither assessment has open.\n", bd.Other, plural(bd.Other, "change concerns", "changes concern"))
	}
	if !bd.Known {
		fmt.Fprintf(w, "  The bank's history does not go back to %s; earlier changes are not listed.\n", bd.OldVersion)
	}
}

// plural picks the singular or plural wording for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func fmtScore(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.0f", *v)
}

func fmtDelta(v *float64) string {
	if v == nil {
		return ""
	}
	return fmt.Sprintf("(%+.0f)", *v)
}
