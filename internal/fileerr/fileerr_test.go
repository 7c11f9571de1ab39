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
