package repro

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompareFilesByteIdentical(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"model.pkl", "metrics.json", "preds.csv", "w.npy"} {
		content := "not even valid for its extension {"
		a := writeFile(t, dir, "a/"+name, content)
		b := writeFile(t, dir, "b/"+name, content)
		d, err := CompareFiles(a, b, Tolerance{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !d.Same || !d.ByteEqual || d.Kind != KindBytes || d.HashA != d.HashB || len(d.HashA) != 64 {
			t.Errorf("%s: got %+v, want byte-identical", name, d)
		}
	}
}

func TestCompareFilesBytesDiffer(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := writeFile(t, dir, "a/model.pkl", "\x80\x04weights1")
	b := writeFile(t, dir, "b/model.pkl", "\x80\x04weights2")
	d, err := CompareFiles(a, b, Tolerance{Atol: 1, Rtol: 1})
	if err != nil {
		t.Fatal(err)
	}
	if d.Same || d.ByteEqual || d.Kind != KindBytes || d.HashA == d.HashB {
		t.Errorf("got %+v, want differing bytes", d)
	}
}

func TestCompareFilesMissing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	present := writeFile(t, dir, "a/x.json", "{}")
	absent := filepath.Join(dir, "b/x.json")
	for _, tc := range []struct {
		a, b, want string
	}{
		{present, absent, "missing in run B"},
		{absent, present, "missing in run A"},
		{absent, absent, "missing in both runs"},
	} {
		d, err := CompareFiles(tc.a, tc.b, Tolerance{})
		if err != nil {
			t.Fatalf("%s: %v", tc.want, err)
		}
		if d.Same || d.Kind != KindMissing || !strings.Contains(d.Message, tc.want) {
			t.Errorf("got %+v, want kind missing with %q", d, tc.want)
		}
	}
}

func TestCompareFilesUnreadable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := writeFile(t, dir, "a/x.json", "{}")
	if err := os.MkdirAll(filepath.Join(dir, "b/x.json"), 0o755); err != nil { // a directory, not a file
		t.Fatal(err)
	}
	_, err := CompareFiles(a, filepath.Join(dir, "b/x.json"), Tolerance{})
	if err == nil || !strings.Contains(err.Error(), "b/x.json") {
		t.Fatalf("err = %v, want one naming b/x.json", err)
	}
}

func TestCompareFilesBadTolerance(t *testing.T) {
	t.Parallel()
	for _, tol := range []Tolerance{{Atol: -1}, {Rtol: math.NaN()}, {Atol: math.Inf(1)}} {
		if _, err := CompareFiles("a", "b", tol); err == nil {
			t.Errorf("tolerance %+v: no error", tol)
		}
	}
}

func TestToleranceClose(t *testing.T) {
	t.Parallel()
	inf, nan := math.Inf(1), math.NaN()
	for _, tc := range []struct {
		tol  Tolerance
		a, b float64
		want bool
	}{
		{Tolerance{}, 1, 1, true},
		{Tolerance{}, 1, 1.0000001, false},
		{Tolerance{Atol: 1e-6}, 1, 1.0000001, true},
		{Tolerance{Rtol: 0.1}, 110, 100, true},  // 10 <= 0.1*100
		{Tolerance{Rtol: 0.1}, 100, 110, true},  // 10 <= 0.1*110
		{Tolerance{Rtol: 0.1}, 111, 100, false}, // b is the reference, as numpy.isclose
		{Tolerance{Atol: 1}, nan, nan, true},
		{Tolerance{Atol: 1}, nan, 0, false},
		{Tolerance{Atol: 1}, inf, inf, true},
		{Tolerance{Atol: 1}, inf, -inf, false},
		{Tolerance{Atol: 1e300}, inf, 1, false},
	} {
		if got := tc.tol.Close(tc.a, tc.b); got != tc.want {
			t.Errorf("%+v.Close(%v, %v) = %v, want %v", tc.tol, tc.a, tc.b, got, tc.want)
		}
	}
}

func TestCompareJSON(t *testing.T) {
	t.Parallel()
	base := `{"epoch": 3, "metrics": {"loss": [0.5, 0.25, 0.125], "acc": 0.9}, "name": "run", "ok": true, "none": null}`
	for _, tc := range []struct {
		name        string
		b           string
		tol         Tolerance
		same        bool
		where       string
		maxAbs      float64
		mismatched  int
		msgContains string
	}{
		{"within atol, keys reordered", `{"none": null, "ok": true, "name": "run", "metrics": {"acc": 0.9000000001, "loss": [0.5, 0.25, 0.1250000002]}, "epoch": 3.0}`,
			Tolerance{Atol: 1e-8}, true, "/metrics/loss/2", 0.1250000002 - 0.125, 0, "0 of 5 numbers"},
		{"beyond tolerance", `{"epoch": 3, "metrics": {"loss": [0.5, 0.26, 0.125], "acc": 0.9}, "name": "run", "ok": true, "none": null}`,
			Tolerance{Atol: 1e-3}, false, "/metrics/loss/1", 0.26 - 0.25, 1, "1 of 5 numbers"},
		{"rtol relative to run B", `{"epoch": 3, "metrics": {"loss": [0.5, 0.25, 0.125], "acc": 0.99}, "name": "run", "ok": true, "none": null}`,
			Tolerance{Rtol: 0.1}, true, "/metrics/acc", 0.99 - 0.9, 0, ""},
		{"string differs", `{"epoch": 3, "metrics": {"loss": [0.5, 0.25, 0.125], "acc": 0.9}, "name": "run2", "ok": true, "none": null}`,
			Tolerance{Atol: 1}, false, "/name", 0, 0, `"run" in run A, "run2" in run B`},
		{"key only in B", `{"epoch": 3, "metrics": {"loss": [0.5, 0.25, 0.125], "acc": 0.9, "f1": 1}, "name": "run", "ok": true, "none": null}`,
			Tolerance{Atol: 1}, false, "/metrics/f1", 0, 0, "key only in run B"},
		{"array length", `{"epoch": 3, "metrics": {"loss": [0.5, 0.25], "acc": 0.9}, "name": "run", "ok": true, "none": null}`,
			Tolerance{Atol: 1}, false, "/metrics/loss", 0, 0, "3 items in run A, 2 in run B"},
		{"type differs", `{"epoch": "3", "metrics": {"loss": [0.5, 0.25, 0.125], "acc": 0.9}, "name": "run", "ok": true, "none": null}`,
			Tolerance{Atol: 1}, false, "/epoch", 0, 0, "number in run A, string in run B"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			a := writeFile(t, dir, "a/metrics.json", base)
			b := writeFile(t, dir, "b/metrics.json", tc.b)
			d, err := CompareFiles(a, b, tc.tol)
			if err != nil {
				t.Fatal(err)
			}
			if d.Kind != KindJSON || d.ByteEqual || d.Same != tc.same || d.Where != tc.where || d.Mismatched != tc.mismatched {
				t.Errorf("got %+v\nwant same=%v where=%q mismatched=%d", d, tc.same, tc.where, tc.mismatched)
			}
			if math.Abs(d.MaxAbs-tc.maxAbs) > 1e-15 {
				t.Errorf("MaxAbs = %g, want %g", d.MaxAbs, tc.maxAbs)
			}
			if !strings.Contains(d.Message, tc.msgContains) {
				t.Errorf("message %q does not contain %q", d.Message, tc.msgContains)
			}
		})
	}
}

func TestCompareJSONPythonSpecials(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// Python's json.dump writes NaN and Infinity; a reproduced NaN is equal.
	a := writeFile(t, dir, "a/m.json", `{"loss": NaN, "max": Infinity, "min": -Infinity, "x": 1}`)
	b := writeFile(t, dir, "b/m.json", `{"loss": NaN, "max": Infinity, "min": -Infinity, "x": 1.0}`)
	d, err := CompareFiles(a, b, Tolerance{})
	if err != nil || !d.Same || d.Values != 4 {
		t.Fatalf("got %+v, %v; want same with 4 values", d, err)
	}
	c := writeFile(t, dir, "c/m.json", `{"loss": 0.5, "max": Infinity, "min": -Infinity, "x": 1}`)
	d, err = CompareFiles(a, c, Tolerance{Atol: 10})
	if err != nil || d.Same || d.Where != "/loss" || !math.IsInf(d.MaxAbs, 1) {
		t.Fatalf("got %+v, %v; want NaN vs 0.5 to differ at /loss", d, err)
	}
}

func TestCompareJSONSyntaxError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := writeFile(t, dir, "a/m.json", "{\n  \"a\": 1\n}")
	b := writeFile(t, dir, "b/m.json", "{\n  \"a\": 1,\n  \"b\": tru\n}")
	d, err := CompareFiles(a, b, Tolerance{})
	if err == nil {
		t.Fatal("no error for invalid JSON")
	}
	for _, want := range []string{"b/m.json", "line 3, column 8"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if d.Same || d.Kind != KindJSON || d.HashB == "" {
		t.Errorf("diff on error = %+v", d)
	}
}

func TestParseJSONRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{``, `{`, `[1,]`, `{"a" 1}`, `"abc`, "\"a\x01\"", `1.`, `1e`, `-`, `{} x`, `nul`, strings.Repeat("[", maxJSONDepth+2)} {
		if _, err := parseJSON([]byte(in)); err == nil {
			t.Errorf("parseJSON(%.20q) accepted invalid input", in)
		}
	}
	v, err := parseJSON([]byte(`{"a\u00e9\n": [1e400, -0.0, "x\"y"], "a\u00e9\n": 2}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(v.keys) != 1 || v.obj["aé\n"].kind != 'n' || v.obj["aé\n"].num != 2 {
		t.Errorf("duplicate key: want the last value, got %+v", v.obj)
	}
}

func TestCompareCSV(t *testing.T) {
	t.Parallel()
	base := "step,loss,label\n1,0.5,cat\n2,0.25,dog\n3,0.125,\"multi\nline\"\n4,0.0625,cat\n"
	for _, tc := range []struct {
		name       string
		b          string
		tol        Tolerance
		same       bool
		where      string
		mismatched int
		msg        string
	}{
		{"within tolerance", "step,loss,label\n1,0.5000001,cat\n2,0.25,dog\n3,0.125,\"multi\nline\"\n4,6.25e-2,cat\n", Tolerance{Atol: 1e-6}, true,
			"row 1 (line 2), column loss", 0, "0 of 8 numbers"},
		{"changed cell after a multi-line field", "step,loss,label\n1,0.5,cat\n2,0.25,dog\n3,0.125,\"multi\nline\"\n4,0.07,cat\n", Tolerance{Atol: 1e-6}, false,
			"row 4 (line 6), column loss", 1, "1 of 8 numbers"},
		{"text cell", "step,loss,label\n1,0.5,cat\n2,0.25,cow\n3,0.125,\"multi\nline\"\n4,0.0625,cat\n", Tolerance{Atol: 1}, false,
			"row 2 (line 3), column label", 0, `"dog" in run A, "cow" in run B`},
		{"header", "step,val_loss,label\n1,0.5,cat\n", Tolerance{Atol: 1}, false,
			"header (line 1)", 0, `column 2 is "loss" in run A, "val_loss" in run B`},
		{"fewer rows", "step,loss,label\n1,0.5,cat\n2,0.25,dog\n", Tolerance{Atol: 1}, false,
			"row 3", 0, "run A has more rows"},
		{"ragged row", "step,loss,label\n1,0.5,cat\n2,0.25\n3,0.125,\"multi\nline\"\n4,0.0625,cat\n", Tolerance{Atol: 1}, false,
			"row 2 (line 3)", 0, "3 cells in run A, 2 in run B"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			a := writeFile(t, dir, "a/preds.csv", base)
			b := writeFile(t, dir, "b/preds.csv", tc.b)
			d, err := CompareFiles(a, b, tc.tol)
			if err != nil {
				t.Fatal(err)
			}
			if d.Kind != KindCSV || d.Same != tc.same || d.Where != tc.where || d.Mismatched != tc.mismatched || !strings.Contains(d.Message, tc.msg) {
				t.Errorf("got %+v\nwant same=%v where=%q mismatched=%d message containing %q", d, tc.same, tc.where, tc.mismatched, tc.msg)
			}
		})
	}
}

func TestCompareCSVParseError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := writeFile(t, dir, "a/p.csv", "x,y\n1,2\n")
	b := writeFile(t, dir, "b/p.csv", "x,y\n1,\"2\n")
	_, err := CompareFiles(a, b, Tolerance{})
	if err == nil || !strings.Contains(err.Error(), "b/p.csv") || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("err = %v, want a parse error naming b/p.csv and line 2", err)
	}
}
