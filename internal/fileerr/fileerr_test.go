package fileerr

import (
	"errors"
	"io"
	"testing"
)

func TestError(t *testing.T) {
	t.Parallel()
	cases := map[string]*Error{
		"m.json:3:7: bad": {File: "m.json", Line: 3, Column: 7, Err: errors.New("bad")},
		"m.json:3: bad":   {File: "m.json", Line: 3, Err: errors.New("bad")},
		"m.json: bad":     {File: "m.json", Err: errors.New("bad")},
		"m.json:1:1: EOF": {File: "m.json", Line: 1, Column: 1, Err: io.EOF},
	}
	for want, e := range cases {
		if got := e.Error(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if !errors.Is(&Error{File: "f", Err: io.EOF}, io.EOF) {
		t.Error("Unwrap lost the cause")
	}
}

func TestPosition(t *testing.T) {
	t.Parallel()
	data := []byte("ab\nçd\n")
	for _, tt := range []struct {
		off       int64
		line, col int
	}{{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 2}, {6, 2, 3}, {7, 3, 1}, {99, 3, 1}, {-4, 1, 1}} {
		if l, c := Position(data, tt.off); l != tt.line || c != tt.col {
			t.Errorf("Position(%d) = %d:%d; want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
	if got := At("f.json", data, 5, io.EOF).Error(); got != "f.json:2:2: EOF" {
		t.Errorf("At = %q", got)
	}
}
