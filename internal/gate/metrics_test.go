package gate

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, name string
		want       float64
		line       int
	}{
		{"candidate.json", "accuracy", 0.87, 2},
		{"candidate.json", "eval.auc", 0.91, 6},
		{"candidate.json", "eval.loss", 0.35, 7},
		{"candidate.json", "eval.precision", 0.8, 9}, // exact key with a dot
		{"candidate.json", "folds.0.auc", 0.9, 11},
		{"candidate.json", "folds.1.auc", 0.93, 12},
		{"candidate.json", "latency_ms", 42, 4},
		{"candidate.yaml", "eval.accuracy", 0.91, 5},
		{"candidate.yaml", "eval.rmse", 1e-3, 6}, // YAML 1.2 float goccy reads as a string
		{"candidate.yaml", "eval.perplexity", math.Inf(1), 9},
		{"candidate.yaml", "eval.big", 12345678901234567890123, 11},
		{"candidate.yaml", "run.seconds", 12.5, 14},
		{"candidate.yaml", "run.batch", 32, 0}, // from a merge key: no line of its own
		{"candidate.yaml", "folds.1.auc", 0.85, 17},
		{"candidate.yaml", "eval.f1", 0.7, 18},
		{"metrics.out", "f1", 0.8, 2}, // unknown extension: JSON fails, YAML works
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := LoadMetrics(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			v, found, err := m.Get(tt.name)
			if err != nil || !found {
				t.Fatalf("Get(%q) = %v, %v, %v; want found", tt.name, v, found, err)
			}
			if v.Num != tt.want || v.Line != tt.line {
				t.Errorf("Get(%q) = %v at line %d; want %v at line %d", tt.name, v.Num, v.Line, tt.want, tt.line)
			}
			if got, ok := m.Lookup(tt.name); !ok || got != tt.want {
				t.Errorf("Lookup(%q) = %v, %v", tt.name, got, ok)
			}
		})
	}
}

func TestLookupNaN(t *testing.T) {
	t.Parallel()
	m, err := LoadMetrics("testdata/candidate.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := m.Lookup("eval.grad"); !ok || !math.IsNaN(v) {
		t.Errorf("Lookup(eval.grad) = %v, %v; want NaN", v, ok)
	}
}

func TestLookupMissing(t *testing.T) {
	t.Parallel()
	m, err := LoadMetrics("testdata/candidate.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"acc", "eval", "eval.", ".auc", "folds.2.auc", "folds.01.auc", "folds.-1.auc", "folds", "accuracy.x", ""} {
		v, found, err := m.Get(name)
		if name == "eval" || name == "folds" {
			// An object or array is there, but it is not a number.
			if !found || err == nil {
				t.Errorf("Get(%q) = %v, %v, %v; want found with error", name, v, found, err)
			}
			continue
		}
		if found || err != nil {
			t.Errorf("Get(%q) = %v, %v, %v; want not found", name, v, found, err)
		}
		if _, ok := m.Lookup(name); ok {
			t.Errorf("Lookup(%q) ok", name)
		}
	}
}

func TestNotANumber(t *testing.T) {
	t.Parallel()
	tests := []struct{ file, name, want string }{
		{"candidate.json", "name", `testdata/candidate.json:14: metric name is a string ("resnet"); want a number`},
		{"candidate.json", "converged", `testdata/candidate.json:15: metric converged is a boolean (true); want a number`},
		{"candidate.json", "notes", `testdata/candidate.json:16: metric notes is null; want a number`},
		{"candidate.json", "nan_metric", `testdata/candidate.json:17: metric nan_metric is a number out of range (1e400); want a number`},
		{"candidate.json", "eval", `testdata/candidate.json:5: metric eval is an object; want a number`},
		{"candidate.yaml", "eval.quoted", `testdata/candidate.yaml:7: metric eval.quoted is a string ("0.5"); want a number`},
		{"candidate.yaml", "eval.tagged", `testdata/candidate.yaml:8: metric eval.tagged is a string ("2.5"); want a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := LoadMetrics("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			_, found, err := m.Get(tt.name)
			if !found || err == nil || err.Error() != tt.want {
				t.Errorf("Get(%q) error = %v; want %s", tt.name, err, tt.want)
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Errorf("error %T is not a *FileError", err)
			}
			if _, ok := m.Lookup(tt.name); ok {
				t.Errorf("Lookup(%q) ok for a non-number", tt.name)
			}
		})
	}
}

func TestLoadMetricsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file      string
		line, col int
		contains  string
	}{
		{"bad_trailing_comma.json", 4, 1, "invalid JSON: invalid character '}' looking for beginning of object key string"},
		{"bad_value.json", 3, 9, "invalid JSON: invalid character 'o' looking for beginning of value"},
		{"bad_truncated.json", 2, 19, "invalid JSON: unexpected end of JSON input"},
		{"bad_indent.yaml", 3, 2, "invalid YAML: "},
		{"bad_flow.yaml", 2, 1, "invalid YAML: ',' or ']' must be specified"},
		{"empty.json", 0, 0, "empty file"},
		{"blank.yaml", 0, 0, "empty file"},
		{"comments.yaml", 0, 0, "no metrics: the document is empty"},
		{"dup.json", 1, 0, `duplicate key "accuracy" (first at line 1)`},
		{"scalar.json", 1, 0, "top level is a number; want an object of metrics"},
		{"metrics.txt", 1, 0, `top level is a string ("accuracy = 0.9"); want an object of metrics`},
		{"multi.yaml", 3, 0, "2 YAML documents; want one"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join("testdata", tt.file)
			_, err := LoadMetrics(path)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("LoadMetrics(%s) error = %v (%T); want a *FileError", tt.file, err, err)
			}
			if fe.File != path || fe.Line != tt.line || fe.Column != tt.col {
				t.Errorf("error at %s:%d:%d; want %s:%d:%d (%v)", fe.File, fe.Line, fe.Column, path, tt.line, tt.col, err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not contain %q", err, tt.contains)
			}
			prefix := path + ":"
			if !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("error %q does not start with %q", err, prefix)
			}
		})
	}
}

func TestLoadMetricsMissingFile(t *testing.T) {
	t.Parallel()
	_, err := LoadMetrics("testdata/nope.json")
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "reading metrics testdata/nope.json") {
		t.Errorf("error = %v; want a not-exist error naming the file", err)
	}
}

func TestLoadMetricsTooLarge(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "big.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxMetricsFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = LoadMetrics(path)
	if err == nil || !strings.Contains(err.Error(), "larger than the 64 MiB limit") {
		t.Errorf("error = %v; want the size limit", err)
	}
}

func TestParseMetricsPositionsCountCharacters(t *testing.T) {
	t.Parallel()
	// The column counts characters, not bytes: "é" is two bytes.
	_, err := ParseMetrics("m.json", []byte(`{"é": x}`))
	var fe *FileError
	if !errors.As(err, &fe) || fe.Line != 1 || fe.Column != 7 {
		t.Errorf("error = %v; want m.json:1:7", err)
	}
}

func TestParseMetricsBOM(t *testing.T) {
	t.Parallel()
	m, err := ParseMetrics("m.json", []byte("\xef\xbb\xbf{\"a\": 1}"))
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := m.Lookup("a"); !ok || v != 1 {
		t.Errorf("Lookup(a) = %v, %v", v, ok)
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	m, err := LoadMetrics("testdata/baseline.json")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(m.Names(), " ")
	want := "accuracy eval.auc eval.loss f1 latency_ms old_metric zero_loss"
	if got != want {
		t.Errorf("Names() = %s; want %s", got, want)
	}
}
