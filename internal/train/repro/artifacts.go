package repro

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ExpandArtifacts expands artifact patterns relative to a run directory
// ("model.pkl", "preds/*.csv", "checkpoints") into the sorted, distinct
// slash-separated paths of the regular files they name, relative to root.
// A directory stands for every file below it. Patterns use filepath.Match
// syntax (no "**"). A pattern that is absolute, leaves root, is malformed or
// matches no file is an error naming it.
func ExpandArtifacts(root string, patterns []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(abs string) error {
		rel, err := filepath.Rel(root, abs)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if !seen[rel] {
			seen[rel] = true
			out = append(out, rel)
		}
		return nil
	}
	for _, pat := range patterns {
		clean := filepath.Clean(filepath.FromSlash(pat))
		if pat == "" || filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("artifact %q: want a path relative to the run directory, inside it", pat)
		}
		matches, err := filepath.Glob(filepath.Join(root, clean))
		if err != nil {
			return nil, fmt.Errorf("artifact %q: %w", pat, err)
		}
		before := len(out)
		for _, m := range matches {
			st, err := os.Stat(m)
			if err != nil {
				return nil, fmt.Errorf("artifact %q: %w", pat, err)
			}
			if st.Mode().IsRegular() {
				if err := add(m); err != nil {
					return nil, fmt.Errorf("artifact %q: %w", pat, err)
				}
				continue
			}
			if !st.IsDir() {
				continue
			}
			err = filepath.WalkDir(m, func(p string, e fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if e.Type().IsRegular() {
					return add(p)
				}
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("artifact %q: %w", pat, err)
			}
		}
		if len(out) == before && !anySeen(matches, root, seen) {
			return nil, fmt.Errorf("artifact %q matches no file in %s", pat, root)
		}
	}
	slices.Sort(out)
	return out, nil
}

// anySeen reports whether a pattern's matches were already added by an
// earlier pattern, so overlapping patterns are not an error.
func anySeen(matches []string, root string, seen map[string]bool) bool {
	for _, m := range matches {
		rel, err := filepath.Rel(root, m)
		if err != nil {
			continue
		}
		rel = filepath.ToSlash(rel)
		if seen[rel] {
			return true
		}
		for s := range seen { // a directory whose files were added before
			if strings.HasPrefix(s, rel+"/") {
				return true
			}
		}
	}
	return false
}
