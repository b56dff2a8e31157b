package report

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"

	"github.com/ppwaf/se06/assess"
)

// resultSchema is the JSON Schema (draft 2020-12) of the JSON report.
//
//go:embed schema/result.schema.json
var resultSchema []byte

// Schema returns a copy of the JSON Schema that documents JSON's output.
func Schema() []byte { return append([]byte(nil), resultSchema...) }

// jsonDoc is the JSON report: the full result, the generator, and the
// changes since the previous assessment when there is one.
type jsonDoc struct {
	Kind string `json:"kind"` // assess.KindResult
	*assess.Result
	Generator string       `json:"generator"`
	Changes   *jsonChanges `json:"changes,omitempty"`
	// ActionPlan is the roadmap and the generated fixes, one per open finding.
	ActionPlan        []assess.Action    `json:"actionPlan"`
	ControlFrameworks []assess.Framework `json:"controlFrameworks"`
}

type jsonChanges struct {
	Previous assess.Metadata `json:"previous"`
	// PreviousSources are the previous result's sources: the findings and
	// conflicts taken from it refer to them.
	PreviousSources []assess.Source        `json:"previousSources"`
	OldGrade        assess.Grade           `json:"oldGrade"`
	NewGrade        assess.Grade           `json:"newGrade"`
	New             []assess.Finding       `json:"new"`
	Resolved        []assess.Finding       `json:"resolved"`
	Worsened        []assess.FindingChange `json:"worsened"`
	Improved        []assess.FindingChange `json:"improved"`
	Changed         []assess.FindingChange `json:"changed"`
	Answers         []assess.AnswerChange  `json:"answers"`
	// NewConflicts and ResolvedConflicts: answers the tenant contradicts now but did not before, and the reverse.
	NewConflicts      []assess.Conflict   `json:"newConflicts"`
	ResolvedConflicts []assess.Conflict   `json:"resolvedConflicts"`
	Scores            []assess.ScoreDelta `json:"scores"`
	Unchanged         int                 `json:"unchanged"`
	// Bank: what the question bank changed between the two assessments' bank versions.
	Bank *assess.BankDiff `json:"bank,omitempty"`
}

// JSON writes the full result as indented JSON, described by Schema(),
// streaming it to w.
// Lists are never null, so consumers can iterate without checks.
func JSON(w io.Writer, in Input) error {
	doc, err := jsonDocument(in)
	if err != nil {
		return err
	}
	// Streamed: the document is encoded value by value into a buffer that
	// is flushed as it fills, never built whole (105 MB for 10,000 environments).
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := streamJSON(bw, doc); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}

// jsonDocument is what JSON writes. Lists are never null.
func jsonDocument(in Input) (jsonDoc, error) {
	m, err := newModel(in)
	if err != nil {
		return jsonDoc{}, err
	}
	res := *m.res // a shallow copy: the caller's result is not changed
	res.Metadata = m.meta
	res.Sections = orEmpty(res.Sections)
	res.DataStates = orEmpty(res.DataStates)
	res.Findings = orEmpty(res.Findings)
	res.Conflicts = orEmpty(res.Conflicts)
	res.Questions = orEmpty(res.Questions)
	res.Accepted = orEmpty(res.Accepted)
	res.Overdue = orEmpty(res.Overdue)
	res.Sources = orEmpty(res.Sources)
	doc := jsonDoc{Kind: assess.KindResult, Result: &res, Generator: "se06 " + m.version, ActionPlan: m.actions, ControlFrameworks: []assess.Framework{}}
	if p := m.bank.Plan(); p != nil {
		doc.ControlFrameworks = orEmpty(p.Frameworks)
	}
	if d := m.diff; d != nil {
		doc.Changes = &jsonChanges{Previous: d.Old, PreviousSources: orEmpty(in.Previous.Sources), OldGrade: d.OldGrade, NewGrade: d.NewGrade,
			New: orEmpty(d.Added), Resolved: orEmpty(d.Resolved), Worsened: orEmpty(d.Worsened), Improved: orEmpty(d.Improved), Changed: orEmpty(d.Changed),
			Answers: orEmpty(d.Answers), NewConflicts: orEmpty(d.NewConflicts), ResolvedConflicts: orEmpty(d.ResolvedConflicts), Scores: orEmpty(d.Scores), Unchanged: d.Unchanged, Bank: d.Bank}
	}
	return doc, nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
