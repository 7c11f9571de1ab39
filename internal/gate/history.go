package gate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mlgate/mlgate/internal/result"
)

// Release is one line of a history file: the metrics of a released version.
//
//	{"version": "v1.4", "time": "2026-11-02T10:00:00Z", "commit": "9fceb02", "metrics": {"accuracy": 0.91}}
type Release struct {
	Version string                  `json:"version"`
	Time    time.Time               `json:"time"`
	Commit  string                  `json:"commit,omitempty"`
	Metrics map[string]result.Float `json:"metrics"`
}

// maxHistoryLine bounds one line of a history file.
const maxHistoryLine = 1 << 20

// ReadHistory reads a history file, oldest release first. A file that does
// not exist has no releases. Errors name the file and line.
func ReadHistory(path string) ([]Release, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading history %s: %w", path, err)
	}
	defer f.Close()
	var out []Release
	sc := bufio.NewScanner(io.LimitReader(f, MaxMetricsFileSize))
	sc.Buffer(make([]byte, 64<<10), maxHistoryLine)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var r Release
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			return nil, &FileError{File: path, Line: line, Err: fmt.Errorf("invalid history entry: %w", err)}
		}
		if r.Version == "" {
			return nil, &FileError{File: path, Line: line, Err: errors.New("history entry has no version")}
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading history %s: %w", path, err)
	}
	return out, nil
}

// releaseValue is a metric's value in one release.
type releaseValue struct {
	version string
	value   float64
}

// lastReleases returns the metric's values in the last n releases that have
// it (as a number that is not NaN), oldest first.
func lastReleases(h []Release, metric string, n int) []releaseValue {
	var out []releaseValue
	for i := len(h) - 1; i >= 0 && len(out) < n; i-- {
		v, ok := h[i].Metrics[metric]
		if !ok || math.IsNaN(float64(v)) {
			continue
		}
		out = append(out, releaseValue{version: h[i].Version, value: float64(v)})
	}
	slices.Reverse(out)
	return out
}

// maxHistoryMetrics bounds how many metrics one release records.
const maxHistoryMetrics = 1000

// appendHistory records the candidate as a release when the gate did not
// fail, and says what it did.
func (in *inputs) appendHistory(opt Options, status result.Status, now time.Time) (string, error) {
	if status == result.Fail || status == result.Error {
		return fmt.Sprintf("release %s not recorded in %s: the gate did not pass", opt.AppendHistory, opt.HistoryPath), nil
	}
	for _, r := range in.history {
		if r.Version == opt.AppendHistory {
			return "", fmt.Errorf("history %s already has a release %s", opt.HistoryPath, opt.AppendHistory)
		}
	}
	rel := Release{Version: opt.AppendHistory, Time: now.UTC(), Metrics: map[string]result.Float{}}
	for _, k := range []string{"GITHUB_SHA", "CI_COMMIT_SHA"} {
		if v := in.getenv(k); v != "" {
			rel.Commit = v
			break
		}
	}
	names := in.cand.Names()
	sort.Strings(names)
	for _, name := range names {
		if strings.HasPrefix(name, "intervals.") || strings.HasPrefix(name, "bootstrap.") {
			continue
		}
		if len(rel.Metrics) >= maxHistoryMetrics {
			break
		}
		if v, ok, err := in.cand.Get(name); ok && err == nil {
			rel.Metrics[name] = result.Float(v.Num)
		}
	}
	line, err := json.Marshal(rel)
	if err != nil {
		return "", fmt.Errorf("recording release %s: %w", opt.AppendHistory, err)
	}
	f, err := os.OpenFile(opt.HistoryPath, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return "", fmt.Errorf("recording release %s: %w", opt.AppendHistory, err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return "", fmt.Errorf("recording release %s in %s: %w", opt.AppendHistory, opt.HistoryPath, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("recording release %s in %s: %w", opt.AppendHistory, opt.HistoryPath, err)
	}
	return fmt.Sprintf("release %s recorded in %s with %d metrics", opt.AppendHistory, opt.HistoryPath, len(rel.Metrics)), nil
}
