package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

func TestDataInferValidateProfileMerge(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var train, shard1, shard2, bad strings.Builder
	for _, b := range []*strings.Builder{&train, &shard1, &shard2, &bad} {
		b.WriteString("age,city,score\n")
	}
	cities := []string{"Berlin", "Paris", "Rome"}
	for i := range 300 {
		line := fmt.Sprintf("%d,%s,%.3f\n", 20+i%50, cities[i%3], float64(i%100)/100)
		train.WriteString(line)
		if i < 150 {
			shard1.WriteString(line)
		} else {
			shard2.WriteString(line)
		}
		if i == 17 {
			line = "-4,Berlin,0.5\n"
		}
		bad.WriteString(line)
	}
	trainPath := writeFile(t, dir, "train.csv", train.String())
	schema, prof := filepath.Join(dir, "schema.json"), filepath.Join(dir, "train.profile.json")

	code, out, errOut := run(t, nil, "data", "infer", "--data", trainPath, "--schema-out", schema, "--profile-out", prof)
	if code != 0 || !strings.Contains(out, "from 300 rows x 3 columns") {
		t.Fatalf("infer: exit %d\n%s%s", code, out, errOut)
	}
	if errOut != "" {
		t.Errorf("stderr is not a terminal, so no progress display is expected: %q", errOut)
	}
	results := filepath.Join(dir, "results")
	code, out, _ = run(t, map[string]string{"GITHUB_ACTIONS": "true"}, "--results-dir", results, "data", "validate", "--data", trainPath, "--schema", schema, "--reference-profile", prof, "--id", "train")
	if code != 0 {
		t.Fatalf("training data against its own schema: exit %d\n%s", code, out)
	}
	if !strings.HasPrefix(out, "::group::mlgate data validate train\n") || !strings.HasSuffix(out, "::endgroup::\n") {
		t.Errorf("on GitHub Actions the output is one log group:\n%s", out)
	}
	code, out, _ = run(t, nil, "--results-dir", results, "data", "validate", "--data", writeFile(t, dir, "bad.csv", bad.String()), "--schema", schema, "--id", "new")
	if code != 1 || !strings.Contains(out, "1 invalid") {
		t.Fatalf("bad data: exit %d\n%s", code, out)
	}
	r, err := result.ReadFile(filepath.Join(results, "new.json"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Gate != "data" || len(r.Findings) == 0 || r.Findings[0].Location.Line != 19 {
		t.Errorf("result: %+v", r)
	}

	// Shards profiled apart and merged equal the whole.
	p1, p2, merged := filepath.Join(dir, "p1.json"), filepath.Join(dir, "p2.json"), filepath.Join(dir, "merged.json")
	for _, c := range [][]string{
		{"data", "profile", "--data", writeFile(t, dir, "s1.csv", shard1.String()), "--profile-out", p1},
		{"data", "profile", "--data", writeFile(t, dir, "s2.csv", shard2.String()), "--profile-out", p2},
		{"data", "merge-profiles", p1, p2, "--profile-out", merged},
	} {
		if code, out, errOut := run(t, nil, c...); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", c, code, out, errOut)
		}
	}
	if !strings.Contains(mustRead(t, merged), `"rows": 300`) {
		t.Error("merged profile does not hold 300 rows")
	}
}

func TestDataBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"data", "infer", "--data", filepath.Join(dir, "none.csv"), "--schema-out", filepath.Join(dir, "s.json")}, "none.csv"},
		{[]string{"data", "infer", "--schema-out", "x"}, "--data"},
		{[]string{"data", "validate", "--data", "x.csv"}, "--schema"},
		{[]string{"data", "validate", "--data", "x.csv", "--schema", "s.json", "--reference", "a", "--reference-profile", "b"}, "not both"},
		{[]string{"data", "profile", "--data", "x.csv", "--profile-out", "p", "--format", "xml"}, "xml"},
		{[]string{"data", "merge-profiles", writeFile(t, dir, "np.json", `{"format":"other"}`), "--profile-out", filepath.Join(dir, "m.json")}, "np.json"},
	}
	for _, c := range cases {
		args := append([]string{"--results-dir", filepath.Join(dir, "r")}, c.args...)
		code, out, errOut := run(t, nil, args...)
		if code != ExitError || !strings.Contains(out+errOut, c.want) {
			t.Errorf("%v: exit %d, want 2 and %q in:\n%s%s", c.args, code, c.want, out, errOut)
		}
	}
}
