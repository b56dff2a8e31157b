package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ppwaf/se06/assess"
)

// evFact is one fact read from the tenant, for the evidence appendix.
type evFact struct {
	name     string
	p        assess.Provenance
	findings []string // open findings this fact raised
}

// listed reports whether the fact gets a row of its own: it could not be read
// (or not fully), or it raised a finding. Facts that read fine and raised
// nothing are summed up in one line per group.
func (f evFact) listed() bool { return !f.p.OK() || len(f.findings) > 0 }

// evGroup is one kind of fact (environments, key vaults…) and its source APIs.
type evGroup struct {
	title string
	facts []evFact
	// all lists every fact, read fine or not (the collection checks).
	all bool
}

// evidenceGroups sorts every fact into groups and links each to the open
// findings it raised: a finding about the same object whose evidence came
// from the same source API (or that cites no tenant evidence at all).
func evidenceGroups(res *assess.Result, f *assess.Facts, open []assess.Finding) []evGroup {
	if f == nil {
		return nil
	}
	// Index the findings by subject once, so linking a fact to its findings
	// costs what it raises, not the number of findings times subjects (the
	// quadratic part of a 10,000-environment report).
	bySubject := map[string][]int{}
	srcsOf := make([]map[string]bool, len(open))
	for i, fd := range open {
		srcsOf[i] = factSources(res, fd)
		seen := map[string]bool{}
		for _, s := range fd.Affected {
			keys := []string{strings.ToLower(s.ID)}
			if s.Kind == assess.SubjectTenant {
				keys = append(keys, tenantSubject)
			}
			for _, k := range keys {
				if k == "" || seen[k] {
					continue
				}
				seen[k] = true
				bySubject[k] = append(bySubject[k], i)
			}
		}
	}
	raised := func(keep func(assess.Finding) bool, subjectIDs []string, src string) []string {
		var idx []int
		for _, id := range subjectIDs {
			if id != tenantSubject {
				id = strings.ToLower(id)
			}
			if id == "" {
				continue
			}
			idx = append(idx, bySubject[id]...)
		}
		slices.Sort(idx)
		idx = slices.Compact(idx)
		var ids []string
		for _, i := range idx {
			fd := open[i]
			if keep != nil && !keep(fd) {
				continue
			}
			if srcs := srcsOf[i]; len(srcs) == 0 || srcs[assess.SourceFamily(src)] {
				ids = append(ids, fd.ID)
			}
		}
		return ids
	}
	var groups []evGroup
	add := func(g evGroup) {
		if len(g.facts) > 0 {
			groups = append(groups, g)
		}
	}
	// group collects the facts of one kind; keep, when not nil, narrows the
	// findings its facts can raise.
	group := func(title string, all bool, keep func(assess.Finding) bool, each func(put func(name string, p assess.Provenance, subjects ...string))) {
		g := evGroup{title: title, all: all}
		each(func(name string, p assess.Provenance, subjects ...string) {
			if p.Source == "" && p.Status == "" && p.At.IsZero() {
				return
			}
			var ids []string
			if len(subjects) > 0 {
				ids = raised(keep, subjects, p.Source)
			}
			g.facts = append(g.facts, evFact{name: name, p: p, findings: ids})
		})
		add(g)
	}
	// The generative AI settings come with the environment from the same
	// API; findings about AI data movement are theirs, the rest the environment's.
	aiOnly := func(f assess.Finding) bool { return slices.Contains(f.DataStates, assess.StateAIMovement) }
	notAIOnly := func(f assess.Finding) bool {
		return slices.ContainsFunc(f.DataStates, func(s assess.DataState) bool { return s != assess.StateAIMovement }) || len(f.DataStates) == 0
	}
	group("Collection checks", true, nil, func(put func(string, assess.Provenance, ...string)) {
		for _, c := range f.Checks {
			put(c.Name, c.Provenance)
		}
	})
	group("Tenant", true, nil, func(put func(string, assess.Provenance, ...string)) {
		put("Tenant", f.Tenant.Provenance, tenantSubject)
		put("Tenant settings", f.Tenant.Settings.Provenance, tenantSubject)
	})
	group("Environments", false, notAIOnly, func(put func(string, assess.Provenance, ...string)) {
		for _, e := range f.Environments {
			put(nameOr(e.Name, e.ID), e.Provenance, e.ID)
		}
	})
	group("Generative AI settings", false, aiOnly, func(put func(string, assess.Provenance, ...string)) {
		for _, e := range f.Environments {
			put(nameOr(e.Name, e.ID), e.AI.Provenance, e.ID)
		}
	})
	group("TLS probes", false, nil, func(put func(string, assess.Provenance, ...string)) {
		for _, e := range f.Environments {
			if e.TLS != nil {
				put(nameOr(strings.TrimSuffix(e.TLS.Host, ":443"), nameOr(e.Name, e.ID)), e.TLS.Provenance, e.ID, e.TLS.Host)
			}
		}
	})
	group("Enterprise policies", false, nil, func(put func(string, assess.Provenance, ...string)) {
		for _, p := range f.Policies {
			put(cmp.Or(p.Name, lastSegment(p.ID)), p.Provenance, p.ID)
		}
	})
	group("Key vaults", false, nil, func(put func(string, assess.Provenance, ...string)) {
		for _, v := range f.Vaults {
			put(cmp.Or(v.Name, lastSegment(v.ID)), v.Provenance, v.ID)
		}
	})
	keyName := func(k assess.Key) string { return k.Name + " (" + vaultName(f, k.VaultID) + ")" }
	group("Keys", false, nil, func(put func(string, assess.Provenance, ...string)) {
		for _, k := range f.Keys {
			put(keyName(k), k.Provenance, k.VaultID+"/keys/"+k.Name, k.ID)
		}
	})
	group("Key rotation policies", false, nil, func(put func(string, assess.Provenance, ...string)) {
		for _, k := range f.Keys {
			if k.RotationProvenance != nil {
				put(keyName(k), *k.RotationProvenance, k.VaultID+"/keys/"+k.Name, k.ID)
			}
		}
	})
	return groups
}

// tenantSubject stands for the tenant itself, which findings name by kind.
const tenantSubject = "\x00tenant"

// factSources is the set of source APIs (families) a finding's evidence
// cites, in the words of the result's sources table.
func factSources(res *assess.Result, f assess.Finding) map[string]bool {
	out := map[string]bool{}
	for _, e := range f.Evidence {
		if fam := res.SourceFamily(e.Source); fam != "" {
			out[fam] = true
		}
	}
	return out
}

// sources names a group's source APIs, most used first.
func (g evGroup) sources() []string {
	n := map[string]int{}
	for _, f := range g.facts {
		if f.p.Source != "" {
			n[assess.SourceFamily(f.p.Source)]++
		}
	}
	out := make([]string, 0, len(n))
	for s := range n {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(n[b], n[a]), cmp.Compare(a, b)) })
	return out
}

// timeSpan gives the read times of facts as one time or a range.
func timeSpan(facts []evFact) string {
	var lo, hi time.Time
	for _, f := range facts {
		if f.p.At.IsZero() {
			continue
		}
		if lo.IsZero() || f.p.At.Before(lo) {
			lo = f.p.At
		}
		if f.p.At.After(hi) {
			hi = f.p.At
		}
	}
	a, b := shortTime(lo), shortTime(hi)
	if a == b {
		return a
	}
	if lo.UTC().Format(time.DateOnly) == hi.UTC().Format(time.DateOnly) {
		return a + " to " + hi.UTC().Format("15:04")
	}
	return a + " to " + b
}

// evidenceTables draws the evidence appendix: per kind of fact, its source
// APIs, one row for each fact that could not be read or raised a finding,
// and one line summing up the facts that read fine.
func evidenceTables(d *doc, groups []evGroup) {
	total, notOK := 0, 0
	for _, g := range groups {
		for _, f := range g.facts {
			total++
			if !f.p.OK() {
				notOK++
			}
		}
	}
	d.para(fmt.Sprintf("%d %s read from the tenant; %d could not be read in full. Each fact that could not be read, or that raised a finding, has a row of its own; facts that read fine and raised nothing are summed up in one line per kind (the JSON export lists every fact); where more than %d facts of one kind could not be read, or raised findings, those with the same status and the same findings share a row. A fact that could not be read never makes a finding pass: the finding is shown as not verified, with the reason.",
		total, plural(total, "fact was", "facts were"), notOK, evidenceListMax), body())
	cols := []column{{"Fact", 4.8, ""}, {"Read at (UTC)", 2.3, ""}, {"Status", 2.6, ""}, {"Open findings", 4.5, ""}}
	for _, g := range groups {
		// Keep the heading, the source and the first rows together.
		d.ensure(lineH(sizeH3) + 2*lineH(sizeSmall) + 6*lineH(sizeTable) + 12)
		d.h3(fmt.Sprintf("%s (%d)", g.title, len(g.facts)), colAccent)
		srcs := g.sources()
		if g.all {
			// Few facts, each listed with its own source.
			var rows [][]cell
			for _, f := range g.facts {
				name := f.name
				if len(f.findings) > 0 {
					name += "\nraised " + joinMax(f.findings, 4)
				}
				rows = append(rows, []cell{txt(name), monoCell(cmp.Or(f.p.Source, "-")), txt(shortTime(f.p.At)), statusCell(f.p)})
			}
			d.tableOpts(tableOpts{padY: 0.9}, []column{{"Fact", 3.2, ""}, {"Source API", 5.4, ""}, {"Read at (UTC)", 2.3, ""}, {"Status", 3.3, ""}}, rows)
			continue
		}
		if len(srcs) > 0 {
			d.para(plural(len(srcs), "Source: ", "Sources: ")+joinMax(srcs, 3), textStyle{size: sizeSmall, color: colMuted, after: 1.2})
		}
		var rows [][]cell
		var fine, listed []evFact
		for _, f := range g.facts {
			if !f.listed() {
				fine = append(fine, f)
			} else {
				listed = append(listed, f)
			}
		}
		// Facts that could not be read come first, one by one; facts that
		// read fine and raised findings after them. Either kind, when more
		// than evidenceListMax, is bunched by status and findings.
		var unread, raised []evFact
		for _, f := range listed {
			if f.p.OK() {
				raised = append(raised, f)
			} else {
				unread = append(unread, f)
			}
		}
		for _, part := range [][]evFact{unread, raised} {
			if len(part) > evidenceListMax {
				rows = append(rows, evidenceBunches(part)...)
				continue
			}
			for _, f := range part {
				name := f.name
				if len(srcs) > 1 && f.p.Source != "" && assess.SourceFamily(f.p.Source) != srcs[0] {
					name += "\n" + f.p.Source // not the group's main source
				}
				rows = append(rows, []cell{txt(name), txt(shortTime(f.p.At)), statusCell(f.p), txt(joinMax(f.findings, 4))})
			}
		}
		if len(fine) > 0 {
			names := make([]string, len(fine))
			for i, f := range fine {
				names[i] = f.name
			}
			label := fmt.Sprintf("%d read fine", len(fine))
			if len(fine) == len(g.facts) {
				label = fmt.Sprintf("All %d read fine", len(fine))
			}
			if len(fine) == 1 && len(g.facts) == 1 {
				label = "Read fine"
			}
			rows = append(rows, []cell{mutedCell(label + ": " + joinMax(names, 12)), mutedCell(timeSpan(fine)), mutedCell("ok"), mutedCell("none")})
		}
		d.tableOpts(tableOpts{padY: 0.9}, cols, rows)
	}
}

// evidenceListMax is the most facts of one kind listed one by one; above
// it (a tenant of thousands of environments) facts with the same status and
// the same findings share a row, so the appendix stays a document. The JSON
// export lists every fact.
const evidenceListMax = 60

// evidenceBunches gives one row per status and set of raised findings, in
// the order they first appear, naming the first few facts of each.
func evidenceBunches(facts []evFact) [][]cell {
	type bunch struct {
		first evFact
		names []string
		facts []evFact
	}
	var order []string
	by := map[string]*bunch{}
	for _, f := range facts {
		key := f.p.Describe() + "\x00" + strings.Join(f.findings, ",")
		b := by[key]
		if b == nil {
			b = &bunch{first: f}
			by[key] = b
			order = append(order, key)
		}
		b.names = append(b.names, f.name)
		b.facts = append(b.facts, f)
	}
	rows := make([][]cell, 0, len(order))
	for _, key := range order {
		b := by[key]
		label := b.first.name
		if len(b.names) > 1 {
			label = fmt.Sprintf("%s facts: %s", groupDigits(len(b.names)), joinMax(b.names, 8))
		}
		rows = append(rows, []cell{txt(label), txt(timeSpan(b.facts)), statusCell(b.first.p), txt(joinMax(b.first.findings, 4))})
	}
	return rows
}

// statusCell shows a fact's status, flagged when it could not be read.
func statusCell(p assess.Provenance) cell {
	st := txt(cmp.Or(p.Describe(), "-"))
	if !p.OK() && p.Status != assess.StatusNotApplicable {
		st = colored(st.text, colMedium)
	}
	return st
}
