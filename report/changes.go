package report

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/ppwaf/se06/assess"
)

// changeSentence says in one sentence what changed since the previous
// assessment, for page 2 of the PDF and the top of the Markdown summary.
func changeSentence(d *assess.Diff) string {
	prev := cmp.Or(d.Old.Title, "the previous assessment")
	if !d.Old.Updated.IsZero() {
		prev += " (" + dateText(d.Old.Updated) + ")"
	}
	var parts []string
	count := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, one, many)))
		}
	}
	count(len(d.Added), "new finding", "new findings")
	count(len(d.Worsened), "worsened", "worsened")
	count(len(d.Improved), "improved", "improved")
	count(len(d.Changed), "changed", "changed")
	count(len(d.Resolved), "resolved", "resolved")
	count(len(d.Answers), "answer changed", "answers changed")
	count(len(d.NewConflicts), "new conflict with the tenant", "new conflicts with the tenant")
	count(len(d.ResolvedConflicts), "conflict resolved", "conflicts resolved")
	what := "nothing changed in the findings, answers or conflicts"
	if len(parts) > 0 {
		what = strings.Join(parts, ", ")
	}
	return fmt.Sprintf("Since %s: grade %s → %s; %s.", prev, cmp.Or(d.OldGrade.Letter, "-"), cmp.Or(d.NewGrade.Letter, "-"), what)
}

// changeLabel is the CSV's change column: how an open finding changed.
func changeLabel(d *assess.Diff, f assess.Finding) string {
	switch d.ChangeOf(f) {
	case assess.ChangeNew:
		return "New"
	case assess.ChangeWorsened:
		return "Worsened"
	case assess.ChangeImproved:
		return "Improved"
	case assess.ChangeChanged:
		return "Changed"
	case assess.ChangeUnchanged:
		return "Unchanged"
	}
	return ""
}
