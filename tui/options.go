package tui

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/ppwaf/se06/assess"
)

// Options configure a wizard run.
type Options struct {
	Bank        *assess.Bank
	ToolVersion string
	// Now is the clock; results and files are stamped with it.
	Now func() time.Time
	// Dir is where new assessments and reports are written and where recent
	// assessments are looked for.
	Dir string
	// Resume opens this assessment file directly.
	Resume string
	// Demo starts directly in demo mode.
	Demo  bool
	Theme Theme
	// Location is the time zone times are shown in; nil means the local one.
	Location *time.Location
	// Sources are the tenant and report integrations; any may be missing.
	Sources Sources
	// ResumeFlags are the flags the wizard was started with that a resume
	// needs too (--high-contrast, --cloud usgov, …), for the resume hint.
	ResumeFlags []string
}

// resumeCommand is the command that resumes path with the same flags.
func (o Options) resumeCommand(path string, accessible bool) string {
	parts := []string{"se06"}
	if accessible && !slices.Contains(o.ResumeFlags, "--accessible") {
		parts = append(parts, "--accessible")
	}
	parts = append(parts, o.ResumeFlags...)
	return strings.Join(append(parts, "--resume", shellQuote(path)), " ")
}

// shellQuote quotes a path for a shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./+:@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Sources are the integrations the wizard can use. A nil function means the
// feature is not in this build; the screens then say so.
type Sources struct {
	// DemoFacts returns the demo tenant.
	DemoFacts func(now time.Time) (*assess.Facts, error)
	// Collect reads the tenant. It signs in once: prompt shows a device-code
	// sign-in message, preflight receives which checks will run (before the
	// full run starts), and progress is called for every step.
	Collect func(ctx context.Context, progress func(CollectProgress), prompt func(string), preflight func([]PreflightItem)) (*assess.Facts, error)
	// LiveMissing explains why Collect is nil.
	LiveMissing string
	// Reports are the files the results screen writes, in order.
	Reports []ReportFormat
	// ReportMissing explains which report formats are not in this build.
	ReportMissing string
}

// PreflightItem is one check of the preflight: whether it will run, and why not.
type PreflightItem struct {
	Check   string
	WillRun bool
	Reason  string
}

// CollectProgress is one progress event of the live collection.
type CollectProgress struct {
	Check   string
	Subject string
	State   string // running, done, not-permitted, error, skipped
	Detail  string
	Done    int
	Total   int
}

// ReportInput is what a report writer gets.
type ReportInput struct {
	Bank       *assess.Bank
	Assessment *assess.Assessment
	Result     *assess.Result
	Now        time.Time
}

// ReportFormat writes one kind of report.
type ReportFormat struct {
	Name  string // "PDF"
	Ext   string // ".pdf"
	Write func(w io.Writer, in ReportInput) error
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// local converts a time to the display time zone.
func (o Options) local(t time.Time) time.Time {
	if o.Location != nil {
		return t.In(o.Location)
	}
	return t.Local()
}
