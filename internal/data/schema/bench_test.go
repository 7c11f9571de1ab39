package schema

import (
	"encoding/csv"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/data/table"
)

// benchSchema mirrors the benchmark data set.
func benchSchema() map[string]any {
	num := func(lo, hi float64) map[string]any {
		return map[string]any{"type": "number", "minimum": lo, "maximum": hi}
	}
	props := map[string]any{
		"age":    map[string]any{"type": "integer", "minimum": 0.0, "maximum": 120.0},
		"income": map[string]any{"type": "number", "minimum": 0.0},
		"city":   map[string]any{"type": "string", "enum": []any{"paris", "berlin", "tokyo", "lima", "oslo"}},
		"score":  num(0, 1),
		"label":  map[string]any{"type": "integer", "enum": []any{0.0, 1.0}},
		"email":  map[string]any{"type": "string", "pattern": "^[^@]+@[^@]+$", "maxLength": 254.0},
		"g1":     num(-10, 10), "g2": num(-10, 10), "g3": num(-10, 10), "g4": num(-10, 10),
	}
	req := []any{}
	for k := range props {
		req = append(req, k)
	}
	return map[string]any{"type": "object", "properties": props, "required": req, "additionalProperties": false}
}

var benchCols = []string{"age", "income", "city", "score", "label", "email", "g1", "g2", "g3", "g4"}

// benchRows builds n rows of Text cells like a CSV reader would produce.
// The cell texts are substrings of one string, laid out in row order as a
// reader's buffer would hold them, so the benchmark measures validation
// rather than cache misses on scattered heap strings.
func benchRows(n int) []table.Row {
	r := rand.New(rand.NewPCG(1, 2))
	cities := []string{"paris", "berlin", "tokyo", "lima", "oslo"}
	var sb strings.Builder
	ends := make([]int, 0, n*len(benchCols))
	f := func(x float64) { sb.WriteString(strconv.FormatFloat(x, 'f', 6, 64)); ends = append(ends, sb.Len()) }
	w := func(s string) { sb.WriteString(s); ends = append(ends, sb.Len()) }
	for i := 0; i < n; i++ {
		w(strconv.Itoa(r.IntN(121)))
		f(r.ExpFloat64() * 50000)
		w(cities[r.IntN(5)])
		f(r.Float64())
		w(strconv.Itoa(r.IntN(2)))
		w("user" + strconv.Itoa(i) + "@example.com")
		for k := 6; k < 10; k++ {
			f(max(-9.9, min(9.9, r.NormFloat64())))
		}
	}
	all := sb.String()
	vals := make([]table.Value, len(ends))
	start := 0
	for i, end := range ends {
		vals[i] = table.Value{Kind: table.Text, Str: all[start:end]}
		start = end
	}
	rows := make([]table.Row, n)
	for i := range rows {
		rows[i] = table.Row{Values: vals[i*len(benchCols) : (i+1)*len(benchCols)], Line: i + 2, Index: int64(i)}
	}
	return rows
}

func benchValidate(b *testing.B, opt Options, nrows int) {
	v, err := Compile(benchSchema(), opt)
	if err != nil {
		b.Fatal(err)
	}
	bound, err := v.Bind(benchCols)
	if err != nil {
		b.Fatal(err)
	}
	rows := benchRows(nrows)
	var dst []Violation
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		dst = bound.ValidateRow(&rows[i], dst[:0])
		if len(dst) != 0 {
			b.Fatalf("row %d: unexpected violations %+v", i, dst)
		}
		if i++; i == len(rows) {
			i = 0
		}
	}
}

// BenchmarkValidateFast measures one row (ns/op is ns/row) of the issue's
// benchmark data, 1,000,000 rows of Text cells in memory, on the fast path.
func BenchmarkValidateFast(b *testing.B) { benchValidate(b, Options{}, 1_000_000) }

// BenchmarkValidateReference is the same rows through jsonschema/v6, one
// goroutine, for comparison.
func BenchmarkValidateReference(b *testing.B) {
	benchValidate(b, Options{ForceReference: true}, 100_000)
}

// BenchmarkSimpleMatcher and BenchmarkRegexp compare the email pattern's
// matchers.
func BenchmarkSimpleMatcher(b *testing.B) { benchMatch(b, true) }

// BenchmarkRegexp is the regexp counterpart of BenchmarkSimpleMatcher.
func BenchmarkRegexp(b *testing.B) { benchMatch(b, false) }

func benchMatch(b *testing.B, simple bool) {
	var m matcher
	if simple {
		m, _ = compileSimple("^[^@]+@[^@]+$")
	} else {
		m = mustRegexp(b, "^[^@]+@[^@]+$")
	}
	s := "user12345@example.com"
	b.ReportAllocs()
	for b.Loop() {
		if !m.MatchString(s) {
			b.Fatal("no match")
		}
	}
}

// BenchmarkValidateFastHot cycles over 1,000 rows that stay in the CPU
// cache, as a streaming reader's reused row does.
func BenchmarkValidateFastHot(b *testing.B) { benchValidate(b, Options{}, 1_000) }

// BenchmarkCSVReadBaseline is a bare encoding/csv read loop over the same
// rows rendered as CSV (ns/op is ns/row), the yardstick the issue sets for
// validation: compare it with BenchmarkValidateFast in the same run.
func BenchmarkCSVReadBaseline(b *testing.B) {
	rows := benchRows(100_000)
	var sb strings.Builder
	for i := range rows {
		for j, v := range rows[i].Values {
			if j > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(v.Str)
		}
		sb.WriteByte('\n')
	}
	data := sb.String()
	b.ReportAllocs()
	var r *csv.Reader
	for b.Loop() {
		if r == nil {
			r = csv.NewReader(strings.NewReader(data))
			r.ReuseRecord = true
		}
		if _, err := r.Read(); err != nil {
			if err != io.EOF {
				b.Fatal(err)
			}
			r = nil
		}
	}
}

// BenchmarkValidateBatchReference measures the reference path through
// ValidateBatch, which spreads rows over all cores (ns/op is ns/row).
func BenchmarkValidateBatchReference(b *testing.B) {
	v, err := Compile(benchSchema(), Options{ForceReference: true})
	if err != nil {
		b.Fatal(err)
	}
	bound, err := v.Bind(benchCols)
	if err != nil {
		b.Fatal(err)
	}
	rows := benchRows(4096)
	b.ReportAllocs()
	for b.Loop() {
		bound.ValidateBatch(rows, func(i int, vs []Violation) {
			if len(vs) != 0 {
				b.Fatalf("row %d: unexpected violations %+v", i, vs)
			}
		})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(rows)), "ns/row")
}

// benchNumbers runs f over Gaussian literals with six decimals, as the
// g1..g4 columns of the benchmark data (ns/op is ns per literal).
func benchNumbers(b *testing.B, f func(string) bool) {
	r := rand.New(rand.NewPCG(5, 6))
	lits := make([]string, 4096)
	for i := range lits {
		lits[i] = strconv.FormatFloat(r.NormFloat64()*3, 'f', 6, 64)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if !f(lits[i]) {
			b.Fatalf("%q refused", lits[i])
		}
		i = (i + 1) % len(lits)
	}
}

// BenchmarkScanNumber parses a literal into a value (bounded columns).
func BenchmarkScanNumber(b *testing.B) {
	benchNumbers(b, func(s string) bool { _, ok := scanNumber(s); return ok })
}

// BenchmarkPlainDecimal only checks a literal's syntax, eight bytes at a
// time (columns with no bound).
func BenchmarkPlainDecimal(b *testing.B) {
	benchNumbers(b, func(s string) bool { _, ok := plainDecimal(s); return ok })
}
