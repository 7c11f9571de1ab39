package drift

import (
	"strconv"
	"testing"

	"github.com/mlgate/mlgate/internal/data/profile"
)

// BenchmarkCompare50Columns compares profiles of 50 columns (40 numeric,
// 10 categorical) of 10,000 rows each.
func BenchmarkCompare50Columns(b *testing.B) {
	mk := func(shift float64) *profile.Profile {
		const nNum, nCat, rows = 40, 10, 10000
		xs := normals(rows, shift, 1)
		names := make([]string, 0, nNum+nCat)
		for j := range nNum + nCat {
			names = append(names, "c"+strconv.Itoa(j))
		}
		data := make([][]string, rows)
		for i := range data {
			for j := range nNum {
				data[i] = append(data[i], strconv.FormatFloat(xs[(i+j*97)%rows]*float64(j+1), 'g', -1, 64))
			}
			for j := range nCat {
				data[i] = append(data[i], "cat"+strconv.Itoa((i*(j+1))%(5+j*3)))
			}
		}
		return build(names, data)
	}
	ref, cur := mk(0), mk(0.3)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(ref, cur, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
