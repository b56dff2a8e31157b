package report

import (
	"io"
	"testing"
)

// BenchmarkPDF renders a 1,000-environment report (the target: under 1 s and
// under 5 MB) and reports the size of the PDF as "pdf-bytes".
func BenchmarkPDF(b *testing.B) {
	in := realisticInput(b, 1000)
	var size int
	b.ReportAllocs()
	for b.Loop() {
		var cw countWriter
		if err := PDF(&cw, in); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}

func BenchmarkMarkdownCSVJSON(b *testing.B) {
	in := realisticInput(b, 1000)
	for b.Loop() {
		for _, f := range []func(io.Writer, Input) error{JSON, CSV, Markdown} {
			if err := f(io.Discard, in); err != nil {
				b.Fatal(err)
			}
		}
	}
}

type countWriter struct{ n int }

func (c *countWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }
