package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("result.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("result.schema.json")
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	return sch
}

func mustJSON(t testing.TB, in Input) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := JSON(&buf, in); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	return buf.Bytes()
}

func validate(t testing.TB, sch *jsonschema.Schema, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("output does not match the schema: %v", err)
	}
}

func TestJSONMatchesSchema(t *testing.T) {
	sch := compileSchema(t)
	in := realisticInput(t, 14)
	validate(t, sch, mustJSON(t, in))

	_, prev := makeAssessment(t, in.Bank, makeFacts(2, 1))
	in.Previous = prev
	withChanges := mustJSON(t, in)
	validate(t, sch, withChanges)
	if !bytes.Contains(withChanges, []byte(`"changes": {`)) {
		t.Error("--compare: no changes in the JSON")
	}

	b := loadBank(t)
	// The demo tenant exercises what the live checks produce (partly
	// readable vaults, conclusive observations).
	validate(t, sch, mustJSON(t, demoInput(t)))

	asm, answersOnly := makeAssessment(t, b, nil)
	validate(t, sch, mustJSON(t, Input{Bank: b, Assessment: asm, Result: answersOnly, Now: testNow}))

	empty := mustJSON(t, Input{Result: &assess.Result{SchemaVersion: assess.ResultSchemaVersion}})
	validate(t, sch, empty)
	var top map[string]any
	if err := json.Unmarshal(empty, &top); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"sections", "dataStates", "findings", "conflicts", "questions", "acceptances", "sources"} {
		if _, ok := top[key].([]any); !ok {
			t.Errorf("empty result: %s is %v, want a list", key, top[key])
		}
	}
}

func TestJSONContent(t *testing.T) {
	in := realisticInput(t, 4)
	data := mustJSON(t, in)
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["schemaVersion"] != float64(assess.ResultSchemaVersion) || doc["generator"] != "se06 v1.2.3" {
		t.Errorf("schemaVersion %v, generator %v", doc["schemaVersion"], doc["generator"])
	}
	findings := doc["findings"].([]any)
	if len(findings) != len(in.Result.Findings) {
		t.Fatalf("%d findings, want %d", len(findings), len(in.Result.Findings))
	}
	// Finding IDs are stable: the same input gives the same IDs in the same order.
	again := mustJSON(t, realisticInput(t, 4))
	if !bytes.Equal(data, again) {
		t.Error("two JSON renders of the same input differ")
	}
	if !strings.Contains(string(data), `"id": "AR-02.cmk-missing"`) {
		t.Error("no stable rule finding ID AR-02.cmk-missing")
	}
	if !strings.Contains(string(data), `"source": 1`) || !strings.Contains(string(data), `"sources": [`) {
		t.Error("no evidence sources in the JSON")
	}
	if in.Result.Findings == nil || in.Result.Metadata.Title == "" {
		t.Error("JSON changed its input")
	}
}

// TestJSONActionPlan: the demo tenant's JSON carries the roadmap, the
// controls and the generated commands, and still matches the schema.
func TestJSONActionPlan(t *testing.T) {
	data := mustJSON(t, demoInput(t))
	validate(t, compileSchema(t), data)
	var doc struct {
		Findings   []assess.Finding   `json:"findings"`
		ActionPlan []assess.Action    `json:"actionPlan"`
		Frameworks []assess.Framework `json:"controlFrameworks"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	open := 0
	for _, f := range doc.Findings {
		if f.State.Open() {
			open++
		}
	}
	if len(doc.ActionPlan) != open || len(doc.Frameworks) != 4 {
		t.Fatalf("%d actions for %d open findings, %d frameworks", len(doc.ActionPlan), open, len(doc.Frameworks))
	}
	for _, a := range doc.ActionPlan {
		if a.FindingID != "KM-01.purge-protection-off" {
			continue
		}
		if a.Bucket != assess.BucketNow || a.Due != "2026-12-27" || len(a.Commands) != 3 || a.Commands[1].Text !=
			"az keyvault update --subscription '6d0c4f1e-3b7a-4c55-9e0a-2f8d1c9b7a10' --resource-group 'rg-fabrikam-cmk' --name 'kv-fab-asia' --enable-purge-protection true" {
			t.Errorf("KM-01.purge-protection-off: %+v", a)
		}
		return
	}
	t.Error("no action for KM-01.purge-protection-off")
}

// TestJSONStreamIsMarshalIndent: the streamed document is byte for byte
// what encoding/json's MarshalIndent gives for the same value, with and
// without changes, for a tenant, the demo tenant and answers only.
func TestJSONStreamIsMarshalIndent(t *testing.T) {
	in := realisticInput(t, 14)
	_, prev := makeAssessment(t, in.Bank, makeFacts(2, 1))
	withPrev := in
	withPrev.Previous = prev
	b := loadBank(t)
	asm, answersOnly := makeAssessment(t, b, nil)
	for name, in := range map[string]Input{"tenant": in, "compare": withPrev, "demo": demoInput(t),
		"answers only": {Bank: b, Assessment: asm, Result: answersOnly, Now: testNow},
		"empty":        {Result: &assess.Result{SchemaVersion: assess.ResultSchemaVersion}}} {
		doc, err := jsonDocument(in)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, '\n')
		if got := mustJSON(t, in); !bytes.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: streamed JSON differs from MarshalIndent at byte %d: %q versus %q", name, i,
				got[max(i-80, 0):min(i+80, len(got))], want[max(i-80, 0):min(i+80, len(want))])
		}
	}
}

// TestJSONSourcesResolve: every source a subject, an evidence line or a
// conflict cites is in the document's sources, listed once; what changes
// takes from the previous result resolves in previousSources.
func TestJSONSourcesResolve(t *testing.T) {
	in := realisticInput(t, 14)
	_, prev := makeAssessment(t, in.Bank, makeFacts(2, 1))
	in.Previous = prev
	var doc struct {
		assess.Result
		Changes struct {
			PreviousSources []assess.Source  `json:"previousSources"`
			Resolved        []assess.Finding `json:"resolved"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(mustJSON(t, in), &doc); err != nil {
		t.Fatal(err)
	}
	table := func(name string, ss []assess.Source) map[assess.SourceID]bool {
		ids := map[assess.SourceID]bool{}
		seen := map[assess.Provenance]bool{}
		for i, s := range ss {
			if s.ID != assess.SourceID(i+1) || s.Source == "" || s.Family == "" {
				t.Errorf("%s[%d] = %+v: want id %d, a request and its family", name, i, s, i+1)
			}
			if seen[s.Provenance] {
				t.Errorf("%s: %+v listed twice", name, s.Provenance)
			}
			seen[s.Provenance], ids[s.ID] = true, true
		}
		return ids
	}
	cur, old := table("sources", doc.Sources), table("previousSources", doc.Changes.PreviousSources)
	if len(cur) == 0 {
		t.Fatal("no sources")
	}
	cited := 0
	check := func(ids map[assess.SourceID]bool, where string, id assess.SourceID) {
		if id == 0 {
			return
		}
		cited++
		if !ids[id] {
			t.Errorf("%s cites source %d, which is not listed", where, id)
		}
	}
	findings := func(ids map[assess.SourceID]bool, fs []assess.Finding) {
		for _, f := range fs {
			for _, s := range f.Affected {
				check(ids, f.ID+" "+s.Name, s.Source)
			}
			for _, e := range f.Evidence {
				check(ids, f.ID+" evidence", e.Source)
			}
		}
	}
	findings(cur, doc.Findings)
	findings(old, doc.Changes.Resolved)
	for _, c := range doc.Conflicts {
		for _, id := range c.Sources {
			check(cur, c.QuestionID+" conflict", id)
		}
		for _, s := range c.Affected {
			check(cur, c.QuestionID+" conflict "+s.Name, s.Source)
		}
	}
	for _, q := range doc.Questions {
		if o := q.Observation; o != nil {
			for _, e := range o.Evidence {
				check(cur, q.QuestionID+" observation", e.Source)
			}
		}
	}
	if cited < len(cur) {
		t.Errorf("%d citations for %d sources", cited, len(cur))
	}
}
