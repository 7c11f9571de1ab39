package float16

import (
	"math"
	"testing"
)

func TestToFloat64(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		h    uint16
		want float64
	}{
		{0x3c00, 1}, {0xc000, -2}, {0x3555, 0.333251953125}, {0x7bff, 65504}, {0x0001, math.Ldexp(1, -24)},
		{0x0000, 0}, {0x8000, 0}, {0x7c00, math.Inf(1)}, {0xfc00, math.Inf(-1)},
	} {
		if got := ToFloat64(tc.h); got != tc.want {
			t.Errorf("ToFloat64(%#04x) = %v, want %v", tc.h, got, tc.want)
		}
	}
	if !math.IsNaN(ToFloat64(0x7e00)) {
		t.Error("0x7e00 is not NaN")
	}
}
