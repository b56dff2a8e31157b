package assess

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
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

func TestPluralHelpers(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{nOf(1, "key", "keys"), "1 key"},
		{nOf(0, "key", "keys"), "0 keys"},
		{nOf(3, "key", "keys"), "3 keys"},
		{allOf(1, "key vault", "key vaults"), "The key vault"},
		{allOf(2, "key vault", "key vaults"), "All 2 key vaults"},
		{verb(1, "has", "have"), "has"},
		{verb(2, "has", "have"), "have"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestCheckSummariesSpellPluralsOut runs every check on healthy facts with one
// and with several resources: no sentence may fall back to "(s)".
func TestCheckSummariesSpellPluralsOut(t *testing.T) {
	b := mustBank(t)
	one := healthyFacts()
	several := healthyFacts()
	addCMKEnv(several, "2")
	for name, f := range map[string]*Facts{"one": one, "several": several} {
		in := CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Answers: Answers{"RS-01": answered("europe")}, Now: testNow, Hosting: b.AIHosting}
		for _, def := range checkTable() {
			o := runCheck(def, in)
			texts := []string{o.Summary, o.Reason}
			for _, e := range o.Evidence {
				texts = append(texts, e.Text)
			}
			for _, s := range texts {
				if strings.Contains(s, "(s)") {
					t.Errorf("%s facts, check %s: %q", name, def.Name, s)
				}
			}
		}
	}
}

// TestSeverityReasonValidated: a rule without a one-line severity reason is
// refused, naming the question and rule.
func TestSeverityReasonValidated(t *testing.T) {
	base := os.DirFS("testdata/minibank")
	ar, err := fs.ReadFile(base, "ar.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := func(ar string) fstest.MapFS {
		m := fstest.MapFS{"ar.yaml": {Data: []byte(ar)}}
		for _, name := range []string{"bank.yaml", "sc.yaml"} {
			data, err := fs.ReadFile(base, name)
			if err != nil {
				t.Fatal(err)
			}
			m[name] = &fstest.MapFile{Data: data}
		}
		return m
	}
	if _, err := LoadBankFS(files(string(ar))); err != nil {
		t.Fatalf("unchanged test bank: %v", err)
	}
	for _, tc := range []struct{ name, to, want string }{
		{"missing", "", "severityReason is required"},
		{"two lines", `severityReason: "one\ntwo"`, "must be one line"},
		{"too long", `severityReason: "` + strings.Repeat("x", maxSeverityReason+1) + `"`, "must be one line of at most"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(string(ar), `severityReason: "Test bank rule."`, tc.to, 1)
			_, err := LoadBankFS(files(bad))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "question AR-01 rule") {
				t.Errorf("error %v, want %q naming the question and rule", err, tc.want)
			}
		})
	}
}
