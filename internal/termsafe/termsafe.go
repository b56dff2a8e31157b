// Package termsafe is the one sanitiser for plain text that carries tenant or
// file data (names, reasons, titles) to a terminal or a Markdown file: every
// rune that could drive the terminal (C0 and C1 control characters, so every
// escape sequence) or reorder what is shown (bidi overrides and isolates,
// line and paragraph separators) is shown escaped, as \x1b or \u202e, so a
// reader sees that it was there and nothing acts on it.
package termsafe

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// dangerous reports whether r must be shown escaped. Tab and newline are
// decided by the caller (a line escapes them, a stream keeps them).
func dangerous(r rune) bool {
	switch {
	case r < 0x20, r == 0x7F, r >= 0x80 && r <= 0x9F: // C0, DEL, C1 (0x9B is a one-byte CSI)
		return true
	case r == 0x061C, r == 0x200E, r == 0x200F, // Arabic letter mark, LRM, RLM
		r >= 0x202A && r <= 0x202E, // embeddings and overrides (U+202E: right-to-left override)
		r >= 0x2066 && r <= 0x2069, // isolates
		r == 0x2028, r == 0x2029:   // line and paragraph separators
		return true
	}
	return false
}

func escapeRune(b *strings.Builder, r rune) {
	switch {
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\t':
		b.WriteString(`\t`)
	case r == '\r':
		b.WriteString(`\r`)
	case r < 0x100:
		fmt.Fprintf(b, `\x%02x`, r)
	default:
		fmt.Fprintf(b, `\u%04x`, r)
	}
}

// Line makes s safe as (part of) one line: every dangerous rune, tab and
// newline included, and every byte that is not UTF-8, is shown escaped.
func Line(s string) string { return clean(s, false) }

// Text is Line for several lines: newlines and tabs are kept.
func Text(s string) string { return clean(s, true) }

func clean(s string, keepLayout bool) string {
	if isSafe(s, keepLayout) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepLayout && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case dangerous(r):
			escapeRune(&b, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func isSafe(s string, keepLayout bool) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7F || c >= 0x80 {
			goto slow
		}
	}
	return true
slow:
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return false
			}
		}
		if dangerous(r) && !(keepLayout && (r == '\n' || r == '\t')) {
			return false
		}
	}
	return true
}

// Writer passes text through Text: the plain-text streams of the command
// line (stdout, stderr) go through it, so no message, warning, progress line
// or summary can carry an escape sequence to the terminal whoever built it.
// A rune split across two writes is held until the next one. It is safe for
// concurrent use (the --debug log writes from many requests at once).
type Writer struct {
	mu    sync.Mutex
	w     io.Writer
	carry []byte
}

// NewWriter wraps w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write cleans p and writes it; it reports len(p) on success.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	data := p
	if len(w.carry) > 0 {
		data = append(w.carry, p...)
		w.carry = nil
	}
	// Hold back an incomplete rune at the end.
	if cut := incompleteTail(data); cut < len(data) {
		w.carry = append([]byte(nil), data[cut:]...)
		data = data[:cut]
	}
	if _, err := io.WriteString(w.w, Text(string(data))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a held-back partial rune (shown escaped: it never completed).
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.carry) == 0 {
		return nil
	}
	data := w.carry
	w.carry = nil
	_, err := io.WriteString(w.w, Text(string(data)))
	return err
}

// incompleteTail returns where a trailing, not yet complete UTF-8 sequence
// starts, or len(b).
func incompleteTail(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		c := b[i]
		if c < 0x80 {
			return len(b)
		}
		if c >= 0xC0 { // a lead byte
			need := 2
			switch {
			case c >= 0xF0:
				need = 4
			case c >= 0xE0:
				need = 3
			}
			if len(b)-i < need {
				return i
			}
			return len(b)
		}
	}
	return len(b)
}
