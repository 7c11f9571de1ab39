package repro

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func BenchmarkCompareNPY(b *testing.B) {
	const n = 1 << 20
	va, vb := make([]float64, n), make([]float64, n)
	for i := range va {
		va[i] = math.Sin(float64(i))
		vb[i] = va[i]
		if i%3 == 0 {
			vb[i] += 1e-12
		}
	}
	dir := b.TempDir()
	pa := writeNPY(b, dir, "a/w.npy", npySpec{descr: "<f8", shape: []int{1024, 1024}, values: va})
	pb := writeNPY(b, dir, "b/w.npy", npySpec{descr: "<f8", shape: []int{1024, 1024}, values: vb})
	b.SetBytes(2 * 8 * n)
	b.ResetTimer()
	for b.Loop() {
		d, err := CompareFiles(pa, pb, Tolerance{Atol: 1e-9})
		if err != nil || !d.Same {
			b.Fatal(d, err)
		}
	}
}

func BenchmarkCompareCSV(b *testing.B) {
	var sa, sb strings.Builder
	sa.WriteString("id,score,label\n")
	sb.WriteString("id,score,label\n")
	for i := range 100_000 {
		fmt.Fprintf(&sa, "%d,%.9f,cat\n", i, math.Cos(float64(i)))
		fmt.Fprintf(&sb, "%d,%.9f,cat\n", i, math.Cos(float64(i))+1e-10)
	}
	dir := b.TempDir()
	pa := writeFile(b, dir, "a/p.csv", sa.String())
	pb := writeFile(b, dir, "b/p.csv", sb.String())
	b.SetBytes(int64(sa.Len() + sb.Len()))
	b.ResetTimer()
	for b.Loop() {
		if d, err := CompareFiles(pa, pb, Tolerance{Atol: 1e-6}); err != nil || !d.Same {
			b.Fatal(d, err)
		}
	}
}

func BenchmarkCompareJSON(b *testing.B) {
	var sa, sb strings.Builder
	sa.WriteString(`{"history": [`)
	sb.WriteString(`{"history": [`)
	for i := range 50_000 {
		if i > 0 {
			sa.WriteString(",")
			sb.WriteString(",")
		}
		fmt.Fprintf(&sa, `{"step": %d, "loss": %.12g}`, i, math.Exp(-float64(i)/1e4))
		fmt.Fprintf(&sb, `{"step": %d, "loss": %.12g}`, i, math.Exp(-float64(i)/1e4)*(1+1e-9))
	}
	sa.WriteString("]}")
	sb.WriteString("]}")
	dir := b.TempDir()
	pa := writeFile(b, dir, "a/m.json", sa.String())
	pb := writeFile(b, dir, "b/m.json", sb.String())
	b.SetBytes(int64(sa.Len() + sb.Len()))
	b.ResetTimer()
	for b.Loop() {
		if d, err := CompareFiles(pa, pb, Tolerance{Rtol: 1e-6}); err != nil || !d.Same {
			b.Fatal(d, err)
		}
	}
}
