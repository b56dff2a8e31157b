package assess

import (
	"strings"
	"testing"
)

func TestAIHostingFor(t *testing.T) {
	cases := []struct {
		geo    string
		known  bool
		inGeo  bool
		eu     bool
		openAI string
	}{
		{"unitedstates", true, true, false, "the environment's region"},
		{"europe", true, true, true, "Spain, Sweden or Switzerland (EU Data Boundary endpoint)"},
		{"France", true, false, true, "Spain, Sweden or Switzerland"},
		{"germany", true, false, true, "Spain, Sweden or Switzerland"},
		{"switzerland", true, false, true, "Spain, Sweden or Switzerland"},
		{"japan", true, false, false, "United States"},
		{"brazil", true, false, false, "United States"},
		{"unitedarabemirates", true, false, false, "United States"},
		{"australia", true, false, false, "the environment's region or United States"},
		{"uk", true, false, false, "the environment's region, Spain, Sweden or Switzerland"},
		{"usgov", true, true, false, "the environment's region (government cloud)"},
		{"sweden", false, false, true, ""},
		{"", false, false, false, ""},
	}
	for _, tc := range cases {
		h := AIHostingFor(tc.geo)
		if h.Known != tc.known || h.InGeo != tc.inGeo || h.EUDataBoundary != tc.eu {
			t.Errorf("%q: known %t inGeo %t eu %t, want %t %t %t", tc.geo, h.Known, h.InGeo, h.EUDataBoundary, tc.known, tc.inGeo, tc.eu)
		}
		if h.Bing != "United States" {
			t.Errorf("%q: Bing %q, want United States for every geo", tc.geo, h.Bing)
		}
		if tc.known && h.OpenAI != tc.openAI {
			t.Errorf("%q: OpenAI %q, want %q", tc.geo, h.OpenAI, tc.openAI)
		}
		if !tc.known && !strings.Contains(h.OpenAI, AIHostingTableDate) {
			t.Errorf("%q: an unlisted geo should say which table it missed: %q", tc.geo, h.OpenAI)
		}
		if !strings.Contains(h.Processing(), h.Bing) {
			t.Errorf("%q: Processing() = %q", tc.geo, h.Processing())
		}
	}
	if !strings.HasPrefix(AIHostingTableSource, "https://learn.microsoft.com/") {
		t.Errorf("source %q is not a Microsoft Learn link", AIHostingTableSource)
	}
}

// TestAIHostingCoversBankGeos keeps the table and RS-01's geo choices in step.
func TestAIHostingCoversBankGeos(t *testing.T) {
	q, ok := mustBank(t).Question("RS-01")
	if !ok {
		t.Fatal("RS-01 missing")
	}
	// Sweden and China have no row in the February 2025 table.
	unlisted := map[string]bool{"no-requirement": true, "sweden": true, "china": true}
	for _, c := range q.Choices {
		if h := AIHostingFor(c.ID); h.Known == unlisted[c.ID] {
			t.Errorf("RS-01 choice %s: known in the hosting table = %t", c.ID, h.Known)
		}
	}
}
