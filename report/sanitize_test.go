package report

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitizer(t *testing.T) {
	s, err := newSanitizer(bundledFont().faces())
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"Contoso — “HR” ≥ 5 €":    "Contoso — “HR” ≥ 5 €",
		"Ελληνικά Кириллица Łódź": "Ελληνικά Кириллица Łódź",
		"東京":              "□□",
		"😀 ok":            "□ ok",
		"👩\u200d💻":        "□□",
		"a\x00b\x1b[31mc": "ab[31mc",
		"tab\there\nnew":  "tab here new",
		"\u202Erev":       "rev",
		"e\u0301":         "\u00e9",
		"q\u0301":         "q",
		"bad\xffutf8":     "bad\uFFFDutf8",
	} {
		got := s.line(in)
		if in == "bad\xffutf8" && !s.has('\uFFFD') {
			want = "bad□utf8"
		}
		if got != want {
			t.Errorf("line(%q) = %q, want %q", in, got, want)
		}
	}
	if got := s.block("a\nb\r\n"); got != "a\nb\n" {
		t.Errorf("block kept %q", got)
	}
	long := s.line(strings.Repeat("x", 10000))
	if n := utf8.RuneCountInString(long); n > maxTextRunes+1 {
		t.Errorf("long text kept %d runes", n)
	}
	for _, r := range s.line(hostile(100)) {
		if r > 0xFFFF {
			t.Fatalf("rune %U above U+FFFF survived", r)
		}
	}
}

func TestMetaText(t *testing.T) {
	for in, want := range map[string]string{
		"東京 本社\x00\x1b[31m":       "東京 本社[31m",
		"a😀b\u200d\u202Ec":        "a\uFFFDbc",
		"  two\n\tlines  ":        "two lines",
		string([]byte{0xff, 'x'}): "\uFFFDx",
	} {
		if got := metaText(in); got != want {
			t.Errorf("metaText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := []rune(metaText(strings.Repeat("x", 3000))); len(got) != maxMetaRunes+1 {
		t.Errorf("long metadata kept %d runes", len(got))
	}
}
