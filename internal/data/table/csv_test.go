package table

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestCSVValuesAndLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		content   string
		wantCols  []string
		wantRows  [][]Value
		wantLines []int
	}{
		{
			name:      "plain",
			content:   "a,b\n1,x\n2,\n",
			wantCols:  []string{"a", "b"},
			wantRows:  [][]Value{{text("1"), text("x")}, {text("2"), null}},
			wantLines: []int{2, 3},
		},
		{
			name:      "CRLF, BOM and no final newline",
			content:   "\ufeffa,b\r\n1,x\r\n2,y",
			wantCols:  []string{"a", "b"},
			wantRows:  [][]Value{{text("1"), text("x")}, {text("2"), text("y")}},
			wantLines: []int{2, 3},
		},
		{
			name:      "quoted fields with embedded newlines, quotes and commas",
			content:   "a,b\n\"multi\r\nline\",\"say \"\"hi\"\", ok\"\n3,\"\"\n",
			wantCols:  []string{"a", "b"},
			wantRows:  [][]Value{{text("multi\nline"), text(`say "hi", ok`)}, {text("3"), null}},
			wantLines: []int{2, 4},
		},
		{
			name:      "blank lines are skipped but counted",
			content:   "a\n\n1\n\r\n\n2\n",
			wantCols:  []string{"a"},
			wantRows:  [][]Value{{text("1")}, {text("2")}},
			wantLines: []int{3, 6},
		},
		{
			name:      "header only",
			content:   "a,b\n",
			wantCols:  []string{"a", "b"},
			wantRows:  nil,
			wantLines: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := writeFile(t, t.TempDir(), "d.csv", tt.content)
			g := readAll(t, []string{p}, Options{})
			if g.err != nil || len(g.rowErrs) > 0 {
				t.Fatalf("unexpected errors: %v %v", g.err, g.rowErrs)
			}
			if !reflect.DeepEqual(g.cols, tt.wantCols) {
				t.Errorf("columns = %q, want %q", g.cols, tt.wantCols)
			}
			if len(g.rows) != len(tt.wantRows) {
				t.Fatalf("got %d rows, want %d", len(g.rows), len(tt.wantRows))
			}
			for i, row := range g.rows {
				if !reflect.DeepEqual(row.Values, tt.wantRows[i]) {
					t.Errorf("row %d = %+v, want %+v", i, row.Values, tt.wantRows[i])
				}
				if row.Line != tt.wantLines[i] || row.Index != int64(i) || row.File != p {
					t.Errorf("row %d at %s:%d index %d, want %s:%d index %d", i, row.File, row.Line, row.Index, p, tt.wantLines[i], i)
				}
			}
		})
	}
}

func TestTSVHasNoQuotingByDefault(t *testing.T) {
	t.Parallel()
	p := writeFile(t, t.TempDir(), "d.tsv", "a\tb\n\"x\ty\"\n5 \"in\"\t\n")
	g := readAll(t, []string{p}, Options{})
	if g.err != nil || len(g.rowErrs) > 0 {
		t.Fatalf("unexpected errors: %v %v", g.err, g.rowErrs)
	}
	want := [][]Value{{text(`"x`), text(`y"`)}, {text(`5 "in"`), null}}
	for i, row := range g.rows {
		if !reflect.DeepEqual(row.Values, want[i]) {
			t.Errorf("row %d = %+v, want %+v", i, row.Values, want[i])
		}
	}
	q := readAll(t, []string{p}, Options{TSVQuotes: true})
	if len(q.rows) != 2 || q.rows[0].Values[0] != text("x\ty") {
		t.Errorf("with TSVQuotes the quoted tab should be data, got %+v", q.rows)
	}
}

func TestCSVRowErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		content  string
		want     []string // Error() of each problem
		wantCode []string
		wantRows [][]Value
	}{
		{
			name:     "too few fields",
			content:  "a,b,c\n1,2\n3,4,5\n",
			want:     []string{"F:2:4: row has 2 fields, the header has 3 (missing: c)"},
			wantCode: []string{CodeRagged},
			wantRows: [][]Value{{text("1"), text("2"), {}}, {text("3"), text("4"), text("5")}},
		},
		{
			name:     "too many fields",
			content:  "a,b\n1,2,3,4\n",
			want:     []string{"F:2:5: row has 4 fields, the header has 2 (extra fields dropped)"},
			wantCode: []string{CodeRagged},
			wantRows: [][]Value{{text("1"), text("2")}},
		},
		{
			name:     "invalid UTF-8",
			content:  "a,b\nok,\"x\xffy\"\n",
			want:     []string{`F:2:4: column "b": value is not valid UTF-8`},
			wantCode: []string{CodeUTF8},
			wantRows: [][]Value{{text("ok"), text("x\xffy")}},
		},
		{
			// The halves of "é" in two quoted fields: each is invalid,
			// though the fields put back to back are not.
			name:     "invalid UTF-8 split across quoted fields",
			content:  "a,b\n\"x\xc3\",\"\xa9y\"\n",
			want:     []string{`F:2:1: column "a": value is not valid UTF-8`, `F:2:6: column "b": value is not valid UTF-8`},
			wantCode: []string{CodeUTF8, CodeUTF8},
			wantRows: [][]Value{{text("x\xc3"), text("\xa9y")}},
		},
		{
			name:     "invalid UTF-8 in a line without quotes",
			content:  "a,b,c\n\xc3,\xa9,é\n",
			want:     []string{`F:2:1: column "a": value is not valid UTF-8`, `F:2:3: column "b": value is not valid UTF-8`},
			wantCode: []string{CodeUTF8, CodeUTF8},
			wantRows: [][]Value{{text("\xc3"), text("\xa9"), text("é")}},
		},
		{
			name:     "bare quote in an unquoted field, reading continues",
			content:  "a,b\n1,x\"y\n2,z\n",
			want:     []string{`F:2:4: bare " in non-quoted field`},
			wantCode: []string{CodeQuote},
			wantRows: [][]Value{{text("1"), {}}, {text("2"), text("z")}},
		},
		{
			name:     "extraneous quote on the second line of a record",
			content:  "a,b\n1,\"x\ny\"z\n2,w\n",
			want:     []string{`F:3:2: extraneous or missing " in quoted field`},
			wantCode: []string{CodeQuote},
			wantRows: [][]Value{{text("1"), {}}, {text("2"), text("w")}},
		},
		{
			name:     "unterminated quote at the end of the file",
			content:  "a,b\n1,\"open\nmore\n",
			want:     []string{`F:3:6: extraneous or missing " in quoted field (the file ends inside a quoted field)`},
			wantCode: []string{CodeQuote},
			wantRows: [][]Value{{text("1"), {}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := writeFile(t, t.TempDir(), "F", tt.content)
			g := readAll(t, []string{p}, Options{Format: CSV})
			if g.err != nil {
				t.Fatalf("fatal error: %v", g.err)
			}
			var msgs, codes []string
			for _, e := range g.rowErrs {
				msgs = append(msgs, strings.ReplaceAll(e.Error(), p, "F"))
				codes = append(codes, e.Code)
			}
			if !reflect.DeepEqual(msgs, tt.want) || !reflect.DeepEqual(codes, tt.wantCode) {
				t.Errorf("problems = %q %q, want %q %q", msgs, codes, tt.want, tt.wantCode)
			}
			var rows [][]Value
			for _, r := range g.rows {
				rows = append(rows, r.Values)
			}
			if !reflect.DeepEqual(rows, tt.wantRows) {
				t.Errorf("rows = %+v, want %+v", rows, tt.wantRows)
			}
		})
	}
}

func TestCSVFatalErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		opt     Options
		want    string
	}{
		{"empty file", "", Options{}, "F:1: empty file: no header line"},
		{"only blank lines", "\n\r\n\n", Options{}, "F:1: empty file: no header line"},
		{"duplicate header", "a,b,a\n1,2,3\n", Options{}, `F:1:5: header: duplicate column name "a" (columns 1 and 3)`},
		{"empty column name", "a,,c\n", Options{}, "F:1:3: header: column 2 has an empty name"},
		{"bare quote in header", "a,b\"\n", Options{}, `F:1:4: header: bare " in non-quoted field`},
		{"line over the cap", "a,b\n1,2\n" + strings.Repeat("x", 100) + "\n", Options{MaxLineBytes: 50}, "F:3: line 3 is longer than the 50-byte limit"},
		{"line over the cap beyond the buffer", "a,b\n" + strings.Repeat("y", 3*readBufSize) + "\n", Options{MaxLineBytes: readBufSize}, "F:2: line 2 is longer than the 65536-byte limit"},
		{"quoted record over the cap", "a\n\"" + strings.Repeat("z\n", 40) + "\"\n", Options{MaxLineBytes: 50}, "F:2: the record starting at line 2 is longer than the 50-byte limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := writeFile(t, t.TempDir(), "F", tt.content)
			tt.opt.Format = CSV
			g := readAll(t, []string{p}, tt.opt)
			var te *Error
			if !errors.As(g.err, &te) {
				t.Fatalf("error = %v (%T), want a *Error", g.err, g.err)
			}
			if msg := strings.ReplaceAll(g.err.Error(), p, "F"); msg != tt.want {
				t.Errorf("error = %q, want %q", msg, tt.want)
			}
		})
	}
}
