// Package fileerr is the error every input reader returns for a problem at
// a place in a file: "file:line:col: message", so users can jump to it.
package fileerr

import "fmt"

// Error is a problem at a place in an input file. Line and Column are
// 1-based; zero means unknown.
type Error struct {
	File   string
	Line   int
	Column int
	Err    error
}

// Error formats the error as file:line:col: message, leaving out what is unknown.
func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }
