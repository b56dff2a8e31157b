package report

import (
	"io"
	"testing"
	"time"
)

// BenchmarkPDF renders a 1,000-environment report (the target: under 1 s and
// under 5 MB) and reports the size of the PDF as "pdf-bytes".
func BenchmarkPDF(b *testing.B) {
	in := realisticInput(b, 1000)
	var size int
	b.ReportAllocs()
	if err := PDF(io.Discard, in); err != nil { // warm: b.Loop times from its first call
		b.Fatal(err)
	}
	for b.Loop() {
		var cw countWriter
		if err := PDF(&cw, in); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.ReportMetric(float64(size), "pdf-bytes")
	// The targets; .ci/run runs every benchmark once and fails on a miss.
	if per := b.Elapsed() / time.Duration(max(b.N, 1)); per > time.Second {
		b.Errorf("a 1,000-environment PDF took %v, target under 1 s", per)
	}
	if size > 5<<20 {
		b.Errorf("a 1,000-environment PDF is %d bytes, target under 5 MB", size)
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
