// Package report renders an evaluated SE:06 assessment: a PDF for people
// (executive summary, conflicts, recommendations, residency and key map,
// evidence), JSON for machines (with a JSON Schema), a CSV action plan and a
// Markdown summary. Every renderer writes to an io.Writer and is deterministic:
// the same input and clock give the same bytes.
//
// A map of the files:
//   - input.go, model.go: the Input and the view every renderer shares
//     (findings by priority, the diff, lookups).
//   - pdf.go: the PDF entry point, document set-up and metadata, and what needs
//     the page count (running header and footer, contents).
//   - doc.go, text.go, heading.go, table.go, theme.go: layout primitives on
//     gofpdf (pages, wrapped text, headings with bookmarks, tables that repeat
//     their header) and the palette.
//   - font.go, sanitize.go: the bundled font, --font, and the sanitiser that
//     keeps every string drawable.
//   - pdf_*.go: one section of the PDF each; residency.go: the words of the
//     residency and key map.
//   - json.go (+ schema/result.schema.json), csv.go, markdown.go.
package report

import (
	"errors"
	"strings"
	"time"

	"github.com/ppwaf/se06/assess"
)

// Input is what a report is made of.
type Input struct {
	Bank       *assess.Bank
	Assessment *assess.Assessment // metadata, answers, notes, acceptances (optional)
	Result     *assess.Result     // required
	Previous   *assess.Result     // optional: the earlier result to compare with
	Paper      string             // "a4" (default) or "letter"
	Font       *Font              // optional: a font for scripts the bundled one lacks
	// Now is the creation date written into the PDF; zero means the result's
	// evaluation time. The report never reads the wall clock.
	Now time.Time
	// ToolVersion names the se06 build that renders (the PDF's creator); empty
	// means the version recorded in the assessment.
	ToolVersion string

	// prepared is the view every renderer shares, worked out once by Prepare.
	prepared *model
}

// Prepare works out once what every renderer derives from in (open findings
// by priority, the action plan with its generated commands, the diff), so
// writing several outputs of a 10,000-environment result does that work, and
// holds its memory, once. The renderers only read it. Input must not change
// after it is prepared.
func Prepare(in Input) (Input, error) {
	in.prepared = nil
	m, err := newModel(in)
	if err != nil {
		return in, err
	}
	in.prepared = m
	return in, nil
}

// ErrNoResult is returned when Input.Result is nil.
var ErrNoResult = errors.New("report: no result to render")

// Paper sizes.
const (
	PaperA4     = "a4"
	PaperLetter = "letter"
)

// ValidPaper reports whether p names a supported paper size ("" is A4),
// in any case.
func ValidPaper(p string) bool {
	p = strings.ToLower(p)
	return p == "" || p == PaperA4 || p == PaperLetter
}
