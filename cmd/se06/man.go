package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// newManCmd writes a man page per command; release builds ship them
// (scripts/release-assets.sh). Hidden: it is for packagers, not users.
func newManCmd(a *app) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:     "man --dir FOLDER",
		Short:   "Write the man pages (section 1) of se06 and its commands to a folder",
		Hidden:  true,
		Example: `  se06 man --dir manpages`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("man pages: %w", err)
			}
			// SOURCE_DATE_EPOCH dates the pages, so a release is reproducible.
			now := a.reportNow()
			root := cmd.Root()
			root.DisableAutoGenTag = true
			header := &doc.GenManHeader{Title: "SE06", Section: "1", Date: &now, Source: "se06 " + a.version, Manual: "se06 manual"}
			if err := doc.GenManTree(root, header, dir); err != nil {
				return fmt.Errorf("man pages: %w", err)
			}
			fmt.Fprintf(a.stderr, "wrote the man pages to %s\n", dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "manpages", "write the pages to `FOLDER`")
	_ = cmd.MarkFlagDirname("dir")
	return cmd
}
