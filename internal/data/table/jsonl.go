package table

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// columnSet is the growing, ordered union of JSON Lines keys, shared by the
// shards of one dataset.
type columnSet struct {
	names []string
	index map[string]int
}

// jsonlSource reads JSON Lines: one JSON object per line.
type jsonlSource struct {
	lr   *lineReader
	file string
	cols *columnSet

	seen    []uint64 // seen[col] == gen when the key occurred in this line
	order   []int    // order[k]: column of the k-th key of the last line
	gen     uint64
	scratch []byte
}

func newJSONLSource(r io.Reader, file string, cols *columnSet, max int) *jsonlSource {
	return &jsonlSource{lr: newLineReader(r, file, max), file: file, cols: cols}
}

func (s *jsonlSource) header() []string { return nil }
func (s *jsonlSource) line() int        { return s.lr.numLine }
func (s *jsonlSource) close() error     { return nil }

// jsonSyntaxError is a parse error at a byte offset of the line.
type jsonSyntaxError struct {
	off int
	msg string
}

func (s *jsonlSource) next(row *Row) error {
	var line []byte
	for {
		l, err := s.lr.readLine()
		if err != nil {
			return err
		}
		l = l[:len(l)-lengthNL(l)]
		if len(bytes.TrimLeft(l, " \t\r")) == 0 {
			continue // Blank lines are skipped.
		}
		line = l
		break
	}
	row.Line = s.lr.numLine
	s.gen++
	str := string(line)
	var rerr *RowError
	if serr, dup := s.parse(str, row); serr != nil {
		for i := range row.Values {
			row.Values[i] = Value{}
		}
		rerr = rerr.add(Error{File: s.file, Line: row.Line, Column: serr.off + 1, Code: CodeJSON, Msg: serr.msg})
	} else if dup != nil {
		rerr = rerr.add(*dup)
	}
	if !utf8.ValidString(str) {
		off := invalidUTF8Offset(str)
		rerr = rerr.add(Error{File: s.file, Line: row.Line, Column: off + 1, Code: CodeUTF8, Msg: "line is not valid UTF-8"})
	}
	if rerr != nil {
		return rerr
	}
	return nil
}

func invalidUTF8Offset(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(s)
}

// resetRow makes row.Values as long as the column set, all Absent.
func (s *jsonlSource) resetRow(row *Row) {
	n := len(s.cols.names)
	if cap(row.Values) < n {
		row.Values = make([]Value, n, n+n/2+4)
	}
	row.Values = row.Values[:n]
	for i := range row.Values {
		row.Values[i] = Value{}
	}
	for len(s.seen) < n {
		s.seen = append(s.seen, 0)
	}
}

func skipWS(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}

func errAt(off int, format string, args ...any) *jsonSyntaxError {
	return &jsonSyntaxError{off: off, msg: fmt.Sprintf(format, args...)}
}

func describe(s string, i int) string {
	if i >= len(s) {
		return "end of line"
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return strconv.QuoteRune(r)
}

// parse parses one JSON object into row. It returns a syntax error, or a
// duplicate-key problem (the row is still filled, the first value wins).
func (s *jsonlSource) parse(str string, row *Row) (*jsonSyntaxError, *Error) {
	s.resetRow(row)
	i := skipWS(str, 0)
	if i >= len(str) || str[i] != '{' {
		return errAt(i, "expected a JSON object, found %s", describe(str, i)), nil
	}
	i = skipWS(str, i+1)
	var dup *Error
	nkey := 0
	if i < len(str) && str[i] == '}' {
		i++
	} else {
		for {
			if i >= len(str) || str[i] != '"' {
				return errAt(i, "expected a quoted key, found %s", describe(str, i)), nil
			}
			keyOff := i
			key, j, err := s.parseString(str, i)
			if err != nil {
				return err, nil
			}
			i = skipWS(str, j)
			if i >= len(str) || str[i] != ':' {
				return errAt(i, "expected ':' after a key, found %s", describe(str, i)), nil
			}
			i = skipWS(str, i+1)
			var v Value
			v, i, err = s.parseValue(str, i)
			if err != nil {
				return err, nil
			}
			col := s.column(key, nkey, row)
			nkey++
			if s.seen[col] == s.gen {
				if dup == nil {
					dup = &Error{File: s.file, Line: row.Line, Column: keyOff + 1, Code: CodeDuplicateKey, Field: key,
						Msg: fmt.Sprintf("duplicate key %q in one object", key)}
				}
			} else {
				s.seen[col] = s.gen
				row.Values[col] = v
			}
			i = skipWS(str, i)
			if i < len(str) && str[i] == ',' {
				i = skipWS(str, i+1)
				continue
			}
			if i < len(str) && str[i] == '}' {
				i++
				break
			}
			return errAt(i, "expected ',' or '}' after a value, found %s", describe(str, i)), nil
		}
	}
	if i = skipWS(str, i); i < len(str) {
		return errAt(i, "unexpected %s after the object (one object per line)", describe(str, i)), nil
	}
	return nil, dup
}

// column returns the column index of key, adding a new column to the set
// (and to row) if the key is new.
func (s *jsonlSource) column(key string, k int, row *Row) int {
	// Lines usually list the same keys in the same order: try the column
	// of the k-th key of the previous line before the map.
	if k < len(s.order) {
		if c := s.order[k]; c < len(s.cols.names) && s.cols.names[c] == key {
			return c
		}
	}
	c, ok := s.cols.index[key]
	if !ok {
		c = s.addColumn(key, row)
	}
	for len(s.order) <= k {
		s.order = append(s.order, 0)
	}
	s.order[k] = c
	return c
}

func (s *jsonlSource) addColumn(key string, row *Row) int {
	key = strings.Clone(key)
	c := len(s.cols.names)
	s.cols.names = append(s.cols.names, key)
	s.cols.index[key] = c
	s.growRow(row)
	return c
}

func (s *jsonlSource) growRow(row *Row) {
	n := len(s.cols.names)
	for len(row.Values) < n {
		row.Values = append(row.Values, Value{})
	}
	for len(s.seen) < n {
		s.seen = append(s.seen, 0)
	}
}

// parseString parses the JSON string starting at str[i] == '"'. Without
// escapes the result is a substring of str (no allocation).
func (s *jsonlSource) parseString(str string, i int) (string, int, *jsonSyntaxError) {
	start := i + 1
	j := start
	for j < len(str) {
		c := str[j]
		if c == '"' {
			return str[start:j], j + 1, nil
		}
		if c == '\\' {
			return s.parseEscaped(str, start, j)
		}
		if c < 0x20 {
			return "", 0, errAt(j, "control character %s in a string", describe(str, j))
		}
		j++
	}
	return "", 0, errAt(len(str), "unterminated string")
}

func (s *jsonlSource) parseEscaped(str string, start, j int) (string, int, *jsonSyntaxError) {
	b := append(s.scratch[:0], str[start:j]...)
	for j < len(str) {
		c := str[j]
		switch {
		case c == '"':
			s.scratch = b
			return string(b), j + 1, nil
		case c < 0x20:
			return "", 0, errAt(j, "control character %s in a string", describe(str, j))
		case c != '\\':
			b = append(b, c)
			j++
			continue
		}
		if j+1 >= len(str) {
			break
		}
		e := str[j+1]
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(str, j+2)
			if !ok {
				return "", 0, errAt(j, `invalid \u escape`)
			}
			j += 6
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(str, j+2); ok && j+1 < len(str) && str[j] == '\\' && str[j+1] == 'u' {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						b = utf8.AppendRune(b, dec)
						j += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			return "", 0, errAt(j, "invalid escape %s in a string", describe(str, j+1))
		}
		j += 2
	}
	return "", 0, errAt(len(str), "unterminated string")
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// parseValue parses the JSON value at str[i].
func (s *jsonlSource) parseValue(str string, i int) (Value, int, *jsonSyntaxError) {
	if i >= len(str) {
		return Value{}, i, errAt(i, "expected a value, found end of line")
	}
	switch c := str[i]; {
	case c == '"':
		v, j, err := s.parseString(str, i)
		return Value{Kind: String, Str: v}, j, err
	case c == '-' || ('0' <= c && c <= '9'):
		j, err := scanNumber(str, i)
		if err != nil {
			return Value{}, 0, err
		}
		lit := str[i:j]
		f, ok := fastFloat(lit)
		if !ok {
			f, _ = strconv.ParseFloat(lit, 64) // grammar checked; out of range gives ±Inf
		}
		return Value{Kind: Number, Num: f, Str: lit}, j, nil
	case c == 't' && strings.HasPrefix(str[i:], "true"):
		return Value{Kind: Bool, Bool: true}, i + 4, nil
	case c == 'f' && strings.HasPrefix(str[i:], "false"):
		return Value{Kind: Bool}, i + 5, nil
	case c == 'n' && strings.HasPrefix(str[i:], "null"):
		return Value{Kind: Null}, i + 4, nil
	case c == '{' || c == '[':
		j, compact, err := s.skipComposite(str, i, 0)
		if err != nil {
			return Value{}, 0, err
		}
		raw := str[i:j]
		if !compact {
			var buf bytes.Buffer
			_ = json.Compact(&buf, []byte(raw)) // syntax already checked
			raw = buf.String()
		}
		return Value{Kind: Nested, Str: raw}, j, nil
	}
	return Value{}, 0, errAt(i, "invalid value starting with %s", describe(str, i))
}

// scanNumber checks the JSON number grammar from str[i] and returns its end.
func scanNumber(str string, i int) (int, *jsonSyntaxError) {
	start := i
	if str[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(str) && '0' <= str[i] && str[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(str) && str[i] == '0':
		i++
	case digits() == 0:
		return 0, errAt(i, "invalid number %q", str[start:min(i+1, len(str))])
	}
	if i < len(str) && str[i] == '.' {
		i++
		if digits() == 0 {
			return 0, errAt(i, "invalid number: no digit after the decimal point")
		}
	}
	if i < len(str) && (str[i] == 'e' || str[i] == 'E') {
		i++
		if i < len(str) && (str[i] == '+' || str[i] == '-') {
			i++
		}
		if digits() == 0 {
			return 0, errAt(i, "invalid number: no digit in the exponent")
		}
	}
	return i, nil
}

const maxNesting = 1000

// skipComposite checks the object or array at str[i] and returns its end
// and whether it is already compact (no whitespace outside strings).
func (s *jsonlSource) skipComposite(str string, i, depth int) (int, bool, *jsonSyntaxError) {
	if depth > maxNesting {
		return 0, false, errAt(i, "nested deeper than %d levels", maxNesting)
	}
	open := str[i]
	closer := byte('}')
	if open == '[' {
		closer = ']'
	}
	compact := true
	ws := func(j int) int {
		k := skipWS(str, j)
		if k != j {
			compact = false
		}
		return k
	}
	i = ws(i + 1)
	if i < len(str) && str[i] == closer {
		return i + 1, compact, nil
	}
	for {
		if open == '{' {
			if i >= len(str) || str[i] != '"' {
				return 0, false, errAt(i, "expected a quoted key, found %s", describe(str, i))
			}
			_, j, err := s.parseString(str, i)
			if err != nil {
				return 0, false, err
			}
			i = ws(j)
			if i >= len(str) || str[i] != ':' {
				return 0, false, errAt(i, "expected ':' after a key, found %s", describe(str, i))
			}
			i = ws(i + 1)
		}
		var err *jsonSyntaxError
		if i < len(str) && (str[i] == '{' || str[i] == '[') {
			var c bool
			i, c, err = s.skipComposite(str, i, depth+1)
			compact = compact && c
		} else {
			_, i, err = s.parseValue(str, i)
		}
		if err != nil {
			return 0, false, err
		}
		i = ws(i)
		if i < len(str) && str[i] == ',' {
			i = ws(i + 1)
			continue
		}
		if i < len(str) && str[i] == closer {
			return i + 1, compact, nil
		}
		return 0, false, errAt(i, "expected ',' or %q, found %s", closer, describe(str, i))
	}
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// fastFloat converts a JSON number without exponent and with at most 15
// significant digits exactly (Clinger's fast path: an exact mantissa divided
// by an exact power of ten is correctly rounded). It reports false for
// anything else, which strconv.ParseFloat then handles.
func fastFloat(lit string) (float64, bool) {
	i, neg := 0, false
	if lit[0] == '-' {
		i, neg = 1, true
	}
	var mant uint64
	digits, frac, dot := 0, 0, false
	for ; i < len(lit); i++ {
		c := lit[i]
		switch {
		case '0' <= c && c <= '9':
			mant = mant*10 + uint64(c-'0')
			if mant != 0 {
				digits++
			}
			if dot {
				frac++
			}
		case c == '.':
			dot = true
		default:
			return 0, false
		}
	}
	if digits > 15 || frac >= len(pow10) {
		return 0, false
	}
	f := float64(mant) / pow10[frac]
	if neg {
		f = -f
	}
	return f, true
}
