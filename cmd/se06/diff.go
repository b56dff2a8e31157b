package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/internal/safefile"
	"github.com/spf13/cobra"
)

func newDiffCmd(a *app) *cobra.Command {
	var jsonOut string
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Compare two assessment files: findings new, worsened, improved or resolved; changed answers and conflicts; score deltas",
		Long: `Compare two assessment files (from the wizard or 'se06 assess --save'), for
example last quarter's and today's: the grade and every score before and after;
the findings that are new, worsened, improved, resolved or changed (another
rule, other environments), and how many stayed the same; the answers that
changed; and the conflicts with the tenant that are new or resolved.

Both are evaluated with this version's question bank, so a difference comes
from the answers and the tenant, not from the bank. When the two files were
written with different bank versions, a last table lists what the bank changed
in between (from its history), so findings that read differently from an older
report can be told apart. --json writes the diff as
JSON to a file, or to standard output with "-" (then nothing else is printed
there).`,
		Example: `  se06 diff last-quarter.se06.json contoso.se06.json
  se06 diff q3.se06.json q4.se06.json --json changes.json
  se06 diff q3.se06.json q4.se06.json --json - | jq '.added[].id'`,
		Annotations: map[string]string{argsAnnotation: "two assessment files, OLD then NEW"},
		Args:        cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			// /dev/stdout is standard output: written directly, never
			// replaced by a file (which would destroy a device it points to).
			if safefile.IsStdout(jsonOut) {
				jsonOut = "-"
			}
			var out []safefile.Named
			if jsonOut != "-" {
				out = append(out, safefile.Named{Flag: "--json", Path: jsonOut})
			}
			if err := checkPaths([]safefile.Named{{Flag: "OLD", Path: args[0]}, {Flag: "NEW", Path: args[1]}}, out); err != nil {
				return err
			}
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			now := a.now()
			var res [2]*assess.Result
			for i, p := range args {
				asm, err := a.readAssessment(cmd.Context(), p, b)
				if err != nil {
					return err
				}
				if res[i], err = assess.Evaluate(asm.Input(b, now)); err != nil {
					return err
				}
			}
			d := assess.Compare(res[0], res[1], b)
			// kind and schemaVersion first, like every file se06 writes
			// Version 2: subjects, evidence and conflicts cite sources by ID,
			// old ones in oldSources and new ones in newSources.
			doc := struct {
				Kind          string `json:"kind"`
				SchemaVersion int    `json:"schemaVersion"`
				assess.Diff
				OldSources []assess.Source `json:"oldSources"`
				NewSources []assess.Source `json:"newSources"`
			}{assess.KindDiff, 2, d, sourcesOrEmpty(res[0]), sourcesOrEmpty(res[1])}
			switch jsonOut {
			case "":
				return printDiff(a.stdout, d)
			case "-":
				return writeJSON(a.stdout, doc)
			}
			var buf bytes.Buffer
			if err := writeJSON(&buf, doc); err != nil {
				return err
			}
			if err := assess.WriteFileAtomic(jsonOut, buf.Bytes(), false); err != nil {
				return fmt.Errorf("--json: %w", err)
			}
			fmt.Fprintf(a.stderr, "wrote %s\n", jsonOut)
			return printDiff(a.stdout, d)
		},
	}
	cmd.Flags().StringVar(&jsonOut, "json", "", "write the diff as JSON to `FILE` (\"-\": standard output, instead of the tables)")
	_ = cmd.MarkFlagFilename("json", "json")
	return cmd
}

// printDiff writes the diff as aligned plain-text tables.
func printDiff(w io.Writer, d assess.Diff) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Grade %s (%s) → %s (%s)\n\n", d.OldGrade.Letter, d.OldGrade.Label, d.NewGrade.Letter, d.NewGrade.Label)
	if len(d.Scores) > 0 {
		fmt.Fprintln(tw, "Score\tOld\tNew\tChange")
		inStates := false
		for _, s := range d.Scores {
			// Sections come first, then the data states, whose titles can repeat a section's.
			if isDataState(s.ID) && !inStates {
				inStates = true
				fmt.Fprintln(tw, "\nData state\tOld\tNew\tChange")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Title, fmtScore(s.Old), fmtScore(s.New), fmtDelta(s.Delta), s.Note)
		}
	}
	findings := func(title string, fs []assess.Finding) {
		fmt.Fprintf(tw, "\n%s (%d)\n", title, len(fs))
		for _, f := range fs {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", strings.ToUpper(string(f.Severity)), f.ID, f.Title)
		}
	}
	pairs := func(title string, cs []assess.FindingChange) {
		fmt.Fprintf(tw, "\n%s (%d)\n", title, len(cs))
		for _, c := range cs {
			fmt.Fprintf(tw, "  %s\t%s\t%s: %s\n", strings.ToUpper(string(c.New.Severity)), c.New.ID, c.New.Title, strings.Join(c.What, "; "))
		}
	}
	findings("New findings", d.Added)
	pairs("Worsened findings", d.Worsened)
	pairs("Improved findings", d.Improved)
	findings("Resolved findings", d.Resolved)
	pairs("Changed findings", d.Changed)
	fmt.Fprintf(tw, "\nUnchanged findings: %d\n", d.Unchanged)
	fmt.Fprintf(tw, "\nChanged answers (%d)\n", len(d.Answers))
	for _, c := range d.Answers {
		fmt.Fprintf(tw, "  %s\t%s\t→ %s\n", c.QuestionID, c.OldText, c.NewText)
	}
	conflicts := func(title string, cs []assess.Conflict) {
		fmt.Fprintf(tw, "\n%s (%d)\n", title, len(cs))
		for _, c := range cs {
			fmt.Fprintf(tw, "  %s\tanswered %s; %s\n", c.QuestionID, c.AnswerText, c.TenantSays())
		}
	}
	conflicts("New conflicts with the tenant", d.NewConflicts)
	conflicts("Resolved conflicts", d.ResolvedConflicts)
	printBankChanges(tw, d.Bank)
	return tw.Flush()
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
		fmt.Fprintf(w, "  %s\t%s (bank %s)\n", c.Finding, c.Change, c.Version)
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

func isDataState(id string) bool {
	switch assess.DataState(id) {
	case assess.StateAtRest, assess.StateInTransit, assess.StateInProcessing, assess.StateResidency, assess.StateAIMovement:
		return true
	}
	return false
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
	return fmt.Sprintf("%+.0f", *v)
}

// sourcesOrEmpty is a result's sources table, [] rather than null.
func sourcesOrEmpty(r *assess.Result) []assess.Source {
	if r.Sources == nil {
		return []assess.Source{}
	}
	return r.Sources
}
