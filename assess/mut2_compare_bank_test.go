package assess

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// The bank's history (compare_bank.go): versions, what changed between two,
// and its validation; expectations from the doc comments.

func TestParseAndCompareVersions(t *testing.T) {
	for _, c := range []struct {
		v    string
		want []int
		ok   bool
	}{
		{"1.2.0", []int{1, 2, 0}, true}, {" v2.10 ", []int{2, 10}, true}, {"3", []int{3}, true},
		{"1.x", nil, false}, {"1.-1", nil, false}, {"", nil, false}, {"1..2", nil, false},
	} {
		got, ok := parseVersion(c.v)
		if ok != c.ok || !slices.Equal(got, c.want) {
			t.Errorf("parseVersion(%q) = %v %v, want %v %v", c.v, got, ok, c.want, c.ok)
		}
	}
	for _, c := range []struct {
		a, b string
		want int
	}{{"1.2.0", "1.10.0", -1}, {"1.10.0", "1.2.0", 1}, {"1.2.0", "1.2.0", 0}, {"x", "1.0.0", 0}, {"1.0.0", "x", 0}} {
		if got := compareVersions(c.a, c.b); got != c.want {
			t.Errorf("compareVersions(%q, %q) = %d", c.a, c.b, got)
		}
	}
	for v, want := range map[string]string{"1.2.0": "1.1.0", "2.5.3": "2.4.0", "1.0.0": "", "3": "", "x": "", "1.1": "1.0"} {
		if got := previousMinor(v); got != want {
			t.Errorf("previousMinor(%q) = %q, want %q", v, got, want)
		}
	}
}

func historyBank() *Bank {
	return &Bank{History: []BankRelease{
		{Version: "1.4.0", Changes: []BankChange{{Finding: "AR-02.cmk-missing", Change: "four"}}},
		{Version: "1.3.0", Changes: []BankChange{{Finding: "KM-01", Change: "three-a"}, {Finding: "MG-04", Change: "three-b"}}},
		{Version: "1.2.0", Changes: []BankChange{{Finding: "AR-01", Change: "two"}}},
	}}
}

// TestChangesBetween: the changes after from up to and including to, in
// either order, newest first; known only when the history reaches back to
// the older version (a release at or before it, or the oldest release
// directly after it).
func TestChangesBetween(t *testing.T) {
	b := historyBank()
	texts := func(cs []BankChange) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Version+":"+c.Change)
		}
		return strings.Join(s, " ")
	}
	cases := []struct {
		from, to string
		want     string
		known    bool
	}{
		{"1.2.0", "1.4.0", "1.4.0:four 1.3.0:three-a 1.3.0:three-b", true},
		{"1.4.0", "1.2.0", "1.4.0:four 1.3.0:three-a 1.3.0:three-b", true},
		{"1.3.0", "1.3.0", "", true},
		{"1.2.0", "1.3.0", "1.3.0:three-a 1.3.0:three-b", true},
		{"1.1.0", "1.4.0", "1.4.0:four 1.3.0:three-a 1.3.0:three-b 1.2.0:two", true},
		{"1.0.0", "1.4.0", "1.4.0:four 1.3.0:three-a 1.3.0:three-b 1.2.0:two", false},
		{"dev", "1.4.0", "", false},
	}
	for _, c := range cases {
		got, known := b.ChangesBetween(c.from, c.to)
		if texts(got) != c.want || known != c.known {
			t.Errorf("%s → %s: %q %v, want %q %v", c.from, c.to, texts(got), known, c.want, c.known)
		}
	}
	if _, known := (&Bank{}).ChangesBetween("1.0.0", "1.1.0"); known {
		t.Error("no history: known")
	}
}

// TestNoteBankChangesOpenFindings: set only when both results name different bank
// versions; changes to findings open in either (by finding or question ID)
// are listed, the rest counted.
func TestNoteBankChangesOpenFindings(t *testing.T) {
	b := historyBank()
	res := func(v string, fs ...Finding) *Result {
		return &Result{Metadata: Metadata{BankVersion: v}, Findings: fs}
	}
	open := func(id, q string) Finding { return Finding{ID: id, QuestionID: q, State: FindingFail} }
	var d Diff
	noteBankChanges(&d, b, res("1.2.0", open("AR-02.cmk-missing", "AR-02")), res("1.4.0", open("KM-01", "KM-01"), Finding{ID: "MG-04", QuestionID: "MG-04", State: FindingPass}))
	if d.Bank == nil || d.Bank.OldVersion != "1.2.0" || d.Bank.NewVersion != "1.4.0" || !d.Bank.Known || d.Bank.Other != 1 {
		t.Fatalf("bank diff %+v", d.Bank)
	}
	var got []string
	for _, c := range d.Bank.Affecting {
		got = append(got, c.Finding)
	}
	if !slices.Equal(got, []string{"AR-02.cmk-missing", "KM-01"}) {
		t.Errorf("affecting %v", got)
	}
	for _, c := range []struct{ ov, nv string }{{"", "1.4.0"}, {"1.2.0", ""}, {"1.4.0", "1.4.0"}} {
		var d Diff
		noteBankChanges(&d, b, res(c.ov), res(c.nv))
		if d.Bank != nil {
			t.Errorf("%q → %q: bank diff set", c.ov, c.nv)
		}
	}
	var d2 Diff
	noteBankChanges(&d2, nil, res("1.2.0"), res("1.4.0"))
	if d2.Bank != nil {
		t.Error("no bank: bank diff set")
	}
}

// TestHistoryValidation: each rule of validateHistory on the mini bank.
func TestHistoryValidation(t *testing.T) {
	good := "history:\n  - version: \"2.0.0\"\n    date: \"2026-01-02\"\n    changes:\n      - {finding: AR-01, change: c}\n  - version: \"1.0.0\"\n    date: \"2025-01-02\"\n    changes:\n      - {finding: AR-02.cmk-missing, change: c}\n"
	cases := []struct {
		name, old, new, want string
	}{
		{"valid", "", "", ""},
		{"first is not the bank's version", `version: "2.0.0"`, `version: "2.1.0"`, `bank.yaml: history starts with "2.1.0" but bankVersion is "2.0.0"`},
		{"bad version", `version: "1.0.0"`, `version: "one"`, "bank.yaml: history[1] (one): version must look like 1.2.0"},
		{"not descending", `version: "1.0.0"`, `version: "3.0.0"`, "bank.yaml: history[1] (3.0.0): versions must be listed newest first"},
		{"same version twice", `version: "1.0.0"`, `version: "2.0.0"`, "bank.yaml: history[1] (2.0.0): versions must be listed newest first"},
		{"bad date", `date: "2025-01-02"`, `date: "2025-13-02"`, `bank.yaml: history[1] (1.0.0): date "2025-13-02" must be YYYY-MM-DD`},
		{"no changes", "    changes:\n      - {finding: AR-02.cmk-missing, change: c}\n", "    changes: []\n", "bank.yaml: history[1] (1.0.0): changes is empty"},
		{"no change text", "{finding: AR-02.cmk-missing, change: c}", `{finding: AR-02.cmk-missing, change: ""}`, "bank.yaml: history[1] (1.0.0): AR-02.cmk-missing has no change text"},
		{"unknown rule", "{finding: AR-02.cmk-missing, change: c}", "{finding: AR-02.cmk-gone, change: c}", `bank.yaml: history[1] (1.0.0): finding "AR-02.cmk-gone" is not a question or rule of the bank`},
		{"unknown question", "{finding: AR-01, change: c}", "{finding: ZZ-01, change: c}", `bank.yaml: history[0] (2.0.0): finding "ZZ-01" is not a question or rule of the bank`},
	}
	for _, c := range cases {
		fsys := miniBankFS(t)
		src := strings.Replace(string(fsys["bank.yaml"].Data), `bankVersion: "test-1"`, `bankVersion: "2.0.0"`, 1) + good
		if c.old != "" {
			if !strings.Contains(src, c.old) {
				t.Fatalf("%s: %q not in the history", c.name, c.old)
			}
			// the last occurrence: the edits are about history[1] unless they name history[0]
			i := strings.LastIndex(src, c.old)
			if strings.Contains(c.want, "history[0]") || strings.Contains(c.want, "history starts") {
				i = strings.Index(src, c.old)
			}
			src = src[:i] + c.new + src[i+len(c.old):]
		}
		fsys["bank.yaml"] = &fstest.MapFile{Data: []byte(src)}
		_, err := LoadBankFS(fsys)
		wantLoadError(t, c.name, err, c.want)
	}
}
