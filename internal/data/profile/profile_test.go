package profile

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/mlgate/mlgate/internal/data/table"
)

func text(s string) table.Value {
	if s == "" {
		return table.Value{Kind: table.Null}
	}
	return table.Value{Kind: table.Text, Str: s}
}

// csvRows builds a profile of CSV-like text rows.
func csvProfile(cols []string, rows [][]string) *Profile {
	b := NewBuilder()
	for i, r := range rows {
		row := &table.Row{Line: i + 2, Index: int64(i)}
		for _, s := range r {
			row.Values = append(row.Values, text(s))
		}
		b.Add(cols, row)
	}
	return b.Profile()
}

func TestColumnKinds(t *testing.T) {
	t.Parallel()
	p := csvProfile([]string{"age", "city", "flag", "x"}, [][]string{
		{"31", "Berlin", "true", "1.5"},
		{"", "Paris", "false", "NaN"},
		{"45", "", "true", "-inf"},
		{"1e2", "Berlin", "maybe", "0x10"},
	})
	if p.Rows != 4 || len(p.Columns) != 4 {
		t.Fatalf("rows %d columns %d", p.Rows, len(p.Columns))
	}
	age := p.Column("age")
	if age.Numbers != 3 || age.Integers != 3 || age.Null != 1 || age.Moments.Max != 100 || age.Moments.Min != 31 {
		t.Errorf("age: %+v", age)
	}
	city := p.Column("city")
	if city.Strings != 3 || city.Null != 1 || city.MinLength != 5 || city.MaxLength != 6 {
		t.Errorf("city: %+v", city)
	}
	if top := city.Values.Top(1); top[0].Value != "Berlin" || top[0].Count != 2 {
		t.Errorf("city top: %+v", top)
	}
	flag := p.Column("flag")
	if flag.Bools != 3 || flag.Strings != 1 {
		t.Errorf("flag: %+v", flag)
	}
	x := p.Column("x")
	if x.Numbers != 1 || x.NaN != 1 || x.NegInf != 1 || x.Strings != 1 || x.Integers != 0 {
		t.Errorf("x: numbers %d nan %d -inf %d strings %d (0x10 is not a number)", x.Numbers, x.NaN, x.NegInf, x.Strings)
	}
	if x.Present() != 4 || age.Missing() != 1 {
		t.Errorf("present %d missing %d", x.Present(), age.Missing())
	}
}

func TestJSONLinesAbsentAndGrowingColumns(t *testing.T) {
	t.Parallel()
	b := NewBuilder()
	b.Add([]string{"a"}, &table.Row{Values: []table.Value{{Kind: table.Number, Num: 1, Str: "1"}}})
	b.Add([]string{"a", "b"}, &table.Row{Values: []table.Value{{Kind: table.Absent}, {Kind: table.String, Str: "x"}}})
	b.Add([]string{"a", "b"}, &table.Row{Values: []table.Value{{Kind: table.Number, Num: 2.5, Str: "2.5"}, {Kind: table.Null}}})
	p := b.Profile()
	a, bb := p.Column("a"), p.Column("b")
	if a.Absent != 1 || a.Numbers != 2 || a.Integers != 1 {
		t.Errorf("a: %+v", a)
	}
	if bb.Absent != 1 || bb.Strings != 1 || bb.Null != 1 {
		t.Errorf("b (first seen on row 2, so absent from row 1): %+v", bb)
	}
}

func TestMergeEqualsWhole(t *testing.T) {
	t.Parallel()
	cols := []string{"id", "v", "cat"}
	var all [][]string
	for i := range 5000 {
		v := strconv.FormatFloat(math.Sin(float64(i))*100, 'f', 3, 64)
		all = append(all, []string{strconv.Itoa(i), v, []string{"a", "b", "c"}[i%3]})
	}
	whole := csvProfile(cols, all)
	merged, err := Merge(csvProfile(cols, all[:1234]), csvProfile(cols, all[1234:]))
	if err != nil {
		t.Fatal(err)
	}
	if merged.Rows != whole.Rows {
		t.Fatalf("rows %d != %d", merged.Rows, whole.Rows)
	}
	for _, name := range cols {
		w, m := whole.Column(name), merged.Column(name)
		if w.Numbers != m.Numbers || w.Strings != m.Strings || w.Moments.N != m.Moments.N ||
			math.Abs(w.Moments.Mean-m.Moments.Mean) > 1e-9 || w.Moments.Min != m.Moments.Min {
			t.Errorf("%s: merged %+v != whole %+v", name, m.Moments, w.Moments)
		}
		for _, q := range []float64{0.1, 0.5, 0.9} {
			if w.Sketch.Count() > 0 && w.Sketch.Quantile(q) != m.Sketch.Quantile(q) {
				t.Errorf("%s: q%.1f merged %v whole %v", name, q, m.Sketch.Quantile(q), w.Sketch.Quantile(q))
			}
		}
		if math.Abs(w.Distinct.Estimate()-m.Distinct.Estimate()) > 1e-9 {
			t.Errorf("%s: distinct %v vs %v", name, m.Distinct.Estimate(), w.Distinct.Estimate())
		}
	}
	if merged.Column("id").Values != nil {
		t.Error("id has 5000 distinct values, over the cap: exact frequencies must be dropped")
	}
	if top := merged.Column("cat").Values.Top(3); len(top) != 3 || top[0].Count != 1667 {
		t.Errorf("cat top: %+v", top)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	t.Parallel()
	p := csvProfile([]string{"a", "b"}, [][]string{{"1", "x"}, {"2", "y"}, {"", "x"}})
	var buf bytes.Buffer
	if err := Encode(&buf, p); err != nil {
		t.Fatal(err)
	}
	q, err := Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var buf2 bytes.Buffer
	if err := Encode(&buf2, q); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		t.Errorf("round trip changed the profile:\n%s\n---\n%s", buf.Bytes(), buf2.Bytes())
	}
	if _, err := Decode(bytes.NewReader([]byte(`{"format":"other","version":1}`))); err == nil {
		t.Error("accepted a non-profile")
	}
	var generic map[string]any
	if err := json.Unmarshal(buf.Bytes(), &generic); err != nil || generic["format"] != Format {
		t.Errorf("format field: %v %v", generic["format"], err)
	}
}

func TestParseNumber(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in       string
		ok, intg bool
	}{
		{"42", true, true}, {"-3", true, true}, {"+7", true, true}, {"1.0", true, true}, {"1.5", true, false},
		{".5", true, false}, {"5.", true, true}, {"1e3", true, true}, {"1E-3", true, false}, {"1e400", true, true},
		{"", false, false}, {"-", false, false}, {"1e", false, false}, {"0x10", false, false}, {"1_000", false, false},
		{"NaN", false, false}, {"inf", false, false}, {" 1", false, false}, {"1.2.3", false, false}, {".", false, false},
	}
	for _, c := range cases {
		_, intg, ok := ParseNumber(c.in)
		if ok != c.ok || (ok && intg != c.intg) {
			t.Errorf("ParseNumber(%q) = integral %v ok %v; want %v %v", c.in, intg, ok, c.intg, c.ok)
		}
	}
}

func BenchmarkBuilder(b *testing.B) {
	cols := []string{"age", "income", "city", "score", "label"}
	cities := []string{"Berlin", "Paris", "Rome", "Madrid", "Vienna"}
	rows := make([]*table.Row, 1000)
	for i := range rows {
		rows[i] = &table.Row{Values: []table.Value{
			text(strconv.Itoa(i % 120)), text(strconv.FormatFloat(float64(i)*13.37, 'f', 2, 64)),
			text(cities[i%5]), text(strconv.FormatFloat(float64(i%1000)/1000, 'f', 4, 64)), text(strconv.Itoa(i % 2)),
		}}
	}
	bl := NewBuilder()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		bl.Add(cols, rows[i%len(rows)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func TestMergeOverCapKeepsDistinctOfBothSides(t *testing.T) {
	t.Parallel()
	var a, b [][]string
	for i := range 800 {
		a = append(a, []string{"a" + strconv.Itoa(i)})
		b = append(b, []string{"b" + strconv.Itoa(i)})
	}
	m, err := Merge(csvProfile([]string{"k"}, a), csvProfile([]string{"k"}, b))
	if err != nil {
		t.Fatal(err)
	}
	c := m.Column("k")
	n, exact := c.DistinctCount()
	if exact || math.Abs(float64(n)-1600) > 1600*0.05 {
		t.Errorf("distinct = %d (exact %v), want about 1600, estimated", n, exact)
	}
	small, _ := Merge(csvProfile([]string{"k"}, a[:10]), csvProfile([]string{"k"}, append(a[5:15:15], b[:1]...)))
	if n, exact := small.Column("k").DistinctCount(); !exact || n != 16 {
		t.Errorf("small merge distinct = %d exact %v, want 16 exact", n, exact)
	}
}

func TestParseNumberMatchesStrconv(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		var s string
		switch rng.IntN(4) {
		case 0:
			s = strconv.FormatFloat(rng.NormFloat64()*1e3, 'f', rng.IntN(8), 64)
		case 1:
			s = strconv.FormatInt(rng.Int64N(1e17)-5e16, 10)
		case 2:
			s = strconv.FormatFloat(rng.Float64(), 'f', -1, 64)
		default:
			s = strconv.FormatFloat(rng.ExpFloat64()*1e5, 'g', rng.IntN(20)+1, 64)
		}
		got, _, ok := ParseNumber(s)
		want, err := strconv.ParseFloat(s, 64)
		if !ok || err != nil || got != want {
			t.Fatalf("ParseNumber(%q) = %v, %v; strconv says %v, %v", s, got, ok, want, err)
		}
	}
}
