package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// pageText is the text of one page of a PDF, read back with pdftotext.
func pageText(t *testing.T, data []byte, page int) string {
	t.Helper()
	bin := needTool(t, "pdftotext", "poppler-utils", "the page's text was not checked")
	path := filepath.Join(t.TempDir(), "p.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	p := strconv.Itoa(page)
	out, err := exec.Command(bin, "-enc", "UTF-8", "-f", p, "-l", p, path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext page %d: %v", page, err)
	}
	return string(out)
}

// TestFooterTooLongIsShortened: an organisation name too long for the
// running footer is cut with an ellipsis before the page number (the end
// of the name never reaches the page), and a short one is shown whole.
func TestFooterTooLongIsShortened(t *testing.T) {
	for _, c := range []struct {
		org   string
		whole bool
	}{
		{"Contoso Short Org", true},
		{"Contoso Holdings International Regional Shared Services Platform Engineering Department North ZZTAILMARK", false},
	} {
		in := demoInput(t)
		in.Result.Metadata.Organization = c.org
		in.Result.Metadata.Workload = ""
		var buf bytes.Buffer
		if err := PDF(&buf, in); err != nil {
			t.Fatal(err)
		}
		text := pageText(t, buf.Bytes(), 2)
		if !strings.Contains(text, "Page 2 of ") {
			t.Fatalf("page 2 has no running footer:\n%s", text)
		}
		last := c.org[strings.LastIndex(c.org, " ")+1:]
		if got := strings.Contains(text, last); got != c.whole {
			t.Errorf("org %q: end %q on page 2: %v, want %v\n%s", c.org, last, got, c.whole, text)
		}
		if !c.whole && !strings.Contains(text, "Contoso Holdings International") {
			t.Errorf("org %q: the start of the name is not in the footer:\n%s", c.org, text)
		}
		if !c.whole && !strings.Contains(text, "…") {
			t.Errorf("org %q: no ellipsis marks the cut:\n%s", c.org, text)
		}
	}
}

// TestClipAndFitStayWithinWidth: a word with no space to cut at (a hostile
// 300-character name) is cut by characters so that it and the ellipsis fit
// the width; fit keeps a text that fits and shortens one that does not.
func TestClipAndFitStayWithinWidth(t *testing.T) {
	d := testDoc(t)
	d.font(false, sizeBody)
	word := strings.Repeat("Wide", 75)
	for _, w := range []float64{20, 45, 90} {
		lines := d.clip(d.wrap(word, w), 2, w)
		if len(lines) != 2 {
			t.Fatalf("width %v: %d lines, want 2", w, len(lines))
		}
		last := lines[1]
		if !strings.HasSuffix(last, "…") || d.width(last) > w+0.01 {
			t.Errorf("width %v: last line %q (%.1f mm) is not cut with an ellipsis within the width", w, last, d.width(last))
		}
		if got := lines[0] + strings.TrimSuffix(last, "…"); !strings.HasPrefix(word, got) {
			t.Errorf("width %v: %q is not the start of the word", w, got)
		}
		fitted := d.fit(word, w)
		if !strings.HasSuffix(fitted, "…") || d.width(fitted) > w+0.01 || !strings.HasPrefix(word, strings.TrimSuffix(fitted, "…")) {
			t.Errorf("width %v: fit gave %q (%.1f mm)", w, fitted, d.width(fitted))
		}
		if short := "Wide"; d.fit(short, w) != short {
			t.Errorf("width %v: fit changed %q to %q", w, short, d.fit(short, w))
		}
	}
}
