package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppwaf/se06/report"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestDiffJSONMatchesSchema: 'se06 diff --json' has one documented shape,
// $defs/diff of report/schema/result.schema.json: lower-case keys and []
// for empty lists, also when nothing changed.
func TestDiffJSONMatchesSchema(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(report.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("result.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("result.schema.json#/$defs/diff")
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	dir := t.TempDir()
	a := saveExample(t, dir)
	empty := filepath.Join(dir, "empty.yaml")
	if err := os.WriteFile(empty, []byte("metadata:\n  title: Empty\nanswers: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b := filepath.Join(dir, "b.se06.json")
	if code, _, stderr := runCLI(t, "assess", "--answers", empty, "--save", b); code != exitOK {
		t.Fatalf("assess: %s", stderr)
	}
	same := filepath.Join(dir, "same.se06.json")
	data, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(same, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_ = same
	for _, pair := range [][2]string{{a, b}, {b, a}} {
		code, stdout, stderr := runCLI(t, "diff", "--json", "-", pair[0], pair[1])
		if code != exitOK {
			t.Fatalf("diff: %d %s", code, stderr)
		}
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
		if err != nil {
			t.Fatalf("not JSON: %v", err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("diff --json %s %s does not match $defs/diff: %v", filepath.Base(pair[0]), filepath.Base(pair[1]), err)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(stdout), &m); err != nil {
			t.Fatal(err)
		}
		for k, val := range m {
			if val == nil {
				t.Errorf("diff --json has null for %q", k)
			}
		}
	}
}
