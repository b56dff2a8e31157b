package assess

import (
	"encoding/json"
	"fmt"
)

// Every file se06 writes says what it is with a "kind" beside its
// "schemaVersion", so each flag takes only its own kind of file and a wrong
// one is named rather than half-read.
const (
	KindSnapshot   = "snapshot"   // 'se06 collect': tenant facts
	KindAssessment = "assessment" // the wizard, 'se06 assess --save'
	KindResult     = "result"     // --json: the evaluated result
	KindDiff       = "diff"       // 'se06 diff --json'
)

// kindWriters says which command writes each kind, for messages.
var kindWriters = map[string]string{
	KindSnapshot:   "'se06 collect'",
	KindAssessment: "the wizard or 'se06 assess --save'",
	KindResult:     "--json",
	KindDiff:       "'se06 diff --json'",
}

// kindFields are top-level fields only one kind has; they identify files
// written before "kind" existed.
var kindFields = []struct{ field, kind string }{
	{"answers", KindAssessment},
	{"progress", KindAssessment},
	{"grade", KindResult},
	{"findings", KindResult},
	{"evaluatedAt", KindResult},
	{"oldGrade", KindDiff},
	{"resolved", KindDiff},
	{"environments", KindSnapshot},
	{"tenant", KindSnapshot},
	{"checks", KindSnapshot},
}

// fileKind reads a document's declared kind and, when it has none, the kind
// its fields show ("" when they show none or several).
func fileKind(data []byte) (declared, guessed string) {
	// present marks a field without copying its value: a snapshot of
	// 10,000 environments is read twice otherwise.
	var top map[string]present
	if json.Unmarshal(data, &top) != nil {
		return "", ""
	}
	if p, ok := top["kind"]; ok {
		return p.text, ""
	}
	for _, kf := range kindFields {
		if _, ok := top[kf.field]; !ok {
			continue
		}
		if guessed != "" && guessed != kf.kind {
			return "", ""
		}
		guessed = kf.kind
	}
	return "", guessed
}

// present records that a field is there, and its text when it is a string.
type present struct{ text string }

func (p *present) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		if json.Unmarshal(b, &p.text) == nil && p.text != "" {
			return nil
		}
	}
	if len(b) < 64 {
		p.text = string(b)
	}
	return nil
}

// checkKind refuses a document of another kind than want, naming the kind
// it is. A document without a kind (written before se06 wrote one) is
// accepted when its fields show it is of the wanted kind; the returned
// problem is then a warning that says so.
// An unidentifiable document is refused when strict, otherwise read (with
// the warning) and left to the strict decoder to name what is wrong.
func checkKind(data []byte, name, want, flagHint string, strict bool) (*Problem, error) {
	declared, guessed := fileKind(data)
	wrong := func(kind, how string) error {
		by := kindWriters[kind]
		if by == "" {
			return fmt.Errorf("%s: kind %q is not one se06 writes (%s); %s takes %s files", name, kind, "snapshot, assessment, result, diff", flagHint, want)
		}
		return fmt.Errorf("%s %s an se06 %s file (written by %s), not %s; %s takes %s files (written by %s)", name, how, kind, by, article(want), flagHint, want, kindWriters[want])
	}
	switch {
	case declared == want:
		return nil, nil
	case declared != "":
		return nil, wrong(declared, "is")
	case guessed == want, guessed == "" && !strict:
		return &Problem{Path: "kind", Warning: true, Message: fmt.Sprintf("missing (written by an se06 before files carried their kind); read as %s", article(want))}, nil
	case guessed != "":
		return nil, wrong(guessed, "looks like")
	}
	return nil, fmt.Errorf("%s has no kind and none of the fields of %s; %s takes %s files (written by %s)", name, article(want), flagHint, want, kindWriters[want])
}

func article(kind string) string {
	switch kind {
	case KindAssessment:
		return "an assessment"
	case KindSnapshot:
		return "a facts snapshot"
	}
	return "a " + kind
}
