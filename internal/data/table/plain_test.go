package table

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPlainLinesLikeEncodingCSV covers the path of lines without quotes
// (splitLine: eight bytes at a time, no UTF-8 check of ASCII lines) on random
// lines of delimiters, multi-byte characters and invalid bytes at every
// offset of the 8-byte word. Values must be encoding/csv's fields, and each
// field that is not valid UTF-8 must be reported at its position. By
// default the strings must stay intact after later reads (the file spans
// many arena blocks); with BorrowText they are checked before the next read.
func TestPlainLinesLikeEncodingCSV(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"a", "bc", "1234567", "12345678", ",", ",", ",", "é", "日本", "\xff", "\xe6\x97", " ", "\t", "x\r"}
	var sb strings.Builder
	sb.WriteString("c1,c2,c3,c4,c5,c6\n")
	for range 20000 {
		sb.WriteString("z")
		for range r.IntN(24) {
			sb.WriteString(pieces[r.IntN(len(pieces))])
		}
		sb.WriteString("\n")
	}
	content := sb.String()
	path := writeFile(t, t.TempDir(), "plain.csv", content)

	// The reference: encoding/csv's fields, their positions and the UTF-8
	// problems they imply.
	type want struct {
		line   int
		fields []string
		utf8   []Error
	}
	var wants []want
	ref := csv.NewReader(strings.NewReader(content))
	ref.FieldsPerRecord = -1
	if _, err := ref.Read(); err != nil {
		t.Fatal(err)
	}
	for {
		rec, err := ref.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		w := want{fields: append([]string(nil), rec...)}
		w.line, _ = ref.FieldPos(0)
		for j, f := range rec {
			if !utf8.ValidString(f) {
				line, col := ref.FieldPos(j)
				w.utf8 = append(w.utf8, Error{Line: line, Column: col})
			}
		}
		wants = append(wants, w)
	}

	for _, borrow := range []bool{false, true} {
		rd, err := Open(context.Background(), []string{path}, Options{BorrowText: borrow})
		if err != nil {
			t.Fatal(err)
		}
		var kept [][]Value
		check := func(i int, vals []Value) {
			t.Helper()
			w := wants[i]
			for j, v := range vals {
				wv := Value{}
				if j < len(w.fields) {
					wv = text(w.fields[j])
					if w.fields[j] == "" {
						wv = null
					}
				}
				if v != wv {
					t.Fatalf("borrow=%v row %d (line %d) value %d = %+v, want %+v", borrow, i, w.line, j, v, wv)
				}
			}
		}
		for i := 0; ; i++ {
			row, err := rd.Read()
			if err == io.EOF {
				if i != len(wants) {
					t.Fatalf("borrow=%v: %d rows, encoding/csv %d", borrow, i, len(wants))
				}
				break
			}
			var re *RowError
			if err != nil && !errors.As(err, &re) {
				t.Fatal(err)
			}
			var got []Error
			if re != nil {
				for _, p := range re.Problems {
					if p.Code == CodeUTF8 {
						got = append(got, Error{Line: p.Line, Column: p.Column})
					}
				}
			}
			if w := wants[i]; row.Line != w.line || len(got) != len(w.utf8) || (len(got) > 0 && !equalPositions(got, w.utf8)) {
				t.Fatalf("borrow=%v row %d: line %d, UTF-8 problems at %v; want line %d, %v", borrow, i, row.Line, got, w.line, w.utf8)
			}
			if borrow {
				check(i, row.Values)
			} else {
				kept = append(kept, append([]Value(nil), row.Values...))
			}
		}
		rd.Close()
		for i, vals := range kept {
			check(i, vals)
		}
	}
}

func equalPositions(a, b []Error) bool {
	for i := range a {
		if a[i].Line != b[i].Line || a[i].Column != b[i].Column {
			return false
		}
	}
	return true
}
