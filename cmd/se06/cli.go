package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// argsAnnotation, on a command, says in words what its arguments are; an
// argument error quotes it ("se06 diff takes two assessment files, ...").
const argsAnnotation = "se06/args"

// applyConventions gives every command of the tree the same manners:
//   - argument, flag and required-flag errors become usage errors (exit 2) by
//     type, wrapped where cobra raises them, so no message is ever parsed;
//   - an argument error says what the arguments are;
//   - a mistyped command gets cobra's suggestions;
//   - 'se06 help TOPIC' on an unknown topic is a usage error;
//   - --help shows the flags under their group headings.
//
// Call it once the tree is built: it reaches the commands added so far.
func applyConventions(root *cobra.Command) {
	root.SetHelpCommand(newHelpCmd(root))
	root.SuggestionsMinimumDistance = 2 // cobra sets it only on its own path
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			describeCompletion(c)
		}
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitErr{code: exitUsage, err: err}
	})
	root.SetUsageFunc(usageFunc)
	walkCommands(root, func(c *cobra.Command) {
		wrapArgs(c)
		wrapRequiredFlags(c)
	})
}

func walkCommands(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		walkCommands(sub, fn)
	}
}

// wrapArgs turns the command's argument check into one that fails with a
// usage error saying what the arguments are. The root has no arguments, only
// commands, so a word there is an unknown command with suggestions.
func wrapArgs(c *cobra.Command) {
	check := c.Args
	if !c.HasParent() {
		c.Args = func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
			if s := c.SuggestionsFor(args[0]); len(s) > 0 {
				msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
			}
			return &exitErr{code: exitUsage, err: fmt.Errorf("%s", msg)}
		}
		return
	}
	if check == nil {
		return // cobra accepts any arguments (help topics, cobra's own commands)
	}
	c.Args = func(c *cobra.Command, args []string) error {
		err := check(c, args)
		if err == nil || isUsage(err) {
			return err
		}
		want := c.Annotations[argsAnnotation]
		if want == "" {
			want = "no arguments"
		}
		name := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ") // "se06: " comes before it
		return &exitErr{code: exitUsage, err: fmt.Errorf("%s takes %s; got %s (usage: %s)", name, want, describeArgs(args), c.UseLine())}
	}
}

func describeArgs(args []string) string {
	if len(args) == 0 {
		return "none"
	}
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = fmt.Sprintf("%q", a)
	}
	return strings.Join(q, " ")
}

// wrapRequiredFlags checks required flags and flag groups before the
// command's own PreRunE, where cobra would check them afterwards with plain
// errors, so that a missing flag is a usage error.
func wrapRequiredFlags(c *cobra.Command) {
	prev := c.PreRunE
	c.PreRunE = func(c *cobra.Command, args []string) error {
		if err := c.ValidateRequiredFlags(); err != nil {
			return &exitErr{code: exitUsage, err: err}
		}
		if err := c.ValidateFlagGroups(); err != nil {
			return &exitErr{code: exitUsage, err: err}
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
}

// newHelpCmd is cobra's help command, except that an unknown topic is an
// error with suggestions instead of the root's help and exit 0.
func newHelpCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command or topic]",
		Short: "Help about any command or topic",
		Long: `Help about any command or topic: 'se06 help COMMAND' is 'se06 COMMAND --help'.
Topics: exit-codes.`,
		Example: `  se06 help collect
  se06 help exit-codes`,
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var out []cobra.Completion
			for _, sub := range root.Commands() {
				if (sub.IsAvailableCommand() || sub.IsAdditionalHelpTopicCommand()) && strings.HasPrefix(sub.Name(), toComplete) {
					out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				topic := strings.Join(args, " ")
				msg := fmt.Sprintf("unknown help topic %q", topic)
				if len(args) > 0 {
					if s := root.SuggestionsFor(args[len(args)-1]); len(s) > 0 {
						msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
					}
				}
				return &exitErr{code: exitUsage, err: fmt.Errorf("%s", msg)}
			}
			target.InitDefaultHelpFlag()
			target.InitDefaultVersionFlag()
			return target.Help()
		},
	}
}

// newExitCodesTopic is 'se06 help exit-codes'.
func newExitCodesTopic() *cobra.Command {
	return &cobra.Command{
		Use:   "exit-codes",
		Short: "What each exit code of se06 means",
		Long: `Exit codes of se06, the same for every command:

  0    ok
  1    error: a file could not be read or written (standard output included), a
       sign-in or the tenant failed
  2    usage error: an unknown command, flag or value, a missing argument or flag,
       or no terminal for the wizard (the message says what to run instead)
  3    'se06 assess --fail-on SEVERITY': an open finding at or above SEVERITY;
       'se06 assess --fail-on-unverified': a finding not verified against the tenant
  4    'se06 collect': the tenant's environment list could not be read (no snapshot
       is written)
  130  interrupted (Ctrl+C); what was answered so far is saved
  143  terminated (SIGTERM); handled like Ctrl+C`,
		Example: `  se06 assess --answers answers.yaml --fail-on high || echo "exit $?"`,
	}
}

// describeCompletion gives cobra's completion commands examples and says what
// their argument is.
func describeCompletion(c *cobra.Command) {
	c.Annotations = map[string]string{argsAnnotation: "no arguments; the shell is a command: bash, zsh, fish or powershell"}
	// Runnable, so that an unknown shell reaches the argument check (a usage
	// error) instead of printing the help with exit 0.
	c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	c.Example = `  se06 completion bash > /etc/bash_completion.d/se06
  se06 completion zsh > "${fpath[1]}/_se06"
  se06 completion fish > ~/.config/fish/completions/se06.fish
  se06 completion powershell >> $PROFILE`
	for _, sh := range c.Commands() {
		switch sh.Name() {
		case "bash":
			sh.Example = `  source <(se06 completion bash)`
		case "zsh":
			sh.Example = `  se06 completion zsh > "${fpath[1]}/_se06"`
		case "fish":
			sh.Example = `  se06 completion fish | source`
		case "powershell":
			sh.Example = `  se06 completion powershell | Out-String | Invoke-Expression`
		}
	}
}
