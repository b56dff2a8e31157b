package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/internal/safefile"
	"github.com/ppwaf/se06/report"
	"github.com/spf13/cobra"
)

// outputOptions are the report files a command can write; 'assess' and
// 'report' share them.
type outputOptions struct {
	pdf, json, csv, md string
	compare            string
	paper              string
	font, fontBold     string
	fixDir             string
	// others, when set, names the command's own input and output files so
	// that no output can land on any input or on another output.
	others func(args []string) (in, out []safefile.Named)
}

func addOutputFlags(cmd *cobra.Command, o *outputOptions) {
	f := cmd.Flags()
	f.StringVar(&o.pdf, "pdf", "", "write the PDF recommendation report to `FILE`")
	f.StringVar(&o.json, "json", "", "write the full result as JSON to `FILE` (schema: report/schema/result.schema.json)")
	f.StringVar(&o.csv, "csv", "", "write the action plan (one row per open finding) as CSV to `FILE`")
	f.StringVar(&o.md, "md", "", "write a Markdown summary (for a wiki or a pull request) to `FILE`")
	f.StringVar(&o.compare, "compare", "", "compare with an earlier assessment `FILE`: findings new, worsened, improved or resolved, changed answers and conflicts, score deltas (every output; the CSV gets a change column)")
	f.StringVar(&o.paper, "paper", report.PaperA4, "PDF paper `SIZE`: a4 or letter")
	f.StringVar(&o.font, "font", "", "TrueType font `FILE` for scripts the bundled font lacks (e.g. Japanese)")
	f.StringVar(&o.fontBold, "font-bold", "", "bold TrueType font `FILE` to go with --font")
	f.StringVar(&o.fixDir, "fix-dir", "", "write remediate.ps1, remediate.sh and terraform/main.tf with the fixes for this tenant to `DIR` (review them; se06 never runs them)")
	_ = cmd.MarkFlagDirname("fix-dir")
	for _, name := range []string{"pdf", "json", "csv", "md", "compare", "font", "font-bold"} {
		_ = cmd.MarkFlagFilename(name)
	}
	_ = cmd.RegisterFlagCompletionFunc("paper", cobra.FixedCompletions([]string{report.PaperA4, report.PaperLetter}, cobra.ShellCompDirectiveNoFileComp))
	// Check the flags before the command does any work.
	prev := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		if err := o.validate(args); err != nil {
			return err
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
}

// any reports whether a report file was asked for.
func (o outputOptions) any() bool {
	return o.pdf != "" || o.json != "" || o.csv != "" || o.md != "" || o.fixDir != ""
}

func (o *outputOptions) validate(args []string) error {
	if !report.ValidPaper(o.paper) {
		return usageErr("--paper: %q is not one of: a4, letter", o.paper)
	}
	if o.fontBold != "" && o.font == "" {
		return usageErr("--font-bold needs --font (the regular face)")
	}
	// /dev/stdout is standard output: written directly, never replaced.
	for _, p := range []*string{&o.pdf, &o.json, &o.csv, &o.md} {
		if safefile.IsStdout(*p) {
			*p = "-"
		}
	}
	var stdout []string
	for _, f := range o.files() {
		if f.path == "-" {
			stdout = append(stdout, "--"+f.flag)
		}
	}
	in := []safefile.Named{{Flag: "--compare", Path: o.compare}, {Flag: "--font", Path: o.font}, {Flag: "--font-bold", Path: o.fontBold}}
	var out []safefile.Named
	if o.others != nil {
		cin, cout := o.others(args)
		in, out = append(cin, in...), cout
	}
	for _, f := range o.files() {
		if o.fixDir != "" && filepath.Clean(f.path) == filepath.Clean(o.fixDir) {
			return usageErr("--%s and --fix-dir both name %s", f.flag, o.fixDir)
		}
		out = append(out, safefile.Named{Flag: "--" + f.flag, Path: f.path})
	}
	if len(stdout) == 2 {
		return usageErr("%s both write to standard output (-); at most one output may be -", strings.Join(stdout, " and "))
	}
	if len(stdout) > 2 {
		return usageErr("%s all write to standard output (-); at most one output may be -", strings.Join(stdout, ", "))
	}
	if o.fixDir == "-" {
		return usageErr("--fix-dir: give a folder; the fixes are three files")
	}
	if err := checkPaths(in, out); err != nil {
		return err
	}
	if o.fixDir == "" {
		return nil
	}
	// The fixes must not land on an input or on another output either (the
	// folder itself may not exist yet: the writer creates it).
	for _, name := range []string{"remediate.ps1", "remediate.sh", filepath.Join("terraform", "main.tf")} {
		out = append(out, safefile.Named{Flag: "--fix-dir", Path: filepath.Join(o.fixDir, name)})
	}
	if err := safefile.CheckCollisions(in, out); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

// checkPaths refuses, before any work, an output that is not a regular file
// or that would overwrite an input or another output (exit 2).
func checkPaths(in, out []safefile.Named) error {
	for _, n := range out {
		if n.Path == "" {
			continue
		}
		if err := safefile.CheckOutput(n.Path); err != nil {
			return usageErr("%s: %v", n.Flag, err)
		}
	}
	if err := safefile.CheckCollisions(in, out); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

// toStdout names the output that writes to standard output ("json"), or "".
func (o outputOptions) toStdout() string {
	for _, out := range o.files() {
		if out.path == "-" {
			return out.flag
		}
	}
	return ""
}

// output is one requested report file and its renderer.
type output struct {
	flag   string
	path   string
	render func(io.Writer, report.Input) error
	// stream: rendered while it is written (through a temporary file, so
	// still atomic) rather than in memory first; the JSON of 10,000
	// environments is 100 MB.
	stream bool
}

func (o outputOptions) files() []output {
	var out []output
	for _, f := range []output{{"pdf", o.pdf, report.PDF, false}, {"json", o.json, report.JSON, true}, {"csv", o.csv, report.CSV, false}, {"md", o.md, report.Markdown, false}} {
		if f.path != "" {
			out = append(out, f)
		}
	}
	return out
}

// writeOutputs writes every requested report file. prev, when not nil, is the
// earlier result to compare with (otherwise --compare is loaded here). The
// PDF, CSV and Markdown are rendered in memory first and the JSON as it is
// written; each file is written atomically, so a failure never leaves a
// half-written file; "-" writes to standard output.
func writeOutputs(ctx context.Context, a *app, b *assess.Bank, asm *assess.Assessment, res, prev *assess.Result, o outputOptions) error {
	files := o.files()
	if len(files) == 0 && o.fixDir == "" {
		return nil
	}
	now := a.reportNow()
	if prev == nil && o.compare != "" {
		old, err := a.readAssessment(ctx, o.compare, b)
		if err != nil {
			return fmt.Errorf("--compare: %w", err)
		}
		if prev, err = assess.Evaluate(old.Input(b, now)); err != nil {
			return fmt.Errorf("--compare: %w", err)
		}
	}
	var font *report.Font
	if o.font != "" {
		var err error
		if font, err = report.LoadFont(o.font, o.fontBold); err != nil {
			return err
		}
	}
	in, err := report.Prepare(report.Input{Bank: b, Assessment: asm, Result: res, Previous: prev, Paper: o.paper, Font: font, Now: now, ToolVersion: a.version})
	if err != nil {
		return err
	}
	boundHeap(a.getenv)
	rendered := make([][]byte, len(files))
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if f.stream {
			continue
		}
		var buf bytes.Buffer
		if err := f.render(&buf, in); err != nil {
			return fmt.Errorf("--%s %s: %w", f.flag, f.path, err)
		}
		rendered[i] = buf.Bytes()
	}
	for i, f := range files {
		write := func(w io.Writer) error {
			if !f.stream {
				_, err := w.Write(rendered[i])
				return err
			}
			return f.render(w, in)
		}
		if f.path == "-" {
			bw := bufio.NewWriter(a.out())
			if err := write(bw); err != nil {
				return fmt.Errorf("--%s: write to standard output: %w", f.flag, err)
			}
			if err := bw.Flush(); err != nil {
				return fmt.Errorf("--%s: write to standard output: %w", f.flag, err)
			}
			continue
		}
		if err := safefile.WriteStream(ctx, f.path, write, safefile.WriteOptions{}); err != nil {
			var nr *safefile.NotRegularError
			if errors.As(err, &nr) { // became a device or FIFO since the check
				return usageErr("--%s: %v", f.flag, err)
			}
			return err
		}
		fmt.Fprintf(a.stderr, "wrote %s\n", f.path)
	}
	if o.fixDir != "" {
		return writeFixDir(a, in, o.fixDir)
	}
	return nil
}

// writeFixDir writes the remediation files into dir (created when missing),
// each atomically. It never runs them.
func writeFixDir(a *app, in report.Input, dir string) error {
	fixes, err := report.FixFiles(in)
	if err != nil {
		return fmt.Errorf("--fix-dir %s: %w", dir, err)
	}
	for _, f := range fixes {
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("--fix-dir: %w", err)
		}
		if err := assess.WriteFileAtomic(path, f.Data, false); err != nil {
			return fmt.Errorf("--fix-dir: %w", err)
		}
		fmt.Fprintf(a.stderr, "wrote %s\n", path)
	}
	return nil
}

// reportNow is the clock of a report: SOURCE_DATE_EPOCH (seconds since 1970,
// the reproducible-builds convention) when set, so the same assessment gives
// byte-identical files on every run; otherwise the current time.
func (a *app) reportNow() time.Time {
	if v := strings.TrimSpace(a.getenv("SOURCE_DATE_EPOCH")); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
			return time.Unix(n, 0).UTC()
		}
		fmt.Fprintf(a.stderr, "warning: SOURCE_DATE_EPOCH=%q is not a number of seconds; using the current time\n", v)
	}
	return a.now()
}
