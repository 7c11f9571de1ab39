package stats

import (
	"encoding/base64"
	"fmt"
	"math"
	"math/bits"
)

// hllPrecision is log2 of the number of HyperLogLog registers: 4,096
// registers (4 KiB), a standard error of 1.04/sqrt(4096) = 1.6%.
const hllPrecision = 12

const hllRegisters = 1 << hllPrecision

// hll is a HyperLogLog distinct counter (Flajolet et al. 2007) with 64-bit
// hashes (so no large-range correction) and linear counting for small
// cardinalities (Heule et al. 2013).
type hll struct {
	reg []uint8
}

func newHLL() *hll { return &hll{reg: make([]uint8, hllRegisters)} }

// hashString is FNV-1a over the bytes of s, finished with murmur3's fmix64
// so that every bit is well mixed. It is deterministic across processes,
// which mergeable summaries require.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func (h *hll) add(s string) {
	x := hashString(s)
	idx := x >> (64 - hllPrecision)
	rank := uint8(bits.LeadingZeros64(x<<hllPrecision|1<<(hllPrecision-1)) + 1)
	if rank > h.reg[idx] {
		h.reg[idx] = rank
	}
}

func (h *hll) merge(o *hll) {
	for i, r := range o.reg {
		if r > h.reg[i] {
			h.reg[i] = r
		}
	}
}

func (h *hll) estimate() float64 {
	const m = float64(hllRegisters)
	sum, zeros := 0.0, 0
	for _, r := range h.reg {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	alpha := 0.7213 / (1 + 1.079/m)
	e := alpha * m * m / sum
	if e <= 2.5*m && zeros > 0 {
		return m * math.Log(m/float64(zeros))
	}
	return e
}

func (h *hll) MarshalText() ([]byte, error) {
	return []byte(base64.StdEncoding.EncodeToString(h.reg)), nil
}

func (h *hll) UnmarshalText(b []byte) error {
	reg, err := base64.StdEncoding.DecodeString(string(b))
	if err != nil {
		return fmt.Errorf("decoding hyperloglog registers: %w", err)
	}
	if len(reg) != hllRegisters {
		return fmt.Errorf("hyperloglog has %d registers, want %d", len(reg), hllRegisters)
	}
	for i, r := range reg {
		if int(r) > 64-hllPrecision+1 {
			return fmt.Errorf("hyperloglog register %d is %d, more than %d", i, r, 64-hllPrecision+1)
		}
	}
	h.reg = reg
	return nil
}
