package proc

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// resolve returns the path of the executable that name names: a name with a
// slash is taken relative to dir, any other is searched in the PATH of env
// (this process's environment when env is nil). Relative PATH entries are
// ignored, as the current directory is not a safe place to find commands.
func resolve(name, dir string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		p := name
		if !filepath.IsAbs(p) && dir != "" {
			p = filepath.Join(dir, p)
		}
		if err := executable(p); err != nil {
			return "", fmt.Errorf("command %q: %w", name, err)
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", fmt.Errorf("command %q: %w", name, err)
		}
		return abs, nil
	}
	path := pathOf(env)
	for _, d := range filepath.SplitList(path) {
		if !filepath.IsAbs(d) {
			continue
		}
		p := filepath.Join(d, name)
		if executable(p) == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("command %q not found in PATH %q", name, path)
}

// executable reports why the file at p cannot be executed, or nil.
func executable(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return errors.New("no such file")
		}
		return err
	}
	if fi.IsDir() {
		return errors.New("is a directory")
	}
	if fi.Mode().Perm()&0o111 == 0 {
		return errors.New("is not executable (no x permission)")
	}
	return nil
}

// pathOf returns the PATH of env (the last one, as exec uses), or this
// process's PATH when env is nil.
func pathOf(env []string) string {
	if env == nil {
		return os.Getenv("PATH")
	}
	path := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	return path
}
