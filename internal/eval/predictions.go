package eval

import (
	"fmt"

	"github.com/mlgate/mlgate/internal/fileerr"
)

// MissingSlice names the group of examples whose slice value is missing
// (an empty CSV cell, a JSON null or an absent key).
const MissingSlice = "(missing)"

// Columns names the columns of a predictions file and how to read them.
type Columns struct {
	// Label is the column of true labels (required).
	Label string
	// Prediction is the column of predicted labels or values (required).
	Prediction string
	// Score is the column of the predicted probability of the positive
	// class (binary only; optional).
	Score string
	// Key identifies an example, to pair two models' predictions in
	// [Compare] (optional; without it rows are paired in order).
	Key string
	// Slices are columns whose values define groups evaluated separately.
	Slices []string
	// Task forces the task; TaskAuto detects it (see [Load]).
	Task Task
	// Positive is the positive class of a binary task; "" means "1", or
	// "true" when there is no "1".
	Positive string
}

// Predictions are the examples of a predictions file, ready to evaluate.
// They are read-only after [Load] and safe for concurrent use.
type Predictions struct {
	cols  Columns // Task and Positive resolved
	files []string

	rowFile []int32 // index in files of each row
	rowLine []int32 // 1-based line (row) of each row

	// Classification: classes (binary: [negative, positive]) and the class
	// index of each row's label and prediction.
	classes     []string
	label, pred []int32
	// Regression: labels and predictions.
	y, yhat []float64

	score []float64 // nil without a score column

	sliceValues [][]string // per slice column: its values, sorted
	slice       [][]int32  // per slice column: the value index of each row

	key []string // nil without a key column

	warnings []string
}

// N returns the number of examples.
func (p *Predictions) N() int { return len(p.rowLine) }

// Task returns the task, detected or forced.
func (p *Predictions) Task() Task { return p.cols.Task }

// Columns returns the columns, with Task and Positive resolved.
func (p *Predictions) Columns() Columns { return p.cols }

// Classes returns the classes of a classification task in index order;
// for a binary task it is [negative, positive]. The slice must not be
// modified.
func (p *Predictions) Classes() []string { return p.classes }

// Files returns the files the predictions were read from.
func (p *Predictions) Files() []string { return p.files }

// Warnings returns what the reader noticed and the user should know.
func (p *Predictions) Warnings() []string { return p.warnings }

// at returns an error positioned at row i.
func (p *Predictions) at(i int, format string, args ...any) error {
	return &fileerr.Error{File: p.files[p.rowFile[i]], Line: int(p.rowLine[i]), Err: fmt.Errorf(format, args...)}
}

// where returns "file:line" of row i.
func (p *Predictions) where(i int) string {
	return fmt.Sprintf("%s:%d", p.files[p.rowFile[i]], p.rowLine[i])
}
