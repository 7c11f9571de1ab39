package repro

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// compareCSV compares two CSV tables with a header row: the headers and the
// number of rows and cells must match, numeric cells are compared within
// tol and other cells exactly.
func compareCSV(a, b string, tol Tolerance, d *Diff) error {
	fa, err := os.Open(a)
	if err != nil {
		return fmt.Errorf("reading CSV %s: %w", a, err)
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return fmt.Errorf("reading CSV %s: %w", b, err)
	}
	defer fb.Close()
	ra, rb := newCSVReader(fa), newCSVReader(fb)

	ha, hb, eofA, eofB, err := readPair(ra, rb, a, b)
	if err != nil {
		return err
	}
	if eofA || eofB {
		if eofA != eofB {
			d.Message = "one file is empty, the other is not"
			return nil
		}
		d.Same, d.Message = true, "both files are empty"
		return nil
	}
	header := append([]string(nil), ha...)
	if msg := headerDiff(ha, hb); msg != "" {
		d.Where, d.Message = "header (line 1)", "header differs: "+msg
		return nil
	}

	t := tally{tol: tol}
	var text int
	var textWhere, textMsg, worstWhere string
	for row := 1; ; row++ {
		ca, cb, eofA, eofB, err := readPair(ra, rb, a, b)
		if err != nil {
			return err
		}
		if eofA || eofB {
			if eofA != eofB {
				line, _ := ra.FieldPos(0)
				which := "run A"
				if eofA {
					which = "run B"
				}
				t.fill(d)
				d.Where = fmt.Sprintf("row %d", row)
				d.Message = fmt.Sprintf("%s has more rows; the tables differ from row %d (line %d of run A)", which, row, line)
				return nil
			}
			break
		}
		lineA, _ := ra.FieldPos(0)
		if len(ca) != len(cb) {
			if text == 0 {
				textWhere = fmt.Sprintf("row %d (line %d)", row, lineA)
				textMsg = fmt.Sprintf("%d cells in run A, %d in run B", len(ca), len(cb))
			}
			text++
		}
		for col := range min(len(ca), len(cb)) {
			va, vb := ca[col], cb[col]
			fa, okA := parseCell(va)
			fb, okB := parseCell(vb)
			if okA && okB {
				if va == vb {
					t.add(0, 0)
				} else if t.add(absDiff(fa, fb)) {
					lineA, _ := ra.FieldPos(col)
					worstWhere = cellWhere(row, lineA, col, header)
				}
				continue
			}
			if va != vb {
				if text == 0 {
					lineA, _ := ra.FieldPos(col)
					textWhere = cellWhere(row, lineA, col, header)
					textMsg = fmt.Sprintf("%s in run A, %s in run B", quoteShort(va), quoteShort(vb))
				}
				text++
			}
		}
	}
	t.fill(d)
	if text > 0 {
		d.Where = textWhere
		d.Message = fmt.Sprintf("%d non-numeric differences, first at %s: %s; %s", text, textWhere, textMsg, t.summary(""))
		return nil
	}
	d.Where = worstWhere
	d.Same = t.bad == 0
	d.Message = t.summary(worstWhere)
	return nil
}

func newCSVReader(r io.Reader) *csv.Reader {
	c := csv.NewReader(r)
	c.FieldsPerRecord = -1 // ragged rows are compared, not refused
	c.ReuseRecord = true
	return c
}

// readPair reads the next record of table a from ra and of table b from
// rb; eofA and eofB report a table that has no more records. A parse error
// is wrapped with its file.
func readPair(ra, rb *csv.Reader, a, b string) (ca, cb []string, eofA, eofB bool, err error) {
	ca, errA := ra.Read()
	cb, errB := rb.Read()
	if err := csvErr(a, errA); err != nil {
		return nil, nil, false, false, err
	}
	if err := csvErr(b, errB); err != nil {
		return nil, nil, false, false, err
	}
	return ca, cb, errors.Is(errA, io.EOF), errors.Is(errB, io.EOF), nil
}

// csvErr wraps a CSV parse error with the file; io.EOF is not an error.
func csvErr(path string, err error) error {
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	return fmt.Errorf("reading CSV %s: %w", path, err)
}

// headerDiff describes how two headers differ, or returns "".
func headerDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("column %d is %s in run A, %s in run B", i+1, quoteShort(a[i]), quoteShort(b[i]))
		}
	}
	if len(a) != len(b) {
		return fmt.Sprintf("%d columns in run A, %d in run B", len(a), len(b))
	}
	return ""
}

// cellWhere locates a cell: 1-based data row, file line and column name.
func cellWhere(row, line, col int, header []string) string {
	name := "#" + strconv.Itoa(col+1)
	if col < len(header) && header[col] != "" {
		name = header[col]
	}
	return fmt.Sprintf("row %d (line %d), column %s", row, line, name)
}

// parseCell parses a numeric cell; surrounding spaces are ignored and
// nan/inf are accepted in any case.
func parseCell(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}
