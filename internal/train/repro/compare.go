package repro

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Kinds of comparison reported in [Diff.Kind].
const (
	KindBytes   = "bytes"   // compared by content hash only
	KindJSON    = "json"    // compared as JSON documents
	KindCSV     = "csv"     // compared as CSV tables
	KindNPY     = "npy"     // compared as NumPy arrays
	KindMissing = "missing" // the file is missing in one or both runs
)

// Diff is the comparison of one artifact between two runs.
type Diff struct {
	// Path is the first file compared; callers may replace it with the
	// artifact's name relative to the run directory.
	Path string
	// Same reports whether the artifacts are equal: byte-identical, or
	// equal within the tolerance for the kinds compared numerically.
	Same bool
	// ByteEqual reports whether the files have the same content hash.
	ByteEqual bool
	// Kind says how the files were compared: one of the Kind constants.
	Kind string
	// HashA and HashB are the hex SHA-256 of the files ("" when missing).
	HashA, HashB string
	// MaxAbs is the largest |a-b| over the numbers compared; MaxRel the
	// largest |a-b|/|b| (+Inf where b is 0 and a is not). A NaN against a
	// number counts as an infinite difference.
	MaxAbs, MaxRel float64
	// Values is how many pairs of numbers were compared; Mismatched how
	// many of them differ beyond the tolerance.
	Values, Mismatched int
	// Where locates the difference that matters most: a JSON pointer, a CSV
	// "row 12 (line 13), column loss", or an npy element with its flat
	// index. For numbers it is the pair furthest outside the tolerance.
	Where string
	// Message explains the outcome in one sentence.
	Message string
}

// Size limits of the numeric comparisons; larger files are refused with an
// error rather than read into memory.
const (
	MaxNPYBytes  = 2 << 30   // an .npy file
	MaxJSONBytes = 256 << 20 // a .json file (parsed into memory)
)

// CompareFiles compares file a (run A) with file b (run B). Files with the
// same SHA-256 are the same. Otherwise .json, .csv and .npy files are
// compared numerically within tol (structure, strings, headers, shapes
// and dtypes must match exactly); any other file that differs in bytes is
// not the same. A file missing in either run gives a Diff of kind
// "missing" and no error. The error reports input that cannot be read or
// parsed, naming the file and position; the Diff then still carries Path,
// the hashes and Kind.
func CompareFiles(a, b string, tol Tolerance) (Diff, error) {
	d := Diff{Path: a, Kind: KindBytes}
	if err := tol.Validate(); err != nil {
		return d, fmt.Errorf("tolerance: %w", err)
	}
	ha, errA := hashFile(a)
	hb, errB := hashFile(b)
	d.HashA, d.HashB = ha, hb
	missA, missB := errors.Is(errA, fs.ErrNotExist), errors.Is(errB, fs.ErrNotExist)
	switch {
	case missA && missB:
		d.Kind, d.Message = KindMissing, "missing in both runs"
		return d, nil
	case missA:
		d.Kind, d.Message = KindMissing, fmt.Sprintf("missing in run A (%s)", a)
		return d, nil
	case missB:
		d.Kind, d.Message = KindMissing, fmt.Sprintf("missing in run B (%s)", b)
		return d, nil
	case errA != nil:
		return d, errA
	case errB != nil:
		return d, errB
	}
	if ha == hb {
		d.Same, d.ByteEqual = true, true
		d.Message = "byte-identical"
		return d, nil
	}
	var err error
	switch strings.ToLower(filepath.Ext(a)) {
	case ".json":
		d.Kind = KindJSON
		err = compareJSON(a, b, tol, &d)
	case ".csv":
		d.Kind = KindCSV
		err = compareCSV(a, b, tol, &d)
	case ".npy":
		d.Kind = KindNPY
		err = compareNPY(a, b, tol, &d)
	default:
		d.Message = "bytes differ"
	}
	if err != nil {
		d.Same = false
		d.Message = err.Error()
	}
	return d, err
}

// hashFile returns the hex SHA-256 of a regular file.
func hashFile(path string) (string, error) {
	sum, _, err := hashFileSize(path)
	return sum, err
}

// hashFileSize returns the hex SHA-256 and size of a regular file.
func hashFileSize(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, fmt.Errorf("hashing %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", 0, fmt.Errorf("hashing %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return "", 0, fmt.Errorf("hashing %s: not a regular file", path)
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("hashing %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
