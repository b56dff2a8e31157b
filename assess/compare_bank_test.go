package assess

import (
	"fmt"
	"strings"
	"testing"
)

func TestBankHistoryCoversThisVersion(t *testing.T) {
	b := mustBank(t)
	if len(b.History) == 0 || b.History[0].Version != b.Version {
		t.Fatalf("history does not start with bank version %s", b.Version)
	}
	changes, known := b.ChangesBetween("1.1.0", b.Version)
	if !known || len(changes) == 0 {
		t.Fatalf("1.1.0 → %s: %d changes, known %t", b.Version, len(changes), known)
	}
	// Either order lists the same changes.
	if back, _ := b.ChangesBetween(b.Version, "1.1.0"); len(back) != len(changes) {
		t.Errorf("reverse order: %d changes, want %d", len(back), len(changes))
	}
	if none, _ := b.ChangesBetween(b.Version, b.Version); len(none) != 0 {
		t.Errorf("same version: %d changes", len(none))
	}
	if _, known := b.ChangesBetween("0.9.0", b.Version); known {
		t.Error("a version older than the history is reported as fully known")
	}
}

func TestNoteBankChanges(t *testing.T) {
	b := mustBank(t)
	ans := Answers{"DT-01": answered("legacy")}
	old := evaluate(t, Input{Bank: b, Answers: ans, Metadata: Metadata{BankVersion: "1.1.0"}})
	cur := evaluate(t, Input{Bank: b, Answers: ans, Metadata: Metadata{BankVersion: b.Version}})
	d := Compare(old, cur, b)
	if d.Bank == nil {
		t.Fatal("no bank section for different bank versions")
	}
	var found bool
	for _, c := range d.Bank.Affecting {
		found = found || c.Finding == "DT-01.legacy-callers" && strings.Contains(c.Change, "high → medium")
	}
	if !found || d.Bank.Other == 0 {
		t.Errorf("bank diff %+v: want DT-01.legacy-callers among the affecting changes and others counted", d.Bank)
	}
	d = Compare(cur, cur, b)
	if d.Bank != nil {
		t.Errorf("same version: bank section %+v", d.Bank)
	}
}

func TestBankHistoryValidation(t *testing.T) {
	b := mustBank(t)
	cases := []struct {
		name string
		mod  func(*Bank)
		want string
	}{
		{"version not bumped", func(b *Bank) { b.Version = "9.9.9" }, "add a history entry for the new version"},
		{"unknown finding", func(b *Bank) { b.History[0].Changes[0].Finding = "ZZ-01.nothing" }, `finding "ZZ-01.nothing" is not a question or rule`},
		{"bad date", func(b *Bank) { b.History[0].Date = "30/11/2026" }, "must be YYYY-MM-DD"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := *b
			c.History = append([]BankRelease(nil), b.History...)
			c.History[0].Changes = append([]BankChange(nil), b.History[0].Changes...)
			tc.mod(&c)
			var errs []string
			c.validateHistory(func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) })
			if !strings.Contains(strings.Join(errs, "\n"), tc.want) {
				t.Errorf("errors %q, want %q", errs, tc.want)
			}
		})
	}
}
