package assess

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// BankRelease is one entry of the bank's history: what a bank version
// changed, by finding ID.
type BankRelease struct {
	Version string       `yaml:"version" json:"version"`
	Date    string       `yaml:"date" json:"date"`
	Changes []BankChange `yaml:"changes" json:"changes"`
}

// BankChange is one change a bank version made to a finding (a rule's ID
// "AR-02.cmk-missing", or a question's "MG-04").
type BankChange struct {
	Version string `yaml:"-" json:"version"`
	Finding string `yaml:"finding" json:"finding"`
	Change  string `yaml:"change" json:"change"`
}

// BankDiff tells a diff's reader which differences come from the question
// bank rather than from the answers or the tenant.
type BankDiff struct {
	OldVersion string `json:"oldVersion"`
	NewVersion string `json:"newVersion"`
	// Affecting are the bank's changes to findings open in either assessment.
	Affecting []BankChange `json:"affecting"`
	// Other counts the bank's changes to findings neither assessment has open.
	Other int `json:"other"`
	// Known is false when the bank's history does not reach back to
	// OldVersion, so the list may be incomplete.
	Known bool `json:"known"`
}

// parseVersion reads "1.2.0" into comparable numbers; ok is false otherwise.
func parseVersion(v string) ([]int, bool) {
	parts := strings.Split(strings.TrimPrefix(strings.TrimSpace(v), "v"), ".")
	out := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil, false
		}
		out[i] = n
	}
	return out, len(out) > 0
}

// compareVersions orders two versions; unparsable ones compare as equal.
func compareVersions(a, b string) int {
	va, okA := parseVersion(a)
	vb, okB := parseVersion(b)
	if !okA || !okB {
		return 0
	}
	return slices.Compare(va, vb)
}

// ChangesBetween lists the bank's changes after version from up to and
// including version to (in either order), newest first. known is false when
// the history does not go back as far as the older version.
func (b *Bank) ChangesBetween(from, to string) (changes []BankChange, known bool) {
	lo, hi := from, to
	if compareVersions(lo, hi) > 0 {
		lo, hi = hi, lo
	}
	for _, r := range b.History {
		if compareVersions(r.Version, lo) <= 0 || compareVersions(r.Version, hi) > 0 {
			continue
		}
		for _, c := range r.Changes {
			c.Version = r.Version
			changes = append(changes, c)
		}
	}
	_, loOK := parseVersion(lo)
	return changes, loOK && hasReleaseAtOrBefore(b.History, lo)
}

// hasReleaseAtOrBefore: the history covers every change after v only if it
// lists a release at or before v, or its oldest release directly follows v.
func hasReleaseAtOrBefore(h []BankRelease, v string) bool {
	if len(h) == 0 {
		return false
	}
	oldest := h[len(h)-1].Version
	return compareVersions(oldest, v) <= 0 || previousMinor(oldest) == v
}

// previousMinor gives the version before "1.2.0" in the bank's numbering
// ("1.1.0"), the version the oldest history entry was written against.
func previousMinor(v string) string {
	p, ok := parseVersion(v)
	if !ok || len(p) < 2 || p[1] == 0 {
		return ""
	}
	p[1]--
	for i := 2; i < len(p); i++ {
		p[i] = 0
	}
	s := make([]string, len(p))
	for i, n := range p {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ".")
}

// noteBankChanges sets d.Bank when the two results were written with
// different bank versions (their metadata's bankVersion), listing what the
// bank changed in between for the findings open in either result.
func noteBankChanges(d *Diff, b *Bank, old, cur *Result) {
	ov, nv := old.Metadata.BankVersion, cur.Metadata.BankVersion
	if b == nil || ov == "" || nv == "" || ov == nv {
		return
	}
	changes, known := b.ChangesBetween(ov, nv)
	open := map[string]bool{}
	for _, r := range []*Result{old, cur} {
		for _, f := range r.Findings {
			if isActionable(f) {
				open[f.ID] = true
				open[f.QuestionID] = true
			}
		}
	}
	bd := &BankDiff{OldVersion: ov, NewVersion: nv, Known: known}
	for _, c := range changes {
		if open[c.Finding] {
			bd.Affecting = append(bd.Affecting, c)
		} else {
			bd.Other++
		}
	}
	d.Bank = bd
}

// validateHistory: the newest entry is the bank's version, versions descend,
// and every change names a question or rule of the bank.
func (b *Bank) validateHistory(bad func(string, ...any)) {
	if len(b.History) == 0 {
		return
	}
	if b.History[0].Version != b.Version {
		bad("bank.yaml: history starts with %q but bankVersion is %q; add a history entry for the new version", b.History[0].Version, b.Version)
	}
	for i, r := range b.History {
		where := fmt.Sprintf("bank.yaml: history[%d] (%s)", i, r.Version)
		if _, ok := parseVersion(r.Version); !ok {
			bad("%s: version must look like 1.2.0", where)
		}
		if i > 0 && compareVersions(b.History[i-1].Version, r.Version) <= 0 {
			bad("%s: versions must be listed newest first", where)
		}
		if _, err := time.Parse(time.DateOnly, r.Date); err != nil {
			bad("%s: date %q must be YYYY-MM-DD", where, r.Date)
		}
		if len(r.Changes) == 0 {
			bad("%s: changes is empty", where)
		}
		for _, c := range r.Changes {
			if c.Change == "" {
				bad("%s: %s has no change text", where, c.Finding)
			}
			if !b.findingExists(c.Finding) {
				bad("%s: finding %q is not a question or rule of the bank", where, c.Finding)
			}
		}
	}
}

// findingExists reports whether id is a question ("MG-04") or a rule
// ("MG-04.no-tamper-detection") of the bank.
func (b *Bank) findingExists(id string) bool {
	qid, rule, hasRule := strings.Cut(id, ".")
	q, ok := b.byID[qid]
	if !ok || !hasRule {
		return ok
	}
	return slices.ContainsFunc(q.Rules, func(r Rule) bool { return r.ID == rule })
}
