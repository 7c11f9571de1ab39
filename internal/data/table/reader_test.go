package table

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestShardsReadAsOneStream(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, dir, "shard-2.csv", "a,b\n3,z\n")
	writeFile(t, dir, "shard-1.csv", "a,b\n1,x\n2,y\n")
	gz := filepath.Join(dir, "extra.csv.gz")
	if err := os.WriteFile(gz, gzipBytes(t, []byte("\ufeffa,b\r\n4,w\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	g := readAll(t, []string{filepath.Join(dir, "shard-*.csv"), gz}, Options{})
	if g.err != nil || len(g.rowErrs) > 0 {
		t.Fatalf("errors: %v %v", g.err, g.rowErrs)
	}
	want := []struct {
		file string
		line int
		a    string
	}{{"shard-1.csv", 2, "1"}, {"shard-1.csv", 3, "2"}, {"shard-2.csv", 2, "3"}, {"extra.csv.gz", 2, "4"}}
	if len(g.rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(g.rows), len(want))
	}
	for i, w := range want {
		r := g.rows[i]
		if filepath.Base(r.File) != w.file || r.Line != w.line || r.Index != int64(i) || r.Values[0].Str != w.a {
			t.Errorf("row %d = %s:%d index %d a=%q, want %s:%d index %d a=%q", i, r.File, r.Line, r.Index, r.Values[0].Str, w.file, w.line, i, w.a)
		}
	}
}

func TestShardHeaderMismatch(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first := writeFile(t, dir, "1.csv", "a,b\n1,2\n")
	second := writeFile(t, dir, "2.csv", "a,c\n1,2\n")
	g := readAll(t, []string{first, second}, Options{})
	want := second + ":1: header differs from the first file " + first + ": got [a,c], want [a,b]"
	if g.err == nil || g.err.Error() != want || len(g.rows) != 1 {
		t.Fatalf("error = %v after %d rows, want %q", g.err, len(g.rows), want)
	}
	third := writeFile(t, dir, "3.jsonl", "{}\n")
	g = readAll(t, []string{first, third}, Options{})
	if g.err == nil || !strings.Contains(g.err.Error(), "all files of a dataset must have one format") {
		t.Fatalf("mixed formats: error = %v", g.err)
	}
}

func TestJSONLShardsShareColumns(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := writeFile(t, dir, "a.jsonl", `{"x":1}`+"\n")
	b := writeFile(t, dir, "b.jsonl", `{"y":2,"x":3}`+"\n")
	g := readAll(t, []string{a, b}, Options{})
	if g.err != nil || strings.Join(g.cols, ",") != "x,y" {
		t.Fatalf("cols %v err %v", g.cols, g.err)
	}
	if v := g.rows[1].Values; v[0].Str != "3" || v[1].Str != "2" || g.rows[1].Index != 1 || g.rows[1].Line != 1 {
		t.Errorf("second shard row = %+v", g.rows[1])
	}
}

func TestGzip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	content := []byte("a,b\n" + strings.Repeat("1,2\n", 50000))
	z := gzipBytes(t, content)
	// gzip is found by magic bytes, whatever the name.
	noExt := filepath.Join(dir, "data")
	if err := os.WriteFile(noExt, z, 0o644); err != nil {
		t.Fatal(err)
	}
	if g := readAll(t, []string{noExt}, Options{}); g.err != nil || len(g.rows) != 50000 {
		t.Fatalf("gzip without extension: %d rows, %v", len(g.rows), g.err)
	}
	trunc := filepath.Join(dir, "trunc.csv.gz")
	if err := os.WriteFile(trunc, z[:len(z)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	g := readAll(t, []string{trunc}, Options{})
	var te *Error
	if !errors.As(g.err, &te) || te.File != trunc || te.Line != len(g.rows)+2 ||
		!strings.Contains(g.err.Error(), "corrupt gzip data: the file is truncated (after") {
		t.Fatalf("truncated gzip: %v after %d rows", g.err, len(g.rows))
	}
	bad := append([]byte{}, z...)
	for i := 20; i < 60; i++ {
		bad[i] ^= 0x55
	}
	badPath := filepath.Join(dir, "bad.csv.gz")
	if err := os.WriteFile(badPath, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	g = readAll(t, []string{badPath}, Options{})
	if g.err == nil || !strings.HasPrefix(g.err.Error(), badPath+":") || !strings.Contains(g.err.Error(), "corrupt gzip") {
		t.Fatalf("corrupt gzip: %v", g.err)
	}
	header := filepath.Join(dir, "header.gz")
	if err := os.WriteFile(header, []byte{0x1f, 0x8b, 0, 0}, 0o644); err != nil {
		t.Fatal(err)
	}
	if g = readAll(t, []string{header}, Options{}); g.err == nil || !strings.HasPrefix(g.err.Error(), header+": corrupt gzip header") {
		t.Fatalf("bad gzip header: %v", g.err)
	}
}

func TestGzippedParquet(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "x.parquet")
	writeParquet(t, p, []flat{{1, 0.5}, {2, 1.5}})
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	gz := filepath.Join(dir, "x.parquet.gz")
	if err := os.WriteFile(gz, gzipBytes(t, b), 0o644); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	g := readAll(t, []string{gz}, Options{TempDir: tmp})
	if g.err != nil || len(g.rows) != 2 || g.rows[1].Values[1].Num != 1.5 {
		t.Fatalf("rows %+v err %v", g.rows, g.err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.csv")
	glob := filepath.Join(dir, "none-*.csv")
	tests := []struct {
		paths []string
		want  string
	}{
		{nil, "no data files given"},
		{[]string{missing}, missing + ": cannot read: no such file or directory"},
		{[]string{glob}, glob + ": no file matches this pattern"},
		{[]string{dir}, dir + ": is a directory, not a data file"},
		{[]string{writeFile(t, dir, "blank", "  \n")}, filepath.Join(dir, "blank") + ": cannot detect the data format of an empty file; name it .csv, .tsv, .jsonl or .parquet"},
	}
	for _, tt := range tests {
		_, err := Open(context.Background(), tt.paths, Options{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("Open(%q) = %v, want %q", tt.paths, err, tt.want)
		}
	}
	if _, err := Open(context.Background(), []string{missing}, Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file error does not wrap os.ErrNotExist: %v", err)
	}
}

func TestDetectFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		head string
		want Format
	}{
		{"a.csv", "", CSV},
		{"a.CSV.gz", "", CSV},
		{"a.tab", "", TSV},
		{"a.tsv.gz", "", TSV},
		{"a.ndjson", "", JSONL},
		{"a.json", "", JSONL},
		{"a.jsonl.gz", "", JSONL},
		{"a.parquet", "", Parquet},
		{"data", "PAR1\x15\x04", Parquet},
		{"data", "\n  {\"a\":1}", JSONL},
		{"data", "a\tb\n1\t2", TSV},
		{"data", "a,b\tc\n", CSV},
		{"data", "\ufeffx\n", CSV},
	}
	for _, tt := range tests {
		got, err := DetectFormat(tt.path, []byte(tt.head))
		if err != nil || got != tt.want {
			t.Errorf("DetectFormat(%q, %q) = %v, %v; want %v", tt.path, tt.head, got, err, tt.want)
		}
	}
}

func TestContextCancelled(t *testing.T) {
	t.Parallel()
	p := writeFile(t, t.TempDir(), "d.csv", "a\n"+strings.Repeat("1\n", 5000))
	ctx, cancel := context.WithCancel(context.Background())
	r, err := Open(ctx, []string{p}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 0
	for ; n < 10; n++ {
		if _, err := r.Read(); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	for {
		_, err = r.Read()
		if err != nil {
			break
		}
		n++
	}
	if !errors.Is(err, context.Canceled) || n >= 5000 || n > ctxCheckRows {
		t.Fatalf("after cancel: %v after %d rows", err, n)
	}
	if r.BytesRead() <= 0 {
		t.Errorf("BytesRead = %d", r.BytesRead())
	}
	if _, err := r.Read(); err == io.EOF {
		t.Log("read after error returns EOF")
	}
}
