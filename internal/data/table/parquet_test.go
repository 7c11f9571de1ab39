package table

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

var update = flag.Bool("update", false, "rewrite golden files")

// allTypes has one column per supported Parquet type.
type allTypes struct {
	I32  *int32    `parquet:"i32,optional"`
	I64  int64     `parquet:"i64"`
	U32  uint32    `parquet:"u32,uint(32)"`
	F32  float32   `parquet:"f32"`
	F64  *float64  `parquet:"f64,optional"`
	B    bool      `parquet:"b"`
	S    *string   `parquet:"s,optional"`
	E    string    `parquet:"e,enum"`
	J    string    `parquet:"j,json"`
	Raw  []byte    `parquet:"raw"`
	TS   time.Time `parquet:"ts,timestamp(millisecond)"`
	Date int32     `parquet:"d,date"`
	Dec  int64     `parquet:"dec,decimal(2:18)"`
}

func ptr[T any](v T) *T { return &v }

func allTypesRows() []allTypes {
	return []allTypes{
		{I32: ptr(int32(-7)), I64: 1 << 60, U32: 4000000000, F32: 0.5, F64: ptr(2.25), B: true, S: ptr("héllo"), E: "red",
			J: `{"k":[1]}`, Raw: []byte{0xff, 0x00}, TS: time.Date(2024, 2, 29, 13, 4, 5, 123e6, time.UTC), Date: 19782, Dec: -12345},
		{I32: nil, I64: -3, F32: -1, F64: nil, B: false, S: nil, E: "blue", J: "null", Raw: []byte("plain"),
			TS: time.Unix(0, 0).UTC(), Date: 0, Dec: 5},
	}
}

func allTypesWant() [][]Value {
	return [][]Value{
		{{Kind: Number, Num: -7, Str: "-7"}, {Kind: Number, Num: 1 << 60, Str: "1152921504606846976"}, {Kind: Number, Num: 4e9, Str: "4000000000"},
			{Kind: Number, Num: 0.5}, {Kind: Number, Num: 2.25}, {Kind: Bool, Bool: true}, {Kind: String, Str: "héllo"},
			{Kind: String, Str: "red"}, {Kind: Nested, Str: `{"k":[1]}`}, {Kind: String, Str: "base64:/wA="},
			{Kind: String, Str: "2024-02-29T13:04:05.123Z"}, {Kind: String, Str: "2024-02-29"}, {Kind: Number, Num: -123.45, Str: "-123.45"}},
		{null, {Kind: Number, Num: -3, Str: "-3"}, {Kind: Number, Num: 0, Str: "0"}, {Kind: Number, Num: -1}, null, {Kind: Bool},
			null, {Kind: String, Str: "blue"}, {Kind: Nested, Str: "null"}, {Kind: String, Str: "plain"},
			{Kind: String, Str: "1970-01-01T00:00:00Z"}, {Kind: String, Str: "1970-01-01"}, {Kind: Number, Num: 0.05, Str: "0.05"}},
	}
}

func writeParquet[T any](t testing.TB, path string, rows []T, opts ...parquet.WriterOption) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[T](f, opts...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestParquetAllTypes(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "all.parquet")
	writeParquet(t, p, allTypesRows())
	checkAllTypes(t, p)
}

// TestParquetCommittedFixture reads a file written by a past version of
// parquet-go (regenerate with -update).
func TestParquetCommittedFixture(t *testing.T) {
	t.Parallel()
	p := filepath.Join("testdata", "all_types.parquet")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		writeParquet(t, p, allTypesRows())
	}
	checkAllTypes(t, p)
}

func checkAllTypes(t *testing.T, p string) {
	t.Helper()
	g := readAll(t, []string{p}, Options{})
	if g.err != nil || len(g.rowErrs) > 0 {
		t.Fatalf("unexpected errors: %v %v", g.err, g.rowErrs)
	}
	wantCols := []string{"i32", "i64", "u32", "f32", "f64", "b", "s", "e", "j", "raw", "ts", "d", "dec"}
	if !reflect.DeepEqual(g.cols, wantCols) {
		t.Fatalf("columns = %q, want %q", g.cols, wantCols)
	}
	want := allTypesWant()
	if len(g.rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(g.rows), len(want))
	}
	for i, row := range g.rows {
		for j := range want[i] {
			if !reflect.DeepEqual(row.Values[j], want[i][j]) {
				t.Errorf("row %d column %s = %+v, want %+v", i, wantCols[j], row.Values[j], want[i][j])
			}
		}
		if row.Line != i+1 || row.Index != int64(i) {
			t.Errorf("row %d: line %d index %d", i, row.Line, row.Index)
		}
	}
}

type flat struct {
	N int64   `parquet:"n"`
	X float64 `parquet:"x"`
}

func TestParquetManyRowGroupsAndShards(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const perFile = 3000
	for s := 0; s < 3; s++ {
		rows := make([]flat, perFile)
		for i := range rows {
			rows[i] = flat{N: int64(s*perFile + i), X: float64(i) / 2}
		}
		writeParquet(t, filepath.Join(dir, "shard-"+string(rune('a'+s))+".parquet"), rows, parquet.MaxRowsPerRowGroup(700))
	}
	g := readAll(t, []string{filepath.Join(dir, "shard-*.parquet")}, Options{})
	if g.err != nil {
		t.Fatal(g.err)
	}
	if len(g.rows) != 3*perFile {
		t.Fatalf("%d rows, want %d", len(g.rows), 3*perFile)
	}
	for i, row := range g.rows {
		if row.Index != int64(i) || row.Values[0].Num != float64(i) || row.Line != i%perFile+1 {
			t.Fatalf("row %d: index %d n %v line %d", i, row.Index, row.Values[0].Num, row.Line)
		}
	}
}

type nested struct {
	A struct {
		B int32 `parquet:"b"`
	} `parquet:"a"`
}

func TestParquetErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	np := filepath.Join(dir, "nested.parquet")
	writeParquet(t, np, []nested{{}})
	good := filepath.Join(dir, "good.parquet")
	writeParquet(t, good, []flat{{1, 2}, {3, 4}})
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	corrupt := writeFile(t, dir, "corrupt.parquet", string(b[:len(b)/2])+"PAR1")
	garbage := writeFile(t, dir, "garbage.parquet", "this is not parquet at all")
	tests := []struct {
		path, want string
	}{
		{np, np + `: unsupported nested column "a" (only flat Parquet schemas are supported)`},
		{corrupt, corrupt + ": not a readable Parquet file: "},
		{garbage, garbage + ": not a readable Parquet file: "},
	}
	for _, tt := range tests {
		g := readAll(t, []string{tt.path}, Options{})
		if g.err == nil || !strings.HasPrefix(g.err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want prefix %q", tt.path, g.err, tt.want)
		}
	}
}
