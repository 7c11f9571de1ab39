package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/mlgate/mlgate/internal/data/table"
	"github.com/mlgate/mlgate/internal/fileerr"
)

// regressionMinLabels is the number of distinct labels above which numeric
// whole-number labels mean regression rather than classes.
const regressionMinLabels = 20

// Load reads predictions (label, prediction, optional score, optional key
// and slices) from CSV, TSV, JSON Lines or Parquet files, gzipped or not;
// several paths or globs are read as one dataset.
//
// With cols.Task == TaskAuto the task is regression when every label and
// prediction is a number and either some label or prediction is not a
// whole number or there are more than 20 distinct labels; otherwise it is
// binary when labels and predictions have at most 2 distinct values
// together, else multiclass. Numeric class values are compared as numbers
// ("1", "1.0" and JSON 1 are one class, named "1").
//
// A missing column, a missing label, prediction, score or key, a score
// that is not a probability in [0, 1], and an empty dataset are errors
// naming the file, the line and the column. A missing slice value forms
// its own group, [MissingSlice].
func Load(paths []string, cols Columns) (*Predictions, error) {
	if cols.Label == "" || cols.Prediction == "" {
		return nil, errors.New("the label and prediction columns are required")
	}
	for i, s := range cols.Slices {
		if s == "" || slices.Contains(cols.Slices[:i], s) {
			return nil, fmt.Errorf("slice columns must be distinct and named, got %q", cols.Slices)
		}
	}
	raw, err := read(paths, cols)
	if err != nil {
		return nil, err
	}
	return raw.resolve()
}

// rawPredictions are the values as read, before the task is known.
type rawPredictions struct {
	Predictions
	names    []string // label and prediction values, by id
	firstRow []int32  // the first row of each value
	firstCol []string // the column of that first occurrence
	isLabel  []bool   // the value occurs as a label
	labelID  []int32
	predID   []int32
}

// reader state for one Load.
type loader struct {
	cols   Columns
	want   []string // label, prediction, [score], [key], slices...
	index  []int    // column index of each wanted column, -1 until found
	ids    map[string]int32
	slices []map[string]int32
	raw    *rawPredictions
}

func read(paths []string, cols Columns) (*rawPredictions, error) {
	r, err := table.Open(context.Background(), paths, table.Options{})
	if err != nil {
		return nil, fmt.Errorf("reading predictions: %w", err)
	}
	defer r.Close()
	l := &loader{cols: cols, ids: map[string]int32{}, raw: &rawPredictions{}}
	l.raw.cols = cols
	l.raw.files = r.Files()
	l.want = append(l.want, cols.Label, cols.Prediction, cols.Score, cols.Key)
	l.want = append(l.want, cols.Slices...)
	l.index = make([]int, len(l.want))
	for i := range l.index {
		l.index[i] = -1
	}
	l.slices = make([]map[string]int32, len(cols.Slices))
	for i := range l.slices {
		l.slices[i] = map[string]int32{}
	}
	l.raw.sliceValues = make([][]string, len(cols.Slices))
	l.raw.slice = make([][]int32, len(cols.Slices))
	if r.Format() != table.JSONL {
		if err := l.findColumns(r.Columns(), r.Files()[0]); err != nil {
			return nil, err
		}
	}
	fileIdx := map[string]int32{}
	for i, f := range r.Files() {
		fileIdx[f] = int32(i)
	}
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		var rowErr *table.RowError
		if errors.As(err, &rowErr) && len(rowErr.Problems) > 0 {
			p := rowErr.Problems[0]
			return nil, &p
		}
		if err != nil {
			return nil, fmt.Errorf("reading predictions: %w", err)
		}
		if r.Format() == table.JSONL {
			l.lookupJSON(r.Columns())
		}
		if err := l.add(row, fileIdx[row.File]); err != nil {
			return nil, err
		}
	}
	if r.Format() == table.JSONL {
		if err := l.findColumns(r.Columns(), r.Files()[0]); err != nil {
			return nil, err
		}
	}
	if l.raw.N() == 0 {
		return nil, fmt.Errorf("%s: no predictions: the dataset has no rows", strings.Join(r.Files(), ", "))
	}
	return l.raw, nil
}

// findColumns resolves every wanted column, or names the missing one.
func (l *loader) findColumns(have []string, file string) error {
	l.lookupJSON(have)
	for i, name := range l.want {
		if name != "" && l.index[i] < 0 {
			return &fileerr.Error{File: file, Line: 1, Err: fmt.Errorf("no column %q (the columns are %s)", name, strings.Join(have, ", "))}
		}
	}
	return nil
}

// lookupJSON finds the wanted columns among the columns seen so far.
func (l *loader) lookupJSON(have []string) {
	for i, name := range l.want {
		if name == "" || l.index[i] >= 0 {
			continue
		}
		for j, h := range have {
			if h == name {
				l.index[i] = j
				break
			}
		}
	}
}

// value returns wanted column i of row, Absent when the row lacks it.
func (l *loader) value(row *table.Row, i int) table.Value {
	j := l.index[i]
	if j < 0 || j >= len(row.Values) {
		return table.Value{}
	}
	return row.Values[j]
}

func (l *loader) add(row *table.Row, file int32) error {
	raw := l.raw
	n := int32(len(raw.rowLine))
	pos := func(col string, format string, args ...any) error {
		return &fileerr.Error{File: row.File, Line: row.Line, Err: fmt.Errorf("column %q: %s", col, fmt.Sprintf(format, args...))}
	}
	var ids [2]int32
	for c := range 2 {
		name := l.want[c]
		s, ok, err := text(l.value(row, c))
		if err != nil {
			return pos(name, "%v", err)
		}
		if !ok {
			return pos(name, "the %s is missing", [2]string{"label", "prediction"}[c])
		}
		id, seen := l.ids[s]
		if !seen {
			id = int32(len(raw.names))
			l.ids[strings.Clone(s)] = id
			raw.names = append(raw.names, strings.Clone(s))
			raw.firstRow = append(raw.firstRow, n)
			raw.firstCol = append(raw.firstCol, name)
			raw.isLabel = append(raw.isLabel, false)
		}
		if c == 0 {
			raw.isLabel[id] = true
		}
		ids[c] = id
	}
	if l.cols.Score != "" {
		p, err := probability(l.value(row, 2))
		if err != nil {
			return pos(l.cols.Score, "%v", err)
		}
		raw.score = append(raw.score, p)
	}
	if l.cols.Key != "" {
		s, ok, err := text(l.value(row, 3))
		if err != nil {
			return pos(l.cols.Key, "%v", err)
		}
		if !ok {
			return pos(l.cols.Key, "the key is missing")
		}
		raw.key = append(raw.key, strings.Clone(s))
	}
	for s := range l.cols.Slices {
		v, ok, err := text(l.value(row, 4+s))
		if err != nil {
			return pos(l.cols.Slices[s], "%v", err)
		}
		if !ok {
			v = MissingSlice
		}
		id, seen := l.slices[s][v]
		if !seen {
			id = int32(len(raw.sliceValues[s]))
			v = strings.Clone(v)
			l.slices[s][v] = id
			raw.sliceValues[s] = append(raw.sliceValues[s], v)
		}
		raw.slice[s] = append(raw.slice[s], id)
	}
	raw.labelID = append(raw.labelID, ids[0])
	raw.predID = append(raw.predID, ids[1])
	raw.rowFile = append(raw.rowFile, file)
	raw.rowLine = append(raw.rowLine, int32(row.Line))
	return nil
}

// text returns a cell as a string; ok is false when it is missing.
func text(v table.Value) (s string, ok bool, err error) {
	switch v.Kind {
	case table.Absent, table.Null:
		return "", false, nil
	case table.Text, table.String:
		return v.Str, true, nil
	case table.Number:
		if v.Str != "" {
			return v.Str, true, nil
		}
		return strconv.FormatFloat(v.Num, 'g', -1, 64), true, nil
	case table.Bool:
		return strconv.FormatBool(v.Bool), true, nil
	}
	return "", false, fmt.Errorf("got a %s value, want a number or a string", v.Kind)
}

// probability reads a score, which must be a number in [0, 1].
func probability(v table.Value) (float64, error) {
	var p float64
	switch v.Kind {
	case table.Absent, table.Null:
		return 0, errors.New("the score is missing")
	case table.Number:
		p = v.Num
	case table.Text, table.String:
		f, err := strconv.ParseFloat(strings.TrimSpace(v.Str), 64)
		if err != nil {
			return 0, fmt.Errorf("score %q is not a number", v.Str)
		}
		p = f
	default:
		return 0, fmt.Errorf("the score is a %s, want a number", v.Kind)
	}
	if math.IsNaN(p) || p < 0 || p > 1 {
		return 0, fmt.Errorf("score %v is not a probability in [0, 1]", p)
	}
	return p, nil
}
