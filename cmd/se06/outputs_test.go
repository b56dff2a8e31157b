package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReportSourceDateEpoch: with SOURCE_DATE_EPOCH the report's clock is
// pinned, so two runs at different times write the same bytes.
func TestReportSourceDateEpoch(t *testing.T) {
	dir := t.TempDir()
	saved := saveExample(t, dir)
	render := func(now time.Time, epoch string) []byte {
		t.Helper()
		pdf := filepath.Join(dir, "r.pdf")
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return now },
			getenv: func(k string) string {
				if k == "SOURCE_DATE_EPOCH" {
					return epoch
				}
				return ""
			}}
		if code := run(context.Background(), a, []string{"report", saved, "--pdf", pdf}); code != exitOK {
			t.Fatalf("exit %d\n%s", code, errb.String())
		}
		data, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	a := render(testNow, "1795000000")
	b := render(testNow.Add(time.Hour), "1795000000")
	if !bytes.Equal(a, b) {
		t.Error("SOURCE_DATE_EPOCH set: two runs an hour apart differ")
	}
	if !bytes.Contains(a, []byte("D:20261118")) { // 1795000000 is 2026-11-18
		t.Error("the PDF's creation date is not SOURCE_DATE_EPOCH")
	}
	if bytes.Equal(render(testNow, ""), render(testNow.Add(time.Hour), "")) {
		t.Error("without SOURCE_DATE_EPOCH the date should follow the clock")
	}
}
