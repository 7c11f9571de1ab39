package repro

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mlgate/mlgate/internal/fileerr"
)

// ManifestVersion is the version of the manifest format written here.
const ManifestVersion = 1

// Manifest records what a training run depended on, so two environments
// (training and production, yesterday and today) can be compared.
type Manifest struct {
	// Version is the format version, [ManifestVersion].
	Version int `json:"version"`
	// CreatedAt is when the manifest was built (UTC).
	CreatedAt time.Time `json:"created_at"`
	// Git is the state of the repository holding the directory; nil when
	// it is not in a git work tree or git is not installed.
	Git *GitInfo `json:"git,omitempty"`
	// Inputs are the declared inputs, every file hashed, sorted by path.
	Inputs []FileHash `json:"inputs"`
	// LockFiles are the dependency lock files found in the directory.
	LockFiles []FileHash `json:"lock_files"`
	// Interpreters are the interpreter and library versions that could be
	// queried, the interpreter first.
	Interpreters []Tool `json:"interpreters"`
	// Env holds the reproducibility-relevant environment variables that
	// are set: PYTHONHASHSEED, CUBLAS_WORKSPACE_CONFIG, CUDA_VISIBLE_DEVICES,
	// the BLAS/OpenMP/TF thread counts, MKL_CBWR and the TF determinism flags.
	Env map[string]string `json:"env"`
}

// GitInfo is the state of a git work tree.
type GitInfo struct {
	// Commit is the full hash of HEAD; empty in a repository with no commit.
	Commit string `json:"commit"`
	// Dirty reports changes to tracked files or untracked files.
	Dirty bool `json:"dirty"`
	// Branch is the checked-out branch; empty on a detached HEAD.
	Branch string `json:"branch,omitempty"`
}

// FileHash is the content hash of one file.
type FileHash struct {
	// Path is slash-separated, relative to the manifest's directory when
	// the file is inside it, absolute otherwise.
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Tool is the version of an interpreter or library.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// lockFileNames are the dependency lock files a manifest records when they
// are present at the top of its directory.
var lockFileNames = []string{
	"requirements.txt", "poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock",
	"conda-lock.yml", "environment.yml", "go.sum", "package-lock.json", "Cargo.lock",
}

// manifestEnvVars are the environment variables a manifest records when set:
// those that change the numbers a training run produces.
var manifestEnvVars = []string{
	"PYTHONHASHSEED", "CUBLAS_WORKSPACE_CONFIG", "CUDA_VISIBLE_DEVICES",
	"OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
	"VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS", "NUMBA_NUM_THREADS",
	"TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS",
	"MKL_CBWR", "TF_DETERMINISTIC_OPS", "TF_CUDNN_DETERMINISTIC", "CUDA_LAUNCH_BLOCKING",
}

// BuildManifest builds the manifest of dir: hashes of inputs (files or
// directories, relative to dir; every file below a directory is hashed),
// of the lock files in dir, the git state, the Python and library versions
// it can query (with timeouts; a missing tool is left out, never an error)
// and the reproducibility-relevant environment variables read through getenv,
// which also supplies the PATH the tools are looked up in. A missing or
// unreadable input is an error.
func BuildManifest(ctx context.Context, dir string, inputs []string, getenv func(string) string, now func() time.Time) (*Manifest, error) {
	if dir == "" {
		dir = "."
	}
	if now == nil {
		now = time.Now
	}
	m := &Manifest{Version: ManifestVersion, CreatedAt: now().UTC(), Env: map[string]string{},
		Inputs: []FileHash{}, LockFiles: []FileHash{}, Interpreters: []Tool{}}
	for _, in := range inputs {
		hs, err := hashInput(ctx, dir, in)
		if err != nil {
			return nil, err
		}
		m.Inputs = append(m.Inputs, hs...)
	}
	sort.Slice(m.Inputs, func(i, j int) bool { return m.Inputs[i].Path < m.Inputs[j].Path })
	m.Inputs = dedupe(m.Inputs)
	for _, name := range lockFileNames {
		p := filepath.Join(dir, name)
		sum, size, err := hashFileSize(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("lock file: %w", err)
		}
		m.LockFiles = append(m.LockFiles, FileHash{Path: name, SHA256: sum, Size: size})
	}
	sort.Slice(m.LockFiles, func(i, j int) bool { return m.LockFiles[i].Path < m.LockFiles[j].Path })
	for _, v := range manifestEnvVars {
		if val := getenv(v); val != "" {
			m.Env[v] = val
		}
	}
	m.Git = probeGit(ctx, dir, getenv)
	m.Interpreters = append(m.Interpreters, probePython(ctx, dir, getenv)...)
	return m, nil
}

// hashInput hashes one declared input, a file or a directory.
func hashInput(ctx context.Context, dir, in string) ([]FileHash, error) {
	p := in
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("input %s: %w", in, err)
	}
	var files []string
	if st.IsDir() {
		err = filepath.WalkDir(p, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.Type().IsRegular() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", in, err)
		}
	} else {
		files = []string{p}
	}
	out := make([]FileHash, 0, len(files))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("input %s: %w", in, err)
		}
		sum, size, err := hashFileSize(f)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", in, err)
		}
		out = append(out, FileHash{Path: manifestPath(dir, f), SHA256: sum, Size: size})
	}
	return out, nil
}

// manifestPath renders p relative to dir when inside it.
func manifestPath(dir, p string) string {
	absDir, err1 := filepath.Abs(dir)
	absP, err2 := filepath.Abs(p)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absDir, absP); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
		return filepath.ToSlash(absP)
	}
	return filepath.ToSlash(p)
}

// dedupe drops repeated paths from a sorted list (inputs declared twice).
func dedupe(hs []FileHash) []FileHash {
	out := hs[:0]
	for i, h := range hs {
		if i > 0 && h.Path == hs[i-1].Path {
			continue
		}
		out = append(out, h)
	}
	return out
}

// WriteManifest writes m as indented JSON.
func WriteManifest(w io.Writer, m *Manifest) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("writing manifest: %w", err)
	}
	return nil
}

// ReadManifest reads a manifest written by [WriteManifest]; a syntax error
// names the line and column, and a newer format version is refused.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading manifest %s: %w", path, err)
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col := fileerr.Position(data, se.Offset-1) // Offset is just past the bad byte
			return nil, fmt.Errorf("reading manifest %s: line %d, column %d: %w", path, line, col, err)
		case errors.As(err, &te):
			line, col := fileerr.Position(data, te.Offset)
			return nil, fmt.Errorf("reading manifest %s: line %d, column %d: %w", path, line, col, err)
		}
		return nil, fmt.Errorf("reading manifest %s: %w", path, err)
	}
	if m.Version < 1 || m.Version > ManifestVersion {
		return nil, fmt.Errorf("reading manifest %s: version %d is not supported (this mlgate reads 1 to %d)", path, m.Version, ManifestVersion)
	}
	return &m, nil
}
