package eval

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadDetectsTask(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var reg strings.Builder
	reg.WriteString("y,yhat\n")
	for i := range 30 {
		reg.WriteString(strings.Repeat("1", 1+i%5) + "," + "7\n") // whole numbers, 5 distinct labels
	}
	for _, tc := range []struct {
		name, text string
		want       Task
		classes    []string
	}{
		{"binary 0/1", "y,yhat\n0,1\n1,1\n1.0,0\n", Binary, []string{"0", "1"}},
		{"binary true/false", "y,yhat\ntrue,false\nfalse,false\n", Binary, []string{"false", "true"}},
		{"multiclass", "y,yhat\na,b\nb,c\nc,c\n", Multiclass, []string{"a", "b", "c"}},
		{"regression: fractions", "y,yhat\n1,1.5\n2,2\n", Regression, nil},
		{"whole numbers, few labels: classes", reg.String(), Multiclass, []string{"1", "7", "11", "111", "1111", "11111"}},
	} {
		path := writeText(t, dir, strings.NewReplacer(" ", "_", "/", "_", ":", "_").Replace(tc.name)+".csv", tc.text)
		p, err := Load([]string{path}, Columns{Label: "y", Prediction: "yhat"})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if p.Task() != tc.want || strings.Join(p.Classes(), ",") != strings.Join(tc.classes, ",") {
			t.Errorf("%s: task %s classes %q, want %s %q", tc.name, p.Task(), p.Classes(), tc.want, tc.classes)
		}
	}
	var many strings.Builder
	many.WriteString("y,yhat\n")
	for i := range 25 {
		many.WriteString(strings.Repeat("9", 1) + string(rune('0'+i%10)) + string(rune('0'+i/10)) + ",100\n")
	}
	p, err := Load([]string{writeText(t, dir, "many.csv", many.String())}, Columns{Label: "y", Prediction: "yhat"})
	if err != nil || p.Task() != Regression {
		t.Errorf("25 distinct whole-number labels: %v, %v; want regression", p.Task(), err)
	}
}

func TestLoadFormats(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	jsonl := writeText(t, dir, "a.jsonl", `{"y": 1, "yhat": 1, "p": 0.9, "g": "x"}
{"y": 0, "yhat": 1, "p": 0.6}
{"y": 0, "yhat": 0, "p": 0.2, "g": null}
`)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("y,yhat,p,g\n1,0,0.4,x\n"))
	zw.Close()
	gzPath := filepath.Join(dir, "b.csv.gz")
	if err := os.WriteFile(gzPath, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Load([]string{jsonl}, Columns{Label: "y", Prediction: "yhat", Score: "p", Slices: []string{"g"}})
	if err != nil {
		t.Fatal(err)
	}
	if p.N() != 3 || p.Task() != Binary || strings.Join(p.sliceValues[0], ",") != "x,"+MissingSlice {
		t.Errorf("jsonl: n %d task %s slices %q", p.N(), p.Task(), p.sliceValues[0])
	}
	p, err = Load([]string{gzPath}, Columns{Label: "y", Prediction: "yhat", Score: "p"})
	if err != nil || p.N() != 1 || p.score[0] != 0.4 {
		t.Errorf("gzip: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := func(name, text string) string { return writeText(t, dir, name, text) }
	for _, tc := range []struct {
		name string
		path string
		cols Columns
		want []string
	}{
		{"missing column", f("a.csv", "y,yhat\n1,1\n"), Columns{Label: "y", Prediction: "pred"}, []string{"a.csv:1", `no column "pred"`, "y, yhat"}},
		{"missing column jsonl", f("a.jsonl", `{"y":1,"yhat":1}`+"\n"), Columns{Label: "y", Prediction: "yhat", Score: "p"}, []string{"a.jsonl:1", `column "p"`, "missing"}},
		{"missing prediction jsonl", f("b.jsonl", `{"y":1,"yhat":1}`+"\n"+`{"y":1}`+"\n"), Columns{Label: "y", Prediction: "yhat"}, []string{"b.jsonl:2", `column "yhat"`, "prediction is missing"}},
		{"score out of range", f("b.csv", "y,yhat,p\n1,1,1.5\n"), Columns{Label: "y", Prediction: "yhat", Score: "p"}, []string{"b.csv:2", `column "p"`, "not a probability"}},
		{"missing score", f("c.csv", "y,yhat,p\n1,1,0.5\n0,0,\n"), Columns{Label: "y", Prediction: "yhat", Score: "p"}, []string{"c.csv:3", "score is missing"}},
		{"missing key", f("d.csv", "id,y,yhat\n1,1,1\n,0,0\n"), Columns{Label: "y", Prediction: "yhat", Key: "id"}, []string{"d.csv:3", `column "id"`, "key is missing"}},
		{"ragged row", f("e.csv", "y,yhat\n1,1\n0,0,0\n"), Columns{Label: "y", Prediction: "yhat"}, []string{"e.csv:3"}},
		{"regression non-number", f("g.csv", "y,yhat\n1.5,2\nabc,2\n"), Columns{Label: "y", Prediction: "yhat", Task: Regression}, []string{"g.csv:3", `column "y"`, `"abc"`}},
		{"binary with 3 classes", f("h.csv", "y,yhat\na,b\nc,c\n"), Columns{Label: "y", Prediction: "yhat", Task: Binary}, []string{"3 classes"}},
		{"no positive", f("i.csv", "y,yhat\ncat,dog\n"), Columns{Label: "y", Prediction: "yhat"}, []string{"--positive", `"cat"`, `"dog"`}},
		{"positive not a class", f("j.csv", "y,yhat\ncat,dog\n"), Columns{Label: "y", Prediction: "yhat", Positive: "emu"}, []string{`"emu"`}},
		{"score on multiclass", f("k.csv", "y,yhat,p\na,b,0.1\nb,c,0.2\nc,a,0.3\n"), Columns{Label: "y", Prediction: "yhat", Score: "p"}, []string{"binary", "multiclass"}},
		{"empty", f("l.csv", "y,yhat\n"), Columns{Label: "y", Prediction: "yhat"}, []string{"l.csv", "no rows"}},
	} {
		_, err := Load([]string{tc.path}, tc.cols)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", tc.name, err, w)
			}
		}
	}
}

func TestLoadPositiveOrder(t *testing.T) {
	t.Parallel()
	path := writeText(t, t.TempDir(), "p.csv", "y,yhat\nspam,ham\nham,ham\n")
	p, err := Load([]string{path}, Columns{Label: "y", Prediction: "yhat", Positive: "spam"})
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Classes(); c[0] != "ham" || c[1] != "spam" || p.Columns().Positive != "spam" {
		t.Errorf("classes %q positive %q", c, p.Columns().Positive)
	}
}
