package assess

import (
	"os"
	"testing"
)

// FuzzParseAssessment: no input may panic the loader, and whatever loads
// must evaluate and save again.
func FuzzParseAssessment(f *testing.F) {
	b, err := LoadBankFS(os.DirFS("testdata/minibank"))
	if err != nil {
		f.Fatal(err)
	}
	good, _ := sampleAssessment(b).Marshal()
	f.Add(good)
	f.Add([]byte(`{"schemaVersion":1}`))
	f.Add([]byte(`{"schemaVersion":1,"answers":{"AR-01":{"state":"answered","values":["cmk"]}},"acceptances":[{"findingId":"AR-01","justification":"j","approver":"a","expires":"2027-01-01"}]}`))
	f.Add([]byte(`{"schemaVersion":2}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, _, err := ParseAssessment(data, "fuzz.json", b)
		if err != nil {
			return
		}
		if _, err := Evaluate(a.Input(b, testNow)); err != nil {
			t.Fatalf("loaded but does not evaluate: %v", err)
		}
		out, err := a.Marshal()
		if err != nil {
			t.Fatalf("loaded but does not marshal: %v", err)
		}
		if _, _, err := ParseAssessment(out, "again.json", b); err != nil {
			t.Fatalf("saved form does not load again: %v\n%s", err, out)
		}
	})
}

// FuzzParseAnswersFile: no YAML input may panic the answers loader.
func FuzzParseAnswersFile(f *testing.F) {
	b, err := LoadBankFS(os.DirFS("testdata/minibank"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("answers:\n  SC-01: high\n  AR-03: [a, b]\n"))
	f.Add([]byte("answers:\n  AR-01: {state: unsure, owner: x}\nacceptances:\n  - {findingId: AR-01}\n"))
	f.Add([]byte("metadata: {title: t}\nscope: [a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseAnswersFile(data, "fuzz.yaml", b)
		if err != nil {
			return
		}
		if _, err := Evaluate(a.Input(b, testNow)); err != nil {
			t.Fatalf("loaded but does not evaluate: %v", err)
		}
	})
}
