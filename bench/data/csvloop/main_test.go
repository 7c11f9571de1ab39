package main

import (
	"strings"
	"testing"
)

func TestCount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in     string
		rows, fields int
	}{
		{"empty", "", 0, 0},
		{"header only", "a,b\n", 0, 0},
		{"rows", "a,b\n1,2\n3,4\n", 2, 4},
		{"quoted newline and CRLF", "a,b\r\n\"x\ny\",2\r\n", 1, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := Count(strings.NewReader(tc.in))
			if err != nil {
				t.Fatalf("Count: %v", err)
			}
			if c.Rows != tc.rows || c.Fields != tc.fields {
				t.Errorf("Count = %+v, want rows %d fields %d", c, tc.rows, tc.fields)
			}
		})
	}
}

func TestCountRagged(t *testing.T) {
	t.Parallel()
	_, err := Count(strings.NewReader("a,b\n1,2\n3\n"))
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("ragged row: err = %v, want one naming line 3", err)
	}
}

func BenchmarkCount(b *testing.B) {
	in := "age,city\n" + strings.Repeat("41,Berlin\n", 10_000)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := Count(strings.NewReader(in)); err != nil {
			b.Fatal(err)
		}
	}
}
