package schema

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mlgate/mlgate/internal/data/table"
)

// Violation is one failed keyword for one row.
type Violation struct {
	// Column is the property name; empty for a row-level violation that
	// names no column.
	Column string
	// ColIndex is the column's index in the bound columns, -1 when the
	// column is not among them.
	ColIndex int
	// Keyword is the failed JSON Schema keyword ("type", "minimum", ...),
	// "false" for a false schema, or [KeywordNaN].
	Keyword string
	// Message explains the failure in English.
	Message string
	// Value is the offending cell as written, cut to Options.MaxValueLen
	// bytes; it is raw user data and must be escaped before display.
	Value string
}

// Bound is a [Validator] bound to the columns of one reader. It is safe for
// concurrent use.
type Bound struct {
	v       *Validator
	cols    []string
	idx     []int // per check: column index, or -1
	extra   []int // columns that are not properties
	missing []string
}

// Bind prepares validation of rows whose values follow cols. Duplicate
// column names are an error: a row could not be one JSON object.
func (v *Validator) Bind(cols []string) (*Bound, error) {
	pos := make(map[string]int, len(cols))
	for i, c := range cols {
		if j, dup := pos[c]; dup {
			return nil, fmt.Errorf("binding columns: column %q appears at positions %d and %d", c, j+1, i+1)
		}
		pos[c] = i
	}
	b := &Bound{v: v, cols: slices.Clone(cols), idx: make([]int, len(v.checks))}
	for i, c := range v.checks {
		j, ok := pos[c.name]
		if !ok {
			j = -1
			b.missing = append(b.missing, c.name)
		}
		b.idx[i] = j
	}
	for i, c := range cols {
		if v.byName[c] == nil {
			b.extra = append(b.extra, i)
		}
	}
	return b, nil
}

// Extra returns the bound columns that the schema has no property for.
func (b *Bound) Extra() []string {
	out := make([]string, len(b.extra))
	for i, j := range b.extra {
		out[i] = b.cols[j]
	}
	return out
}

// Missing returns the schema's columns (properties and required names)
// that are not among the bound columns, sorted.
func (b *Bound) Missing() []string { return slices.Clone(b.missing) }

// ValidateRow validates one row and appends its violations to dst: on the
// fast path in the order of [Validator.Columns] then extra columns, on the
// reference path in jsonschema/v6's order. A valid row appends nothing and,
// on the fast path, allocates nothing.
func (b *Bound) ValidateRow(row *table.Row, dst []Violation) []Violation {
	if !b.v.fast {
		return b.validateReference(row, dst)
	}
	var absent table.Value
	maxLen := b.v.opt.MaxValueLen
	vals := row.Values
	for i, c := range b.v.checks {
		j := b.idx[i]
		v := &absent
		if j >= 0 && j < len(vals) {
			v = &vals[j]
			if v.Kind == table.Text {
				if c.numOnly && c.acceptNumber(v.Str) || c.strOnly && c.acceptString(v.Str) {
					continue
				}
			}
		}
		dst = c.check(v, j, dst, maxLen)
	}
	if b.v.addFalse {
		for _, j := range b.extra {
			if j < len(vals) && vals[j].Kind != table.Absent {
				dst = append(dst, Violation{Column: b.cols[j], ColIndex: j, Keyword: "additionalProperties",
					Message: "column is not allowed by the schema", Value: cellText(&vals[j], maxLen)})
			}
		}
	}
	return dst
}

// cellText is the cell as written, cut to max bytes at a rune boundary and
// copied (readers reuse their buffers).
func cellText(v *table.Value, max int) string {
	var s string
	switch v.Kind {
	case table.Absent, table.Null:
		return ""
	case table.Bool:
		return strconv.FormatBool(v.Bool)
	case table.Number:
		s = v.Str
		if s == "" {
			s = strconv.FormatFloat(v.Num, 'g', -1, 64)
		}
	default:
		s = v.Str
	}
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strings.Clone(s[:cut]) + "…"
	}
	return strings.Clone(s)
}
