package assess

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/ppwaf/se06/internal/safefile"
	"go.yaml.in/yaml/v3"
)

// LoadAnswersFile reads an answers file for automation (YAML):
//
//	metadata: {title: ..., organization: ..., workload: ..., assessor: ...}
//	scope: [environment IDs]            # optional; default: production environments
//	answers:
//	  SC-01: labelled                   # a choice
//	  SC-03: [gdpr, pci]                # several choices
//	  SC-06: unsure                     # unsure, skipped or not-applicable
//	  KM-02: {state: unsure, owner: Key Vault team, followUp: 2026-12-31}
//	  AR-01: {values: [cmk], note: Contract requires customer-held keys}
//	acceptances:
//	  - {findingId: ..., justification: ..., approver: ..., expires: 2027-03-31}
//
// Every problem is reported with its line, path and the allowed values; the
// file is never changed.
func LoadAnswersFile(path string, b *Bank) (*Assessment, error) {
	data, err := safefile.ReadFile(context.Background(), path, "answers file", safefile.LimitAnswers)
	if err != nil {
		return nil, err
	}
	return ParseAnswersFile(data, path, b)
}

// ParseAnswersFile parses an answers document; name is used in messages.
func ParseAnswersFile(data []byte, name string, b *Bank) (*Assessment, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &LoadError{File: name, Problems: []Problem{{Message: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}}}
	}
	if len(root.Content) == 0 {
		return nil, &LoadError{File: name, Problems: []Problem{{Message: "the file is empty"}}}
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, &LoadError{File: name, Problems: []Problem{{Line: doc.Line, Message: "expected a mapping with metadata, scope, answers and acceptances"}}}
	}
	a := &Assessment{Kind: KindAssessment, SchemaVersion: AssessmentSchemaVersion, Answers: Answers{}}
	// A repeated key would silently replace the first (a second
	// "acceptances: []" drops every acceptance): an error at any level.
	ps := duplicateKeys(doc, "")
	seenTop := map[string]bool{}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if seenTop[doc.Content[i].Value] {
			continue // reported by duplicateKeys
		}
		seenTop[doc.Content[i].Value] = true
		k, v := doc.Content[i], doc.Content[i+1]
		switch k.Value {
		case "metadata":
			var m struct {
				Title        string `yaml:"title"`
				Organization string `yaml:"organization"`
				Workload     string `yaml:"workload"`
				Assessor     string `yaml:"assessor"`
				Facilitator  string `yaml:"facilitator"`
			}
			if err := v.Decode(&m); err != nil {
				ps = append(ps, Problem{Line: v.Line, Path: "metadata", Message: yamlMsg(err)})
				continue
			}
			a.Metadata = Metadata{Title: m.Title, Organization: m.Organization, Workload: m.Workload, Assessor: m.Assessor, Facilitator: m.Facilitator}
		case "scope":
			if err := v.Decode(&a.Scope); err != nil {
				ps = append(ps, Problem{Line: v.Line, Path: "scope", Message: "expected a list of environment IDs"})
			}
		case "answers":
			ps = append(ps, parseAnswers(v, b, a.Answers)...)
		case "acceptances":
			accs, aps := parseAcceptances(v, b)
			ps = append(ps, aps...)
			a.Acceptances = accs
		default:
			ps = append(ps, Problem{Line: k.Line, Path: k.Value, Message: "unknown key; allowed: metadata, scope, answers, acceptances"})
		}
	}
	if len(ps) > 0 {
		return nil, &LoadError{File: name, Problems: ps}
	}
	return a, nil
}

func parseAnswers(n *yaml.Node, b *Bank, out Answers) []Problem {
	if n.Kind != yaml.MappingNode {
		return []Problem{{Line: n.Line, Path: "answers", Message: "expected a mapping of question IDs to answers"}}
	}
	var ps []Problem
	keyLine := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := "answers." + k.Value
		if _, dup := keyLine[k.Value]; dup {
			continue // reported by duplicateKeys
		}
		keyLine[k.Value] = k.Line
		q, ok := b.Question(k.Value)
		if !ok {
			ps = append(ps, Problem{Line: k.Line, Path: path, Message: fmt.Sprintf("no such question in bank %s (see 'se06 questions')", b.Version)})
			continue
		}
		if _, dup := out[q.ID]; dup {
			ps = append(ps, Problem{Line: k.Line, Path: path, Message: fmt.Sprintf("answered twice (%s is also answered at line %d)", q.ID, keyLine[q.ID])})
			continue
		}
		a, err := answerFromNode(q, v)
		if err != "" {
			ps = append(ps, Problem{Line: v.Line, Path: path, Message: err})
			continue
		}
		a.Source = SourceUser
		for _, m := range ValidateAnswer(q, a) {
			ps = append(ps, Problem{Line: v.Line, Path: path, Message: m})
		}
		out[q.ID] = a
	}
	return ps
}

// answerFromNode accepts a scalar (a choice, text, or a state word), a list
// of choices, or a mapping with state, values, text, note, owner, followUp.
func answerFromNode(q *Question, v *yaml.Node) (Answer, string) {
	switch v.Kind {
	case yaml.ScalarNode:
		if st, ok := stateWord(v.Value); ok {
			return Answer{State: st}, ""
		}
		if q.Type == TypeText {
			return Answer{State: AnswerAnswered, Text: v.Value}, ""
		}
		return Answer{State: AnswerAnswered, Values: []string{normaliseChoice(q, v.Value)}}, ""
	case yaml.SequenceNode:
		var vals []string
		for _, c := range v.Content {
			if c.Kind != yaml.ScalarNode {
				return Answer{}, "list items must be choice IDs"
			}
			vals = append(vals, normaliseChoice(q, c.Value))
		}
		return Answer{State: AnswerAnswered, Values: vals}, ""
	case yaml.MappingNode:
		var m struct {
			State    string   `yaml:"state"`
			Values   []string `yaml:"values"`
			Value    string   `yaml:"value"`
			Text     string   `yaml:"text"`
			Note     string   `yaml:"note"`
			Owner    string   `yaml:"owner"`
			FollowUp string   `yaml:"followUp"`
		}
		if err := decodeKnown(v, &m); err != nil {
			return Answer{}, yamlMsg(err) + " (allowed keys: state, values, value, text, note, owner, followUp)"
		}
		a := Answer{Note: m.Note, Owner: m.Owner, FollowUp: m.FollowUp, Text: m.Text}
		if m.Value != "" {
			m.Values = append(m.Values, m.Value)
		}
		for _, val := range m.Values {
			a.Values = append(a.Values, normaliseChoice(q, val))
		}
		switch {
		case m.State != "":
			st, ok := stateWord(m.State)
			if !ok && m.State != string(AnswerAnswered) {
				return Answer{}, fmt.Sprintf("state %q is not one of: %s", m.State, joinStrings(answerStates()))
			}
			if !ok {
				st = AnswerAnswered
			}
			a.State = st
		case len(a.Values) > 0 || a.Text != "":
			a.State = AnswerAnswered
		default:
			return Answer{}, "give values, text or a state (answered, unsure, skipped, not-applicable)"
		}
		return a, ""
	}
	return Answer{}, "expected a choice, a list of choices or a mapping"
}

func normaliseChoice(q *Question, v string) string {
	if v == "unsure" && q.Type != TypeText {
		return v
	}
	if q.Type == TypeYesNo {
		switch strings.ToLower(v) {
		case "true", "yes", "y":
			return "yes"
		case "false", "no", "n":
			return "no"
		}
	}
	return v
}

func stateWord(s string) (AnswerState, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "unsure", "not sure", "not-sure", "?":
		return AnswerUnsure, true
	case "skip", "skipped":
		return AnswerSkipped, true
	case "n/a", "na", "not-applicable", "not applicable":
		return AnswerNotApplicable, true
	}
	return "", false
}

// duplicateKeys reports every key that appears twice in one mapping, at
// any depth, with the lines of both.
func duplicateKeys(n *yaml.Node, path string) []Problem {
	var ps []Problem
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch n.Kind {
	case yaml.MappingNode:
		first := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if line, dup := first[k.Value]; dup {
				ps = append(ps, Problem{Line: k.Line, Path: join(k.Value), Message: fmt.Sprintf("duplicate key %q (first at line %d); one of the two would be silently lost", k.Value, line)})
				continue
			}
			first[k.Value] = k.Line
			ps = append(ps, duplicateKeys(v, join(k.Value))...)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			ps = append(ps, duplicateKeys(c, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return ps
}

// parseAcceptances decodes and checks each acceptance on its own, so every
// problem carries the line of its own item (or of the field at fault).
func parseAcceptances(v *yaml.Node, b *Bank) ([]Acceptance, []Problem) {
	if v.Kind != yaml.SequenceNode {
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			return nil, nil
		}
		return nil, []Problem{{Line: v.Line, Path: "acceptances", Message: "expected a list of acceptances (findingId, justification, approver, expires)"}}
	}
	var accs []Acceptance
	var ps []Problem
	for i, item := range v.Content {
		path := fmt.Sprintf("acceptances[%d]", i)
		var acc Acceptance
		if err := decodeKnown(item, &acc); err != nil {
			ps = append(ps, Problem{Line: item.Line, Path: path, Message: yamlMsg(err) + " (allowed keys: findingId, environment, justification, approver, expires, compensatingControl)"})
			continue
		}
		for _, p := range validateAcceptances([]Acceptance{acc}, b) {
			p.Path = path + strings.TrimPrefix(p.Path, "acceptances[0]")
			p.Line = item.Line
			field := p.Path[strings.LastIndex(p.Path, ".")+1:]
			for j := 0; item.Kind == yaml.MappingNode && j+1 < len(item.Content); j += 2 {
				if item.Content[j].Value == field {
					p.Line = item.Content[j].Line
				}
			}
			ps = append(ps, p)
		}
		accs = append(accs, acc)
	}
	return accs, ps
}

func decodeKnown(n *yaml.Node, v any) error {
	// Node.Decode has no strict mode; re-encode and decode strictly so unknown keys are reported.
	data, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	return decodeStrict(data, v)
}

// yamlMsg cleans a decoding error. Its "line N:" counts lines of the
// re-encoded part, not of the file, so it goes; the caller gives the line.
func yamlMsg(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	s = strings.TrimPrefix(s, "unmarshal errors:\n  ")
	return yamlLinePrefix.ReplaceAllString(s, "")
}

var yamlLinePrefix = regexp.MustCompile(`(?m)^\s*line \d+: `)

// Now is a helper for callers that need the wall clock in UTC, truncated to
// seconds so saved files stay readable.
func Now() time.Time { return time.Now().UTC().Truncate(time.Second) }
