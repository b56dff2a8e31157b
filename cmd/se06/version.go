package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of se06, its question bank and the SE:06 guidance it follows",
		Long: `Print the version of se06 (with the Go version and platform it was built
for), the version of its question bank and the SE:06 guidance it was written
against. 'se06 --version' prints the first part alone.`,
		Example: `  se06 version
  se06 --version`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "se06 %s (%s, %s/%s)\n", a.version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			fmt.Fprintf(a.stdout, "question bank %s, %d questions\n", b.Version, len(b.Questions()))
			fmt.Fprintf(a.stdout, "guidance %s = %s: %s\n", b.Guidance.Version(), b.Guidance.AzureEquivalent, b.Guidance.URL)
			return nil
		},
	}
}
