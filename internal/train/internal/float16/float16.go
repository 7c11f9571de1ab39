// Package float16 decodes IEEE 754 binary16 (half-precision) values, which
// both TensorBoard event files and NumPy arrays can hold.
package float16

import "math"

// ToFloat64 converts IEEE 754 binary16 bits to the float64 of the same
// value: subnormals, ±Inf and NaN included.
func ToFloat64(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24) // subnormal
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return sign * math.Inf(1)
	}
	return sign * math.Ldexp(1+frac/1024, exp-15)
}
