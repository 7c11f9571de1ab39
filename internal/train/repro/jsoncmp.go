package repro

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// compareJSON compares two JSON documents: numbers within tol, everything
// else exactly. Object key order does not matter.
func compareJSON(a, b string, tol Tolerance, d *Diff) error {
	va, err := readJSON(a)
	if err != nil {
		return err
	}
	vb, err := readJSON(b)
	if err != nil {
		return err
	}
	w := &jsonWalk{t: tally{tol: tol}}
	w.walk(va, vb, "")
	w.t.fill(d)
	switch {
	case w.structural > 0:
		d.Where = w.firstWhere
		d.Message = fmt.Sprintf("%d structural or text differences, first at %s: %s; %s",
			w.structural, pointerOrRoot(w.firstWhere), w.firstMsg, w.t.summary(""))
	default:
		d.Where = w.worstWhere
		d.Same = w.t.bad == 0
		d.Message = w.t.summary(pointerOrRoot(w.worstWhere))
	}
	return nil
}

func pointerOrRoot(p string) string {
	if p == "" {
		return `"" (the root)`
	}
	return p
}

// readJSON reads and parses a JSON file of at most MaxJSONBytes.
func readJSON(path string) (*jvalue, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading JSON %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxJSONBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading JSON %s: %w", path, err)
	}
	if len(data) > MaxJSONBytes {
		return nil, fmt.Errorf("reading JSON %s: larger than %d MiB, refusing to compare it numerically", path, MaxJSONBytes>>20)
	}
	v, err := parseJSON(data)
	if err != nil {
		return nil, fmt.Errorf("parsing JSON %s: %w", path, err)
	}
	return v, nil
}

// jsonWalk walks two documents in parallel.
type jsonWalk struct {
	t          tally
	worstWhere string
	structural int
	firstWhere string
	firstMsg   string
}

func (w *jsonWalk) mismatch(ptr, msg string) {
	if w.structural == 0 {
		w.firstWhere, w.firstMsg = ptr, msg
	}
	w.structural++
}

func (w *jsonWalk) walk(a, b *jvalue, ptr string) {
	if a.kind != b.kind {
		w.mismatch(ptr, fmt.Sprintf("%s in run A, %s in run B", a.kindName(), b.kindName()))
		return
	}
	switch a.kind {
	case 'n':
		if a.str == b.str {
			w.t.add(0, 0)
			return
		}
		if w.t.add(absDiff(a.num, b.num)) {
			w.worstWhere = ptr
		}
	case 's', 'b':
		if a.str != b.str {
			w.mismatch(ptr, fmt.Sprintf("%s %s in run A, %s in run B", a.kindName(), quoteShort(a.str), quoteShort(b.str)))
		}
	case 'a':
		if len(a.arr) != len(b.arr) {
			w.mismatch(ptr, fmt.Sprintf("array of %d items in run A, %d in run B", len(a.arr), len(b.arr)))
		}
		for i := range min(len(a.arr), len(b.arr)) {
			w.walk(a.arr[i], b.arr[i], ptr+"/"+strconv.Itoa(i))
		}
	case 'o':
		keys := make([]string, 0, len(a.keys))
		keys = append(keys, a.keys...)
		for _, k := range b.keys {
			if _, ok := a.obj[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := ptr + "/" + escapePointer(k)
			ea, okA := a.obj[k]
			eb, okB := b.obj[k]
			switch {
			case !okA:
				w.mismatch(p, "key only in run B")
			case !okB:
				w.mismatch(p, "key only in run A")
			default:
				w.walk(ea, eb, p)
			}
		}
	}
}

// escapePointer escapes a key for a JSON pointer (RFC 6901).
func escapePointer(k string) string {
	if !strings.ContainsAny(k, "~/") {
		return k
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
}

// quoteShort quotes s, shortened to at most 40 bytes.
func quoteShort(s string) string {
	const limit = 40
	if len(s) > limit {
		cut := limit
		for cut > 0 && (s[cut]&0xC0) == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}
