package report

import (
	"context"
	"errors"
	"fmt"

	"github.com/ppwaf/se06/internal/safefile"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Font is a TrueType font for the PDF: a regular face and, optionally, a bold
// one (the regular face is used for bold text when Bold is empty).
type Font struct {
	Regular []byte
	Bold    []byte
	// Name is shown in messages; it is not written to the PDF.
	Name string
}

// bundledFont is the Go font family (BSD licence, embeddable): Latin, Greek
// and Cyrillic. A function rather than a variable so nothing package-level
// can change.
func bundledFont() *Font {
	return &Font{Regular: goregular.TTF, Bold: gobold.TTF, Name: "Go"}
}

// LoadFont reads a TrueType font for scripts the bundled font lacks (e.g.
// Japanese). boldPath may be empty. The files are parsed to fail early on
// something that is not a font.
func LoadFont(regularPath, boldPath string) (*Font, error) {
	if regularPath == "" {
		return nil, errors.New("font: no regular font file given")
	}
	reg, err := readFont(regularPath)
	if err != nil {
		return nil, err
	}
	f := &Font{Regular: reg, Name: regularPath}
	if boldPath != "" {
		if f.Bold, err = readFont(boldPath); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func readFont(path string) ([]byte, error) {
	data, err := safefile.ReadFile(context.Background(), path, "font", safefile.LimitFont)
	if err != nil {
		return nil, fmt.Errorf("font: %w", err)
	}
	if _, err := sfnt.Parse(data); err != nil {
		return nil, fmt.Errorf("font %s: not a TrueType font: %w", path, err)
	}
	return data, nil
}

// faces returns the regular and bold font data to embed.
func (f *Font) faces() (regular, bold []byte) {
	if f == nil || len(f.Regular) == 0 {
		f = bundledFont()
	}
	bold = f.Bold
	if len(bold) == 0 {
		bold = f.Regular
	}
	return f.Regular, bold
}
