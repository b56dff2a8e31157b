package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ppwaf/se06/assess"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

func newQuestionsCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "questions",
		Short: "Print the question bank (help texts, choices, doc links) for workshop preparation",
		Long: `Print the question bank: every section and question with its help text,
choices, when it is asked, what the tenant can show for it, the findings it
raises and its Microsoft Learn links. Markdown suits a workshop's preparation
pack; YAML and JSON suit other tools.`,
		Example: `  se06 questions > workshop-prep.md
  se06 questions --format json | jq -r '.questions[].id'
  se06 questions --format yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			switch format {
			case "md", "markdown":
				writeBankMarkdown(a.stdout, b)
				return nil
			case "yaml":
				enc := yaml.NewEncoder(a.stdout)
				enc.SetIndent(2)
				return enc.Encode(bankDoc(b))
			case "json":
				return writeJSON(a.stdout, bankDoc(b))
			}
			return usageErr("--format: %q is not one of: md, yaml, json", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "output `FORMAT`: md, yaml or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"md", "yaml", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

type docChoice struct {
	ID    string `yaml:"id" json:"id"`
	Label string `yaml:"label" json:"label"`
}

type docQuestion struct {
	ID      string        `yaml:"id" json:"id"`
	Section string        `yaml:"section" json:"section"`
	Prompt  string        `yaml:"prompt" json:"prompt"`
	Help    string        `yaml:"help" json:"help"`
	Type    string        `yaml:"type" json:"type"`
	Choices []docChoice   `yaml:"choices,omitempty" json:"choices,omitempty"`
	Live    string        `yaml:"live,omitempty" json:"live,omitempty"`
	Links   []assess.Link `yaml:"links" json:"links"`
}

type bankDocument struct {
	BankVersion string        `yaml:"bankVersion" json:"bankVersion"`
	Guidance    string        `yaml:"guidance" json:"guidance"`
	Questions   []docQuestion `yaml:"questions" json:"questions"`
}

func bankDoc(b *assess.Bank) bankDocument {
	d := bankDocument{BankVersion: b.Version, Guidance: b.Guidance.Version()}
	for _, q := range b.Questions() {
		dq := docQuestion{ID: q.ID, Section: q.Section, Prompt: q.Prompt, Help: strings.TrimSpace(q.Help), Type: string(q.Type), Links: q.Links}
		for _, c := range q.Choices {
			dq.Choices = append(dq.Choices, docChoice{ID: c.ID, Label: c.Label})
		}
		if q.Live != nil {
			dq.Live = q.Live.What
		}
		d.Questions = append(d.Questions, dq)
	}
	return d
}

func writeBankMarkdown(w io.Writer, b *assess.Bank) {
	fmt.Fprintf(w, "# SE:06 data encryption: question bank %s\n\n", b.Version)
	fmt.Fprintf(w, "Written against [%s, %s](%s) (%s; %s).\n\n", b.Guidance.ID, b.Guidance.Title, b.Guidance.URL, b.Guidance.Date, b.Guidance.AzureEquivalent)
	fmt.Fprintln(w, "Every question can also be answered *not sure* (with an owner), *skipped* or *not applicable*, and takes a note.")
	fmt.Fprintln(w, "Under each question, *Findings* says what raises each finding; «names» are the conditions below.")
	fmt.Fprintln(w)
	for _, f := range b.Flags {
		fmt.Fprintf(w, "- «%s»: %s\n", f.Name, strings.TrimSpace(f.Description))
	}
	for _, s := range b.Sections {
		fmt.Fprintf(w, "\n## %s\n\n%s\n", s.Title, strings.TrimSpace(s.Intro))
		for _, q := range s.Questions {
			fmt.Fprintf(w, "\n### %s %s\n\n%s\n\n", q.ID, q.Short, q.Prompt)
			fmt.Fprintf(w, "_Why it matters:_ %s\n\n", strings.TrimSpace(q.Help))
			switch q.Type {
			case assess.TypeText:
				fmt.Fprintln(w, "Answer: free text.")
			case assess.TypeMulti:
				fmt.Fprintln(w, "Answer: one or more of")
			default:
				fmt.Fprintln(w, "Answer: one of")
			}
			if len(q.Choices) > 0 {
				fmt.Fprintln(w)
				for _, c := range q.Choices {
					fmt.Fprintf(w, "- `%s` %s", c.ID, c.Label)
					if c.Help != "" {
						fmt.Fprintf(w, ": %s", strings.TrimSpace(c.Help))
					}
					fmt.Fprintln(w)
				}
			}
			if q.ShowIf != nil {
				fmt.Fprintf(w, "\n_Asked only when_ %s.\n", b.DescribeCond(*q.ShowIf, q))
			}
			if q.Live != nil {
				fmt.Fprintf(w, "\n_The tenant can show:_ %s\n", q.Live.What)
			}
			if len(q.Rules) > 0 {
				fmt.Fprintln(w, "\n_Findings:_")
				fmt.Fprintln(w)
				for _, r := range q.Rules {
					fmt.Fprintf(w, "- **%s** %s (`%s.%s`): when %s. _%s_\n", r.Severity, r.Title, q.ID, r.ID, b.DescribeCond(r.When, q), r.SeverityReason)
				}
			}
			fmt.Fprintln(w)
			for _, l := range q.Links {
				fmt.Fprintf(w, "- [%s](%s)\n", l.Title, l.URL)
			}
		}
	}
	writeAIHostingMarkdown(w, b.AIHosting)
}

// writeAIHostingMarkdown prints the dated AI hosting table the AI questions
// and the residency map use, so a workshop sees how old it is.
func writeAIHostingMarkdown(w io.Writer, t *assess.AIHostingTable) {
	if t == nil {
		return
	}
	fmt.Fprintf(w, "\n## AI hosting table (%s)\n\n", t.Dated())
	fmt.Fprintf(w, "Where prompts are processed once \"Move data across regions\" is allowed, from [%s](%s). Bing Search data: %s for every geo.\n\n", t.Title, t.Source, t.Bing)
	fmt.Fprintln(w, "| Environment geos | Azure OpenAI processing | Stays in geo |")
	fmt.Fprintln(w, "|---|---|---|")
	for _, r := range t.Rows {
		fmt.Fprintf(w, "| %s | %s | %s |\n", strings.Join(r.Geos, ", "), r.OpenAI, map[bool]string{true: "yes", false: "no"}[r.InGeo])
	}
}
