package repro

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

func TestCompareNPYHandWritten(t *testing.T) {
	t.Parallel()
	m23 := []float64{1, 2, 3, 4, 5, 6}
	for _, tc := range []struct {
		name       string
		a, b       npySpec
		tol        Tolerance
		same       bool
		where      string
		maxAbs     float64
		mismatched int
		msg        string
	}{
		{name: "f8 C order, one element beyond atol",
			a:   npySpec{descr: "<f8", shape: []int{2, 3}, values: m23},
			b:   npySpec{descr: "<f8", shape: []int{2, 3}, values: []float64{1, 2, 3, 4, 5, 6.5}},
			tol: Tolerance{Atol: 1e-6}, where: "element [1, 2] (flat index 5)", maxAbs: 0.5, mismatched: 1},
		{name: "f8 within atol",
			a:   npySpec{descr: "<f8", shape: []int{2, 3}, values: m23},
			b:   npySpec{descr: "<f8", shape: []int{2, 3}, values: []float64{1, 2, 3 + 1e-9, 4, 5, 6}},
			tol: Tolerance{Atol: 1e-6}, same: true, where: "element [0, 2] (flat index 2)", maxAbs: 1e-9},
		{name: "C order against Fortran order, same values",
			a:    npySpec{descr: "<f8", shape: []int{2, 3}, values: m23},
			b:    npySpec{descr: "<f8", shape: []int{2, 3}, fortran: true, values: []float64{1, 4, 2, 5, 3, 6}},
			same: true},
		{name: "both Fortran order, difference located logically",
			a:     npySpec{descr: "<f4", shape: []int{2, 3}, fortran: true, values: []float64{1, 4, 2, 5, 3, 6}},
			b:     npySpec{descr: "<f4", shape: []int{2, 3}, fortran: true, values: []float64{1, 4.5, 2, 5, 3, 6}}, // [1, 0]
			where: "element [1, 0] (flat index 3)", maxAbs: 0.5, mismatched: 1},
		{name: "Fortran against C, difference located logically",
			a:     npySpec{descr: "<f4", shape: []int{2, 3}, fortran: true, values: []float64{1, 4, 2, 5, 3, 6}},
			b:     npySpec{descr: "<f4", shape: []int{2, 3}, values: []float64{1, 2, 3, 4, 5, 7}},
			where: "element [1, 2] (flat index 5)", maxAbs: 1, mismatched: 1},
		{name: "big-endian against little-endian f8",
			a:   npySpec{descr: ">f8", shape: []int{3}, values: []float64{1, 2, 3}},
			b:   npySpec{descr: "<f8", shape: []int{3}, values: []float64{1, 2, 3}},
			msg: "dtype >f8 in run A, <f8 in run B"},
		{name: "i4 with rtol",
			a:   npySpec{descr: "<i4", shape: []int{4}, values: []float64{100, 200, -300, 7}},
			b:   npySpec{descr: "<i4", shape: []int{4}, values: []float64{101, 200, -300, 7}},
			tol: Tolerance{Rtol: 0.01}, same: true, where: "element [0] (flat index 0)", maxAbs: 1},
		{name: "i8 beyond float64 precision",
			a:     npySpec{descr: "<i8", shape: []int{2}, values: []float64{0, 0}, raw: le64(1<<62, -5)},
			b:     npySpec{descr: "<i8", shape: []int{2}, values: []float64{0, 0}, raw: le64(1<<62+1, -5)},
			where: "element [0] (flat index 0)", maxAbs: 1, mismatched: 1},
		{name: "bool",
			a:   npySpec{descr: "|b1", shape: []int{2, 2}, values: []float64{1, 0, 1, 1}},
			b:   npySpec{descr: "|b1", shape: []int{2, 2}, values: []float64{1, 0, 0, 1}},
			tol: Tolerance{Atol: 0.5}, where: "element [1, 0] (flat index 2)", maxAbs: 1, mismatched: 1},
		{name: "f2 version 2 header",
			a:     npySpec{version: 2, descr: "<f2", shape: []int{3}, values: []float64{0.5, 1, 2}},
			b:     npySpec{version: 2, descr: "<f2", shape: []int{3}, values: []float64{0.5, 1, 2.5}},
			where: "element [2] (flat index 2)", maxAbs: 0.5, mismatched: 1},
		{name: "u1 version 3 header, 0-d array",
			a:   npySpec{version: 3, descr: "|u1", shape: []int{}, values: []float64{200}},
			b:   npySpec{version: 3, descr: "|u1", shape: []int{}, values: []float64{202}},
			tol: Tolerance{Atol: 2}, same: true, where: "the scalar", maxAbs: 2},
		{name: "NaN in both runs",
			a:    npySpec{descr: "<f8", shape: []int{2}, raw: le64f(math.NaN(), 1)},
			b:    npySpec{descr: "<f8", shape: []int{2}, raw: le64f(math.Float64frombits(0x7ff8000000000002), 1)},
			same: true},
		{name: "shape differs",
			a:   npySpec{descr: "<f8", shape: []int{2, 3}, values: m23},
			b:   npySpec{descr: "<f8", shape: []int{3, 2}, values: m23},
			msg: "shape (2, 3) in run A, (3, 2) in run B"},
		{name: "dtype differs",
			a:   npySpec{descr: "<f8", shape: []int{3}, values: []float64{1, 2, 3}},
			b:   npySpec{descr: "<f4", shape: []int{3}, values: []float64{1, 2, 3}},
			msg: "dtype <f8 in run A, <f4 in run B"},
		{name: "unsupported dtype",
			a:   npySpec{descr: "<c16", shape: []int{1}, raw: make([]byte, 16)},
			b:   npySpec{descr: "<c16", shape: []int{1}, raw: append(make([]byte, 15), 1)},
			msg: `bytes differ; dtype "<c16" is not compared numerically`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			a := writeNPY(t, dir, "a/w.npy", tc.a)
			b := writeNPY(t, dir, "b/w.npy", tc.b)
			d, err := CompareFiles(a, b, tc.tol)
			if err != nil {
				t.Fatal(err)
			}
			if d.Kind != KindNPY || d.ByteEqual || d.Same != tc.same || d.Where != tc.where || d.Mismatched != tc.mismatched {
				t.Errorf("got %+v\nwant same=%v where=%q mismatched=%d", d, tc.same, tc.where, tc.mismatched)
			}
			if math.Abs(d.MaxAbs-tc.maxAbs) > 1e-12 {
				t.Errorf("MaxAbs = %g, want %g", d.MaxAbs, tc.maxAbs)
			}
			if !strings.Contains(d.Message, tc.msg) {
				t.Errorf("message %q does not contain %q", d.Message, tc.msg)
			}
		})
	}
}

func le64(vs ...int64) []byte {
	var out []byte
	for _, v := range vs {
		for i := range 8 {
			out = append(out, byte(uint64(v)>>(8*i)))
		}
	}
	return out
}

func le64f(vs ...float64) []byte {
	var out []byte
	for _, v := range vs {
		out = append(out, le64(int64(math.Float64bits(v)))...)
	}
	return out
}

func TestCompareNPYBadInput(t *testing.T) {
	t.Parallel()
	good := encodeNPY(t, npySpec{descr: "<f8", shape: []int{2}, values: []float64{1, 2}})
	for _, tc := range []struct {
		name, content, want string
	}{
		{"truncated data", string(good[:len(good)-3]), "needs 16 data bytes, the file has 13"},
		{"trailing data", string(good) + "xx", "needs 16 data bytes, the file has 18"},
		{"no magic", "PK\x03\x04 a zip file", `the magic "\x93NUMPY" is missing`},
		{"short", "\x93NUM", "the file ends too early"},
		{"version 4", "\x93NUMPY\x04\x00\x10\x00", "format version 4.0 is not supported"},
		{"header past the end", "\x93NUMPY\x01\x00\xff\x00{}", "runs past the end of the file"},
		{"header not a dict", "\x93NUMPY\x01\x00\x07\x00[1, 2]\n", "not a dictionary"},
		{"huge shape", string(encodeNPY(t, npySpec{descr: "<f8", shape: []int{1 << 30, 1 << 30}, raw: []byte{}})), "larger than 2 GiB"},
		{"negative dim", string(encodeNPY(t, npySpec{descr: "<f8", shape: []int{-1}, raw: []byte{}})), "negative dimension"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			a := writeFile(t, dir, "a/w.npy", string(good))
			b := writeFile(t, dir, "b/w.npy", tc.content)
			_, err := CompareFiles(a, b, Tolerance{})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "b/w.npy") {
				t.Errorf("error %q does not contain %q and the file name", err, tc.want)
			}
		})
	}
}

func TestCompareNPYRefusesLargeFile(t *testing.T) {
	t.Parallel()
	p := writeNPY(t, t.TempDir(), "w.npy", npySpec{descr: "<f8", shape: []int{4}, values: []float64{1, 2, 3, 4}})
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := openNPY(p, st.Size()-1); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%d bytes is more than the %d bytes", st.Size(), st.Size()-1)) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	f, err := openNPY(p, st.Size())
	if err != nil {
		t.Fatalf("a file at the limit: %v", err)
	}
	f.f.Close()
	if got := sizeString(MaxNPYBytes); got != "2 GiB" {
		t.Errorf("MaxNPYBytes = %s, want 2 GiB", got)
	}
}

// TestCompareNPYNumpyFixtures cross-checks files written by numpy.save with
// values computed by numpy (testdata/gen_numpy.py).
func TestCompareNPYNumpyFixtures(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/numpy/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var exp struct {
		Atol, Rtol float64
		Cases      []struct {
			Name               string
			Same               bool
			Values, Mismatched int
			MaxAbs             float64 `json:"max_abs"`
			MaxRel             float64 `json:"max_rel"`
			Worst              []int
		}
	}
	if err := json.Unmarshal(data, &exp); err != nil {
		t.Fatal(err)
	}
	if len(exp.Cases) == 0 {
		t.Fatal("no cases in expected.json")
	}
	for _, c := range exp.Cases {
		d, err := CompareFiles("testdata/numpy/"+c.Name+"_a.npy", "testdata/numpy/"+c.Name+"_b.npy", Tolerance{exp.Atol, exp.Rtol})
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if d.Same != c.Same || d.Values != c.Values || d.Mismatched != c.Mismatched {
			t.Errorf("%s: got same=%v values=%d mismatched=%d, numpy says %v %d %d", c.Name, d.Same, d.Values, d.Mismatched, c.Same, c.Values, c.Mismatched)
		}
		if !closeRel(d.MaxAbs, c.MaxAbs) || !closeRel(d.MaxRel, c.MaxRel) {
			t.Errorf("%s: got max abs %g rel %g, numpy says %g %g", c.Name, d.MaxAbs, d.MaxRel, c.MaxAbs, c.MaxRel)
		}
		want := "element [" + strings.Trim(strings.Join(strings.Fields(fmt.Sprint(c.Worst)), ", "), "[]") + "]"
		if !strings.HasPrefix(d.Where, want) {
			t.Errorf("%s: where %q, numpy says %s", c.Name, d.Where, want)
		}
	}
}

func closeRel(a, b float64) bool {
	return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

func TestParseNPYDict(t *testing.T) {
	t.Parallel()
	h, err := parseNPYDict(`{"descr": "<f8", "shape": (4, 5), "fortran_order": True}`)
	if err != nil || h.Descr != "<f8" || !h.Fortran || fmt.Sprint(h.Shape) != "[4 5]" || !h.supported {
		t.Fatalf("got %+v, %v", h, err)
	}
	h, err = parseNPYDict(`{'descr': [('x', '<f4'), ('y', '<i8')], 'fortran_order': False, 'shape': (3,), }`)
	if err != nil || h.supported || !strings.Contains(h.unsupportedW, "structured") {
		t.Fatalf("structured dtype: got %+v, %v", h, err)
	}
	for _, bad := range []string{`{'descr': '<f8', 'shape': (2,)}`, `{'descr': '<f8', 'fortran_order': False}`,
		`{'descr': '<f8', 'fortran_order': False, 'shape': (2.5,)}`, `{'descr: '<f8'}`, `{1: 2}`, `(`, `{'a': 1} x`} {
		if _, err := parseNPYDict(bad); err == nil {
			t.Errorf("parseNPYDict(%q) accepted it", bad)
		}
	}
}
