package assess

import (
	"strings"
	"testing"
)

// TestKinds: each loader takes only its own kind and names the kind it got;
// old files without a kind are read when their fields are unambiguous, with
// a warning that says so.
func TestKinds(t *testing.T) {
	b := miniBank(t)
	env := `"environments":[{"id":"e","provenance":{"status":"ok"}}]`
	facts := []struct {
		name, doc string
		want      string // error substring; "" means accepted
		warn      bool
	}{
		{"snapshot", `{"kind":"snapshot","schemaVersion":1,` + env + `}`, "", false},
		{"old snapshot", `{"schemaVersion":1,` + env + `}`, "", true},
		{"bare version", `{"schemaVersion":1}`, "has no kind and none of the fields of a facts snapshot", false},
		{"assessment", `{"kind":"assessment","schemaVersion":1,"answers":{}}`, "is an se06 assessment file (written by the wizard or 'se06 assess --save'), not a facts snapshot; --facts takes snapshot files", false},
		{"old assessment", `{"schemaVersion":1,"metadata":{"title":"x"},"answers":{}}`, "looks like an se06 assessment file", false},
		{"result", `{"kind":"result","schemaVersion":1,"grade":{}}`, "is an se06 result file (written by --json)", false},
		{"old result", `{"schemaVersion":1,"evaluatedAt":"2026-01-01T00:00:00Z","findings":[]}`, "looks like an se06 result file", false},
		{"diff", `{"kind":"diff","schemaVersion":1}`, "is an se06 diff file", false},
		{"foreign kind", `{"kind":"sbom","schemaVersion":1}`, `kind "sbom" is not one se06 writes`, false},
	}
	for _, c := range facts {
		f, warns, err := ParseFactsFile([]byte(c.doc), "f.json")
		switch {
		case c.want == "" && err != nil:
			t.Errorf("facts %s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("facts %s: got %v, want %q", c.name, err, c.want)
		case c.want == "" && (len(warns) > 0) != c.warn:
			t.Errorf("facts %s: warnings %v, want warning=%v", c.name, warns, c.warn)
		case c.want == "" && f.Kind != KindSnapshot:
			t.Errorf("facts %s: kind %q", c.name, f.Kind)
		}
		if c.warn && (len(warns) == 0 || !strings.Contains(warns[0].String(), "read as a facts snapshot")) {
			t.Errorf("facts %s: the warning does not say how it was read: %v", c.name, warns)
		}
	}
	for _, c := range []struct{ name, doc, want string }{
		{"snapshot", `{"kind":"snapshot","schemaVersion":1,` + env + `}`, "is an se06 snapshot file (written by 'se06 collect'), not an assessment"},
		{"old snapshot", `{"schemaVersion":1,` + env + `}`, "looks like an se06 snapshot file"},
		{"result", `{"kind":"result","schemaVersion":1}`, "is an se06 result file"},
	} {
		if _, _, err := ParseAssessment([]byte(c.doc), "a.json", b); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("assessment from %s: got %v, want %q", c.name, err, c.want)
		}
	}
	_, warns, err := ParseAssessment([]byte(`{"schemaVersion":1,"answers":{}}`), "old.json", b)
	if err != nil || len(warns) != 1 || !strings.Contains(warns[0].String(), "read as an assessment") {
		t.Errorf("old assessment: %v %v", warns, err)
	}
	a := NewAssessment(b, Metadata{Title: "x"}, "test", testNow)
	data, _ := a.Marshal()
	if !strings.HasPrefix(string(data), "{\n  \"kind\": \"assessment\",\n  \"schemaVersion\": 1,") {
		t.Errorf("a saved assessment does not start with its kind:\n%.80s", data)
	}
}
