package table

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// The CSV parser below follows encoding/csv's readRecord (Copyright 2011 The
// Go Authors, BSD-style license) with LazyQuotes off, so that it accepts
// and rejects exactly what encoding/csv does, and adds what a dataset reader
// needs: a bound on line and record size, record start lines, row-level
// (non-fatal) quote errors, and TSV without quoting.

// position is a 1-based line and byte column.
type position struct{ line, col int }

// csvSource reads CSV or TSV.
type csvSource struct {
	lr      *lineReader
	file    string
	comma   byte
	quoting bool
	max     int

	cols    []string
	recLine int

	// The last record read: rec holds its fields' bytes, field i is
	// rec[fieldStart(i):fieldIndexes[i]]. rec is either recordBuffer (a
	// record with quotes, unquoted into it) or the line itself (a line
	// without quotes, whose fields are separated by the delimiter).
	rec            []byte
	recordBuffer   []byte
	fieldIndexes   []int
	fieldPositions []position // of a record with quotes only, see fieldPos
	plain          bool       // the record was a line without quotes
	ascii          bool       // the record is known to be ASCII
	endPos         position

	// borrow makes text return the record's bytes in place (see
	// Options.BorrowText); otherwise they are copied into strs.
	borrow bool
	strs   stringArena
}

// text returns the last record's bytes as one string that the row's values
// slice: in place when borrowing, else one copy from the arena (no
// allocation per row either way).
func (s *csvSource) text() string {
	if s.borrow {
		// Valid until the next read: the caller asked for that contract.
		return unsafe.String(unsafe.SliceData(s.rec), len(s.rec))
	}
	return s.strs.text(s.rec)
}

// fieldPos returns where field i of the last record starts.
func (s *csvSource) fieldPos(i int) position {
	if s.plain {
		return position{line: s.recLine, col: s.fieldStart(i) + 1}
	}
	return s.fieldPositions[i]
}

// field returns the bytes of field i of the last record read.
func (s *csvSource) field(i int) []byte { return s.rec[s.fieldStart(i):s.fieldIndexes[i]] }

// fieldStart returns where field i starts in rec: where the field before
// ends, past its delimiter in a plain line.
func (s *csvSource) fieldStart(i int) int {
	if i == 0 {
		return 0
	}
	if s.plain {
		return s.fieldIndexes[i-1] + 1
	}
	return s.fieldIndexes[i-1]
}

func newCSVSource(r io.Reader, file string, comma byte, quoting bool, max int) (*csvSource, error) {
	s := &csvSource{lr: newLineReader(r, file, max), file: file, comma: comma, quoting: quoting, max: max}
	fields, qerr, err := s.readRecord()
	if err == io.EOF {
		return nil, &Error{File: file, Line: 1, Msg: "empty file: no header line"}
	}
	if err != nil {
		return nil, err
	}
	if qerr != nil {
		qerr.Msg = "header: " + qerr.Msg
		return nil, qerr
	}
	seen := make(map[string]int, fields)
	s.cols = make([]string, fields)
	for i := 0; i < fields; i++ {
		name := string(s.field(i))
		p := s.fieldPos(i)
		switch j, dup := seen[name]; {
		case !utf8.ValidString(name):
			return nil, &Error{File: file, Line: p.line, Column: p.col, Msg: fmt.Sprintf("header: column %d name is not valid UTF-8", i+1)}
		case name == "":
			return nil, &Error{File: file, Line: p.line, Column: p.col, Msg: fmt.Sprintf("header: column %d has an empty name", i+1)}
		case dup:
			return nil, &Error{File: file, Line: p.line, Column: p.col, Field: name, Msg: fmt.Sprintf("header: duplicate column name %q (columns %d and %d)", name, j+1, i+1)}
		}
		seen[name] = i
		s.cols[i] = name
	}
	return s, nil
}

func (s *csvSource) header() []string { return s.cols }
func (s *csvSource) line() int        { return s.lr.numLine }
func (s *csvSource) close() error     { return nil }

// next reads one record into row. A quote problem, a ragged record or
// invalid UTF-8 is returned as a *RowError with the row filled.
func (s *csvSource) next(row *Row) error {
	n, qerr, err := s.readRecord()
	if err != nil {
		return err
	}
	row.Line = s.recLine
	vals := row.Values
	if cap(vals) < len(s.cols) {
		vals = make([]Value, len(s.cols))
	}
	vals = vals[:len(s.cols)]
	row.Values = vals
	str := s.text()
	m := min(n, len(vals))
	for i := 0; i < m; i++ {
		start, end := s.fieldStart(i), s.fieldIndexes[i]
		if end == start {
			vals[i] = Value{Kind: Null}
		} else {
			vals[i] = Value{Kind: Text, Str: str[start:end]}
		}
	}
	for i := m; i < len(vals); i++ {
		vals[i] = Value{}
	}
	var rerr *RowError
	if qerr != nil {
		qerr.Code = CodeQuote
		if n < len(s.cols) {
			qerr.Field = s.cols[n]
		}
		rerr = rerr.add(*qerr)
	} else if n != len(s.cols) {
		rerr = rerr.add(s.raggedError(n))
	}
	// The delimiter is ASCII, so a plain line is valid UTF-8 exactly when
	// each of its fields is. The fields of a record with quotes are stored
	// back to back, where the halves of a character in two fields would
	// look valid: check each field.
	if !s.ascii && (!s.plain || !utf8.Valid(s.rec)) {
		for i := 0; i < n; i++ {
			if v := str[s.fieldStart(i):s.fieldIndexes[i]]; !utf8.ValidString(v) {
				p := s.fieldPos(i)
				e := Error{File: s.file, Line: p.line, Column: p.col, Code: CodeUTF8}
				if i < len(s.cols) {
					e.Field = s.cols[i]
					e.Msg = fmt.Sprintf("column %q: value is not valid UTF-8", s.cols[i])
				} else {
					e.Msg = fmt.Sprintf("field %d: value is not valid UTF-8", i+1)
				}
				rerr = rerr.add(e)
			}
		}
	}
	if rerr != nil {
		return rerr
	}
	return nil
}

func (s *csvSource) raggedError(n int) Error {
	e := Error{File: s.file, Code: CodeRagged}
	if n > len(s.cols) {
		p := s.fieldPos(len(s.cols))
		e.Line, e.Column = p.line, p.col
		e.Msg = fmt.Sprintf("row has %d fields, the header has %d (extra fields dropped)", n, len(s.cols))
		return e
	}
	e.Line, e.Column = s.endPos.line, s.endPos.col
	e.Field = s.cols[n]
	e.Msg = fmt.Sprintf("row has %d fields, the header has %d (missing: %s)", n, len(s.cols), strings.Join(s.cols[n:], ", "))
	return e
}

// readRecord parses the next record into recordBuffer, fieldIndexes and
// fieldPositions (see fieldPos) and returns the number of fields. A quote error is
// returned as qerr (the record holds the fields before it; the rest of the
// line is skipped); err is io.EOF at the end or a fatal error.
func (s *csvSource) readRecord() (n int, qerr *Error, err error) {
	var line []byte
	var errRead error
	for errRead == nil {
		line, errRead = s.lr.readLine()
		if errRead == nil && len(line) == lengthNL(line) {
			line = nil
			continue // Skip empty lines.
		}
		break
	}
	if errRead == io.EOF {
		return 0, nil, io.EOF
	}
	if errRead != nil {
		return 0, nil, errRead
	}
	const quoteLen = 1
	comma := s.comma
	recLine := s.lr.numLine
	s.recLine = recLine
	s.fieldIndexes = s.fieldIndexes[:0]
	s.fieldPositions = s.fieldPositions[:0]
	s.plain = s.splitLine(line)
	if s.plain {
		return len(s.fieldIndexes), nil, nil
	}
	s.ascii = false
	s.recordBuffer = s.recordBuffer[:0]
	pos := position{line: recLine, col: 1}
parseField:
	for {
		if !s.quoting || len(line) == 0 || line[0] != '"' {
			// Non-quoted field.
			i := bytes.IndexByte(line, comma)
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			if s.quoting {
				if j := bytes.IndexByte(field, '"'); j >= 0 {
					qerr = &Error{File: s.file, Line: s.lr.numLine, Column: pos.col + j, Msg: `bare " in non-quoted field`}
					break parseField
				}
			}
			s.recordBuffer = append(s.recordBuffer, field...)
			s.fieldIndexes = append(s.fieldIndexes, len(s.recordBuffer))
			s.fieldPositions = append(s.fieldPositions, pos)
			if i >= 0 {
				line = line[i+1:]
				pos.col += i + 1
				continue parseField
			}
			pos.col += len(field)
			break parseField
		}
		// Quoted field.
		fieldPos := pos
		line = line[quoteLen:]
		pos.col += quoteLen
		for {
			i := bytes.IndexByte(line, '"')
			if i >= 0 {
				s.recordBuffer = append(s.recordBuffer, line[:i]...)
				line = line[i+quoteLen:]
				pos.col += i + quoteLen
				switch {
				case len(line) > 0 && line[0] == '"':
					// `""` sequence (append quote).
					s.recordBuffer = append(s.recordBuffer, '"')
					line = line[quoteLen:]
					pos.col += quoteLen
				case len(line) > 0 && line[0] == comma:
					// `",` sequence (end of field).
					line = line[1:]
					pos.col++
					s.fieldIndexes = append(s.fieldIndexes, len(s.recordBuffer))
					s.fieldPositions = append(s.fieldPositions, fieldPos)
					continue parseField
				case lengthNL(line) == len(line):
					// `"\n` sequence (end of line).
					s.fieldIndexes = append(s.fieldIndexes, len(s.recordBuffer))
					s.fieldPositions = append(s.fieldPositions, fieldPos)
					break parseField
				default:
					// `"*` sequence (invalid non-escaped quote).
					qerr = &Error{File: s.file, Line: s.lr.numLine, Column: pos.col - quoteLen, Msg: `extraneous or missing " in quoted field`}
					break parseField
				}
			} else if len(line) > 0 {
				// Hit end of line (copy all data so far).
				s.recordBuffer = append(s.recordBuffer, line...)
				if len(s.recordBuffer) > s.max {
					return 0, nil, &Error{File: s.file, Line: recLine, Msg: fmt.Sprintf("the record starting at line %d is longer than the %d-byte limit", recLine, s.max)}
				}
				if errRead != nil {
					break parseField
				}
				pos.col += len(line)
				line, errRead = s.lr.readLine()
				if len(line) > 0 {
					pos.line++
					pos.col = 1
				}
				if errRead == io.EOF {
					errRead = nil
				} else if errRead != nil {
					return 0, nil, errRead
				}
			} else {
				// Abrupt end of file.
				if errRead == nil {
					qerr = &Error{File: s.file, Line: pos.line, Column: pos.col, Msg: `extraneous or missing " in quoted field (the file ends inside a quoted field)`}
					break parseField
				}
				s.fieldIndexes = append(s.fieldIndexes, len(s.recordBuffer))
				s.fieldPositions = append(s.fieldPositions, fieldPos)
				break parseField
			}
		}
	}
	s.endPos = pos
	s.rec = s.recordBuffer // the fields back to back
	return len(s.fieldIndexes), qerr, nil
}

// splitLine is readRecord for a line without quotes (or a format without
// quoting): every field is plain text up to the next delimiter, so the
// record is the line itself and nothing is copied. It is what the general
// loop does on such a line, without the per-field quote search. It returns
// false, having recorded nothing, when quoting applies and the line has a
// quote. It also notes whether the line is ASCII, which needs no UTF-8
// check.
func (s *csvSource) splitLine(line []byte) bool {
	body := line[:len(line)-lengthNL(line)]
	// Eight bytes at a time: one pass finds the delimiters, quotes and
	// non-ASCII bytes, where one IndexByte call per field would cost more.
	var high uint64 // the OR of all bytes, to tell ASCII
	i := 0
	for ; i+8 <= len(body); i += 8 {
		w := binary.LittleEndian.Uint64(body[i:])
		if s.quoting && byteMask(w, '"') != 0 {
			s.fieldIndexes = s.fieldIndexes[:0]
			return false
		}
		high |= w
		for m := byteMask(w, s.comma); m != 0; m &= m - 1 {
			s.fieldIndexes = append(s.fieldIndexes, i+bits.TrailingZeros64(m)>>3)
		}
	}
	for ; i < len(body); i++ {
		c := body[i]
		high |= uint64(c)
		switch {
		case c == s.comma:
			s.fieldIndexes = append(s.fieldIndexes, i)
		case c == '"' && s.quoting:
			s.fieldIndexes = s.fieldIndexes[:0]
			return false
		}
	}
	s.fieldIndexes = append(s.fieldIndexes, len(body))
	s.rec = body
	s.ascii = high&hiBits == 0
	s.endPos = position{line: s.recLine, col: len(body) + 1}
	return true
}

const hiBits = 0x8080808080808080

// byteMask returns the bytes of w (little endian) that equal c, as the top
// bit of each such byte. It is exact: no carry crosses a byte.
func byteMask(w uint64, c byte) uint64 {
	const lo7 = 0x7f7f7f7f7f7f7f7f
	x := w ^ (uint64(c) * 0x0101010101010101) // zero bytes where w has c
	return ^(((x & lo7) + lo7) | x) & hiBits
}
