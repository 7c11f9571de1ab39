package table

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
)

// Format is a dataset file format.
type Format int

// Formats. The zero value, Auto, means "detect from the name and content".
const (
	Auto Format = iota
	CSV
	TSV
	JSONL
	Parquet
)

// String returns the format's name.
func (f Format) String() string {
	switch f {
	case Auto:
		return "auto"
	case CSV:
		return "csv"
	case TSV:
		return "tsv"
	case JSONL:
		return "jsonl"
	case Parquet:
		return "parquet"
	}
	return fmt.Sprintf("format(%d)", int(f))
}

// ParseFormat parses a format name as accepted on the command line:
// auto (or ""), csv, tsv, jsonl (or ndjson), parquet.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return Auto, nil
	case "csv":
		return CSV, nil
	case "tsv", "tab":
		return TSV, nil
	case "jsonl", "ndjson", "json":
		return JSONL, nil
	case "parquet":
		return Parquet, nil
	}
	return Auto, fmt.Errorf("unknown data format %q (want csv, tsv, jsonl or parquet)", s)
}

var parquetMagic = []byte("PAR1")

// DetectFormat tells the format of a file from its name (extension, after
// removing a .gz suffix): .csv; .tsv, .tab; .jsonl, .ndjson, .json; .parquet,
// .pq. Failing that it sniffs head, the first bytes of the (decompressed)
// content: Parquet magic, a JSON object, a tab-separated or a
// comma-separated first line.
func DetectFormat(path string, head []byte) (Format, error) {
	name := strings.ToLower(filepath.Base(path))
	name = strings.TrimSuffix(name, ".gz")
	switch filepath.Ext(name) {
	case ".csv":
		return CSV, nil
	case ".tsv", ".tab":
		return TSV, nil
	case ".jsonl", ".ndjson", ".json":
		return JSONL, nil
	case ".parquet", ".pq":
		return Parquet, nil
	}
	if bytes.HasPrefix(head, parquetMagic) {
		return Parquet, nil
	}
	h := bytes.TrimPrefix(head, utf8BOM)
	h = bytes.TrimLeft(h, " \t\r\n")
	if len(h) == 0 {
		return Auto, fmt.Errorf("%s: cannot detect the data format of an empty file; name it .csv, .tsv, .jsonl or .parquet", path)
	}
	if h[0] == '{' {
		return JSONL, nil
	}
	first := h
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if bytes.IndexByte(first, '\t') >= 0 && bytes.IndexByte(first, ',') < 0 {
		return TSV, nil
	}
	return CSV, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}
