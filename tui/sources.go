package tui

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// LiveOptions are the command-line settings of the live checks.
type LiveOptions struct {
	Cloud           string
	CloudConfigFile string
	Auth            string
	TenantID        string
	Subscriptions   []string
	NoTLSProbe      bool
	Concurrency     int
	Timeout         time.Duration
	Debug           io.Writer
	ToolVersion     string
	Now             func() time.Time
}

// DefaultSources wires the tenant reader and the report writers of this build.
func DefaultSources(live LiveOptions) Sources {
	return Sources{
		LiveMissing:   "the live checks (package assess/tenant) are not in this build yet",
		Reports:       []ReportFormat{{Name: "JSON", Ext: ".json", Write: writeResultJSON}},
		ReportMissing: "PDF and CSV need the report package, not in this build yet",
	}
}

// writeResultJSON is the fallback JSON report: the result as the engine gives it.
func writeResultJSON(w io.Writer, in ReportInput) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(in.Result); err != nil {
		return fmt.Errorf("encode result: %w", err)
	}
	return nil
}
