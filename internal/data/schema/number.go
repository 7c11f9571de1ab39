package schema

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// maxExactExp bounds the decimal exponent for which comparisons fall back to
// exact rational arithmetic; beyond it a literal such as 1e999999999 would
// make math/big allocate without limit, so the float64 reading is used.
const maxExactExp = 10000

// num is a parsed decimal number: its float64 value (correctly rounded) and
// what is needed to decide exact questions without big arithmetic.
type num struct {
	f float64
	// exact is true when the literal has at most 15 significant digits and
	// a normal magnitude (or is zero): two such literals are equal exactly
	// when their float64 values are equal.
	exact bool
	// integral reports whether the value is a mathematical integer.
	integral bool
	// huge is true when the exponent is too large for exact arithmetic.
	huge bool
}

var pow10tab = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// scanNumber parses a decimal literal:
// [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?
// It does not allocate. Literals of up to 19 digits take a tight loop; longer
// ones go through scanLong.
func scanNumber(s string) (num, bool) {
	i, n := 0, len(s)
	neg := false
	if n > 0 && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		i++
	}
	start := i
	i, mant := appendDigits(s, i, 0)
	nd := i - start
	frac := 0
	if i < n && s[i] == '.' {
		fs := i + 1
		i, mant = appendDigits(s, fs, mant)
		frac = i - fs
		nd += frac
	}
	if nd == 0 {
		return num{}, false
	}
	if nd > 19 {
		return scanLong(s)
	}
	if i < n {
		if s[i] != 'e' && s[i] != 'E' {
			return num{}, false
		}
		return scanLong(s)
	}
	if mant == 0 {
		f := 0.0
		if neg {
			f = math.Copysign(0, -1)
		}
		return num{f: f, exact: true, integral: true}, true
	}
	e10 := -frac
	for mant%10 == 0 {
		mant /= 10
		e10++
	}
	r := num{integral: e10 >= 0, exact: mant < 1e15}
	switch {
	case e10 >= 0 && e10 <= 22 && mant <= 1<<53:
		// Both operands are exact, so one rounding: correctly rounded.
		r.f = float64(mant) * pow10tab[e10]
	case e10 < 0 && e10 >= -22 && mant <= 1<<53:
		r.f = float64(mant) / pow10tab[-e10]
	default:
		return scanLong(s)
	}
	if neg {
		r.f = -r.f
	}
	return r, true
}

// appendDigits reads the decimal digits of s from i on into mant (which
// wraps past 19 digits: the caller counts them) and returns the index after
// the last digit.
func appendDigits(s string, i int, mant uint64) (int, uint64) {
	for i < len(s) {
		c := s[i] - '0'
		if c > 9 {
			break
		}
		mant = mant*10 + uint64(c)
		i++
	}
	return i, mant
}

// plainDecimal reports whether s is a decimal literal without an exponent,
// [+-]? (digits [. digits*] | . digits): exactly the literals that
// scanNumber accepts without an exponent, which are never huge. It also
// returns the index of the decimal point, -1 when there is none. It reads s
// once and computes no value: eight bytes at a time, with no branch per
// digit, for literals of eight characters or more after the sign.
func plainDecimal(s string) (dot int, ok bool) {
	n, i := len(s), 0
	if n > 0 && (s[0] == '+' || s[0] == '-') {
		i = 1
	}
	dot = -1
	if n-i < 8 {
		for j := i; j < n; j++ {
			if s[j]-'0' > 9 {
				if s[j] != '.' || dot >= 0 {
					return -1, false
				}
				dot = j
			}
		}
		// At least one digit: not empty, not a lone point.
		return dot, n-i > 0 && (dot < 0 || n-i > 1)
	}
	// Words at i, i+8, ... and the last eight bytes, which may overlap the
	// word before: every byte is a digit or the one decimal point.
	for j := i; ; j += 8 {
		j = min(j, n-8)
		w := uint64(s[j]) | uint64(s[j+1])<<8 | uint64(s[j+2])<<16 | uint64(s[j+3])<<24 |
			uint64(s[j+4])<<32 | uint64(s[j+5])<<40 | uint64(s[j+6])<<48 | uint64(s[j+7])<<56
		for m := nonDigits(w); m != 0; m &= m - 1 {
			k := j + bits.TrailingZeros64(m)>>3
			if s[k] != '.' || (dot >= 0 && dot != k) {
				return -1, false
			}
			dot = k
		}
		if j == n-8 {
			return dot, true // eight or more bytes, at most one point: a digit
		}
	}
}

// nonDigits returns the bytes of w (little endian) that are not ASCII
// digits, as the top bit of each such byte. It is exact: no carry crosses a
// byte.
func nonDigits(w uint64) uint64 {
	const lo7, hi, nib = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080, 0x0f0f0f0f0f0f0f0f
	a := w ^ 0x3030303030303030 // digits become 0x00..0x09
	// A non-zero high nibble, or a low nibble of 10 or more (adding 6
	// carries into bit 4), marks a non-digit.
	x := a&^nib | ((a&nib)+0x0606060606060606)&0x1010101010101010
	return (((x & lo7) + lo7) | x) & hi
}

// allZeros reports whether s holds only '0' bytes.
func allZeros(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '0' {
			return false
		}
	}
	return true
}

// scanLong is scanNumber for literals with an exponent or many digits.
func scanLong(s string) (num, bool) {
	i, n := 0, len(s)
	neg := false
	if i < n && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var (
		mant   uint64 // the digits from the first non-zero one, up to 19
		mlast  uint64 // mant when it ended at the last non-zero digit
		pos    int    // index of the current digit among all mantissa digits
		first  = -1
		last   = -1
		intLen = -1 // digits before the decimal point
		nd     int  // digits since the first non-zero one
	)
	for ; i < n; i++ {
		c := s[i]
		if c == '.' && intLen < 0 {
			intLen = pos
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		if c != '0' || first >= 0 {
			if first < 0 {
				first = pos
			}
			if nd < 19 {
				mant = mant*10 + uint64(c-'0')
			}
			nd++
			if c != '0' {
				last, mlast = pos, mant
			}
		}
		pos++
	}
	if intLen < 0 {
		intLen = pos
	}
	if pos == 0 {
		return num{}, false
	}
	exp := 0
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < n && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		start := i
		for ; i < n && s[i] >= '0' && s[i] <= '9'; i++ {
			if exp < 1<<30 {
				exp = exp*10 + int(s[i]-'0')
			}
		}
		if i == start {
			return num{}, false
		}
		if eneg {
			exp = -exp
		}
	}
	if i != n {
		return num{}, false
	}
	if first < 0 { // zero
		f := 0.0
		if neg {
			f = math.Copysign(0, -1)
		}
		return num{f: f, exact: true, integral: true}, true
	}
	sig := last - first + 1
	// The last non-zero digit has weight 10^e10.
	e10 := intLen - 1 - last + exp
	r := num{integral: e10 >= 0}
	if exp > maxExactExp || exp < -maxExactExp {
		r.huge = true
	}
	if sig <= 15 {
		mant := mlast
		mag := e10 + sig - 1 // decimal exponent of the leading digit
		r.exact = mag > -300 && mag < 300
		if e10 >= 0 && e10 <= 22 {
			// Both operands are exact, so one rounding: correctly rounded.
			r.f = float64(mant) * pow10tab[e10]
			if neg {
				r.f = -r.f
			}
			return r, true
		} else if e10 < 0 && e10 >= -22 {
			r.f = float64(mant) / pow10tab[-e10]
			if neg {
				r.f = -r.f
			}
			return r, true
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return num{}, false
		}
	}
	r.f = f
	return r, true
}

// bound is a number taken from the schema (a keyword's value).
type bound struct {
	f     float64
	exact bool
	rat   *big.Rat
	lit   string
}

// schemaNumber converts a number of the decoded schema document (float64,
// json.Number or a Go integer) the way jsonschema/v6 does: through its
// fmt.Sprint text.
func schemaNumber(v any) (*bound, bool) {
	switch v.(type) {
	case float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
	default:
		if _, ok := v.(interface{ Float64() (float64, error) }); !ok {
			return nil, false
		}
	}
	lit := fmt.Sprint(v)
	n, ok := scanNumber(lit)
	if !ok || n.huge {
		return nil, false
	}
	rat, ok := new(big.Rat).SetString(lit)
	if !ok {
		return nil, false
	}
	return &bound{f: n.f, exact: n.exact, rat: rat, lit: lit}, true
}

// cmpNum compares the number n written as lit with b: -1, 0 or +1.
// Rounding to float64 is monotonic, so different floats decide; equal
// floats are decided exactly.
func cmpNum(n num, lit string, b *bound) int {
	if n.f < b.f {
		return -1
	}
	if n.f > b.f {
		return 1
	}
	return cmpEqualFloats(n, lit, b)
}

// cmpEqualFloats decides cmpNum when the floats are equal.
func cmpEqualFloats(n num, lit string, b *bound) int {
	if n.exact && b.exact || n.huge {
		return 0
	}
	r, ok := new(big.Rat).SetString(lit)
	if !ok {
		return 0
	}
	return r.Cmp(b.rat)
}

// isMultiple reports whether n (written lit) is an integer multiple of b.
func isMultiple(n num, lit string, b *bound) bool {
	if n.huge {
		return n.integral && b.rat.IsInt()
	}
	if n.integral && n.exact && math.Abs(n.f) < 1<<53 && b.exact && b.rat.IsInt() && b.f != 0 && math.Abs(b.f) < 1<<53 {
		return math.Mod(n.f, b.f) == 0
	}
	r, ok := new(big.Rat).SetString(lit)
	if !ok || b.rat.Sign() == 0 {
		return false
	}
	return r.Quo(r, b.rat).IsInt()
}
