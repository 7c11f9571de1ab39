package stats

import "math"

// Moments is a streaming summary of float64 values: count, mean, sum of
// squared deviations (M2), min and max of the finite values, plus the counts
// of NaN, +Inf and -Inf, which are kept out of the other fields. The zero
// value is an empty summary ready to use. Field names are the JSON form.
type Moments struct {
	// N is the number of finite values.
	N int64 `json:"count"`
	// Mean is the mean of the finite values (0 when N is 0).
	Mean float64 `json:"mean"`
	// M2 is the sum of squared deviations from the mean.
	M2 float64 `json:"m2"`
	// Min and Max are the extremes of the finite values (0 when N is 0).
	Min float64 `json:"min"`
	Max float64 `json:"max"`
	// NaN, PosInf and NegInf count the non-finite values.
	NaN    int64 `json:"nan,omitempty"`
	PosInf int64 `json:"pos_inf,omitempty"`
	NegInf int64 `json:"neg_inf,omitempty"`
}

// Add adds x with Welford's update.
func (m *Moments) Add(x float64) {
	if math.IsNaN(x) {
		m.NaN++
		return
	}
	if math.IsInf(x, 0) {
		if x > 0 {
			m.PosInf++
		} else {
			m.NegInf++
		}
		return
	}
	m.N++
	if m.N == 1 {
		m.Mean, m.M2, m.Min, m.Max = x, 0, x, x
		return
	}
	d := x - m.Mean
	m.Mean += d / float64(m.N)
	m.M2 += d * (x - m.Mean)
	if x < m.Min {
		m.Min = x
	}
	if x > m.Max {
		m.Max = x
	}
}

// Merge adds the values summarized by o, with the pairwise formula of Chan,
// Golub and LeVeque: the result equals a single pass over both inputs up to
// rounding.
func (m *Moments) Merge(o Moments) {
	m.NaN += o.NaN
	m.PosInf += o.PosInf
	m.NegInf += o.NegInf
	if o.N == 0 {
		return
	}
	if m.N == 0 {
		m.N, m.Mean, m.M2, m.Min, m.Max = o.N, o.Mean, o.M2, o.Min, o.Max
		return
	}
	n := m.N + o.N
	na, nb, nn := float64(m.N), float64(o.N), float64(n)
	d := o.Mean - m.Mean
	m.Mean += d * nb / nn
	m.M2 += o.M2 + d*d*na*nb/nn
	m.N = n
	m.Min = math.Min(m.Min, o.Min)
	m.Max = math.Max(m.Max, o.Max)
}

// Variance returns the sample variance (divisor N-1, like pandas and
// numpy.var(ddof=1)), or NaN when N < 2.
func (m *Moments) Variance() float64 {
	if m.N < 2 {
		return math.NaN()
	}
	return m.M2 / float64(m.N-1)
}

// PopulationVariance returns the population variance (divisor N), or NaN
// when N is 0.
func (m *Moments) PopulationVariance() float64 {
	if m.N == 0 {
		return math.NaN()
	}
	return m.M2 / float64(m.N)
}

// Std returns the sample standard deviation, or NaN when N < 2.
func (m *Moments) Std() float64 { return math.Sqrt(m.Variance()) }

// Total returns the number of values added, finite or not.
func (m *Moments) Total() int64 { return m.N + m.NaN + m.PosInf + m.NegInf }
