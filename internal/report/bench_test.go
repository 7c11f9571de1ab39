package report

import (
	"io"
	"strconv"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

// BenchmarkMarkdown50x10000 renders 50 results with 10,000 findings each.
func BenchmarkMarkdown50x10000(b *testing.B) {
	rs := make([]result.Result, 50)
	for i := range rs {
		rs[i] = bigResult("gate-"+strconv.Itoa(i), 10_000)
	}
	for _, size := range []int{65536, 1 << 20} {
		b.Run("MaxBytes="+strconv.Itoa(size), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if md := Markdown(rs, MarkdownOptions{MaxBytes: size}); len(md) > size {
					b.Fatalf("%d bytes", len(md))
				}
			}
		})
	}
	b.Run("JUnit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := JUnit(io.Discard, rs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("JSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := JSON(io.Discard, rs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("OpenMetrics", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := OpenMetrics(io.Discard, rs); err != nil {
				b.Fatal(err)
			}
		}
	})
}
