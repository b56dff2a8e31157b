package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/template"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagGroup is one heading of flags in --help.
type flagGroup struct {
	title string
	flags []string
}

// otherGroup collects flags that no group names. TestEveryFlagHasAGroup keeps
// it empty: a new flag must be added to one of helpGroups' lists.
const otherGroup = "Other flags"

// helpGroups says under which heading each flag appears in --help, in this
// order. A flag name means the same kind of thing in every command, so one
// list serves them all; add a new flag's name to the group it belongs to.
func helpGroups() []flagGroup {
	return []flagGroup{
		{"Assessment", []string{"answers", "facts", "demo", "resume", "save", "dir", "fail-on", "fail-on-unverified", "preflight"}},
		{"Output", []string{"out", "pdf", "json", "csv", "md", "compare", "paper", "font", "font-bold", "fix-dir", "format", "no-descriptions"}},
		{"Sign-in and network", []string{"auth", "tenant", "cloud", "cloud-config", "subscription", "no-tls-probe", "concurrency", "timeout", "allow-host", "no-token-cache", "forget-sign-in", "debug"}},
		{"Display", []string{"no-color", "high-contrast", "accessible", "quiet"}},
		{"Help", []string{"help", "version"}},
	}
}

// groupOf returns the title of the group that lists the flag, or otherGroup.
func groupOf(name string) string {
	for _, g := range helpGroups() {
		if slices.Contains(g.flags, name) {
			return g.title
		}
	}
	return otherGroup
}

// groupedFlags splits a command's own flags by help group, in the groups'
// order (otherGroup last), each group a flag set that prints its own usage.
func groupedFlags(c *cobra.Command) []namedFlags {
	sets := map[string]*pflag.FlagSet{}
	c.LocalFlags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		g := groupOf(f.Name)
		if sets[g] == nil {
			sets[g] = pflag.NewFlagSet(g, pflag.ContinueOnError)
			sets[g].SortFlags = false
		}
		sets[g].AddFlag(f)
	})
	var out []namedFlags
	for _, title := range append(groupTitles(), otherGroup) {
		if s := sets[title]; s != nil {
			out = append(out, namedFlags{Title: title, Usages: strings.TrimRight(s.FlagUsagesWrapped(100), "\n")})
		}
	}
	return out
}

func groupTitles() []string {
	var t []string
	for _, g := range helpGroups() {
		t = append(t, g.title)
	}
	return t
}

type namedFlags struct{ Title, Usages string }

// usageTemplate is cobra's default usage text with the flags under their
// group headings and the exit codes pointed to from the root.
const usageTemplate = `Usage:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if gt (len .Aliases) 0}}

Aliases:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Commands:{{range .Commands}}{{if .IsAvailableCommand}}
  {{rpad .Name .NamePadding}} {{.Short}}{{end}}{{end}}{{end}}{{range groupedFlags .}}

{{.Title}}:
{{.Usages}}{{end}}{{if .HasAvailableInheritedFlags}}

Global flags:
{{.InheritedFlags.FlagUsagesWrapped 100 | trimTrailingWhitespaces}}{{end}}{{if .HasHelpSubCommands}}

Help topics ({{.CommandPath}} help TOPIC):{{range .Commands}}{{if .IsAdditionalHelpTopicCommand}}
  {{rpad .Name .NamePadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableSubCommands}}

Use "{{.CommandPath}} [command] --help" for more about a command.{{end}}
`

// usageFunc renders usageTemplate with its own functions (cobra's
// AddTemplateFunc would change cobra's package state).
func usageFunc(c *cobra.Command) error {
	return renderUsage(c.OutOrStderr(), c)
}

func renderUsage(w io.Writer, c *cobra.Command) error {
	t := template.Must(template.New("usage").Funcs(template.FuncMap{
		"groupedFlags":            groupedFlags,
		"rpad":                    func(s string, n int) string { return fmt.Sprintf("%-*s", n, s) },
		"trimTrailingWhitespaces": func(s string) string { return strings.TrimRight(s, " \t\n") },
	}).Parse(usageTemplate))
	return t.Execute(w, c)
}
