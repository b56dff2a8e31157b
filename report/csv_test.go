package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

func TestCSVActionPlan(t *testing.T) {
	in := realisticInput(t, 14)
	in.Result.Findings[0].Title = `=HYPERLINK("http://evil.example","click")`
	in.Result.Findings[0].Do = "+1+1"
	in.Result.Findings[0].Owner = "@SUM(A1)"
	in.Result.Findings[0].FollowUp = "-2"
	in.Result.Findings[0].Why = "line one\nline two"
	var buf bytes.Buffer
	if err := CSV(&buf, in); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no UTF-8 byte-order mark")
	}
	lines := strings.Split(strings.TrimSuffix(string(data[3:]), "\r\n"), "\r\n")
	if lines[0] != `"ID","Severity","Status","Title","Recommendation","Affected environments","Doc link","Owner","Due date"` {
		t.Errorf("header: %s", lines[0])
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not valid CSV: %v", err)
	}
	open := 0
	for _, f := range in.Result.Findings {
		if f.State.Open() {
			open++
		}
	}
	if len(rows)-1 != open {
		t.Errorf("%d rows, want one per open finding (%d)", len(rows)-1, open)
	}
	for _, row := range rows[1:] {
		if len(row) != 9 {
			t.Fatalf("row has %d fields: %q", len(row), row)
		}
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("formula not defused: %q", cell)
			}
		}
	}
	// every field quoted
	for _, line := range lines {
		if !strings.HasPrefix(line, `"`) || !strings.HasSuffix(line, `"`) {
			t.Errorf("unquoted line: %s", line)
		}
	}
	var hostile []string
	for _, row := range rows[1:] {
		if row[0] == in.Result.Findings[0].ID {
			hostile = row
		}
	}
	if hostile == nil {
		t.Fatalf("no row for %s", in.Result.Findings[0].ID)
	}
	if hostile[3] != `'=HYPERLINK("http://evil.example","click")` || hostile[4] != "'+1+1" || hostile[7] != "'@SUM(A1)" || hostile[8] != "'-2" {
		t.Errorf("hostile row: %q", hostile)
	}
	for _, row := range rows[1:] {
		if row[0] == "AR-02.cmk-missing" && !strings.Contains(row[5], "Payroll") {
			t.Errorf("AR-02.cmk-missing: affected environments %q", row[5])
		}
		// Vaults and keys are separated like environments, with "; ".
		if strings.HasPrefix(row[5], "vault ") && strings.Contains(row[5], ", vault ") {
			t.Errorf("%s: affected %q joined with commas, want semicolons", row[0], row[5])
		}
	}
}

func TestCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, Input{Result: &assess.Result{}}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); strings.Count(got, "\r\n") != 1 {
		t.Errorf("empty plan should be the header alone: %q", got)
	}
}

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{
		"":           "",
		"plain":      "plain",
		"=1+1":       "'=1+1",
		"\t=cmd":     "'\t=cmd",
		"\r=cmd":     "'=cmd",
		"a\x00b":     "ab",
		"multi\nrow": "multi\nrow",
		"-":          "'-",
	} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
