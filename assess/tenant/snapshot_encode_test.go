package tenant

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// TestMarshalSnapshotIsMarshalIndent: the snapshot encoded in parts (the
// environments spliced in by chunk) is byte for byte what
// json.MarshalIndent writes, for lists below and above the split size, with
// hostile names (a nested "environments" key, escapes, bidi, quotes).
func TestMarshalSnapshotIsMarshalIndent(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 65, 1001} {
		f := &assess.Facts{SchemaVersion: assess.FactsSchemaVersion, TenantID: "t", Identity: "\n  \"environments\": null",
			Policies: []assess.EnterprisePolicy{{ID: "p"}}, Checks: []assess.CheckRun{{Name: "environments"}}}
		if n > 0 {
			f.Environments = make([]assess.Environment, n)
		}
		for i := range f.Environments {
			e := &f.Environments[i]
			e.ID = fmt.Sprintf("env-%d", i)
			e.Name = fmt.Sprintf("Env %d \u202e\x1b[31m \"environments\": null </script>", i)
			e.Geo = "europe"
			if i%7 == 0 {
				e.CMK = &assess.CMKLink{ResourceID: "/subscriptions/s/policies/p" + fmt.Sprint(i)}
			}
		}
		got, err := MarshalSnapshot(f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.MarshalIndent(f, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, append(want, '\n')) {
			t.Errorf("%d environments: the spliced encoding differs from MarshalIndent", n)
		}
	}
}
