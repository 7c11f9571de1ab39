package gate

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// parseTOML parses a TOML metrics document. BurntSushi/toml does not report
// the lines of keys, so metrics from TOML files carry no line.
func parseTOML(path string, data []byte) (*node, error) {
	var v map[string]any
	if _, err := toml.Decode(string(data), &v); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &FileError{File: path, Line: pe.Position.Line, Column: pe.Position.Col,
				Err: fmt.Errorf("invalid TOML: %s", pe.Message)}
		}
		return nil, &FileError{File: path, Err: fmt.Errorf("invalid TOML: %w", err)}
	}
	return valueNode(v), nil
}

// valueNode converts a decoded value (maps, slices, numbers) to a node tree
// without lines.
func valueNode(v any) *node {
	switch v := v.(type) {
	case map[string]any:
		n := &node{kind: kindObject, fields: make(map[string]*node, len(v))}
		for k, c := range v {
			n.fields[k] = valueNode(c)
		}
		return n
	case []map[string]any:
		n := &node{kind: kindArray}
		for _, c := range v {
			n.items = append(n.items, valueNode(c))
		}
		return n
	case []any:
		n := &node{kind: kindArray}
		for _, c := range v {
			n.items = append(n.items, valueNode(c))
		}
		return n
	case float64:
		return &node{kind: kindNumber, num: v}
	case int64:
		return &node{kind: kindNumber, num: float64(v)}
	case int:
		return &node{kind: kindNumber, num: float64(v)}
	}
	return &node{kind: kindOther, what: describeOther(v)}
}

// parseCSV parses a CSV of name,value rows, with an optional header row
// "name,value". Values are decimal numbers (NaN and Inf included).
func parseCSV(path string, data []byte) (*node, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	root := &node{kind: kindObject, fields: map[string]*node{}}
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &FileError{File: path, Line: pe.Line, Column: pe.Column, Err: fmt.Errorf("invalid CSV: %w", pe.Err)}
			}
			return nil, &FileError{File: path, Err: fmt.Errorf("invalid CSV: %w", err)}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != 2 {
			return nil, &FileError{File: path, Line: line, Err: fmt.Errorf("%d fields; want name,value", len(rec))}
		}
		name, val := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
		if first && strings.EqualFold(name, "name") && strings.EqualFold(val, "value") {
			continue
		}
		if name == "" {
			return nil, &FileError{File: path, Line: line, Column: 1, Err: errors.New("empty metric name")}
		}
		if prev, dup := root.fields[name]; dup {
			return nil, &FileError{File: path, Line: line, Column: 1, Err: fmt.Errorf("duplicate metric %q (first at line %d)", name, prev.line)}
		}
		f, err := strconv.ParseFloat(val, 64)
		if err != nil {
			_, col := r.FieldPos(1)
			return nil, &FileError{File: path, Line: line, Column: col, Err: fmt.Errorf("metric %s: value %q is not a number", name, val)}
		}
		root.fields[name] = &node{kind: kindNumber, num: f, line: line}
	}
	if len(root.fields) == 0 {
		return nil, &FileError{File: path, Err: errors.New("no metrics; want rows of name,value")}
	}
	return root, nil
}

// resultMetrics turns a parsed mlgate result file into a flat object of its
// metrics' candidate values; ok is false when n is not a result.
func resultMetrics(n *node) (*node, bool) {
	if n.kind != kindObject {
		return nil, false
	}
	gate, metrics, version := n.fields["gate"], n.fields["metrics"], n.fields["version"]
	if gate == nil || gate.str == "" || version == nil || version.kind != kindNumber || n.fields["tool"] == nil {
		return nil, false
	}
	out := &node{kind: kindObject, fields: map[string]*node{}, line: n.line}
	if metrics == nil || metrics.kind != kindArray {
		return out, true
	}
	for _, m := range metrics.items {
		if m.kind != kindObject || m.fields["name"] == nil || m.fields["name"].str == "" {
			continue
		}
		name := m.fields["name"].str
		v := m.fields["value"]
		switch {
		case v == nil:
			out.fields[name] = &node{kind: kindOther, what: "null (missing in the result)", line: m.line}
		case v.kind == kindOther && v.str != "":
			// Non-finite values are stored as strings.
			switch v.str {
			case "NaN":
				out.fields[name] = &node{kind: kindNumber, num: math.NaN(), line: m.line}
			case "+Inf", "Inf":
				out.fields[name] = &node{kind: kindNumber, num: math.Inf(1), line: m.line}
			case "-Inf":
				out.fields[name] = &node{kind: kindNumber, num: math.Inf(-1), line: m.line}
			default:
				out.fields[name] = &node{kind: kindOther, what: v.what, line: m.line}
			}
		default:
			c := *v
			c.line = m.line
			out.fields[name] = &c
		}
	}
	return out, true
}

// maxMLflowMetrics bounds how many metric files an MLflow run may hold.
const maxMLflowMetrics = 10000

// loadMLflow reads the metrics of an MLflow run directory
// (mlruns/<experiment>/<run>, or its metrics/ subdirectory). Each metric
// file holds lines "timestamp value step"; the latest value (largest step,
// then largest timestamp) is the metric's value, as MLflow reports it.
// Keys with slashes ("eval/accuracy") are nested files and keep the slash.
func loadMLflow(dir string) (*Metrics, error) {
	mdir := filepath.Join(dir, "metrics")
	if st, err := os.Stat(mdir); err != nil || !st.IsDir() {
		if filepath.Base(dir) != "metrics" {
			return nil, fmt.Errorf("reading metrics %s: a directory, but not an MLflow run (no metrics/ inside) or a results dir", dir)
		}
		mdir = dir
	}
	root := &node{kind: kindObject, fields: map[string]*node{}}
	err := filepath.WalkDir(mdir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if len(root.fields) >= maxMLflowMetrics {
			return fmt.Errorf("more than %d metrics", maxMLflowMetrics)
		}
		rel, _ := filepath.Rel(mdir, p)
		key := filepath.ToSlash(rel)
		n, err := readMLflowMetric(p)
		if err != nil {
			return err
		}
		root.fields[key] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading MLflow run %s: %w", dir, err)
	}
	if len(root.fields) == 0 {
		return nil, fmt.Errorf("reading MLflow run %s: no metrics in %s", dir, mdir)
	}
	return &Metrics{path: dir, root: root}, nil
}

// readMLflowMetric reads one MLflow metric file and returns its latest value.
func readMLflowMetric(path string) (*node, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxMetricsFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxMetricsFileSize {
		return nil, &FileError{File: path, Err: fmt.Errorf("file is larger than the %d MiB limit", MaxMetricsFileSize>>20)}
	}
	type entry struct {
		ts, step int64
		v        float64
		line     int
	}
	var best *entry
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		f := strings.Fields(l)
		if len(f) < 2 || len(f) > 3 {
			return nil, &FileError{File: path, Line: i + 1, Err: fmt.Errorf("want \"timestamp value step\", got %q", truncate(l, 60))}
		}
		e := entry{line: i + 1}
		var err1, err2, err3 error
		e.ts, err1 = strconv.ParseInt(f[0], 10, 64)
		e.v, err2 = strconv.ParseFloat(f[1], 64)
		if len(f) == 3 {
			e.step, err3 = strconv.ParseInt(f[2], 10, 64)
		}
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, &FileError{File: path, Line: i + 1, Err: fmt.Errorf("want \"timestamp value step\", got %q", truncate(l, 60))}
		}
		if best == nil || e.step > best.step || (e.step == best.step && e.ts >= best.ts) {
			best = &e
		}
	}
	if best == nil {
		return nil, &FileError{File: path, Err: errors.New("empty metric file")}
	}
	return &node{kind: kindNumber, num: best.v, line: best.line}, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// Set is several metrics sources read as one: a name is looked up in each,
// and a name found in more than one is an error (it would be ambiguous).
type Set []*Metrics

// Get returns the number at name from the one source that has it.
func (s Set) Get(name string) (v Value, found bool, err error) {
	var from *Metrics
	for _, m := range s {
		mv, ok, merr := m.Get(name)
		if !ok {
			continue
		}
		if from != nil {
			return Value{}, true, fmt.Errorf("metric %s is in both %s and %s; keep it in one", name, from.Path(), m.Path())
		}
		from, v, found, err = m, mv, ok, merr
	}
	return v, found, err
}

// Path names the sources, joined by ", ".
func (s Set) Path() string {
	var p []string
	for _, m := range s {
		p = append(p, m.Path())
	}
	return strings.Join(p, ", ")
}

// PathOf returns the path of the source holding name, or of the first source.
func (s Set) PathOf(name string) string {
	for _, m := range s {
		if _, ok, _ := m.Get(name); ok {
			return m.Path()
		}
	}
	if len(s) > 0 {
		return s[0].Path()
	}
	return ""
}

// Names returns the leaf paths of all sources, sorted.
func (s Set) Names() []string {
	var out []string
	for _, m := range s {
		out = append(out, m.Names()...)
	}
	sort.Strings(out)
	return out
}

// node returns the node at name in the one source that has it.
func (s Set) node(name string) *node {
	for _, m := range s {
		if n := m.root.find(name); n != nil {
			return n
		}
	}
	return nil
}
