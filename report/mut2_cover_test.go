package report

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// The cover and the appendices, by hand from the pinned bank (bank.yaml:
// guidance "PP SE:06", Azure equivalent "Azure WAF SE:07", definitions
// starting with "Certificate").

func TestMut2TenantRows(t *testing.T) {
	started := time.Date(2026, 11, 27, 7, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		name  string
		facts *assess.Facts
		want  [][2]string
	}{
		{"not read", nil, [][2]string{{"Tenant", "not read: this assessment rests on the answers alone"}}},
		{"nothing known", &assess.Facts{}, [][2]string{{"Tenant", "unknown"}, {"Cloud", "public"}}},
		{"demo, started only", &assess.Facts{TenantID: "tid", Demo: true, Cloud: "usgov", Started: started},
			[][2]string{{"Tenant", "tid (demo tenant, not a real one)"}, {"Cloud", "usgov"}, {"Tenant read", "2026-11-27 07:30 UTC"}}},
		{"timed, identity", &assess.Facts{TenantID: "tid", Started: started, Finished: started.Add(47400 * time.Millisecond), Identity: "dana@contoso.example"},
			[][2]string{{"Tenant", "tid"}, {"Cloud", "public"}, {"Tenant read", "2026-11-27 07:30 UTC (47s)"}, {"Read as", "dana@contoso.example"}}},
	} {
		if got := tenantRows(&model{facts: c.facts}); !slices.Equal(got, c.want) {
			t.Errorf("%s: tenantRows = %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestMut2GuidanceText(t *testing.T) {
	for _, c := range []struct {
		m    *model
		want string
	}{
		{&model{res: &assess.Result{GuidanceVersion: "G-res"}, meta: assess.Metadata{GuidanceVersion: "G-meta"}}, "G-res"},
		{&model{res: &assess.Result{}, meta: assess.Metadata{GuidanceVersion: "G-meta"}}, "G-meta"},
		{&model{res: &assess.Result{GuidanceVersion: "G"}, bank: loadBank(t)}, "G (Azure WAF equivalent: SE:07)"},
		{&model{res: &assess.Result{GuidanceVersion: "G"}, bank: &assess.Bank{}}, "G"},
	} {
		if got := guidanceText(c.m); got != c.want {
			t.Errorf("guidanceText = %q, want %q", got, c.want)
		}
	}
}

func TestMut2CoverDrawn(t *testing.T) {
	m := &model{res: &assess.Result{EvaluatedAt: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC), BankVersion: "B-1"}, version: "v5",
		meta: assess.Metadata{Title: "COVER TITLE", Organization: "Contoso", Workload: " ", Assessor: "Ana"}}
	text := m2Drawn(t, func(d *doc) { cover(d, m) })
	for _, want := range []string{"POWER PLATFORM WELL-ARCHITECTED · SE:06 DATA ENCRYPTION", "COVER TITLE", "Assessment and recommendations for Contoso",
		"Organization Contoso", "Assessment date 27 November 2026", "Assessor Ana", "Tool se06 v5", "Question bank B-1",
		"Tenant not read: this assessment rests on the answers alone"} {
		if !strings.Contains(text, want) {
			t.Errorf("the cover lacks %q\n%s", want, text)
		}
	}
	for _, not := range []string{"Workload", "Facilitator", "Guidance"} {
		if strings.Contains(text, not) {
			t.Errorf("the cover shows the empty %q", not)
		}
	}
	m.meta.Organization = ""
	if text = m2Drawn(t, func(d *doc) { cover(d, m) }); !strings.Contains(text, "Assessment and recommendations Assessment date") {
		t.Errorf("without an organisation:\n%s", text)
	}
}

func TestMut2References(t *testing.T) {
	m := &model{res: &assess.Result{
		Findings: []assess.Finding{
			{Links: []assess.Link{{Title: "F1", URL: "https://learn.microsoft.com/f1"}, {Title: "empty", URL: ""}}},
			{Links: []assess.Link{{Title: "F1 again", URL: "https://learn.microsoft.com/f1"}, {Title: "F2", URL: "https://learn.microsoft.com/f2"}}},
		},
		AIHosting: m2Hosting(),
	}}
	got := references(m)
	want := []assess.Link{{Title: "F1", URL: "https://learn.microsoft.com/f1"}, {Title: "F2", URL: "https://learn.microsoft.com/f2"},
		{Title: "t (AI hosting table, May 2025 revision, 2025-05-30)", URL: "https://learn.example/ai"}}
	if !slices.Equal(got, want) {
		t.Errorf("references = %v\nwant %v", got, want)
	}
	m.bank = loadBank(t)
	got = references(m)
	if len(got) < 4 || got[0] != (assess.Link{Title: "PP SE:06: Recommendations for data encryption", URL: "https://learn.microsoft.com/power-platform/well-architected/security/encryption"}) {
		t.Errorf("with the bank, the guidance is not the first reference: %v", got[:1])
	}
	seen := map[string]bool{}
	for _, l := range got {
		if seen[l.URL] {
			t.Errorf("reference %s listed twice", l.URL)
		}
		seen[l.URL] = true
	}
	if got[len(got)-1].URL != "https://learn.example/ai" {
		t.Errorf("the AI hosting table is not the last reference")
	}
	if shortTime(time.Time{}) != "-" || shortTime(time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("X", 3600))) != "2026-01-02 02:04" {
		t.Errorf("shortTime")
	}
}

func TestMut2AppendixDrawn(t *testing.T) {
	m := &model{res: &assess.Result{}, version: "v5", now: testNow}
	text := m2Drawn(t, func(d *doc) { appendix(d, m) })
	for _, want := range []string{
		"No tenant facts were read: every finding rests on the answers given in the workshop.",
		"The question bank carries no control mappings.",
		"The question bank carries no definitions.",
		"How the grade and the statuses are given",
		"Generated by se06 v5 on 2026-11-27 09:30 UTC. Question bank -, guidance -.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the bankless appendix lacks %q\n%s", want, text)
		}
	}
	if strings.Contains(text, "PP SE:06:") {
		t.Errorf("a guidance statement without a bank")
	}
	m.bank = loadBank(t)
	m.res.BankVersion, m.res.GuidanceVersion = "B-2", "G-2"
	m.facts = &assess.Facts{Vaults: []assess.Vault{{ID: "/v/kv-a", Provenance: assess.Provenance{Source: "ARM", Status: assess.StatusOK}}}}
	text = m2Drawn(t, func(d *doc) { appendix(d, m) })
	for _, want := range []string{
		"1 fact was read from the tenant",
		"PP SE:06: Recommendations for data encryption", "Encrypt data with modern, industry-standard methods",
		"Certificate: A digital file that holds a public key used to encrypt or to verify.",
		"Appendix D: References", "https://learn.microsoft.com/power-platform/well-architected/security/encryption",
		"Question bank B-2, guidance G-2.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the appendix lacks %q", want)
		}
	}
	for _, not := range []string{"carries no definitions", "No tenant facts were read"} {
		if strings.Contains(text, not) {
			t.Errorf("the appendix has %q", not)
		}
	}
	// A bank without a statement: no guidance heading.
	b := *m.bank
	b.Guidance.Statement = ""
	m.bank = &b
	if text = m2Drawn(t, func(d *doc) { appendix(d, m) }); strings.Contains(text, "PP SE:06: Recommendations for data encryption Encrypt") {
		t.Errorf("a guidance heading without a statement")
	}
}
