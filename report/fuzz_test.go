package report

import (
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// FuzzFactsSnapshot feeds arbitrary snapshot files through the whole path a
// user's --facts takes: parse, evaluate, then every output (PDF, JSON, CSV,
// Markdown). A snapshot the parser accepts must never make evaluation or a
// renderer panic or fail, and no plain-text output may carry a raw escape.
func FuzzFactsSnapshot(f *testing.F) {
	b := loadBank(f)
	asm, _ := makeAssessment(f, b, nil)
	seed := func(facts *assess.Facts) {
		facts.Kind = assess.KindSnapshot
		data, err := json.Marshal(facts)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	seed(makeFacts(3, 1))
	hostile := makeFacts(4, 2)
	for i, name := range []string{"\x1b]0;vault-pwned\x07", "\x1b[2J", "a\u202Eb", strings.Repeat("é", 300)} {
		hostile.Environments[i].Name = name
	}
	hostile.Vaults[0].Name = "\x9b31m"
	seed(hostile)
	f.Add([]byte(`{"kind":"snapshot","schemaVersion":1,"environments":[{"id":"e","geo":"","cmk":{"resourceId":""},"tls":{}}],"keys":[{"vaultId":"","expires":"0001-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"schemaVersion":1,"tenant":{"provenance":{"status":"error"}},"environments":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := assess.ParseFacts(data, "fuzz.json")
		if err != nil {
			return
		}
		a := *asm
		a.Facts = facts
		res, err := assess.Evaluate(a.Input(b, testNow))
		if err != nil {
			return // a snapshot the engine refuses with an error is fine; a panic is not
		}
		in := Input{Bank: b, Assessment: &a, Result: res, Now: testNow, ToolVersion: "fuzz"}
		for name, render := range map[string]func(io.Writer, Input) error{"PDF": PDF, "JSON": JSON, "CSV": CSV, "Markdown": Markdown} {
			var out strings.Builder
			if err := render(&out, in); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if name == "Markdown" && strings.ContainsAny(out.String(), "\x1b\u202e\u009b") {
				t.Fatalf("Markdown carries a raw escape or bidi override")
			}
		}
	})
}
