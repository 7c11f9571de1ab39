package proc

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
)

type line struct{ stream, text string }

// collect returns an output writing to a buffer and a recorder of OnLine calls.
func collect(tail int) (*output, *bytes.Buffer, *[]line) {
	var live bytes.Buffer
	var lines []line
	o := &output{live: &live, tail: newTailRing(tail)}
	o.onLine = func(s, l string) { lines = append(lines, line{s, l}) }
	return o, &live, &lines
}

func TestLineReaderTerminators(t *testing.T) {
	t.Parallel()
	const in = "a\r\nb\rc\nlast\r"
	for _, oneByte := range []bool{false, true} {
		t.Run(fmt.Sprintf("oneByte=%v", oneByte), func(t *testing.T) {
			o, live, lines := collect(10)
			var r io.Reader = strings.NewReader(in)
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			newLineReader(Stdout, o, 10).run(r)
			want := []line{{Stdout, "a"}, {Stdout, "b"}, {Stdout, "c"}, {Stdout, "last"}}
			if !slicesEqual(*lines, want) {
				t.Errorf("OnLine got %q, want %q", *lines, want)
			}
			// "b" was redrawn by a carriage return: not in the tail.
			if got, want := o.tail.String(), "a\nc\nlast"; got != want {
				t.Errorf("tail = %q, want %q", got, want)
			}
			// The unterminated end gets a newline so the other stream stays whole.
			if got := live.String(); got != in+"\n" {
				t.Errorf("log = %q, want %q", got, in+"\n")
			}
		})
	}
}

func slicesEqual(a, b []line) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLineReaderLongLine(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", MaxLineBytes*2+10)
	in := "before\n" + long + "\nafter\n"
	o, live, lines := collect(5)
	newLineReader(Stderr, o, 5).run(iotest.HalfReader(strings.NewReader(in)))
	if len(*lines) != 3 {
		t.Fatalf("got %d lines, want 3 (before, cut long line, after)", len(*lines))
	}
	if got := (*lines)[1].text; got != long[:MaxLineBytes] {
		t.Errorf("long line seen as %d bytes, want cut at %d", len(got), MaxLineBytes)
	}
	if (*lines)[2].text != "after" {
		t.Errorf("line after the long one = %q", (*lines)[2].text)
	}
	// Every byte reaches the log; the cuts add newlines.
	if got := strings.ReplaceAll(live.String(), "\n", ""); got != strings.ReplaceAll(in, "\n", "") {
		t.Errorf("log lost bytes: %d, want %d", len(got), len(strings.ReplaceAll(in, "\n", "")))
	}
	tail := strings.Split(o.tail.String(), "\n")
	if len(tail) != 3 || tail[0] != "before" || tail[2] != "after" ||
		tail[1] != long[:maxTailLineBytes]+" …" {
		t.Errorf("tail lines = %d, first %q last %q", len(tail), tail[0], tail[len(tail)-1])
	}
}

func TestTailKeepsLastLines(t *testing.T) {
	t.Parallel()
	var in strings.Builder
	for i := range 1000 {
		in.WriteString(strings.Repeat("l", i%7) + "\n")
	}
	o, _, _ := collect(3)
	o.onLine = nil
	newLineReader(Stdout, o, 3).run(strings.NewReader(in.String()))
	all := strings.Split(strings.TrimSuffix(in.String(), "\n"), "\n")
	if got, want := o.tail.String(), strings.Join(all[len(all)-3:], "\n"); got != want {
		t.Errorf("tail = %q, want %q", got, want)
	}
}

func TestTailInvalidUTF8(t *testing.T) {
	t.Parallel()
	r := newTailRing(2)
	r.push([]byte("ok\xff"))
	if got := r.String(); got != "ok\uFFFD" {
		t.Errorf("tail = %q", got)
	}
}

func TestCappedLog(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "run.log")
	l, err := createLog(path, 10)
	if err != nil {
		t.Fatal(err)
	}
	l.write([]byte("12345\n"))
	l.write([]byte("6789abcdef\n"))
	if err := l.close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "12345\n6789\n[log truncated after 10 bytes]\n"; string(b) != want {
		t.Errorf("log = %q, want %q", b, want)
	}
}

func TestOutputSerializesStreams(t *testing.T) {
	t.Parallel()
	o, live, _ := collect(0)
	o.onLine = nil
	var wg sync.WaitGroup
	for _, name := range []string{Stdout, Stderr} {
		text := strings.Repeat(strings.Repeat(name[3:4], 100)+"\n", 2000)
		wg.Go(func() { newLineReader(name, o, 0).run(iotest.HalfReader(strings.NewReader(text))) })
	}
	wg.Wait()
	for i, l := range strings.Split(strings.TrimSuffix(live.String(), "\n"), "\n") {
		if l != strings.Repeat("o", 100) && l != strings.Repeat("e", 100) {
			t.Fatalf("line %d mixes streams: %q", i+1, l)
		}
	}
}

func TestCompleteEnd(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{"": 0, "abc": 0, "a\n": 2, "a\nb": 2, "a\r": 0, "a\rb": 2, "a\r\n": 3, "a\nb\r": 2} {
		if got := completeEnd([]byte(in)); got != want {
			t.Errorf("completeEnd(%q) = %d, want %d", in, got, want)
		}
	}
}
