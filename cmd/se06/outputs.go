package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ppwaf/se06/assess"
	"github.com/spf13/cobra"
)

// outputOptions are the report files a command can write. The report issue
// adds --pdf, --csv, --md, --paper and --font here, for 'assess' and 'report'.
type outputOptions struct {
	json string
}

func addOutputFlags(cmd *cobra.Command, o *outputOptions) {
	cmd.Flags().StringVar(&o.json, "json", "", "write the full result as JSON to `FILE`")
}

// writeOutputs writes every requested report file. prev, when not nil, is the
// earlier result to compare with.
func writeOutputs(ctx context.Context, a *app, b *assess.Bank, asm *assess.Assessment, res, prev *assess.Result, o outputOptions) error {
	if o.json != "" {
		data, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return fmt.Errorf("encode result: %w", err)
		}
		if err := assess.WriteFileAtomic(o.json, append(data, '\n'), false); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "wrote %s\n", o.json)
	}
	return nil
}
