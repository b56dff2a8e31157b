package main

import (
	"fmt"
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
		line := fmt.Sprintf("  %-40s %s → %s", s.Title, fmtScore(s.Old), fmtScore(s.New))
		for _, extra := range []string{fmtDelta(s.Delta), s.Note} {
			if extra != "" {
				line += "  " + extra
			}
		}
		fmt.Fprintln(w, line)
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
