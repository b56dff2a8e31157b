package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/ppwaf/se06/assess"
)

// roadmap places every open finding in Now (30 days), Next (60) or Later
// (90), by severity, effort and disruption (data in the bank), with the due
// date, owner role and whether a generated fix exists.
func roadmap(d *doc, m *model) {
	d.h1("Roadmap")
	if len(m.open) == 0 {
		d.para("Nothing is open, so there is nothing to schedule. Review the assessment again after the next significant change.", body())
		return
	}
	d.para("Every open finding in one of three horizons from the assessment date: Now (30 days) for confirmed high-severity problems whose fix does not take an environment offline, and for unknowns that could hide one; Next (60 days) for medium findings and for high ones that need a change window; Later (90 days) for the rest. A key that expires sooner brings the date forward. Effort and disruption come from the question bank; the fixes marked with a command are generated for this tenant (see the recommendations and 'se06 report --fix-dir').", body())
	for _, b := range assess.Buckets() {
		var rows [][]cell
		for i, f := range m.open {
			a := m.actions[i]
			if a.Bucket != b {
				continue
			}
			fix := "-"
			if len(a.Commands) > 0 {
				fix = "yes"
			}
			rows = append(rows, []cell{
				txt(fmt.Sprint(a.Rank)),
				{text: f.Title, id: f.ID},
				pillCell(severityLabel(f.Severity), severityColor(f.Severity)),
				txt(shortDue(a)),
				txt(string(a.Effort)),
				txt(string(a.Disruption)),
				txt(a.OwnerRole),
				mutedCell(fix),
			})
		}
		d.h2Keep(fmt.Sprintf("%s: %d %s", b.Label(), len(rows), plural(len(rows), "action", "actions")), 18)
		if len(rows) == 0 {
			d.para("Nothing in this horizon.", muted())
			continue
		}
		d.table([]column{{"#", 0.7, "R"}, {"Finding", 5, ""}, {"Severity", 1.9, ""}, {"Due", 1.9, ""}, {"Effort", 1.4, ""}, {"Disruption", 1.8, ""}, {"Suggested owner", 2.9, ""}, {"Fix", 1.1, ""}}, rows)
	}
}

// shortDue is a due date for a narrow column, with its reason when a key sets it.
func shortDue(a assess.Action) string {
	due := a.Due
	if t, err := time.Parse(time.DateOnly, a.Due); err == nil {
		due = t.Format("2 Jan 2006")
	}
	if strings.HasPrefix(a.DueReason, "key ") {
		due += "\nkey expires"
	}
	return due
}

// controlMappings lists, for every question, the controls of ISO/IEC 27001,
// NIST SP 800-53, the Microsoft cloud security benchmark and GDPR that it
// evidences, with its result: the bridge to an auditor's control list.
func controlMappings(d *doc, m *model) {
	d.h1("Appendix B: Control mappings")
	p := m.bank.Plan()
	if p == nil {
		d.para("The question bank carries no control mappings.", muted())
		return
	}
	var names []string
	for _, fw := range p.Frameworks {
		names = append(names, fw.Title)
	}
	d.para("Which controls each question evidences, so the findings can be filed against an existing control framework: "+strings.Join(names, "; ")+". A finding also carries its rule's own controls (in the JSON and CSV). The mapping is guidance for the auditor, not a certification.", body())
	results := map[string]assess.QuestionResult{}
	for _, q := range m.res.Questions {
		results[q.QuestionID] = q
	}
	var rows [][]cell
	for _, q := range m.bank.Questions() {
		byFw := map[string][]string{}
		for key, ctl := range p.Controls {
			if key != q.ID && !strings.HasPrefix(key, q.ID+".") {
				continue
			}
			for fw, ids := range ctl {
				for _, id := range ids {
					if !contains(byFw[fw], id) {
						byFw[fw] = append(byFw[fw], id)
					}
				}
			}
		}
		res := pillCell("Not asked", colNA)
		if r, ok := results[q.ID]; ok && r.Visible {
			res = pillCell(resultLabel(r.State, r.Answer), stateColor(r.State))
		}
		row := []cell{{text: q.ID + "\n" + q.Short, bold: true}}
		for _, fw := range p.Frameworks {
			row = append(row, txt(strings.Join(sortedControls(byFw[fw.ID]), ", ")))
		}
		rows = append(rows, append(row, res))
	}
	cols := []column{{"Question", 3.2, ""}}
	for _, fw := range p.Frameworks {
		cols = append(cols, column{fw.Short, 2.2, ""})
	}
	d.table(append(cols, column{"Result", 2, ""}), rows)
}

func contains(ss []string, s string) bool {
	for _, v := range ss {
		if v == s {
			return true
		}
	}
	return false
}

// sortedControls orders control IDs naturally (A.5.9 before A.5.12).
func sortedControls(ids []string) []string {
	out := append([]string(nil), ids...)
	key := func(s string) string {
		var b strings.Builder
		num := ""
		for _, r := range s + "\x00" {
			if r >= '0' && r <= '9' {
				num += string(r)
				continue
			}
			if num != "" {
				b.WriteString(strings.Repeat("0", max(0, 4-len(num))) + num)
				num = ""
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && key(out[j]) < key(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
