package report

import (
	"fmt"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// The residency map's marks (docs/report.md: a cell marked ▲ and a question
// ID raised an open finding of that question, coloured by its severity).

func TestMut2ColumnOf(t *testing.T) {
	for _, c := range []struct {
		id, q string
		want  mapColumn
	}{
		{"AI-03.bing-on", "AI-03", mapBing},
		{"RS-01.data-outside", "RS-01", mapGeo},
		{"KM-09.outside", "KM-09", mapName},
		{"AI-01.movement-vs-residency", "AI-01", mapCrossGeo},
		{"AI-02.processing-abroad", "AI-02", mapCrossGeo},
		{"AI-04.cross-geo", "AI-04", mapCrossGeo},
		{"AR-03.policy-region", "AR-03", mapPolicy},
		{"AR-02.cmk-link-failed", "AR-02", mapPolicy},
		{"AR-02.cmk-missing", "AR-02", mapKey},
		{"AR-04.residual-mmk-required", "AR-04", mapKey},
		{"AR-09", "AR-09", mapKey},
		{"DT-01.legacy-tls", "DT-01", mapTLS},
		{"DT-02.TLS", "DT-02", mapTLS},
		{"DT-03.modern-failed", "DT-03", mapTLS},
		{"MG-01.no-logs", "MG-01", mapName},
	} {
		if got := columnOf(assess.Finding{ID: c.id, QuestionID: c.q}); got != c.want {
			t.Errorf("columnOf(%s) = %d, want %d", c.id, got, c.want)
		}
	}
}

func TestMut2EnvAndSubjectMarks(t *testing.T) {
	env := func(id string, acc bool) assess.Subject {
		return assess.Subject{Kind: assess.SubjectEnvironment, ID: id, Accepted: acc}
	}
	fs := []assess.Finding{
		{ID: "DT-01.legacy-tls", State: assess.FindingFail, Severity: assess.SevHigh, Affected: []assess.Subject{env("e1", false), env("e2", true), {Kind: assess.SubjectVault, ID: "/V/KV-1"}}},
		{ID: "AR-02.cmk-missing", State: assess.FindingWarn, Severity: assess.SevLow, Affected: []assess.Subject{env("e1", false), {Kind: assess.SubjectKey, ID: "/v/kv-1/keys/K"}}},
		{ID: "MG-01.info", State: assess.FindingWarn, Severity: assess.SevInfo, Affected: []assess.Subject{env("e1", false), {Kind: assess.SubjectVault, ID: "/v/kv-1"}}},
		{ID: "X-1.unsure", State: assess.FindingUnsure, Severity: assess.SevHigh, Affected: []assess.Subject{env("e1", false), {Kind: assess.SubjectVault, ID: "/v/kv-1"}}},
		{ID: "X-2.pass", State: assess.FindingPass, Severity: assess.SevHigh, Affected: []assess.Subject{env("e3", false), {Kind: assess.SubjectVault, ID: "/v/kv-1"}}},
		{ID: "X-3", State: assess.FindingFail, Severity: assess.SevMedium, Affected: []assess.Subject{{Kind: assess.SubjectPolicy, ID: "e1"}, {Kind: assess.SubjectPolicy, ID: "/v/kv-1"}}},
	}
	em := envMarks(fs)
	got := fmt.Sprint(em)
	want := fmt.Sprint(map[string]map[mapColumn][]mark{"e1": {mapTLS: {{"DT-01.legacy-tls", assess.SevHigh}}, mapKey: {{"AR-02.cmk-missing", assess.SevLow}}}})
	if got != want {
		t.Errorf("envMarks = %s\nwant %s", got, want)
	}
	sm := fmt.Sprint(subjectMarks(fs))
	want = fmt.Sprint(map[string][]mark{"vault:/v/kv-1": {{"DT-01.legacy-tls", assess.SevHigh}}, "key:/v/kv-1/keys/k": {{"AR-02.cmk-missing", assess.SevLow}}})
	if sm != want {
		t.Errorf("subjectMarks = %s\nwant %s", sm, want)
	}
}

func TestMut2MarkCell(t *testing.T) {
	base := cell{text: "Prod"}
	if got := markCell(base, nil); got != base {
		t.Errorf("markCell without marks = %+v", got)
	}
	for _, c := range []struct {
		ms   []mark
		want cell
	}{
		{[]mark{{"RS-01.x", assess.SevLow}}, cell{text: "Prod\n▲ RS-01", color: colLow, bold: true}},
		{[]mark{{"RS-01.x", assess.SevLow}, {"RS-01.y", assess.SevHigh}, {"AI-01", assess.SevMedium}}, cell{text: "Prod\n▲ RS-01 AI-01", color: colHigh, bold: true}},
		{[]mark{{"A-1", assess.SevMedium}, {"B-1", assess.SevLow}}, cell{text: "Prod\n▲ A-1 B-1", color: colMedium, bold: true}},
		{[]mark{{"A-1", assess.SevMedium}, {"B-1", assess.SevMedium}}, cell{text: "Prod\n▲ A-1 B-1", color: colMedium, bold: true}},
	} {
		if got := markCell(base, c.ms); got != c.want {
			t.Errorf("markCell(%v) = %+v, want %+v", c.ms, got, c.want)
		}
	}
}

func TestMut2PolicyMissing(t *testing.T) {
	f := &assess.Facts{Policies: []assess.EnterprisePolicy{
		{ID: "/p/ok", Provenance: assess.Provenance{Status: assess.StatusOK}},
		{ID: "/p/gone", Provenance: assess.Provenance{Status: assess.StatusNotFound}},
		{ID: "/p/denied", Provenance: assess.Provenance{Status: assess.StatusNotPermitted}},
	}}
	for _, c := range []struct {
		cmk  *assess.CMKLink
		want bool
	}{
		{nil, false}, {&assess.CMKLink{}, false}, {&assess.CMKLink{ResourceID: "/P/OK"}, false},
		{&assess.CMKLink{ResourceID: "/p/gone"}, true}, {&assess.CMKLink{ResourceID: "/p/denied"}, false}, {&assess.CMKLink{ResourceID: "/p/unknown"}, true},
	} {
		if got := policyMissing(f, assess.Environment{CMK: c.cmk}); got != c.want {
			t.Errorf("policyMissing(%+v) = %v, want %v", c.cmk, got, c.want)
		}
	}
}
