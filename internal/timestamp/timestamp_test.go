package timestamp

import (
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want time.Time
	}{
		{"2026-01-02T15:04:05Z", time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)},
		{" 2026-01-02T16:04:05.5+01:00 ", time.Date(2026, 1, 2, 15, 4, 5, 5e8, time.UTC)},
		{"2026-01-02T15:04:05", time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)},
		{"2026-01-02 15:04:05", time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)},
		{"2026-01-02", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)},
		{"1767225600", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"1767225600.25", time.Date(2026, 1, 1, 0, 0, 0, 25e7, time.UTC)},
	} {
		got, err := Parse(tt.in)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"yesterday", `"yesterday" is neither an RFC 3339 time`},
		{"", "is neither an RFC 3339 time"},
		{"1767225600000", "too large for Unix seconds (milliseconds? divide by 1000)"},
		{"-5", "-5 is not a valid number of Unix seconds"},
		{"NaN", "NaN is not a valid number of Unix seconds"},
	} {
		if _, err := Parse(tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v; want %q", tt.in, err, tt.want)
		}
	}
}
