package assess

import "strings"

// The Azure OpenAI hosting table of "Move data across regions for Copilots and
// generative AI features". Microsoft revises it often, so it is versioned and
// every report that uses it should print its date and source.
const (
	// AIHostingTableDate is the ms.date of the page revision the table follows.
	AIHostingTableDate = "2025-02-07"
	// AIHostingTableVersion names the revision in words.
	AIHostingTableVersion = "February 2025 revision"
	// AIHostingTableSource is the Microsoft page the table comes from.
	AIHostingTableSource = "https://learn.microsoft.com/power-platform/admin/geographical-availability-copilot"
)

// AIHosting says where generative AI data goes for environments of one geo
// once "Move data across regions" is allowed.
type AIHosting struct {
	// Geo is the normalised Power Platform geo code, e.g. "france".
	Geo string `json:"geo"`
	// Known is false when the table has no row for the geo; the other fields
	// then describe the uncertainty rather than a fact.
	Known bool `json:"known"`
	// OpenAI is where Azure OpenAI processes prompts and responses, in words.
	OpenAI string `json:"openAI"`
	// InGeo is true when prompts are processed inside the environment's own geo
	// (for Europe: inside the EU Data Boundary).
	InGeo bool `json:"inGeo"`
	// Bing is where Bing Search data is processed and stored.
	Bing string `json:"bing"`
	// EUDataBoundary is true for geos whose flex-routing setting applies.
	EUDataBoundary bool `json:"euDataBoundary"`
}

// Processing gives a short sentence for reports, e.g.
// "prompts processed in Spain, Sweden or Switzerland; Bing data in United States".
func (h AIHosting) Processing() string {
	return "prompts processed in " + h.OpenAI + "; Bing data in " + h.Bing
}

// aiHostingRow is one row of the table, for all the geos it lists.
type aiHostingRow struct {
	geos   string // space-separated: a string literal costs no allocation per lookup
	openAI string
	inGeo  bool
}

// aiHostingRows returns the table. A function, not a variable, so nobody can
// change it at run time.
func aiHostingRows() []aiHostingRow {
	return []aiHostingRow{
		{geos: "unitedstates", openAI: "the environment's region", inGeo: true},
		{geos: "europe", openAI: "Spain, Sweden or Switzerland (EU Data Boundary endpoint)", inGeo: true},
		{geos: "france germany norway switzerland", openAI: "Spain, Sweden or Switzerland"},
		{geos: "asia southamerica canada japan korea singapore southafrica uae", openAI: "United States"},
		{geos: "australia india", openAI: "the environment's region or United States"},
		{geos: "uk", openAI: "the environment's region, Spain, Sweden or Switzerland"},
		{geos: "usgov", openAI: "the environment's region (government cloud)", inGeo: true},
	}
}

// euBoundaryGeos are the geos inside the EU Data Boundary, where flex routing
// can be set (the API rejects the setting elsewhere).
func euBoundaryGeos() []string {
	return []string{"europe", "france", "germany", "italy", "norway", "poland", "sweden", "switzerland"}
}

// NormalizeGeo maps API spellings of a geo to the codes the bank uses
// ("unitedarabemirates" → "uae", "brazil" → "southamerica", upper case → lower).
func NormalizeGeo(geo string) string {
	g := strings.ToLower(strings.TrimSpace(geo))
	switch g {
	case "unitedarabemirates":
		return "uae"
	case "brazil":
		return "southamerica"
	case "unitedkingdom", "gb":
		return "uk"
	case "gcc", "gcchigh", "dod", "usgovernment", "government":
		return "usgov"
	}
	return g
}

// AIHostingFor returns where generative AI data of environments in geo is
// processed when cross-region movement is allowed. Bing data always goes to
// the United States.
func AIHostingFor(geo string) AIHosting {
	g := NormalizeGeo(geo)
	h := AIHosting{Geo: g, Bing: "United States"}
	for _, eu := range euBoundaryGeos() {
		if g == eu {
			h.EUDataBoundary = true
		}
	}
	for _, row := range aiHostingRows() {
		for rg := range strings.FieldsSeq(row.geos) {
			if rg == g {
				h.Known, h.OpenAI, h.InGeo = true, row.openAI, row.inGeo
				return h
			}
		}
	}
	h.OpenAI = "a region the table (" + AIHostingTableDate + ") does not list; check the current page"
	return h
}
