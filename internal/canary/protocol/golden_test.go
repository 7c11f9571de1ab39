package protocol

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadGolden(t *testing.T) {
	t.Parallel()
	exs, err := ReadGolden(filepath.Join("testdata", "golden.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, ex := range exs {
		ids = append(ids, ex.ID)
	}
	if want := []string{"a", "line-3", "7", "d"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("ids = %v, want %v", ids, want)
	}
	a := exs[0]
	if a.Inputs["sepal_length"] != 5.1 || a.Inputs["species_hint"] != "x" || !reflect.DeepEqual(a.Inputs["v"], []float64{1, 2}) {
		t.Errorf("inputs = %#v", a.Inputs)
	}
	if m, ok := a.Inputs["m"].([]any); !ok || !reflect.DeepEqual(m[1], []float64{3, 4}) {
		t.Errorf("nested input = %#v", a.Inputs["m"])
	}
	if f, _ := a.Inputs["missing"].(float64); !math.IsNaN(f) {
		t.Errorf("NaN input = %#v", a.Inputs["missing"])
	}
	if labelOf(*a.Want) != "setosa" || !reflect.DeepEqual(a.Want.Scores, []float64{0.97, 0.02, 0.01}) {
		t.Errorf("want = %s %v", labelOf(*a.Want), a.Want.Scores)
	}
	if w := exs[1].Want; w.Label != nil || !reflect.DeepEqual(w.Scores, []float64{3.5}) {
		t.Errorf("regression want = %s %v", labelOf(*w), w.Scores)
	}
	if w := exs[2].Want; labelOf(*w) != "1" || len(w.Scores) != 2 {
		t.Errorf("class index want = %s %v", labelOf(*w), w.Scores)
	}
	if exs[3].Want != nil || exs[3].Inputs["f"] != true || exs[3].Inputs["n"] != nil {
		t.Errorf("example without prediction = %+v", exs[3])
	}
}

func TestReadGoldenErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		line, col  int
		msg        string
	}{
		{"malformed", `{"id": "a", "inputs": {"x": 1}}` + "\n" + `{"id": "b", "inputs": {"x": 1,}}`, 2, 31, "malformed JSON"},
		{"column in characters", `{"id": "é€", "inputs": {"x": ]}}`, 1, 30, "malformed JSON"},
		{"column after NaN", `{"inputs": {"x": NaN, "y": NaN,}}`, 1, 32, "malformed JSON"},
		{"truncated", `{"id": "a", "inputs": {"x"`, 1, 27, "unexpected end of JSON input"},
		{"duplicate", `{"id": "a", "inputs": {}}` + "\n\n" + `{"id": "a", "inputs": {}}`, 3, 1, `duplicate id "a" (first on line 1)`},
		{"generated id clash", `{"inputs": {}}` + "\n" + `{"id": "line-1", "inputs": {}}`, 2, 1, `duplicate id "line-1"`},
		{"unknown key", `{"id": "a", "inputs": {}, "predicton": 1}`, 1, 27, `unknown key "predicton"`},
		{"missing inputs", `{"id": "a"}`, 1, 1, `missing "inputs"`},
		{"inputs not object", `{"id": "a",  "inputs": [1]}`, 1, 14, "inputs: want an object, got array of 1"},
		{"object input", `{"inputs": {"x": {"y": 1}}}`, 1, 2, `inputs: "x": want a number, string, bool, null or array`},
		{"bad id", `{"id": 1.5, "inputs": {}}`, 1, 2, "id: want a string or an integer, got number 1.5"},
		{"empty id", `{"id": "", "inputs": {}}`, 1, 2, "empty id"},
		{"bad prediction", `{"inputs": {}, "prediction": {"a": 1}}`, 1, 16, "prediction: want a string"},
		{"bad scores", `{"inputs": {}, "scores": [1, "x"]}`, 1, 16, `scores: want a number, got string "x"`},
		{"not an object", `[1, 2]`, 1, 1, "want a JSON object, got array of 2"},
		{"trailing", `{"inputs": {}} x`, 1, 16, "unexpected data after the JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := readGolden("g.jsonl", strings.NewReader(tt.text))
			var ge *GoldenError
			if !errors.As(err, &ge) {
				t.Fatalf("err = %v, want a *GoldenError", err)
			}
			if ge.File != "g.jsonl" || ge.Line != tt.line || ge.Column != tt.col || !strings.Contains(ge.Msg, tt.msg) {
				t.Errorf("err = %v, want g.jsonl:%d:%d: ...%s...", err, tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestReadGoldenFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, err := ReadGolden(filepath.Join(dir, "nope.jsonl"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v, want ErrNotExist", err)
	}
	empty := filepath.Join(dir, "empty.jsonl")
	if err := os.WriteFile(empty, []byte("\n \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = ReadGolden(empty)
	mustContain(t, err, empty, "no examples")
	bom := filepath.Join(dir, "bom.jsonl")
	if err := os.WriteFile(bom, []byte("\xef\xbb\xbf{\"inputs\": {}}\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if exs, err := ReadGolden(bom); err != nil || len(exs) != 1 {
		t.Errorf("BOM and CRLF: %v, %v", exs, err)
	}
}
