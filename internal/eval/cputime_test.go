package eval

import (
	"testing"
)

// reportCPU runs the benchmark loop body and reports, besides the wall
// time, the CPU time per operation (cpu-ns/op): on a shared machine the
// wall time of a parallel benchmark depends on the other load, its CPU
// time much less.
func reportCPU(b *testing.B, body func()) {
	b.Helper()
	start, ok := cpuTime()
	n := 0
	for b.Loop() {
		body()
		n++
	}
	if end, ok2 := cpuTime(); ok && ok2 && n > 0 {
		b.ReportMetric(float64(end-start)/float64(n), "cpu-ns/op")
	}
}
