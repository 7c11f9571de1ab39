package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

const lossRegex = `epoch (?P<step>\d+) loss (?P<loss>[0-9.eE+-]+|nan|inf)`

func sgdScript(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("../../examples/sklearn-classifier/train_sgd.py")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func readResult(t *testing.T, dir, id string) result.Result {
	t.Helper()
	r, err := result.ReadFile(filepath.Join(dir, ".mlgate", "results", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// hasFinding reports whether r has a finding of check whose message
// contains substr.
func hasFinding(r result.Result, check, substr string) bool {
	for _, f := range r.Findings {
		if f.Check == check && strings.Contains(f.Message, substr) {
			return true
		}
	}
	return false
}

// TestSmokeOnRealTraining runs the scikit-learn SGD example for real: the
// loss goes down with a sane learning rate and not with a broken one.
func TestSmokeOnRealTraining(t *testing.T) {
	t.Parallel()
	py, script := python(t), sgdScript(t)
	dir := t.TempDir()

	good := mlgate(t, dir, nil, "smoke", "--id", "good", "--loss-regex", lossRegex, "--", py, script, "--epochs", "20")
	if good.code != 0 {
		t.Fatalf("smoke on the real script: exit %d\n%s%s", good.code, good.stdout, good.stderr)
	}
	if r := readResult(t, dir, "good"); r.Status != result.Pass || len(r.Charts) != 1 || !strings.Contains(r.Summary, "loss") {
		t.Errorf("good result: %+v", r)
	}

	file := mlgate(t, dir, nil, "smoke", "--id", "file", "--loss-file", "{run_dir}/metrics.jsonl", "--cmd", py+" "+script+" --epochs 15")
	if file.code != 0 {
		t.Errorf("smoke with --loss-file: exit %d\n%s%s", file.code, file.stdout, file.stderr)
	}

	broken := mlgate(t, dir, nil, "smoke", "--id", "broken", "--loss-regex", lossRegex, "--", py, script, "--epochs", "20", "--lr", "50")
	if broken.code != 1 {
		t.Fatalf("smoke with a broken learning rate: exit %d, want 1\n%s%s", broken.code, broken.stdout, broken.stderr)
	}
}

func TestSmokeBadCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"not found", []string{"--", "/nonexistent/train"}, 2, "/nonexistent/train"},
		{"exits non-zero", []string{"--cmd", "echo 'loss 1'; exit 3"}, 1, "status 3"},
		{"never prints a loss", []string{"--cmd", "echo hello"}, 2, "loss"},
		{"prints garbage", []string{"--cmd", "head -c 3000 /dev/urandom"}, 2, "loss"},
		{"hangs", []string{"--timeout", "1s", "--cmd", "echo 'loss 1'; sleep 60"}, 1, "timed out"},
		{"NaN", []string{"--cmd", "for i in 1 2 3 4 5 6; do echo loss 1.$i; done; echo loss nan"}, 1, "NaN"},
		{"no command", nil, 2, "--"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"smoke", "--id", strings.ReplaceAll(c.name, " ", "-"), "--loss-regex", `loss (\S+)`}, c.args...)
			r := mlgate(t, dir, nil, args...)
			if r.code != c.code || !strings.Contains(strings.ToLower(r.stdout+r.stderr), strings.ToLower(c.want)) {
				t.Errorf("exit %d (want %d), want %q in:\n%s%s", r.code, c.code, c.want, r.stdout, r.stderr)
			}
		})
	}
}

// TestReproOnRealTraining: the seeded script reproduces, the one with a
// hidden nondeterminism does not (and the likely cause is named), and a
// run killed mid-way and resumed ends like an uninterrupted one.
func TestReproOnRealTraining(t *testing.T) {
	t.Parallel()
	py, script := python(t), sgdScript(t)
	dir := t.TempDir()
	arts := []string{"--artifact", "coef.npy", "--artifact", "final.json"}

	seeded := mlgate(t, dir, nil, append([]string{"repro", "--id", "seeded"}, append(arts, "--", py, script, "--epochs", "10")...)...)
	if seeded.code != 0 {
		t.Fatalf("seeded script: exit %d\n%s%s", seeded.code, seeded.stdout, seeded.stderr)
	}

	nondet := mlgate(t, dir, nil, append([]string{"repro", "--id", "nondet"}, append(arts, "--", py, script, "--epochs", "5", "--hidden-nondeterminism")...)...)
	if nondet.code != 1 {
		t.Fatalf("hidden nondeterminism: exit %d, want 1\n%s%s", nondet.code, nondet.stdout, nondet.stderr)
	}
	r := readResult(t, dir, "nondet")
	if !hasFinding(r, "likely-cause", "PYTHONHASHSEED") {
		t.Errorf("the likely cause PYTHONHASHSEED is not named: %+v", r.Findings)
	}

	resumed := mlgate(t, dir, nil, append([]string{"repro", "--id", "resume", "--resume", "--kill-at-step", "8",
		"--loss-regex", lossRegex, "--resume-cmd", py + " " + script + " --epochs 20 --resume"},
		append(arts, "--", py, script, "--epochs", "20", "--sleep", "0.2")...)...)
	if resumed.code != 0 {
		t.Fatalf("kill and resume: exit %d\n%s%s", resumed.code, resumed.stdout, resumed.stderr)
	}
	r = readResult(t, dir, "resume")
	if !hasFinding(r, "resume", "SIGKILL at step") {
		t.Errorf("the result does not say where run 2 was killed: %+v", r.Findings)
	}
}

// TestReproWorkdirCopy runs a tool that writes next to itself in fresh
// copies of its directory, and names an embedded timestamp as the cause of
// a difference.
func TestReproWorkdirCopy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	project := filepath.Join(dir, "project")
	if err := os.MkdirAll(project, 0o755); err != nil {
		t.Fatal(err)
	}
	same := mlgate(t, dir, nil, "repro", "--id", "same", "--workdir", "copy", "--dir", project,
		"--artifact", "out.txt", "--cmd", "echo 42 > out.txt")
	if same.code != 0 {
		t.Fatalf("exit %d\n%s%s", same.code, same.stdout, same.stderr)
	}
	if _, err := os.Stat(filepath.Join(project, "out.txt")); err == nil {
		t.Error("the run wrote into the original working directory, not a copy")
	}
	stamped := mlgate(t, dir, nil, "repro", "--id", "stamped", "--workdir", "copy", "--dir", project,
		"--artifact", "out.txt", "--cmd", "sleep 0.01; date +%s%3N > out.txt")
	if stamped.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", stamped.code, stamped.stdout, stamped.stderr)
	}
	if r := readResult(t, dir, "stamped"); !hasFinding(r, "likely-cause", "timestamp") {
		t.Errorf("an embedded timestamp is not named as a likely cause: %+v", r.Findings)
	}
	if bad := mlgate(t, dir, nil, "repro", "--workdir", "elsewhere", "--artifact", "x", "--cmd", "true"); bad.code != 2 {
		t.Errorf("bad --workdir: exit %d", bad.code)
	}
}
