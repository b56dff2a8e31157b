package assess

import (
	"strings"
	"testing"
)

// TestKindNotAStringLengthLimit: a kind that is not a string is quoted in
// the message only while it is short: under 64 bytes of JSON (kind.go), so
// a huge value is never echoed. 63 bytes are named, 64 are not.
func TestKindNotAStringLengthLimit(t *testing.T) {
	b := miniBank(t)
	for _, n := range []int{1, 63, 64, 65} {
		v := strings.Repeat("7", n)
		doc := `{"kind":` + v + `,"schemaVersion":1,"answers":{}}`
		_, _, err := ParseAssessment([]byte(doc), "a.json", b)
		if err == nil {
			t.Fatalf("kind of %d digits: accepted", n)
		}
		named := strings.Contains(err.Error(), `kind "`+v+`" is not one se06 writes`)
		if named != (n < 64) {
			t.Errorf("kind of %d digits: named %v, want %v: %v", n, named, n < 64, err)
		}
	}
}

// TestKindFromFields: a file without "kind" is recognised by a field only
// its kind has; fields of two kinds identify nothing (kind.go).
func TestKindFromFields(t *testing.T) {
	cases := []struct {
		doc, declared, guessed string
	}{
		{`{"kind":"result","answers":{}}`, "result", ""},
		{`{"answers":{}}`, "", KindAssessment},
		{`{"progress":{}}`, "", KindAssessment},
		{`{"answers":{},"progress":{}}`, "", KindAssessment},
		{`{"grade":{}}`, "", KindResult},
		{`{"findings":[]}`, "", KindResult},
		{`{"evaluatedAt":"x"}`, "", KindResult},
		{`{"oldGrade":"A"}`, "", KindDiff},
		{`{"resolved":[]}`, "", KindDiff},
		{`{"environments":[]}`, "", KindSnapshot},
		{`{"tenant":{}}`, "", KindSnapshot},
		{`{"checks":{}}`, "", KindSnapshot},
		{`{"answers":{},"environments":[]}`, "", ""},
		{`{"schemaVersion":1}`, "", ""},
		{`not json`, "", ""},
	}
	for _, c := range cases {
		d, g := fileKind([]byte(c.doc))
		if d != c.declared || g != c.guessed {
			t.Errorf("%s: declared %q guessed %q, want %q %q", c.doc, d, g, c.declared, c.guessed)
		}
	}
}

// TestCheckKindMessages: each outcome of checkKind in the words its doc
// promises: the right kind passes, another declared kind is named with its
// writer, a guessed one "looks like", an unidentifiable one is a warning
// unless strict.
func TestCheckKindMessages(t *testing.T) {
	cases := []struct {
		doc    string
		strict bool
		warn   bool
		err    string
	}{
		{`{"kind":"snapshot"}`, true, false, ""},
		{`{"kind":"result"}`, true, false, "s.json is an se06 result file (written by --json), not a facts snapshot; --facts takes snapshot files (written by 'se06 collect')"},
		{`{"kind":"thing"}`, false, false, `s.json: kind "thing" is not one se06 writes (snapshot, assessment, result, diff); --facts takes snapshot files`},
		{`{"answers":{}}`, true, false, "s.json looks like an se06 assessment file (written by the wizard or 'se06 assess --save'), not a facts snapshot; --facts takes snapshot files (written by 'se06 collect')"},
		{`{"tenant":{}}`, true, true, ""},
		{`{"schemaVersion":1}`, false, true, ""},
		{`{"schemaVersion":1}`, true, false, "s.json has no kind and none of the fields of a facts snapshot; --facts takes snapshot files (written by 'se06 collect')"},
	}
	for _, c := range cases {
		p, err := checkKind([]byte(c.doc), "s.json", KindSnapshot, "--facts", c.strict)
		if (p != nil) != c.warn {
			t.Errorf("%s strict=%v: warning %v, want %v", c.doc, c.strict, p, c.warn)
		}
		if p != nil && (!p.Warning || p.Path != "kind" || !strings.Contains(p.Message, "read as a facts snapshot")) {
			t.Errorf("%s: warning %+v", c.doc, *p)
		}
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.err {
			t.Errorf("%s strict=%v:\n got %q\nwant %q", c.doc, c.strict, got, c.err)
		}
	}
}
