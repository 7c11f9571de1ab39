package eval

import (
	"math"
	"math/rand/v2"
)

// poisson1 maps 16 random bits to a Poisson(1) draw by inversion of the
// CDF at the midpoints (i+0.5)/65536: each value k has probability
// P(k) rounded to a multiple of 1/65536, which is exact to 1.5e-5.
var poisson1 = func() (t [1 << 16]uint8) {
	k, pk := 0, math.Exp(-1)
	cdf := pk
	for i := range t {
		u := (float64(i) + 0.5) / (1 << 16)
		for u > cdf {
			k++
			pk /= float64(k)
			cdf += pk
		}
		t[i] = uint8(k)
	}
	return t
}()

// sampler draws Poisson weights from one PCG stream.
type sampler struct {
	pcg  rand.PCG
	bits uint64 // unused random bits, 16 at a time
	left int    // 16-bit chunks left in bits
	next int    // index in weights.dists of the next cell of count > 1
}

// seed starts the stream of resample r: it depends on (seed, r) only.
func (s *sampler) seed(seed uint64, r int) {
	s.pcg.Seed(splitmix(seed), splitmix(seed^splitmix(uint64(r)+0x9e3779b97f4a7c15)))
	s.left, s.next = 0, 0
}

// splitmix is SplitMix64's finalizer: it spreads nearby seeds apart.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// one draws Poisson(1) from the table: four draws per 64-bit number.
func (s *sampler) one() uint32 {
	if s.left == 0 {
		s.bits, s.left = s.pcg.Uint64(), 4
	}
	v := poisson1[s.bits&0xffff]
	s.bits >>= 16
	s.left--
	return uint32(v)
}

// maxSummedCount is the largest count whose Poisson(count) weight is
// drawn as a sum of count Poisson(1) table draws: exact in distribution
// (the sum of c independent Poisson(1) is Poisson(c)) and, for the small
// counts that tied rows make, several times cheaper than inversion.
const maxSummedCount = 16

// sumOnes draws Poisson(c) as the sum of c Poisson(1) draws.
func (s *sampler) sumOnes(c uint32) uint32 {
	var k uint32
	for range c {
		k += s.one()
	}
	return k
}

// float returns a uniform number in [0, 1).
func (s *sampler) float() float64 { return float64(s.pcg.Uint64()>>11) * 0x1p-53 }

// dist is a Poisson distribution with its sampling constants computed
// once: multiplication of uniforms (inversion) for small means,
// Hoermann's PTRS transformed rejection for lam >= 10.
type dist struct {
	lam, limit                       float64 // limit = exp(-lam), for small means
	slam, loglam, a, b, logAlpha, vr float64 // PTRS
}

func newDist(lam float64) dist {
	d := dist{lam: lam, limit: math.Exp(-lam)}
	if lam >= 10 {
		d.slam, d.loglam = math.Sqrt(lam), math.Log(lam)
		d.b = 0.931 + 2.53*d.slam
		d.a = -0.059 + 0.02483*d.b
		d.logAlpha = math.Log(1.1239 + 1.1328/(d.b-3.4))
		d.vr = 0.9277 - 3.6224/(d.b-2)
	}
	return d
}

// poisson draws from d.
func (s *sampler) poisson(d *dist) uint32 {
	switch {
	case d.lam <= 0:
		return 0
	case d.lam < 10:
		prod, k := s.float(), uint32(0)
		for prod > d.limit {
			k++
			prod *= s.float()
		}
		return k
	}
	return s.ptrs(d)
}

// ptrs is W. Hoermann, "The transformed rejection method for generating
// Poisson random variables", Insurance: Mathematics and Economics 12
// (1993), algorithm PTRS, for lam >= 10.
func (s *sampler) ptrs(d *dist) uint32 {
	for {
		u := s.float() - 0.5
		v := s.float()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*d.a/us+d.b)*u + d.lam + 0.43)
		if us >= 0.07 && v <= d.vr {
			return uint32(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+d.logAlpha-math.Log(d.a/(us*us)+d.b) <= -d.lam+k*d.loglam-lg {
			return uint32(k)
		}
	}
}

// weights are the bootstrap weights of cells with the given counts.
type weights struct {
	counts []uint32
	// The cells of count other than 1, in order, and their distributions.
	other []int
	dists []dist
}

func newWeights(counts []uint32) *weights {
	w := &weights{counts: counts}
	for i, c := range counts {
		if c != 1 {
			w.other = append(w.other, i)
			w.dists = append(w.dists, newDist(float64(c)))
		}
	}
	return w
}

// draw fills w with one resample's weights: Poisson(c) for a cell of
// count c, from the table when c is 1.
func (s *sampler) draw(ws *weights, w []uint32) { s.fill(ws, 0, w) }

// fill draws the weights of cells lo, lo+1, ... into w, continuing the
// stream: the calls since seed cover cells 0, 1, ... in order, and
// filling consecutive ranges draws the same weights as one draw.
func (s *sampler) fill(ws *weights, lo int, w []uint32) {
	hi := lo + len(w)
	for lo < hi {
		// The run of cells of count 1 up to the next other cell.
		end := hi
		if s.next < len(ws.other) {
			end = min(end, ws.other[s.next])
		}
		s.ones(w[:end-lo])
		w, lo = w[end-lo:], end
		if lo < hi { // an other cell
			if c := ws.counts[lo]; c <= maxSummedCount {
				w[0] = s.sumOnes(c)
			} else {
				w[0] = s.poisson(&ws.dists[s.next])
			}
			s.next++
			w, lo = w[1:], lo+1
		}
	}
}

// ones fills w with Poisson(1) draws, as many calls of one would.
func (s *sampler) ones(w []uint32) {
	for len(w) > 0 && s.left > 0 {
		w[0] = s.one()
		w = w[1:]
	}
	// Whole 64-bit numbers: four table look-ups each, unrolled.
	for len(w) >= 4 {
		x := s.pcg.Uint64()
		w[0] = uint32(poisson1[x&0xffff])
		w[1] = uint32(poisson1[x>>16&0xffff])
		w[2] = uint32(poisson1[x>>32&0xffff])
		w[3] = uint32(poisson1[x>>48])
		w = w[4:]
	}
	for len(w) > 0 {
		w[0] = s.one()
		w = w[1:]
	}
}
