package main

import (
	"fmt"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant"
	"github.com/ppwaf/se06/internal/safefile"
	"github.com/spf13/cobra"
)

type assessOptions struct {
	answers string
	facts   string
	demo    bool
	save    string
	failOn  string
	// failUnverified also fails on findings the tenant could not verify
	// (an outage or a missing permission), so a CI gate notices them.
	failUnverified bool
	out            outputOptions
}

func newAssessCmd(a *app) *cobra.Command {
	var o assessOptions
	cmd := &cobra.Command{
		Use:   "assess --answers FILE",
		Short: "Evaluate an answers file without the wizard (automation, CI)",
		Long: `Evaluate an answers file (YAML; see examples/answers.yaml) against the SE:06
question bank, optionally with tenant facts from 'se06 collect', and print the
grade and the open findings: a short summary (long lists are cut, the report
files have everything). It goes to standard output, or to standard error when a
report file goes to standard output ("--json -"); at most one report may be "-".

--fail-on makes the exit code 3 when an open finding is at or above that
severity, so a pipeline can gate on it; --fail-on-unverified also exits 3
when a finding could not be verified against the tenant (an outage, a missing
permission), so a gate notices that nothing was checked. --save writes a complete assessment
file that the wizard can resume and 'se06 report' can render.`,
		Example: `  se06 assess --answers examples/answers.yaml
  se06 assess --answers answers.yaml --facts tenant.json --save contoso.se06.json --fail-on high
  se06 assess --answers answers.yaml --json - | jq .grade`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runAssess(cmd, a, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.answers, "answers", "", "read the answers from `FILE` (YAML; required)")
	f.StringVar(&o.facts, "facts", "", "read the tenant's facts from `FILE`, a snapshot written by 'se06 collect'")
	f.BoolVar(&o.demo, "demo", false, "use the built-in demo tenant's facts (a fictional tenant, for training)")
	f.StringVar(&o.save, "save", "", "write the assessment file to `PATH` (the previous one is kept as PATH.bak)")
	f.StringVar(&o.failOn, "fail-on", "", "exit 3 if an open finding is at or above `SEVERITY`: high, medium or low")
	f.BoolVar(&o.failUnverified, "fail-on-unverified", false, "exit 3 if a finding could not be verified against the tenant (facts unreadable or not permitted)")
	o.out.others = func([]string) (in, out []safefile.Named) {
		in = []safefile.Named{{Flag: "--answers", Path: o.answers}, {Flag: "--facts", Path: o.facts}}
		out = []safefile.Named{{Flag: "--save", Path: o.save}}
		if o.save != "" && !safefile.IsStdout(o.save) {
			// the save keeps the previous file beside its target as .bak
			if target, err := safefile.Target(o.save); err == nil {
				out = append(out, safefile.Named{Flag: "--save's backup", Path: target + ".bak"})
			}
		}
		return in, out
	}
	addOutputFlags(cmd, &o.out)
	_ = cmd.MarkFlagRequired("answers")
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"high", "medium", "low"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagFilename("answers", "yaml", "yml")
	_ = cmd.MarkFlagFilename("facts", "json")
	return cmd
}

func runAssess(cmd *cobra.Command, a *app, o assessOptions) error {
	stopProfile, err := startProfile(a.getenv)
	if err != nil {
		return err
	}
	defer stopProfile()
	if safefile.IsStdout(o.save) {
		// An assessment file is saved over with a backup beside it: standard
		// output (and whatever device it points to) is not such a file.
		return usageErr("--save: %s is standard output; give a file path (the wizard and 'se06 report' read the saved file)", o.save)
	}
	var threshold assess.Severity
	if o.failOn != "" {
		s, err := assess.ParseSeverity(o.failOn)
		if err != nil || s == assess.SevInfo {
			return usageErr("--fail-on: %q is not one of: high, medium, low", o.failOn)
		}
		threshold = s
	}
	b, err := a.loadBank()
	if err != nil {
		return err
	}
	asm, err := a.readAnswers(cmd.Context(), o.answers, b)
	if err != nil {
		return err
	}
	now := a.now()
	asm.Metadata.Created, asm.Metadata.Updated = now, now
	asm.Metadata.ToolVersion = a.version
	asm.Metadata.BankVersion = b.Version
	asm.Metadata.GuidanceVersion = b.Guidance.Version()
	if asm.Metadata.Title == "" {
		asm.Metadata.Title = "SE:06 data encryption assessment"
	}
	switch {
	case o.facts != "" && o.demo:
		return usageErr("--facts and --demo cannot be combined")
	case o.facts != "":
		facts, err := a.readFacts(cmd.Context(), o.facts)
		if err != nil {
			return err
		}
		asm.Facts = facts
	case o.demo:
		facts, err := tenant.Demo(now)
		if err != nil {
			return err
		}
		asm.Facts = facts
	}
	res, err := assess.Evaluate(asm.Input(b, now))
	if err != nil {
		return err
	}
	if o.save != "" {
		if err := asm.Save(o.save, now); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "saved assessment to %s\n", o.save)
	}
	if err := writeOutputs(cmd.Context(), a, b, asm, res, nil, o.out); err != nil {
		return err
	}
	// The summary is for people: it goes to standard error when standard
	// output carries a report file ("--json -").
	sum := a.stdout
	if o.out.toStdout() != "" {
		sum = a.stderr
	}
	if err := printSummary(sum, b, res); err != nil {
		return err
	}
	if o.failUnverified {
		if n := res.Counts.NotVerified; n > 0 {
			fmt.Fprintf(a.stderr, "%d %s not verified against the tenant\n", n, pluralWord(n, "finding", "findings"))
			return &exitErr{code: exitFindings}
		}
	}
	if threshold != "" {
		n := 0
		for sev, c := range res.CountOpen() {
			if sev.Rank() >= threshold.Rank() {
				n += c
			}
		}
		if n > 0 {
			fmt.Fprintf(a.stderr, "%d open %s at or above %s\n", n, pluralWord(n, "finding", "findings"), threshold)
			return &exitErr{code: exitFindings}
		}
	}
	return nil
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
