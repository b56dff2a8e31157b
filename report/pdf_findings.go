package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

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
	d.para(fmt.Sprintf("%d %s the tenant. Where they differ, the tenant's facts decide the finding; the answer is kept in the record below so the discussion can be had.",
		len(m.res.Conflicts), plural(len(m.res.Conflicts), "answer contradicts", "answers contradict")), body())
	var rows [][]cell
	for _, c := range m.res.Conflicts {
		src := ""
		for i, id := range c.Sources {
			if i == 3 {
				src += fmt.Sprintf("\nand %d more", len(c.Sources)-3)
				break
			}
			if p, ok := m.res.Source(id); ok {
				src += fmt.Sprintf("%s\n%s, %s\n", p.Source, timeText(p.At), p.Describe())
			}
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
	if len(m.open) == 0 {
		d.h1("Recommendations by priority")
		d.para("There is nothing open. Keep the answers true with the monitoring and review practices in the Monitoring and governance section.", body())
		return
	}
	c := m.res.Counts
	intro := fmt.Sprintf("%d open %s (%d to fix, %d to find out), highest priority first: severity, then confirmed problems before unknowns. Owner and due date are left blank for your action plan (the CSV export has the same rows).",
		c.Open.Total(), plural(c.Open.Total(), "finding", "findings"), c.ToFix.Total(), c.ToFindOut.Total())
	// The section starts below the previous one only when its intro, first
	// heading and first finding fit there too: a finding block is kept whole.
	first := findingHeight(d, m.open[0], prepareFinding(d, m, m.open[0]))
	if d.y()+14+d.paraH(intro, body())+lineH(sizeH2)+6+first <= d.limit() {
		d.h1("Recommendations by priority")
	} else {
		d.h1Page("Recommendations by priority")
	}
	d.para(intro, body())
	var cur assess.Severity = "none"
	for _, f := range m.open {
		if f.Severity != cur {
			cur = f.Severity
			// The heading is drawn with the block that follows (h2 waits for it).
			d.h2(fmt.Sprintf("%s severity (%d open: %d to fix, %d to find out)", severityLabel(cur), c.Open.Of(cur), c.ToFix.Of(cur), c.ToFindOut.Of(cur)))
		}
		findingBlock(d, m, f)
	}
}

// findingParts is what a finding block shows, prepared once for measuring and drawing.
type findingParts struct {
	title            []string
	rows             [][2]string // labelled rows: what to do, why, why not verified
	plan             [][2]string // roadmap, disruption, permission, controls
	code             []string    // the generated commands, wrapped for the code block
	affected         [2]string
	evidence         []string
	st, stepSt, evSt textStyle
	linkSt           textStyle
}

func prepareFinding(d *doc, m *model, f assess.Finding) findingParts {
	p := findingParts{
		st:     textStyle{size: sizeBody - 0.5, color: colInk, after: 1},
		stepSt: textStyle{size: sizeBody - 0.5, color: colInk, after: 0.5, indent: defaultLabelW - 6},
		evSt:   textStyle{size: sizeSmall, color: colMuted, after: 0.5, indent: defaultLabelW - 6},
		linkSt: textStyle{size: sizeSmall + 0.5, indent: defaultLabelW, after: 0.6},
	}
	p.rows = append(p.rows, [2]string{"What to do:", f.Do}, [2]string{"Why it matters:", f.Why})
	if f.SeverityReason != "" {
		p.rows = append(p.rows, [2]string{"Severity:", severityLabel(f.Severity) + ": " + f.SeverityReason})
	}
	if f.Reason != "" {
		p.rows = append(p.rows, [2]string{"Why not verified:", upperFirst(f.Reason)})
	}
	if names := envNames(f); len(names) > 0 {
		p.affected = [2]string{fmt.Sprintf("Affected (%d):", len(names)), joinMax(names, 12)}
	} else if names := subjectNames(f.Affected); len(names) > 0 {
		p.affected = [2]string{fmt.Sprintf("Affected (%d):", len(names)), joinMax(names, 12)}
	}
	if n := acceptedEnvs(f); n > 0 && p.affected[0] != "" {
		p.affected[1] += fmt.Sprintf("\n%d more accepted (see Accepted risks)", n)
	}
	p.evidence = evidenceLines(m.res, f)
	if a, ok := m.action(f.ID); ok {
		p.plan = planRows(a)
		if rp := m.bank.Plan().Rule(f.ID); rp != nil && rp.NoCommand != "" {
			p.plan = append(p.plan, [2]string{"No command:", rp.NoCommand})
		}
		if text := fixExcerpt(a); text != "" {
			p.code = d.codeLines(text, d.contentW()-defaultLabelW-3)
		}
	}
	d.font(true, sizeH3)
	p.title = d.clip(d.wrap(d.san.line(f.Title), d.contentW()), 3, d.contentW())
	return p
}

// findingHeight measures a finding block.
func findingHeight(d *doc, f assess.Finding, p findingParts) float64 {
	h := 7 + float64(len(p.title))*lineH(sizeH3)
	for _, r := range append(p.rows, p.affected) {
		h += d.labelledH(r[0], r[1], p.st)
	}
	for _, r := range p.plan {
		h += d.labelledH(r[0], r[1], p.st)
	}
	if len(p.code) > 0 {
		h += codeBlockH(p.code) + 3
	}
	h += d.bulletsH(f.Steps, p.stepSt) + d.bulletsH(p.evidence, p.evSt)
	return h + float64(len(f.Links))*(lineH(p.linkSt.size)+p.linkSt.after) + 8.5 + 3
}

func findingBlock(d *doc, m *model, f assess.Finding) {
	pdf := d.pdf
	w := d.contentW()
	p := prepareFinding(d, m, f)
	st, lh, title := p.st, lineH(sizeH3), p.title
	// Keep the block on one page when it fits on one, unless this page holds
	// only the opening of the section: moving would leave that alone, so the
	// block starts here and breaks between its lines.
	if h := findingHeight(d, f, p); h <= d.limit()-marginTop && (d.openPage != d.pdf.PageNo() || d.y()+d.pendingH()+h <= d.limit()) {
		d.ensure(h)
	} else {
		d.ensure(float64(len(title))*lh + 30)
	}
	d.openPage = 0

	y := d.y()
	x := marginX
	x += d.badge(x, y, severityLabel(f.Severity), severityColor(f.Severity), 7) + 1.5
	x += d.badge(x, y, m.findingLabel(f), stateColor(f.State), 7) + 2
	d.font(false, sizeSmall)
	d.textColor(colMuted)
	pdf.SetXY(x, y)
	// The ID in Go Mono, then where it belongs.
	d.mono(false, sizeSmall-0.4)
	idText := d.fit(d.monoSan.line(f.ID), marginX+w-x)
	pdf.CellFormat(d.width(idText), 4.4, idText, "", 0, "L", false, 0, "")
	x += d.width(idText)
	d.font(false, sizeSmall)
	rest := ""
	if f.Tenant {
		rest += " · confirmed by the tenant"
	}
	rest = d.san.line(rest + " · " + m.sectionTitle(f.Section))
	pdf.SetXY(x, y)
	pdf.CellFormat(max(marginX+w-x, 1), 4.4, d.fit(rest, max(marginX+w-x, 1)), "", 0, "L", false, 0, "")
	y += 6
	d.font(true, sizeH3)
	d.textColor(colInk)
	for _, l := range title {
		pdf.SetXY(marginX, y)
		pdf.CellFormat(w, lh, l, "", 0, "L", false, 0, "")
		y += lh
	}
	d.setY(y + 1)
	for _, r := range p.rows {
		d.labelled(r[0], r[1], st)
	}
	d.labelledList("How:", f.Steps, true, p.stepSt)
	for _, r := range p.plan {
		d.labelled(r[0], r[1], st)
	}
	if len(p.code) > 0 {
		d.ensure(min(codeBlockH(p.code), 20))
		d.font(true, st.size)
		d.textColor(colInk)
		pdf.SetXY(marginX, d.y()+0.5)
		pdf.CellFormat(defaultLabelW-2, lineH(st.size), "Fix:", "", 0, "L", false, 0, "")
		d.codeBlock(p.code, defaultLabelW)
	}
	if p.affected[0] != "" {
		d.labelled(p.affected[0], p.affected[1], st)
	}
	d.labelledList("Evidence:", p.evidence, false, p.evSt)
	if f.Acceptance != nil && f.Acceptance.Expired {
		d.labelled("Risk acceptance:", "expired on "+f.Acceptance.Expires+" (approved by "+f.Acceptance.Approver+"); the finding is open again.", textStyle{size: st.size, color: colHigh, after: 1})
	}
	for i, l := range f.Links {
		if i == 0 {
			d.ensure(lineH(p.linkSt.size) + 9) // keep the docs with the owner fields
			d.font(true, st.size)
			d.textColor(colInk)
			pdf.SetXY(marginX, d.y())
			pdf.CellFormat(defaultLabelW-2, lineH(p.linkSt.size), "Docs:", "", 0, "L", false, 0, "")
		}
		d.link(l.Title, l.URL, p.linkSt)
	}
	ownerDue(d, f)
	d.rule()
}

// evidenceLines lists a finding's evidence with provenance, capped at six.
func evidenceLines(res *assess.Result, f assess.Finding) []string {
	var ev []string
	for i, e := range f.Evidence {
		if i == 6 {
			ev = append(ev, fmt.Sprintf("and %d more in the JSON export", len(f.Evidence)-6))
			break
		}
		s := e.Text
		if p, ok := res.Source(e.Source); ok {
			s += " [" + p.Source + ", " + timeText(p.At) + ", " + p.Describe() + "]"
		}
		ev = append(ev, s)
	}
	return ev
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
	due := f.FollowUp
	if f.Overdue {
		due += " (OVERDUE)"
	}
	field(marginX+half, "Due date", due)
	d.setY(y + 7)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// action returns the roadmap entry of an open finding.
func (m *model) action(id string) (assess.Action, bool) {
	for i, f := range m.open {
		if f.ID == id {
			return m.actions[i], true
		}
	}
	return assess.Action{}, false
}

// planRows are the labelled roadmap lines of a finding block.
func planRows(a assess.Action) [][2]string {
	due := a.Due
	if t, err := time.Parse(time.DateOnly, a.Due); err == nil {
		due = dateText(t)
	}
	roadmap := fmt.Sprintf("%s, due %s", a.Bucket.Label(), due)
	if strings.HasPrefix(a.DueReason, "key ") {
		roadmap += " (" + a.DueReason + ")"
	}
	roadmap += fmt.Sprintf(" · effort %s · disruption %s", a.Effort, a.Disruption)
	rows := [][2]string{{"Roadmap:", roadmap}, {"Suggested owner:", a.OwnerRole}}
	if a.Note != "" {
		rows = append(rows, [2]string{"Disruption:", a.Note})
	}
	if a.Permission != "" {
		rows = append(rows, [2]string{"Permission:", a.Permission})
	}
	if len(a.Controls) > 0 {
		rows = append(rows, [2]string{"Controls:", controlText(a.Controls)})
	}
	return rows
}

// fixMaxSubjects caps the commands shown per tool in the PDF; --fix-dir
// writes them all.
const fixMaxSubjects = 2

// fixExcerpt is the command text a finding block shows: PowerShell and Azure
// CLI for the first subjects, and where the rest are.
func fixExcerpt(a assess.Action) string {
	if len(a.Commands) == 0 {
		return ""
	}
	var b strings.Builder
	subjects := map[string]bool{}
	for _, tool := range []assess.Tool{assess.ToolPowerShell, assess.ToolAzureCLI} {
		n, more := 0, 0
		for _, c := range a.Commands {
			if c.Tool != tool {
				continue
			}
			subjects[c.Subject.ID] = true
			if n == fixMaxSubjects {
				more++
				continue
			}
			if n == 0 {
				b.WriteString("# " + tool.Label() + "\n")
			}
			n++
			b.WriteString(c.Text + "\n")
		}
		if more > 0 {
			fmt.Fprintf(&b, "# … and %d more in the fix files (se06 report --fix-dir DIR)\n", more)
		}
	}
	if slices.Contains(a.Tools, assess.ToolTerraform) {
		b.WriteString("# Terraform: terraform/main.tf in the fix files\n")
	}
	if len(subjects) > 0 {
		b.WriteString("# Generated for this tenant; review before running. se06 never runs it.")
	}
	return b.String()
}
