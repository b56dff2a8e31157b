// Command se06 assesses a Power Platform tenant against the Well-Architected
// security recommendation SE:06 (data encryption): a terminal wizard, live
// read-only tenant checks, and a PDF recommendation.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/spf13/cobra"
)

// Set at release time with -ldflags "-X main.version=... -X main.commit=... -X main.date=...".
// They are only read at start-up (buildVersion); nothing writes them at run time.
var (
	version = ""
	commit  = ""
	date    = ""
)

// buildVersion gives the release version, or the module version for a
// 'go install' build, or "dev".
func buildVersion() string {
	v := version
	if v == "" {
		v = "dev"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = strings.TrimPrefix(bi.Main.Version, "v")
		}
	}
	if commit != "" {
		v += " (commit " + commit
		if date != "" {
			v += ", built " + date
		}
		v += ")"
	}
	return v
}

// Exit codes, as documented in --help.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitFindings    = 3
	exitInterrupted = 130
)

// exitErr carries an exit code through cobra.
type exitErr struct {
	code int
	err  error
}

func (e *exitErr) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}
func (e *exitErr) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &exitErr{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// app holds what every command shares: streams, the clock and the version.
// Nothing here is global, so tests can run commands side by side.
type app struct {
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	version string
	now     func() time.Time
	getenv  func(string) string
	bank    *assess.Bank
}

func (a *app) loadBank() (*assess.Bank, error) {
	if a.bank != nil {
		return a.bank, nil
	}
	b, err := assess.LoadBank()
	if err != nil {
		return nil, fmt.Errorf("load question bank: %w", err)
	}
	a.bank = b
	return b, nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	a := &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, version: buildVersion(), now: assess.Now, getenv: os.Getenv}
	code := run(ctx, a, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes the command line and maps errors to exit codes; errors are
// printed once, on stderr, without a stack trace.
func run(ctx context.Context, a *app, args []string) int {
	root := newRootCmd(a)
	root.SetArgs(args)
	failed, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitErr
	code := exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if ctx.Err() != nil && code == exitError {
		code = exitInterrupted
		err = errors.New("interrupted")
	}
	if ee == nil || ee.err != nil {
		fmt.Fprintln(a.stderr, "se06:", err)
	}
	if code == exitUsage {
		if failed == nil || failed.Name() == "help" {
			failed = root
		}
		fmt.Fprintf(a.stderr, "Run '%s --help' for usage.\n", failed.CommandPath())
	}
	return code
}

// isUsage reports whether err is a usage error (exit 2). Cobra's argument and
// flag errors become one where they are raised (applyConventions), so the
// type, not the message, decides.
func isUsage(err error) bool {
	var ee *exitErr
	return errors.As(err, &ee) && ee.code == exitUsage
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "se06",
		Short: "Assess a Power Platform tenant against Well-Architected SE:06 (data encryption)",
		Long: `se06 walks an architect or a workshop through Power Platform Well-Architected
SE:06, data encryption (Azure Well-Architected SE:07): classification, data at
rest and customer-managed keys, key operations, data in transit and in
processing, residency, and Copilot data movement. It checks the tenant
read-only, shows where the answers and the tenant disagree, and writes a PDF
recommendation with JSON and CSV.

Run it with no command to start the wizard.

Exit codes: 0 ok, 1 error, 2 usage error, 3 findings at or above --fail-on
(or not verified, with --fail-on-unverified), 4 the tenant's environment list
could not be read (collect), 130 interrupted ('se06 help exit-codes' says more).`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       a.version,
	}
	root.SetVersionTemplate("se06 {{.Version}}\n")
	// Streams first: cobra's completion commands keep the writer they see when made.
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	addWizard(a, root)
	root.AddCommand(
		newAssessCmd(a),
		newCollectCmd(a),
		newReportCmd(a),
		newDiffCmd(a),
		newQuestionsCmd(a),
		newVersionCmd(a),
		newManCmd(a),
		newExitCodesTopic(),
	)
	applyConventions(root)
	return root
}
