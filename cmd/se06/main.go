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
	"sync"
	"syscall"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/internal/termsafe"
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
	exitInterrupted = 130 // SIGINT (Ctrl+C): 128 + 2
	exitTerminated  = 143 // SIGTERM: 128 + 15
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
	stdin  io.Reader
	stdout io.Writer // plain text: sanitised by run (termsafe) for every command but the wizard
	stderr io.Writer
	// fileOut is standard output unfiltered, for files written to "-" (a PDF
	// is binary); nil means stdout.
	fileOut io.Writer
	// errTerm is standard error itself when it is a terminal, for the
	// collection's progress bar (its cursor controls would be escaped on
	// stderr; every tenant text it prints is sanitised line by line).
	errTerm io.Writer
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

// errTerminated is the cause of the context's end on SIGTERM.
var errTerminated = errors.New("terminated (SIGTERM)")

// graceAfterSignal is how long a command may take to finish (the wizard
// saves) after Ctrl+C or SIGTERM before se06 exits anyway; every file is
// written atomically, so exiting mid-write loses nothing saved before.
const graceAfterSignal = 5 * time.Second

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		code := exitInterrupted
		if s == syscall.SIGTERM {
			code = exitTerminated
			cancel(errTerminated)
		} else {
			cancel(errors.New("interrupted"))
		}
		select { // a second signal, or the grace period, ends the process
		case <-sigs:
		case <-time.After(graceAfterSignal):
		}
		os.Exit(code)
	}()
	a := &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, version: buildVersion(), now: assess.Now, getenv: os.Getenv}
	code := run(ctx, a, os.Args[1:])
	signal.Stop(sigs)
	os.Exit(code)
}

// out is where a file written to "-" goes: standard output, unfiltered.
func (a *app) out() io.Writer {
	if a.fileOut != nil {
		return a.fileOut
	}
	return a.stdout
}

// failedWriter remembers the first failed write, so a run whose output could
// not be written (a full disk, a closed pipe) does not exit 0.
type failedWriter struct {
	mu  sync.Mutex
	w   io.Writer
	err error
}

func (f *failedWriter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, err := f.w.Write(p)
	if err != nil && f.err == nil {
		f.err = err
	}
	return n, err
}

// sanitiseStreams routes plain text through the one sanitiser: stderr
// always, stdout for every command but the wizard (which draws the screen
// itself and needs the terminal). It returns a function that flushes them
// and reports a failed write to standard output.
func sanitiseStreams(a *app, wizard bool) func() error {
	stdout := &failedWriter{w: a.stdout}
	a.fileOut = stdout
	if isTerminal(a.stderr) {
		a.errTerm = a.stderr
	}
	errw := termsafe.NewWriter(a.stderr)
	a.stderr = errw
	var outw *termsafe.Writer
	if !wizard {
		outw = termsafe.NewWriter(stdout)
		a.stdout = outw
	}
	return func() error {
		if outw != nil {
			_ = outw.Flush()
		}
		_ = errw.Flush()
		stdout.mu.Lock()
		defer stdout.mu.Unlock()
		return stdout.err
	}
}

// run executes the command line and maps errors to exit codes; errors are
// printed once, on stderr, without a stack trace.
func run(ctx context.Context, a *app, args []string) int {
	root := newRootCmd(a)
	cmd, _, findErr := root.Find(args)
	finish := sanitiseStreams(a, findErr == nil && cmd == root)
	root.SetArgs(args)
	failed, err := root.ExecuteContextC(ctx)
	if err == nil {
		if werr := finish(); werr != nil {
			fmt.Fprintln(a.stderr, "se06: write to standard output:", werr)
			_ = finish()
			return exitError
		}
		return exitOK
	}
	defer finish()
	var ee *exitErr
	code := exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if ctx.Err() != nil && code == exitError {
		code = exitInterrupted
		err = errors.New("interrupted")
	}
	if code == exitInterrupted && errors.Is(context.Cause(ctx), errTerminated) {
		code = exitTerminated
		if err.Error() == "interrupted" {
			err = errTerminated
		}
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

Exit codes: 0 ok, 1 error (also when standard output cannot be written),
2 usage error, 3 findings at or above --fail-on (or not verified, with
--fail-on-unverified), 4 the tenant's environment list could not be read
(collect), 130 interrupted (Ctrl+C), 143 terminated (SIGTERM);
'se06 help exit-codes' says more.`,
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
