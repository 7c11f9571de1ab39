package actions

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// needTools skips on machines without what the action scripts run on.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the action scripts are tested on Unix; Windows runners run them in Git Bash")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found: %v", tool, err)
		}
	}
}

type scriptRun struct {
	code           int
	stdout, stderr string
}

// runScript runs a bash script in dir with the process environment minus
// anything CI sets (GITHUB_*, RUNNER_*, MLGATE_*), plus env.
func runScript(t *testing.T, dir, script string, env ...string) scriptRun {
	t.Helper()
	abs, err := filepath.Abs(script)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", abs)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GITHUB_") && !strings.HasPrefix(kv, "RUNNER_") &&
			!strings.HasPrefix(kv, "MLGATE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	r := scriptRun{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running %s: %v", script, err)
	}
	return r
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

// fakeRelease writes, under root/dir, mlgate_linux_amd64.tar.gz holding a
// shell script that prints "mlgate VERSION (...)", and checksums.txt.
// checksum overrides the real sum when not empty.
func fakeRelease(t *testing.T, root, dir, version, checksum string) {
	t.Helper()
	bin := fmt.Sprintf("#!/bin/sh\necho 'mlgate %s (commit fake, go0)'\n", version)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range []struct {
		name string
		body string
		mode int64
	}{{"README.md", "readme\n", 0o644}, {"mlgate", bin, 0o755}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: f.mode, Size: int64(len(f.body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	const asset = "mlgate_linux_amd64.tar.gz"
	sum := sha256.Sum256(buf.Bytes())
	if checksum == "" {
		checksum = hex.EncodeToString(sum[:])
	}
	writeFile(t, filepath.Join(root, dir, asset), buf.String(), 0o644)
	writeFile(t, filepath.Join(root, dir, "checksums.txt"),
		fmt.Sprintf("%s  mlgate_darwin_arm64.tar.gz\n%s  %s\n", strings.Repeat("0", 64), checksum, asset), 0o644)
}

// releases is a file:// stand-in for https://github.com/mlgate/mlgate/releases.
func releases(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	fakeRelease(t, root, "download/v1.2.3", "v1.2.3", "")
	fakeRelease(t, root, "download/v1.10.0", "v1.10.0", "")
	fakeRelease(t, root, "download/v6.6.6", "v6.6.6", strings.Repeat("ab", 32))
	fakeRelease(t, root, "latest/download", "v9.9.9", "")
	return root
}

// tagRepo is a local git repository with release tags, for "v1" refs.
func tagRepo(t *testing.T, tags ...string) string {
	t.Helper()
	dir := t.TempDir()
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("commit", "-q", "--allow-empty", "-m", "x")
	for _, tag := range tags {
		git("tag", tag)
	}
	return dir
}

func TestInstallRelease(t *testing.T) {
	t.Parallel()
	needTools(t, "bash", "curl", "tar", "sha256sum", "git")
	rel := releases(t)
	tags := tagRepo(t, "v1.2.3", "v1.9.1", "v1.10.0", "v1.11.0-rc.1", "v2.0.0", "v10.0.0")
	tests := []struct {
		name    string
		env     []string
		want    string // version the installed binary prints; "" for an error
		wantErr string
	}{
		{name: "pinned", env: []string{"MLGATE_VERSION=v1.2.3"}, want: "v1.2.3"},
		{name: "pinned without v", env: []string{"MLGATE_VERSION= 1.2.3 "}, want: "v1.2.3"},
		{name: "latest", env: []string{"MLGATE_VERSION=latest"}, want: "v9.9.9"},
		{name: "action ref tag", env: []string{"MLGATE_ACTION_REF=v1.2.3"}, want: "v1.2.3"},
		{name: "action path tag", env: []string{"GITHUB_ACTION_PATH=/home/runner/work/_actions/mlgate/mlgate/v1.2.3/actions/gate"}, want: "v1.2.3"},
		{name: "major ref picks newest release of it", env: []string{"MLGATE_ACTION_REF=v1", "MLGATE_GIT_URL=" + tags}, want: "v1.10.0"},
		{name: "branch ref", env: []string{"MLGATE_ACTION_REF=main"}, want: "v9.9.9"},
		{name: "no ref", want: "v9.9.9"},
		{name: "bad checksum", env: []string{"MLGATE_VERSION=v6.6.6"}, wantErr: "checksum mismatch"},
		{name: "missing release", env: []string{"MLGATE_VERSION=v7.0.0"}, wantErr: "downloading"},
		{name: "bad version", env: []string{"MLGATE_VERSION=v1; rm -rf /"}, wantErr: "version must be"},
		{name: "version with trailing junk", env: []string{"MLGATE_VERSION=v1.2.3; rm -rf /"}, wantErr: "version must be"},
		{name: "major version as input", env: []string{"MLGATE_VERSION=v1"}, wantErr: "version must be"},
		{name: "unsupported arch", env: []string{"MLGATE_VERSION=v1.2.3", "RUNNER_ARCH=ARM"}, wantErr: "unsupported architecture"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tmp := t.TempDir()
			dir := filepath.Join(tmp, "bin")
			out, path := filepath.Join(tmp, "output"), filepath.Join(tmp, "path")
			env := append([]string{
				"RUNNER_OS=Linux", "RUNNER_ARCH=X64",
				"MLGATE_DOWNLOAD_URL=file://" + rel,
				"MLGATE_INSTALL_DIR=" + dir,
				"MLGATE_GIT_URL=" + filepath.Join(tmp, "no-such-repo"),
				"GITHUB_OUTPUT=" + out, "GITHUB_PATH=" + path,
			}, tt.env...)
			r := runScript(t, tmp, "install.sh", env...)
			if tt.wantErr != "" {
				if r.code == 0 || !strings.Contains(r.stderr, tt.wantErr) {
					t.Fatalf("exit %d, stderr %q; want a failure saying %q", r.code, r.stderr, tt.wantErr)
				}
				if _, err := os.Stat(filepath.Join(dir, "mlgate")); err == nil {
					t.Error("a binary was installed although the install failed")
				}
				return
			}
			if r.code != 0 {
				t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
			}
			bin := filepath.Join(dir, "mlgate")
			got, err := exec.Command(bin, "version").Output()
			if err != nil {
				t.Fatalf("running the installed binary: %v", err)
			}
			if !strings.HasPrefix(string(got), "mlgate "+tt.want+" ") {
				t.Errorf("installed %q, want version %s", got, tt.want)
			}
			if o := readFile(t, out); !strings.Contains(o, "path="+bin+"\n") {
				t.Errorf("GITHUB_OUTPUT = %q, want path=%s", o, bin)
			}
			if p := readFile(t, path); p != dir+"\n" {
				t.Errorf("GITHUB_PATH = %q, want %q", p, dir+"\n")
			}
		})
	}
}

// A second install of a pinned version (gate, then report in the same job)
// reuses the binary instead of downloading again.
func TestInstallReusesPinnedVersion(t *testing.T) {
	t.Parallel()
	needTools(t, "bash", "curl", "tar", "sha256sum")
	rel := releases(t)
	tmp := t.TempDir()
	env := []string{
		"RUNNER_OS=Linux", "RUNNER_ARCH=X64", "MLGATE_VERSION=v1.2.3",
		"MLGATE_DOWNLOAD_URL=file://" + rel, "MLGATE_INSTALL_DIR=" + filepath.Join(tmp, "bin"),
	}
	if r := runScript(t, tmp, "install.sh", env...); r.code != 0 {
		t.Fatalf("first install: exit %d\n%s", r.code, r.stderr)
	}
	if err := os.RemoveAll(rel); err != nil {
		t.Fatal(err)
	}
	r := runScript(t, tmp, "install.sh", env...)
	if r.code != 0 || !strings.Contains(r.stderr, "already installed") {
		t.Fatalf("second install: exit %d, stderr %q; want a reuse", r.code, r.stderr)
	}
}

// version: source builds the action's own checkout; here a copy of
// install.sh beside a minimal module with the same package path.
func TestInstallSource(t *testing.T) {
	t.Parallel()
	needTools(t, "bash", "go")
	root := t.TempDir()
	script, err := os.ReadFile("install.sh")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "actions", "install.sh"), string(script), 0o755)
	writeFile(t, filepath.Join(root, "go.mod"), "module github.com/mlgate/mlgate\n\ngo 1.22\n", 0o644)
	writeFile(t, filepath.Join(root, "internal", "cli", "cli.go"), `package cli

import "fmt"

var version, commit = "dev", "none"

func Print() { fmt.Printf("mlgate %s (commit %s, go)\n", version, commit) }
`, 0o644)
	writeFile(t, filepath.Join(root, "cmd", "mlgate", "main.go"), `package main

import "github.com/mlgate/mlgate/internal/cli"

func main() { cli.Print() }
`, 0o644)
	dir := filepath.Join(t.TempDir(), "bin")
	r := runScript(t, root, filepath.Join(root, "actions", "install.sh"),
		"MLGATE_VERSION=source", "MLGATE_INSTALL_DIR="+dir, "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	if r.code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	got, err := exec.Command(filepath.Join(dir, "mlgate")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(got), "mlgate source (commit ") {
		t.Errorf("source build prints %q, want the version stamped as source", got)
	}
}

// fakeMlgate writes a stand-in binary for mlgate. Every call appends its
// arguments (each ended by NUL, the call by \x1e) to $FAKE_ARGS, writes
// $FAKE_RESULT to $FAKE_RESULT_PATH when that is set (as a gate writes its
// result), appends $FAKE_OUTPUT to $GITHUB_OUTPUT (as mlgate writes step
// outputs), and exits with $FAKE_EXIT: one code for every call, or a
// comma-separated code per call ("0,1": the first call passes, the second
// fails).
func fakeMlgate(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "fake-mlgate")
	writeFile(t, bin, `#!/bin/sh
{ printf '%s\0' "$@"; printf '\036'; } >> "$FAKE_ARGS"
if [ -n "${FAKE_RESULT_PATH:-}" ]; then
	mkdir -p "$(dirname "$FAKE_RESULT_PATH")"
	printf '%s' "$FAKE_RESULT" > "$FAKE_RESULT_PATH"
fi
if [ -n "${FAKE_OUTPUT:-}" ] && [ -n "${GITHUB_OUTPUT:-}" ]; then
	printf '%s\n' "$FAKE_OUTPUT" >> "$GITHUB_OUTPUT"
fi
n=$(tr -cd '\036' < "$FAKE_ARGS" | wc -c)
code=$(printf '%s' "${FAKE_EXIT:-0}" | cut -d, -f"$n")
exit "${code:-${FAKE_EXIT##*,}}"
`, 0o755)
	return bin
}

// fakeCalls are the argument lists of every call of the fake mlgate.
func fakeCalls(t *testing.T, path string) [][]string {
	t.Helper()
	var calls [][]string
	for _, c := range strings.Split(readFile(t, path), "\x1e") {
		if c == "" {
			continue
		}
		calls = append(calls, strings.Split(strings.TrimSuffix(c, "\x00"), "\x00"))
	}
	return calls
}

// fakeArgs are the arguments of the one call of the fake mlgate; nil when
// it was not called.
func fakeArgs(t *testing.T, path string) []string {
	t.Helper()
	calls := fakeCalls(t, path)
	switch len(calls) {
	case 0:
		return nil
	case 1:
		return calls[0]
	}
	t.Errorf("mlgate ran %d times, want once: %q", len(calls), calls)
	return calls[len(calls)-1]
}

func outputs(t *testing.T, path string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, line := range strings.Split(readFile(t, path), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			m[k] = v
		}
	}
	return m
}

func TestGateScript(t *testing.T) {
	t.Parallel()
	needTools(t, "bash")
	// A result whose title quotes a passing status: only the top-level
	// status may count.
	const forged = `{"version":1,"id":"gate","gate":"gate","title":"x\"status\": \"pass\"","status":"fail","metrics":[{"name":"a","status":"pass"}]}`
	tests := []struct {
		name       string
		rules      string
		extra      []string
		exit       string
		result     string // what mlgate writes to .mlgate/results/gate.json, if anything
		stale      string // a result left there by an earlier run
		wantCode   int
		wantStatus string
		wantArgs   []string // nil: mlgate must not run
	}{
		{
			name:  "rules one per line, kept whole",
			rules: "  accuracy >= 0.90\r\n\n# a comment\nlatency_ms <= 50 ; $(touch pwned) `id` \"q\"\n",
			exit:  "0", wantCode: 0, wantStatus: "pass",
			wantArgs: []string{"--results-dir", ".mlgate/results", "gate", "--id", "gate", "--candidate", "m.json",
				"--rule", "accuracy >= 0.90", "--rule", "latency_ms <= 50 ; $(touch pwned) `id` \"q\""},
		},
		{
			name:  "baseline, title, id, results dir",
			rules: "f1: max_drop=0.01",
			extra: []string{"MLGATE_IN_BASELINE=main.json", "MLGATE_IN_TITLE=Model -- quality", "MLGATE_IN_ID=model", "MLGATE_IN_RESULTS_DIR=out"},
			exit:  "0", wantCode: 0, wantStatus: "pass",
			wantArgs: []string{"--results-dir", "out", "gate", "--id", "model", "--candidate", "m.json",
				"--baseline", "main.json", "--title", "Model -- quality", "--rule", "f1: max_drop=0.01"},
		},
		{
			name: "status from the result file", rules: "a >= 1", exit: "1", result: forged,
			wantCode: 1, wantStatus: "fail",
			wantArgs: []string{"--results-dir", ".mlgate/results", "gate", "--id", "gate", "--candidate", "m.json", "--rule", "a >= 1"},
		},
		{
			name: "warn is read from the result", rules: "a >= 1", exit: "0", result: `{"id":"gate","status":"warn"}`,
			wantCode: 0, wantStatus: "warn",
			wantArgs: []string{"--results-dir", ".mlgate/results", "gate", "--id", "gate", "--candidate", "m.json", "--rule", "a >= 1"},
		},
		{
			name: "no result file: from the exit code", rules: "a >= 1", exit: "2",
			wantCode: 2, wantStatus: "error",
			wantArgs: []string{"--results-dir", ".mlgate/results", "gate", "--id", "gate", "--candidate", "m.json", "--rule", "a >= 1"},
		},
		{
			name: "exit zero for the root action", rules: "a >= 1", exit: "1", extra: []string{"MLGATE_IN_EXIT_ZERO=true"},
			wantCode: 0, wantStatus: "fail",
			wantArgs: []string{"--results-dir", ".mlgate/results", "gate", "--id", "gate", "--candidate", "m.json", "--rule", "a >= 1"},
		},
		{
			name: "a stale result is not read", rules: "a >= 1", exit: "2", stale: `{"id":"gate","status":"pass"}`,
			wantCode: 2, wantStatus: "error",
			wantArgs: []string{"--results-dir", ".mlgate/results", "gate", "--id", "gate", "--candidate", "m.json", "--rule", "a >= 1"},
		},
		{name: "no rules", rules: "\n  \n# only a comment\n", wantCode: 2, wantStatus: "error"},
		{name: "bad id", rules: "a >= 1", extra: []string{"MLGATE_IN_ID=../../x"}, wantCode: 2, wantStatus: "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			resultPath := filepath.Join(dir, ".mlgate", "results", "gate.json")
			if tt.stale != "" {
				writeFile(t, resultPath, tt.stale, 0o644)
			}
			env := append([]string{
				"MLGATE_BIN=" + fakeMlgate(t, dir), "FAKE_ARGS=" + filepath.Join(dir, "args"), "FAKE_EXIT=" + tt.exit,
				"GITHUB_OUTPUT=" + filepath.Join(dir, "output"),
				"MLGATE_IN_CANDIDATE=m.json", "MLGATE_IN_RULES=" + tt.rules,
			}, tt.extra...)
			if tt.result != "" {
				env = append(env, "FAKE_RESULT_PATH="+resultPath, "FAKE_RESULT="+tt.result)
			}
			r := runScript(t, dir, filepath.Join("gate", "gate.sh"), env...)
			if r.code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s", r.code, tt.wantCode, r.stdout)
			}
			if got := fakeArgs(t, filepath.Join(dir, "args")); !slices.Equal(got, tt.wantArgs) {
				t.Errorf("mlgate args\n got %q\nwant %q", got, tt.wantArgs)
			}
			out := outputs(t, filepath.Join(dir, "output"))
			if got := out["status"]; tt.wantStatus != "" && got != tt.wantStatus {
				t.Errorf("status output %q, want %q", got, tt.wantStatus)
			}
			wantFile := ""
			if tt.result != "" {
				wantFile = ".mlgate/results/gate.json"
			}
			if got := out["result-file"]; tt.wantStatus != "" && got != wantFile {
				t.Errorf("result-file output %q, want %q", got, wantFile)
			}
			if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
				t.Error("a rule was run as shell code")
			}
		})
	}
}

func TestReportScript(t *testing.T) {
	t.Parallel()
	needTools(t, "bash")
	const token = "ghs_secretsecretsecret"
	tests := []struct {
		name     string
		env      []string
		exit     string
		wantCode int
		wantArgs []string
	}{
		{
			name: "defaults", exit: "0", wantCode: 0,
			wantArgs: []string{"--results-dir", ".mlgate/results", "report"},
		},
		{
			name: "every flag",
			env: []string{"MLGATE_IN_RESULTS_DIR=r", "MLGATE_IN_KEY=k", "MLGATE_IN_COMMENT=always", "MLGATE_IN_PR=42",
				"MLGATE_IN_MARKDOWN=r.md", "MLGATE_IN_JUNIT=j.xml", "MLGATE_IN_JSON=r.json", "MLGATE_IN_METRICS=m.txt",
				"MLGATE_IN_TITLE=Model $(id)"},
			exit: "0", wantCode: 0,
			wantArgs: []string{"--results-dir", "r", "report", "--key", "k", "--comment", "always", "--pr", "42",
				"--markdown", "r.md", "--junit", "j.xml", "--json", "r.json", "--metrics", "m.txt", "--title", "Model $(id)"},
		},
		{
			name: "manual tests, one per line",
			env:  []string{"MLGATE_IN_MANUAL=\n  infra-7=https://wiki.example.com/rollback  \n# a comment\n\nmodel-1=docs/review.md $(id)\n"},
			exit: "0", wantCode: 0,
			wantArgs: []string{"--results-dir", ".mlgate/results", "report",
				"--manual", "infra-7=https://wiki.example.com/rollback", "--manual", "model-1=docs/review.md $(id)"},
		},
		{name: "failed gate fails the step", exit: "1", wantCode: 1, wantArgs: []string{"--results-dir", ".mlgate/results", "report"}},
		{name: "fail-on-gates false", env: []string{"MLGATE_IN_FAIL_ON_GATES=false"}, exit: "1", wantCode: 0,
			wantArgs: []string{"--results-dir", ".mlgate/results", "report"}},
		{name: "error with fail-on-gates false", env: []string{"MLGATE_IN_FAIL_ON_GATES=false"}, exit: "2", wantCode: 0,
			wantArgs: []string{"--results-dir", ".mlgate/results", "report"}},
		{name: "earlier gate error", env: []string{"MLGATE_IN_GATE_EXIT=2"}, exit: "0", wantCode: 2,
			wantArgs: []string{"--results-dir", ".mlgate/results", "report"}},
		{name: "inputs are trimmed", env: []string{"MLGATE_IN_PR= 42 ", "MLGATE_IN_KEY=k \n", "MLGATE_IN_RESULTS_DIR= r "}, exit: "0", wantCode: 0,
			wantArgs: []string{"--results-dir", "r", "report", "--key", "k", "--pr", "42"}},
		{name: "blank fail-on-gates is true", env: []string{"MLGATE_IN_FAIL_ON_GATES= "}, exit: "1", wantCode: 1,
			wantArgs: []string{"--results-dir", ".mlgate/results", "report"}},
		{name: "pr must be a number", env: []string{"MLGATE_IN_PR=1; rm -rf ~"}, exit: "0", wantCode: 2},
		{name: "fail-on-gates must be boolean", env: []string{"MLGATE_IN_FAIL_ON_GATES=yes"}, exit: "0", wantCode: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			env := append([]string{
				"MLGATE_BIN=" + fakeMlgate(t, dir), "FAKE_ARGS=" + filepath.Join(dir, "args"), "FAKE_EXIT=" + tt.exit,
				"GITHUB_TOKEN=" + token,
			}, tt.env...)
			r := runScript(t, dir, filepath.Join("report", "report.sh"), env...)
			if r.code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s", r.code, tt.wantCode, r.stdout)
			}
			got := fakeArgs(t, filepath.Join(dir, "args"))
			if !slices.Equal(got, tt.wantArgs) {
				t.Errorf("mlgate args\n got %q\nwant %q", got, tt.wantArgs)
			}
			if strings.Contains(strings.Join(got, " ")+r.stdout+r.stderr, token) {
				t.Error("the token was passed on the command line or printed")
			}
		})
	}
}
