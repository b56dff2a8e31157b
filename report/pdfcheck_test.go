package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// checkPDF checks a PDF's structure in pure Go: the header, every xref entry
// pointing at its object, the trailer and startxref, the page count, the
// outline (bookmarks) and the document metadata. It returns the page count.
func checkPDF(t testing.TB, data []byte) int {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-1.")) {
		t.Fatalf("no PDF header: %q", data[:min(16, len(data))])
	}
	if !bytes.HasSuffix(bytes.TrimRight(data, "\r\n"), []byte("%%EOF")) {
		t.Fatal("no end-of-file marker")
	}
	m := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(data)
	if m == nil {
		t.Fatal("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref <= 0 || xref >= len(data) || !bytes.HasPrefix(data[xref:], []byte("xref")) {
		t.Fatalf("startxref %d does not point at the xref table", xref)
	}
	hm := regexp.MustCompile(`^xref\s+0 (\d+)\s+`).FindSubmatch(data[xref:])
	if hm == nil {
		t.Fatal("malformed xref header")
	}
	n, _ := strconv.Atoi(string(hm[1]))
	entries := regexp.MustCompile(`(\d{10}) (\d{5}) ([nf])`).FindAllSubmatch(data[xref:], n)
	if len(entries) != n {
		t.Fatalf("xref lists %d objects, found %d entries", n, len(entries))
	}
	for i, e := range entries {
		if string(e[3]) != "n" {
			continue
		}
		off, _ := strconv.Atoi(string(e[1]))
		want := strconv.Itoa(i) + " 0 obj"
		if off >= len(data) || !bytes.HasPrefix(data[off:], []byte(want)) {
			t.Fatalf("xref entry %d (offset %d) does not point at %q", i, off, want)
		}
	}
	trailer := data[xref:]
	for _, key := range []string{"trailer", "/Size " + strconv.Itoa(n), "/Root ", "/Info "} {
		if !bytes.Contains(trailer, []byte(key)) {
			t.Fatalf("trailer lacks %q", key)
		}
	}
	pages := len(regexp.MustCompile(`/Type /Page\n`).FindAll(data, -1))
	cm := regexp.MustCompile(`/Type /Pages\n/Kids \[[^\]]*\]\n/Count (\d+)`).FindSubmatch(data)
	if cm == nil {
		t.Fatal("no page tree")
	}
	if count, _ := strconv.Atoi(string(cm[1])); count != pages || pages == 0 {
		t.Fatalf("page tree counts %s pages, found %d page objects", cm[1], pages)
	}
	for _, key := range []string{"/Outlines ", "/PageMode /UseOutlines", "/Title ", "/Author ", "/Subject ", "/Keywords ", "/Creator ", "/Producer ", "/CreationDate ", "/ModDate ", "/FontFile2 "} {
		if !bytes.Contains(data, []byte(key)) {
			t.Errorf("PDF lacks %q", key)
		}
	}
	return pages
}

// pdfText extracts the PDF's text with pdftotext (Debian poppler-utils). It
// skips the test, after the structural checks, when pdftotext is absent
// (fails in CI: needTool).
func pdfText(t testing.TB, data []byte) string {
	t.Helper()
	bin := needTool(t, "pdftotext", "poppler-utils", "the PDF's structure was checked, its text was not")
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
