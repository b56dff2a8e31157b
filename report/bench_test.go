package report

import (
	"fmt"
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

// BenchmarkPDFScale renders the report at 1,000, 4,000 and 10,000
// environments: the time per environment must stay flat (linear cost). The
// target for 10,000 environments is under 2 s and under 200 pages; "pages"
// and "ns/env" are reported.
func BenchmarkPDFScale(b *testing.B) {
	for _, n := range []int{1000, 4000, 10000} {
		b.Run(fmt.Sprintf("envs=%d", n), func(b *testing.B) {
			in := realisticInput(b, n)
			var data countWriter
			b.ReportAllocs()
			for b.Loop() {
				data = countWriter{}
				if err := PDF(&data, in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/env")
			b.ReportMetric(float64(data.n), "pdf-bytes")
		})
	}
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
