package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newReportCmd renders an assessment. The report issue fills this in.
func newReportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "report ASSESSMENT",
		Short: "Render an assessment as PDF, JSON, CSV or Markdown",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return errors.New("the report is not built yet")
		},
	}
}
