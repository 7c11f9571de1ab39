package gate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// MaxMetricsFileSize bounds the size of a metrics file LoadMetrics reads.
const MaxMetricsFileSize = 64 << 20

// maxNames bounds how many leaf paths Names lists, so that a file holding
// huge arrays does not make suggestions slow.
const maxNames = 10000

// Metrics is a loaded metrics file: a tree of objects and arrays with
// numbers (and possibly other values) at the leaves.
type Metrics struct {
	path string
	root *node
}

// Value is one number read from a metrics file.
type Value struct {
	// Num is the value.
	Num float64
	// Line is the 1-based line of the metric's key in the file; 0 when unknown.
	Line int
}

type nodeKind int

const (
	kindObject nodeKind = iota
	kindArray
	kindNumber
	kindOther // string, boolean, null, out-of-range number
)

type node struct {
	kind   nodeKind
	fields map[string]*node
	items  []*node
	num    float64
	what   string // describes a kindOther value, e.g. `a string ("0.9")`
	str    string // the value of a JSON string
	line   int
}

// LoadMetrics reads and parses the metrics at path: a file (see
// [ParseMetrics]), an MLflow run directory (mlruns/<exp>/<run>), or a
// results directory of an earlier run when id names a result in it. It reads
// at most [MaxMetricsFileSize] bytes of a file.
func LoadMetrics(path string) (*Metrics, error) {
	return loadMetrics(path, "")
}

func loadMetrics(path, id string) (*Metrics, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("reading metrics %s: %w", path, err)
	}
	if st.IsDir() {
		if id != "" {
			p := filepath.Join(path, id+".json")
			if _, err := os.Stat(p); err == nil {
				return loadMetrics(p, "")
			}
		}
		return loadMLflow(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading metrics %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxMetricsFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading metrics %s: %w", path, err)
	}
	if len(data) > MaxMetricsFileSize {
		return nil, &FileError{File: path, Err: fmt.Errorf("file is larger than the %d MiB limit for metrics files", MaxMetricsFileSize>>20)}
	}
	return ParseMetrics(path, data)
}

// ParseMetrics parses data as the metrics file at path. The extension of
// path chooses the format (.json, .yaml, .yml, .toml, .csv); otherwise JSON
// is tried, then YAML. An mlgate result file (JSON) reads as its metrics'
// candidate values, by metric name. Errors are [*FileError] values naming path, with line and column
// where known.
func ParseMetrics(path string, data []byte) (*Metrics, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // UTF-8 BOM
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &FileError{File: path, Err: errors.New("empty file; want a JSON, YAML or TOML object of metrics, or a CSV of name,value")}
	}
	var (
		root *node
		err  error
	)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		root, err = parseJSON(path, data)
	case ".yaml", ".yml":
		root, err = parseYAML(path, data)
	case ".toml":
		root, err = parseTOML(path, data)
	case ".csv":
		root, err = parseCSV(path, data)
	default:
		root, err = parseJSON(path, data)
		if err != nil {
			var yerr error
			root, yerr = parseYAML(path, data)
			if yerr == nil {
				err = nil
			} else if c := firstNonSpace(data); c != '{' && c != '[' {
				err = yerr // it does not look like JSON: the YAML error is the useful one
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if root == nil {
		return nil, &FileError{File: path, Err: errors.New("no metrics: the document is empty")}
	}
	if r, ok := resultMetrics(root); ok {
		root = r
	}
	if root.kind != kindObject && root.kind != kindArray {
		return nil, &FileError{File: path, Line: root.line, Err: fmt.Errorf("top level is %s; want an object of metrics", describe(root))}
	}
	return &Metrics{path: path, root: root}, nil
}

func firstNonSpace(data []byte) byte {
	t := bytes.TrimSpace(data)
	if len(t) == 0 {
		return 0
	}
	return t[0]
}

// Path returns the path the metrics were loaded from.
func (m *Metrics) Path() string { return m.path }

// Get returns the number at name. found is false when there is nothing at
// name; err is a [*FileError] when there is something that is not a number.
func (m *Metrics) Get(name string) (v Value, found bool, err error) {
	n := m.root.find(name)
	if n == nil {
		return Value{}, false, nil
	}
	if n.kind != kindNumber {
		return Value{Line: n.line}, true, &FileError{File: m.path, Line: n.line,
			Err: fmt.Errorf("metric %s is %s; want a number", name, describe(n))}
	}
	return Value{Num: n.num, Line: n.line}, true, nil
}

// Lookup returns the number at name; ok is false when name is missing or is
// not a number (use [Metrics.Get] to tell these apart).
func (m *Metrics) Lookup(name string) (float64, bool) {
	v, found, err := m.Get(name)
	return v.Num, found && err == nil
}

// Names returns the dot paths of the leaves of the file, sorted; it lists at
// most 10000 of them.
func (m *Metrics) Names() []string {
	var out []string
	var walk func(prefix string, n *node)
	walk = func(prefix string, n *node) {
		if len(out) >= maxNames {
			return
		}
		join := func(k string) string {
			if prefix == "" {
				return k
			}
			return prefix + "." + k
		}
		switch n.kind {
		case kindObject:
			for k, c := range n.fields {
				walk(join(k), c)
			}
		case kindArray:
			for i, c := range n.items {
				walk(join(strconv.Itoa(i)), c)
			}
		default:
			out = append(out, prefix)
		}
	}
	walk("", m.root)
	sort.Strings(out)
	return out
}

// find resolves a dot path. At each level the whole remaining name is tried
// as a key first, then its prefixes up to a dot, longest first, so that keys
// containing dots match as well as nested objects.
func (n *node) find(name string) *node {
	if n == nil || name == "" {
		return nil
	}
	if c := n.child(name); c != nil {
		return c
	}
	for i := strings.LastIndexByte(name, '.'); i > 0; i = strings.LastIndexByte(name[:i], '.') {
		if c := n.child(name[:i]); c != nil {
			if r := c.find(name[i+1:]); r != nil {
				return r
			}
		}
	}
	return nil
}

func (n *node) child(key string) *node {
	switch n.kind {
	case kindObject:
		return n.fields[key]
	case kindArray:
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(n.items) || strconv.Itoa(i) != key {
			return nil
		}
		return n.items[i]
	}
	return nil
}

func describe(n *node) string {
	switch n.kind {
	case kindObject:
		return "an object"
	case kindArray:
		return "an array"
	case kindNumber:
		return "a number"
	}
	return n.what
}

// describeOther describes a non-number leaf for error messages.
func describeOther(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprintf("a boolean (%t)", v)
	case string:
		if len(v) > 40 {
			v = v[:40] + "..."
		}
		return fmt.Sprintf("a string (%q)", v)
	}
	s := fmt.Sprint(v)
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return fmt.Sprintf("%s (%T)", s, v)
}
