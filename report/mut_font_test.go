package report

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// TestLoadFontWithBold: --font with a bold file loads both faces; a bold
// file that is not a font is an error naming the font, not a silent
// fallback.
func TestLoadFontWithBold(t *testing.T) {
	dir := t.TempDir()
	reg, bold, junk := filepath.Join(dir, "r.ttf"), filepath.Join(dir, "b.ttf"), filepath.Join(dir, "junk.ttf")
	for p, data := range map[string][]byte{reg: goregular.TTF, bold: gobold.TTF, junk: []byte("not a font")} {
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f, err := LoadFont(reg, bold)
	if err != nil {
		t.Fatalf("LoadFont(regular, bold): %v", err)
	}
	if !bytes.Equal(f.Regular, goregular.TTF) || !bytes.Equal(f.Bold, gobold.TTF) {
		t.Errorf("LoadFont did not keep the two faces as read (regular %d bytes, bold %d bytes)", len(f.Regular), len(f.Bold))
	}
	if _, err := LoadFont(reg, junk); err == nil {
		t.Error("LoadFont accepted a bold file that is not a font")
	}
}
