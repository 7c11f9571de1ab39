package series

import (
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var nan, inf = math.NaN(), math.Inf(1)

func TestFromFileJSONL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, text, key, stepKey string
		want                           []Point
	}{
		{
			name: "python json.dumps with bare NaN and Infinity", file: "m.jsonl", key: "loss",
			text: "{\"step\": 10, \"loss\": 2.5}\n{\"step\": 20, \"loss\": NaN}\n{\"step\": 30, \"loss\": Infinity}\n{\"step\": 40, \"loss\": -Infinity}\n",
			want: []Point{{Step: 10, Value: 2.5}, {Step: 20, Value: nan}, {Step: 30, Value: inf}, {Step: 40, Value: -inf}},
		},
		{
			name: "strings holding numbers", file: "m.jsonl", key: "loss",
			text: `{"loss": "NaN"}` + "\n" + `{"loss": "inf"}` + "\n" + `{"loss": " 0.5 "}` + "\n",
			want: []Point{{Step: 0, Value: nan}, {Step: 1, Value: inf}, {Step: 2, Value: 0.5}},
		},
		{
			name: "lines without the key or with null are skipped; index counts points", file: "m.ndjson", key: "loss",
			text: "{\"loss\": 3}\n\n{\"eval_acc\": 0.5}\n{\"loss\": null}\n{\"loss\": 2, \"msg\": \"NaN Infinity in a string\"}\r\n",
			want: []Point{{Step: 0, Value: 3}, {Step: 1, Value: 2}},
		},
		{
			name: "dot path into nested objects", file: "m.json", key: "train.loss",
			text: `{"step": 1, "train": {"loss": 0.9, "acc": 0.1}}` + "\n" + `{"step": 2, "train": {"loss": 0.8}}` + "\n",
			want: []Point{{Step: 1, Value: 0.9}, {Step: 2, Value: 0.8}},
		},
		{
			name: "an exact dotted key wins over the path", file: "m.jsonl", key: "train.loss",
			text: `{"train.loss": 1, "train": {"loss": 2}}` + "\n",
			want: []Point{{Step: 0, Value: 1}},
		},
		{
			name: "explicit step key, integral floats and strings", file: "m.jsonl", key: "loss", stepKey: "global_step",
			text: `{"global_step": 1.0, "step": 99, "loss": 1}` + "\n" + `{"global_step": "2", "loss": 0.5}` + "\n" + `{"global_step": 3e2, "loss": 0.25}` + "\n",
			want: []Point{{Step: 1, Value: 1}, {Step: 2, Value: 0.5}, {Step: 300, Value: 0.25}},
		},
		{
			name: "sniffed JSONL with a byte order mark", file: "metrics.log", key: "loss",
			text: "\xef\xbb\xbf  \n{\"loss\": 1e400}\n",
			want: []Point{{Step: 0, Value: inf}},
		},
		{
			name: "a cut-short last line is ignored", file: "m.jsonl", key: "loss",
			text: "{\"loss\": 1}\n{\"loss\": 0.5}\n{\"loss\": 0.2",
			want: []Point{{Step: 0, Value: 1}, {Step: 1, Value: 0.5}},
		},
		{
			name: "a complete last line without a newline counts", file: "m.jsonl", key: "loss",
			text: "{\"loss\": 1}\n{\"loss\": 0.5}",
			want: []Point{{Step: 0, Value: 1}, {Step: 1, Value: 0.5}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := writeFile(t, t.TempDir(), tc.file, []byte(tc.text))
			s, err := FromFile(p, tc.key, tc.stepKey)
			if err != nil {
				t.Fatal(err)
			}
			assertPoints(t, s, tc.key, tc.want)
		})
	}
}

func TestFromFileCSV(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, text, key, stepKey string
		want                           []Point
	}{
		{
			name: "lightning CSVLogger: empty cells skipped, step column", file: "metrics.csv", key: "train_loss",
			text: "epoch,step,train_loss,val_loss\n0,49,0.9,\n0,49,,0.95\n1,99,nan,\n2,149,inf,\n3,199,-Infinity,\n",
			want: []Point{{Step: 49, Value: 0.9}, {Step: 99, Value: nan}, {Step: 149, Value: inf}, {Step: 199, Value: -inf}},
		},
		{
			name: "no step column: index; spaces trimmed; CRLF", file: "m.csv", key: "loss",
			text: " loss , other\r\n 1.5 ,x\r\n\"0.5\",y\r\n",
			want: []Point{{Step: 0, Value: 1.5}, {Step: 1, Value: 0.5}},
		},
		{
			name: "TSV with an explicit step column", file: "m.tsv", key: "loss", stepKey: "it",
			text: "it\tloss\n5\t2\n10\t1\n",
			want: []Point{{Step: 5, Value: 2}, {Step: 10, Value: 1}},
		},
		{
			name: "sniffed CSV", file: "metrics.txt", key: "loss",
			text: "step,loss\n1,3\n2,2\n",
			want: []Point{{Step: 1, Value: 3}, {Step: 2, Value: 2}},
		},
		{
			name: "a cut-short last row is ignored", file: "m.csv", key: "loss",
			text: "step,loss,acc\n1,3,0.1\n2,2",
			want: []Point{{Step: 1, Value: 3}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := writeFile(t, t.TempDir(), tc.file, []byte(tc.text))
			s, err := FromFile(p, tc.key, tc.stepKey)
			if err != nil {
				t.Fatal(err)
			}
			assertPoints(t, s, tc.key, tc.want)
		})
	}
}

func TestFromFileErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, text, key, stepKey string
		line, col                      int
		substr                         string
	}{
		{name: "invalid JSON, column after a bare NaN", file: "m.jsonl", key: "loss",
			text: "{\"loss\": 1}\n{\"a\": NaN, \"loss\": 2,, }\n", line: 2, col: 22, substr: "invalid JSON"},
		{name: "truncated line followed by another", file: "m.jsonl", key: "loss",
			text: "{\"loss\": 1\n{\"loss\": 2}\n", line: 1, col: 11, substr: "unexpected end"},
		{name: "garbage last line without newline", file: "m.jsonl", key: "loss",
			text: "{\"loss\": 1}\n{\"loss\": x}", line: 2, col: 10, substr: "invalid character"},
		{name: "string that is not a number", file: "m.jsonl", key: "loss",
			text: "{\"loss\": 1}\n{\"é\": 0, \"loss\": \"abc\"}\n", line: 2, col: 18, substr: `"loss": "abc" is not a number`},
		{name: "boolean", file: "m.jsonl", key: "loss",
			text: "{\"loss\": true}\n", line: 1, col: 10, substr: "want a number, got a boolean"},
		{name: "not an object", file: "m.jsonl", key: "loss",
			text: "  [1, 2]\n", line: 1, col: 3, substr: "want one JSON object per line, got an array"},
		{name: "fractional step", file: "m.jsonl", key: "loss",
			text: "{\"step\": 1.5, \"loss\": 1}\n", line: 1, col: 10, substr: `step "step": "1.5" is not an integer`},
		{name: "explicit step key missing", file: "m.jsonl", key: "loss", stepKey: "it",
			text: "{\"it\": 1, \"loss\": 1}\n{\"loss\": 2}\n", line: 2, col: 10, substr: `step "it" is missing`},
		{name: "CSV bad value", file: "m.csv", key: "loss",
			text: "step,loss\n1,0.5\n2,oops\n", line: 3, col: 3, substr: `column "loss": "oops" is not a number`},
		{name: "CSV bad step", file: "m.csv", key: "loss",
			text: "step,loss\nx,0.5\n", line: 2, col: 1, substr: `"x" is not an integer`},
		{name: "CSV wrong field count mid-file", file: "m.csv", key: "loss",
			text: "step,loss\n1\n2,0.5\n", line: 2, col: 1, substr: "wrong number of fields"},
		{name: "CSV wrong field count on a terminated last row", file: "m.csv", key: "loss",
			text: "step,loss\n1,2\n2\n", line: 3, col: 1, substr: "wrong number of fields"},
		{name: "CSV explicit step column missing", file: "m.csv", key: "loss", stepKey: "it",
			text: "step,loss\n1,2\n", line: 1, substr: `step column "it" not in the header (columns: step, loss)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := writeFile(t, t.TempDir(), tc.file, []byte(tc.text))
			_, err := FromFile(p, tc.key, tc.stepKey)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a FileError", err)
			}
			if fe.File != p || fe.Line != tc.line || fe.Column != tc.col || !strings.Contains(err.Error(), tc.substr) {
				t.Errorf("got %v (line %d col %d), want %d:%d containing %q", err, fe.Line, fe.Column, tc.line, tc.col, tc.substr)
			}
		})
	}
}

func TestFromFileMissing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, text, msg string
	}{
		{"JSONL lists numeric paths", "m.jsonl",
			`{"step": 1, "train": {"loss": 1, "tag": "x"}, "lr": "0.1"}` + "\n",
			`key "loss" not found; keys found: step, train.loss, lr`},
		{"empty JSONL", "m.jsonl", "", `key "loss" not found (the source holds none)`},
		{"CSV lists columns", "m.csv", "step,train_loss\n1,2\n", `column "loss" not found; columns found: step, train_loss`},
		{"CSV without rows", "m.csv", "step,loss\n", `column "loss" has no values`},
		{"CSV empty", "m.csv", "", `column "loss" not found`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := writeFile(t, t.TempDir(), tc.file, []byte(tc.text))
			s, err := FromFile(p, "loss", "")
			var me *MissingError
			if !errors.As(err, &me) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("got %v, want a MissingError containing %q", err, tc.msg)
			}
			if s == nil || len(s.Points) != 0 {
				t.Errorf("want an empty series with the error, got %+v", s)
			}
		})
	}
	if _, err := FromFile(filepath.Join(t.TempDir(), "none.jsonl"), "loss", ""); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := FromFile("x.jsonl", "", ""); err == nil {
		t.Error("empty key: want an error")
	}
}

// TestFromFilePythonJSON reads what Python's json module really writes.
func TestFromFilePythonJSON(t *testing.T) {
	t.Parallel()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	p := filepath.Join(t.TempDir(), "metrics.jsonl")
	script := `import json, sys
with open(sys.argv[1], "w") as f:
    for step, loss in enumerate([1.0, float("nan"), float("inf"), -float("inf"), 0.1]):
        f.write(json.dumps({"step": step * 10, "loss": loss, "note": "NaN"}) + "\n")
`
	if out, err := exec.Command(py, "-c", script, p).CombinedOutput(); err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	s, err := FromFile(p, "loss", "")
	if err != nil {
		t.Fatal(err)
	}
	assertPoints(t, s, "loss", []Point{{0, 1, 0}, {10, nan, 0}, {20, inf, 0}, {30, -inf, 0}, {40, 0.1, 0}})
}

func TestRewriteNonFinite(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{"a": NaN}`:                 `{"a": "NaN"}`,
		`[Infinity,-Infinity]`:       `["Infinity","-Infinity"]`,
		`{"NaN": "x NaN \" NaN"}`:    `{"NaN": "x NaN \" NaN"}`,
		`{"a": NaNx, "b": xNaN}`:     `{"a": NaNx, "b": xNaN}`,
		`{"a": 1}`:                   `{"a": 1}`,
		`{"a":"\\", "b": NaN}`:       `{"a":"\\", "b": "NaN"}`,
		`{"a": Infinity1, "b":NaN }`: `{"a": Infinity1, "b":"NaN" }`,
	} {
		got, ins := rewriteNonFinite([]byte(in))
		if string(got) != want {
			t.Errorf("rewrite(%s) = %s, want %s", in, got, want)
		}
		if len(got)-len(in) != len(ins) {
			t.Errorf("rewrite(%s): %d inserts recorded for %d added bytes", in, len(ins), len(got)-len(in))
		}
	}
}

func FuzzParseJSONLine(f *testing.F) {
	f.Add(`{"step": 1, "loss": NaN}`)
	f.Add(`{"a": {"b": [1, {"c": -Infinity}]}, "loss": "x"}`)
	f.Add(`{"a.b": "1", "step": "2"}`)
	f.Fuzz(func(t *testing.T, line string) {
		for _, stepKey := range []string{"", "step"} {
			var seen seenSet
			doc, inserts := rewriteNonFinite([]byte(line))
			sp, sok, err := slowJSONLine([]byte(line), doc, inserts, "a.b", stepKey, 7, &seen, false)
			var je *jsonLineError
			if err != nil && errors.As(err, &je) && (je.offset < 0 || je.offset > len(line)) {
				t.Fatalf("offset %d outside the line of %d bytes", je.offset, len(line))
			}
			// The fast path, when it settles a line, agrees with the slow one.
			fp, fok, done := fastJSONLine(doc, "a.b", stepKey, 7)
			if !done {
				continue
			}
			same := fp.Value == sp.Value || math.IsNaN(fp.Value) && math.IsNaN(sp.Value)
			if err != nil || fok != sok || fp.Step != sp.Step || !same {
				t.Fatalf("fast %+v %v, slow %+v %v %v", fp, fok, sp, sok, err)
			}
		}
	})
}
