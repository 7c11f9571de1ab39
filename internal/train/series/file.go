package series

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// format is the layout of a metrics file.
type format int

const (
	formatJSONL format = iota
	formatCSV
	formatTSV
)

// FromFile reads the series key from a metrics file written by a training
// script: JSON Lines (.jsonl, .ndjson, .json) or CSV (.csv, .tsv); other
// extensions are sniffed (a first non-blank byte '{' means JSON Lines).
//
// In JSON Lines each line is one object; key names a field or, when no
// field has that exact name, a dot path into nested objects ("train.loss").
// Lines without the key, or with null, are skipped. Python's bare NaN,
// Infinity and -Infinity and strings such as "NaN" or "inf" are read as
// numbers. In CSV the first row is the header and key names a column;
// rows with an empty cell in it are skipped.
//
// stepKey names the step field or column; when empty, "step" is used where
// present and the point's index otherwise. A last line that is cut short
// (no newline, incomplete record: a writer still running) is ignored.
// When no line or row has a value for key, FromFile returns an empty
// series and a [*MissingError].
func FromFile(path, key, stepKey string) (*Series, error) {
	if key == "" {
		return nil, fmt.Errorf("reading loss series from %s: no key given", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *fs.PathError names the file; callers add what they were reading
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	fm, err := detectFormat(path, r)
	if err != nil {
		return nil, fmt.Errorf("reading loss series from %s: %w", path, err)
	}
	switch fm {
	case formatCSV:
		return readCSV(path, r, ',', key, stepKey)
	case formatTSV:
		return readCSV(path, r, '\t', key, stepKey)
	}
	return readJSONL(path, r, key, stepKey)
}

// detectFormat picks the format by extension, else by the first non-blank
// byte, and skips a UTF-8 byte order mark.
func detectFormat(path string, r *bufio.Reader) (format, error) {
	if b, _ := r.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = r.Discard(3)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".json":
		return formatJSONL, nil
	case ".csv":
		return formatCSV, nil
	case ".tsv":
		return formatTSV, nil
	}
	for n := 1; n <= 4096; n++ {
		b, err := r.Peek(n)
		if len(b) < n {
			if err != nil && err != io.EOF {
				return 0, err
			}
			return formatJSONL, nil // empty: either reader reports the missing key
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return formatJSONL, nil
		default:
			return formatCSV, nil
		}
	}
	return formatCSV, nil
}
