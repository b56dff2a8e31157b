package main

import (
	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/internal/safefile"
	"github.com/spf13/cobra"
)

// newReportCmd renders an assessment file as PDF, JSON, CSV or Markdown.
func newReportCmd(a *app) *cobra.Command {
	var o outputOptions
	cmd := &cobra.Command{
		Use:   "report ASSESSMENT",
		Short: "Render an assessment as PDF, JSON, CSV or Markdown",
		Long: `Render an assessment file (from the wizard or 'se06 assess --save') offline:
a PDF recommendation report for people, the full result as JSON, the action
plan as CSV (one row per open finding, opens in Excel), and a Markdown summary
for a wiki or a pull request. With --compare, each says what changed since an
earlier assessment. --fix-dir writes the fixes for this tenant as
remediate.ps1, remediate.sh (Azure CLI) and terraform/main.tf: every step
confirmed, to be reviewed first; se06 never runs them.

The PDF embeds a font for Latin, Greek and Cyrillic; for other scripts (such as
Japanese) give a TrueType font with --font (and --font-bold). A character the
font lacks shows as a box. Files are written atomically and only as regular
files (a device, FIFO or socket is refused; a symlink is written through to its
target); no output may be the assessment, --compare, --font or another output.
"-" (or /dev/stdout) writes to standard output. With SOURCE_DATE_EPOCH set (seconds since 1970), that date
is the report's clock, so the same assessment gives byte-identical files.`,
		Example: `  se06 report contoso.se06.json --pdf contoso.pdf
  se06 report contoso.se06.json --pdf q4.pdf --csv actions.csv --compare q3.se06.json
  se06 report contoso.se06.json --pdf contoso.pdf --paper letter
  se06 report contoso.se06.json --md -
  se06 report contoso.se06.json --fix-dir fixes/     # remediate.ps1, remediate.sh, terraform/ (never run by se06)`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErr("report takes one assessment file, e.g. se06 report contoso.se06.json --pdf contoso.pdf")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if !o.any() {
				return usageErr("nothing to write: give --pdf, --json, --csv, --md or --fix-dir")
			}
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			asm, err := a.readAssessment(cmd.Context(), args[0], b)
			if err != nil {
				return err
			}
			res, err := assess.Evaluate(asm.Input(b, a.reportNow()))
			if err != nil {
				return err
			}
			return writeOutputs(cmd.Context(), a, b, asm, res, nil, o)
		},
	}
	o.others = func(args []string) (in, _ []safefile.Named) {
		if len(args) == 1 {
			in = []safefile.Named{{Flag: "the assessment", Path: args[0]}}
		}
		return in, nil
	}
	addOutputFlags(cmd, &o)
	_ = cmd.MarkFlagFilename("compare", "json")
	return cmd
}
