package table

import (
	"fmt"
	"strconv"
	"strings"
)

// Codes of the row-level problems carried by a [RowError], for grouping
// findings by kind.
const (
	// CodeRagged: a CSV/TSV record with more or fewer fields than the header.
	CodeRagged = "ragged-row"
	// CodeUTF8: a value that is not valid UTF-8.
	CodeUTF8 = "invalid-utf8"
	// CodeQuote: a bare quote in an unquoted CSV field, or an extraneous or
	// missing quote in a quoted field.
	CodeQuote = "bad-quote"
	// CodeJSON: a JSON Lines line that is not one valid JSON object.
	CodeJSON = "invalid-json"
	// CodeDuplicateKey: a JSON object with the same key twice.
	CodeDuplicateKey = "duplicate-key"
)

// Error is a problem at a position in an input file. Line and Column are
// 1-based; Column is a byte column in the line (0 when it does not apply,
// Line 0 when the problem concerns the whole file).
type Error struct {
	File   string
	Line   int
	Column int
	// Code classifies row-level problems (one of the Code constants); it is
	// empty for fatal errors.
	Code string
	// Field is the name of the dataset column concerned, if any.
	Field string
	Msg   string
	// Err is the underlying cause, if any (for errors.Is / errors.As).
	Err error
}

// Error formats the error as "file:line:col: msg", leaving out the parts
// that are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Column))
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// RowError reports problems in one row that do not stop reading: a ragged
// CSV row, invalid UTF-8, a bad quote, a JSON Lines line that is not an
// object or has a duplicate key.
//
// [Reader.Read] returns a RowError together with the row: reading can
// continue with the next call. The row holds what could be read (see the
// documentation of [Reader.Read]).
type RowError struct {
	// Problems lists every problem found in the row, in order (at least one).
	Problems []Error
}

// Error describes the first problem and counts the others.
func (e *RowError) Error() string {
	if len(e.Problems) == 0 {
		return "row error"
	}
	msg := e.Problems[0].Error()
	if n := len(e.Problems) - 1; n > 0 {
		msg += fmt.Sprintf(" (and %d more problems in this row)", n)
	}
	return msg
}

func (e *RowError) add(p Error) *RowError {
	if e == nil {
		e = &RowError{}
	}
	e.Problems = append(e.Problems, p)
	return e
}
