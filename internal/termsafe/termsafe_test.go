package termsafe

import (
	"bytes"
	"strings"
	"testing"
)

func TestLine(t *testing.T) {
	long := strings.Repeat("Ωmega-environment ", 17)[:300]
	for _, c := range []struct{ in, want string }{
		{"plain name", "plain name"},
		{"Zürich – 東京 ✓", "Zürich – 東京 ✓"},
		{"\x1b]0;vault-pwned\x07", `\x1b]0;vault-pwned\x07`},
		{"\x1b[2J\x1b[Hcleared", `\x1b[2J\x1b[Hcleared`},
		{"abc\u202Etxt.exe", `abc\u202etxt.exe`},
		{"\u2066iso\u2069 \u200f", `\u2066iso\u2069 \u200f`},
		{"one\ntwo\tthree\rfour", `one\ntwo\tthree\rfour`},
		{"c1 \u009b31m csi", `c1 \x9b31m csi`},
		{"bad \xff byte", `bad \xff byte`},
		{"del\x7f", `del\x7f`},
		{"line\u2028sep", `line\u2028sep`},
		{long, long},
	} {
		if got := Line(c.in); got != c.want {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := Text("a\n\tb\x1b[31m"); got != "a\n\tb\\x1b[31m" {
		t.Errorf("Text keeps layout only: %q", got)
	}
}

// TestLineNeverLeaksControl: whatever goes in, no raw control, bidi or
// invalid byte comes out.
func TestLineNeverLeaksControl(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x3000; r++ {
		all.WriteRune(r)
	}
	all.WriteString("\xc3\x28\xe2\x82")
	out := Line(all.String())
	for i, r := range out {
		if dangerous(r) || r == '\n' || r == '\t' {
			t.Fatalf("rune %U left at %d", r, i)
		}
	}
	if !strings.Contains(out, `\xc3(\xe2\x82`) {
		t.Error("invalid bytes not shown escaped")
	}
}

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	rlo := []byte("\u202E")
	// A bidi override split across writes, then an escape sequence.
	for _, p := range [][]byte{[]byte("title "), rlo[:1], rlo[1:2], append(rlo[2:], []byte("x\n")...), []byte("\x1b]0;pwned\x07\n")} {
		if n, err := w.Write(p); err != nil || n != len(p) {
			t.Fatalf("Write: %d, %v", n, err)
		}
	}
	w.Write([]byte{0xE2, 0x80}) // never completed
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "title \\u202ex\n\\x1b]0;pwned\\x07\n\\xe2\\x80"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}
