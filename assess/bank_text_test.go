package assess

import (
	"io/fs"
	"strings"
	"testing"
)

// TestOpenItemPhrasing: an open (not sure) item reads the same way
// everywhere: "Not known whether …" (or which, how, where).
func TestOpenItemPhrasing(t *testing.T) {
	b := mustBank(t)
	for _, q := range b.Questions() {
		if q.Unsure == nil {
			t.Errorf("%s: no unsure block, so its open item would fall back to the generic title", q.ID)
			continue
		}
		if !strings.HasPrefix(q.Unsure.Title, "Not known ") {
			t.Errorf("%s: open item %q does not start with \"Not known\"", q.ID, q.Unsure.Title)
		}
	}
	mini := miniBank(t)
	res := evaluate(t, Input{Bank: mini, Answers: Answers{"SC-01": {State: AnswerUnsure}}})
	if f, ok := res.Finding("SC-01"); !ok || !strings.HasPrefix(f.Title, "Not known") {
		t.Errorf("generic open item title = %q, want it to start with \"Not known\"", f.Title)
	}
}

// TestBankPlurals: the bank spells plurals out ("keys", not "key(s)").
func TestBankPlurals(t *testing.T) {
	names, err := fs.Glob(bankFS, "bank/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		data, err := bankFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, "(s)") {
				t.Errorf("%s:%d: write the plural out: %s", name, i+1, strings.TrimSpace(line))
			}
		}
	}
}
