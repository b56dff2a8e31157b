package report

import (
	"testing"
)

// Headings (ARCHITECTURE.md: a sub-heading waits until the content after it
// asks for room and is drawn on the page where that starts; a section starts
// below the previous one when that filled less than flowFill, 40 %, of its
// page). Positions by hand: A4 content runs from 20 mm to 279 mm (259 mm).

const (
	m2H2H = 3 + 12.5*0.45 + 1.5 // before, one line of 12.5 pt, after
	m2H3H = 0 + 10.5*0.45 + 1   // one line of 10.5 pt, after
)

func TestMut2PendingAndFlush(t *testing.T) {
	d := testDoc(t)
	if d.flushHeadings(50) {
		t.Errorf("flushHeadings without pending headings started a page")
	}
	d.h2Keep("Two", 22)
	d.h3("Three", colAccent)
	m2Near2(t, "pendingH of an h2 and an h3", d.pendingH(), m2H2H+m2H3H)
	if len(d.pending) != 2 {
		t.Fatalf("%d pending headings, want 2 (drawn only when content asks)", len(d.pending))
	}
	d.pending = nil

	// Mid-page: the heading and its keep fit exactly, so it stays.
	y := d.limit() - m2H2H - 22
	d.setY(y)
	d.font(false, 7)
	d.h2("Fits")
	if d.ensure(1) || d.pdf.PageNo() != 1 {
		t.Errorf("a heading whose 22 mm keep fits exactly moved to page %d", d.pdf.PageNo())
	}
	m2Near2(t, "y under a heading mid-page", d.y(), y+m2H2H)
	if d.face != (fontFace{famText, "", 7}) {
		t.Errorf("the caller's font was not restored after the heading: %+v", d.face)
	}
	// Half a millimetre less room: heading and content go to the next page.
	d.setY(y + 0.5)
	d.h2("Moves")
	if !d.ensure(1) || d.pdf.PageNo() != 2 {
		t.Errorf("a heading without room for its keep stayed on page %d", d.pdf.PageNo())
	}
	// At the top of a page there is no space before it.
	m2Near2(t, "y under a heading at the top of a page", d.y(), marginTop+12.5*0.45+1.5)
	// At the top, even content taller than the page does not start another.
	d.setY(marginTop)
	d.h3("Top", colAccent)
	if d.flushHeadings(1000) || d.pdf.PageNo() != 2 {
		t.Errorf("a heading at the top of a page started another")
	}
	// A larger h than the keep counts.
	d.setY(d.limit() - m2H3H - 20)
	d.h3("Needs more", colAccent)
	if !d.flushHeadings(21) {
		t.Errorf("21 mm after an h3 in 20 mm of room: no new page")
	}
	var marks []string
	for _, m := range d.marks {
		marks = append(marks, m.title)
	}
	if len(marks) != 4 || marks[0] != "Fits" || marks[1] != "Moves" || marks[3] != "Needs more" {
		t.Errorf("heading marks = %q", marks)
	}
}

func TestMut2SectionFlow(t *testing.T) {
	d := testDoc(t)
	d.setY(100)
	if d.canFlow() {
		t.Errorf("a section may flow on the cover (page 1)")
	}
	d.h1("First")
	if d.pdf.PageNo() != 2 || d.openPage != 2 || len(d.toc) != 1 || d.toc[0].page != 2 {
		t.Errorf("the first section: page %d, openPage %d, toc %+v", d.pdf.PageNo(), d.openPage, d.toc)
	}
	// 40 % of 259 mm is 103.6 mm below the top margin.
	d.setY(marginTop + 103.6 - 0.5)
	d.h1("Flows")
	if d.pdf.PageNo() != 2 {
		t.Errorf("a section after a page filled below 40%% starts on page %d", d.pdf.PageNo())
	}
	if d.openPage != 2 {
		t.Errorf("openPage changed to %d by a section opened mid-page", d.openPage)
	}
	d.setY(marginTop + 103.6 + 0.5)
	d.h1("New page")
	if d.pdf.PageNo() != 3 || d.openPage != 3 {
		t.Errorf("a section after a page filled above 40%%: page %d, openPage %d", d.pdf.PageNo(), d.openPage)
	}
	// Right at the top of a page nothing flows: the page is empty.
	d.newPage()
	if d.canFlow() {
		t.Errorf("a section may flow on an empty page")
	}
	d.setY(marginTop + 1.5)
	if !d.canFlow() {
		t.Errorf("a page with 1.5 mm of content refuses a section")
	}
	d.setOrientation(true)
	if d.canFlow() {
		t.Errorf("a landscape section may flow on a portrait page")
	}
	d.setOrientation(false)

	// h1Flow: a short section stays when its estimate fits.
	page := d.pdf.PageNo()
	d.setY(200)
	d.h1Flow("Short", d.limit()-200-14)
	if d.pdf.PageNo() != page {
		t.Errorf("a section whose %v mm fit exactly moved to page %d", d.limit()-200-14, d.pdf.PageNo())
	}
	d.setY(200)
	d.h1Flow("Too long", d.limit()-200-14+0.5)
	if d.pdf.PageNo() != page+1 {
		t.Errorf("a section half a millimetre too long stayed on page %d", d.pdf.PageNo())
	}
	var titles []string
	for _, e := range d.toc {
		titles = append(titles, e.title)
	}
	if len(titles) != 5 || titles[4] != "Too long" {
		t.Errorf("contents = %q", titles)
	}
}

func TestMut2BookmarkRuleBadge(t *testing.T) {
	d := testDoc(t)
	d.setY(100)
	if d.bookmarkY() != 100 {
		t.Errorf("bookmarkY on a portrait page = %v", d.bookmarkY())
	}
	d.setOrientation(true)
	d.newPage()
	d.setY(100)
	if got := d.bookmarkY(); got != 100+297-210 {
		t.Errorf("bookmarkY on a landscape page = %v, want %v", got, 100+297-210)
	}
	d.setOrientation(false)
	d.newPage()
	d.setY(100)
	d.rule()
	if d.y() != 103 {
		t.Errorf("y after a rule = %v, want 103", d.y())
	}
	d.font(true, 7)
	want := d.width("High") + 3
	if got := d.badge(marginX, 50, "High", colHigh, 7); !m2Near(got, want) {
		t.Errorf("badge width = %v, want the text's %v + 3", got, want)
	}
}
