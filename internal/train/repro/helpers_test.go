package repro

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/train/internal/float16"
)

// writeFile writes content to dir/name, creating parent directories.
func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// npySpec describes an .npy file written by hand, as numpy.save would.
type npySpec struct {
	version byte   // 1, 2 or 3; 0 means 1
	descr   string // "<f8", "|b1", ">i4", ...
	fortran bool
	shape   []int
	// values in memory order; encoded according to descr.
	values []float64
	// raw, when set, replaces the encoded values.
	raw []byte
}

// encodeNPY encodes s in the NumPy format: magic, version, header length,
// a dict literal padded with spaces to a multiple of 64 bytes and '\n'.
func encodeNPY(t testing.TB, s npySpec) []byte {
	t.Helper()
	shape := make([]string, len(s.shape))
	for i, n := range s.shape {
		shape[i] = fmt.Sprint(n)
	}
	st := "(" + strings.Join(shape, ", ") + ")"
	if len(shape) == 1 {
		st = "(" + shape[0] + ",)"
	}
	fo := "False"
	if s.fortran {
		fo = "True"
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", s.descr, fo, st)
	ver := s.version
	if ver == 0 {
		ver = 1
	}
	pre := 10
	if ver > 1 {
		pre = 12
	}
	total := pre + len(dict) + 1
	pad := (64 - total%64) % 64
	header := dict + strings.Repeat(" ", pad) + "\n"
	out := []byte("\x93NUMPY")
	out = append(out, ver, 0)
	if ver == 1 {
		out = binary.LittleEndian.AppendUint16(out, uint16(len(header)))
	} else {
		out = binary.LittleEndian.AppendUint32(out, uint32(len(header)))
	}
	out = append(out, header...)
	if s.raw != nil {
		return append(out, s.raw...)
	}
	var o binary.AppendByteOrder = binary.LittleEndian
	if s.descr[0] == '>' {
		o = binary.BigEndian
	}
	for _, v := range s.values {
		switch s.descr[1:] {
		case "f8":
			out = o.AppendUint64(out, math.Float64bits(v))
		case "f4":
			out = o.AppendUint32(out, math.Float32bits(float32(v)))
		case "f2":
			out = o.AppendUint16(out, floatToHalf(t, v))
		case "i8":
			out = o.AppendUint64(out, uint64(int64(v)))
		case "i4":
			out = o.AppendUint32(out, uint32(int32(v)))
		case "i2":
			out = o.AppendUint16(out, uint16(int16(v)))
		case "i1":
			out = append(out, byte(int8(v)))
		case "u1", "b1":
			out = append(out, byte(v))
		case "u8":
			out = o.AppendUint64(out, uint64(v))
		default:
			t.Fatalf("encodeNPY: dtype %s not supported by the test helper", s.descr)
		}
	}
	return out
}

// floatToHalf encodes the few values the tests use as binary16 exactly.
func floatToHalf(t testing.TB, v float64) uint16 {
	t.Helper()
	for h := range uint32(1 << 16) {
		if f := float16.ToFloat64(uint16(h)); f == v || (math.IsNaN(f) && math.IsNaN(v)) {
			return uint16(h)
		}
	}
	t.Fatalf("%v is not exactly representable as float16", v)
	return 0
}

// writeNPY writes an .npy file into dir and returns its path.
func writeNPY(t testing.TB, dir, name string, s npySpec) string {
	t.Helper()
	return writeFile(t, dir, name, string(encodeNPY(t, s)))
}
