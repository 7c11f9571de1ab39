package actions

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// scriptCommands are the mlgate commands each action script runs, as
// `mlgate CMD --help` names them.
var scriptCommands = map[string][]string{
	"gate/gate.sh":       {"gate"},
	"report/report.sh":   {"report"},
	"data/data.sh":       {"data validate"},
	"smoke/smoke.sh":     {"smoke"},
	"repro/repro.sh":     {"repro"},
	"canary/canary.sh":   {"canary"},
	"eval/eval.sh":       {"eval", "gate"},
	"monitor/monitor.sh": {"monitor"},
	"run/run.sh":         {"run"},
}

var (
	// mlgate_opt FLAG "${MLGATE_IN_NAME:-}", and likewise mlgate_raw,
	// mlgate_each and mlgate_switch (see lib.sh).
	inputFlag = regexp.MustCompile(`(?m)^\s*mlgate_(?:opt|raw|each|switch) ([a-z0-9-]+) "\$\{MLGATE_IN_([A-Z0-9_]+)`)
	// --flags written out in args=(...) and args+=(...).
	literalFlags = regexp.MustCompile(`args\+?=\(([^)]*)\)`)
	helpFlag     = regexp.MustCompile(`(?m)^\s+(?:-[a-zA-Z], )?--([a-z0-9-]+)(?: [a-zA-Z]+)?\s{2,}(.*)$`)
	helpDefault  = regexp.MustCompile(`\(default ([^)]*)\)$`)
	claimDefault = regexp.MustCompile(`mlgate's default \(([^)]*)\)`)
)

// mlgateBinary builds cmd/mlgate from this checkout, or uses
// $MLGATE_TEST_BINARY.
func mlgateBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("MLGATE_TEST_BINARY"); bin != "" {
		return bin
	}
	needTools(t, "go")
	bin := filepath.Join(t.TempDir(), "mlgate")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/mlgate")
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building mlgate: %v\n%s", err, out)
	}
	return bin
}

// helpFlags runs `mlgate CMD --help` and returns its flags with their
// defaults as printed; ok is false when the command does not exist.
func helpFlags(t *testing.T, bin, command string) (flags map[string]string, ok bool) {
	t.Helper()
	out, err := exec.Command(bin, append(strings.Fields(command), "--help")...).CombinedOutput()
	if err != nil {
		return nil, false
	}
	flags = map[string]string{}
	for _, m := range helpFlag.FindAllStringSubmatch(string(out), -1) {
		def := ""
		if d := helpDefault.FindStringSubmatch(m[2]); d != nil {
			def = strings.Trim(d[1], `"`)
		}
		flags[m[1]] = def
	}
	return flags, true
}

// sameDefault compares a default claimed in a description with the one mlgate
// prints: as durations (30m = 30m0s), numbers (0.1 = 0.10) or text.
func sameDefault(claim, printed string) bool {
	if a, err := time.ParseDuration(claim); err == nil {
		b, err := time.ParseDuration(printed)
		return err == nil && a == b
	}
	if a, err := strconv.ParseFloat(claim, 64); err == nil {
		b, err := strconv.ParseFloat(printed, 64)
		return err == nil && a == b
	}
	return claim == printed
}

// Every flag an action script passes is a flag of the command it runs, and
// every "mlgate's default (X)" in an input's description is the flag's real
// default, so the actions cannot drift from the CLI.
func TestActionInputsAreRealFlags(t *testing.T) {
	t.Parallel()
	bin := mlgateBinary(t)
	for script, commands := range scriptCommands {
		t.Run(script, func(t *testing.T) {
			t.Parallel()
			flags := map[string]string{}
			for _, c := range commands {
				f, ok := helpFlags(t, bin, c)
				if !ok {
					t.Fatalf("mlgate %s --help failed: the command %s runs is missing or broken", c, script)
				}
				for k, v := range f {
					if _, seen := flags[k]; !seen {
						flags[k] = v
					}
				}
			}
			text := readFile(t, script)
			if text == "" {
				t.Fatalf("%s is empty or missing", script)
			}
			inputOf := map[string]string{} // MLGATE_IN_ variable -> flag
			for _, m := range inputFlag.FindAllStringSubmatch(text, -1) {
				inputOf[m[2]] = m[1]
				if _, ok := flags[m[1]]; !ok {
					t.Errorf("%s passes --%s, which mlgate %s does not have", script, m[1], strings.Join(commands, "/"))
				}
			}
			for _, m := range literalFlags.FindAllStringSubmatch(text, -1) {
				for _, w := range strings.Fields(m[1]) {
					if f, ok := strings.CutPrefix(w, "--"); ok {
						if _, ok := flags[f]; !ok {
							t.Errorf("%s passes --%s, which mlgate %s does not have", script, f, strings.Join(commands, "/"))
						}
					}
				}
			}
			actionFile := filepath.Join(filepath.Dir(script), "action.yml")
			if script == "run/run.sh" {
				actionFile = filepath.Join(repoRoot, "action.yml") // the root action runs run.sh
			}
			a, _ := readAction(t, actionFile)
			for name, in := range a.Inputs {
				c := claimDefault.FindStringSubmatch(in.Description)
				if c == nil || strings.Contains(c[1], " or ") {
					continue
				}
				flag, ok := inputOf[strings.ToUpper(strings.ReplaceAll(name, "-", "_"))]
				if !ok {
					t.Errorf("input %s claims mlgate's default %q but passes no flag", name, c[1])
					continue
				}
				if !sameDefault(c[1], flags[flag]) {
					t.Errorf("input %s says mlgate's default is %q; mlgate --%s defaults to %q", name, c[1], flag, flags[flag])
				}
			}
		})
	}
}

func TestSameDefault(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		claim, printed string
		want           bool
	}{
		{"30m", "30m0s", true}, {"60s", "1m0s", true}, {"0.1", "0.1", true}, {"2", "2", true},
		{"loss", "loss", true}, {"30m", "1h0m0s", false}, {"0.1", "0.05", false}, {"5", "", false},
	} {
		if got := sameDefault(tt.claim, tt.printed); got != tt.want {
			t.Errorf("sameDefault(%q, %q) = %v, want %v", tt.claim, tt.printed, got, tt.want)
		}
	}
}
