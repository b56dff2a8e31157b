package assess

import (
	"strings"
	"testing"
	"time"
)

// validHostingTable is a small table that follows every rule of
// bank/aihosting.yaml's header.
func validHostingTable() *AIHostingTable {
	return &AIHostingTable{
		Kind: "se06-ai-hosting", Title: "T", Source: "https://learn.microsoft.com/x", Revision: "2025-05-30", RevisionName: "May 2025 revision",
		Bing:            "United States",
		Rows:            []AIHostingRow{{Geos: []string{"europe"}, OpenAI: "EU"}, {Geos: []string{"uk", "norway"}, OpenAI: "UK", InGeo: true}},
		FlexRoutingGeos: []string{"europe"},
	}
}

// TestAIHostingValidateEachRule breaks one rule of the table at a time.
func TestAIHostingValidateEachRule(t *testing.T) {
	if err := validHostingTable().validate(); err != nil {
		t.Fatalf("valid table: %v", err)
	}
	cases := []struct {
		name string
		mod  func(*AIHostingTable)
		want string
	}{
		{"kind", func(h *AIHostingTable) { h.Kind = "hosting" }, `kind "hosting" must be "se06-ai-hosting"`},
		{"title", func(h *AIHostingTable) { h.Title = "" }, "title is required"},
		{"source", func(h *AIHostingTable) { h.Source = "https://example.com/" }, "must be a https://learn.microsoft.com/ page"},
		{"revision not real", func(h *AIHostingTable) { h.Revision = "2025-02-30" }, `revision "2025-02-30" is not a real date`},
		{"revision shape", func(h *AIHostingTable) { h.Revision = "30.05.2025" }, `revision "30.05.2025" must be a date YYYY-MM-DD`},
		{"revision name", func(h *AIHostingTable) { h.RevisionName = "" }, "revisionName is required"},
		{"bing", func(h *AIHostingTable) { h.Bing = "" }, "bing is required"},
		{"no rows", func(h *AIHostingTable) { h.Rows = nil }, "rows: at least one row is required"},
		{"row without geos", func(h *AIHostingTable) { h.Rows[1].Geos = nil }, "rows[1]: geos and openAI are required"},
		{"row without openAI", func(h *AIHostingTable) { h.Rows[1].OpenAI = "" }, "rows[1]: geos and openAI are required"},
		{"geo not normalised", func(h *AIHostingTable) { h.Rows[1].Geos[1] = "brazil" }, `rows[1]: geo "brazil" must be a lower-case geo code`},
		{"geo not a slug", func(h *AIHostingTable) { h.Rows[1].Geos[1] = "north_europe" }, `rows[1]: geo "north_europe" must be a lower-case geo code`},
		{"geo twice", func(h *AIHostingTable) { h.Rows[1].Geos[1] = "europe" }, `rows[1]: geo "europe" is already listed in rows[0]`},
		{"flex geo upper", func(h *AIHostingTable) { h.FlexRoutingGeos = []string{"Europe"} }, `flexRoutingGeos: geo "Europe" must be a lower-case geo code`},
		{"flex geo not normalised", func(h *AIHostingTable) { h.FlexRoutingGeos = []string{"gb"} }, `flexRoutingGeos: geo "gb" must be a lower-case geo code`},
		{"flex geo not a slug", func(h *AIHostingTable) { h.FlexRoutingGeos = []string{"eu rope"} }, `flexRoutingGeos: geo "eu rope" must be a lower-case geo code`},
	}
	for _, c := range cases {
		h := validHostingTable()
		c.mod(h)
		err := h.validate()
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), aiHostingFile+":") {
			t.Errorf("%s: %v, want an error naming %s and %q", c.name, err, aiHostingFile, c.want)
		}
	}
}

// TestAIHostingForEachCase: a listed geo (any spelling), an unlisted one,
// an empty one and a nil table.
func TestAIHostingForEachCase(t *testing.T) {
	h := validHostingTable()
	got := h.For(" UnitedKingdom ")
	if got.Geo != "uk" || !got.Known || got.OpenAI != "UK" || !got.InGeo || got.FlexRouting || got.Bing != "United States" || got.Revision != "May 2025 revision, 2025-05-30" {
		t.Errorf("uk: %+v", got)
	}
	got = h.For("Europe")
	if !got.Known || got.OpenAI != "EU" || got.InGeo || !got.FlexRouting {
		t.Errorf("europe: %+v", got)
	}
	got = h.For("japan")
	if got.Known || got.FlexRouting || !strings.Contains(got.OpenAI, "(2025-05-30) does not list") {
		t.Errorf("japan: %+v", got)
	}
	h.Rows = append(h.Rows, AIHostingRow{Geos: []string{""}, OpenAI: "nowhere"})
	h.FlexRoutingGeos = append(h.FlexRoutingGeos, "")
	got = h.For("")
	if got.Known || got.FlexRouting {
		t.Errorf("empty geo: %+v, want neither known nor flex even where the table lists an empty geo", got)
	}
	var none *AIHostingTable
	got = none.For("europe")
	if got.Known || got.Revision != "no hosting table" || got.OpenAI != "unknown (no hosting table loaded)" || got.Bing != "unknown" {
		t.Errorf("nil table: %+v", got)
	}
}

// TestAcceptanceAttachRules: an acceptance attaches to an open or already
// accepted finding of its ID, never to a passed one; a per-environment one
// to a finding that lists that environment, or that lists no subject.
func TestAcceptanceAttachRules(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	acc := func(id, env string) Acceptance {
		return Acceptance{FindingID: id, Environment: env, Justification: "j", Approver: "a", Expires: "2026-12-31"}
	}
	cases := []struct {
		name    string
		f       Finding
		a       Acceptance
		matched bool
		state   FindingState
	}{
		{"open, whole finding", Finding{ID: "X.r", State: FindingFail, Affected: []Subject{envS("1")}}, acc("X.r", ""), true, FindingAccepted},
		{"passed", Finding{ID: "X.r", State: FindingPass}, acc("X.r", ""), false, FindingPass},
		{"already accepted", Finding{ID: "X.r", State: FindingAccepted}, acc("X.r", ""), true, FindingAccepted},
		{"other finding", Finding{ID: "X.s", State: FindingFail}, acc("X.r", ""), false, FindingFail},
		{"environment listed", Finding{ID: "X.r", State: FindingWarn, Affected: []Subject{envS("1")}}, acc("X.r", "1"), true, FindingAccepted},
		{"environment not listed", Finding{ID: "X.r", State: FindingWarn, Affected: []Subject{envS("1")}}, acc("X.r", "2"), false, FindingWarn},
		{"finding without subjects", Finding{ID: "X.r", State: FindingWarn}, acc("X.r", "2"), true, FindingWarn},
	}
	for _, c := range cases {
		fs := []Finding{c.f}
		st := applyAcceptances(fs, []Acceptance{c.a}, now)
		if len(st) != 1 || st[0].Matched != c.matched || !st[0].Active || st[0].Expired {
			t.Errorf("%s: status %+v, want matched %v and active", c.name, st, c.matched)
		}
		if (fs[0].Acceptance != nil) != c.matched {
			t.Errorf("%s: acceptance attached %v, want %v", c.name, fs[0].Acceptance != nil, c.matched)
		}
		if fs[0].State != c.state {
			t.Errorf("%s: state %s, want %s", c.name, fs[0].State, c.state)
		}
	}
}

// TestAcceptedSubjectsOnlyOfTheirFinding: a per-environment acceptance marks
// that environment on its own finding, not on another finding about the
// same environment; a finding no longer open keeps its subjects as they are.
func TestAcceptedSubjectsOnlyOfTheirFinding(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	acc := func(id, env string) Acceptance {
		return Acceptance{FindingID: id, Environment: env, Justification: "j", Approver: "a", Expires: "2026-12-31"}
	}
	fs := []Finding{
		{ID: "A.r", State: FindingFail, Affected: []Subject{envS("1"), envS("2")}},
		{ID: "B.r", State: FindingFail, Affected: []Subject{envS("1"), envS("2"), envS("3")}},
		{ID: "C.r", State: FindingAccepted, Affected: []Subject{envS("1"), envS("2")}},
	}
	applyAcceptances(fs, []Acceptance{acc("A.r", "1"), acc("B.r", "3"), acc("C.r", "1")}, now)
	marks := func(f Finding) string {
		var s []string
		for _, x := range f.Affected {
			if x.Accepted {
				s = append(s, x.ID)
			}
		}
		return strings.Join(s, ",")
	}
	if got := marks(fs[0]); got != "1" || fs[0].State != FindingFail {
		t.Errorf("A: accepted %q state %s, want 1 and fail", got, fs[0].State)
	}
	if got := marks(fs[1]); got != "3" || fs[1].State != FindingFail {
		t.Errorf("B: accepted %q state %s, want 3 and fail", got, fs[1].State)
	}
	if got := marks(fs[2]); got != "" || fs[2].State != FindingAccepted {
		t.Errorf("C (not open): accepted %q state %s, want none and accepted", got, fs[2].State)
	}
}
