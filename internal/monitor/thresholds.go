package monitor

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/mlgate/mlgate/internal/data/drift"
)

// ParseDriftThresholds reads --drift-threshold values into drift
// thresholds: a bare number is the PSI threshold of numeric columns;
// "psi=X", "js=X", "linf=X" (categorical columns, and changes of the NaN
// share) and "ks_alpha=X" (small samples) set one measure; "measure=js"
// makes one measure decide for every column. Later values override
// earlier ones; unset fields keep the package defaults of
// [drift.Thresholds].
func ParseDriftThresholds(specs []string) (drift.Thresholds, error) {
	var t drift.Thresholds
	for _, spec := range specs {
		for _, part := range strings.Split(spec, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			key, val, ok := strings.Cut(part, "=")
			if !ok {
				key, val = drift.MeasurePSI, part
			}
			key = strings.ToLower(strings.TrimSpace(key))
			val = strings.TrimSpace(val)
			if key == "measure" {
				switch val {
				case drift.MeasurePSI, drift.MeasureJS, drift.MeasureLInf:
					t.Measure = val
					continue
				}
				return t, fmt.Errorf("drift threshold %q: measure must be psi, js or linf", part)
			}
			f, err := strconv.ParseFloat(val, 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f <= 0 {
				return t, fmt.Errorf("drift threshold %q: want a positive number", part)
			}
			switch key {
			case drift.MeasurePSI:
				t.PSI = f
			case drift.MeasureJS:
				t.JS = f
			case drift.MeasureLInf:
				t.LInf = f
			case "ks_alpha", "ks":
				if f >= 1 {
					return t, fmt.Errorf("drift threshold %q: ks_alpha must be below 1", part)
				}
				t.KSAlpha = f
			default:
				return t, fmt.Errorf("drift threshold %q: unknown measure %q (psi, js, linf, ks_alpha, measure)", part, key)
			}
		}
	}
	return t, nil
}
