// Package schema validates dataset rows against a JSON Schema (draft 2020-12)
// that describes one row as an object.
//
// [Compile] inspects the schema. When every keyword is one the package
// compiles into typed column checks (type, enum, const, numeric bounds,
// multipleOf, string length, RE2-compatible patterns, the date, date-time
// and email formats, and at the row level properties, required and
// additionalProperties: false), rows are validated on an allocation-free
// fast path. Any other keyword makes the validator fall back to the
// reference implementation, santhosh-tekuri/jsonschema/v6, which validates
// each row converted to a JSON value; [Bound.ValidateBatch] spreads that
// work across cores.
//
// # Typing of cells
//
// Both paths type a cell with the same function, so they agree on what a
// cell is. Typed values (JSON Lines, Parquet) keep their type. An untyped
// CSV/TSV cell (table.Text) is read according to the types its property
// allows (all types when the property has no "type"):
//
//  1. a NaN/Inf text ("nan", "inf", "infinity", any case, optional sign) in a
//     column that allows a number or an integer but not a string is a
//     NaN/Inf cell, see below;
//  2. a decimal number ([+-]? digits [. digits] [e|E [+-] digits], or with
//     only fraction digits like ".5"; no hex, no underscores, no NaN/Inf, no
//     exponent beyond ±10000, see Exactness) is a number when "number" is
//     allowed, or "integer" is allowed and the value is mathematically
//     integral (1.0 is an integer);
//  3. "true" and "false" are booleans when "boolean" is allowed;
//  4. anything else is a string when "string" is allowed;
//  5. otherwise the cell keeps its most specific reading (number, then
//     boolean, then string) and fails the type check.
//
// A table.Nested value is an array or an object; a scalar JSON text in it is
// read as that scalar. An empty cell arrives as table.Null (JSON null); a
// field missing from a record is table.Absent and only "required" can fail
// on it.
//
// # NaN and Inf
//
// JSON has no NaN or Inf. A NaN/Inf cell (a text as in rule 1, or a typed
// number that is NaN or infinite) is refused with keyword [KeywordNaN]
// unless its property says "x-mlgate-allow-nan": true; an allowed NaN/Inf
// cell is exempt from the other keywords of its column.
//
// # Exactness
//
// Numbers are compared as jsonschema/v6 compares them, by exact decimal
// value: float64 decides when it can (rounding is monotonic) and math/big
// when two floats tie. A literal whose exponent is beyond ±10000 (1e99999) is
// not read as a number on either path (it is its text, failing a numeric
// type), so that a hostile cell cannot make exact arithmetic unbounded. Patterns are run by Go's RE2 on both paths
// (jsonschema/v6's default); the fast path only takes patterns whose meaning
// is the same in ECMA-262, see compilePattern.
package schema
