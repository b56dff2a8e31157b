package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The sanitiser and --font. The bundled Go font covers Latin, Greek and
// Cyrillic (font.go), with a white square (U+25A1) and an ellipsis, and no
// Japanese and no combining acute (U+0301) of its own.

func TestMut2SanitizerClean(t *testing.T) {
	s, err := newSanitizer(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	if s.placeholder != '\u25A1' {
		t.Errorf("placeholder = %q, want the white square the Go font has", s.placeholder)
	}
	for _, c := range []struct{ in, line, block string }{
		{"a\nb\tc\vd\fe\rf", "a b c d ef", "a\nb c d ef"},
		{"a\r\nb", "a b", "a\nb"},
		{"\x07bell\x1b", "bell", "bell"},
		{"a\u200db\ufe0fc\u202ed", "abcd", "abcd"},
		{"a\u00a0b\u2003c", "a b c", "a b c"},
		{"日本", "\u25A1\u25A1", "\u25A1\u25A1"},
		{"\U0001F600!", "\u25A1!", "\u25A1!"},
		{"e\u0301", "é", "é"},
		{"x\u0301y\u20DD", "xy", "xy"},
		{"bad\xffbyte", "bad\uFFFDbyte", "bad\uFFFDbyte"},
		{"Ωmega Жук", "Ωmega Жук", "Ωmega Жук"},
	} {
		if got := s.line(c.in); got != c.line {
			t.Errorf("line(%q) = %q, want %q", c.in, got, c.line)
		}
		if got := s.block(c.in); got != c.block {
			t.Errorf("block(%q) = %q, want %q", c.in, got, c.block)
		}
	}
	max := strings.Repeat("a", 2000)
	for in, want := range map[string]string{
		max:                       max,
		max + "b":                 max + "…",
		"\x07\x07" + max:          max, // dropped characters do not count
		strings.Repeat("é", 2001): strings.Repeat("é", 2000) + "…",
	} {
		if got := s.line(in); got != want {
			t.Errorf("line of %d runes = %d runes, want %d", len([]rune(in)), len([]rune(got)), len([]rune(want)))
		}
	}
	if s.ellipsis() != "…" {
		t.Errorf("ellipsis = %q", s.ellipsis())
	}
}

func TestMut2SanitizerHas(t *testing.T) {
	if _, err := newSanitizer([]byte("not a font")); err == nil || !strings.Contains(err.Error(), "parse font") {
		t.Errorf("newSanitizer of junk: err = %v", err)
	}
	none, err := newSanitizer()
	if err != nil {
		t.Fatal(err)
	}
	// Without a face every rune up to U+FFFF counts as drawable, none above.
	for r, want := range map[rune]bool{'a': true, 0xFFFF: true, 0x10000: false, 0x1F600: false} {
		if got := none.has(r); got != want {
			t.Errorf("has(%U) without faces = %v, want %v", r, got, want)
		}
	}
	both, err := newSanitizer(goregular.TTF, gobold.TTF)
	if err != nil {
		t.Fatal(err)
	}
	for r, want := range map[rune]bool{'a': true, 'Ж': true, '日': false, 0x1F600: false} {
		if got := both.has(r); got != want {
			t.Errorf("has(%q) = %v, want %v", r, got, want)
		}
		if got := both.has(r); got != want {
			t.Errorf("has(%q) again (memoised) = %v, want %v", r, got, want)
		}
	}
}

func TestMut2MetaText(t *testing.T) {
	for in, want := range map[string]string{
		"  Contoso\n\tReport  ": "Contoso Report",
		"\x07x\u200dy\ufe0f":    "xy",
		"日本語":                   "日本語",
		"smile \U0001F600":      "smile \uFFFD",
		"bad\xff":               "bad\uFFFD",
		"":                      "",
	} {
		if got := metaText(in); got != want {
			t.Errorf("metaText(%q) = %q, want %q", in, got, want)
		}
	}
	max := strings.Repeat("a", 500)
	if got := metaText(max); got != max {
		t.Errorf("metaText of 500 runes is cut: %d", len([]rune(got)))
	}
	if got := metaText(max + "b"); got != max+"…" {
		t.Errorf("metaText of 501 runes = %d runes, want 500 and an ellipsis", len([]rune(got)))
	}
}

func TestMut2LoadFont(t *testing.T) {
	dir := t.TempDir()
	reg, bold, junk := filepath.Join(dir, "r.ttf"), filepath.Join(dir, "b.ttf"), filepath.Join(dir, "junk.ttf")
	for p, data := range map[string][]byte{reg: goregular.TTF, bold: gobold.TTF, junk: []byte("junk")} {
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := LoadFont("", bold); err == nil || !strings.Contains(err.Error(), "no regular font file") {
		t.Errorf("LoadFont without a regular file: %v", err)
	}
	for _, c := range []struct{ reg, bold, want string }{
		{filepath.Join(dir, "missing.ttf"), "", "font:"},
		{junk, "", "not a TrueType font"},
		{reg, junk, "not a TrueType font"},
		{reg, filepath.Join(dir, "missing.ttf"), "font:"},
	} {
		if _, err := LoadFont(c.reg, c.bold); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("LoadFont(%s, %s): err = %v, want %q", filepath.Base(c.reg), filepath.Base(c.bold), err, c.want)
		}
	}
	f, err := LoadFont(reg, "")
	if err != nil || !bytes.Equal(f.Regular, goregular.TTF) || f.Bold != nil || f.Name != reg {
		t.Fatalf("LoadFont(regular only) = %v, %v", f, err)
	}
	r, b := f.faces()
	if !bytes.Equal(r, goregular.TTF) || !bytes.Equal(b, goregular.TTF) {
		t.Errorf("a regular face alone is used for bold too")
	}
	f, err = LoadFont(reg, bold)
	if err != nil || !bytes.Equal(f.Bold, gobold.TTF) {
		t.Fatalf("LoadFont(regular, bold): %v", err)
	}
	if _, b = f.faces(); !bytes.Equal(b, gobold.TTF) {
		t.Errorf("the bold face is not used for bold")
	}
	for _, f := range []*Font{nil, {}, {Bold: gobold.TTF}} {
		r, b := f.faces()
		if !bytes.Equal(r, goregular.TTF) || !bytes.Equal(b, gobold.TTF) {
			t.Errorf("faces of %v: not the bundled Go font", f)
		}
	}
}
