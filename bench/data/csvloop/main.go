// Command csvloop is the floor for any CSV validator: a bare encoding/csv
// read loop (ReuseRecord) over a file, counting rows and fields and doing
// nothing else. It prints {"rows":N,"fields":M} on stdout.
//
//	go run ./bench/data/csvloop DIR/data.csv
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// Counts is what the loop saw: data rows (the header excluded) and fields.
type Counts struct {
	Rows   int `json:"rows"`
	Fields int `json:"fields"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: csvloop FILE.csv")
		os.Exit(2)
	}
	c, err := countFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "csvloop:", err)
		os.Exit(2)
	}
	if err := json.NewEncoder(os.Stdout).Encode(c); err != nil {
		fmt.Fprintln(os.Stderr, "csvloop:", err)
		os.Exit(2)
	}
}

func countFile(path string) (Counts, error) {
	f, err := os.Open(path)
	if err != nil {
		return Counts{}, fmt.Errorf("opening %s: %w", path, err)
	}
	defer f.Close()
	c, err := Count(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return c, fmt.Errorf("reading %s: %w", path, err)
	}
	return c, nil
}

// Count reads r as CSV with a header and counts the data rows and fields.
func Count(r io.Reader) (Counts, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	var c Counts
	if _, err := cr.Read(); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil
		}
		return c, fmt.Errorf("header: %w", err)
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return c, nil
		}
		if err != nil {
			return c, err
		}
		c.Rows++
		c.Fields += len(rec)
	}
}
