package report

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/ppwaf/se06/assess"
)

// Classification is printed in every footer and on the sign-off page.
const classification = "Confidential"

// scopeAndMethod says what was assessed, by whom, from which sources with
// which permissions, what could not be read, and how to read the results.
func scopeAndMethod(d *doc, m *model) {
	d.h1("Scope and method")
	d.h2Keep("In scope", 10)
	d.para(scopeText(m), body())
	people := nonEmpty(labelled("Assessor", m.meta.Assessor), labelled("Facilitator", m.meta.Facilitator), labelled("Organization", m.meta.Organization), labelled("Workload", m.meta.Workload))
	if len(people) > 0 {
		d.para("Participants and context: "+strings.Join(people, "; ")+".", body())
	}

	d.h2("Data sources and permissions")
	if m.facts == nil {
		d.para("The tenant was not read: every finding rests on the answers given in the workshop. 'se06 collect' reads the tenant read-only and shows where it disagrees with the answers.", body())
	} else {
		d.para("se06 read the tenant read-only: it sends GET requests (and the one read-only POST that lists tenant settings) and never changes anything. Each source, the permission it needs and what happened:", body())
		var rows [][]cell
		for _, c := range m.facts.Checks {
			rows = append(rows, []cell{{text: c.Name, bold: true}, monoCell(c.Provenance.Source), txt(checkPermission(c.Name)), statusCell(c.Provenance)})
		}
		d.table([]column{{"Check", 2, ""}, {"Source", 5, ""}, {"Permission needed", 4, ""}, {"Result", 3, ""}}, rows)
		if missing := unread(m.facts); len(missing) > 0 {
			d.h3("What could not be read, and why", colAccent)
			d.bullets(missing, false, textStyle{size: sizeBody - 0.5, color: colInk, after: 1})
			d.para("A finding that depends on something unread is marked Not verified, never passed.", muted())
		}
	}

	d.h2("How to read the results")
	defs := [][2]string{
		{"High", "A gap that exposes sensitive data or breaks a stated obligation; fix first."},
		{"Medium", "A weakness that matters under some conditions, or a control only partly in place."},
		{"Low", "Hardening that reduces risk further."},
		{"Info", "Advice to note; no action needed to align."},
		{"Fail / Warning", "The answer or the tenant shows the gap; Warning for lower-severity gaps and advice."},
		{"Not sure / Not verified", "An unknown: nobody knew, or the tenant could not be read. Unknowns are never counted as a pass."},
		{"Pass / Accepted / Not applicable", "Aligned; a risk accepted with a justification, approver and expiry; or irrelevant given earlier answers."},
		{"Score", "0 to 100 per section, data state and overall: the average of the scored questions (a pass scores 100)."},
		{"Grade", "A (90 and above), B (75), C (60), D (40), E (below 40). An open high-severity finding caps it at D and reads At risk; two or more open medium ones cap it at C and read Needs work; when more than a third of the questions are unknown it reads Incomplete."},
	}
	for _, df := range defs {
		d.labelled(df[0]+":", df[1], textStyle{size: sizeBody - 0.5, color: colInk, after: 0.8, labelW: 50})
	}

	d.h2("Guidance and versions")
	var v []string
	v = append(v, "Guidance: "+guidanceText(m), "Question bank: "+cmp.Or(m.res.BankVersion, m.meta.BankVersion, "-"), "se06: "+m.version,
		"Microsoft's generative AI hosting table: "+m.res.AIHosting.Dated())
	d.bullets(v, false, textStyle{size: sizeBody - 0.5, color: colInk, after: 1})
}

func labelled(label, value string) string {
	if strings.TrimSpace(value) == "" {
		return ""
	}
	return label + ": " + value
}

// scopeText names the in-scope environments.
func scopeText(m *model) string {
	if m.facts == nil {
		return "The workload as described in the workshop answers; no environments were read."
	}
	ids := m.res.Scope
	var names []string
	if len(ids) == 0 {
		for _, e := range m.facts.Environments {
			names = append(names, nameOr(e.Name, e.ID))
		}
	} else {
		// One lookup table, not a scan of every environment per name: a
		// tenant of 10,000 in-scope environments made this quadratic.
		name := make(map[string]string, len(m.facts.Environments))
		for _, e := range m.facts.Environments {
			if _, seen := name[e.ID]; !seen { // the first, as Facts.Environment finds
				name[e.ID] = e.Name
			}
		}
		for _, id := range ids {
			names = append(names, nameOr(name[id], id))
		}
	}
	if len(names) == 0 {
		return "No environments were found in the tenant."
	}
	return fmt.Sprintf("%d %s: %s.", len(names), plural(len(names), "environment", "environments"), joinMax(names, 12))
}

// checkPermission is the least role each collection check needs.
func checkPermission(name string) string {
	switch name {
	case "sign-in":
		return "A work account or service principal in the tenant"
	case "tenant", "tenant-settings", "environments":
		return "Power Platform administrator (Entra role)"
	case "enterprise-policies":
		return "Reader on the subscriptions that hold the policies"
	case "vaults":
		return "Reader on the key vaults (Microsoft.KeyVault/vaults/read)"
	case "keys":
		return "Key Vault Reader (key metadata, never key material)"
	case "tls":
		return "None: a TLS handshake with each environment's host"
	}
	return "-"
}

// unread lists the checks and objects that could not be read, with the reason.
func unread(f *assess.Facts) []string {
	var out []string
	for _, c := range f.Checks {
		if !c.Provenance.OK() {
			out = append(out, fmt.Sprintf("%s: %s", c.Name, c.Provenance.Describe()))
		}
	}
	return out
}

// executiveSummaryText is three to five sentences generated from the result:
// the grade and why, the top risk with its deadline, the conflicts, and what
// could not be verified.
func executiveSummaryText(m *model) string {
	g := m.res.Grade
	var s []string
	o := m.res.Overall
	switch {
	case g.Incomplete() || o.Value == nil:
		s = append(s, fmt.Sprintf("There is no grade yet: %s. Answer the questions or read the tenant and render the report again.", cmp.Or(g.Reason, "nothing could be scored")))
	default:
		// The grade's reason comes from assess: the score, and what capped the letter.
		s = append(s, fmt.Sprintf("Against Power Platform Well-Architected SE:06 the workload is graded %s (%s): %s.", g.Letter, strings.ToLower(g.Label), g.Reason))
		if g.Provisional {
			s = append(s, fmt.Sprintf("The grade is provisional: %d %s still open.", g.OpenQuestions, plural(g.OpenQuestions, "question is", "questions are")))
		}
	}
	if len(m.open) > 0 {
		a := m.actions[0]
		f := m.open[0]
		due := a.Due
		if t, err := time.Parse(time.DateOnly, a.Due); err == nil {
			due = dateText(t)
		}
		if strings.HasPrefix(a.DueReason, "key ") {
			due += " (" + a.DueReason + ")"
		}
		s = append(s, fmt.Sprintf("The top risk is %s (%s severity, %s); it should be addressed by %s.", lowerFirst(strings.TrimSuffix(f.Title, ".")), strings.ToLower(severityLabel(f.Severity)), f.ID, due))
		now := 0
		for _, a := range m.actions {
			if a.Bucket == assess.BucketNow {
				now++
			}
		}
		if now > 0 {
			s = append(s, fmt.Sprintf("%d of the %d %s on the roadmap %s due within 30 days.", now, len(m.open), plural(len(m.open), "action", "actions"), plural(now, "is", "are")))
		}
	}
	switch n := len(m.res.Conflicts); {
	case m.facts == nil:
		s = append(s, "The tenant was not read, so the answers could not be checked against it.")
	case n > 0:
		s = append(s, fmt.Sprintf("In %d %s the tenant contradicts what was answered; its facts decide the findings.", n, plural(n, "place", "places")))
	default:
		s = append(s, "The tenant's facts agree with every answer they could check.")
	}
	if unk := o.Unsure + o.NotVerified; unk > 0 {
		s = append(s, fmt.Sprintf("%d %s could not be verified (not known, or not readable with the permissions used).", unk, plural(unk, "question", "questions")))
	}
	return strings.Join(s, " ")
}

// lowerFirst lowers the first letter of a title used mid-sentence, unless
// it begins a name: a product ("Bing", "Copilot") or two capitalised words
// ("Customer Lockbox"), or an acronym ("TLS").
func lowerFirst(s string) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return s
	}
	if properNoun(words[0]) || len(words) > 1 && isCapitalised(words[1]) {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && r[0] >= 'A' && r[0] <= 'Z' && !(r[1] >= 'A' && r[1] <= 'Z') {
		r[0] += 'a' - 'A'
	}
	return string(r)
}

// properNoun reports a name that may begin a finding title and keeps its capital.
func properNoun(w string) bool {
	switch w {
	case "Azure", "Bing", "Copilot", "Dataverse", "Dynamics", "Entra", "Microsoft", "Power", "Purview", "SharePoint", "Teams":
		return true
	}
	return false
}

func isCapitalised(w string) bool {
	r := []rune(w)
	return len(r) > 0 && r[0] >= 'A' && r[0] <= 'Z'
}

// signOff is the document control table, the management response and the
// sign-off fields.
func signOff(d *doc, m *model) {
	d.h1("Management response and sign-off")
	d.h2Keep("Document control", 20)
	rows := [][]cell{
		{{text: "Document", bold: true}, txt(m.meta.Title)},
		{{text: "Classification", bold: true}, txt(classification + ": for the organisation's management, security and audit staff")},
		{{text: "Version", bold: true}, txt("1.0, generated " + dateText(m.now) + " by se06 " + m.version + " (question bank " + cmp.Or(m.res.BankVersion, "-") + ")")},
		{{text: "Assessment date", bold: true}, txt(dateText(m.res.EvaluatedAt))},
		{{text: "Prepared by", bold: true}, txt(strings.Join(nonEmpty(m.meta.Assessor, m.meta.Facilitator), ", "))},
		{{text: "Prepared for", bold: true}, txt(strings.Join(nonEmpty(m.meta.Organization, m.meta.Workload), ", "))},
	}
	d.table([]column{{"Item", 1, ""}, {"", 3.2, ""}}, rows)
	d.h2Keep("Management response", 40)
	d.para("Record the response to the findings and the roadmap: accepted as planned, changed (say how), or risks accepted (record them in the assessment file with a justification, an approver and an expiry).", muted())
	for i := 0; i < 6; i++ {
		d.ensure(8)
		y := d.y() + 7
		d.drawColor(colMuted)
		d.pdf.SetLineWidth(0.15)
		d.pdf.Line(marginX, y, marginX+d.contentW(), y)
		d.setY(y + 1)
	}
	d.space(4)
	d.h2Keep("Sign-off", 45)
	for _, role := range []string{"Workload owner", "Security or risk officer", "Assessor"} {
		d.ensure(16)
		y := d.y() + 9
		third := d.contentW() / 3
		d.drawColor(colMuted)
		d.pdf.SetLineWidth(0.15)
		d.font(false, sizeSmall)
		d.textColor(colMuted)
		for i, label := range []string{role + ": name", "Signature", "Date"} {
			x := marginX + float64(i)*third
			d.pdf.Line(x, y, x+third-6, y)
			d.pdf.SetXY(x, y+0.8)
			d.pdf.CellFormat(third-6, 4, label, "", 0, "L", false, 0, "")
		}
		d.setY(y + 6)
	}
}
