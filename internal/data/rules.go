package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/mlgate/mlgate/internal/fileerr"

	"github.com/mlgate/mlgate/internal/data/drift"
)

// maxSchemaBytes bounds a schema file.
const maxSchemaBytes = 16 << 20

// rules are the dataset-level checks of a schema: its "x-mlgate" keywords.
type rules struct {
	rowsMin, rowsMax *float64
	order            []string
	maxInvalid       float64 // fraction of rows allowed to fail row checks
	forbidden        []string
	driftOpt         drift.Options
	driftFails       bool // on_drift: "fail" (default "warn")
	cols             map[string]*colRules
}

// hasUnique reports whether any column must be unique.
func (r *rules) hasUnique() bool {
	for _, c := range r.cols {
		if c.unique {
			return true
		}
	}
	return false
}

// colRules are the "x-mlgate" keywords of one property.
type colRules struct {
	maxMissing *float64
	unique     bool
	noPII      bool // "pii": false
}

// loadSchema reads a schema file: the decoded document for the validator
// and the x-mlgate rules. Errors name the file, and line:col for bad JSON.
func loadSchema(path string) (any, *rules, error) {
	raw, err := readBounded(path, maxSchemaBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("reading schema %s: %w", path, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, nil, fmt.Errorf("reading schema: %w", jsonPosError(path, raw, err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, fmt.Errorf("reading schema: %s: more than one JSON value", position(path, raw, dec.InputOffset()))
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, nil, fmt.Errorf("reading schema %s: the schema of a row must be a JSON object", path)
	}
	r, err := parseRules(root)
	if err != nil {
		return nil, nil, fmt.Errorf("schema %s: %w", path, err)
	}
	return doc, r, nil
}

func parseRules(root map[string]any) (*rules, error) {
	r := &rules{cols: map[string]*colRules{}}
	if x, ok := root["x-mlgate"].(map[string]any); ok {
		if rows, ok := x["rows"].(map[string]any); ok {
			var err error
			if r.rowsMin, err = optNumber(rows, "min", "x-mlgate.rows.min"); err != nil {
				return nil, err
			}
			if r.rowsMax, err = optNumber(rows, "max", "x-mlgate.rows.max"); err != nil {
				return nil, err
			}
		}
		if cols, ok := x["columns"].([]any); ok {
			for i, c := range cols {
				s, ok := c.(string)
				if !ok {
					return nil, fmt.Errorf("x-mlgate.columns[%d]: want a column name", i)
				}
				r.order = append(r.order, s)
			}
		}
		if f, err := optNumber(x, "max_invalid_fraction", "x-mlgate.max_invalid_fraction"); err != nil {
			return nil, err
		} else if f != nil {
			r.maxInvalid = *f
		}
		if fc, ok := x["forbidden_columns"].([]any); ok {
			for i, c := range fc {
				s, ok := c.(string)
				if !ok {
					return nil, fmt.Errorf("x-mlgate.forbidden_columns[%d]: want a column name", i)
				}
				r.forbidden = append(r.forbidden, s)
			}
		}
		if d, ok := x["drift"].(map[string]any); ok {
			t, err := thresholds(d, "x-mlgate.drift")
			if err != nil {
				return nil, err
			}
			r.driftOpt.Default = t
			if s, ok := d["on_drift"].(string); ok {
				switch s {
				case "fail":
					r.driftFails = true
				case "warn":
				default:
					return nil, fmt.Errorf("x-mlgate.drift.on_drift: want \"warn\" or \"fail\", got %q", s)
				}
			}
		}
	}
	props, _ := root["properties"].(map[string]any)
	for name, p := range props {
		pm, ok := p.(map[string]any)
		if !ok {
			continue
		}
		x, ok := pm["x-mlgate"].(map[string]any)
		if !ok {
			continue
		}
		where := "properties." + name + ".x-mlgate"
		cr := &colRules{}
		var err error
		if cr.maxMissing, err = optNumber(x, "max_missing", where+".max_missing"); err != nil {
			return nil, err
		}
		cr.unique, _ = x["unique"].(bool)
		if pii, ok := x["pii"].(bool); ok && !pii {
			cr.noPII = true
		}
		if d, ok := x["drift"].(map[string]any); ok {
			t, err := thresholds(d, where+".drift")
			if err != nil {
				return nil, err
			}
			if r.driftOpt.Columns == nil {
				r.driftOpt.Columns = map[string]drift.Thresholds{}
			}
			r.driftOpt.Columns[name] = t
		} else if ignore, ok := x["drift"].(bool); ok && !ignore {
			r.driftOpt.Ignore = append(r.driftOpt.Ignore, name)
		}
		r.cols[name] = cr
	}
	return r, nil
}

func thresholds(d map[string]any, where string) (drift.Thresholds, error) {
	var t drift.Thresholds
	for key, dst := range map[string]*float64{"psi": &t.PSI, "js": &t.JS, "linf": &t.LInf, "ks_alpha": &t.KSAlpha} {
		v, err := optNumber(d, key, where+"."+key)
		if err != nil {
			return t, err
		}
		if v != nil {
			*dst = *v
		}
	}
	return t, nil
}

func optNumber(m map[string]any, key, where string) (*float64, error) {
	v, ok := m[key]
	if !ok || v == nil {
		return nil, nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return nil, fmt.Errorf("%s: want a number, got %v", where, v)
	}
	f, err := n.Float64()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return &f, nil
}

// readBounded reads a whole file of at most limit bytes.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than the %d-byte limit", limit)
	}
	return b, nil
}

// jsonPosError turns a JSON decoding error into "file:line:col: message".
func jsonPosError(path string, raw []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		// Offset is just past the offending byte.
		return fmt.Errorf("%s: %s", position(path, raw, max(syn.Offset-1, 0)), syn.Error())
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%s: unexpected end of JSON", position(path, raw, int64(len(raw))))
	}
	return fmt.Errorf("%s: %w", path, err)
}

// position returns "file:line:col" (1-based, columns in characters) of a
// byte offset.
func position(path string, raw []byte, off int64) string {
	line, col := fileerr.Position(raw, off)
	return fmt.Sprintf("%s:%d:%d", path, line, col)
}
