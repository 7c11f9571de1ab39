package infer

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mlgate/mlgate/internal/data/profile"
	"github.com/mlgate/mlgate/internal/data/table"
)

var update = flag.Bool("update", false, "rewrite golden files")

func buildProfile(cols []string, rows [][]string) *profile.Profile {
	b := profile.NewBuilder()
	for _, r := range rows {
		row := &table.Row{}
		for _, s := range r {
			if s == "" {
				row.Values = append(row.Values, table.Value{Kind: table.Null})
			} else {
				row.Values = append(row.Values, table.Value{Kind: table.Text, Str: s})
			}
		}
		b.Add(cols, row)
	}
	return b.Profile()
}

func trainingRows() ([]string, [][]string) {
	cols := []string{"id", "age", "income", "city", "score", "label", "email", "note", "ratio"}
	cities := []string{"Berlin", "Paris", "Rome", "Madrid", "Vienna"}
	var rows [][]string
	for i := range 200 {
		note := ""
		if i%10 == 0 {
			note = "checked"
		}
		ratio := strconv.FormatFloat(float64(i)/7, 'f', 3, 64)
		if i == 13 {
			ratio = "NaN"
		}
		rows = append(rows, []string{
			"u" + strconv.Itoa(1000+i), strconv.Itoa(18 + i%60), strconv.FormatFloat(1000+float64(i)*12.5, 'f', 2, 64),
			cities[i%5], strconv.FormatFloat(float64(i%100)/100, 'f', 2, 64), strconv.Itoa(i % 2),
			"user" + strconv.Itoa(i) + "@example.com", note, ratio,
		})
	}
	return cols, rows
}

func TestSchemaGolden(t *testing.T) {
	t.Parallel()
	cols, rows := trainingRows()
	got, err := Schema(buildProfile(cols, rows), Options{RangeMargin: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "schema.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/data/infer -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("schema differs from %s (go test -update to accept):\n%s", golden, got)
	}
}

func TestSchemaSemantics(t *testing.T) {
	t.Parallel()
	cols, rows := trainingRows()
	raw, err := Schema(buildProfile(cols, rows), Options{RangeMargin: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	props := doc["properties"].(map[string]any)
	prop := func(name string) map[string]any { return props[name].(map[string]any) }
	checks := []struct {
		name string
		ok   bool
	}{
		{"age is an integer with a widened range", prop("age")["type"] == "integer" && prop("age")["minimum"].(float64) < 18 && prop("age")["maximum"].(float64) > 77},
		{"income is a non-negative number", prop("income")["type"] == "number" && prop("income")["minimum"].(float64) >= 0},
		{"city is an enum of 5", len(prop("city")["enum"].([]any)) == 5},
		{"label is an enum [0 1]", len(prop("label")["enum"].([]any)) == 2},
		{"score stays within [0, 1]", prop("score")["type"] == "number" && prop("score")["minimum"].(float64) == 0 && prop("score")["maximum"].(float64) == 1},
		{"email is a string with lengths, not an enum", prop("email")["type"] == "string" && prop("email")["enum"] == nil && prop("email")["maxLength"] != nil},
		{"id is unique", prop("id")["x-mlgate"].(map[string]any)["unique"] == true},
		{"note is nullable with max_missing", len(prop("note")["type"].([]any)) == 2 && prop("note")["x-mlgate"].(map[string]any)["max_missing"].(float64) > 0.9},
		{"ratio allows NaN", prop("ratio")["x-mlgate-allow-nan"] == true},
		{"closed row", doc["additionalProperties"] == false && len(doc["required"].([]any)) == len(cols)},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s:\n%s", c.name, raw)
		}
	}

	// The training rows themselves must validate against the schema
	// learned from them (jsonschema/v6 as the reference; numbers typed).
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("s.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("s.json")
	if err != nil {
		t.Fatalf("inferred schema does not compile: %v", err)
	}
	for i, r := range rows {
		if r[8] == "NaN" {
			continue // NaN has no JSON form; the data gate checks it (x-mlgate-allow-nan)
		}
		obj := map[string]any{}
		for j, s := range r {
			p := prop(cols[j])
			switch {
			case s == "":
				obj[cols[j]] = nil
			case p["type"] == "integer" || p["type"] == "number":
				obj[cols[j]] = json.Number(s)
			default:
				if _, isEnum := p["enum"]; isEnum && cols[j] == "label" {
					obj[cols[j]] = json.Number(s)
				} else {
					obj[cols[j]] = s
				}
			}
		}
		if err := sch.Validate(obj); err != nil {
			t.Fatalf("training row %d fails its own schema: %v", i, err)
		}
	}
}
