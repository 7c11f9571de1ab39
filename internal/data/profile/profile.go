// Package profile computes the statistics of a dataset in one streaming
// pass: per column the counts of missing, null, NaN and infinite values, the
// kinds of values seen, numeric moments and a quantile sketch, string
// lengths, distinct counts and the most frequent values.
//
// Profiles are mergeable, so shards profiled in parallel CI jobs combine
// into the profile of the whole dataset, and they are versioned JSON
// ([Version]), so they can be stored as artifacts and compared later (drift,
// training/serving skew). A schema is inferred from a profile.
package profile

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mlgate/mlgate/internal/data/table"
	"github.com/mlgate/mlgate/internal/stats"
)

// Version is the version of the profile format written by this package.
const Version = 1

// Format names the JSON document type.
const Format = "mlgate.profile"

// FrequencyCap is how many distinct values per column are counted exactly;
// a column with more keeps only its distinct-count estimate.
const FrequencyCap = 1000

// Profile is the statistics of a dataset.
type Profile struct {
	Version int    `json:"version"`
	Format  string `json:"format"`
	// Rows is the number of rows.
	Rows int64 `json:"rows"`
	// Sources are the files profiled, as given.
	Sources []string `json:"sources,omitempty"`
	// Columns are in the order first seen.
	Columns []*Column `json:"columns"`
}

// Column is the statistics of one column.
type Column struct {
	Name string `json:"name"`
	// Absent counts rows without this field (JSON Lines); Null counts empty
	// cells and nulls. Both are "missing".
	Absent int64 `json:"absent"`
	Null   int64 `json:"null"`
	// Kinds of the values present and not null. A CSV cell counts as a
	// number when it reads as one; Integers is a subset of Numbers.
	Numbers  int64 `json:"numbers"`
	Integers int64 `json:"integers"`
	Bools    int64 `json:"bools"`
	Strings  int64 `json:"strings"`
	Nested   int64 `json:"nested"`
	// NaN and infinities, typed or spelled in text ("NaN", "inf").
	NaN    int64 `json:"nan"`
	PosInf int64 `json:"pos_inf"`
	NegInf int64 `json:"neg_inf"`
	// Numeric statistics over finite numbers.
	Moments stats.Moments `json:"moments"`
	Sketch  *stats.Sketch `json:"sketch"`
	// Histogram is a display histogram (20 equal-width bins from the
	// sketch), recomputed on merge; drift uses the sketches themselves.
	Histogram *stats.Histogram `json:"histogram,omitempty"`
	// String lengths in code points over string values.
	MinLength int `json:"min_length"`
	MaxLength int `json:"max_length"`
	// Distinct estimates the number of distinct non-null values.
	Distinct *stats.Distinct `json:"distinct"`
	// Values counts each distinct non-null value (text form) exactly, up
	// to FrequencyCap; nil once the column has more distinct values.
	Values *stats.Frequencies `json:"values,omitempty"`
}

// Present is the number of rows where the value is neither absent nor null.
func (c *Column) Present() int64 {
	return c.Numbers + c.Bools + c.Strings + c.Nested + c.NaN + c.PosInf + c.NegInf
}

// Missing is the number of rows where the value is absent or null.
func (c *Column) Missing() int64 { return c.Absent + c.Null }

// Builder accumulates a profile row by row. It is not safe for concurrent
// use; profile shards in separate builders and [Merge] them.
type Builder struct {
	p     Profile
	index map[string]int
	bind  []int // reader column i -> profile column
	cols  []string
	// missingOnly: count rows, absent and null values only.
	missingOnly bool
}

// NewBuilder returns an empty builder.
func NewBuilder() *Builder {
	return &Builder{p: Profile{Version: Version, Format: Format}, index: map[string]int{}}
}

// NewMissingBuilder returns a builder that only counts rows and missing
// (absent or null) values: what dataset-level checks need when no
// distributions are compared, at a fraction of the cost.
func NewMissingBuilder() *Builder {
	b := NewBuilder()
	b.missingOnly = true
	return b
}

func newColumn(name string) *Column {
	return &Column{
		Name:     name,
		Sketch:   stats.NewSketch(),
		Distinct: stats.NewDistinct(),
		Values:   stats.NewFrequencies(FrequencyCap),
	}
}

// column returns the index of the named column, adding it when new. A
// column first seen after some rows was absent from those rows.
func (b *Builder) column(name string) int {
	if i, ok := b.index[name]; ok {
		return i
	}
	c := newColumn(name)
	c.Absent = b.p.Rows
	b.p.Columns = append(b.p.Columns, c)
	b.index[name] = len(b.p.Columns) - 1
	return len(b.p.Columns) - 1
}

// Add profiles one row whose values are aligned with cols. cols may grow
// between calls (JSON Lines discovers keys as it reads).
func (b *Builder) Add(cols []string, row *table.Row) {
	if len(cols) != len(b.cols) {
		for _, name := range cols[len(b.bind):] {
			b.bind = append(b.bind, b.column(name))
		}
		b.cols = cols
	}
	n := min(len(row.Values), len(b.bind))
	if b.missingOnly {
		// Most values are present: look the column up only when not.
		for i := 0; i < n; i++ {
			switch row.Values[i].Kind {
			case table.Absent:
				b.p.Columns[b.bind[i]].Absent++
			case table.Null:
				b.p.Columns[b.bind[i]].Null++
			}
		}
	} else {
		for i := 0; i < n; i++ {
			b.p.Columns[b.bind[i]].add(&row.Values[i])
		}
	}
	// Readers pad short rows with Absent values; count any shortfall too.
	for _, ci := range b.bind[n:] {
		b.p.Columns[ci].Absent++
	}
	b.p.Rows++
}

// AddSource records a source file name.
func (b *Builder) AddSource(name string) { b.p.Sources = append(b.p.Sources, name) }

// Profile finishes and returns the profile. The builder must not be used after.
func (b *Builder) Profile() *Profile {
	for _, c := range b.p.Columns {
		c.finish()
	}
	return &b.p
}

func (c *Column) add(v *table.Value) {
	switch v.Kind {
	case table.Absent:
		c.Absent++
		return
	case table.Null:
		c.Null++
		return
	case table.Bool:
		c.Bools++
		if v.Bool {
			c.count("true")
		} else {
			c.count("false")
		}
		return
	case table.Number:
		c.number(v.Num, v.Str)
		return
	case table.Nested:
		c.Nested++
		c.count(v.Str)
		return
	case table.String:
		c.str(v.Str)
		return
	}
	// Text: what a schema would make of it.
	s := v.Str
	if f, integral, ok := ParseNumber(s); ok {
		c.numberParsed(f, integral, s)
		return
	}
	if isNaNText(s) {
		c.nonFinite(nanTextValue(s))
		return
	}
	if s == "true" || s == "false" {
		c.Bools++
		c.count(s)
		return
	}
	c.str(s)
}

func (c *Column) number(f float64, lit string) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		c.nonFinite(f)
		return
	}
	c.numberParsed(f, f == math.Trunc(f), lit)
}

func (c *Column) numberParsed(f float64, integral bool, lit string) {
	c.Numbers++
	if integral {
		c.Integers++
	}
	c.Moments.Add(f)
	c.Sketch.Add(f)
	if lit == "" {
		lit = strconv.FormatFloat(f, 'g', -1, 64)
	}
	c.count(lit)
}

func (c *Column) nonFinite(f float64) {
	switch {
	case math.IsNaN(f):
		c.NaN++
	case f > 0:
		c.PosInf++
	default:
		c.NegInf++
	}
}

func (c *Column) str(s string) {
	c.Strings++
	n := utf8.RuneCountInString(s)
	if c.Strings == 1 || n < c.MinLength {
		c.MinLength = n
	}
	if n > c.MaxLength {
		c.MaxLength = n
	}
	c.count(s)
}

// count records a value: exactly while the column has at most FrequencyCap
// distinct values, then only in the distinct-count estimate.
func (c *Column) count(s string) {
	if c.Values == nil {
		c.Distinct.Add(s)
		return
	}
	if c.Values.Len() == FrequencyCap && !c.Values.Has(s) {
		c.dropValues()
		c.Distinct.Add(s)
		return
	}
	c.Values.Add(s)
}

// dropValues switches the column from exact frequencies to the distinct
// estimate, seeding it with the values counted so far.
func (c *Column) dropValues() {
	if c.Values == nil {
		return
	}
	for _, vc := range c.Values.Top(c.Values.Len()) {
		c.Distinct.Add(vc.Value)
	}
	c.Values = nil
}

// DistinctCount returns the number of distinct non-null values and whether
// it is exact.
func (c *Column) DistinctCount() (n int64, exact bool) {
	if c.Values != nil {
		return int64(c.Values.Len()), true
	}
	return int64(math.Round(c.Distinct.Estimate())), false
}

func (c *Column) finish() {
	c.Histogram = nil
	if c.Moments.N == 0 {
		return
	}
	lo, hi := c.Moments.Min, c.Moments.Max
	const bins = 20
	edges := make([]float64, 0, bins+1)
	if hi > lo {
		for i := 0; i <= bins; i++ {
			edges = append(edges, lo+(hi-lo)*float64(i)/bins)
		}
		// Half-open bins: nudge the last edge so the maximum is inside.
		edges[bins] = math.Nextafter(hi, math.Inf(1))
	} else {
		edges = append(edges, lo, math.Nextafter(lo, math.Inf(1)))
	}
	if h, err := c.Sketch.Histogram(edges); err == nil {
		c.Histogram = h
	}
}

// ParseNumber reads text as a decimal number the way a schema types a CSV
// cell: [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?, no
// hexadecimal, no underscores, no spelled-out NaN or Inf. It reports the
// value, whether it is integral, and whether s is a number at all.
//
// Plain decimals of up to 15 significant digits, most CSV numbers, are
// converted exactly in one pass (an exact mantissa over an exact power of
// ten is correctly rounded); the rest go through strconv.ParseFloat.
func ParseNumber(s string) (f float64, integral, ok bool) {
	i, n := 0, len(s)
	neg := false
	if i < n && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var mant uint64
	sig, frac, digits := 0, 0, 0
	dot := false
	for ; i < n; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			if sig < 19 {
				mant = mant*10 + uint64(c-'0')
			}
			if mant != 0 {
				sig++
			}
			if dot {
				frac++
			}
			continue
		case c == '.' && !dot:
			dot = true
			continue
		}
		break
	}
	if digits == 0 {
		return 0, false, false
	}
	if i == n && sig <= 15 && frac < len(pow10) {
		f = float64(mant) / pow10[frac]
		if neg {
			f = -f
		}
		return f, f == math.Trunc(f), true
	}
	return parseSlow(s)
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

func parseSlow(s string) (f float64, integral, ok bool) {
	if !numberShape(s) {
		return 0, false, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !isRangeErr(err) {
		return 0, false, false
	}
	if math.IsInf(f, 0) {
		// 1e400 is a valid decimal literal whose float64 overflows.
		return f, true, true
	}
	return f, f == math.Trunc(f), true
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// numberShape checks the decimal grammar without allocating.
func numberShape(s string) bool {
	i, n := 0, len(s)
	if i < n && (s[i] == '+' || s[i] == '-') {
		i++
	}
	intDigits := 0
	for i < n && s[i] >= '0' && s[i] <= '9' {
		i++
		intDigits++
	}
	fracDigits := 0
	if i < n && s[i] == '.' {
		i++
		for i < n && s[i] >= '0' && s[i] <= '9' {
			i++
			fracDigits++
		}
	}
	if intDigits == 0 && fracDigits == 0 {
		return false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			i++
		}
		expDigits := 0
		for i < n && s[i] >= '0' && s[i] <= '9' {
			i++
			expDigits++
		}
		if expDigits == 0 {
			return false
		}
	}
	return i == n
}

// isNaNText reports whether s spells NaN or an infinity: an optional sign
// and nan, inf or infinity in any case.
func isNaNText(s string) bool {
	t := s
	if len(t) > 0 && (t[0] == '+' || t[0] == '-') {
		t = t[1:]
	}
	return strings.EqualFold(t, "nan") || strings.EqualFold(t, "inf") || strings.EqualFold(t, "infinity")
}

func nanTextValue(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// Merge combines profiles of disjoint parts of a dataset (shards). Columns
// are matched by name; a column missing from one side was absent from all
// of that side's rows.
func Merge(ps ...*Profile) (*Profile, error) {
	out := NewBuilder()
	for pi, p := range ps {
		if p.Version != Version || p.Format != Format {
			return nil, fmt.Errorf("profile %d: format %q version %d, want %q version %d", pi+1, p.Format, p.Version, Format, Version)
		}
		seen := map[string]bool{}
		for _, c := range p.Columns {
			seen[c.Name] = true
			i := out.column(c.Name)
			if err := out.p.Columns[i].merge(c); err != nil {
				return nil, fmt.Errorf("profile %d, column %s: %w", pi+1, c.Name, err)
			}
		}
		for _, c := range out.p.Columns {
			if !seen[c.Name] {
				c.Absent += p.Rows
			}
		}
		out.p.Rows += p.Rows
		out.p.Sources = append(out.p.Sources, p.Sources...)
	}
	return out.Profile(), nil
}

func (c *Column) merge(o *Column) error {
	hadStrings := c.Strings > 0
	c.Absent += o.Absent
	c.Null += o.Null
	c.Numbers += o.Numbers
	c.Integers += o.Integers
	c.Bools += o.Bools
	c.Strings += o.Strings
	c.Nested += o.Nested
	c.NaN += o.NaN
	c.PosInf += o.PosInf
	c.NegInf += o.NegInf
	c.Moments.Merge(o.Moments)
	if o.Sketch != nil {
		if err := c.Sketch.Merge(o.Sketch); err != nil {
			return err
		}
	}
	if o.Strings > 0 {
		if !hadStrings || o.MinLength < c.MinLength {
			c.MinLength = o.MinLength
		}
		c.MaxLength = max(c.MaxLength, o.MaxLength)
	}
	if c.Values != nil && o.Values != nil {
		union := c.Values.Len()
		for _, vc := range o.Values.Top(o.Values.Len()) {
			if !c.Values.Has(vc.Value) {
				union++
			}
		}
		if union <= FrequencyCap {
			return c.Values.Merge(o.Values)
		}
	}
	c.dropValues()
	if o.Values != nil {
		for _, vc := range o.Values.Top(o.Values.Len()) {
			c.Distinct.Add(vc.Value)
		}
	} else {
		c.Distinct.Merge(o.Distinct)
	}
	return nil
}

// Column returns the named column, or nil.
func (p *Profile) Column(name string) *Column {
	for _, c := range p.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Order puts the columns in the given order (the dataset's), keeping any
// others after them in their present order.
func (p *Profile) Order(names []string) {
	rank := make(map[string]int, len(names))
	for i, n := range names {
		rank[n] = i
	}
	sort.SliceStable(p.Columns, func(i, j int) bool {
		ri, iok := rank[p.Columns[i].Name]
		rj, jok := rank[p.Columns[j].Name]
		switch {
		case iok && jok:
			return ri < rj
		case iok != jok:
			return iok
		}
		return false
	})
}

// Names returns the column names in order.
func (p *Profile) Names() []string {
	out := make([]string, len(p.Columns))
	for i, c := range p.Columns {
		out[i] = c.Name
	}
	return out
}

// Encode writes p as indented JSON.
func Encode(w io.Writer, p *Profile) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// Decode reads a profile and checks its format and version.
func Decode(r io.Reader) (*Profile, error) {
	var p Profile
	if err := json.NewDecoder(r).Decode(&p); err != nil {
		return nil, err
	}
	if p.Format != Format {
		return nil, fmt.Errorf("not an mlgate profile (format %q)", p.Format)
	}
	if p.Version < 1 || p.Version > Version {
		return nil, fmt.Errorf("unsupported profile version %d (this mlgate reads 1 to %d)", p.Version, Version)
	}
	for _, c := range p.Columns {
		if c.Sketch == nil {
			c.Sketch = stats.NewSketch()
		}
		if c.Distinct == nil {
			c.Distinct = stats.NewDistinct()
		}
	}
	return &p, nil
}
