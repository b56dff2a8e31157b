package report

import (
	"slices"
	"strings"

	"github.com/ppwaf/se06/assess"
)

// mapColumn is a column of the residency and key map's environment table
// that a finding can be about.
type mapColumn int

const (
	mapName mapColumn = iota // the finding fits no column: the name cell carries it
	mapGeo
	mapKey
	mapPolicy
	mapCrossGeo
	mapBing
	mapTLS
)

// columnOf says which cell of an environment's row an open finding is about,
// from its question and rule: the map marks that cell.
func columnOf(f assess.Finding) mapColumn {
	rule := strings.ToLower(f.ID)
	switch {
	case strings.Contains(rule, "bing"):
		return mapBing
	case strings.HasPrefix(f.QuestionID, "RS-") && strings.Contains(rule, "outside"):
		return mapGeo
	case strings.Contains(rule, "movement") || strings.Contains(rule, "processing-abroad") || strings.Contains(rule, "cross"):
		return mapCrossGeo
	case strings.Contains(rule, "policy") || strings.Contains(rule, "link"):
		return mapPolicy
	case strings.Contains(rule, "cmk") || strings.Contains(rule, "mmk") || strings.HasPrefix(f.QuestionID, "AR-"):
		return mapKey
	case strings.Contains(rule, "legacy") || strings.Contains(rule, "tls") || strings.Contains(rule, "modern"):
		return mapTLS
	}
	return mapName
}

// mark is a finding raised on one cell.
type mark struct {
	id  string
	sev assess.Severity
}

// envMarks collects, per environment and column, the open findings (to fix)
// that name the environment; an environment whose risk is accepted for that
// finding is not marked.
func envMarks(fs []assess.Finding) map[string]map[mapColumn][]mark {
	out := map[string]map[mapColumn][]mark{}
	for _, f := range fs {
		if f.State != assess.FindingFail && f.State != assess.FindingWarn || f.Severity == assess.SevInfo {
			continue
		}
		col := columnOf(f)
		for _, s := range f.Affected {
			if s.Kind != assess.SubjectEnvironment || s.Accepted {
				continue
			}
			if out[s.ID] == nil {
				out[s.ID] = map[mapColumn][]mark{}
			}
			out[s.ID][col] = append(out[s.ID][col], mark{f.ID, f.Severity})
		}
	}
	return out
}

// markCell adds the findings raised on a cell to it, in text ("▲ RS-01")
// and in the colour of the worst severity, so the map reads without colour too.
func markCell(c cell, ms []mark) cell {
	if len(ms) == 0 {
		return c
	}
	worst := ms[0].sev
	var ids []string
	for _, m := range ms {
		// The question ID is short enough for a narrow column; the finding
		// list names the rule.
		q, _, _ := strings.Cut(m.id, ".")
		if !slices.Contains(ids, q) {
			ids = append(ids, q)
		}
		if m.sev.Rank() > worst.Rank() {
			worst = m.sev
		}
	}
	c.text += "\n▲ " + strings.Join(ids, " ")
	c.color, c.bold = severityColor(worst), true
	return c
}

// policyMissing reports whether an environment names an encryption policy
// that cannot be found: not among the policies read, or read as not found.
func policyMissing(f *assess.Facts, e assess.Environment) bool {
	if e.CMK == nil || e.CMK.ResourceID == "" {
		return false
	}
	p, ok := f.Policy(e.CMK.ResourceID)
	return !ok || p.Provenance.Status == assess.StatusNotFound
}

// subjectMarks collects the open findings (to fix) per vault and key, keyed
// by kind and lower-case ARM ID.
func subjectMarks(fs []assess.Finding) map[string][]mark {
	out := map[string][]mark{}
	for _, f := range fs {
		if f.State != assess.FindingFail && f.State != assess.FindingWarn || f.Severity == assess.SevInfo {
			continue
		}
		for _, s := range f.Affected {
			if s.Kind == assess.SubjectVault || s.Kind == assess.SubjectKey {
				k := string(s.Kind) + ":" + strings.ToLower(s.ID)
				out[k] = append(out[k], mark{f.ID, f.Severity})
			}
		}
	}
	return out
}
