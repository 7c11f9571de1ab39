package proc

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// BenchmarkLineReader measures how fast output is split, logged and tailed.
func BenchmarkLineReader(b *testing.B) {
	var in bytes.Buffer
	for i := 0; in.Len() < 4<<20; i++ {
		fmt.Fprintf(&in, "step %d loss %.6f lr 0.001\n", i, 1/float64(i+1))
	}
	for _, withOnLine := range []bool{false, true} {
		b.Run(fmt.Sprintf("onLine=%v", withOnLine), func(b *testing.B) {
			b.SetBytes(int64(in.Len()))
			b.ReportAllocs()
			for b.Loop() {
				o := &output{live: io.Discard, tail: newTailRing(DefaultTailLines)}
				if withOnLine {
					o.onLine = func(string, string) {}
				}
				newLineReader(Stdout, o, DefaultTailLines).run(bytes.NewReader(in.Bytes()))
			}
		})
	}
}
