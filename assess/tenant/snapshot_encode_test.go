package tenant

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// TestMarshalSnapshotLayout: a snapshot is indented JSON with one
// environment per line (also with hostile names: a line break, escapes,
// bidi, quotes, a fake "environments" key), in order, and it reads back
// to the same facts; no environments gives the plain indented document.
func TestMarshalSnapshotLayout(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 64, 1001} {
		f := &assess.Facts{SchemaVersion: assess.FactsSchemaVersion, TenantID: "t", Identity: "\n  \"environments\": null",
			Policies: []assess.EnterprisePolicy{{ID: "p"}}, Checks: []assess.CheckRun{{Name: "environments"}}}
		if n > 0 {
			f.Environments = make([]assess.Environment, n)
		}
		for i := range f.Environments {
			e := &f.Environments[i]
			e.ID = fmt.Sprintf("env-%d", i)
			e.Name = fmt.Sprintf("Env %d\n\u202e\x1b[31m \"environments\": null </script>", i)
			e.Geo = "europe"
			if i%7 == 0 {
				e.CMK = &assess.CMKLink{ResourceID: "/subscriptions/s/policies/p" + fmt.Sprint(i)}
			}
		}
		data, err := MarshalSnapshot(f)
		if err != nil {
			t.Fatal(err)
		}
		back, err := assess.ParseFacts(data, "snapshot")
		if err != nil {
			t.Fatalf("%d environments: %v", n, err)
		}
		if !reflect.DeepEqual(back.Environments, f.Environments) || back.Identity != f.Identity || len(back.Policies) != 1 {
			t.Errorf("%d environments: read back differently", n)
		}
		if n == 0 {
			want, _ := json.MarshalIndent(f, "", "  ")
			if string(data) != string(want)+"\n" {
				t.Errorf("no environments: not the indented document")
			}
			continue
		}
		lines := strings.Split(string(data), "\n")
		var envLines []string
		for _, l := range lines {
			if strings.HasPrefix(l, `    {"provenance":`) {
				envLines = append(envLines, l)
			}
		}
		if len(envLines) != n {
			t.Fatalf("%d environments on %d lines of their own", n, len(envLines))
		}
		for i, l := range envLines {
			var e assess.Environment
			if err := json.Unmarshal([]byte(strings.TrimSuffix(l, ",")), &e); err != nil || e.ID != fmt.Sprintf("env-%d", i) {
				t.Fatalf("line %d: %v, id %q", i, err, e.ID)
			}
		}
		if !strings.Contains(string(data), "\n  \"environments\": [\n    {") || !strings.Contains(string(data), "}\n  ],\n  \"enterprisePolicies\": [\n    {") {
			t.Errorf("%d environments: the list is not laid out in the document:\n%.400s", n, data)
		}
	}
}
