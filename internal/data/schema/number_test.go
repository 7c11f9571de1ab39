package schema

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestScanNumber(t *testing.T) {
	t.Parallel()
	valid := []string{"0", "-0", "+1", "007", "1.", ".5", "1.0", "1.50", "-12.25e3", "1E-2",
		"123456789012345678901234567890", "0.1000000000000000000001", "1e400", "1e-400",
		"9007199254740993", "1e22", "1e23", "12345.678901", "0.000001", "100e-2"}
	for _, s := range valid {
		n, ok := scanNumber(s)
		if !ok {
			t.Errorf("scanNumber(%q) refused a decimal literal", s)
			continue
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil && !strings.Contains(err.Error(), "range") {
			t.Fatal(err)
		}
		if n.f != want {
			t.Errorf("scanNumber(%q).f = %v, want %v", s, n.f, want)
		}
		r, _ := new(big.Rat).SetString(s)
		if n.integral != r.IsInt() {
			t.Errorf("scanNumber(%q).integral = %v, want %v", s, n.integral, r.IsInt())
		}
	}
	for _, s := range []string{"", "-", "+", ".", "e5", "1e", "1e+", "0x10", "1_000", "NaN", "Inf", "1.2.3", " 1", "1 ", "--1", "1,5"} {
		if _, ok := scanNumber(s); ok {
			t.Errorf("scanNumber(%q) accepted a non-decimal literal", s)
		}
	}
}

// TestScanNumberRandom checks the float and integrality of random literals
// against strconv and math/big, and that "exact" literals are equal exactly
// when their floats are.
func TestScanNumberRandom(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	digits := func(k int) string {
		var sb strings.Builder
		for range k {
			sb.WriteByte(byte('0' + r.IntN(10)))
		}
		return sb.String()
	}
	lits := make([]string, 0, 20000)
	for range 20000 {
		s := digits(1 + r.IntN(20))
		if r.IntN(2) == 0 {
			s += "." + digits(r.IntN(20))
		}
		if r.IntN(4) == 0 {
			s += "e" + strconv.Itoa(r.IntN(60)-30)
		}
		if r.IntN(3) == 0 {
			s = "-" + s
		}
		lits = append(lits, s)
	}
	for i, s := range lits {
		n, ok := scanNumber(s)
		if !ok {
			t.Fatalf("scanNumber(%q) refused", s)
		}
		want, _ := strconv.ParseFloat(s, 64)
		if n.f != want {
			t.Fatalf("scanNumber(%q).f = %v, want %v", s, n.f, want)
		}
		rs, _ := new(big.Rat).SetString(s)
		if n.integral != rs.IsInt() {
			t.Fatalf("scanNumber(%q).integral = %v, want %v", s, n.integral, rs.IsInt())
		}
		// cmpNum against a bound made from another literal must be exact.
		other := lits[(i*7919+1)%len(lits)]
		if r.IntN(2) == 0 {
			other = strconv.FormatFloat(n.f, 'g', -1, 64) // equal float, maybe not equal value
		}
		b, ok := schemaNumber(jsonNumber(other))
		if !ok {
			t.Fatalf("schemaNumber(%q) failed", other)
		}
		if got, want := cmpNum(n, s, b), rs.Cmp(b.rat); got != want {
			t.Fatalf("cmpNum(%q, %q) = %d, want %d", s, other, got, want)
		}
	}
}

func TestIsMultiple(t *testing.T) {
	t.Parallel()
	cases := []struct {
		v, m string
		want bool
	}{
		{"10", "2", true}, {"7", "2", false}, {"0.3", "0.1", true}, {"0.35", "0.1", false},
		{"4.5", "1.5", true}, {"1e3", "10", true}, {"-9", "3", true}, {"9007199254740993", "2", false},
		{"0", "7", true}, {"1.0", "1", true},
	}
	for _, c := range cases {
		n, _ := scanNumber(c.v)
		b, _ := schemaNumber(jsonNumber(c.m))
		if got := isMultiple(n, c.v, b); got != c.want {
			t.Errorf("isMultiple(%s, %s) = %v, want %v", c.v, c.m, got, c.want)
		}
	}
}

// checkPlainDecimal compares plainDecimal with scanNumber on s: a literal
// without an exponent that scanNumber accepts is plain, anything else is
// not, and the decimal point and integrality agree.
func checkPlainDecimal(t *testing.T, s string) {
	t.Helper()
	dot, ok := plainDecimal(s)
	n, scanOK := scanNumber(s)
	want := scanOK && !strings.ContainsAny(s, "eE")
	if ok != want {
		t.Fatalf("plainDecimal(%q) ok = %v, scanNumber says %v", s, ok, want)
	}
	if !ok {
		return
	}
	if n.huge {
		t.Fatalf("scanNumber(%q) is huge, plainDecimal accepted it", s)
	}
	if dot != strings.IndexByte(s, '.') {
		t.Fatalf("plainDecimal(%q) dot = %d, want %d", s, dot, strings.IndexByte(s, '.'))
	}
	if integral := dot < 0 || allZeros(s[dot+1:]); integral != n.integral {
		t.Fatalf("plainDecimal(%q): integral %v, scanNumber says %v", s, integral, n.integral)
	}
}

// TestPlainDecimal checks the shortcut of number-only columns against
// scanNumber on edge cases (signs, points, lengths around the 8-byte word,
// non-digits next to digits in ASCII and beyond) and random literals.
func TestPlainDecimal(t *testing.T) {
	t.Parallel()
	edge := []string{"", "+", "-", ".", "+.", "-.", "0", "-0", "+1", "1.", ".5", "-.5", "007", "1.0", "1.50",
		"1.2.3", "..", "1..2", "12345678", "1234567.", ".1234567", "-1234567.8", "+12345678", "123456789",
		"1234567890123456", "12345678901234567", "1234567.00000000", "1234567.00000001", "0.000000000",
		"-0.123456", "1.234567", "-2.345678", "12345.678901", "1234567/", "1234567:", "/2345678", "12345678:",
		"1e5", "1234567e8", "12345678E-1", "NaN", "-Inf", "1 ", " 1", "1,5", "١٢٣٤٥٦٧٨", "1234567\xff",
		"12\x0034567", "123456789012345678901234567890.5", "9" + strings.Repeat("0", 40) + ".0"}
	for _, s := range edge {
		checkPlainDecimal(t, s)
	}
	r := rand.New(rand.NewPCG(9, 10))
	alphabet := "0123456789012345678901234567890123456789.+-eE/:x "
	for range 200000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		checkPlainDecimal(t, string(b))
	}
}

func FuzzPlainDecimal(f *testing.F) {
	for _, s := range []string{"0", "-0.123456", "1234567.5", "1e5", "1.2.3", ".", "+12345678.000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkPlainDecimal(t, s) })
}
