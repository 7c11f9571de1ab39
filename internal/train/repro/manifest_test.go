package repro

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var fixedNow = func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, time.FixedZone("CEST", 2*3600)) }

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// git runs git in dir with a fixed identity and no user configuration.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

func TestBuildManifestGitRepo(t *testing.T) {
	t.Parallel()
	needGit(t)
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	writeFile(t, dir, "train.py", "print('hi')\n")
	writeFile(t, dir, "requirements.txt", "numpy==1.24.2\n")
	writeFile(t, dir, "data/train.csv", "x,y\n1,2\n")
	writeFile(t, dir, "data/parts/b.csv", "b\n")
	writeFile(t, dir, "labels.csv", "label\n1\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "init")
	head := git(t, dir, "rev-parse", "HEAD")

	env := map[string]string{"PATH": os.Getenv("PATH"), "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "HOME": "/nonexistent", "GITHUB_TOKEN": "secret"}
	m, err := BuildManifest(context.Background(), dir, []string{"data", "labels.csv", "data/train.csv"}, envOf(env), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if m.Version != ManifestVersion || !m.CreatedAt.Equal(fixedNow()) || m.CreatedAt.Location() != time.UTC {
		t.Errorf("version %d created %v", m.Version, m.CreatedAt)
	}
	if m.Git == nil || *m.Git != (GitInfo{Commit: head, Dirty: false, Branch: "main"}) {
		t.Errorf("git = %+v, want clean main at %s", m.Git, head)
	}
	wantInputs := []FileHash{
		{"data/parts/b.csv", sha("b\n"), 2},
		{"data/train.csv", sha("x,y\n1,2\n"), 8},
		{"labels.csv", sha("label\n1\n"), 8},
	}
	if !reflect.DeepEqual(m.Inputs, wantInputs) {
		t.Errorf("inputs = %+v\nwant %+v", m.Inputs, wantInputs)
	}
	if want := []FileHash{{"requirements.txt", sha("numpy==1.24.2\n"), 14}}; !reflect.DeepEqual(m.LockFiles, want) {
		t.Errorf("lock files = %+v, want %+v", m.LockFiles, want)
	}
	if want := map[string]string{"PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1"}; !reflect.DeepEqual(m.Env, want) {
		t.Errorf("env = %v, want %v (only reproducibility variables)", m.Env, want)
	}

	// A modified tracked file makes the tree dirty.
	writeFile(t, dir, "train.py", "print('changed')\n")
	m2, err := BuildManifest(context.Background(), dir, []string{"data"}, envOf(env), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if m2.Git == nil || !m2.Git.Dirty || m2.Git.Commit != head {
		t.Errorf("after a change: git = %+v, want dirty at %s", m2.Git, head)
	}
}

func TestBuildManifestPython(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	out, err := exec.Command("python3", "--version").Output()
	if err != nil {
		t.Skipf("python3 --version: %v", err)
	}
	want := strings.TrimPrefix(strings.TrimSpace(string(out)), "Python ")
	m, err := BuildManifest(context.Background(), t.TempDir(), nil, envOf(map[string]string{"PATH": os.Getenv("PATH")}), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Interpreters) == 0 || m.Interpreters[0] != (Tool{"python3", want}) {
		t.Fatalf("interpreters = %+v, want python3 %s first", m.Interpreters, want)
	}
	if npv, err := exec.Command("python3", "-c", "import numpy; print(numpy.__version__)").Output(); err == nil {
		v := strings.TrimSpace(string(npv))
		found := false
		for _, tool := range m.Interpreters {
			found = found || tool == Tool{"numpy", v}
		}
		if !found {
			t.Errorf("interpreters = %+v, want numpy %s", m.Interpreters, v)
		}
	}
}

func TestBuildManifestNoToolsNoRepo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, dir, "go.sum", "x\n")
	// No PATH: neither git nor python3 can be found, and that is not an error.
	m, err := BuildManifest(context.Background(), dir, nil, envOf(nil), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if m.Git != nil || len(m.Interpreters) != 0 || len(m.Inputs) != 0 || len(m.LockFiles) != 1 || len(m.Env) != 0 {
		t.Errorf("got %+v", m)
	}
	// With git available, a directory outside any work tree has no git state.
	if _, err := exec.LookPath("git"); err == nil {
		m, err = BuildManifest(context.Background(), dir, nil, envOf(map[string]string{"PATH": os.Getenv("PATH"), "GIT_CEILING_DIRECTORIES": filepath.Dir(dir)}), fixedNow)
		if err != nil {
			t.Fatal(err)
		}
		if m.Git != nil {
			t.Errorf("git = %+v outside a repository", m.Git)
		}
	}
}

func TestBuildManifestMissingInput(t *testing.T) {
	t.Parallel()
	_, err := BuildManifest(context.Background(), t.TempDir(), []string{"data/train.csv"}, envOf(nil), fixedNow)
	if err == nil || !strings.Contains(err.Error(), "input data/train.csv") {
		t.Fatalf("err = %v, want one naming the input", err)
	}
}

func TestManifestRoundTrip(t *testing.T) {
	t.Parallel()
	m := &Manifest{Version: 1, CreatedAt: fixedNow().UTC(), Git: &GitInfo{Commit: "abc", Dirty: true},
		Inputs: []FileHash{{"a", sha("a"), 1}}, LockFiles: []FileHash{}, Interpreters: []Tool{{"python3", "3.11.2"}},
		Env: map[string]string{"PYTHONHASHSEED": "0"}}
	var buf bytes.Buffer
	if err := WriteManifest(&buf, m); err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, t.TempDir(), "m.json", buf.String())
	got, err := ReadManifest(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Fatalf("round trip: got %+v, want %+v", got, m)
	}
	if d := DiffManifests(m, got); d != nil {
		t.Errorf("equal manifests differ: %q", d)
	}
}

func TestReadManifestErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		content, want string
	}{
		{"{\n  \"version\": 1,\n  \"git\": x\n}", "line 3, column 10"},
		{"{\n  \"version\": \"1\"\n}", "line 2, column"},
		{`{"version": 2}`, "version 2 is not supported"},
		{`{"version": 1, "extra": true}`, `unknown field "extra"`},
	} {
		p := writeFile(t, dir, "m.json", tc.content)
		_, err := ReadManifest(p)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%q: err = %v, want %q and the path", tc.content, err, tc.want)
		}
	}
}

func TestDiffManifests(t *testing.T) {
	t.Parallel()
	a := &Manifest{
		Git:          &GitInfo{Commit: "1111111", Branch: "main"},
		Inputs:       []FileHash{{"data/train.csv", strings.Repeat("a", 64), 100}, {"data/old.csv", strings.Repeat("c", 64), 5}, {"same.csv", "s", 1}},
		LockFiles:    []FileHash{{"requirements.txt", strings.Repeat("1", 64), 10}},
		Interpreters: []Tool{{"python3", "3.11.2"}, {"numpy", "1.24.2"}, {"torch", "2.1.0"}},
		Env:          map[string]string{"PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1"},
	}
	b := &Manifest{
		Git:          &GitInfo{Commit: "2222222", Dirty: true, Branch: "main"},
		Inputs:       []FileHash{{"data/train.csv", strings.Repeat("b", 64), 120}, {"data/new.csv", strings.Repeat("d", 64), 7}, {"same.csv", "s", 1}},
		LockFiles:    []FileHash{{"requirements.txt", strings.Repeat("2", 64), 11}, {"uv.lock", strings.Repeat("3", 64), 12}},
		Interpreters: []Tool{{"python3", "3.12.1"}, {"numpy", "1.24.2"}, {"scikit-learn", "1.4.0"}},
		Env:          map[string]string{"PYTHONHASHSEED": "1", "CUDA_VISIBLE_DEVICES": "0"},
	}
	want := []string{
		"git commit: 1111111 → 2222222",
		"git working tree: clean → dirty (uncommitted changes)",
		"input data/new.csv: added (sha256 dddddddddddd, 7 bytes)",
		"input data/old.csv: removed",
		"input data/train.csv: content changed (sha256 aaaaaaaaaaaa → bbbbbbbbbbbb, 100 → 120 bytes)",
		"lock file requirements.txt: content changed (sha256 111111111111 → 222222222222, 10 → 11 bytes)",
		"lock file uv.lock: added (sha256 333333333333, 12 bytes)",
		"python3: 3.11.2 → 3.12.1",
		"scikit-learn: not found → 1.4.0",
		"torch: 2.1.0 → not found",
		`env CUDA_VISIBLE_DEVICES: unset → "0"`,
		`env OMP_NUM_THREADS: "1" → unset`,
		`env PYTHONHASHSEED: "0" → "1"`,
	}
	if got := DiffManifests(a, b); !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := DiffManifests(nil, &Manifest{Git: &GitInfo{Commit: "abc"}}); !reflect.DeepEqual(got, []string{"git: not recorded in the first manifest, commit abc in the second"}) {
		t.Errorf("nil manifest: got %q", got)
	}
	if got := DiffManifests(nil, nil); got != nil {
		t.Errorf("two nil manifests: got %q", got)
	}
}
