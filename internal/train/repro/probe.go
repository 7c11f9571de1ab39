package repro

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Timeouts of the commands a manifest runs.
const (
	gitTimeout    = 10 * time.Second
	pythonTimeout = 30 * time.Second
)

// lookPath finds an executable in the PATH given by getenv.
func lookPath(name string, getenv func(string) string) string {
	for _, d := range filepath.SplitList(getenv("PATH")) {
		if d == "" {
			continue
		}
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// output runs a command in dir with a timeout and returns its stdout.
func output(ctx context.Context, timeout time.Duration, dir, exe string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Dir = dir
	cmd.WaitDelay = time.Second // do not hang on pipes held by grandchildren
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	return out.Bytes(), err
}

// probeGit returns the git state of dir, or nil outside a work tree.
func probeGit(ctx context.Context, dir string, getenv func(string) string) *GitInfo {
	git := lookPath("git", getenv)
	if git == "" {
		return nil
	}
	if out, err := output(ctx, gitTimeout, dir, git, "rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(string(out)) != "true" {
		return nil
	}
	g := &GitInfo{}
	if out, err := output(ctx, gitTimeout, dir, git, "rev-parse", "--verify", "--quiet", "HEAD"); err == nil {
		g.Commit = strings.TrimSpace(string(out))
	}
	if out, err := output(ctx, gitTimeout, dir, git, "symbolic-ref", "--quiet", "--short", "HEAD"); err == nil {
		g.Branch = strings.TrimSpace(string(out))
	}
	if out, err := output(ctx, gitTimeout, dir, git, "status", "--porcelain"); err == nil {
		g.Dirty = len(bytes.TrimSpace(out)) > 0
	} else {
		g.Dirty = true // unknown state is not claimed clean
	}
	return g
}

// pythonLibraries are the distributions whose versions a manifest records,
// with their import names.
var pythonLibraries = [][2]string{
	{"numpy", "numpy"}, {"scipy", "scipy"}, {"scikit-learn", "sklearn"}, {"pandas", "pandas"},
	{"torch", "torch"}, {"tensorflow", "tensorflow"}, {"jax", "jax"},
	{"xgboost", "xgboost"}, {"lightgbm", "lightgbm"},
}

// pythonProbe prints the interpreter and library versions as JSON. It
// reads package metadata first so heavy libraries are not imported.
const pythonProbe = `
import json, platform, sys
libs = json.loads(sys.argv[1])
out = [["python3", platform.python_version()]]
try:
    from importlib import metadata
except ImportError:
    metadata = None
for dist, mod in libs:
    v = None
    if metadata is not None:
        try:
            v = metadata.version(dist)
        except Exception:
            v = None
    if v is None:
        try:
            import importlib
            v = getattr(importlib.import_module(mod), "__version__", None)
        except Exception:
            v = None
    if v:
        out.append([dist, str(v)])
print(json.dumps(out))
`

// probePython returns python3's version and the versions of the libraries
// it can import; nothing when python3 is missing or fails.
func probePython(ctx context.Context, dir string, getenv func(string) string) []Tool {
	py := lookPath("python3", getenv)
	if py == "" {
		return nil
	}
	libs, err := json.Marshal(pythonLibraries)
	if err != nil {
		return nil
	}
	out, err := output(ctx, pythonTimeout, dir, py, "-c", pythonProbe, string(libs))
	if err != nil {
		return nil
	}
	var pairs [][2]string
	lines := bytes.Split(bytes.TrimSpace(out), []byte{'\n'})
	if err := json.Unmarshal(lines[len(lines)-1], &pairs); err != nil { // imports may print before
		return nil
	}
	tools := make([]Tool, 0, len(pairs))
	for _, p := range pairs {
		tools = append(tools, Tool{Name: p[0], Version: p[1]})
	}
	return tools
}
