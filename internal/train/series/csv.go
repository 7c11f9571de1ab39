package series

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// readCSV reads a CSV (or, with comma '\t', TSV) metrics file with a header.
func readCSV(path string, in io.Reader, comma rune, key, stepKey string) (*Series, error) {
	tr := &tailReader{r: in}
	r := csv.NewReader(tr)
	r.Comma = comma
	r.ReuseRecord = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return &Series{Name: key}, &MissingError{Source: path, Kind: "column", Name: key}
	}
	if err != nil {
		return nil, csvError(path, err)
	}
	var cols seenSet
	col, stepCol := -1, -1
	for i, h := range header {
		h = strings.TrimSpace(h)
		cols.add(h)
		switch {
		case h == key && col < 0:
			col = i
		case h == stepKey || stepKey == "" && h == "step":
			stepCol = i
		}
	}
	if col < 0 {
		return &Series{Name: key}, cols.missing(path, "column", key)
	}
	if stepKey != "" && stepCol < 0 {
		return nil, &FileError{File: path, Line: 1, Err: fmt.Errorf("step column %q not in the header (columns: %s)", stepKey, strings.Join(cols.names, ", "))}
	}
	s := &Series{Name: key}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if truncatedTail(r, tr, err) {
				break // a writer still running: the last row is incomplete
			}
			return nil, csvError(path, err)
		}
		cell := strings.TrimSpace(rec[col])
		if cell == "" {
			continue
		}
		p := Point{Step: int64(len(s.Points))}
		if p.Value, err = strconv.ParseFloat(cell, 64); err != nil && !errors.Is(err, strconv.ErrRange) {
			line, c := r.FieldPos(col)
			return nil, &FileError{File: path, Line: line, Column: c, Err: fmt.Errorf("column %q: %q is not a number", key, cell)}
		}
		if stepCol >= 0 {
			switch sc := strings.TrimSpace(rec[stepCol]); {
			case sc != "":
				if p.Step, err = parseStep(sc); err != nil {
					line, c := r.FieldPos(stepCol)
					return nil, &FileError{File: path, Line: line, Column: c, Err: fmt.Errorf("step column %q: %w", header[stepCol], err)}
				}
			case stepKey != "":
				line, c := r.FieldPos(stepCol)
				return nil, &FileError{File: path, Line: line, Column: c, Err: fmt.Errorf("column %q has a value but step column %q is empty", key, stepKey)}
			}
		}
		s.Points = append(s.Points, p)
	}
	if len(s.Points) == 0 {
		return s, &MissingError{Source: path, Kind: "column", Name: key, Empty: true}
	}
	return s, nil
}

// truncatedTail reports whether err is about the last record of an input
// that does not end with a newline, and is the kind of error a record cut
// short produces (too few fields, an unclosed quote).
func truncatedTail(r *csv.Reader, tr *tailReader, err error) bool {
	if !errors.Is(err, csv.ErrFieldCount) && !errors.Is(err, csv.ErrQuote) {
		return false
	}
	if _, next := r.Read(); !errors.Is(next, io.EOF) {
		return false
	}
	return tr.last != '\n'
}

// csvError turns a csv.ParseError into a FileError.
func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FileError{File: path, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return &FileError{File: path, Err: err}
}

// tailReader remembers the last byte read from r.
type tailReader struct {
	r    io.Reader
	last byte
}

func (t *tailReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.last = p[n-1]
	}
	return n, err
}
