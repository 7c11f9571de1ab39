package result

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// MaxFileSize bounds the size of one result file a reader accepts.
const MaxFileSize = 256 << 20

// FileName returns the file name of the result with the given id.
func FileName(id string) string { return id + ".json" }

// Write stores r as <dir>/<id>.json atomically: it writes a temporary file in
// dir and renames it over the target, so a reader never sees half a result.
// It creates dir when needed.
func Write(dir string, r Result) (string, error) {
	if r.Version == 0 {
		r.Version = Version
	}
	if err := r.Validate(); err != nil {
		return "", fmt.Errorf("writing result: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating results dir %s: %w", dir, err)
	}
	var buf bytes.Buffer
	if err := Encode(&buf, r); err != nil {
		return "", fmt.Errorf("encoding result %s: %w", r.ID, err)
	}
	path := filepath.Join(dir, FileName(r.ID))
	tmp, err := os.CreateTemp(dir, "."+r.ID+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("writing result %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return "", fmt.Errorf("writing result %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("writing result %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("writing result %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", fmt.Errorf("writing result %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("writing result %s: %w", path, err)
	}
	return path, nil
}

// Encode writes r as indented JSON.
func Encode(w io.Writer, r Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// Decode reads one result and checks it with [Result.Validate].
func Decode(r io.Reader) (Result, error) {
	var res Result
	dec := json.NewDecoder(io.LimitReader(r, MaxFileSize+1))
	if err := dec.Decode(&res); err != nil {
		return Result{}, jsonError(err)
	}
	if err := res.Validate(); err != nil {
		return Result{}, err
	}
	return res, nil
}

func jsonError(err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("invalid JSON at byte %d: %w", syn.Offset, err)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Errorf("field %q at byte %d: want %s, got JSON %s", typ.Field, typ.Offset, typ.Type, typ.Value)
	}
	return err
}

// ReadFile reads the result stored at path.
func ReadFile(path string) (Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return Result{}, fmt.Errorf("reading result %s: %w", path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxFileSize {
		return Result{}, fmt.Errorf("reading result %s: %d bytes is over the %d-byte limit", path, st.Size(), MaxFileSize)
	}
	res, err := Decode(f)
	if err != nil {
		return Result{}, fmt.Errorf("reading result %s: %w", path, err)
	}
	return res, nil
}

// ReadDir reads every result (*.json) in dir, sorted by id. A file that
// cannot be read or decoded is not dropped: it becomes a result with status
// error that names the file, so no result is ever lost silently. The error
// return is for a dir that cannot be listed at all (fs.ErrNotExist included).
// Files are decoded in parallel, one worker per CPU.
func ReadDir(dir string, now time.Time) ([]Result, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading results dir %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, ".") {
			continue
		}
		names = append(names, name)
	}

	out := make([]Result, len(names))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = readOrError(filepath.Join(dir, names[i]), now)
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()

	seen := map[string]string{}
	for i, res := range out {
		path := filepath.Join(dir, names[i])
		if prev, dup := seen[res.ID]; dup {
			out[i] = Errored(strings.TrimSuffix(names[i], ".json"), res.Gate, now,
				fmt.Errorf("result %s: id %q is already used by %s", path, res.ID, prev))
			continue
		}
		seen[res.ID] = path
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// readOrError reads one result file; a failure becomes a result with status
// error named after the file.
func readOrError(path string, now time.Time) Result {
	res, err := ReadFile(path)
	if err == nil {
		return res
	}
	id := strings.TrimSuffix(filepath.Base(path), ".json")
	if !ValidID(id) {
		id = "invalid-result"
	}
	res = Errored(id, "unknown", now, err)
	res.Tool = Tool{Name: "mlgate"}
	return res
}

// IsNotExist reports whether err means the results dir does not exist.
func IsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
