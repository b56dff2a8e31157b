package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newCollectCmd reads the tenant into a snapshot. The live-checks issue fills this in.
func newCollectCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "collect",
		Short: "Read the tenant (read-only) into a facts snapshot",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return errors.New("live collection is not built yet")
		},
	}
}
