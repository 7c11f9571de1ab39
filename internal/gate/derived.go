package gate

import (
	"cmp"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/mlgate/mlgate/internal/timestamp"
)

// DefaultTimestampField is where the training time is looked up in the
// model's metadata file.
const DefaultTimestampField = "trained_at"

// derivedMetrics computes the metrics mlgate measures itself, each as its
// own source named after the file it comes from:
//
//	model.size_bytes, model.size_mb   the size of --model-file (MB = 10^6 bytes)
//	model.age_days                    days since the training time in --model-metadata
//	cost_per_1k                       --cost-per-hour / (3600 * throughput) * 1000
func derivedMetrics(opt Options, cand Set, now func() time.Time) ([]*Metrics, []error) {
	var out []*Metrics
	var errs []error
	if opt.ModelFile != "" {
		st, err := os.Stat(opt.ModelFile)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("model file: %w", err))
		case st.IsDir():
			size, err := dirSize(opt.ModelFile)
			if err != nil {
				errs = append(errs, fmt.Errorf("model file: %w", err))
				break
			}
			out = append(out, sizeMetrics(opt.ModelFile, size))
		default:
			out = append(out, sizeMetrics(opt.ModelFile, st.Size()))
		}
	}
	if opt.ModelMetadata != "" {
		m, err := ageMetrics(opt.ModelMetadata, cmp.Or(opt.TimestampField, DefaultTimestampField), now())
		if err != nil {
			errs = append(errs, err)
		} else {
			out = append(out, m)
		}
	}
	if opt.CostPerHour != 0 || opt.ThroughputMetric != "" {
		m, err := costMetrics(opt, cand)
		if err != nil {
			errs = append(errs, err)
		} else {
			out = append(out, m)
		}
	}
	return out, errs
}

func sizeMetrics(path string, size int64) *Metrics {
	return &Metrics{path: path, root: &node{kind: kindObject, fields: map[string]*node{
		"model": {kind: kindObject, fields: map[string]*node{
			"size_bytes": {kind: kindNumber, num: float64(size)},
			"size_mb":    {kind: kindNumber, num: float64(size) / 1e6},
		}},
	}}}
}

// dirSize sums the sizes of the regular files under dir (a saved model
// directory such as a TensorFlow SavedModel).
func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			total += info.Size()
		}
		return nil
	})
	return total, err
}

// ageMetrics reads the training time at field in a JSON or YAML metadata
// file: an RFC 3339 time, a date, or Unix seconds.
func ageMetrics(path, field string, now time.Time) (*Metrics, error) {
	meta, err := LoadMetrics(path)
	if err != nil {
		return nil, fmt.Errorf("model metadata: %w", err)
	}
	n := meta.root.find(field)
	if n == nil {
		return nil, &FileError{File: path, Err: fmt.Errorf("no %s in the model metadata (set --timestamp-field)", field)}
	}
	var t time.Time
	switch {
	case n.kind == kindNumber:
		if t, err = timestamp.Unix(n.num); err != nil {
			return nil, &FileError{File: path, Line: n.line, Err: fmt.Errorf("%s: %w", field, err)}
		}
	case n.str != "":
		if t, err = timestamp.Parse(n.str); err != nil {
			return nil, &FileError{File: path, Line: n.line, Err: fmt.Errorf("%s: %w", field, err)}
		}
	default:
		return nil, &FileError{File: path, Line: n.line, Err: fmt.Errorf("%s is %s; want an RFC 3339 time or Unix seconds", field, describe(n))}
	}
	age := now.Sub(t).Hours() / 24
	return &Metrics{path: path, root: &node{kind: kindObject, fields: map[string]*node{
		"model": {kind: kindObject, fields: map[string]*node{
			"age_days": {kind: kindNumber, num: age, line: n.line},
		}},
	}}}, nil
}

// costMetrics computes the serving cost of 1,000 predictions from the cost
// per hour and the throughput (requests per second) in a candidate metric.
func costMetrics(opt Options, cand Set) (*Metrics, error) {
	if opt.CostPerHour <= 0 || math.IsInf(opt.CostPerHour, 0) || math.IsNaN(opt.CostPerHour) {
		return nil, fmt.Errorf("cost_per_1k: --cost-per-hour must be a positive number, got %s", num(opt.CostPerHour))
	}
	if opt.ThroughputMetric == "" {
		return nil, fmt.Errorf("cost_per_1k: --cost-per-hour needs --throughput-metric, the requests per second a server sustains")
	}
	v, found, err := cand.Get(opt.ThroughputMetric)
	if err != nil {
		return nil, fmt.Errorf("cost_per_1k: %w", err)
	}
	if !found {
		return nil, fmt.Errorf("cost_per_1k: throughput metric %s is not in %s", opt.ThroughputMetric, cand.Path())
	}
	if !(v.Num > 0) || math.IsInf(v.Num, 0) {
		return nil, fmt.Errorf("cost_per_1k: throughput %s is %s; want a positive number", opt.ThroughputMetric, num(v.Num))
	}
	cost := opt.CostPerHour / (3600 * v.Num) * 1000
	return &Metrics{path: "--cost-per-hour", root: &node{kind: kindObject, fields: map[string]*node{
		"cost_per_1k": {kind: kindNumber, num: cost},
	}}}, nil
}
