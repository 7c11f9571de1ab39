package eval

import "fmt"

// Task is the kind of prediction problem, which decides the metrics.
type Task int

// Tasks.
const (
	// TaskAuto detects the task from the data (see [Load]).
	TaskAuto Task = iota
	// Binary classification: two classes, one of them positive.
	Binary
	// Multiclass classification: more than two classes.
	Multiclass
	// Regression: numeric labels and predictions.
	Regression
)

// String returns the task's name as the --task flag spells it.
func (t Task) String() string {
	switch t {
	case TaskAuto:
		return "auto"
	case Binary:
		return "binary"
	case Multiclass:
		return "multiclass"
	case Regression:
		return "regression"
	}
	return fmt.Sprintf("Task(%d)", int(t))
}

// ParseTask parses "auto", "binary", "multiclass" or "regression".
func ParseTask(s string) (Task, error) {
	for _, t := range []Task{TaskAuto, Binary, Multiclass, Regression} {
		if s == t.String() {
			return t, nil
		}
	}
	return 0, fmt.Errorf("unknown task %q (want auto, binary, multiclass or regression)", s)
}

// classification reports whether t has classes.
func (t Task) classification() bool { return t == Binary || t == Multiclass }
