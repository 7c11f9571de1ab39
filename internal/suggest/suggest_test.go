package suggest

import "testing"

func TestClosest(t *testing.T) {
	t.Parallel()
	names := []string{"max_drop", "max_drop_pct", "direction", "candidate", "reference-profile", "a"}
	for _, tt := range []struct{ in, want string }{
		{"max_dorp", "max_drop"},  // a transposition is one edit
		{"Max-Drop", "max_drop"},  // case and '-' vs '_' are ignored
		{"candidat", "candidate"}, // a deletion
		{"reference_profile", "reference-profile"},
		{"directoin", "direction"},
		{"zzz", ""}, // nothing close
		{"b", "a"},  // one edit in a one-letter name is within reach
		{"max_drop_pc", "max_drop_pct"},
	} {
		if got := Closest(tt.in, names); got != tt.want {
			t.Errorf("Closest(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if got := Closest("x", nil); got != "" {
		t.Errorf("Closest with no names = %q", got)
	}
}

func TestDistance(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"gate", "gate", 5, 0},
		{"gaet", "gate", 5, 1},
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 2}, // stops at the limit
		{"", "abc", 5, 3},
		{"héllo", "hello", 5, 1}, // runes, not bytes
		{"abcdef", "a", 3, 3},
	} {
		if got := Distance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("Distance(%q, %q, %d) = %d; want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}
