package assess

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestAIHostingFor(t *testing.T) {
	tbl := mustBank(t).AIHosting
	cases := []struct {
		geo    string
		known  bool
		inGeo  bool
		flex   bool
		openAI string
	}{
		{"unitedstates", true, true, false, "the environment's region"},
		{"europe", true, true, true, "Norway, Spain, Sweden or Switzerland (EU Data Boundary endpoint)"},
		{"France", true, false, true, "Norway, Spain, Sweden or Switzerland"},
		{"germany", true, false, true, "Norway, Spain, Sweden or Switzerland"},
		{"sweden", true, false, true, "Norway, Spain, Sweden or Switzerland"},
		{"switzerland", true, false, true, "Norway, Spain, Sweden or Switzerland"},
		{"japan", true, false, false, "United States"},
		{"brazil", true, false, false, "United States"},
		{"unitedarabemirates", true, false, false, "United States"},
		{"singapore", true, false, false, "the environment's region or United States"},
		{"australia", true, false, false, "the environment's region or United States"},
		{"uk", true, false, false, "the environment's region, Norway, Spain, Sweden or Switzerland"},
		{"usgov", true, true, false, "the environment's region (government cloud, GCC and GCC High)"},
		{"china", false, false, false, ""},
		{"", false, false, false, ""},
	}
	for _, tc := range cases {
		h := tbl.For(tc.geo)
		if h.Known != tc.known || h.InGeo != tc.inGeo || h.FlexRouting != tc.flex {
			t.Errorf("%q: known %t inGeo %t flex %t, want %t %t %t", tc.geo, h.Known, h.InGeo, h.FlexRouting, tc.known, tc.inGeo, tc.flex)
		}
		if h.Bing != "United States" {
			t.Errorf("%q: Bing %q, want United States for every geo", tc.geo, h.Bing)
		}
		if tc.known && h.OpenAI != tc.openAI {
			t.Errorf("%q: OpenAI %q, want %q", tc.geo, h.OpenAI, tc.openAI)
		}
		if !tc.known && !strings.Contains(h.OpenAI, tbl.Revision) {
			t.Errorf("%q: an unlisted geo should say which table it missed: %q", tc.geo, h.OpenAI)
		}
		if p := h.Processing(); !strings.Contains(p, h.Bing) || !strings.Contains(p, tbl.Revision) {
			t.Errorf("%q: Processing() = %q, want Bing and the table's revision date", tc.geo, p)
		}
	}
	var none *AIHostingTable
	if h := none.For("europe"); h.Known || !strings.Contains(h.OpenAI, "no hosting table") {
		t.Errorf("nil table: %+v", h)
	}
}

// TestAIHostingTableDated keeps the table's provenance complete: a Microsoft
// Learn source, a revision date and its name.
func TestAIHostingTableDated(t *testing.T) {
	tbl := mustBank(t).AIHosting
	if tbl == nil {
		t.Fatal("the embedded bank has no AI hosting table")
	}
	if !strings.HasPrefix(tbl.Source, "https://learn.microsoft.com/power-platform/admin/geographical-availability-copilot") {
		t.Errorf("source %q is not the Move data across regions page", tbl.Source)
	}
	if tbl.Revision < "2025-05-30" {
		t.Errorf("revision %s is older than the May 2025 revision", tbl.Revision)
	}
	if !strings.Contains(tbl.Dated(), tbl.Revision) || !strings.Contains(tbl.Dated(), tbl.RevisionName) {
		t.Errorf("Dated() = %q", tbl.Dated())
	}
}

// TestAIHostingCoversBankGeos keeps the table, RS-01's geo choices and the
// AI-01 rules that name geos in step: the geos whose prompts may leave them
// are exactly those of movement-vs-residency, the unlisted ones exactly
// those of movement-unlisted.
func TestAIHostingCoversBankGeos(t *testing.T) {
	b := mustBank(t)
	q, ok := b.Question("RS-01")
	if !ok {
		t.Fatal("RS-01 missing")
	}
	var leaves, unlisted []string
	for _, c := range q.Choices {
		if c.ID == "no-requirement" {
			continue
		}
		h := b.AIHosting.For(c.ID)
		switch {
		case !h.Known:
			unlisted = append(unlisted, c.ID)
		case !h.InGeo:
			leaves = append(leaves, c.ID)
		}
	}
	ai, _ := b.Question("AI-01")
	ruleGeos := func(id string) []string {
		for _, r := range ai.Rules {
			if r.ID != id {
				continue
			}
			for _, c := range r.When.All {
				if c.Q == "RS-01" {
					return c.In
				}
			}
		}
		t.Fatalf("AI-01.%s has no RS-01 condition", id)
		return nil
	}
	for _, tc := range []struct {
		rule string
		want []string
	}{{"movement-vs-residency", leaves}, {"movement-unlisted", unlisted}} {
		got := slices.Clone(ruleGeos(tc.rule))
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("AI-01.%s geos %v, the hosting table says %v", tc.rule, got, want)
		}
	}
}

func TestAIHostingTableValidation(t *testing.T) {
	good, err := bankFS.ReadFile("bank/" + aiHostingFile)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, from, to, want string
	}{
		{"no revision date", `revision: "2025-05-30"`, `revision: "May 2025"`, `revision "May 2025" must be a date`},
		{"not a Learn page", "source: https://learn.microsoft.com/", "source: http://example.com/", "must be a https://learn.microsoft.com/ page"},
		{"geo twice", "geos: [uk]", "geos: [uk, japan]", `geo "japan" is already listed`},
		{"unknown field", "bing: United States", "bing: United States\nbingg: x", "field bingg not found"},
		{"upper-case geo", "geos: [uk]", "geos: [UK]", `geo "UK" must be a lower-case geo code`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(string(good), tc.from, tc.to, 1)
			if bad == string(good) {
				t.Fatalf("the test's %q is not in the file", tc.from)
			}
			_, err := loadAIHosting(fstest.MapFS{aiHostingFile: {Data: []byte(bad)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), aiHostingFile) {
				t.Errorf("error %v, want one naming %s and %q", err, aiHostingFile, tc.want)
			}
		})
	}
}

// TestBankNamesTheTableRevision: bank text that names a hosting table
// revision names the one in aihosting.yaml, so the help does not go stale
// when the table is updated.
func TestBankNamesTheTableRevision(t *testing.T) {
	tbl := mustBank(t).AIHosting
	re := regexp.MustCompile(`(January|February|March|April|May|June|July|August|September|October|November|December) \d{4} revision`)
	names, err := fs.Glob(bankFS, "bank/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	mentions := 0
	for _, name := range names {
		data, _ := bankFS.ReadFile(name)
		for _, m := range re.FindAllString(string(data), -1) {
			mentions++
			if m != tbl.RevisionName {
				t.Errorf("%s names the %q, but aihosting.yaml is the %q", name, m, tbl.RevisionName)
			}
		}
	}
	if mentions < 2 {
		t.Errorf("the AI help and rules should name the table revision (%d mentions)", mentions)
	}
}

// TestAICrossGeoEvidenceIsDated: the evidence summary the wizard shows for
// AI-01 names the hosting table's revision, whether movement is on or off.
func TestAICrossGeoEvidenceIsDated(t *testing.T) {
	tbl := mustBank(t).AIHosting
	def, _ := lookupCheck("ai-cross-geo")
	for _, on := range []bool{false, true} {
		f := healthyFacts()
		for i := range f.Environments {
			f.Environments[i].AI.CrossGeoMovement = new(on)
		}
		o := runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Now: testNow, Hosting: tbl})
		if !strings.Contains(o.Summary, tbl.Revision) {
			t.Errorf("movement %t: summary %q should name %s", on, o.Summary, tbl.Revision)
		}
	}
}
