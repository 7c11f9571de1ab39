package drift

import (
	"math"
	"strconv"
	"testing"

	"github.com/mlgate/mlgate/internal/data/profile"
	"github.com/mlgate/mlgate/internal/data/table"
)

// normals returns n evenly spread Gaussian quantiles, mean + sd *
// Phi^-1((i+0.5)/n): a deterministic sample that scipy reproduces exactly
// (mean + sd*scipy.special.ndtri((arange(n)+0.5)/n)).
func normals(n int, mean, sd float64) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		p := (float64(i) + 0.5) / float64(n)
		xs[i] = mean + sd*math.Sqrt2*math.Erfinv(2*p-1)
	}
	return xs
}

// cell is a CSV cell: empty is null, anything else text.
func cell(s string) table.Value {
	if s == "" {
		return table.Value{Kind: table.Null}
	}
	return table.Value{Kind: table.Text, Str: s}
}

// build profiles rows of text cells.
func build(cols []string, rows [][]string) *profile.Profile {
	b := profile.NewBuilder()
	row := &table.Row{Values: make([]table.Value, len(cols))}
	for i, r := range rows {
		row.Line, row.Index = i+2, int64(i)
		for j, s := range r {
			row.Values[j] = cell(s)
		}
		b.Add(cols, row)
	}
	return b.Profile()
}

// numbers profiles one column of numbers.
func numbers(name string, xs []float64) *profile.Profile {
	rows := make([][]string, len(xs))
	for i, x := range xs {
		rows[i] = []string{strconv.FormatFloat(x, 'g', -1, 64)}
	}
	return build([]string{name}, rows)
}

// repeat profiles one column holding each value counts[value] times.
func repeat(name string, values []string, counts []int) *profile.Profile {
	var rows [][]string
	for i, v := range values {
		for range counts[i] {
			rows = append(rows, []string{v})
		}
	}
	return build([]string{name}, rows)
}

func compare(t *testing.T, ref, cur *profile.Profile, opt Options) *Report {
	t.Helper()
	rep, err := Compare(ref, cur, opt)
	if err != nil {
		t.Fatalf("Compare: %v", err)
	}
	return rep
}

func column(t *testing.T, rep *Report, name string) ColumnDrift {
	t.Helper()
	for _, c := range rep.Columns {
		if c.Column == name {
			return c
		}
	}
	t.Fatalf("column %q not in report %+v", name, rep.Columns)
	return ColumnDrift{}
}

func near(t *testing.T, what string, got *float64, want, tol float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: not computed, want %v", what, want)
		return
	}
	if math.Abs(*got-want) > tol {
		t.Errorf("%s = %v, want %v ± %v", what, *got, want, tol)
	}
}
