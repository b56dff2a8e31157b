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
	for _, key := range []string{"sections", "dataStates", "findings", "conflicts", "questions", "acceptances"} {
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
	if !strings.Contains(string(data), `"provenance": {`) {
		t.Error("no evidence provenance in the JSON")
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
