package repro

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// envOf returns a getenv over a map.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// pinnedEnv sets every variable LikelyCauses checks.
var pinnedEnv = map[string]string{
	"PYTHONHASHSEED": "0", "CUBLAS_WORKSPACE_CONFIG": ":4096:8",
	"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
}

func causeNames(cs []Cause) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return strings.Join(names, "|")
}

// twoRuns writes an artifact with different contents into run1 and run2
// and returns the run dirs and its Diff as CompareFiles gives it.
func twoRuns(t *testing.T, name, c1, c2 string) ([]string, Diff) {
	t.Helper()
	root := t.TempDir()
	dirs := []string{filepath.Join(root, "run1"), filepath.Join(root, "run2")}
	a := writeFile(t, dirs[0], name, c1)
	b := writeFile(t, dirs[1], name, c2)
	d, err := CompareFiles(a, b, Tolerance{})
	if err != nil {
		t.Fatal(err)
	}
	return dirs, d
}

func TestLikelyCausesNoneWhenSame(t *testing.T) {
	t.Parallel()
	dirs, d := twoRuns(t, "m.json", `{"t": "2024-05-01T12:00:00Z"}`, `{"t": "2024-05-01T12:00:00Z"}`)
	if got := LikelyCauses(envOf(nil), []Diff{d}, dirs); got != nil {
		t.Fatalf("got %v for identical runs", got)
	}
}

func TestLikelyCausesEnvironment(t *testing.T) {
	t.Parallel()
	dirs, d := twoRuns(t, "model.pkl", "weights 1", "weights 2")
	for _, tc := range []struct {
		env   map[string]string
		names string
		want  string
	}{
		{pinnedEnv, "", ""},
		{map[string]string{}, CausePythonHashSeed + "|" + CauseCUBLAS + "|" + CauseThreads, "OMP_NUM_THREADS, MKL_NUM_THREADS, OPENBLAS_NUM_THREADS not set"},
		{map[string]string{"PYTHONHASHSEED": "random", "CUBLAS_WORKSPACE_CONFIG": ":16:8", "OMP_NUM_THREADS": "4"},
			CausePythonHashSeed + "|" + CauseThreads, "MKL_NUM_THREADS, OPENBLAS_NUM_THREADS not set"},
	} {
		got := LikelyCauses(envOf(tc.env), []Diff{d}, dirs)
		if causeNames(got) != tc.names {
			t.Errorf("env %v: causes %q, want %q", tc.env, causeNames(got), tc.names)
		}
		if tc.want != "" && !strings.Contains(got[len(got)-1].Evidence, tc.want) {
			t.Errorf("env %v: evidence %q does not contain %q", tc.env, got[len(got)-1].Evidence, tc.want)
		}
	}
}

func TestLikelyCausesISOTimestamp(t *testing.T) {
	t.Parallel()
	dirs, d := twoRuns(t, "metrics.json",
		`{"acc": 0.9, "finished": "2024-05-01T12:00:03.123Z"}`,
		`{"acc": 0.9, "finished": "2024-05-01T12:00:09.456Z"}`)
	got := LikelyCauses(envOf(pinnedEnv), []Diff{d}, dirs)
	if causeNames(got) != CauseTimestamp {
		t.Fatalf("causes %q, want only the timestamp", causeNames(got))
	}
	want := "metrics.json holds timestamp 2024-05-01T12:00:03.123Z in run 1 and 2024-05-01T12:00:09.456Z in run 2"
	if !strings.Contains(got[0].Evidence, want) {
		t.Errorf("evidence %q does not contain %q", got[0].Evidence, want)
	}
}

func TestLikelyCausesEpochTimestamp(t *testing.T) {
	t.Parallel()
	now := time.Now().Unix() // the artifacts are written now, so their mtime is near
	dirs, d := twoRuns(t, "log.txt",
		fmt.Sprintf("done at %d.25 loss 0.1\n", now),
		fmt.Sprintf("done at %d.75 loss 0.1\n", now+3))
	got := LikelyCauses(envOf(pinnedEnv), []Diff{d}, dirs)
	if causeNames(got) != CauseTimestamp || !strings.Contains(got[0].Evidence, fmt.Sprint(now)) {
		t.Fatalf("causes %+v, want the epoch timestamp", got)
	}
	// Milliseconds count too.
	dirs, d = twoRuns(t, "log.txt", fmt.Sprintf("t=%d\n", now*1000), fmt.Sprintf("t=%d\n", now*1000+7))
	if got := LikelyCauses(envOf(pinnedEnv), []Diff{d}, dirs); causeNames(got) != CauseTimestamp {
		t.Fatalf("ms epoch: causes %+v", got)
	}
	// Ten-digit numbers far from the file's time (2001) are not timestamps.
	dirs, d = twoRuns(t, "ids.txt", "id 1000000001\n", "id 1000000002\n")
	if got := LikelyCauses(envOf(pinnedEnv), []Diff{d}, dirs); got != nil {
		t.Fatalf("old epoch-like ids: causes %+v, want none", got)
	}
}

func TestLikelyCausesRunDirPath(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dirs := []string{filepath.Join(root, "run1"), filepath.Join(root, "run2")}
	a := writeFile(t, dirs[0], "cfg.json", fmt.Sprintf(`{"out": %q}`, filepath.Join(dirs[0], "ckpt")))
	b := writeFile(t, dirs[1], "cfg.json", fmt.Sprintf(`{"out": %q}`, filepath.Join(dirs[1], "ckpt")))
	d, err := CompareFiles(a, b, Tolerance{})
	if err != nil {
		t.Fatal(err)
	}
	got := LikelyCauses(envOf(pinnedEnv), []Diff{d}, dirs)
	if causeNames(got) != CauseRunDirPath || !strings.Contains(got[0].Evidence, "cfg.json from run 1 contains its run directory "+dirs[0]) {
		t.Fatalf("causes %+v, want the run directory path", got)
	}
	// A diff whose Path was made relative finds the same evidence.
	d.Path = "cfg.json"
	if got := LikelyCauses(envOf(pinnedEnv), []Diff{d}, dirs); causeNames(got) != CauseRunDirPath {
		t.Fatalf("relative path: causes %+v", got)
	}
}

func TestLikelyCausesIgnoresMissingAndCapsEvidence(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dirs := []string{filepath.Join(root, "run1"), filepath.Join(root, "run2")}
	var diffs []Diff
	for i := range 5 {
		name := fmt.Sprintf("m%d.json", i)
		a := writeFile(t, dirs[0], name, `{"t": "2024-05-01 12:00:01"}`)
		b := writeFile(t, dirs[1], name, `{"t": "2024-05-01 12:00:02"}`)
		d, err := CompareFiles(a, b, Tolerance{})
		if err != nil {
			t.Fatal(err)
		}
		diffs = append(diffs, d)
	}
	diffs = append(diffs, Diff{Path: filepath.Join(dirs[0], "gone.bin"), Kind: KindMissing})
	got := LikelyCauses(envOf(pinnedEnv), diffs, dirs)
	if causeNames(got) != CauseTimestamp || !strings.Contains(got[0].Evidence, "and 2 more artifacts") {
		t.Fatalf("causes %+v, want one timestamp cause counting 2 more artifacts", got)
	}
}
