package table

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readAll returns the rows of r as "line:values" strings.
func readRows(t *testing.T, r *Reader) []string {
	t.Helper()
	var out []string
	for {
		row, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil && row == nil {
			t.Fatal(err)
		}
		var vals []string
		for _, v := range row.Values {
			vals = append(vals, v.Kind.String()+"="+v.Str)
		}
		out = append(out, fmt.Sprintf("%d:%s", row.Line, strings.Join(vals, "|")))
	}
}

func TestSectionsReadLikeTheStream(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("\ufeffa,b,c\r\n")
	for i := range 5000 {
		if i == 1234 {
			b.WriteString("1,2\r\n") // ragged
			continue
		}
		fmt.Fprintf(&b, "%d,x%d,%d.5\r\n", i, i%7, i)
	}
	b.WriteString("last,,row") // no final newline
	path := filepath.Join(dir, "d.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	whole, err := Open(ctx, []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := readRows(t, whole)
	cols := whole.Columns()
	whole.Close()

	for _, n := range []int{2, 3, 7} {
		secs, err := SplitLines(path, n, CSV, Options{MinSectionBytes: 10 << 10})
		if err != nil || len(secs) != n {
			t.Fatalf("n=%d: %d sections, err %v", n, len(secs), err)
		}
		var got []string
		for i, sec := range secs {
			if i > 0 && sec.Start != secs[i-1].End {
				t.Fatalf("sections not contiguous: %+v", secs)
			}
			r, err := OpenSection(ctx, path, sec, cols, CSV, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, readRows(t, r)...)
			r.Close()
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("n=%d: sections read %d rows, the stream %d; first difference at %s", n, len(got), len(want), firstDiff(got, want))
		}
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("%q vs %q", a[i], b[i])
		}
	}
	return "the end"
}

func TestSplitLinesRefusesWhatItCannotSplit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := strings.Repeat("1,2,3\n", 10000)
	cases := map[string]string{
		"quoted.csv": "a,b,c\n" + big + "\"x\",2,3\n",
		"small.csv":  "a,b,c\n1,2,3\n",
		"gz.csv":     "\x1f\x8b" + big,
	}
	for name, content := range cases {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		secs, err := SplitLines(path, 2, CSV, Options{MinSectionBytes: 10 << 10})
		if err != nil || secs != nil {
			t.Errorf("%s: %v %v, want no sections", name, secs, err)
		}
	}
	// TSV has no quoting: quotes are data, so it splits.
	path := filepath.Join(dir, "q.tsv")
	if err := os.WriteFile(path, []byte("a\tb\n"+strings.Repeat("\"1\"\t2\n", 20000)), 0o644); err != nil {
		t.Fatal(err)
	}
	if secs, _ := SplitLines(path, 2, TSV, Options{MinSectionBytes: 10 << 10}); len(secs) != 2 {
		t.Errorf("TSV with quotes as data: %d sections", len(secs))
	}
}
