package monitor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mlgate/mlgate/internal/timestamp"

	"github.com/mlgate/mlgate/internal/fileerr"
)

// maxMetadataBytes bounds the model metadata file read.
const maxMetadataBytes = 16 << 20

// futureTolerance is how far in the future a training timestamp may lie
// (clock skew between the trainer and the runner) before it is an error.
const futureTolerance = 5 * time.Minute

// Timestamp is the training time read from a model's metadata.
type Timestamp struct {
	// Time is the training time.
	Time time.Time
	// Pointer is the JSON pointer (RFC 6901) of the field it came from.
	Pointer string
}

// ReadTimestamp reads the training time of a model from the JSON file at
// path: the field at the dot path field ("trained_at", "model.trained_at"),
// an RFC 3339 string or a number of Unix seconds (a JSON number or a string
// of digits). Errors name the file, and the line and column of a syntax
// error.
func ReadTimestamp(path, field string) (Timestamp, error) {
	if field == "" {
		return Timestamp{}, errors.New("model metadata: the timestamp field is empty")
	}
	b, err := readLimited(path, maxMetadataBytes)
	if err != nil {
		return Timestamp{}, fmt.Errorf("reading model metadata %s: %w", path, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return Timestamp{}, jsonError(path, b, err)
	}
	keys := strings.Split(field, ".")
	pointer := "/" + strings.Join(escapePointer(keys), "/")
	v := doc
	for i, k := range keys {
		obj, ok := v.(map[string]any)
		if !ok {
			return Timestamp{}, &fileerr.Error{File: path, Err: fmt.Errorf("%s is not an object, so it has no field %q",
				describePath(keys[:i]), k)}
		}
		if v, ok = obj[k]; !ok {
			return Timestamp{}, &fileerr.Error{File: path, Err: fmt.Errorf("no field %q (--timestamp-field %s)%s",
				strings.Join(keys[:i+1], "."), field, suggest(obj))}
		}
	}
	t, err := parseTimestamp(v)
	if err != nil {
		return Timestamp{}, &fileerr.Error{File: path, Err: fmt.Errorf("field %s: %w", field, err)}
	}
	return Timestamp{Time: t, Pointer: pointer}, nil
}

// parseTimestamp reads an RFC 3339 string, a date or Unix seconds.
func parseTimestamp(v any) (time.Time, error) {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(x.String(), 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s is not a valid number of Unix seconds", x)
		}
		return timestamp.Unix(f)
	case string:
		return timestamp.Parse(x)
	}
	return time.Time{}, fmt.Errorf("want an RFC 3339 string or Unix seconds, got %s", jsonKind(v))
}

// ageCheck judges the model's age against maxAge at now.
type ageCheck struct {
	ts     Timestamp
	age    time.Duration
	maxAge time.Duration
}

// checkAge measures the age; a timestamp in the future is an error.
func checkAge(path, field string, maxAge time.Duration, now time.Time) (ageCheck, error) {
	ts, err := ReadTimestamp(path, field)
	if err != nil {
		return ageCheck{}, err
	}
	age := now.Sub(ts.Time)
	if age < -futureTolerance {
		return ageCheck{}, &fileerr.Error{File: path, Err: fmt.Errorf("field %s: %s is %s in the future; check the trainer's clock or the field",
			field, ts.Time.UTC().Format(time.RFC3339), FormatAge(-age))}
	}
	return ageCheck{ts: ts, age: max(age, 0), maxAge: maxAge}, nil
}

func (a ageCheck) exceeded() bool { return a.age > a.maxAge }

// jsonError locates a JSON syntax error by line and column.
func jsonError(path string, b []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return &fileerr.Error{File: path, Err: fmt.Errorf("not valid JSON: %w", err)}
	}
	line, col := lineCol(b, int(min(off, int64(len(b)))))
	return &fileerr.Error{File: path, Line: line, Column: col, Err: fmt.Errorf("not valid JSON: %w", err)}
}

// lineCol returns the 1-based line and column (in bytes) of offset off.
func lineCol(b []byte, off int) (int, int) {
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	start := bytes.LastIndexByte(b[:off], '\n') + 1
	return line, max(off-start, 1)
}

func escapePointer(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
	}
	return out
}

func describePath(keys []string) string {
	if len(keys) == 0 {
		return "the document"
	}
	return "field " + strings.Join(keys, ".")
}

// suggest lists the fields of obj that look like timestamps.
func suggest(obj map[string]any) string {
	var names []string
	for k := range obj {
		l := strings.ToLower(k)
		if strings.Contains(l, "time") || strings.Contains(l, "date") || strings.HasSuffix(l, "_at") || strings.Contains(l, "created") {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	return "; fields that look like times: " + strings.Join(names, ", ")
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%T", v)
}

// readLimited reads at most limit bytes of a file, refusing larger ones.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%d bytes, more than the %d allowed", fi.Size(), limit)
	}
	b := make([]byte, 0, fi.Size())
	buf := bytes.NewBuffer(b)
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
