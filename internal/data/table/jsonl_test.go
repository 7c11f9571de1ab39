package table

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestJSONLTyping(t *testing.T) {
	t.Parallel()
	content := `{"id": 12345678901234567890123, "name": "caf\u00e9 \ud83d\ude00 \"q\"", "ok": true, "x": null}` + "\n" +
		"\n   \n" +
		`{"x": -1.5e3, "tags": [1, {"a" : "b"}], "meta":{}, "ok":false}` + "\r\n" +
		`{"new": "k\u00e9y"}`
	p := writeFile(t, t.TempDir(), "d.jsonl", content)
	g := readAll(t, []string{p}, Options{})
	if g.err != nil || len(g.rowErrs) > 0 {
		t.Fatalf("unexpected errors: %v %v", g.err, g.rowErrs)
	}
	wantCols := []string{"id", "name", "ok", "x", "tags", "meta", "new"}
	if !reflect.DeepEqual(g.cols, wantCols) {
		t.Fatalf("columns = %q, want %q", g.cols, wantCols)
	}
	big := Value{Kind: Number, Num: 1.2345678901234568e22, Str: "12345678901234567890123"}
	want := [][]Value{
		{big, {Kind: String, Str: "café 😀 \"q\""}, {Kind: Bool, Bool: true}, null},
		{{}, {}, {Kind: Bool}, {Kind: Number, Num: -1500, Str: "-1.5e3"}, {Kind: Nested, Str: `[1,{"a":"b"}]`}, {Kind: Nested, Str: "{}"}},
		{{}, {}, {}, {}, {}, {}, {Kind: String, Str: "kéy"}},
	}
	wantLines := []int{1, 4, 5}
	for i, row := range g.rows {
		if !reflect.DeepEqual(row.Values, want[i]) {
			t.Errorf("row %d = %+v\nwant %+v", i, row.Values, want[i])
		}
		if row.Line != wantLines[i] {
			t.Errorf("row %d line %d, want %d", i, row.Line, wantLines[i])
		}
	}
}

func TestJSONLHugeNumberIsInfinite(t *testing.T) {
	t.Parallel()
	p := writeFile(t, t.TempDir(), "d.ndjson", `{"v": 1e400}`+"\n")
	g := readAll(t, []string{p}, Options{})
	if len(g.rows) != 1 || !math.IsInf(g.rows[0].Values[0].Num, 1) || g.rows[0].Values[0].Str != "1e400" {
		t.Fatalf("got %+v %v", g.rows, g.err)
	}
}

func TestJSONLRowErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		line string
		want string
		code string
	}{
		{"array", `[1,2]`, `F:2:1: expected a JSON object, found '['`, CodeJSON},
		{"trailing garbage", `{"a":1} x`, `F:2:9: unexpected 'x' after the object (one object per line)`, CodeJSON},
		{"missing value", `{"a":}`, `F:2:6: invalid value starting with '}'`, CodeJSON},
		{"bad number", `{"a": 01}`, `F:2:8: expected ',' or '}' after a value, found '1'`, CodeJSON},
		{"unterminated string", `{"a": "x`, `F:2:9: unterminated string`, CodeJSON},
		{"bad nested", `{"a": [1,]}`, `F:2:10: invalid value starting with ']'`, CodeJSON},
		{"duplicate key", `{"a": 1, "a": 2}`, `F:2:10: duplicate key "a" in one object`, CodeDuplicateKey},
		{"invalid UTF-8", "{\"a\": \"x\xffy\"}", `F:2:9: line is not valid UTF-8`, CodeUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := writeFile(t, t.TempDir(), "F", "{\"a\": 0}\n"+tt.line+"\n{\"a\": 3}\n")
			g := readAll(t, []string{p}, Options{Format: JSONL})
			if g.err != nil {
				t.Fatalf("fatal: %v", g.err)
			}
			if len(g.rowErrs) != 1 {
				t.Fatalf("problems = %v, want one", g.rowErrs)
			}
			if msg := strings.ReplaceAll(g.rowErrs[0].Error(), p, "F"); msg != tt.want || g.rowErrs[0].Code != tt.code {
				t.Errorf("problem = %q (%s), want %q (%s)", msg, g.rowErrs[0].Code, tt.want, tt.code)
			}
			if len(g.rows) != 3 || g.rows[2].Values[0].Str != "3" || g.rows[2].Line != 3 {
				t.Errorf("reading did not continue after the bad line: %+v", g.rows)
			}
			if tt.code == CodeDuplicateKey && g.rows[1].Values[0].Str != "1" {
				t.Errorf("duplicate key: first value should win, got %+v", g.rows[1].Values[0])
			}
		})
	}
}

func TestJSONLLineOverCap(t *testing.T) {
	t.Parallel()
	p := writeFile(t, t.TempDir(), "F.jsonl", `{"a":1}`+"\n"+`{"a":"`+strings.Repeat("x", 200)+`"}`+"\n")
	g := readAll(t, []string{p}, Options{MaxLineBytes: 100})
	if g.err == nil || strings.ReplaceAll(g.err.Error(), p, "F") != "F:2: line 2 is longer than the 100-byte limit" || len(g.rows) != 1 {
		t.Fatalf("got %v after %d rows", g.err, len(g.rows))
	}
}

func TestFastFloatMatchesParseFloat(t *testing.T) {
	t.Parallel()
	lits := []string{"0", "-0", "1", "0.1", "0.3", "-2.5", "123456789012345", "1234567890.12345", "0.000000000000001",
		"0.000000000000000000000001", "1234567890123456", "9007199254740993", "1.7976931348623157"}
	for i := 0; i < 20000; i++ {
		// Deterministic pseudo-random decimals with up to 15 digits.
		m := uint64(i) * 2654435761 % 1000000000000000
		lits = append(lits, strconv.FormatFloat(float64(m)/math.Pow(10, float64(i%16)), 'f', i%16, 64))
	}
	for _, lit := range lits {
		want, _ := strconv.ParseFloat(lit, 64)
		if got, ok := fastFloat(lit); ok && (got != want || math.Signbit(got) != math.Signbit(want)) {
			t.Fatalf("fastFloat(%q) = %v, ParseFloat = %v", lit, got, want)
		}
	}
	if _, ok := fastFloat("1e5"); ok {
		t.Error("fastFloat accepted an exponent")
	}
}
