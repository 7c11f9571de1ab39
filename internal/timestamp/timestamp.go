// Package timestamp reads the training time that model metadata records:
// an RFC 3339 time, a date, or Unix seconds.
package timestamp

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// layouts are the text forms accepted besides Unix seconds, most common first.
var layouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02"}

// Parse reads s as an RFC 3339 time (2026-01-02T15:04:05Z; without a zone
// it is UTC), a date (2026-01-02) or Unix seconds ("1767225600").
func Parse(s string) (time.Time, error) {
	t := strings.TrimSpace(s)
	for _, layout := range layouts {
		if v, err := time.Parse(layout, t); err == nil {
			return v, nil
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || t == "" {
		return time.Time{}, fmt.Errorf("%q is neither an RFC 3339 time (2026-01-02T15:04:05Z), a date, nor Unix seconds", cut(s, 60))
	}
	return Unix(f)
}

// Unix converts Unix seconds to a time. Negative, non-finite and
// implausibly large values (milliseconds passed as seconds) are errors.
func Unix(f float64) (time.Time, error) {
	num := strconv.FormatFloat(f, 'g', -1, 64)
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return time.Time{}, fmt.Errorf("%s is not a valid number of Unix seconds", num)
	}
	if f >= 1e11 {
		// Seconds reach 1e11 only in the year 5138: this is milliseconds or finer.
		return time.Time{}, fmt.Errorf("%s is too large for Unix seconds (milliseconds? divide by 1000)", num)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC(), nil
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
