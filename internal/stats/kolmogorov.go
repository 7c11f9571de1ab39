package stats

import "math"

// KolmogorovSF returns Pr(D_n > x) for the two-sided one-sample Kolmogorov
// statistic D_n with n values: scipy.stats.kstwo.sf(x, n), following
// Simard and L'Ecuyer (2011) as scipy does. For n <= 140 and
// 0.754693 < n*x^2 <= 4 scipy uses Pomeranz's recursion; we use Durbin's
// matrix there, which is also exact. It returns NaN when n < 1.
func KolmogorovSF(n int, x float64) float64 {
	if n < 1 || math.IsNaN(x) {
		return math.NaN()
	}
	if x >= 1 {
		return 0
	}
	if x <= 0 {
		return 1
	}
	nf := float64(n)
	t := nf * x
	if t <= 1 { // Ruben-Gambino: 1/2n <= x <= 1/n.
		if t <= 0.5 {
			return 1
		}
		var cdf float64
		if n <= 140 {
			cdf = 1
			for i := 1; i <= n; i++ {
				cdf *= float64(i) * (1 / nf) * (2*t - 1)
			}
		} else {
			cdf = math.Exp(logNFactorialDivNPowN(nf) + nf*math.Log(2*t-1))
		}
		return clip01(1 - cdf)
	}
	if t >= nf-1 { // Ruben-Gambino.
		return clip01(2 * math.Pow(1-x, nf))
	}
	if x >= 0.5 { // Exact: 2 * Smirnov.
		return clip01(2 * smirnovSF(n, x))
	}
	nx2 := t * x
	if n <= 140 {
		if nx2 <= 4 {
			return clip01(1 - kolmogorovDurbin(n, x))
		}
		return clip01(2 * smirnovSF(n, x)) // Miller's approximation.
	}
	if nx2 >= 370 {
		return 0
	}
	if nx2 >= 2.2 {
		return clip01(2 * smirnovSF(n, x))
	}
	var cdf float64
	if n <= 100000 && nf*math.Pow(x, 1.5) <= 1.4 {
		cdf = kolmogorovDurbin(n, x)
	} else {
		cdf = kolmogorovPelzGood(n, x)
	}
	return clip01(1 - cdf)
}

func clip01(p float64) float64 { return min(max(p, 0), 1) }

// logNFactorialDivNPowN returns log(n!/n^n) by Stirling's series.
func logNFactorialDivNPowN(n float64) float64 {
	coeffs := [...]float64{-2.955065359477124183e-2, 6.4102564102564102564e-3,
		-1.9175269175269175269e-3, 8.4175084175084175084e-4,
		-5.952380952380952381e-4, 7.9365079365079365079e-4,
		-2.7777777777777777778e-3, 8.3333333333333333333e-2}
	rn := 1 / n
	x := rn / n
	poly := 0.0
	for _, c := range coeffs {
		poly = poly*x + c
	}
	return math.Log(n)/2 - n + math.Log(2*math.Pi)/2 + rn*poly
}

// smirnovSF returns the exact one-sided Pr(D+_n >= x) by the
// Birnbaum-Tingey formula:
// x * sum_{j=0}^{floor(n(1-x))} C(n,j) (1-x-j/n)^(n-j) (x+j/n)^(j-1),
// every term computed in logarithms.
func smirnovSF(n int, x float64) float64 {
	if x <= 0 {
		return 1
	}
	if x >= 1 {
		return 0
	}
	nf := float64(n)
	jmax := int(math.Floor(nf * (1 - x)))
	sum := 0.0
	logC := 0.0 // log C(n, j)
	for j := 0; j <= jmax; j++ {
		if j > 0 {
			logC += math.Log(float64(n-j+1)) - math.Log(float64(j))
		}
		jf := float64(j)
		base := 1 - x - jf/nf
		var l float64
		switch {
		case j == n:
			l = 0
		case base <= 0:
			continue
		default:
			l = (nf - jf) * math.Log(base)
		}
		sum += math.Exp(logC + l + (jf-1)*math.Log(x+jf/nf))
	}
	return clip01(x * sum)
}

const (
	e128  = 128
	ep128 = 3.402823669209385e+38 // 2^128
	em128 = 1 / ep128
)

// kolmogorovDurbin returns Pr(D_n <= d) by Durbin's matrix method as
// arranged by Marsaglia, Tsang and Wang (2003), with explicit scaling.
func kolmogorovDurbin(n int, d float64) float64 {
	if d >= 1 {
		return 1
	}
	nd := float64(n) * d
	if nd <= 0.5 {
		return 0
	}
	k := int(math.Ceil(nd))
	h := float64(k) - nd
	m := 2*k - 1
	H := newMat(m)
	v := make([]float64, m)
	w := make([]float64, m)
	fac := 1.0
	for j := 1; j <= m; j++ {
		v[j-1] = 1 - math.Pow(h, float64(j))
		w[j-1] = fac
		fac /= float64(j)
		v[j-1] *= fac
	}
	tt := math.Pow(max(2*h-1, 0), float64(m)) - 2*math.Pow(h, float64(m))
	v[m-1] = (1 + tt) * fac
	for i := 1; i < m; i++ {
		for r := i - 1; r < m; r++ {
			H.set(r, i, w[r-(i-1)])
		}
	}
	for r := range m {
		H.set(r, 0, v[r])
	}
	for c := range m {
		H.set(m-1, c, v[m-1-c])
	}
	P := identity(m)
	expnt, hexpnt := 0, 0
	for nn := n; nn > 0; nn /= 2 {
		if nn%2 == 1 {
			P = P.mul(H)
			expnt += hexpnt
		}
		H = H.mul(H)
		hexpnt *= 2
		if math.Abs(H.at(k-1, k-1)) > ep128 {
			for i := range H.a {
				H.a[i] /= ep128
			}
			hexpnt += e128
		}
	}
	p := P.at(k-1, k-1)
	for i := 1; i <= n; i++ {
		p = float64(i) * p / float64(n)
		if math.Abs(p) < em128 {
			p *= ep128
			expnt -= e128
		}
	}
	if expnt != 0 {
		p = math.Ldexp(p, expnt)
	}
	return clip01(p)
}

// mat is a dense square matrix.
type mat struct {
	n int
	a []float64
}

func newMat(n int) mat { return mat{n: n, a: make([]float64, n*n)} }

func identity(n int) mat {
	m := newMat(n)
	for i := range n {
		m.set(i, i, 1)
	}
	return m
}

func (m mat) at(r, c int) float64     { return m.a[r*m.n+c] }
func (m mat) set(r, c int, x float64) { m.a[r*m.n+c] = x }

func (m mat) mul(o mat) mat {
	p := newMat(m.n)
	for i := range m.n {
		for k := range m.n {
			x := m.a[i*m.n+k]
			if x == 0 {
				continue
			}
			row := o.a[k*m.n : (k+1)*m.n]
			out := p.a[i*m.n : (i+1)*m.n]
			for j, y := range row {
				out[j] += x * y
			}
		}
	}
	return p
}

// kolmogorovPelzGood returns the Pelz-Good (1976) approximation of
// Pr(D_n <= x).
func kolmogorovPelzGood(n int, x float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	const pi2 = math.Pi * math.Pi
	const pi4, pi6 = pi2 * pi2, pi2 * pi2 * pi2
	sqrt2pi := math.Sqrt(2 * math.Pi)
	z := math.Sqrt(float64(n)) * x
	z2, z3, z4, z6 := z*z, z*z*z, z*z*z*z, math.Pow(z, 6)
	qlog := -pi2 / 8 / z2
	if qlog < -708 {
		return 0
	}
	q := math.Exp(qlog)
	k1a, k1b := -z2, pi2/4
	k2a := 6*z6 + 2*z4
	k2b := (2*z4 - 5*z2) * pi2 / 4
	k2c := pi4 * (1 - 2*z2) / 16
	k3d := pi6 * (5 - 30*z2) / 64
	k3c := pi4 * (-60*z2 + 212*z4) / 16
	k3b := pi2 * (135*z4 - 96*z6) / 4
	k3a := -30*z6 - 90*math.Pow(z, 8)
	var K [4]float64
	maxk := int(math.Ceil(16 * z / math.Pi))
	for k := maxk; k > 0; k-- {
		m := float64(2*k - 1)
		m2, m4, m6 := m*m, m*m*m*m, math.Pow(m, 6)
		qp := math.Pow(q, float64(8*k))
		c := [4]float64{1, k1a + k1b*m2, k2a + k2b*m2 + k2c*m4, k3a + k3b*m2 + k3c*m4 + k3d*m6}
		for i := range K {
			K[i] = K[i]*qp + c[i]
		}
	}
	div := [4]float64{z, 6 * z4, 72 * math.Pow(z, 7), 6480 * math.Pow(z, 10)}
	for i := range K {
		K[i] = K[i] * q * sqrt2pi / div[i]
	}
	q = math.Exp(-pi2 / 2 / z2)
	sqrt3z := math.Sqrt(3) * z
	k2extra, k3extra := 0.0, 0.0
	for k := maxk; k > 0; k-- {
		kf := float64(k)
		ks2 := kf * kf
		qp := math.Pow(q, ks2)
		k2extra += ks2 * qp
		kspi := math.Pi * kf
		k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp
	}
	K[2] += k2extra * pi2 * sqrt2pi / (-36 * z3)
	K[3] += k3extra * pi2 * sqrt2pi / (216 * z6)
	sum := 0.0
	for i := range K {
		sum += K[i] / math.Pow(float64(n), float64(i)/2)
	}
	return sum
}
