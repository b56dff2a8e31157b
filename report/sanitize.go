package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// placeholder marks a character the font cannot draw. It is U+25A1 (white
// square) when the font has it, '?' otherwise.
const placeholderBox = '\u25A1'

// maxTextRunes caps any single string that reaches the PDF, so a hostile
// 100,000-character name cannot blow up the layout or the file.
const maxTextRunes = 2000

// sanitizer turns any string into one the PDF font can draw: control
// characters go, runes above U+FFFF (which crash gofpdf) and runes without a
// glyph become a visible placeholder, and invisible format characters (ZWJ,
// variation selectors, bidi marks) are dropped. Results are memoised per
// rune; one sanitizer serves one render.
type sanitizer struct {
	fonts       []*sfnt.Font
	buf         sfnt.Buffer
	known       map[rune]bool
	placeholder rune
}

func newSanitizer(faces ...[]byte) (*sanitizer, error) {
	s := &sanitizer{known: map[rune]bool{}}
	for _, data := range faces {
		f, err := sfnt.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("parse font: %w", err)
		}
		s.fonts = append(s.fonts, f)
	}
	s.placeholder = '?'
	if s.has(placeholderBox) {
		s.placeholder = placeholderBox
	}
	return s, nil
}

// has reports whether every face has a glyph for r.
func (s *sanitizer) has(r rune) bool {
	if ok, seen := s.known[r]; seen {
		return ok
	}
	ok := r <= 0xFFFF
	for _, f := range s.fonts {
		if !ok {
			break
		}
		g, err := f.GlyphIndex(&s.buf, r)
		ok = err == nil && g != 0
	}
	s.known[r] = ok
	return ok
}

// line cleans text for a single line: newlines and tabs become spaces.
func (s *sanitizer) line(text string) string { return s.clean(text, false) }

// block cleans text that may keep its line breaks.
func (s *sanitizer) block(text string) string { return s.clean(text, true) }

func (s *sanitizer) clean(text string, keepNewlines bool) string {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, string(utf8.RuneError))
	}
	// Compose first: "e" + combining acute becomes "é", which fonts have.
	text = norm.NFC.String(text)
	var b strings.Builder
	b.Grow(len(text))
	n := 0
	for _, r := range text {
		if n >= maxTextRunes {
			b.WriteString(s.ellipsis())
			break
		}
		switch {
		case r == '\r':
			continue
		case r == '\n' && keepNewlines:
			b.WriteRune('\n')
		case r == '\n' || r == '\t' || r == '\v' || r == '\f':
			b.WriteRune(' ')
		case unicode.IsControl(r):
			continue
		case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r):
			continue // zero-width joiners, bidi marks, emoji variation selectors
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		case s.has(r):
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
			continue // a combining mark the font lacks: drop it, keep the base
		default:
			b.WriteRune(s.placeholder)
		}
		n++
	}
	return b.String()
}

// ellipsis is "…" when the font has it, "..." otherwise.
func (s *sanitizer) ellipsis() string {
	if s.has('…') {
		return "…"
	}
	return "..."
}

// maxMetaRunes caps a document metadata value (title, author…).
const maxMetaRunes = 500

// metaText cleans text for the document metadata, which PDF viewers show
// with the system's fonts: characters the embedded font lacks (Japanese, for
// instance) are kept, control and invisible format characters go, and runes
// above U+FFFF, which gofpdf cannot encode there, become U+FFFD.
func metaText(text string) string {
	text = norm.NFC.String(strings.ToValidUTF8(text, string(utf8.RuneError)))
	var b strings.Builder
	n := 0
	for _, r := range text {
		if n >= maxMetaRunes {
			b.WriteRune('…')
			break
		}
		switch {
		case unicode.IsSpace(r):
			r = ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r):
			continue
		case r > 0xFFFF:
			r = utf8.RuneError
		}
		b.WriteRune(r)
		n++
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
