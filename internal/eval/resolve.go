package eval

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// resolve settles the task and turns raw values into classes or numbers.
func (raw *rawPredictions) resolve() (*Predictions, error) {
	nums := make([]float64, len(raw.names))
	allNumeric, whole := true, true
	labels := 0
	for id, s := range raw.names {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			allNumeric = false
			nums[id] = math.NaN()
			continue
		}
		nums[id] = f
		whole = whole && f == math.Trunc(f)
		if raw.isLabel[id] {
			labels++
		}
	}
	task := raw.cols.Task
	if task == TaskAuto {
		if allNumeric && (!whole || labels > regressionMinLabels) {
			task = Regression
		}
	}
	p := &raw.Predictions
	p.cols.Task = task
	if task == Regression {
		if err := raw.numbers(nums); err != nil {
			return nil, err
		}
	} else if err := raw.classify(nums, allNumeric); err != nil {
		return nil, err
	}
	if p.score != nil && p.cols.Task != Binary {
		return nil, fmt.Errorf("--score %q needs a binary task, and this one is %s", p.cols.Score, p.cols.Task)
	}
	if p.cols.Positive != "" && p.cols.Task != Binary {
		return nil, fmt.Errorf("--positive %q applies to binary tasks, and this one is %s", p.cols.Positive, p.cols.Task)
	}
	p.sortSlices()
	return p, nil
}

// numbers makes a regression: every label and prediction must be a
// finite number.
func (raw *rawPredictions) numbers(nums []float64) error {
	for id, f := range nums {
		if math.IsNaN(f) {
			return raw.at(int(raw.firstRow[id]), "column %q: %q is not a finite number, and the task is regression", raw.firstCol[id], raw.names[id])
		}
	}
	p := &raw.Predictions
	p.y = make([]float64, len(raw.labelID))
	p.yhat = make([]float64, len(raw.predID))
	for i := range raw.labelID {
		p.y[i] = nums[raw.labelID[i]]
		p.yhat[i] = nums[raw.predID[i]]
	}
	return nil
}

// classify names the classes, picks binary or multiclass and the
// positive class, and maps every row to class indices.
func (raw *rawPredictions) classify(nums []float64, numeric bool) error {
	p := &raw.Predictions
	name := func(id int) string {
		if numeric {
			return strconv.FormatFloat(nums[id], 'g', -1, 64)
		}
		return raw.names[id]
	}
	var classes []string
	seen := map[string]bool{}
	for id := range raw.names {
		if c := name(id); !seen[c] {
			seen[c] = true
			classes = append(classes, c)
		}
	}
	if numeric {
		slices.SortFunc(classes, func(a, b string) int {
			x, _ := strconv.ParseFloat(a, 64)
			y, _ := strconv.ParseFloat(b, 64)
			return cmp.Compare(x, y)
		})
	} else {
		slices.Sort(classes)
	}
	if p.cols.Task == TaskAuto {
		p.cols.Task = Multiclass
		if len(classes) <= 2 {
			p.cols.Task = Binary
		}
	}
	if p.cols.Task == Binary {
		var err error
		if classes, err = binaryClasses(classes, p.cols.Positive, numeric); err != nil {
			return fmt.Errorf("%s: %w", strings.Join(p.files, ", "), err)
		}
		p.cols.Positive = classes[1]
	}
	index := map[string]int32{}
	for i, c := range classes {
		index[c] = int32(i)
	}
	p.classes = classes
	p.label = make([]int32, len(raw.labelID))
	p.pred = make([]int32, len(raw.predID))
	of := make([]int32, len(raw.names))
	for id := range raw.names {
		of[id] = index[name(id)]
	}
	for i := range raw.labelID {
		p.label[i] = of[raw.labelID[i]]
		p.pred[i] = of[raw.predID[i]]
	}
	return nil
}

// binaryClasses orders the classes of a binary task as [negative,
// positive].
func binaryClasses(classes []string, positive string, numeric bool) ([]string, error) {
	if len(classes) > 2 {
		return nil, fmt.Errorf("the task is binary but labels and predictions have %d classes (%s)", len(classes), listClasses(classes))
	}
	if positive != "" && numeric {
		if f, err := strconv.ParseFloat(positive, 64); err == nil {
			positive = strconv.FormatFloat(f, 'g', -1, 64)
		}
	}
	if positive == "" {
		for _, c := range classes {
			if c == "1" || strings.EqualFold(c, "true") {
				positive = c
				break
			}
		}
		if positive == "" {
			return nil, fmt.Errorf("cannot tell the positive class among %s: set --positive", listClasses(classes))
		}
	}
	switch {
	case len(classes) == 2 && classes[0] == positive:
		return []string{classes[1], positive}, nil
	case len(classes) == 2 && classes[1] == positive:
		return classes, nil
	case len(classes) == 2:
		return nil, fmt.Errorf("the positive class %q is not one of the classes %s", positive, listClasses(classes))
	case classes[0] == positive:
		return []string{"not " + positive, positive}, nil
	}
	return []string{classes[0], positive}, nil
}

func listClasses(classes []string) string {
	const show = 10
	q := make([]string, 0, show)
	for i, c := range classes {
		if i == show {
			q = append(q, fmt.Sprintf("and %d more", len(classes)-show))
			break
		}
		q = append(q, strconv.Quote(c))
	}
	return strings.Join(q, ", ")
}

// sortSlices orders the values of every slice column (the missing group
// last) and renumbers the rows.
func (p *Predictions) sortSlices() {
	for s, values := range p.sliceValues {
		order := make([]int32, len(values))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(a, b int32) int {
			x, y := values[a], values[b]
			if (x == MissingSlice) != (y == MissingSlice) {
				if x == MissingSlice {
					return 1
				}
				return -1
			}
			return strings.Compare(x, y)
		})
		renum := make([]int32, len(values))
		sorted := make([]string, len(values))
		for to, from := range order {
			renum[from] = int32(to)
			sorted[to] = values[from]
		}
		p.sliceValues[s] = sorted
		for i, v := range p.slice[s] {
			p.slice[s][i] = renum[v]
		}
	}
}
