package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func generate(t *testing.T, opts Options) (csvOut, jsonOut []byte, st Stats) {
	t.Helper()
	var c, j bytes.Buffer
	st, err := Generate(&c, &j, opts)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", opts, err)
	}
	return c.Bytes(), j.Bytes(), st
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := SchemaJSON()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parsing schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatalf("adding schema: %v", err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatalf("compiling schema: %v", err)
	}
	return s
}

// TestRowsMatchSchema checks, with the reference validator, that exactly the
// injected rows are invalid, and that the CSV and JSONL files hold the same rows.
func TestRowsMatchSchema(t *testing.T) {
	t.Parallel()
	const rows = 20_000
	csvOut, jsonOut, st := generate(t, Options{Rows: rows, BadRate: 0.01, Seed: 7})
	if st.Rows != rows || st.BadRows == 0 || st.BadAge+st.BadCity+st.BadEmail != st.BadRows {
		t.Fatalf("stats = %+v, want %d rows with some bad rows split by kind", st, rows)
	}
	if st.CSVBytes != len(csvOut) || st.JSONBytes != len(jsonOut) {
		t.Errorf("byte counts %d/%d, wrote %d/%d", st.CSVBytes, st.JSONBytes, len(csvOut), len(jsonOut))
	}
	schema := compileSchema(t)

	cr := csv.NewReader(bytes.NewReader(csvOut))
	header, err := cr.Read()
	if err != nil {
		t.Fatalf("reading csv header: %v", err)
	}
	if strings.Join(header, ",") != strings.Join(Columns[:], ",") {
		t.Fatalf("header = %v, want %v", header, Columns)
	}
	lines := strings.Split(strings.TrimSuffix(string(jsonOut), "\n"), "\n")
	if len(lines) != rows {
		t.Fatalf("jsonl has %d lines, want %d", len(lines), rows)
	}
	invalid := 0
	for i, line := range lines {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
		if err != nil {
			t.Fatalf("jsonl line %d: %v", i+1, err)
		}
		if schema.Validate(v) != nil {
			invalid++
		}
		rec, err := cr.Read()
		if err != nil {
			t.Fatalf("csv row %d: %v", i+1, err)
		}
		obj := v.(map[string]any)
		for k, col := range Columns {
			var got string
			switch x := obj[col].(type) {
			case string:
				got = x
			case json.Number:
				got = x.String()
			default:
				t.Fatalf("jsonl line %d column %s: unexpected %T", i+1, col, x)
			}
			if got != rec[k] {
				t.Fatalf("row %d column %s: jsonl %q, csv %q", i+1, col, got, rec[k])
			}
		}
	}
	if _, err := cr.Read(); err != io.EOF {
		t.Fatalf("csv has more rows than jsonl (err %v)", err)
	}
	if invalid != st.BadRows {
		t.Errorf("reference validator found %d invalid rows, generator injected %d", invalid, st.BadRows)
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	opts := Options{Rows: 2000, BadRate: 0.05, Seed: 3}
	c1, j1, _ := generate(t, opts)
	c2, j2, _ := generate(t, opts)
	if !bytes.Equal(c1, c2) || !bytes.Equal(j1, j2) {
		t.Error("same seed gave different output")
	}
	opts.Seed = 4
	c3, _, _ := generate(t, opts)
	if bytes.Equal(c1, c3) {
		t.Error("different seeds gave the same output")
	}
}

func TestNoBadRowsByDefault(t *testing.T) {
	t.Parallel()
	_, _, st := generate(t, Options{Rows: 5000, Seed: 1})
	if st.BadRows != 0 {
		t.Errorf("bad rows = %d with -bad-rate 0", st.BadRows)
	}
}

func TestOptionsRejected(t *testing.T) {
	t.Parallel()
	for _, o := range []Options{{Rows: -1}, {Rows: 1, BadRate: 1.5}, {Rows: 1, BadRate: -0.1}} {
		if _, err := Generate(io.Discard, nil, o); err == nil {
			t.Errorf("Generate(%+v) = nil error, want an error", o)
		}
	}
}

func TestRunRequiresOut(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if err := run([]string{"-rows", "1"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "-out") {
		t.Errorf("run without -out: err = %v, want one naming -out", err)
	}
}

func TestRunWritesFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if err := run([]string{"-rows", "10", "-out", dir}, &out, &errOut); err != nil {
		t.Fatalf("run: %v (stderr %s)", err, errOut.String())
	}
	var st Stats
	if err := json.Unmarshal(out.Bytes(), &st); err != nil || st.Rows != 10 {
		t.Fatalf("stdout %q: rows %d, err %v", out.String(), st.Rows, err)
	}
}

func BenchmarkGenerate(b *testing.B) {
	opts := Options{Rows: 10_000, BadRate: 0.001, Seed: 1}
	for b.Loop() {
		if _, err := Generate(io.Discard, io.Discard, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(opts.Rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
