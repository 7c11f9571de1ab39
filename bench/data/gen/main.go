// Command gen writes the data-gate benchmark dataset, deterministically from a
// fixed seed:
//
//	DIR/data.csv     header + rows
//	DIR/data.jsonl   the same rows, one JSON object per line
//	DIR/schema.json  a draft 2020-12 JSON Schema for one row
//
// Usage:
//
//	go run ./bench/data/gen -rows 1000000 -out DIR [-bad-rate 0.001] [-seed 1] [-jsonl=false]
//
// The ten columns are: age (integer 0-120), income (non-negative float), city
// (one of five values), score (float in [0,1]), label (0 or 1), email
// (matching ^[^@]+@[^@]+$) and g1..g4 (Gaussian floats). With -bad-rate p, a
// fraction p of the rows carries exactly one violation: an out-of-range age,
// an unknown city or an email without "@". The number of such rows is printed
// on stdout with the row count, as JSON.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts Options
	fs.IntVar(&opts.Rows, "rows", 1_000_000, "number of data rows")
	fs.Float64Var(&opts.BadRate, "bad-rate", 0, "fraction of rows with one injected violation (0 to 1)")
	fs.Uint64Var(&opts.Seed, "seed", 1, "random seed")
	out := fs.String("out", "", "output directory (created if missing)")
	withJSONL := fs.Bool("jsonl", true, "also write data.jsonl")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("-out is required")
	}
	if err := opts.validate(); err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", *out, err)
	}
	schema, err := SchemaJSON()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*out, "schema.json"), schema, 0o644); err != nil {
		return fmt.Errorf("writing schema: %w", err)
	}
	jsonlPath := ""
	if *withJSONL {
		jsonlPath = filepath.Join(*out, "data.jsonl")
	}
	st, err := writeFiles(filepath.Join(*out, "data.csv"), jsonlPath, opts)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(st)
}

// writeFiles writes the CSV file and, when jsonlPath is not empty, the JSONL file.
func writeFiles(csvPath, jsonlPath string, opts Options) (Stats, error) {
	csvFile, err := os.Create(csvPath)
	if err != nil {
		return Stats{}, fmt.Errorf("creating %s: %w", csvPath, err)
	}
	defer csvFile.Close()
	csvBuf := bufio.NewWriterSize(csvFile, 1<<20)
	var jsonBuf *bufio.Writer
	var jsonFile *os.File
	if jsonlPath != "" {
		jsonFile, err = os.Create(jsonlPath)
		if err != nil {
			return Stats{}, fmt.Errorf("creating %s: %w", jsonlPath, err)
		}
		defer jsonFile.Close()
		jsonBuf = bufio.NewWriterSize(jsonFile, 1<<20)
	}
	var jw io.Writer
	if jsonBuf != nil {
		jw = jsonBuf
	}
	st, err := Generate(csvBuf, jw, opts)
	if err != nil {
		return st, err
	}
	if err := csvBuf.Flush(); err != nil {
		return st, fmt.Errorf("writing %s: %w", csvPath, err)
	}
	if err := csvFile.Close(); err != nil {
		return st, fmt.Errorf("closing %s: %w", csvPath, err)
	}
	if jsonBuf != nil {
		if err := jsonBuf.Flush(); err != nil {
			return st, fmt.Errorf("writing %s: %w", jsonlPath, err)
		}
		if err := jsonFile.Close(); err != nil {
			return st, fmt.Errorf("closing %s: %w", jsonlPath, err)
		}
	}
	return st, nil
}
