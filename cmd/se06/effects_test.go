package main

import (
	"bytes"
	"compress/zlib"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/gosmallcaps"
	"golang.org/x/image/font/gofont/gosmallcapsitalic"
	"golang.org/x/image/font/sfnt"
)

// Effect tests: each report option is checked for what it does, not only
// that a file appears.

// embeddedFonts lists the PostScript names of the fonts a PDF embeds, read
// from its FontFile2 streams (gofpdf keeps the name table in its subsets).
func embeddedFonts(t *testing.T, pdf []byte) []string {
	t.Helper()
	var names []string
	re := regexp.MustCompile(`<<[^>]*?/Length1 \d+[^>]*>>\s*stream\r?\n`)
	for _, loc := range re.FindAllIndex(pdf, -1) {
		dict := pdf[loc[0]:loc[1]]
		m := regexp.MustCompile(`/Length (\d+)`).FindSubmatch(dict)
		if m == nil {
			t.Fatalf("font stream without /Length: %s", dict)
		}
		n, _ := strconv.Atoi(string(m[1]))
		zr, err := zlib.NewReader(bytes.NewReader(pdf[loc[1] : loc[1]+n]))
		if err != nil {
			t.Fatalf("font stream: %v", err)
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("font stream: %v", err)
		}
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("embedded font does not parse: %v", err)
		}
		name, err := f.Name(nil, sfnt.NameIDPostScript)
		if err != nil {
			t.Fatalf("embedded font has no PostScript name: %v", err)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

func TestReportPaperAndFontEffects(t *testing.T) {
	dir := t.TempDir()
	saved := saveExample(t, dir)
	render := func(args ...string) []byte {
		t.Helper()
		out := filepath.Join(dir, "r.pdf")
		if code, _, stderr := runCLI(t, append([]string{"report", saved, "--pdf", out}, args...)...); code != exitOK {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	mediaBoxes := func(pdf []byte) map[string]int {
		out := map[string]int{}
		for _, m := range regexp.MustCompile(`/MediaBox \[0 0 ([\d.]+ [\d.]+)\]`).FindAllSubmatch(pdf, -1) {
			out[string(m[1])]++
		}
		return out
	}
	// A4 is 210 x 297 mm = 595.28 x 841.89 pt; Letter 8.5 x 11 in = 612 x 792 pt.
	// The residency map is landscape, so both orientations appear.
	a4 := mediaBoxes(render())
	letter := mediaBoxes(render("--paper", "letter"))
	if a4["595.28 841.89"] == 0 || a4["841.89 595.28"] == 0 || len(a4) != 2 {
		t.Errorf("default paper: media boxes %v, want A4 portrait and landscape only", a4)
	}
	if letter["612.00 792.00"] == 0 || letter["792.00 612.00"] == 0 || len(letter) != 2 {
		t.Errorf("--paper letter: media boxes %v, want Letter portrait and landscape only", letter)
	}

	regular, bold := filepath.Join(dir, "sc.ttf"), filepath.Join(dir, "sci.ttf")
	os.WriteFile(regular, gosmallcaps.TTF, 0o600)
	os.WriteFile(bold, gosmallcapsitalic.TTF, 0o600)
	if got, want := embeddedFonts(t, render()), []string{"Go-Bold", "GoMono", "GoMono-Bold", "GoRegular"}; !slices.Equal(got, want) {
		t.Errorf("default fonts: %v, want %v", got, want)
	}
	// Commands, IDs and paths stay in Go Mono whatever --font says; without
	// --font-bold the regular face also serves for bold.
	if got, want := embeddedFonts(t, render("--font", regular)), []string{"GoMono", "GoMono-Bold", "GoSmallcaps", "GoSmallcaps"}; !slices.Equal(got, want) {
		t.Errorf("--font: embedded %v, want %v", got, want)
	}
	if got, want := embeddedFonts(t, render("--font", regular, "--font-bold", bold)), []string{"GoMono", "GoMono-Bold", "GoSmallcaps", "GoSmallcaps-Italic"}; !slices.Equal(got, want) {
		t.Errorf("--font --font-bold: embedded %v, want %v", got, want)
	}
}

// TestReportCompareEffects: --compare changes every output: the PDF gains a
// changes section, the JSON a "changes" object, the CSV fills the change
// column, the Markdown gains its changes section.
func TestReportCompareEffects(t *testing.T) {
	dir := t.TempDir()
	previous := saveExample(t, dir) // answers only
	current := filepath.Join(dir, "demo.se06.json")
	if code, _, stderr := runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--demo", "--save", current); code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	outs := func(tag string, extra ...string) map[string][]byte {
		t.Helper()
		files := map[string][]byte{}
		args := []string{"report", current}
		for _, ext := range []string{"pdf", "json", "csv", "md"} {
			args = append(args, "--"+ext, filepath.Join(dir, tag+"."+ext))
		}
		if code, _, stderr := runCLI(t, append(args, extra...)...); code != exitOK {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		for _, ext := range []string{"pdf", "json", "csv", "md"} {
			data, err := os.ReadFile(filepath.Join(dir, tag+"."+ext))
			if err != nil {
				t.Fatal(err)
			}
			files[ext] = data
		}
		return files
	}
	plain, cmp := outs("plain"), outs("cmp", "--compare", previous)
	for ext := range plain {
		if bytes.Equal(plain[ext], cmp[ext]) {
			t.Errorf("--compare left the %s output unchanged", ext)
		}
	}
	var doc struct {
		Changes *struct {
			New []struct{ ID string } `json:"new"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(cmp["json"], &doc); err != nil || doc.Changes == nil || len(doc.Changes.New) == 0 {
		t.Errorf("--compare JSON: no new findings in changes (%v)", err)
	}
	if bytes.Contains(plain["json"], []byte(`"changes"`)) {
		t.Error("JSON without --compare has changes")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(cmp["csv"], []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "Change since previous")
	news := 0
	for _, r := range rows[1:] {
		// The engine compares what needs action; a not-verified finding
		// (the tenant could not be read) has no change to report.
		if r[col] == "" && r[3] != "Not verified" {
			t.Errorf("%s (%s): empty change column under --compare", r[1], r[3])
		}
		if r[col] == "New" {
			news++
		}
	}
	if news != len(doc.Changes.New) {
		t.Errorf("CSV marks %d findings new, the JSON %d", news, len(doc.Changes.New))
	}
	if !bytes.Contains(cmp["md"], []byte("## Changes since")) || bytes.Contains(plain["md"], []byte("## Changes since")) {
		t.Error("Markdown: the changes section should appear with --compare only")
	}
	if bin, err := exec.LookPath("pdftotext"); err == nil {
		text := func(pdf []byte) string {
			p := filepath.Join(dir, "t.pdf")
			os.WriteFile(p, pdf, 0o600)
			out, err := exec.Command(bin, p, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			return string(out)
		}
		if !strings.Contains(text(cmp["pdf"]), "Changes since the previous assessment") || strings.Contains(text(plain["pdf"]), "Changes since the previous assessment") {
			t.Error("PDF: the changes section should appear with --compare only")
		}
	} else {
		t.Log("pdftotext not installed: the PDF's changes section was not read back (its bytes differ, checked above)")
	}
}
