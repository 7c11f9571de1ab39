package table

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
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

// cutLinesByLine is the straightforward form of cutLines (it looks for the
// end of every line), kept as the oracle of TestCutLinesAgreesWithLineByLine.
func cutLinesByLine(data []byte, n int, minBytes int64) []Section {
	size := int64(len(data))
	n = int(min(int64(n), size/minBytes))
	var cuts []int64
	var lines []int
	line := 1
	for i, c := range data {
		if c != '\n' {
			continue
		}
		line++
		start := int64(i + 1)
		switch {
		case len(cuts) == 0:
			cuts, lines = append(cuts, start), append(lines, line)
		case len(cuts) < n && start < size && start >= cuts[0]+int64(len(cuts))*(size-cuts[0])/int64(n):
			cuts, lines = append(cuts, start), append(lines, line)
		}
	}
	if len(cuts) < 2 {
		return nil
	}
	out := make([]Section, len(cuts))
	for i, c := range cuts {
		end := size
		if i+1 < len(cuts) {
			end = cuts[i+1]
		}
		out[i] = Section{Start: c, End: end, FirstLine: lines[i]}
	}
	return out
}

// cutLines finds the cut points with a few reads and counts lines in bulk,
// in parallel, across buffer boundaries: it must cut exactly where a
// line-by-line pass does, and refuse a file with a quote anywhere.
func TestCutLinesAgreesWithLineByLine(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 300 {
		var b []byte
		for range 1 + r.IntN(400) {
			// Short lines, empty lines and, now and then, a line longer
			// than the buffer or a section.
			k := r.IntN(30)
			if r.IntN(40) == 0 {
				k = 200 + r.IntN(600)
			}
			b = append(b, bytes.Repeat([]byte{'x'}, k)...)
			b = append(b, '\n')
		}
		if r.IntN(2) == 0 {
			b = b[:len(b)-1] // no final newline
		}
		quoted := r.IntN(4) == 0
		if quoted {
			b[r.IntN(len(b))] = '"'
		}
		n := 2 + r.IntN(6)
		minBytes := int64(1 + r.IntN(len(b)/2+1))
		bufSize := 2 + r.IntN(300)
		got, err := cutLines(bytes.NewReader(b), int64(len(b)), n, true, minBytes, bufSize)
		if err != nil {
			t.Fatal(err)
		}
		want := cutLinesByLine(b, n, minBytes)
		if quoted {
			want = nil // a quote anywhere: no sections
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d (n=%d min=%d buf=%d, %d bytes): got %+v, want %+v", trial, n, minBytes, bufSize, len(b), got, want)
		}
	}
}
