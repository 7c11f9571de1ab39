package repro

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Names of the likely causes reported by [LikelyCauses].
const (
	CauseTimestamp      = "timestamp in artifact"
	CauseRunDirPath     = "run directory path in artifact"
	CausePythonHashSeed = "PYTHONHASHSEED unset"
	CauseCUBLAS         = "CUBLAS_WORKSPACE_CONFIG unset"
	CauseThreads        = "thread count unset"
)

// Cause is a likely cause of a difference between runs, with the evidence
// that points at it.
type Cause struct {
	Name, Evidence string
}

// maxScanBytes bounds how much of each artifact is scanned for timestamps
// and paths.
const maxScanBytes = 16 << 20

// timestampWindow is how far from an artifact's modification time an epoch
// number may be to count as a timestamp.
const timestampWindow = 30 * 24 * time.Hour

var (
	isoTimestamp   = regexp.MustCompile(`\d{4}-[01]\d-[0-3]\d[T ][0-2]\d:[0-5]\d:[0-6]\d(?:\.\d+)?(?:Z|[+-][0-2]\d:?[0-5]\d)?`)
	epochTimestamp = regexp.MustCompile(`(?:^|[^0-9.])(1\d{9}(?:\.\d+)?|1\d{12})(?:[^0-9]|$)`)
)

// threadVars are the thread-count variables whose absence lets BLAS and
// OpenMP pick a thread count, and with it a summation order.
var threadVars = []string{"OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"}

// LikelyCauses names what can explain differences between runs: timestamps
// and run-directory paths embedded in the differing artifacts (found by
// reading each artifact in every run directory), and environment variables
// left unset (PYTHONHASHSEED, CUBLAS_WORKSPACE_CONFIG, BLAS and OpenMP
// thread counts). It returns nil when every diff is the same. A diff's Path
// may be a file inside one of runDirs or a path relative to them; runDirs
// are in run order. Artifact evidence comes first, then the environment.
func LikelyCauses(env func(string) string, diffs []Diff, runDirs []string) []Cause {
	var differing []Diff
	for _, d := range diffs {
		if !d.Same {
			differing = append(differing, d)
		}
	}
	if len(differing) == 0 {
		return nil
	}
	var stamps, paths []string
	for _, d := range differing {
		if d.Kind == KindMissing {
			continue
		}
		rel := relToRuns(d.Path, runDirs)
		files := make([]scanned, len(runDirs))
		for i, dir := range runDirs {
			files[i] = scan(filepath.Join(dir, rel))
		}
		for i, f := range files {
			if f.data == nil {
				continue
			}
			if p := embeddedDir(f.data, runDirs[i]); p != "" {
				paths = append(paths, fmt.Sprintf("%s from run %d contains its run directory %s", rel, i+1, p))
				break
			}
		}
		if ev := differingStamps(rel, files); ev != "" {
			stamps = append(stamps, ev)
		}
	}
	var out []Cause
	if len(stamps) > 0 {
		out = append(out, Cause{CauseTimestamp, joinEvidence(stamps) + "; write times outside the artifact or fix them for the run"})
	}
	if len(paths) > 0 {
		out = append(out, Cause{CauseRunDirPath, joinEvidence(paths) + "; store paths relative to the run directory"})
	}
	if v := env("PYTHONHASHSEED"); v == "" || v == "random" {
		out = append(out, Cause{CausePythonHashSeed,
			"PYTHONHASHSEED is not set to a number, so Python randomises str and bytes hashes per process: set iteration order and hash-based splits change between runs; set PYTHONHASHSEED=0"})
	}
	if env("CUBLAS_WORKSPACE_CONFIG") == "" {
		out = append(out, Cause{CauseCUBLAS,
			"CUBLAS_WORKSPACE_CONFIG is not set, so cuBLAS (CUDA 10.2 and later) may choose nondeterministic algorithms on a GPU; set CUBLAS_WORKSPACE_CONFIG=:4096:8"})
	}
	var unset []string
	for _, v := range threadVars {
		if env(v) == "" {
			unset = append(unset, v)
		}
	}
	if len(unset) > 0 {
		out = append(out, Cause{CauseThreads, strings.Join(unset, ", ") +
			" not set, so BLAS and OpenMP use as many threads as the machine has and floating-point sums may be reduced in a different order; set them (for example to 1)"})
	}
	return out
}

// joinEvidence joins up to three pieces of evidence and counts the rest.
func joinEvidence(ev []string) string {
	const shown = 3
	if len(ev) <= shown {
		return strings.Join(ev, "; ")
	}
	return fmt.Sprintf("%s; and %d more artifacts", strings.Join(ev[:shown], "; "), len(ev)-shown)
}

// relToRuns returns path relative to the run directory holding it, or path
// itself when no run directory holds it.
func relToRuns(path string, runDirs []string) string {
	for _, dir := range runDirs {
		rel, err := filepath.Rel(dir, path)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel
		}
	}
	return path
}

// scanned is the head of an artifact and its modification time.
type scanned struct {
	data  []byte
	mtime time.Time
}

// scan reads at most maxScanBytes of a file; an unreadable file gives a
// zero scanned (there is no evidence to find in it).
func scan(path string) scanned {
	f, err := os.Open(path)
	if err != nil {
		return scanned{}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return scanned{}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxScanBytes))
	if err != nil {
		return scanned{}
	}
	return scanned{data: data, mtime: st.ModTime()}
}

// embeddedDir returns the form of dir found in data ("" if none): as
// given, absolute, or with forward slashes.
func embeddedDir(data []byte, dir string) string {
	forms := []string{dir}
	if abs, err := filepath.Abs(dir); err == nil {
		forms = append(forms, abs)
		if resolved, err := filepath.EvalSymlinks(abs); err == nil {
			forms = append(forms, resolved)
		}
	}
	for _, f := range forms {
		for _, s := range []string{f, filepath.ToSlash(f)} {
			if len(s) > 1 && bytes.Contains(data, []byte(s)) { // "/" or "." would match anything
				return s
			}
		}
	}
	return ""
}

// stampsOf returns the timestamps in data: ISO-8601 date-times, and epoch
// seconds or milliseconds within timestampWindow of the file's mtime.
func stampsOf(f scanned) []string {
	var out []string
	for _, m := range isoTimestamp.FindAll(f.data, -1) {
		out = append(out, string(m))
	}
	for _, m := range epochTimestamp.FindAllSubmatch(f.data, -1) {
		s := string(m[1])
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			continue
		}
		if len(s) == 13 && !strings.Contains(s, ".") {
			v /= 1000
		}
		t := time.Unix(0, int64(v*1e9))
		if d := t.Sub(f.mtime); d < timestampWindow && d > -timestampWindow {
			out = append(out, s)
		}
	}
	return out
}

// differingStamps describes timestamps that differ between runs, or "".
func differingStamps(rel string, files []scanned) string {
	if len(files) < 2 {
		return ""
	}
	base := stampsOf(files[0])
	inBase := map[string]bool{}
	for _, s := range base {
		inBase[s] = true
	}
	for i := 1; i < len(files); i++ {
		if files[i].data == nil {
			continue
		}
		other := stampsOf(files[i])
		inOther := map[string]bool{}
		for _, s := range other {
			inOther[s] = true
		}
		a, b := firstNotIn(base, inOther), firstNotIn(other, inBase)
		switch {
		case a != "" && b != "":
			return fmt.Sprintf("%s holds timestamp %s in run 1 and %s in run %d", rel, a, b, i+1)
		case a != "":
			return fmt.Sprintf("%s holds timestamp %s in run 1 only", rel, a)
		case b != "":
			return fmt.Sprintf("%s holds timestamp %s in run %d only", rel, b, i+1)
		}
	}
	return ""
}

func firstNotIn(list []string, set map[string]bool) string {
	for _, s := range list {
		if !set[s] {
			return s
		}
	}
	return ""
}
