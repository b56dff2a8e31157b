package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// The text primitives of text.go: where each leaves the cursor, worked
// out from the documented sizes (a line is size × 0.45 mm), and what they draw.

func m2Near2(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !m2Near(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestMut2ParaAndLabelled(t *testing.T) {
	d := testDoc(t)
	st := textStyle{size: 10, color: colInk, after: 2}
	lh := 10 * 0.45
	d.setY(50)
	d.para(" \n\t", st)
	m2Near2(t, "y after a blank paragraph", d.y(), 50)
	d.para("one line", st)
	m2Near2(t, "y after a one-line paragraph", d.y(), 50+lh+2)
	m2Near2(t, "paraH of nothing", d.paraH("  ", st), 0)
	m2Near2(t, "paraH of two lines", d.paraH("a\nb", st), 2*lh+2)
	m2Near2(t, "paraH of a blank line between two", d.paraH("a\n\nb", st), 3*lh+2)

	d.setY(50)
	d.labelled("Label:", "", st)
	m2Near2(t, "y after a labelled line without text", d.y(), 50)
	d.labelled("Label:", "text", st)
	m2Near2(t, "y after a one-line labelled text", d.y(), 50+lh+2)
	m2Near2(t, "labelledH of nothing", d.labelledH("L", " ", st), 0)
	m2Near2(t, "labelledH of one line", d.labelledH("L", "x", st), lh+2)
	m2Near2(t, "labelledH of three lines of text", d.labelledH("L", "a\nb\nc", st), 3*lh+2)
	// A label of forty wide words wraps to more than three lines in a 30 mm
	// column: it is cut at three.
	long := strings.TrimSpace(strings.Repeat("WWW ", 40))
	m2Near2(t, "labelledH of a long label", d.labelledH(long, "x", st), 3*lh+2)
	d.setY(50)
	d.labelled(long, "x", st)
	m2Near2(t, "y after a long label", d.y(), 50+3*lh+2)
	// A wider label column leaves less room for the text.
	words := strings.Repeat("word ", 12)
	if wide, def := d.labelledH("L", words, textStyle{size: 10, labelW: 150}), d.labelledH("L", words, textStyle{size: 10}); wide <= def {
		t.Errorf("beside a 150 mm label the text takes %v mm, no more than beside the default 30 mm (%v)", wide, def)
	}

	if cmpOr(0, 7) != 7 || cmpOr(3, 7) != 3 || cmpOr(-1, 7) != -1 {
		t.Errorf("cmpOr")
	}
	if lineSizeOf(textStyle{size: 7}) != sizeSmall+0.5 || lineSizeOf(textStyle{size: 12}) != 12 {
		t.Errorf("lineSizeOf")
	}
}

func TestMut2BulletsAndLists(t *testing.T) {
	d := testDoc(t)
	st := textStyle{size: 10, color: colInk, after: 1}
	lh := 10 * 0.45
	m2Near2(t, "bulletsH", d.bulletsH([]string{"a", " ", "b\nc"}, st), 1+(lh+0.8)+(2*lh+0.8))
	d.setY(40)
	d.bullets([]string{"a", "", "b"}, false, st)
	m2Near2(t, "y after two bullets", d.y(), 40+2*(lh+0.8)+1)
	d.setY(40)
	d.labelledList("How:", nil, true, st)
	m2Near2(t, "y after an empty list", d.y(), 40)

	text := m2Drawn(t, func(d *doc) {
		d.labelledList("How:", []string{"FIRST STEP", "SECOND STEP"}, true, st)
		d.bullets([]string{"BULLETED"}, false, st)
	})
	for _, want := range []string{"How:", "1. FIRST STEP", "2. SECOND STEP", "• BULLETED"} {
		if !strings.Contains(text, want) {
			t.Errorf("the lists lack %q\n%s", want, text)
		}
	}
}

func TestMut2SafeURLAndLink(t *testing.T) {
	for in, want := range map[string]string{
		"https://learn.microsoft.com/x":    "https://learn.microsoft.com/x",
		"HTTP://example.com/a":             "HTTP://example.com/a",
		" https://example.com/a":           "",
		"javascript:alert(1)":              "",
		"file:///etc/passwd":               "",
		"https://x.example/a b":            "",
		"https://x.example/(a)":            "",
		"https://x.example/a\\b":           "",
		"https://x.example/a\nb":           "",
		"":                                 "",
		"ftp://x.example/":                 "",
		"https://learn.microsoft.com/?a=1": "https://learn.microsoft.com/?a=1",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
	st := textStyle{size: 9, after: 1.5}
	d := testDoc(t)
	d.setY(60)
	d.link("Title", "https://learn.microsoft.com/x", st)
	m2Near2(t, "y after a link", d.y(), 60+9*0.45+1.5)
	raw := m2Raw(t, func(d *doc) {
		d.link("", "https://learn.microsoft.com/untitled", st)
		d.link("Bad", "javascript:alert(1)", st)
	})
	if n := bytes.Count(raw, []byte("/URI (")); n != 1 {
		t.Errorf("%d links, want 1 (a javascript: URL is not clickable)", n)
	}
	text := m2Drawn(t, func(d *doc) { d.link("", "https://learn.microsoft.com/untitled", st) })
	if !strings.Contains(text, "https://learn.microsoft.com/untitled") {
		t.Errorf("a link without a title does not show its URL: %q", text)
	}
}

func TestMut2CodeLinesAndBlock(t *testing.T) {
	d := testDoc(t)
	d.mono(false, codeSize)
	c := d.width("x")
	got := d.codeLines("short\nabcdefghij klmnop", 10.5*c)
	want := []string{"short", "abcdefghij", "    klmnop"}
	if !slices.Equal(got, want) {
		t.Errorf("codeLines = %q, want %q", got, want)
	}
	m2Near2(t, "codeBlockH of three lines", codeBlockH(want), 3*codeSize*0.45+3)
	raw := m2Raw(t, func(d *doc) { d.codeBlock([]string{"l1", "l2", "l3"}, 10) })
	if n := bytes.Count(raw, []byte(" re f")); n != 5 {
		t.Errorf("a three-line block on one page fills %d rectangles, want 5 (top band, three lines, bottom band)", n)
	}
	lines := make([]string, 10)
	for i := range lines {
		lines[i] = "line"
	}
	raw = m2Raw(t, func(d *doc) {
		d.setY(d.limit() - 17)
		d.codeBlock(lines, 10)
	})
	if n := bytes.Count(raw, []byte(" re f")); n != 13 {
		t.Errorf("a ten-line block broken after four lines fills %d rectangles, want 13 (a top band on each page)", n)
	}
}
