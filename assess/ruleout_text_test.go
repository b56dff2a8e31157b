package assess

import (
	"fmt"
	"strings"
	"testing"
)

// TestRuledOutConflictTextReads renders the tenant's side of a conflict for
// every line of every ruleOut block in the bank, as the conflict carries it:
// a natural clause ("the tenant rules out “X”: <why> (<subjects>)"), never
// the old "not “X”", never a doubled or a stray quote.
func TestRuledOutConflictTextReads(t *testing.T) {
	b := mustBank(t)
	n := 0
	for _, q := range b.Questions() {
		for _, r := range q.RuleOut {
			if r.none() {
				continue
			}
			for _, choice := range r.Choices {
				subs := []Subject{{Kind: SubjectVault, ID: "/v/kv-eu", Name: "kv-eu"}, {Kind: SubjectEnvironment, ID: "e1", Name: "HR"}}
				ex := exclusions(q, claim(choice), map[string][]Subject{r.Signal: subs})
				if len(ex) == 0 {
					t.Errorf("%s: choice %s of %s/%s excludes nothing", q.ID, choice, r.Check, r.Signal)
					continue
				}
				c := Conflict{QuestionID: q.ID, TenantText: ruledOutText(ex), RuledOut: capExclusions(ex), Summary: ruledOutSummary(ex)}
				says := c.TenantSays()
				if want := strings.TrimSuffix(r.Why, ".") + " (kv-eu, HR)."; c.Summary != want {
					t.Errorf("%s %s: summary %q, want %q", q.ID, choice, c.Summary, want)
				}
				n++
				label := "“" + ex[0].Label + "”"
				why := strings.TrimSuffix(r.Why, ".")
				if want := "the tenant rules out " + label + ": "; !strings.HasPrefix(says, want) {
					t.Errorf("%s %s: %q does not start %q", q.ID, choice, says, want)
				}
				if !strings.Contains(says, why+" (kv-eu, HR)") {
					t.Errorf("%s %s: %q lacks the why and the subjects", q.ID, choice, says)
				}
				for _, bad := range []string{"not “", "““", "””", "\"“", "”\"", "..", ".:", ".;", ". (", "  "} {
					if strings.Contains(says, bad) || strings.Contains(c.TenantText, bad) || strings.Contains(c.Summary, bad) {
						t.Errorf("%s %s: %q has %q", q.ID, choice, says, bad)
					}
				}
				if q := fmt.Sprintf("%q", says); strings.Count(q, `\"`) > 0 {
					t.Errorf("%s %s: quoting it again escapes quotes: %s", q, choice, q)
				}
			}
		}
	}
	if n < 20 {
		t.Errorf("rendered %d ruled-out conflicts; the bank has more ruleOut lines than that", n)
	}
	// Two choices, one fact; more subjects than listed.
	ex := []Exclusion{
		{Choice: "a", Label: "Yes", Why: "Purge protection is off on a vault.", Subjects: []Subject{{ID: "1", Name: "kv-1"}, {ID: "2", Name: "kv-2"}}, More: 4},
		{Choice: "b", Label: "Partly", Why: "Purge protection is off on a vault.", Subjects: []Subject{{ID: "1", Name: "kv-1"}}},
	}
	c := Conflict{TenantText: ruledOutText(ex), RuledOut: ex}
	if got, want := c.TenantSays(), "the tenant rules out “Yes” and “Partly”: Purge protection is off on a vault (kv-1, kv-2 and 4 more)"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	implied := Conflict{Tenant: []string{"some"}, TenantText: "Some of them"}
	if got := implied.TenantSays(); got != "the tenant shows Some of them" {
		t.Errorf("implied: %q", got)
	}
}
