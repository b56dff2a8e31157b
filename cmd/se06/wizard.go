package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/ppwaf/se06/tui"
	"github.com/spf13/cobra"
)

// wizardOptions are the flags of the bare "se06" command.
type wizardOptions struct {
	resume       string
	demo         bool
	noColor      bool
	accessible   bool
	highContrast bool
	dir          string

	cloud         string
	cloudConfig   string
	auth          string
	tenantID      string
	subscriptions []string
	noTLSProbe    bool
	timeout       time.Duration
}

// addWizard makes the bare "se06" start the wizard.
func addWizard(a *app, root *cobra.Command) {
	var o wizardOptions
	root.Example = `  se06                          start the wizard (new, resume or demo)
  se06 --demo                   a workshop on the fictional demo tenant
  se06 --resume contoso.se06.json
  se06 --accessible             plain prompts for screen readers`
	f := root.Flags()
	f.StringVar(&o.resume, "resume", "", "open this assessment `FILE` where it was left")
	f.BoolVar(&o.demo, "demo", false, "start in demo mode on the fictional demo tenant")
	f.BoolVar(&o.noColor, "no-color", false, "no colours (also when NO_COLOR is set)")
	f.BoolVar(&o.highContrast, "high-contrast", false, "high-contrast theme, for projectors and low vision")
	f.BoolVar(&o.accessible, "accessible", false, "plain line-by-line prompts without the full-screen interface (screen readers)")
	f.StringVar(&o.dir, "dir", ".", "folder for new assessments and reports, and where recent ones are listed")
	f.StringVar(&o.cloud, "cloud", "public", "sovereign `CLOUD` for live checks: public, usgov, usgovhigh, dod, china")
	f.StringVar(&o.cloudConfig, "cloud-config", "", "custom cloud endpoints `FILE` for live checks")
	f.StringVar(&o.auth, "auth", "", "sign-in `METHOD` for live checks: browser, device-code, azure-cli")
	f.StringVar(&o.tenantID, "tenant", "", "Entra tenant `ID` for live checks")
	f.StringSliceVar(&o.subscriptions, "subscription", nil, "Azure subscription `ID` to look for key vaults in (repeatable)")
	f.BoolVar(&o.noTLSProbe, "no-tls-probe", false, "do not probe TLS endpoints")
	f.DurationVar(&o.timeout, "timeout", 2*time.Minute, "time limit of the live collection")
	root.RunE = func(cmd *cobra.Command, _ []string) error { return runWizard(cmd, a, o) }
}

// errNotTerminal explains what to use when there is no terminal.
var errNotTerminal = errors.New("the wizard needs an interactive terminal (stdin and stdout); for automation use 'se06 assess --answers FILE' (see examples/answers.yaml)")

func runWizard(cmd *cobra.Command, a *app, o wizardOptions) error {
	if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
		return &exitErr{code: exitUsage, err: errNotTerminal}
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
		Sources: tui.DefaultSources(tui.LiveOptions{
			Cloud: o.cloud, CloudConfigFile: o.cloudConfig, Auth: o.auth, TenantID: o.tenantID,
			Subscriptions: o.subscriptions, NoTLSProbe: o.noTLSProbe, Timeout: o.timeout,
			ToolVersion: a.version, Now: a.now,
		}),
	}
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

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
