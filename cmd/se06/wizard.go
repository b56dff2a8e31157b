package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// addWizard makes the bare "se06" start the wizard. The TUI issue fills this in.
func addWizard(a *app, root *cobra.Command) {
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		return errors.New("the interactive wizard is not built yet; use 'se06 assess --answers FILE' (see examples/answers.yaml) or 'se06 questions'")
	}
}
