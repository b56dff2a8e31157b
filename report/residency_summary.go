package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ppwaf/se06/assess"
)

// Above residencyListMax environments the PDF's residency map stops listing
// every environment (10,000 rows are about 900 pages nobody reads on paper):
// it lists the environments that raise findings, worst first, up to
// residencyFindingRows, and sums up all of them by geography, key custody
// and enterprise policy. The full table is in the JSON export.
const (
	residencyListMax     = 300
	residencyFindingRows = 250
)

// envFindings maps each environment (lower-case ID) to the open findings
// that name it, in the findings' priority order. One pass over the findings.
func envFindings(open []assess.Finding) map[string][]*assess.Finding {
	out := map[string][]*assess.Finding{}
	for i := range open {
		f := &open[i]
		seen := map[string]bool{}
		for _, s := range f.Affected {
			id := strings.ToLower(s.ID)
			if s.Kind != assess.SubjectEnvironment || id == "" || seen[id] {
				continue
			}
			seen[id] = true
			out[id] = append(out[id], f)
		}
	}
	return out
}

// tally is one row of a summary table.
type tally struct {
	label                                                       string
	envs, inScope, customer, managed, crossGeo, tlsBad, raising int
}

func (t *tally) add(h *assess.AIHostingTable, e assess.Environment, inScope, raising bool) {
	t.envs++
	if inScope {
		t.inScope++
	}
	if keyManagedBy(e) == "Customer" {
		t.customer++
	}
	if e.Managed {
		t.managed++
	}
	if aiLeavesGeo(h, e) {
		t.crossGeo++
	}
	if _, ok := tlsResult(e); !ok {
		t.tlsBad++
	}
	if raising {
		t.raising++
	}
}

func (t tally) cells() []cell {
	n := func(v int) cell { return txt(groupDigits(v)) }
	hot := func(v int, c color) cell {
		x := n(v)
		if v > 0 {
			x.color = c
		}
		return x
	}
	return []cell{{text: t.label, bold: true}, n(t.envs), n(t.inScope), n(t.customer), n(t.managed), hot(t.crossGeo, colMedium), hot(t.tlsBad, colHigh), hot(t.raising, colHigh)}
}

var tallyCols = func(first string) []column {
	return []column{{first, 3.6, ""}, {"Environments", 1.5, "R"}, {"In scope", 1.3, "R"}, {"Customer key", 1.5, "R"}, {"Managed", 1.3, "R"}, {"AI leaves geo", 1.5, "R"}, {"TLS 1.1 accepted or failed", 2.0, "R"}, {"Raise findings", 1.5, "R"}}
}

// tallies groups environments by key and returns the rows, largest first.
func tallies(h *assess.AIHostingTable, envs []assess.Environment, key func(assess.Environment) string, inScope map[string]bool, raising map[string][]*assess.Finding) []tally {
	by := map[string]*tally{}
	for _, e := range envs {
		k := key(e)
		t := by[k]
		if t == nil {
			t = &tally{label: k}
			by[k] = t
		}
		t.add(h, e, inScope[e.ID], len(raising[strings.ToLower(e.ID)]) > 0)
	}
	out := make([]tally, 0, len(by))
	for _, t := range by {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b tally) int { return cmp.Or(cmp.Compare(b.envs, a.envs), cmp.Compare(a.label, b.label)) })
	return out
}

// residencySummary draws the residency map of a large tenant.
func residencySummary(d *doc, m *model, envRow func(assess.Environment) []cell, envCols []column) {
	f := m.facts
	inScope := map[string]bool{}
	for _, id := range m.res.Scope {
		inScope[id] = true
	}
	raising := envFindings(m.open)
	var hot []assess.Environment
	for _, e := range f.Environments {
		if len(raising[strings.ToLower(e.ID)]) > 0 {
			hot = append(hot, e)
		}
	}
	worst := func(e assess.Environment) (int, int) {
		fs := raising[strings.ToLower(e.ID)]
		r := 0
		for _, x := range fs {
			r = max(r, x.Severity.Rank())
		}
		return r, len(fs)
	}
	slices.SortStableFunc(hot, func(a, b assess.Environment) int {
		ra, na := worst(a)
		rb, nb := worst(b)
		return cmp.Or(cmp.Compare(rb, ra), cmp.Compare(nb, na))
	})
	total := len(f.Environments)
	d.para(fmt.Sprintf("This tenant has %s environments, too many to list one by one on paper. %s of them raise an open finding; the %s listed below are the worst (highest severity, then most findings). All %s are summed up by geography, key custody and enterprise policy after that list. The full environment table, one entry per environment with every fact read, is in the JSON export (facts.environments; write it with --json FILE), and each finding's environments are in the JSON and the CSV action plan.",
		groupDigits(total), groupDigits(len(hot)), groupDigits(min(len(hot), residencyFindingRows)), groupDigits(total)), body())

	d.h3(fmt.Sprintf("Environments that raise findings (%s of %s)", groupDigits(len(hot)), groupDigits(total)), colAccent)
	if len(hot) == 0 {
		d.para("None: no open finding names an environment.", muted())
	} else {
		cols := append(slices.Clone(envCols[:3]), column{"Key managed by", 1.6, ""}, column{"CMK policy and status", 3, ""}, column{"Open findings", 8.2, ""})
		rows := make([][]cell, 0, min(len(hot), residencyFindingRows))
		for _, e := range hot[:min(len(hot), residencyFindingRows)] {
			full := envRow(e)
			ids := make([]string, 0, len(raising[strings.ToLower(e.ID)]))
			for _, x := range raising[strings.ToLower(e.ID)] {
				ids = append(ids, x.ID)
			}
			rows = append(rows, []cell{full[0], full[1], full[2], full[5], full[6], txt(joinMax(ids, 6))})
		}
		d.table(cols, rows)
		if rest := len(hot) - residencyFindingRows; rest > 0 {
			d.para(fmt.Sprintf("%s more environments raise findings; they are in the JSON export, and in the summaries below.", groupDigits(rest)), muted())
		}
	}

	d.h3("By geography", colAccent)
	var rows [][]cell
	for _, t := range tallies(m.res.AIHosting, f.Environments, func(e assess.Environment) string { return cmp.Or(e.Geo, "unknown (no geo)") }, inScope, raising) {
		rows = append(rows, t.cells())
	}
	d.table(tallyCols("Geo"), rows)

	d.h3("By key custody", colAccent)
	rows = nil
	for _, t := range tallies(m.res.AIHosting, f.Environments, func(e assess.Environment) string {
		k := keyManagedBy(e)
		if strings.HasPrefix(k, "unknown") {
			k = "Unknown (not read)"
		}
		if e.CMK != nil {
			return k + " key, CMK link " + strings.ToLower(cmp.Or(e.CMK.LinkStatus, "linked"))
		}
		return k + " key, no CMK link"
	}, inScope, raising) {
		rows = append(rows, t.cells())
	}
	d.table(tallyCols("Key managed by"), rows)

	d.h3("By encryption enterprise policy", colAccent)
	rows = nil
	policies := make(map[string]assess.EnterprisePolicy, len(f.Policies))
	for _, p := range f.Policies {
		policies[strings.ToLower(p.ID)] = p
	}
	for _, t := range tallies(m.res.AIHosting, f.Environments, func(e assess.Environment) string {
		if e.CMK == nil || e.CMK.ResourceID == "" {
			return "(no policy)"
		}
		name := lastSegment(e.CMK.ResourceID)
		if p, ok := policies[strings.ToLower(e.CMK.ResourceID)]; ok {
			name = cmp.Or(p.Name, name)
			if st := strings.Join(nonEmpty(p.State, p.Health), ", "); st != "" {
				name += " (" + st + ")"
			}
		}
		return name
	}, inScope, raising) {
		rows = append(rows, t.cells())
	}
	d.table(tallyCols("Policy"), rows)
}

// groupDigits writes 10000 as "10,000".
func groupDigits(n int) string {
	s := fmt.Sprint(n)
	if n < 0 || len(s) <= 3 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
