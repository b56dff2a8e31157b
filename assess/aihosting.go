package assess

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"
)

// aiHostingFile is the bank file that holds the AI hosting table.
const aiHostingFile = "aihosting.yaml"

// aiHostingKind is the value of the file's kind field, so that a section file
// and the hosting table cannot be mistaken for each other.
const aiHostingKind = "se06-ai-hosting"

// AIHostingTable is Microsoft's table of where generative AI features process
// prompts, as data (bank/aihosting.yaml). Microsoft revises it often, so it
// carries its revision date and source, and every output that uses it says so.
type AIHostingTable struct {
	Kind  string `yaml:"kind" json:"-"`
	Title string `yaml:"title" json:"title"`
	// Source is the Microsoft Learn page (and section) the rows follow.
	Source string `yaml:"source" json:"source"`
	// Revision is the ms.date of the page revision, YYYY-MM-DD.
	Revision string `yaml:"revision" json:"revision"`
	// RevisionName names the revision in words, e.g. "May 2025 revision".
	RevisionName string `yaml:"revisionName" json:"revisionName"`
	// Bing is where Bing Search data is stored and processed, for every geo.
	Bing string         `yaml:"bing" json:"bing"`
	Rows []AIHostingRow `yaml:"rows" json:"rows"`
	// FlexRoutingGeos are the environment geos where the flex routing setting
	// (EU and EFTA tenants) can apply.
	FlexRoutingGeos []string `yaml:"flexRoutingGeos" json:"flexRoutingGeos"`
}

// AIHostingRow is one row of the table, for all the geos it lists.
type AIHostingRow struct {
	// Geos are normalised Power Platform geo codes (see NormalizeGeo).
	Geos []string `yaml:"geos" json:"geos"`
	// OpenAI is where Azure OpenAI processes prompts and responses, in words.
	OpenAI string `yaml:"openAI" json:"openAI"`
	// InGeo is true when processing stays inside the environment's own geo
	// (for Europe: inside the EU Data Boundary).
	InGeo bool `yaml:"inGeo,omitempty" json:"inGeo,omitempty"`
}

// Dated gives "May 2025 revision, 2025-05-30" for captions and evidence.
func (t *AIHostingTable) Dated() string {
	if t == nil {
		return "no hosting table"
	}
	return t.RevisionName + ", " + t.Revision
}

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
	// InGeo is true when prompts are processed inside the environment's own geo.
	InGeo bool `json:"inGeo"`
	// Bing is where Bing Search data is processed and stored.
	Bing string `json:"bing"`
	// FlexRouting is true for geos where the flex routing setting applies.
	FlexRouting bool `json:"flexRouting"`
	// Revision is the table revision the answer comes from ("May 2025 revision, 2025-05-30").
	Revision string `json:"revision"`
}

// Processing gives a short sentence for reports, e.g. "prompts processed in
// Norway, Spain, Sweden or Switzerland; Bing data in United States (AI hosting
// table, May 2025 revision, 2025-05-30)".
func (h AIHosting) Processing() string {
	return "prompts processed in " + h.OpenAI + "; Bing data in " + h.Bing + " (AI hosting table, " + h.Revision + ")"
}

// For returns where generative AI data of environments in geo is processed
// when cross-region movement is allowed. A nil table knows no geo.
func (t *AIHostingTable) For(geo string) AIHosting {
	g := NormalizeGeo(geo)
	h := AIHosting{Geo: g, Revision: t.Dated()}
	if t == nil {
		h.OpenAI, h.Bing = "unknown (no hosting table loaded)", "unknown"
		return h
	}
	h.Bing = t.Bing
	h.FlexRouting = g != "" && slices.Contains(t.FlexRoutingGeos, g)
	for _, row := range t.Rows {
		if g != "" && slices.Contains(row.Geos, g) {
			h.Known, h.OpenAI, h.InGeo = true, row.OpenAI, row.InGeo
			return h
		}
	}
	h.OpenAI = "a region the hosting table (" + t.Revision + ") does not list; check the current page"
	return h
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

var revisionPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// loadAIHosting reads and validates the hosting table; a bank without the
// file has no table (test banks), which the checks report as unknown.
func loadAIHosting(fsys fs.FS) (*AIHostingTable, error) {
	data, err := fs.ReadFile(fsys, aiHostingFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("read %s: %w", aiHostingFile, err)
	}
	var t AIHostingTable
	if err := decodeStrict(data, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", aiHostingFile, err)
	}
	if err := t.validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// validate names the file and field of every problem.
func (t *AIHostingTable) validate() error {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if t.Kind != aiHostingKind {
		bad("kind %q must be %q", t.Kind, aiHostingKind)
	}
	if t.Title == "" {
		bad("title is required")
	}
	if !strings.HasPrefix(t.Source, "https://learn.microsoft.com/") {
		bad("source %q must be a https://learn.microsoft.com/ page", t.Source)
	}
	if !revisionPattern.MatchString(t.Revision) {
		bad("revision %q must be a date YYYY-MM-DD (the page's ms.date)", t.Revision)
	} else if _, err := time.Parse(time.DateOnly, t.Revision); err != nil {
		bad("revision %q is not a real date", t.Revision)
	}
	if t.RevisionName == "" {
		bad("revisionName is required (for example \"May 2025 revision\")")
	}
	if t.Bing == "" {
		bad("bing is required")
	}
	if len(t.Rows) == 0 {
		bad("rows: at least one row is required")
	}
	seen := map[string]int{}
	for i, r := range t.Rows {
		if len(r.Geos) == 0 || r.OpenAI == "" {
			bad("rows[%d]: geos and openAI are required", i)
		}
		for _, g := range r.Geos {
			if g != NormalizeGeo(g) || !slugPattern.MatchString(g) {
				bad("rows[%d]: geo %q must be a lower-case geo code such as europe or uae", i, g)
			}
			if j, dup := seen[g]; dup {
				bad("rows[%d]: geo %q is already listed in rows[%d]", i, g, j)
			}
			seen[g] = i
		}
	}
	for _, g := range t.FlexRoutingGeos {
		if g != NormalizeGeo(g) || !slugPattern.MatchString(g) {
			bad("flexRoutingGeos: geo %q must be a lower-case geo code", g)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s:\n  %s", aiHostingFile, strings.Join(errs, "\n  "))
	}
	return nil
}

// euBoundaryGeos are the Power Platform geos in Europe (EU and EFTA), which a
// "Europe" residency requirement is read to include.
func euBoundaryGeos() []string {
	return []string{"europe", "france", "germany", "italy", "norway", "poland", "sweden", "switzerland"}
}
