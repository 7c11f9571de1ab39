package table

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// got is what reading a whole dataset produced.
type got struct {
	cols    []string
	rows    []Row // deep copies
	rowErrs []Error
	err     error // the fatal error, if any
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gzipBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readAll reads a dataset to the end or to its first fatal error.
func readAll(t *testing.T, paths []string, opt Options) got {
	t.Helper()
	r, err := Open(context.Background(), paths, opt)
	if err != nil {
		return got{err: err}
	}
	defer func() {
		if err := r.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}()
	var g got
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		var re *RowError
		if err != nil && !errors.As(err, &re) {
			g.err = err
			break
		}
		if re != nil {
			g.rowErrs = append(g.rowErrs, re.Problems...)
		}
		if row == nil {
			t.Fatalf("Read returned a nil row with %v", err)
		}
		c := *row
		c.Values = append([]Value(nil), row.Values...)
		g.rows = append(g.rows, c)
	}
	g.cols = append([]string(nil), r.Columns()...)
	return g
}

func text(s string) Value { return Value{Kind: Text, Str: s} }

var null = Value{Kind: Null}
