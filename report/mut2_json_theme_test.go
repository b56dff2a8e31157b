package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// The JSON document's own parts (docs/report.md: lists are never null; a
// "changes" object only with --compare; the generator names the build) and
// the contrast formula (WCAG 2), by hand.

func TestMut2JSONDocument(t *testing.T) {
	res := &assess.Result{Metadata: assess.Metadata{Title: "J"}}
	doc, err := jsonDocument(Input{Result: res, ToolVersion: "v3"})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Kind != assess.KindResult || doc.Generator != "se06 v3" || doc.Changes != nil {
		t.Errorf("kind %q, generator %q, changes %v", doc.Kind, doc.Generator, doc.Changes)
	}
	if doc.Findings == nil || doc.Conflicts == nil || doc.Questions == nil || doc.Sections == nil || doc.DataStates == nil ||
		doc.Accepted == nil || doc.Overdue == nil || doc.Sources == nil || doc.ControlFrameworks == nil {
		t.Errorf("a list of the document is null")
	}
	if res.Findings != nil {
		t.Errorf("jsonDocument changed the caller's result")
	}
	if len(doc.ControlFrameworks) != 0 {
		t.Errorf("control frameworks without a bank: %v", doc.ControlFrameworks)
	}
	doc, err = jsonDocument(Input{Bank: loadBank(t), Result: res, Previous: &assess.Result{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.ControlFrameworks) != 4 || doc.ControlFrameworks[0].ID != "iso27001" {
		t.Errorf("control frameworks of the pinned bank = %v, want its four", doc.ControlFrameworks)
	}
	if doc.Changes == nil || doc.Changes.New == nil || doc.Changes.Resolved == nil || doc.Changes.Worsened == nil || doc.Changes.Improved == nil ||
		doc.Changes.Changed == nil || doc.Changes.Answers == nil || doc.Changes.NewConflicts == nil || doc.Changes.ResolvedConflicts == nil ||
		doc.Changes.Scores == nil || doc.Changes.PreviousSources == nil {
		t.Errorf("a list of the changes is null: %+v", doc.Changes)
	}
	var buf bytes.Buffer
	if err := JSON(&buf, Input{Result: res, Previous: &assess.Result{}}); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back["changes"] == nil || back["kind"] != "result" || back["findings"] == nil {
		t.Errorf("the JSON lacks changes, kind or findings: %v", back["kind"])
	}
	if s := Schema(); len(s) == 0 || !json.Valid(s) {
		t.Errorf("Schema is not JSON")
	}
	s := Schema()
	s[0] = 'X'
	if Schema()[0] == 'X' {
		t.Errorf("Schema returns the embedded bytes, not a copy")
	}
}

func TestMut2Contrast(t *testing.T) {
	for _, c := range []struct {
		a, b     color
		min, max float64
	}{
		{0xFFFFFF, 0x000000, 20.99, 21.01}, // either order
		{0x000000, 0xFFFFFF, 20.99, 21.01},
		{0xFFFFFF, 0x767676, 4.53, 4.55},
		{0x808080, 0x808080, 1, 1},
		// #0A0A0A: 10/255 = 0.0392, under the 0.03928 knee: L = 0.0392/12.92 = 0.00304; (1.05)/(0.05304) = 19.80
		{0xFFFFFF, 0x0A0A0A, 19.7, 19.8},
	} {
		if r := contrast(c.a, c.b); r < c.min || r > c.max {
			t.Errorf("contrast(#%06X, #%06X) = %.3f, want %.2f to %.2f", uint32(c.a), uint32(c.b), r, c.min, c.max)
		}
	}
	if r, g, b := color(0x123456).rgb(); r != 0x12 || g != 0x34 || b != 0x56 {
		t.Errorf("rgb = %x %x %x", r, g, b)
	}
}
