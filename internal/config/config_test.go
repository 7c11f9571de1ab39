package config

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/mlgate/mlgate/internal/fileerr"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testSpec mirrors the real commands' flags closely enough to exercise
// every flag type; the cli package tests the real command tree.
func testSpec() Spec {
	data := pflag.NewFlagSet("data validate", pflag.ContinueOnError)
	data.StringArray("data", nil, "data file or glob, repeatable")
	data.String("schema", "", "row schema")
	data.String("reference-profile", "", "profile of the reference data")
	data.Int("max-examples", 5, "example rows quoted per finding")
	data.String("id", "data", "result id")

	smoke := pflag.NewFlagSet("smoke", pflag.ContinueOnError)
	smoke.String("cmd", "", "the training command")
	smoke.Duration("timeout", 0, "kill the command after this long")
	smoke.Float64("alpha", 0.05, "significance")
	smoke.StringArray("changed", nil, "checkpoint that must change")
	smoke.Bool("hidden-one", false, "")
	_ = smoke.MarkHidden("hidden-one")
	smoke.String("id", "smoke", "result id")

	gate := pflag.NewFlagSet("gate", pflag.ContinueOnError)
	gate.String("candidate", "", "candidate metrics file")
	gate.String("baseline", "", "baseline metrics file")
	gate.StringArray("rule", nil, "a rule, repeatable")
	gate.String("title", "", "title")
	gate.String("id", "gate", "result id")

	report := pflag.NewFlagSet("report", pflag.ContinueOnError)
	report.String("comment", "auto", "when to comment")
	report.Bool("no-fail", false, "exit 0 on failures")
	report.String("github-token", "", "GitHub token")

	return Spec{
		Kinds: []Kind{
			{Name: "data", Command: "data validate", Short: "Validate data", Flags: FlagsOf(data, "id")},
			{Name: "smoke", Command: "smoke", Short: "Smoke test", Flags: FlagsOf(smoke, "id")},
			{Name: "gate", Command: "gate", Short: "Threshold gate", Flags: FlagsOf(gate, "id")},
		},
		Report: Kind{Name: "report", Command: "report", Flags: FlagsOf(report)},
	}
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadFull(t *testing.T) {
	t.Parallel()
	cfg, err := Load(filepath.Join("testdata", "full.yaml"), env(nil), testSpec())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 1 || cfg.ResultsDir != ".mlgate/results" {
		t.Errorf("version %d, results_dir %q", cfg.Version, cfg.ResultsDir)
	}
	var ids []string
	for _, g := range cfg.Gates {
		ids = append(ids, g.ID+":"+g.Kind)
	}
	if want := []string{"train-data:data", "smoke:smoke", "model:gate"}; !slices.Equal(ids, want) {
		t.Fatalf("gates %v, want %v", ids, want)
	}
	wantArgs := [][]string{
		{"--id=train-data", "--data=data/train.csv", "--data=data/extra.csv", "--schema=schema.json",
			"--reference-profile=train.profile.json", "--max-examples=3"},
		{"--id=smoke", "--cmd=python train.py --steps 50", "--timeout=5m", "--changed=checkpoints/"},
		{"--id=model", "--candidate=metrics.json", "--baseline=main-metrics.json",
			"--rule=accuracy >= 0.85", "--rule=f1: max_drop=0.01"},
	}
	for i, g := range cfg.Gates {
		if got := g.Args(); !slices.Equal(got, wantArgs[i]) {
			t.Errorf("gate %s args\n got %q\nwant %q", g.ID, got, wantArgs[i])
		}
	}
	if got, want := cfg.Report.Args(), []string{"--comment=always", "--no-fail=false"}; !slices.Equal(got, want) {
		t.Errorf("report args %q, want %q", got, want)
	}
	if len(cfg.Score.Manual) != 1 || cfg.Score.Manual[0].Test != "infra-3" || cfg.Score.Manual[0].Evidence != "https://example.com/runbook" {
		t.Errorf("score %+v", cfg.Score)
	}
	model, ok := cfg.Gate("model")
	if !ok {
		t.Fatal("Gate(model) not found")
	}
	rules, ok := model.Lookup("rule")
	if !ok || rules.Key != "rules" || rules.Pos != (Pos{20, 5}) {
		t.Fatalf("rule option %+v", rules)
	}
	if rules.Values[1].Pos != (Pos{22, 9}) {
		t.Errorf("second rule at %+v, want 22:9", rules.Values[1].Pos)
	}
}

// TestAllErrorsAtOnce checks that every problem of a broken config is
// reported, each at its line and column, in file order. The expected text is
// in testdata/errors.golden (go test ./internal/config -update rewrites it).
func TestAllErrorsAtOnce(t *testing.T) {
	t.Parallel()
	path := filepath.Join("testdata", "errors.yaml")
	_, err := Load(path, env(nil), testSpec())
	if err == nil {
		t.Fatal("no error for a broken config")
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %T is not a joined error", err)
	}
	var lines []string
	prev := Pos{}
	for _, e := range joined.Unwrap() {
		var fe *fileerr.Error
		if !errors.As(e, &fe) || fe.File != path || fe.Line == 0 || fe.Column == 0 {
			t.Errorf("error without a full position: %v", e)
			continue
		}
		if p := (Pos{fe.Line, fe.Column}); p.Line < prev.Line || p.Line == prev.Line && p.Column < prev.Column {
			t.Errorf("errors out of order: %v after %d:%d", e, prev.Line, prev.Column)
		} else {
			prev = p
		}
		lines = append(lines, e.Error())
	}
	got := strings.Join(lines, "\n") + "\n"
	golden := filepath.Join("testdata", "errors.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, rerr := os.ReadFile(golden)
	if rerr != nil {
		t.Fatalf("%v (run go test ./internal/config -update)", rerr)
	}
	if got != string(want) {
		t.Errorf("errors differ from %s (go test ./internal/config -update rewrites it)\n got:\n%s\nwant:\n%s", golden, got, want)
	}
	// The golden file is reviewed by hand; these pin what each line promises.
	for _, want := range []string{
		`errors.yaml:1:10: unsupported version "2"`,
		`errors.yaml:2:1: unknown key "resuls_dir"; did you mean "results_dir"?`,
		`errors.yaml:4:5: gate 1 has no id`,
		`errors.yaml:7:11: unknown kind "gaet"; did you mean "gate"?`,
		`errors.yaml:8:9: invalid id "bad id!"`,
		`errors.yaml:11:9: duplicate id "model": the gate at line 6 has it too`,
		`errors.yaml:13:16: candidate must be a single value, got a mapping`,
		`errors.yaml:14:5: unknown option "rul" for kind gate (mlgate gate); did you mean "rule"?`,
		`errors.yaml:15:5: baseline takes one value, not a list`,
		`errors.yaml:18:14: timeout: invalid value "5 minutes" for --timeout: want a duration`,
		`errors.yaml:19:12: alpha: invalid value "low" for --alpha: want a number`,
		`errors.yaml:20:10: cmd: environment variable NO_SUCH_VAR is not set`,
		`errors.yaml:22:12: no_fail: invalid value "maybe" for --no-fail: want true or false`,
		`errors.yaml:26:17: score.manual entry 1: evidence is empty`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q", want)
		}
	}
}

func TestParseProblems(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, yaml, want string
	}{
		{"empty", "", "x.yaml:1:1: empty config"},
		{"comment only", "# nothing\n", "x.yaml:1:1: empty config"},
		{"not a mapping", "- a\n- b\n", "x.yaml:1:1: the config must be a mapping (key: value), got a list"},
		{"syntax", "version: 1\ngates: [a\n", "x.yaml:2:"},
		{"no version", "gates:\n  - {id: a, kind: gate}\n", "x.yaml:1:1: version is missing"},
		{"version string", "version: \"1\"\ngates:\n  - {id: a, kind: gate}\n", `unsupported version "1"`},
		{"no gates", "version: 1\n", "x.yaml:1:1: gates is missing"},
		{"empty gates", "version: 1\ngates: []\n", "x.yaml:2:1: gates is empty"},
		{"gates not a list", "version: 1\ngates:\n  id: a\n", "x.yaml:3:3: gates must be a list (- item), got a mapping"},
		{"gates null", "version: 1\ngates:\n", "x.yaml:2:1: gates must be a list (- item), got nothing"},
		{"gate not a mapping", "version: 1\ngates:\n  - gate\n", "x.yaml:3:5: gate 1 must be a mapping"},
		{"no kind", "version: 1\ngates:\n  - id: a\n", `x.yaml:3:5: gate "a" has no kind: add "kind: KIND" (one of data, smoke, gate)`},
		{"null value", "version: 1\ngates:\n  - id: a\n    kind: gate\n    baseline:\n", "x.yaml:5:5: baseline has no value"},
		{"twice", "version: 1\ngates:\n  - id: a\n    kind: gate\n    rule: x > 1\n    rules: [y > 1]\n", `x.yaml:6:5: "rule" is given twice (first at line 5)`},
		{"dash and underscore", "version: 1\ngates:\n  - id: a\n    kind: data\n    reference_profile: a\n    reference-profile: b\n", `x.yaml:6:5: "reference-profile" is given twice`},
		{"second document", "version: 1\ngates: [{id: a, kind: gate}]\n---\nversion: 1\n", "x.yaml:4:1: a second YAML document"},
		{"unknown alias", "version: 1\ngates:\n  - id: a\n    kind: gate\n    baseline: *nope\n", "x.yaml:5:15: unknown alias *nope"},
		{"unknown score key", "version: 1\ngates: [{id: a, kind: gate}]\nscore:\n  manul: []\n", `x.yaml:4:3: unknown key "manul" in score; did you mean "manual"?`},
		{"manual without evidence", "version: 1\ngates: [{id: a, kind: gate}]\nscore:\n  manual:\n    - test: infra-3\n", "x.yaml:5:7: score.manual entry 1 has no evidence"},
		{"unknown report option", "version: 1\ngates: [{id: a, kind: gate}]\nreport:\n  coment: always\n", `x.yaml:4:3: unknown option "coment" for kind report (mlgate report); did you mean "comment"?`},
		{"hidden flag is no option", "version: 1\ngates:\n  - id: a\n    kind: smoke\n    hidden-one: true\n", `unknown option "hidden-one"`},
		{"id is no option of report", "version: 1\ngates: [{id: a, kind: gate}]\nreport: {id: x}\n", `unknown option "id" for kind report`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("x.yaml", []byte(c.yaml), env(nil), testSpec())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v\nwant it to contain %q", err, c.want)
			}
		})
	}
}

func TestSpellings(t *testing.T) {
	t.Parallel()
	src := `version: 1
gates:
  - id: a
    kind: data
    reference-profile: p.json
    data: one.csv
  - id: b
    kind: gate
    rule: "x >= 1"
  - id: c
    kind: gate
    rule: ["x >= 1", "y <= 2"]
`
	cfg, err := Parse("x.yaml", []byte(src), env(nil), testSpec())
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"--id=a", "--reference-profile=p.json", "--data=one.csv"},
		{"--id=b", "--rule=x >= 1"},
		{"--id=c", "--rule=x >= 1", "--rule=y <= 2"},
	}
	for i, g := range cfg.Gates {
		if got := g.Args(); !slices.Equal(got, want[i]) {
			t.Errorf("gate %s: %q, want %q", g.ID, got, want[i])
		}
	}
}

func TestAnchorsAndMergeKeys(t *testing.T) {
	t.Parallel()
	src := `version: 1
common: &common
  baseline: main.json
  title: shared
gates:
  - id: a
    kind: gate
    <<: *common
    title: own
    candidate: &cand m.json
    rule: x > 1
  - id: b
    kind: gate
    candidate: *cand
    rule: x > 1
`
	_, err := Parse("x.yaml", []byte(src), env(nil), testSpec())
	if err == nil || !strings.Contains(err.Error(), `x.yaml:2:1: unknown key "common"`) {
		t.Fatalf("a top-level anchor holder must still be an unknown key, got %v", err)
	}
	src = strings.Replace(src, "common: &common\n  baseline: main.json\n  title: shared\n", "", 1)
	src = strings.Replace(src, "    <<: *common\n", "    <<: {baseline: main.json, title: shared}\n", 1)
	cfg, err := Parse("x.yaml", []byte(src), env(nil), testSpec())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cfg.Gates[0].Args(), []string{"--id=a", "--title=own", "--candidate=m.json", "--rule=x > 1", "--baseline=main.json"}; !slices.Equal(got, want) {
		t.Errorf("merged gate: %q, want %q (explicit keys win over merged ones)", got, want)
	}
	if got, want := cfg.Gates[1].Args(), []string{"--id=b", "--candidate=m.json", "--rule=x > 1"}; !slices.Equal(got, want) {
		t.Errorf("alias: %q, want %q", got, want)
	}
}

func TestHooks(t *testing.T) {
	t.Parallel()
	spec := testSpec()
	var seen []string
	for i := range spec.Kinds {
		if spec.Kinds[i].Name != "gate" {
			continue
		}
		spec.Kinds[i].Check = func(g Gate) []error {
			seen = append(seen, g.ID)
			var errs []error
			rules, _ := g.Lookup("rule")
			for _, v := range rules.Values {
				if !strings.ContainsAny(v.Text, "<>:") {
					errs = append(errs, g.ErrorAt(v.Pos, "rule %q has no operator", v.Text))
				}
			}
			if _, ok := g.Lookup("candidate"); !ok {
				errs = append(errs, errors.New("candidate is required"))
			}
			return errs
		}
	}
	src := `version: 1
gates:
  - id: ok
    kind: gate
    candidate: m.json
    rule: x > 1
  - id: bad
    kind: gate
    rules:
      - x > 1
      - just x
  - id: skipped
    kind: gate
    candidate: m.json
    rule: [x > 1]
    alpha: 1
`
	_, err := Parse("x.yaml", []byte(src), env(nil), spec)
	if err == nil {
		t.Fatal("hook errors were dropped")
	}
	msg := err.Error()
	for _, want := range []string{
		`x.yaml:7:5: candidate is required`,
		`x.yaml:11:9: rule "just x" has no operator`,
		`x.yaml:16:5: unknown option "alpha"`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors lack %q:\n%s", want, msg)
		}
	}
	// A gate whose options are already wrong is not handed to its hook.
	if !slices.Equal(seen, []string{"ok", "bad"}) {
		t.Errorf("hook saw %v, want [ok bad]", seen)
	}
}

func TestEnvExpansionAndSecrets(t *testing.T) {
	t.Parallel()
	src := `version: 1
results_dir: ${OUT_DIR:-out}
gates:
  - id: a
    kind: gate
    candidate: $RUN/metrics.json
    baseline: ${RUN}-${API_TOKEN}.json
    rule: "cost$$ <= 5"
    title: "loss$"
report:
  github-token: $MY_SECRET
`
	getenv := env(map[string]string{"RUN": "r1", "API_TOKEN": "tok-123", "MY_SECRET": "s3cr3t"})
	cfg, err := Parse("x.yaml", []byte(src), getenv, testSpec())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ResultsDir != "out" {
		t.Errorf("results_dir %q, want the default out", cfg.ResultsDir)
	}
	want := []string{"--id=a", "--candidate=r1/metrics.json", "--baseline=r1-tok-123.json", "--rule=cost$ <= 5", "--title=loss$"}
	if got := cfg.Gates[0].Args(); !slices.Equal(got, want) {
		t.Errorf("args %q, want %q", got, want)
	}
	if !slices.Equal(cfg.Secrets, []string{"s3cr3t", "tok-123"}) {
		t.Errorf("secrets %q", cfg.Secrets)
	}
	if got := cfg.Mask("--baseline=r1-tok-123.json --github-token=s3cr3t"); got != "--baseline=r1-***.json --github-token=***" {
		t.Errorf("Mask: %q", got)
	}
	// A secret that contains another is masked whole, on a loaded config
	// and on one built by hand.
	for _, c := range []*Config{{Secrets: []string{"abc", "abcdef"}}, {Secrets: []string{"abcdef", "abc"}}} {
		if got := c.Mask("x abcdef abc"); got != "x *** ***" {
			t.Errorf("Mask with %q: %q", c.Secrets, got)
		}
	}

	// A secret that reaches an error message is masked there too.
	src = "version: 1\ngates:\n  - id: a\n    kind: smoke\n    timeout: ${DEPLOY_KEY}\n"
	_, err = Parse("x.yaml", []byte(src), env(map[string]string{"DEPLOY_KEY": "hunter2"}), testSpec())
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), `invalid value "***"`) {
		t.Errorf("secret in error: %v", err)
	}
}

func TestExpand(t *testing.T) {
	t.Parallel()
	getenv := env(map[string]string{"A": "x", "B_1": "y", "GH_TOKEN": "t"})
	cases := []struct{ in, want, err string }{
		{"plain", "plain", ""},
		{"$A", "x", ""},
		{"${A}b", "xb", ""},
		{"$A$B_1", "xy", ""},
		{"a-$A-b", "a-x-b", ""},
		{"$$A", "$A", ""},
		{"100$", "100$", ""},
		{"$1 and $ and $-", "$1 and $ and $-", ""},
		{"${UNSET:-def ault}", "def ault", ""},
		{"${A:-def}", "x", ""},
		{"${UNSET:-}", "", ""},
		{"$UNSET", "", "environment variable UNSET is not set"},
		{"${UNSET}", "", "environment variable UNSET is not set"},
		{"${A", "", "unterminated ${"},
		{"${}", "", "invalid variable name"},
		{"${1A}", "", "invalid variable name"},
	}
	for _, c := range cases {
		got, _, err := expand(c.in, getenv)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("expand(%q) error %v, want %q", c.in, err, c.err)
			}
		case err != nil:
			t.Errorf("expand(%q): %v", c.in, err)
		case got != c.want:
			t.Errorf("expand(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if _, secrets, _ := expand("$A:${GH_TOKEN}", getenv); !slices.Equal(secrets, []string{"t"}) {
		t.Errorf("secrets %q, want [t]", secrets)
	}
}

func TestIsSecretName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"GITHUB_TOKEN": true, "api_key": true, "DbPassword": true, "AWS_SECRET_ACCESS_KEY": true,
		"GCP_CREDENTIALS": true, "RUN_ID": false, "DATA_DIR": false,
	} {
		if IsSecretName(name) != want {
			t.Errorf("IsSecretName(%q) = %v", name, !want)
		}
	}
}

func TestLoadFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, err := Load(filepath.Join(dir, "mlgate.yaml"), env(nil), testSpec())
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "mlgate.yaml")+" not found") {
		t.Errorf("missing file: %v", err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("version: 1\n"+strings.Repeat("# padding\n", MaxFileSize/10+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(big, env(nil), testSpec())
	if err == nil || !strings.Contains(err.Error(), "big.yaml is larger than 1024 KiB") {
		t.Errorf("big file: %v", err)
	}
}

// FuzzParse: no input makes Parse panic, and every error names the file.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"full.yaml", "errors.yaml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("version: 1\ngates: [{id: a, kind: gate, <<: [*x]}]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	spec := testSpec()
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("f.yaml", data, env(map[string]string{"A": "1"}), spec)
		if err == nil && cfg == nil {
			t.Fatal("nil config without an error")
		}
		if err != nil && !strings.Contains(err.Error(), "f.yaml") {
			t.Fatalf("error without the file name: %v", err)
		}
	})
}
