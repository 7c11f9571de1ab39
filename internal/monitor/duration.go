package monitor

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// day is 24 hours: ages are measured in elapsed time, not calendar days.
const day = 24 * time.Hour

// ParseAge parses a maximum age: a number with a unit, "w" (weeks), "d"
// (days of 24 hours), "h", "m" or "s" ("30d", "2w", "36h", "1.5d"), or any
// Go duration ("90m", "1h30m"). It must be positive.
func ParseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty age: want a number with a unit, such as 30d, 2w or 36h")
	}
	unit := map[byte]time.Duration{'w': 7 * day, 'd': day}
	if u, ok := unit[s[len(s)-1]]; ok {
		n, err := strconv.ParseFloat(s[:len(s)-1], 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n <= 0 || n*float64(u) > math.MaxInt64 {
			return 0, fmt.Errorf("age %q: want a positive number before %q, such as 30d or 2w", s, s[len(s)-1:])
		}
		return time.Duration(n * float64(u)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("age %q: want a number with a unit: w, d, h, m or s (30d, 2w, 36h)", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("age %q: must be positive", s)
	}
	return d, nil
}

// FormatAge prints a duration in days with one decimal ("41.5d"), or in
// hours under a day ("5.2h"), or minutes under an hour.
func FormatAge(d time.Duration) string {
	switch {
	case d >= day:
		return strconv.FormatFloat(math.Round(d.Hours()/24*10)/10, 'f', -1, 64) + "d"
	case d >= time.Hour:
		return strconv.FormatFloat(math.Round(d.Hours()*10)/10, 'f', -1, 64) + "h"
	}
	return strconv.FormatFloat(math.Round(d.Minutes()*10)/10, 'f', -1, 64) + "m"
}
