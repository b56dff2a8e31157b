package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// The residency map of a large tenant (docs/report.md: above 300
// environments the PDF lists those that raise findings, worst first, up to
// 250, and sums all of them up by geography, key custody and policy).

func TestMut2GroupDigits(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 10000: "10,000", 123456: "123,456", 1234567: "1,234,567", -1234: "-1234"} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestMut2EnvFindings(t *testing.T) {
	open := []assess.Finding{
		{ID: "A", Affected: []assess.Subject{{Kind: assess.SubjectEnvironment, ID: "E1"}, {Kind: assess.SubjectEnvironment, ID: "e1"}, {Kind: assess.SubjectVault, ID: "e2"}, {Kind: assess.SubjectEnvironment}}},
		{ID: "B", Affected: []assess.Subject{{Kind: assess.SubjectEnvironment, ID: "e2"}, {Kind: assess.SubjectEnvironment, ID: "e1"}}},
	}
	got := map[string][]string{}
	for id, fs := range envFindings(open) {
		for _, f := range fs {
			got[id] = append(got[id], f.ID)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(map[string][]string{"e1": {"A", "B"}, "e2": {"B"}}) {
		t.Errorf("envFindings = %v", got)
	}
}

func TestMut2Tallies(t *testing.T) {
	tab := m2Hosting()
	ok := assess.Provenance{Status: assess.StatusOK}
	envs := []assess.Environment{
		{ID: "a", Geo: "canada", Provenance: ok, KeyManagedBy: "Customer", Managed: true, AI: assess.AISettings{CrossGeoMovement: ptr(true)}, HasDataverse: true, TLS: &assess.TLSProbe{Provenance: ok, ModernOK: true}},
		{ID: "b", Geo: "canada", Provenance: ok},
		{ID: "c", Geo: "france", Provenance: ok, AI: assess.AISettings{CrossGeoMovement: ptr(true)}},
		{ID: "d", Geo: "canada", Provenance: ok, AI: assess.AISettings{CrossGeoMovement: ptr(false)}, HasDataverse: true, TLS: &assess.TLSProbe{Provenance: ok, LegacyRefused: true, ModernOK: true}},
	}
	got := tallies(tab, envs, func(e assess.Environment) string { return e.Geo }, map[string]bool{"a": true, "d": true}, map[string][]*assess.Finding{"b": {{}}, "a": {}})
	want := []tally{
		{label: "canada", envs: 3, inScope: 2, customer: 1, managed: 1, crossGeo: 1, tlsBad: 1, raising: 1},
		{label: "france", envs: 1},
	}
	if !slices.Equal(got, want) {
		t.Errorf("tallies =\n%+v\nwant\n%+v", got, want)
	}
	// ties by label
	got = tallies(tab, envs[1:3], func(e assess.Environment) string { return e.ID }, nil, nil)
	if len(got) != 2 || got[0].label != "b" || got[1].label != "c" {
		t.Errorf("tied tallies in label order: %+v", got)
	}
	cells := tally{label: "L", envs: 1234, inScope: 1, customer: 2, managed: 3, crossGeo: 4, tlsBad: 5, raising: 6}.cells()
	wantCells := []cell{{text: "L", bold: true}, txt("1,234"), txt("1"), txt("2"), txt("3"), {text: "4", color: colMedium}, {text: "5", color: colHigh}, {text: "6", color: colHigh}}
	if !slices.Equal(cells, wantCells) {
		t.Errorf("cells = %+v\nwant %+v", cells, wantCells)
	}
	cells = tally{label: "Z"}.cells()
	for _, c := range cells[1:] {
		if c.text != "0" || c.color != 0 {
			t.Errorf("a zero count is %+v, want plain 0", c)
		}
	}
}

// m2BigTenant has n environments: every third on a customer key linked to
// one policy, geos alternating; the first hot of them named by a finding
// (the first of those by two, one high).
func m2BigTenant(t *testing.T, n, hot int) *model {
	t.Helper()
	ok := assess.Provenance{Status: assess.StatusOK}
	const pol = "/x/enterprisePolicies/pol-big"
	f := &assess.Facts{Policies: []assess.EnterprisePolicy{{ID: pol, Name: "Big policy", State: "Enabled", Health: "Healthy"}}}
	var subj []assess.Subject
	for i := 0; i < n; i++ {
		e := assess.Environment{Provenance: ok, ID: fmt.Sprintf("env-%04d", i), Name: fmt.Sprintf("Env %04d", i), Geo: []string{"canada", "france"}[i%2]}
		if i%3 == 0 {
			e.KeyManagedBy, e.CMK = "Customer", &assess.CMKLink{ResourceID: pol}
		}
		if i == 1 {
			e.CMK = &assess.CMKLink{ResourceID: "/x/enterprisePolicies/unknown-pol", LinkStatus: "Failed"}
		}
		if i == 2 {
			e.Provenance = assess.Provenance{Status: assess.StatusNotPermitted}
		}
		f.Environments = append(f.Environments, e)
		if i < hot {
			subj = append(subj, assess.Subject{Kind: assess.SubjectEnvironment, ID: e.ID})
		}
	}
	res := &assess.Result{Facts: f, AIHosting: m2Hosting()}
	if hot > 0 {
		res.Findings = []assess.Finding{
			{ID: "LOW-1", State: assess.FindingFail, Severity: assess.SevLow, Affected: subj},
			{ID: "HIGH-1", State: assess.FindingFail, Severity: assess.SevHigh, Affected: []assess.Subject{{Kind: assess.SubjectEnvironment, ID: subj[len(subj)-1].ID}}},
		}
	}
	m, err := newModel(Input{Result: res, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMut2ResidencySummaryThreshold(t *testing.T) {
	text := m2Drawn(t, func(d *doc) { residency(d, m2BigTenant(t, 300, 0)) })
	if strings.Contains(text, "too many to list") || !strings.Contains(text, "Env 0299") {
		t.Errorf("300 environments are listed one by one")
	}
	text = m2Drawn(t, func(d *doc) { residency(d, m2BigTenant(t, 301, 0)) })
	for _, want := range []string{
		"This tenant has 301 environments, too many to list one by one on paper. 0 of them raise an open finding; the 0 listed below are the worst",
		"Environments that raise findings (0 of 301)",
		"None: no open finding names an environment.",
		"By geography", "By key custody", "By encryption enterprise policy",
		"Customer key, CMK link linked", "Microsoft key, no CMK link", "Unknown (not read) key, no CMK link", "Microsoft key, CMK link failed",
		"Big policy (Enabled, Healthy)", "(no policy)", "unknown-pol",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("301 environments: lacks %q", want)
		}
	}
	if strings.Contains(text, "Env 0299") {
		t.Errorf("301 environments are still listed one by one")
	}
}

func TestMut2ResidencySummaryHotRows(t *testing.T) {
	text := m2Drawn(t, func(d *doc) { residency(d, m2BigTenant(t, 400, 251)) })
	for _, want := range []string{
		"251 of them raise an open finding; the 250 listed below are the worst",
		"Environments that raise findings (251 of 400)",
		"1 more environments raise findings; they are in the JSON export",
		"HIGH-1, LOW-1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("251 hot environments: lacks %q", want)
		}
	}
	// Worst first: the environment with the high finding leads the list.
	if i, j := strings.Index(text, "Env 0250"), strings.Index(text, "Env 0000"); i < 0 || j < 0 || i > j {
		t.Errorf("the environment with a high finding is not listed first (at %d, Env 0000 at %d)", i, j)
	}
	if strings.Contains(text, "Env 0251") || strings.Contains(text, "Env 0249") {
		t.Errorf("the 251st hot environment (Env 0249) or a cold one is listed")
	}
	text = m2Drawn(t, func(d *doc) { residency(d, m2BigTenant(t, 400, 250)) })
	if strings.Contains(text, "more environments raise findings") || !strings.Contains(text, "the 250 listed below") {
		t.Errorf("250 hot environments: a rest is counted")
	}
}
