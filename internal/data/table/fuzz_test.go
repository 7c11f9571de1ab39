package table

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzCSV checks that the CSV parser never panics and agrees with
// encoding/csv (LazyQuotes off, variable field counts): same records, same
// record start lines and field positions, and the same quote errors at the same line and column.
func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n",
		"a,b\r\n\"x\r\ny\",\"\"\"\"\r\n",
		"a\n\n\"open\n",
		"a,b\n1,x\"y\n2,3\n",
		"a,\"b\"c\n",
		"\"\"\n,,\n\r\r\n\"a\"\"\",\n",
		"x\ry\rz",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, utf8BOM) {
			return // we strip a BOM, encoding/csv does not
		}
		ref := csv.NewReader(bytes.NewReader(data))
		ref.FieldsPerRecord = -1
		s := &csvSource{lr: newLineReader(bytes.NewReader(data), "f", 1<<30), file: "f", comma: ',', quoting: true, max: 1 << 30}
		for i := 0; ; i++ {
			want, werr := ref.Read()
			n, qerr, err := s.readRecord()
			if werr == io.EOF {
				if err != io.EOF {
					t.Fatalf("record %d: encoding/csv ended, we got n=%d qerr=%v err=%v", i, n, qerr, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("record %d: unexpected error %v (encoding/csv: %q, %v)", i, err, want, werr)
			}
			gotFields := make([]string, n)
			for j := 0; j < n; j++ {
				gotFields[j] = string(s.field(j))
			}
			if len(want) == 0 {
				want = []string{}
			}
			if !reflect.DeepEqual(gotFields, want) {
				t.Fatalf("record %d = %q, encoding/csv %q", i, gotFields, want)
			}
			var pe *csv.ParseError
			switch {
			case werr == nil && qerr != nil:
				t.Fatalf("record %d: we report %v, encoding/csv accepts it", i, qerr)
			case werr != nil:
				if !errors.As(werr, &pe) || qerr == nil {
					t.Fatalf("record %d: encoding/csv error %v, ours %v", i, werr, qerr)
				}
				if pe.Line != qerr.Line || pe.Column != qerr.Column {
					t.Fatalf("record %d: error at %d:%d, encoding/csv at %d:%d (%v)", i, qerr.Line, qerr.Column, pe.Line, pe.Column, werr)
				}
			}
			if werr == nil && n > 0 {
				if line, _ := ref.FieldPos(0); line != s.recLine {
					t.Fatalf("record %d starts at line %d, encoding/csv says %d", i, s.recLine, line)
				}
				for j := 0; j < n; j++ {
					line, col := ref.FieldPos(j)
					if p := s.fieldPos(j); p.line != line || p.col != col {
						t.Fatalf("record %d field %d at %d:%d, encoding/csv says %d:%d", i, j, p.line, p.col, line, col)
					}
				}
			}
		}
	})
}

// FuzzReader checks that reading any bytes as CSV, TSV or JSON Lines never
// panics and that every row has as many values as the columns known.
func FuzzReader(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"), uint8(0))
	f.Add([]byte("{\"a\":1,\"b\":[1, {\"c\":null}]}\n{\"a\":\"\\u00e9\\ud83d\\ude00\"}\n"), uint8(2))
	f.Add([]byte("a\tb\n1\t2\t3\n"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		format := []Format{CSV, TSV, JSONL}[int(which)%3]
		p := filepath.Join(t.TempDir(), "f")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(context.Background(), []string{p}, Options{Format: format, MaxLineBytes: 1 << 12})
		if err != nil {
			return
		}
		defer r.Close()
		for {
			row, err := r.Read()
			if err == io.EOF {
				return
			}
			var re *RowError
			if err != nil && !errors.As(err, &re) {
				return
			}
			if len(row.Values) != len(r.Columns()) {
				t.Fatalf("row has %d values for %d columns", len(row.Values), len(r.Columns()))
			}
		}
	})
}
