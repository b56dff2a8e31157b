package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// testTree is the whole command tree as a user's run sees it, cobra's
// help and completion commands included.
func testTree(t *testing.T) *cobra.Command {
	t.Helper()
	root := newRootCmd(&app{version: "test", getenv: func(string) string { return "" }})
	root.InitDefaultHelpCmd()
	return root
}

func TestMistypedCommandSuggests(t *testing.T) {
	for _, args := range [][]string{{"colect"}, {"reprot", "a.json"}, {"questons"}} {
		code, stdout, stderr := runCLI(t, args...)
		want := map[string]string{"colect": "collect", "reprot": "report", "questons": "questions"}[args[0]]
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "Did you mean this?\n\t"+want) || !strings.Contains(stderr, "Run 'se06 --help'") {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, stderr)
		}
	}
}

func TestUsageHintNamesTheCommand(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		hint string
		says string
	}{
		{[]string{"diff", "a.json"}, "se06 diff", `diff takes two assessment files, OLD then NEW; got "a.json"`},
		{[]string{"diff"}, "se06 diff", "got none"},
		{[]string{"assess", "--bogus"}, "se06 assess", "unknown flag: --bogus"},
		{[]string{"assess"}, "se06 assess", `"answers" not set`},
		{[]string{"assess", "--answers", "x.yaml", "extra"}, "se06 assess", `assess takes no arguments; got "extra"`},
		{[]string{"report"}, "se06 report", "report takes one assessment file"},
		{[]string{"collect", "--timeout", "soon"}, "se06 collect", "invalid argument"},
		{[]string{"questions", "--format", "pdf"}, "se06 questions", `"pdf" is not one of`},
		{[]string{"version", "now"}, "se06 version", "takes no arguments"},
		{[]string{"completion", "tcsh"}, "se06 completion", "bash, zsh, fish or powershell"},
		{[]string{"--no-such-flag"}, "se06", "unknown flag"},
		{[]string{"man", "--dir", filepath.Join(dir, "m"), "x"}, "se06 man", "takes no arguments"},
	}
	for _, c := range cases {
		code, _, stderr := runCLI(t, c.args...)
		hint := "Run '" + c.hint + " --help' for usage."
		if code != exitUsage || !strings.Contains(stderr, hint) || !strings.Contains(stderr, c.says) {
			t.Errorf("%v: exit %d, want %d with %q and %q; stderr:\n%s", c.args, code, exitUsage, c.says, hint, stderr)
		}
	}
}

func TestHelpTopics(t *testing.T) {
	code, stdout, stderr := runCLI(t, "help", "colect")
	if code != exitUsage || stdout != "" || !strings.Contains(stderr, `unknown help topic "colect"`) || !strings.Contains(stderr, "\tcollect") {
		t.Errorf("help on an unknown topic: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, _ := runCLI(t, "help", "diff", "extra"); code != exitUsage {
		t.Errorf("help diff extra: exit %d", code)
	}
	code, stdout, _ = runCLI(t, "help", "exit-codes")
	for _, want := range []string{"0    ok", "2    usage error", "3    'se06 assess --fail-on", "130  interrupted"} {
		if code != exitOK || !strings.Contains(stdout, want) {
			t.Errorf("help exit-codes: exit %d, lacks %q:\n%s", code, want, stdout)
		}
	}
	code, stdout, _ = runCLI(t, "help", "diff")
	if code != exitOK || !strings.Contains(stdout, "se06 diff OLD NEW") {
		t.Errorf("help diff: exit %d\n%s", code, stdout)
	}
	_, stdout, _ = runCLI(t, "--help")
	if !strings.Contains(stdout, "exit-codes") {
		t.Errorf("--help does not point to the exit-codes topic:\n%s", stdout)
	}
}

// TestEveryFlagHasAGroup keeps the "Other flags" heading of --help empty: a
// new flag must be added to a group in helpGroups (groups.go).
func TestEveryFlagHasAGroup(t *testing.T) {
	walkCommands(testTree(t), func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if groupOf(f.Name) == otherGroup {
				t.Errorf("flag --%s of '%s' has no help group: add %q to one of %s in helpGroups (cmd/se06/groups.go)",
					f.Name, c.CommandPath(), f.Name, strings.Join(groupTitles(), ", "))
			}
		})
	})
}

func TestHelpShowsGroups(t *testing.T) {
	_, stdout, _ := runCLI(t, "--help")
	auth, noColor := strings.Index(stdout, "--auth"), strings.Index(stdout, "--no-color")
	signIn, display := strings.Index(stdout, "\nSign-in and network:\n"), strings.Index(stdout, "\nDisplay:\n")
	if signIn < 0 || display < 0 || !(signIn < auth && auth < display && display < noColor) {
		t.Errorf("--auth is not under Sign-in and network, or --no-color not under Display:\n%s", stdout)
	}
	if strings.Contains(stdout, otherGroup) {
		t.Errorf("--help has %q:\n%s", otherGroup, stdout)
	}
}

func TestEveryCommandHasAnExample(t *testing.T) {
	walkCommands(testTree(t), func(c *cobra.Command) {
		if c.Hidden || c.IsAdditionalHelpTopicCommand() || c.Name() == cobra.ShellCompRequestCmd || c.Name() == cobra.ShellCompNoDescRequestCmd {
			return
		}
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("'%s' has no example", c.CommandPath())
		}
	})
}

// TestJSONDashAlone: every command with --json takes a FILE, and "-" puts
// the JSON, and nothing else, on standard output.
func TestJSONDashAlone(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.se06.json"), filepath.Join(dir, "b.se06.json")
	for _, p := range []string{a, b} {
		if code, _, stderr := runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--save", p); code != exitOK {
			t.Fatalf("setup: %s", stderr)
		}
	}
	cases := map[string][]string{
		"se06 assess": {"assess", "--answers", "../../examples/answers.yaml", "--demo"},
		"se06 report": {"report", a},
		"se06 diff":   {"diff", a, b},
	}
	walkCommands(testTree(t), func(c *cobra.Command) {
		f := c.LocalFlags().Lookup("json")
		if f == nil {
			return
		}
		if f.Value.Type() != "string" {
			t.Errorf("'%s --json' is a %s, not a FILE", c.CommandPath(), f.Value.Type())
		}
		args, ok := cases[c.CommandPath()]
		if !ok {
			t.Errorf("'%s' has --json: add a case to TestJSONDashAlone", c.CommandPath())
			return
		}
		code, stdout, stderr := runCLI(t, append(slices.Clone(args), "--json", "-")...)
		var v map[string]any
		if code != exitOK || json.Unmarshal([]byte(stdout), &v) != nil || len(v) == 0 {
			t.Errorf("%s --json -: exit %d, stdout is not one JSON object:\n%.300s\nstderr:\n%s", c.CommandPath(), code, stdout, stderr)
		}
	})
}

// TestUsageByType: an error is a usage error by its type, never by its text.
func TestUsageByType(t *testing.T) {
	if isUsage(errors.New("unknown flag: --x")) || isUsage(errors.New(`required flag(s) "answers" not set`)) {
		t.Error("a plain error that reads like cobra's is taken for a usage error")
	}
	if !isUsage(usageErr("x")) || isUsage(&exitErr{code: exitFindings}) {
		t.Error("usageErr is not a usage error, or exit 3 is")
	}
}

func TestManPages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "man")
	code, _, stderr := runCLI(t, "man", "--dir", dir)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, name := range []string{"se06.1", "se06-collect.1", "se06-diff.1", "se06-report.1"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !strings.Contains(string(data), ".TH \"SE06\" \"1\"") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "se06-diff.1")); !strings.Contains(string(data), "OLD NEW") {
		t.Errorf("se06-diff.1 lacks the synopsis:\n%s", data)
	}
}
