package data

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mlgate/mlgate/internal/data/infer"
	"github.com/mlgate/mlgate/internal/data/table"
	"github.com/mlgate/mlgate/internal/result"
)

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var clock = func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }

func validate(t *testing.T, o ValidateOptions) result.Result {
	t.Helper()
	o.Now = clock
	res := Validate(context.Background(), o)
	checkResultSchema(t, res)
	return res
}

func checkResultSchema(t *testing.T, res result.Result) {
	t.Helper()
	res.Tool = result.Tool{Name: "mlgate", Version: "test"}
	var buf bytes.Buffer
	if err := result.Encode(&buf, res); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(result.SchemaJSON))
	if err := c.AddResource("r.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("r.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, _ := jsonschema.UnmarshalJSON(&buf)
	if err := s.Validate(inst); err != nil {
		t.Fatalf("result does not match the result schema: %v", err)
	}
}

const peopleSchema = `{
  "$id": "https://example.com/people.json",
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "id": {"type": "string", "x-mlgate": {"unique": true}},
    "age": {"type": "integer", "minimum": 0, "maximum": 120},
    "city": {"type": ["string", "null"], "enum": ["Berlin", "Paris", null], "x-mlgate": {"max_missing": 0.25}},
    "comment": {"type": "string", "x-mlgate": {"pii": false}}
  },
  "required": ["id", "age", "city", "comment"],
  "additionalProperties": false,
  "x-mlgate": {"rows": {"min": 2, "max": 100}, "columns": ["id", "age", "city", "comment"]}
}`

func findingWith(res result.Result, check string) *result.Finding {
	for i := range res.Findings {
		if res.Findings[i].Check == check {
			return &res.Findings[i]
		}
	}
	return nil
}

func TestValidatePass(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := write(t, dir, "ok.csv", "id,age,city,comment\na,31,Berlin,fine\nb,45,,ok\nc,2,Paris,good\nd,77,Berlin,nice\n")
	res := validate(t, ValidateOptions{Data: []string{data}, Schema: write(t, dir, "s.json", peopleSchema)})
	if res.Status != result.Pass {
		t.Fatalf("status %s, error %q, findings %+v", res.Status, res.Error, res.Findings)
	}
	if res.Summary != "4 rows, 0 invalid" {
		t.Errorf("summary %q", res.Summary)
	}
}

func TestValidateRowFindingsGroupedWithExactCounts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,age,city,comment\n")
	for i := range 40 {
		age := fmt.Sprint(20 + i)
		if i%4 == 0 {
			age = "-1" // 10 rows below the minimum
		}
		city := "Berlin"
		if i == 7 {
			city = "Rome"
		}
		comment := "ok"
		if i == 9 {
			comment = "mail me at jane.doe@example.com"
		}
		id := fmt.Sprint("id", i)
		if i == 30 {
			id = "id3" // duplicate of row 3
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", id, age, city, comment)
	}
	b.WriteString("x,1,Berlin\n") // ragged: a read finding
	res := validate(t, ValidateOptions{Data: []string{write(t, dir, "bad.csv", b.String())}, Schema: write(t, dir, "s.json", peopleSchema), MaxExamples: 3})
	if res.Status != result.Fail {
		t.Fatalf("status %s", res.Status)
	}
	min := findingWith(res, "minimum")
	if min == nil || !strings.Contains(min.Message, "age: 10 rows") || min.Location.Line != 2 || min.Location.Field != "age" {
		t.Fatalf("minimum finding: %+v", min)
	}
	if strings.Count(min.Message, "line ") != 3 {
		t.Errorf("want 3 examples: %s", min.Message)
	}
	if f := findingWith(res, "enum"); f == nil || !strings.Contains(f.Message, "city: 1 row") || f.Location.Line != 9 {
		t.Errorf("enum finding: %+v", f)
	}
	pii := findingWith(res, "pii:email")
	if pii == nil || pii.Location.Line != 11 || strings.Contains(pii.Message, "jane.doe@example.com") {
		t.Errorf("pii finding must locate and redact: %+v", pii)
	}
	if f := findingWith(res, "unique"); f == nil || f.Location.Line != 32 || !strings.Contains(f.Message, "first at line 5") {
		t.Errorf("unique finding: %+v", f)
	}
	if f := findingWith(res, "read:"+table.CodeRagged); f == nil || f.Location.Line != 42 {
		t.Errorf("ragged row finding: %+v", f)
	}
	// 10 bad ages + Rome + PII + duplicate + ragged = 14 invalid rows.
	if !strings.Contains(res.Summary, "41 rows, 14 invalid") {
		t.Errorf("summary %q", res.Summary)
	}
}

func TestValidateDatasetLevel(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// Column order changed, comment missing, a new column, city missing
	// in 2 of 3 rows (over 25%), 3 rows < 2? no: fine; ssn is forbidden.
	schema := strings.Replace(peopleSchema, `"x-mlgate": {"rows"`, `"x-mlgate": {"forbidden_columns": ["ssn"], "rows"`, 1)
	data := write(t, dir, "d.csv", "age,id,city,ssn\n31,a,,123\n45,b,,456\n50,c,Paris,789\n")
	res := validate(t, ValidateOptions{Data: []string{data}, Schema: write(t, dir, "s.json", schema)})
	if res.Status != result.Fail {
		t.Fatalf("status %s", res.Status)
	}
	for _, check := range []string{"dataset:missing-column", "dataset:new-column", "dataset:column-order", "dataset:missing", "privacy:forbidden-column"} {
		if findingWith(res, check) == nil {
			t.Errorf("no %s finding in %+v", check, res.Findings)
		}
	}
	if f := findingWith(res, "dataset:missing"); f != nil && !strings.Contains(f.Message, "66.67% of city") {
		t.Errorf("missing fraction: %s", f.Message)
	}
	rows := validate(t, ValidateOptions{Data: []string{write(t, dir, "one.csv", "id,age,city,comment\na,1,Berlin,x\n")}, Schema: write(t, dir, "s2.json", peopleSchema)})
	if f := findingWith(rows, "dataset:rows"); f == nil || rows.Status != result.Fail {
		t.Errorf("1 row is under rows.min 2: %+v", rows.Findings)
	}
}

func TestValidateBadInputIsAnErrorWithLocation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := write(t, dir, "s.json", peopleSchema)
	data := write(t, dir, "d.csv", "id,age,city,comment\na,1,Berlin,x\n")
	cases := []struct {
		name string
		o    ValidateOptions
		want string
	}{
		{"malformed schema", ValidateOptions{Data: []string{data}, Schema: write(t, dir, "bad.json", "{\n  \"type\": \"object\",\n  \"properties\": {,}\n}")}, "bad.json:3:18"},
		{"missing schema", ValidateOptions{Data: []string{data}, Schema: filepath.Join(dir, "none.json")}, "none.json"},
		{"missing data", ValidateOptions{Data: []string{filepath.Join(dir, "none.csv")}, Schema: good}, "none.csv"},
		{"unmatched glob", ValidateOptions{Data: []string{filepath.Join(dir, "shard-*.csv")}, Schema: good}, "shard-*.csv"},
		{"corrupt gzip", ValidateOptions{Data: []string{write(t, dir, "c.csv.gz", "\x1f\x8b\x08\x00garbage")}, Schema: good}, "c.csv.gz"},
		{"duplicate header", ValidateOptions{Data: []string{write(t, dir, "dup.csv", "id,id\n1,2\n")}, Schema: good}, "dup.csv:1:"},
		{"bad x-mlgate", ValidateOptions{Data: []string{data}, Schema: write(t, dir, "x.json", `{"type":"object","x-mlgate":{"rows":{"min":"many"}}}`)}, "x-mlgate.rows.min"},
		{"invalid schema", ValidateOptions{Data: []string{data}, Schema: write(t, dir, "inv.json", `{"type":"object","properties":{"a":{"minimum":"zero"}}}`)}, "inv.json"},
		{"no data", ValidateOptions{Schema: good}, "--data"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			res := validate(t, c.o)
			if res.Status != result.Error || !strings.Contains(res.Error, c.want) {
				t.Fatalf("status %s error %q, want an error containing %q", res.Status, res.Error, c.want)
			}
		})
	}
}

// gaussianCSV writes n rows of x ~ N(mean, 1) and a category.
func gaussianCSV(t *testing.T, dir, name string, n int, mean float64, cats []string, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	b.WriteString("x,cat\n")
	for range n {
		fmt.Fprintf(&b, "%.4f,%s\n", mean+rng.NormFloat64(), cats[rng.IntN(len(cats))])
	}
	return write(t, dir, name, b.String())
}

func TestInferThenValidateAndDrift(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	train := gaussianCSV(t, dir, "train.csv", 5000, 0, []string{"a", "b", "c"}, 1)
	p, err := ProfileData(context.Background(), []string{train}, table.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	schemaDoc, err := infer.Schema(p, infer.Options{RangeMargin: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	schema := write(t, dir, "schema.json", string(schemaDoc))
	profilePath := filepath.Join(dir, "train.profile.json")
	if err := WriteProfile(profilePath, p); err != nil {
		t.Fatal(err)
	}

	// The training data passes the schema learned from it, with no drift against itself.
	self := validate(t, ValidateOptions{Data: []string{train}, Schema: schema, ReferenceProfile: profilePath})
	if self.Status != result.Pass {
		t.Fatalf("training data against its own schema: %s %q %+v", self.Status, self.Error, self.Findings)
	}
	// Same distribution, other sample: no drift.
	same := gaussianCSV(t, dir, "same.csv", 5000, 0, []string{"a", "b", "c"}, 2)
	if res := validate(t, ValidateOptions{Data: []string{same}, Schema: schema, ReferenceProfile: profilePath}); res.Status != result.Pass {
		t.Errorf("a fresh sample of the same distribution: %s %+v", res.Status, res.Findings)
	}
	// Shifted by 0.5 sd: drift, a warning by default, with a chart.
	shifted := gaussianCSV(t, dir, "shifted.csv", 5000, 0.5, []string{"a", "b", "c"}, 3)
	res := validate(t, ValidateOptions{Data: []string{shifted}, Schema: schema, Reference: []string{train}})
	if res.Status != result.Warn || findingWith(res, "drift:psi") == nil || len(res.Charts) == 0 {
		t.Fatalf("shifted data: status %s findings %+v charts %d", res.Status, res.Findings, len(res.Charts))
	}
	if !strings.Contains(res.Summary, "1 of 2 columns drifted") {
		t.Errorf("summary %q", res.Summary)
	}
	// on_drift: fail makes drift block.
	strict := strings.Replace(string(schemaDoc), `"drift": {`, `"drift": {"on_drift": "fail", `, 1)
	res = validate(t, ValidateOptions{Data: []string{shifted}, Schema: write(t, dir, "strict.json", strict), ReferenceProfile: profilePath})
	if res.Status != result.Fail {
		t.Errorf("on_drift fail: status %s", res.Status)
	}
}

func TestValidateJSONLines(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := write(t, dir, "d.jsonl", `{"id":"a","age":31,"city":"Berlin","comment":"x"}
{"id":"b","age":"31","city":null,"comment":"y"}
{"id":"c","age":3.5,"city":"Paris"}
`)
	res := validate(t, ValidateOptions{Data: []string{data}, Schema: write(t, dir, "s.json", peopleSchema)})
	if res.Status != result.Fail {
		t.Fatalf("status %s", res.Status)
	}
	if f := findingWith(res, "type"); f == nil || !strings.Contains(f.Message, "age: 2 rows") {
		t.Errorf("a JSON string and a fraction are not integers: %+v", res.Findings)
	}
	if f := findingWith(res, "required"); f == nil || f.Location.Line != 3 {
		t.Errorf("missing comment on line 3: %+v", res.Findings)
	}
}

// A schema with a keyword outside the fast path is validated by the
// reference validator (in parallel) with the same verdicts.
func TestValidateReferencePathAgrees(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,age,city,comment\n")
	for i := range 3000 {
		age := fmt.Sprint(i % 130) // 9 values in 130 are over the maximum
		city := []string{"Berlin", "Paris", "", "Oslo"}[i%4]
		fmt.Fprintf(&b, "id%d,%s,%s,ok\n", i, age, city)
	}
	data := write(t, dir, "d.csv", b.String())
	fast := validate(t, ValidateOptions{Data: []string{data}, Schema: write(t, dir, "fast.json", peopleSchema)})
	slow := validate(t, ValidateOptions{Data: []string{data}, Schema: write(t, dir, "slow.json",
		strings.Replace(peopleSchema, `"type": "object",`, `"type": "object", "allOf": [true],`, 1))})
	if findingWith(fast, "schema") != nil {
		t.Fatalf("the plain schema should be on the fast path: %+v", fast.Findings)
	}
	if f := findingWith(slow, "schema"); f == nil || !strings.Contains(f.Message, "allOf") {
		t.Fatalf("allOf should force the reference path and say so: %+v", slow.Findings)
	}
	if fast.Summary != slow.Summary || fast.Status != slow.Status {
		t.Errorf("fast %q %s, reference %q %s", fast.Summary, fast.Status, slow.Summary, slow.Status)
	}
	for _, check := range []string{"maximum", "enum"} {
		f, s := findingWith(fast, check), findingWith(slow, check)
		if f == nil || s == nil || f.Location.Line != s.Location.Line || strings.Split(f.Message, ":")[1] != strings.Split(s.Message, ":")[1] {
			t.Errorf("%s: fast %+v, reference %+v", check, f, s)
		}
	}
}

// Cutting a file into sections checked in parallel gives exactly the
// result of one sequential pass.
func TestValidateSectionsEqualStream(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,age,city,comment\n")
	for i := range 20000 {
		age := fmt.Sprint(i % 130)
		city := []string{"Berlin", "Paris", "", "Oslo"}[i%4]
		comment := "ok"
		if i%997 == 0 {
			comment = "call +1 415 555 2671"
		}
		if i == 15000 {
			b.WriteString("ragged,1\n")
			continue
		}
		fmt.Fprintf(&b, "id%d,%s,%s,%s\n", i, age, city, comment)
	}
	data := write(t, dir, "d.csv", b.String())
	// No unique column: uniqueness keeps the stream.
	sch := write(t, dir, "s.json", strings.Replace(peopleSchema, `"x-mlgate": {"unique": true}`, `"minLength": 1`, 1))
	// The reference must be readable as a whole (ProfileData refuses
	// unreadable rows); the data keeps its ragged row.
	ref := write(t, dir, "ref.csv", strings.Replace(b.String(), "ragged,1\n", "", 1))
	streamProf, sectionsProf := filepath.Join(dir, "stream.profile.json"), filepath.Join(dir, "sections.profile.json")
	stream := validate(t, ValidateOptions{Data: []string{data}, Schema: sch, Reference: []string{ref}, ProfileOut: streamProf, Read: table.Options{MinSectionBytes: 1 << 30}})
	sections := validate(t, ValidateOptions{Data: []string{data}, Schema: sch, Reference: []string{ref}, ProfileOut: sectionsProf, Read: table.Options{MinSectionBytes: 64 << 10}})
	// Sections read with borrowed strings: the exact value counts of the
	// profile must hold the values, not whatever the buffer held later.
	sp, err := ReadProfile(streamProf)
	if err != nil {
		t.Fatal(err)
	}
	pp, err := ReadProfile(sectionsProf)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"age", "city", "comment"} {
		a, b := sp.Column(name), pp.Column(name)
		if a == nil || b == nil || a.Values == nil || b.Values == nil {
			t.Fatalf("column %s: no exact values in the profiles", name)
		}
		if wa, wb := a.Values.Top(a.Values.Len()), b.Values.Top(b.Values.Len()); !reflect.DeepEqual(wa, wb) {
			t.Errorf("column %s values: stream %v, sections %v", name, wa, wb)
		}
	}
	if stream.Status != result.Fail || len(stream.Findings) < 4 {
		t.Fatalf("the data should fail on several checks: %s %+v", stream.Status, stream.Findings)
	}
	if stream.Summary != sections.Summary || stream.Status != sections.Status {
		t.Fatalf("stream %q %s, sections %q %s", stream.Summary, stream.Status, sections.Summary, sections.Status)
	}
	if len(stream.Findings) != len(sections.Findings) || len(stream.Metrics) != len(sections.Metrics) {
		t.Fatalf("stream %d findings %d metrics, sections %d and %d", len(stream.Findings), len(stream.Metrics), len(sections.Findings), len(sections.Metrics))
	}
	for i := range stream.Findings {
		if !reflect.DeepEqual(stream.Findings[i], sections.Findings[i]) {
			t.Errorf("finding %d: stream %+v, sections %+v", i, stream.Findings[i], sections.Findings[i])
		}
	}
	for i := range stream.Metrics {
		if !reflect.DeepEqual(stream.Metrics[i], sections.Metrics[i]) {
			t.Errorf("metric %d: stream %+v, sections %+v", i, stream.Metrics[i], sections.Metrics[i])
		}
	}
}

// TestProfileDataRefusesUnreadableRows: a profile (and a schema inferred
// from it) learned from part of the data would be silently wrong.
func TestProfileDataRefusesUnreadableRows(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := write(t, dir, "a.csv", "x,y\n1,2\n3,4\n")
	b := write(t, dir, "b.csv", "x,y\n1,2\n3\n5,6\n7,8,9\n")
	_, err := ProfileData(context.Background(), []string{a, b}, table.Options{}, nil)
	var ue *UnreadableRowsError
	if !errors.As(err, &ue) {
		t.Fatalf("error %v; want an UnreadableRowsError", err)
	}
	if ue.Rows != 2 || ue.First == nil || ue.First.File != b || ue.First.Line != 3 {
		t.Errorf("unreadable = %d rows, first %+v; want 2 rows, first at %s:3", ue.Rows, ue.First, b)
	}
	if msg := err.Error(); !strings.Contains(msg, b+":3") || !strings.Contains(msg, "2 rows could not be read") {
		t.Errorf("message %q", msg)
	}
	if _, err := ProfileData(context.Background(), []string{a}, table.Options{}, nil); err != nil {
		t.Errorf("clean file: %v", err)
	}
}

// TestValidateDeclaresMLTests: a validation lists the ML Test Score tests
// its schema and options performed.
func TestValidateDeclaresMLTests(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	csv := write(t, dir, "d.csv", "id,age,city,comment\na1,30,Paris,ok\na2,41,Oslo,fine\n")
	plain := write(t, dir, "plain.json", `{"type": "object", "properties": {"id": {"type": "string"}, "age": {"type": "integer"}, "city": {"type": "string"}, "comment": {"type": "string"}}}`)
	res := validate(t, ValidateOptions{Data: []string{csv}, Schema: plain})
	if got := strings.Join(res.MLTests, ","); got != "data-1" {
		t.Errorf("plain schema: ml_tests %q; want data-1", got)
	}
	sch := write(t, dir, "s.json", strings.Replace(peopleSchema, `"x-mlgate": {"rows"`, `"x-mlgate": {"forbidden_columns": ["ssn"], "rows"`, 1))
	res = validate(t, ValidateOptions{Data: []string{csv}, Schema: sch, Reference: []string{csv}})
	if got := strings.Join(res.MLTests, ","); got != "data-1,data-4,data-5,monitor-3" {
		t.Errorf("forbidden columns, a PII scan and a reference: ml_tests %q; want data-1,data-4,data-5,monitor-3 (status %s %s)", got, res.Status, res.Error)
	}
}

// TestReadProfileErrorsHaveAPosition: a broken profile is named with the
// line and column of the problem.
func TestReadProfileErrorsHaveAPosition(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tt := range []struct{ content, want string }{
		{"{\"format\": \"mlgate.profile\",\n \"version\": 1,\n \"columns\": [", "p.json:3:14: unexpected end of JSON"},
		{"{\"format\": \"mlgate.profile\",\n \"version\": x}", "p.json:2:13: invalid character 'x'"},
		{`{"format": "other", "version": 1}`, `not an mlgate profile`},
	} {
		p := write(t, dir, "p.json", tt.content)
		_, err := ReadProfile(p)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadProfile(%q) = %v; want it to contain %q", tt.content, err, tt.want)
		}
	}
}
