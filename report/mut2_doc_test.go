package report

import (
	"slices"
	"strings"
	"testing"
)

// The layout primitives of doc.go, measured in Go Mono, where every
// character has the same advance: a width of n characters is n times one,
// so where a line breaks is worked out by hand.

func m2MonoDoc(t *testing.T) (*doc, float64) {
	t.Helper()
	d := testDoc(t)
	d.mono(false, 10)
	return d, d.width("x")
}

func TestMut2WrapMono(t *testing.T) {
	d, c := m2MonoDoc(t)
	if got := d.wrap("", 100); got != nil {
		t.Errorf("wrap of nothing = %q", got)
	}
	for _, tc := range []struct {
		text string
		w    float64
		want []string
	}{
		{"a\n\nb", 100, []string{"a", "", "b"}},
		{"  \nx", 100, []string{"", "x"}},
		{"aaa bbb ccc", 7.2 * c, []string{"aaa bbb", "ccc"}},
		{"aaa bbb ccc", 6.8 * c, []string{"aaa", "bbb", "ccc"}},
		{"abcdefghij", 4.5 * c, []string{"abcd", "efgh", "ij"}},
		{"ab/cdefgh", 5.5 * c, []string{"ab/", "cdefg", "h"}},
		{"ab/cdefghij", 9.5 * c, []string{"ab/cdefgh", "ij"}},
		{"abc", c / 2, []string{"a", "b", "c"}},
		{"x abcdefghij", 4.5 * c, []string{"x", "abcd", "efgh", "ij"}},
	} {
		if got := d.wrap(tc.text, tc.w); !slices.Equal(got, tc.want) {
			t.Errorf("wrap(%q, %.1f chars) = %q, want %q", tc.text, tc.w/c, got, tc.want)
		}
	}
	if got := d.wrapLine("   ", 10); !slices.Equal(got, []string{""}) {
		t.Errorf("wrapLine of spaces = %q", got)
	}
}

func TestMut2BreakWord(t *testing.T) {
	d, c := m2MonoDoc(t)
	for _, tc := range []struct {
		word       string
		w          float64
		head, tail string
	}{
		{"abcdefgh", 4.5 * c, "abcd", "efgh"},
		{"ab.cdefgh", 4.5 * c, "ab.", "cdefgh"},
		{"a?b&c=d_e-f", 4.5 * c, "a?b&", "c=d_e-f"},
		{"ab/cdefghij", 9.5 * c, "ab/cdefgh", "ij"}, // a break in the first third is not taken
		{"abc/defghij", 9.5 * c, "abc/", "defghij"},
		{"abc", c / 2, "a", "bc"},
	} {
		head, tail := d.breakWord(tc.word, tc.w)
		if head != tc.head || tail != tc.tail {
			t.Errorf("breakWord(%q, %.1f chars) = %q, %q; want %q, %q", tc.word, tc.w/c, head, tail, tc.head, tc.tail)
		}
	}
}

func TestMut2ClipCutFit(t *testing.T) {
	d, c := m2MonoDoc(t)
	lines := []string{"aaa bbb", "ccc ddd", "eee"}
	if got := d.clip(slices.Clone(lines), 3, 100); !slices.Equal(got, lines) {
		t.Errorf("clip within the cap = %q", got)
	}
	if got := d.clip(slices.Clone(lines), 2, 8*c); !slices.Equal(got, []string{"aaa bbb", "ccc …"}) {
		t.Errorf("clip to two lines = %q", got)
	}
	for _, tc := range []struct {
		line string
		w    float64
		want string
	}{
		{"aaa bbb", 9.5 * c, "aaa bbb …"},
		{"aaa bbb", 8.5 * c, "aaa …"},
		{"aaa, bbb", 6.5 * c, "aaa …"},
		{"abcdefgh", 4.5 * c, "abc…"},
		{" abcdefgh", 4.5 * c, " ab…"},
		{"aaa bbb   ", 9.5 * c, "aaa bbb …"},
	} {
		if got := d.cutWords(tc.line, tc.w); got != tc.want {
			t.Errorf("cutWords(%q, %.1f chars) = %q, want %q", tc.line, tc.w/c, got, tc.want)
		}
	}
	for _, tc := range []struct {
		s    string
		w    float64
		want string
	}{
		{"abcdefgh", d.width("abcdefgh"), "abcdefgh"},
		{"abcdefgh", 4.5 * c, "abc…"},
		{"abcdefgh", c / 2, "…"},
	} {
		if got := d.fit(tc.s, tc.w); got != tc.want {
			t.Errorf("fit(%q, %.1f chars) = %q, want %q", tc.s, tc.w/c, got, tc.want)
		}
	}
}

func TestMut2SpaceEnsureNewPage(t *testing.T) {
	d := testDoc(t)
	limit := d.limit()
	if limit != 297-18 {
		t.Fatalf("A4 limit = %v, want 279", limit)
	}
	d.setY(limit - 10)
	if d.ensure(10) || d.pdf.PageNo() != 1 {
		t.Errorf("10 mm fit in the last 10 mm, yet a page was started")
	}
	d.space(4)
	if d.y() != limit-6 {
		t.Errorf("space(4) moved to %v, want %v", d.y(), limit-6)
	}
	d.space(50)
	if d.y() != limit {
		t.Errorf("space past the bottom moved to %v, want the limit %v", d.y(), limit)
	}
	d.setY(limit - 10)
	if !d.ensure(10.5) || d.pdf.PageNo() != 2 || d.y() != marginTop {
		t.Errorf("10.5 mm in the last 10: page %d, y %v; want page 2 at the top", d.pdf.PageNo(), d.y())
	}
	d.setOrientation(true)
	d.newPage()
	if w, h := d.pdf.GetPageSize(); w != 297 || h != 210 {
		t.Errorf("a landscape A4 page is %v x %v", w, h)
	}
	if d.contentW() != 297-2*marginX || d.limit() != 210-marginBottom {
		t.Errorf("landscape content width %v, limit %v", d.contentW(), d.limit())
	}
	d.setOrientation(false)
	d.newPage()
	if w, _ := d.pdf.GetPageSize(); w != 210 {
		t.Errorf("back to portrait: %v wide", w)
	}
	d.font(true, 12)
	if d.face != (fontFace{famText, "B", 12}) {
		t.Errorf("font(bold 12) face = %+v", d.face)
	}
	d.mono(true, 7)
	if d.face != (fontFace{famMono, "B", 7}) {
		t.Errorf("mono(bold 7) face = %+v", d.face)
	}
	d.mono(false, 7)
	d.font(false, 9)
	if d.face != (fontFace{famText, "", 9}) {
		t.Errorf("font(9) face = %+v", d.face)
	}
	if !strings.HasPrefix(famMono, "mono") {
		t.Errorf("famMono = %q", famMono)
	}
}
