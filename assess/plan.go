package assess

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"text/template"
)

// The plan is the bank's second layer of data, kept in bank/plan/ beside the
// questions and keyed by their IDs: how to fix a finding (remediation.yaml:
// effort, disruption, owner role, permission, command templates) and which
// controls it evidences (mappings.yaml). A bank directory without plan/ (a
// test bank) has no plan; every ID in it must exist in the bank.

// Level grades effort and disruption.
type Level string

const (
	LevelNone   Level = "none"
	LevelLow    Level = "low"
	LevelMedium Level = "medium"
	LevelHigh   Level = "high"
)

func (l Level) rank() int {
	switch l {
	case LevelLow:
		return 1
	case LevelMedium:
		return 2
	case LevelHigh:
		return 3
	}
	return 0
}

// Tool is a way to run a fix.
type Tool string

const (
	ToolPowerShell Tool = "powershell"
	ToolAzureCLI   Tool = "azure-cli"
	ToolTerraform  Tool = "terraform"
)

// Tools lists the tools in output order.
func Tools() []Tool { return []Tool{ToolPowerShell, ToolAzureCLI, ToolTerraform} }

// Label names a tool for people.
func (t Tool) Label() string {
	switch t {
	case ToolPowerShell:
		return "PowerShell"
	case ToolAzureCLI:
		return "Azure CLI"
	case ToolTerraform:
		return "Terraform"
	}
	return string(t)
}

// RulePlan is the remediation data of one rule.
type RulePlan struct {
	Effort     Level       `yaml:"effort"`
	Disruption Level       `yaml:"disruption"`
	Note       string      `yaml:"note"`
	Permission string      `yaml:"permission"`
	Link       *Link       `yaml:"link"`
	Per        SubjectKind `yaml:"per"`
	PowerShell string      `yaml:"powershell"`
	AzureCLI   string      `yaml:"azure-cli"`
	Terraform  string      `yaml:"terraform"`
	// NoCommand says why no command can make this fix (a decision, a
	// process, a portal-only setting, or a change that needs new resources
	// chosen by people); a rule has templates or NoCommand, never both.
	NoCommand string `yaml:"noCommand"`

	templates map[Tool]*template.Template
	// asks marks the tools whose template asks the reviewer for a value the
	// tenant facts cannot hold (ask "LOG-ANALYTICS-WORKSPACE-ID").
	asks map[Tool]bool
}

// Framework is a control framework of the mappings.
type Framework struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	Short string `yaml:"short" json:"short"`
}

// Plan holds the remediation, roadmap and control-mapping data.
type Plan struct {
	OwnerRoles map[string]string    `yaml:"ownerRoles"`
	Rules      map[string]*RulePlan `yaml:"rules"`
	Frameworks []Framework          `yaml:"-"`
	// Controls maps a question or finding ID to framework ID to control IDs.
	Controls map[string]map[string][]string `yaml:"-"`
}

type mappingsFile struct {
	Frameworks []Framework                    `yaml:"frameworks"`
	Controls   map[string]map[string][]string `yaml:"controls"`
}

// Plan returns the bank's plan data; nil when the bank has none.
func (b *Bank) Plan() *Plan {
	if b == nil {
		return nil
	}
	return b.plan
}

// loadPlan reads plan/remediation.yaml and plan/mappings.yaml when the bank
// directory has them, and validates them against the questions.
func (b *Bank) loadPlan(fsys fs.FS) error {
	rem, err := fs.ReadFile(fsys, "plan/remediation.yaml")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read plan/remediation.yaml: %w", err)
	}
	var p Plan
	if err := decodeStrict(rem, &p); err != nil {
		return fmt.Errorf("plan/remediation.yaml: %w", err)
	}
	mapData, err := fs.ReadFile(fsys, "plan/mappings.yaml")
	if err != nil {
		return fmt.Errorf("read plan/mappings.yaml: %w", err)
	}
	var mf mappingsFile
	if err := decodeStrict(mapData, &mf); err != nil {
		return fmt.Errorf("plan/mappings.yaml: %w", err)
	}
	p.Frameworks, p.Controls = mf.Frameworks, mf.Controls
	if err := b.validatePlan(&p); err != nil {
		return err
	}
	b.plan = &p
	return nil
}

var controlPatterns = map[string]*regexp.Regexp{
	"iso27001":  regexp.MustCompile(`^A\.[5-8]\.\d{1,2}$`),
	"nist80053": regexp.MustCompile(`^[A-Z]{2}-\d{1,2}(\(\d{1,2}\))?$`),
	"mcsb":      regexp.MustCompile(`^[A-Z]{2}-\d{1,2}$`),
	"gdpr":      regexp.MustCompile(`^Art\. \d{1,2}$`),
}

// ruleKnown reports whether id names a question ("AR-02") or a rule of one
// ("AR-02.cmk-missing").
func (b *Bank) ruleKnown(id string, questionsToo bool) bool {
	qid, rule, hasRule := strings.Cut(id, ".")
	q, ok := b.byID[qid]
	if !ok {
		return false
	}
	if !hasRule {
		return questionsToo
	}
	return slices.ContainsFunc(q.Rules, func(r Rule) bool { return r.ID == rule })
}

func (b *Bank) validatePlan(p *Plan) error {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	levels := []Level{LevelNone, LevelLow, LevelMedium, LevelHigh}
	for sec := range p.OwnerRoles {
		if _, ok := b.Section(sec); !ok {
			bad("plan/remediation.yaml ownerRoles: %q is not a section of the bank", sec)
		}
	}
	for _, s := range b.Sections {
		if strings.TrimSpace(p.OwnerRoles[s.ID]) == "" {
			bad("plan/remediation.yaml ownerRoles: section %s has no owner role", s.ID)
		}
	}
	for _, id := range sortedKeys(p.Rules) {
		r := p.Rules[id]
		where := "plan/remediation.yaml rule " + id
		if r == nil {
			bad("%s: empty", where)
			continue
		}
		if !b.ruleKnown(id, false) {
			bad("%s: not a rule of the bank (want QUESTION.rule, e.g. AR-02.cmk-missing)", where)
		}
		if !slices.Contains(levels[1:], r.Effort) {
			bad("%s: effort %q is not one of: low, medium, high", where, r.Effort)
		}
		if !slices.Contains(levels, r.Disruption) {
			bad("%s: disruption %q is not one of: none, low, medium, high", where, r.Disruption)
		}
		if r.Link != nil && !strings.HasPrefix(r.Link.URL, "https://") {
			bad("%s: link %q must be an https URL", where, r.Link.URL)
		}
		src := map[Tool]string{ToolPowerShell: r.PowerShell, ToolAzureCLI: r.AzureCLI, ToolTerraform: r.Terraform}
		hasCmd := false
		for _, t := range Tools() {
			if strings.TrimSpace(src[t]) != "" {
				hasCmd = true
			}
		}
		if hasCmd && strings.TrimSpace(r.NoCommand) != "" {
			bad("%s: has command templates and noCommand; keep one", where)
		}
		if !hasCmd {
			if r.Per != "" {
				bad("%s: per is set but there is no command template", where)
			}
			continue
		}
		if !slices.Contains([]SubjectKind{SubjectEnvironment, SubjectVault, SubjectKey}, r.Per) {
			bad("%s: per %q is not one of: environment, vault, key", where, r.Per)
		}
		if r.Link == nil || r.Note == "" || r.Permission == "" {
			bad("%s: a rule with commands needs link, note and permission", where)
		}
		r.templates = map[Tool]*template.Template{}
		for _, t := range Tools() {
			if strings.TrimSpace(src[t]) == "" {
				continue
			}
			tm, err := template.New(id + " " + string(t)).Funcs(fixFuncs()).Option("missingkey=error").Parse(src[t])
			if err != nil {
				bad("%s %s: %v", where, t, err)
				continue
			}
			// Render against a hostile sample: a value printed without a
			// quoting function shows up as the marker.
			out, err := renderFix(tm, sampleFixData(r.Per))
			switch {
			case err != nil:
				bad("%s %s: %v", where, t, err)
			case strings.Contains(out, unquotedMarker):
				bad("%s %s: a tenant value is printed without a quoting function (ps, sh, hcl)", where, t)
			}
			r.templates[t] = tm
			// The sample holds no placeholder, so one in its output can
			// only come from the template's own (ask "…").
			if strings.Contains(out, placeholderPrefix) {
				if r.asks == nil {
					r.asks = map[Tool]bool{}
				}
				r.asks[t] = true
			}
		}
	}
	fw := map[string]bool{}
	for _, f := range p.Frameworks {
		if _, ok := controlPatterns[f.ID]; !ok {
			bad("plan/mappings.yaml: framework %q is not one of: gdpr, iso27001, mcsb, nist80053", f.ID)
		}
		if f.Title == "" || f.Short == "" {
			bad("plan/mappings.yaml: framework %q needs title and short", f.ID)
		}
		fw[f.ID] = true
	}
	for _, id := range sortedKeys(p.Controls) {
		where := "plan/mappings.yaml controls " + id
		if !b.ruleKnown(id, true) {
			bad("%s: not a question or rule of the bank", where)
		}
		for _, f := range sortedKeys(p.Controls[id]) {
			if !fw[f] {
				bad("%s: framework %q is not declared under frameworks", where, f)
				continue
			}
			for _, c := range p.Controls[id][f] {
				if !controlPatterns[f].MatchString(c) {
					bad("%s: %s control %q is malformed (want e.g. %s)", where, f, c, controlExample(f))
				}
			}
		}
	}
	for _, q := range b.questions {
		if len(p.Controls[q.ID]) == 0 {
			bad("plan/mappings.yaml: question %s has no control mapping", q.ID)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("question bank plan is invalid:\n  %s", strings.Join(errs, "\n  "))
	}
	return nil
}

func controlExample(framework string) string {
	switch framework {
	case "iso27001":
		return "A.8.24"
	case "nist80053":
		return "SC-28 or SA-9(5)"
	case "mcsb":
		return "DP-5"
	}
	return "Art. 32"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Rule returns the remediation data of a finding's rule, or nil.
func (p *Plan) Rule(findingID string) *RulePlan {
	if p == nil {
		return nil
	}
	return p.Rules[findingID]
}

// ControlRef is one mapped control.
type ControlRef struct {
	Framework string `json:"framework"`
	Control   string `json:"control"`
}

// ControlsFor lists the controls a finding evidences: its question's and its
// rule's, in framework order, without duplicates.
func (p *Plan) ControlsFor(f Finding) []ControlRef {
	if p == nil {
		return nil
	}
	var out []ControlRef
	for _, fw := range p.Frameworks {
		seen := map[string]bool{}
		for _, key := range []string{f.QuestionID, f.ID} {
			for _, c := range p.Controls[key][fw.ID] {
				if !seen[c] {
					seen[c] = true
					out = append(out, ControlRef{fw.ID, c})
				}
			}
		}
	}
	return out
}
