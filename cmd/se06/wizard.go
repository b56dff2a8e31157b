package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/pkg/browser"
	"github.com/ppwaf/se06/assess/tenant"
	"github.com/ppwaf/se06/internal/safefile"
	"github.com/ppwaf/se06/report"
	"github.com/ppwaf/se06/tui"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// wizardOptions are the flags of the bare "se06" command.
type wizardOptions struct {
	resume       string
	demo         bool
	noColor      bool
	accessible   bool
	highContrast bool
	dir          string
	paper        string

	cloud         string
	cloudConfig   string
	allowHosts    []string
	noTokenCache  bool
	auth          string
	tenantID      string
	subscriptions []string
	noTLSProbe    bool
	concurrency   int
	timeout       time.Duration
}

// addWizard makes the bare "se06" start the wizard.
func addWizard(a *app, root *cobra.Command) {
	var o wizardOptions
	root.Example = `  se06                               start the wizard: new, resume or demo
  se06 --demo                        a workshop on the fictional demo tenant
  se06 --resume contoso.se06.json    continue where it was left
  se06 --accessible                  plain prompts, for screen readers
  se06 --high-contrast               for projectors`
	f := root.Flags()
	f.StringVar(&o.resume, "resume", "", "open the assessment `FILE` where it was left")
	f.BoolVar(&o.demo, "demo", false, "start in demo mode on the fictional demo tenant")
	f.BoolVar(&o.noColor, "no-color", false, "no colours (NO_COLOR does the same)")
	f.BoolVar(&o.highContrast, "high-contrast", false, "high-contrast theme, for projectors and low vision")
	f.BoolVar(&o.accessible, "accessible", false, "plain line-by-line prompts without the full-screen interface (screen readers)")
	f.StringVar(&o.dir, "dir", ".", "`FOLDER` for new assessments and reports, where recent ones are listed")
	f.StringVar(&o.paper, "paper", report.PaperA4, "PDF paper `SIZE`: a4 or letter")
	f.StringVar(&o.auth, "auth", "", "sign-in `METHOD` for the live checks: "+strings.Join(tenant.AuthMethods(), ", "))
	f.StringVar(&o.tenantID, "tenant", "", "Entra tenant `ID` to sign in to")
	f.StringVar(&o.cloud, "cloud", "public", "cloud `NAME`: "+strings.Join(tenant.CloudNames(), ", "))
	f.StringVar(&o.cloudConfig, "cloud-config", "", "JSON `FILE` with endpoints and scopes (private clouds, proxies, tests)")
	f.StringArrayVar(&o.allowHosts, "allow-host", nil, "let `HOST` (or HOST:PORT) receive tokens although the cloud does not know it (repeatable)")
	f.BoolVar(&o.noTokenCache, "no-token-cache", false, "do not keep the browser or device-code sign-in for the next run ('se06 collect --forget-sign-in' removes a kept one)")
	f.StringSliceVar(&o.subscriptions, "subscription", nil, "also list every encryption enterprise policy in subscription `ID` (repeatable)")
	f.BoolVar(&o.noTLSProbe, "no-tls-probe", false, "skip the TLS handshakes with the Dataverse hosts")
	f.IntVar(&o.concurrency, "concurrency", tenant.DefaultConcurrency, "requests in flight per host")
	f.DurationVar(&o.timeout, "timeout", tenant.DefaultTimeout, "time limit of one request")
	_ = root.MarkFlagFilename("resume", "json")
	_ = root.RegisterFlagCompletionFunc("auth", cobra.FixedCompletions(tenant.AuthMethods(), cobra.ShellCompDirectiveNoFileComp))
	_ = root.RegisterFlagCompletionFunc("cloud", cobra.FixedCompletions(tenant.CloudNames(), cobra.ShellCompDirectiveNoFileComp))
	root.RunE = func(cmd *cobra.Command, _ []string) error { return runWizard(cmd, a, o) }
}

// errNotTerminal says what to use when there is no terminal.
var errNotTerminal = errors.New("the wizard needs an interactive terminal on stdin and stdout; for scripts and CI use 'se06 assess --answers FILE' (see examples/answers.yaml)")

func runWizard(cmd *cobra.Command, a *app, o wizardOptions) error {
	if !report.ValidPaper(o.paper) {
		return usageErr("--paper: %q is not one of: a4, letter", o.paper)
	}
	if o.concurrency < 1 || o.timeout <= 0 {
		return usageErr("--concurrency must be at least 1 and --timeout positive")
	}
	// Every flag is checked before the screen opens.
	if _, err := tenant.LookupCloud(o.cloud); err != nil {
		return usageErr("--cloud: %q is not one of: %s", o.cloud, strings.Join(tenant.CloudNames(), ", "))
	}
	if o.auth != "" && !slices.Contains(tenant.AuthMethods(), o.auth) {
		return usageErr("--auth: %q is not one of: %s", o.auth, strings.Join(tenant.AuthMethods(), ", "))
	}
	if err := checkWizardFiles(cmd.Context(), o); err != nil {
		return err
	}
	dirMissing := false
	if _, err := os.Stat(o.dir); err != nil {
		dirMissing = true
	}
	if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
		if dirMissing {
			return usageErr("--dir: the folder %s does not exist", o.dir)
		}
		return &exitErr{code: exitUsage, err: errNotTerminal}
	}
	if dirMissing {
		if err := offerFolder(a, o.dir); err != nil {
			return err
		}
	}
	b, err := a.loadBank()
	if err != nil {
		return err
	}
	theme := tui.ThemeDefault
	switch {
	case o.noColor || a.getenv("NO_COLOR") != "":
		theme = tui.ThemeNoColor
	case o.highContrast:
		theme = tui.ThemeHighContrast
	}
	opts := tui.Options{
		Bank:        b,
		ToolVersion: a.version,
		Now:         a.now,
		Dir:         o.dir,
		Resume:      o.resume,
		Demo:        o.demo,
		Theme:       theme,
		ResumeFlags: resumeFlags(cmd),
		Sources: tui.DefaultSources(tui.SourceOptions{
			Cloud: o.cloud, CloudConfigFile: o.cloudConfig, AllowHosts: o.allowHosts, NoTokenCache: o.noTokenCache, Auth: o.auth, TenantID: o.tenantID,
			Subscriptions: o.subscriptions, NoTLSProbe: o.noTLSProbe, Concurrency: o.concurrency,
			Timeout: o.timeout, ToolVersion: a.version, Now: a.now, Paper: o.paper,
		}),
	}
	// The browser sign-in starts xdg-open/open; its output must not scribble
	// over the full-screen interface.
	browser.Stdout, browser.Stderr = io.Discard, io.Discard
	if o.accessible {
		err = tui.RunAccessible(cmd.Context(), opts, a.stdin, a.stdout)
	} else {
		err = tui.Run(cmd.Context(), opts, a.stdin, a.stdout)
	}
	if errors.Is(err, tui.ErrInterrupted) {
		return &exitErr{code: exitInterrupted, err: fmt.Errorf("interrupted; the answers given so far are saved")}
	}
	return err
}

// checkWizardFiles gives the wizard's own file flags the checks every
// command's files get, before the screen opens: --resume is saved over, so
// it must be a regular file (no device, FIFO or socket); --dir must be a
// folder; --cloud-config must be a readable, valid cloud config (read capped
// and interruptibly) and must not be the file --resume saves to.
func checkWizardFiles(ctx context.Context, o wizardOptions) error {
	if safefile.IsStdout(o.resume) {
		// The wizard saves back to --resume: standard output (and the device
		// behind it) is not an assessment file.
		return usageErr("--resume: %s is standard output; give the assessment file", o.resume)
	}
	if o.resume != "" {
		fi, err := os.Stat(o.resume)
		switch {
		case err != nil:
			return &exitErr{code: exitError, err: fmt.Errorf("--resume: %s does not exist; start without --resume to see the assessments in %s", o.resume, o.dir)}
		case fi.IsDir():
			return &exitErr{code: exitError, err: fmt.Errorf("--resume: %s is a folder, not an assessment file", o.resume)}
		}
		if err := safefile.CheckOutput(o.resume); err != nil {
			return usageErr("--resume: %v (the wizard saves the assessment back to it)", err)
		}
	}
	if fi, err := os.Stat(o.dir); err == nil && !fi.IsDir() {
		return usageErr("--dir: %s is not a folder", o.dir)
	}
	if o.cloudConfig != "" {
		if fi, err := os.Stat(o.cloudConfig); err != nil {
			return usageErr("--cloud-config: %s does not exist or cannot be read", o.cloudConfig)
		} else if fi.IsDir() {
			return usageErr("--cloud-config: %s is a folder, not a file", o.cloudConfig)
		}
		if err := safefile.CheckCollisions([]safefile.Named{{Flag: "--cloud-config", Path: o.cloudConfig}}, []safefile.Named{{Flag: "--resume", Path: o.resume}}); err != nil {
			return usageErr("%v", err)
		}
		opts := tenant.Options{Cloud: o.cloud, CloudConfigFile: o.cloudConfig, AllowHosts: o.allowHosts}
		if err := tenant.CheckOptions(ctx, opts); err != nil {
			return usageErr("--cloud-config: %v", err)
		}
	}
	return nil
}

// resumeFlags lists the flags given on the command line that a resume of
// the same assessment needs too: display and sign-in flags, not the file.
func resumeFlags(cmd *cobra.Command) []string {
	var out []string
	cmd.Flags().Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "resume", "demo", "dir", "help":
			return
		}
		if f.Value.Type() == "bool" {
			if f.Value.String() == "true" {
				out = append(out, "--"+f.Name)
			}
			return
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				out = append(out, "--"+f.Name+"="+v)
			}
			return
		}
		out = append(out, "--"+f.Name+"="+f.Value.String())
	})
	return out
}

// offerFolder asks, before the screen opens, whether to create a missing
// --dir folder; no means exit 2 with nothing written.
func offerFolder(a *app, dir string) error {
	fmt.Fprintf(a.stdout, "The folder %s does not exist. Create it? [y/N] ", dir)
	line, _ := bufio.NewReader(a.stdin).ReadString('\n')
	if ans := strings.ToLower(strings.TrimSpace(line)); ans != "y" && ans != "yes" {
		return usageErr("--dir: the folder %s does not exist (not created)", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &exitErr{code: exitError, err: fmt.Errorf("create the folder %s: %w", dir, err)}
	}
	return nil
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
