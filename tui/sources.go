package tui

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant"
	"github.com/ppwaf/se06/report"
)

// SourceOptions are the command-line settings of the live checks and reports.
type SourceOptions struct {
	Cloud           string
	CloudConfigFile string
	AllowHosts      []string // hosts that may receive tokens beyond the cloud's own (--allow-host)
	NoTokenCache    bool     // keep the sign-in in memory only (--no-token-cache)
	Auth            string
	TenantID        string
	Subscriptions   []string
	NoTLSProbe      bool
	Concurrency     int
	Timeout         time.Duration // per request
	Debug           io.Writer
	ToolVersion     string
	Now             func() time.Time
	Paper           string // "a4" or "letter"
	// RootCAs trusts these CAs instead of the system pool (tests, private clouds).
	RootCAs *x509.CertPool
}

// DefaultSources wires the tenant reader (assess/tenant) and the report
// writers (report) into the wizard.
func DefaultSources(o SourceOptions) Sources {
	topts := tenant.Options{
		Cloud: o.Cloud, CloudConfigFile: o.CloudConfigFile, AllowHosts: o.AllowHosts, NoTokenCache: o.NoTokenCache, Auth: o.Auth, TenantID: o.TenantID,
		Subscriptions: o.Subscriptions, NoTLSProbe: o.NoTLSProbe, Concurrency: o.Concurrency,
		Timeout: o.Timeout, Debug: o.Debug, ToolVersion: o.ToolVersion, Now: o.Now, RootCAs: o.RootCAs,
	}
	render := func(name, ext string, fn func(io.Writer, report.Input) error) ReportFormat {
		return ReportFormat{Name: name, Ext: ext, Write: func(w io.Writer, in ReportInput) error {
			return fn(w, report.Input{Bank: in.Bank, Assessment: in.Assessment, Result: in.Result, Paper: o.Paper, Now: in.Now, ToolVersion: o.ToolVersion})
		}}
	}
	return Sources{
		DemoFacts: func(now time.Time) (*assess.Facts, error) {
			f, err := tenant.Demo(now)
			if err != nil {
				return nil, fmt.Errorf("demo tenant: %w", err)
			}
			f.ToolVersion = o.ToolVersion
			return f, nil
		},
		Collect: func(ctx context.Context, progress func(CollectProgress), prompt func(string), preflight func([]PreflightItem)) (*assess.Facts, error) {
			opts := topts
			opts.DeviceCodePrompt = prompt
			opts.Warn = noteTo(progress)
			// One sign-in for both: a separate Preflight call would prompt a
			// device-code user twice.
			opts.OnPreflight = func(items []tenant.PreflightItem) {
				out := make([]PreflightItem, len(items))
				for i, it := range items {
					out[i] = PreflightItem(it)
				}
				preflight(out)
			}
			return tenant.Collect(ctx, opts, func(p tenant.Progress) { progress(CollectProgress(p)) })
		},
		Reports: []ReportFormat{
			render("PDF", ".pdf", report.PDF),
			render("JSON", ".json", report.JSON),
			render("CSV", ".csv", report.CSV),
		},
	}
}

// StateNote is the state of a progress event that carries a note for the
// user rather than a check's progress (Detail holds it), such as "the
// sign-in is not kept" where the system has no encrypted token store.
const StateNote = "note"

// noteTo passes the tenant reader's notes to the screens as progress events.
func noteTo(progress func(CollectProgress)) func(string) {
	return func(msg string) { progress(CollectProgress{Check: "sign-in", State: StateNote, Detail: msg}) }
}
