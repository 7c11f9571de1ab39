// Package series reads training loss series for the smoke and repro gates:
// from a JSONL or CSV metrics file ([FromFile]), from a training command's
// standard output through a regular expression ([RegexParser]), and from
// TensorBoard event files ([FromTFEvents]).
//
// Every reader keeps the points in the order the training wrote them and
// keeps NaN and infinite values: judging them is the gate's job. Bad input
// yields a [*FileError] (text files: file:line:col) or a [*RecordError]
// (event files: file and byte offset); a key, column or tag that never
// appears yields a [*MissingError] listing what was seen instead.
package series

import (
	"fmt"
	"strings"

	"github.com/mlgate/mlgate/internal/fileerr"
)

// Point is one value of a series.
type Point struct {
	// Step is the training step: the source's step field when it has one,
	// else the 0-based index of the point in the series.
	Step int64
	// Value is the loss; NaN and ±Inf are kept.
	Value float64
	// Wall is the wall-clock time in seconds since the Unix epoch, when the
	// source records it (TensorBoard events); zero otherwise.
	Wall float64
}

// Series is a named sequence of points in the order the source holds them.
type Series struct {
	Name   string
	Points []Point
}

// Values returns the values of the points, in order.
func (s *Series) Values() []float64 {
	v := make([]float64, len(s.Points))
	for i, p := range s.Points {
		v[i] = p.Value
	}
	return v
}

// FileError is a problem at a place in an input file ("file:line:col: msg").
type FileError = fileerr.Error

// RecordError is a problem in a binary record file at a byte offset: the
// offset of the record (its length header) the problem was found in.
type RecordError struct {
	File   string
	Offset int64
	Err    error
}

// Error formats the error as "file: record at byte N: message".
func (e *RecordError) Error() string {
	return fmt.Sprintf("%s: record at byte %d: %v", e.File, e.Offset, e.Err)
}

// Unwrap returns the underlying error.
func (e *RecordError) Unwrap() error { return e.Err }

// MissingError reports that a source holds no value under the requested
// name. A caller polling a file that a training run is still writing may
// treat it as "no points yet".
type MissingError struct {
	// Source is the file or directory read.
	Source string
	// Kind is what was looked for: "key", "column" or "tag".
	Kind string
	// Name is the requested key, column or tag.
	Name string
	// Seen lists the names the source does hold (numeric ones, for keys and
	// tags), in order of first appearance, at most maxSeen of them.
	Seen []string
	// More counts names seen beyond Seen.
	More int
	// Empty is set when the name exists (a CSV column) but holds no value.
	Empty bool
}

// maxSeen caps MissingError.Seen; maxTracked caps the distinct names
// counted, so a file with a new key on every line stays cheap.
const (
	maxSeen    = 20
	maxTracked = 1000
)

// Error names the missing key and what the source holds instead.
func (e *MissingError) Error() string {
	if e.Empty {
		return fmt.Sprintf("%s: %s %q has no values", e.Source, e.Kind, e.Name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %q not found", e.Source, e.Kind, e.Name)
	if len(e.Seen) == 0 {
		b.WriteString(" (the source holds none)")
		return b.String()
	}
	fmt.Fprintf(&b, "; %ss found: %s", e.Kind, strings.Join(e.Seen, ", "))
	if e.More > 0 {
		fmt.Fprintf(&b, " and %d more", e.More)
	}
	return b.String()
}

// seenSet collects distinct names in order of first appearance, capped.
type seenSet struct {
	names []string
	index map[string]bool
	more  int
}

func (s *seenSet) add(name string) {
	if s.index == nil {
		s.index = map[string]bool{}
	}
	if s.index[name] || len(s.index) >= maxTracked {
		return
	}
	s.index[name] = true
	if len(s.names) < maxSeen {
		s.names = append(s.names, name)
	} else {
		s.more++
	}
}

func (s *seenSet) missing(source, kind, name string) *MissingError {
	return &MissingError{Source: source, Kind: kind, Name: name, Seen: s.names, More: s.more}
}
