// Package table reads datasets (CSV, TSV, JSON Lines, Parquet; gzip by magic
// bytes; several files as one dataset) as a stream of rows of [Value]s, with
// the position of every row, for profiling and validation.
package table

// Kind says what a [Value] holds.
type Kind uint8

// Value kinds. CSV and TSV cells are Text: untyped, as written, to be typed
// by a schema. JSON Lines and Parquet values carry their own types.
const (
	// Absent: the row has no such field (a JSON object without the key).
	// JSON Schema's "required" fails on it; it is not null.
	Absent Kind = iota
	// Null: a JSON null, a Parquet null, or an empty CSV/TSV cell.
	Null
	// Text: an untyped CSV/TSV cell, in Str.
	Text
	// String: a typed string (JSON string, Parquet BYTE_ARRAY/UTF8), in Str.
	String
	// Number: a typed number in Num; Str holds its literal (the JSON number
	// text, or the decimal form of a Parquet integer) so that integer and
	// multipleOf checks can be exact.
	Number
	// Bool: a typed boolean, in Bool.
	Bool
	// Nested: a JSON object or array (or a Parquet group/list), as JSON text in Str.
	Nested
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case Absent:
		return "absent"
	case Null:
		return "null"
	case Text:
		return "text"
	case String:
		return "string"
	case Number:
		return "number"
	case Bool:
		return "boolean"
	case Nested:
		return "nested"
	}
	return "unknown"
}

// Value is one cell. It is a small value type so that a row is one
// allocation-free slice that readers reuse.
type Value struct {
	Kind Kind
	Bool bool
	Num  float64
	Str  string
}

// Row is one record of a dataset. Readers reuse the Row and its Values
// between calls: copy what must outlive the next Read. (The strings in
// Values outlive it, except with Options.BorrowText.)
type Row struct {
	// Values are aligned with the reader's Columns(); a row of a file with
	// fewer fields is padded with Absent values.
	Values []Value
	// File is the path of the file the row came from.
	File string
	// Line is the 1-based line where the record starts (a CSV record with a
	// quoted newline spans several lines; Line is its first). For Parquet it
	// is the 1-based row number.
	Line int
	// Index is the 0-based index of the row in the whole dataset.
	Index int64
}
