package report

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/ppwaf/se06/assess"
)

// conflicts lists every place where the answer and the tenant disagree.
func conflicts(d *doc, m *model) {
	d.h1("What the tenant shows versus what was answered")
	switch {
	case !m.hasFacts():
		d.para("No tenant facts were read for this assessment, so the answers could not be checked against the tenant. Run 'se06 collect' (read-only) and assess again to see where they differ.", body())
		return
	case len(m.res.Conflicts) == 0:
		d.para("The tenant's facts agree with every answer they could check. Questions the tenant cannot show (process, intent, classification) rest on the answers alone.", body())
		return
	}
	d.para(fmt.Sprintf("%d %s contradict the tenant. Where they differ, the tenant's facts decide the finding; the answer is kept in the record below so the discussion can be had.",
		len(m.res.Conflicts), plural(len(m.res.Conflicts), "answer", "answers")), body())
	var rows [][]cell
	for _, c := range m.res.Conflicts {
		src := ""
		for i, p := range c.Provenance {
			if i == 3 {
				src += fmt.Sprintf("\nand %d more", len(c.Provenance)-3)
				break
			}
			src += fmt.Sprintf("%s\n%s, %s\n", p.Source, timeText(p.At), p.Describe())
		}
		rows = append(rows, []cell{
			{text: c.QuestionID + "\n" + cmp.Or(c.Prompt, m.prompt(c.QuestionID)), bold: false},
			colored(c.AnswerText, colMedium),
			{text: c.TenantText + "\n" + c.Summary},
			txt(subjectList(c.Affected, 8)),
			mutedCell(strings.TrimSpace(src)),
		})
	}
	d.table([]column{{"Question", 3.2, ""}, {"Answered", 2, ""}, {"The tenant shows", 3.6, ""}, {"Affected", 2.6, ""}, {"Evidence", 2.6, ""}}, rows)
}

// recommendations lists every open finding by priority with what to do, why,
// how, the documentation, where, and blanks for an owner and a due date.
func recommendations(d *doc, m *model) {
	d.h1("Recommendations by priority")
	if len(m.open) == 0 {
		d.para("There is nothing open. Keep the answers true with the monitoring and review practices in the Monitoring and governance section.", body())
		return
	}
	d.para(fmt.Sprintf("%d open %s, highest priority first: severity, then confirmed problems before unknowns. Owner and due date are left blank for your action plan (the CSV export has the same rows).",
		len(m.open), plural(len(m.open), "finding", "findings")), body())
	var cur assess.Severity = "none"
	for _, f := range m.open {
		if f.Severity != cur {
			cur = f.Severity
			n := 0
			for _, g := range m.open {
				if g.Severity == cur {
					n++
				}
			}
			d.h2(fmt.Sprintf("%s severity (%d)", severityLabel(cur), n))
		}
		findingBlock(d, m, f)
	}
}

func findingBlock(d *doc, m *model, f assess.Finding) {
	p := d.pdf
	w := d.contentW()
	d.font(true, sizeH3)
	title := d.clip(d.wrap(d.san.line(f.Title), w), 3, w)
	lh := lineH(sizeH3)
	d.ensure(float64(len(title))*lh + 30)
	y := d.y()
	x := marginX
	x += d.badge(x, y, severityLabel(f.Severity), severityColor(f.Severity), 7) + 1.5
	x += d.badge(x, y, f.State.Label(), stateColor(f.State), 7) + 2
	d.font(false, sizeSmall)
	d.textColor(colMuted)
	p.SetXY(x, y)
	id := d.san.line(f.ID)
	if f.Tenant {
		id += " · confirmed by the tenant"
	}
	p.CellFormat(marginX+w-x, 4.4, d.fit(id+" · "+d.san.line(m.sectionTitle(f.Section)), marginX+w-x), "", 0, "L", false, 0, "")
	y += 6
	d.font(true, sizeH3)
	d.textColor(colInk)
	for _, l := range title {
		p.SetXY(marginX, y)
		p.CellFormat(w, lh, l, "", 0, "L", false, 0, "")
		y += lh
	}
	d.setY(y + 1)
	st := textStyle{size: sizeBody - 0.5, color: colInk, after: 1}
	d.labelled("What to do:", f.Do, st)
	d.labelled("Why it matters:", f.Why, st)
	if f.Reason != "" {
		d.labelled("Why not verified:", f.Reason, st)
	}
	if len(f.Steps) > 0 {
		d.labelledList("How:", f.Steps, true, textStyle{size: st.size, color: colInk, after: 0.5})
	}
	if names := envNames(f); len(names) > 0 {
		d.labelled(fmt.Sprintf("Affected (%d):", len(names)), joinMax(names, 12), st)
	} else if len(f.Affected) > 0 {
		d.labelled("Affected:", subjectList(f.Affected, 12), st)
	}
	if len(f.Evidence) > 0 {
		var ev []string
		for i, e := range f.Evidence {
			if i == 6 {
				ev = append(ev, fmt.Sprintf("and %d more in the JSON export", len(f.Evidence)-6))
				break
			}
			s := e.Text
			if e.Provenance != nil {
				s += " [" + e.Provenance.Source + ", " + timeText(e.Provenance.At) + ", " + e.Provenance.Describe() + "]"
			}
			ev = append(ev, s)
		}
		d.labelledList("Evidence:", ev, false, textStyle{size: sizeSmall, color: colMuted, after: 0.5})
	}
	if f.Acceptance != nil && f.Acceptance.Expired {
		d.labelled("Risk acceptance:", "expired on "+f.Acceptance.Expires+" (approved by "+f.Acceptance.Approver+"); the finding is open again.", textStyle{size: st.size, color: colHigh, after: 1})
	}
	for i, l := range f.Links {
		if i == 0 {
			d.ensure(lineH(sizeSmall + 0.5))
			d.font(true, st.size)
			d.textColor(colInk)
			d.pdf.SetXY(marginX, d.y())
			d.pdf.CellFormat(labelW-2, lineH(sizeSmall+0.5), "Docs:", "", 0, "L", false, 0, "")
		}
		d.link(l.Title, l.URL, textStyle{size: sizeSmall + 0.5, indent: labelW, after: 0.6})
	}
	ownerDue(d, f)
	d.rule()
}

// ownerDue draws the owner and due-date fields to be filled in, prefilled
// when an unsure answer named an owner.
func ownerDue(d *doc, f assess.Finding) {
	p := d.pdf
	d.space(1.5)
	d.ensure(7)
	y := d.y()
	half := d.contentW() / 2
	field := func(x float64, label, value string) {
		d.font(true, sizeSmall)
		d.textColor(colMuted)
		p.SetXY(x, y)
		p.CellFormat(20, 5, label, "", 0, "L", false, 0, "")
		d.font(false, sizeSmall+0.5)
		d.textColor(colInk)
		p.SetXY(x+20, y)
		p.CellFormat(half-26, 5, d.fit(d.san.line(value), half-26), "", 0, "L", false, 0, "")
		d.drawColor(colMuted)
		p.SetLineWidth(0.15)
		p.Line(x+20, y+5, x+half-6, y+5)
	}
	field(marginX, "Owner", f.Owner)
	field(marginX+half, "Due date", f.FollowUp)
	d.setY(y + 7)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
