package repro

import (
	"fmt"
	"sort"
	"strconv"
)

// DiffManifests lists, one human-readable line each, what changed from a
// to b: git commit and dirty state, inputs and lock files changed, added
// or removed, interpreter and library versions, and environment
// variables. The order is fixed (git, inputs, lock files, versions,
// environment; names sorted within each). Equal manifests give nil. A nil
// manifest counts as an empty one.
func DiffManifests(a, b *Manifest) []string {
	if a == nil {
		a = &Manifest{}
	}
	if b == nil {
		b = &Manifest{}
	}
	var out []string
	out = append(out, diffGit(a.Git, b.Git)...)
	out = append(out, diffFiles("input", a.Inputs, b.Inputs)...)
	out = append(out, diffFiles("lock file", a.LockFiles, b.LockFiles)...)
	out = append(out, diffTools(a.Interpreters, b.Interpreters)...)
	out = append(out, diffEnv(a.Env, b.Env)...)
	return out
}

func diffGit(a, b *GitInfo) []string {
	switch {
	case a == nil && b == nil:
		return nil
	case a == nil:
		return []string{fmt.Sprintf("git: not recorded in the first manifest, commit %s in the second", orNone(b.Commit))}
	case b == nil:
		return []string{fmt.Sprintf("git: commit %s in the first manifest, not recorded in the second", orNone(a.Commit))}
	}
	var out []string
	if a.Commit != b.Commit {
		out = append(out, fmt.Sprintf("git commit: %s → %s", orNone(a.Commit), orNone(b.Commit)))
	}
	if a.Dirty != b.Dirty {
		out = append(out, fmt.Sprintf("git working tree: %s → %s", cleanOrDirty(a.Dirty), cleanOrDirty(b.Dirty)))
	}
	if a.Branch != b.Branch {
		out = append(out, fmt.Sprintf("git branch: %s → %s", orNone(a.Branch), orNone(b.Branch)))
	}
	return out
}

func cleanOrDirty(dirty bool) string {
	if dirty {
		return "dirty (uncommitted changes)"
	}
	return "clean"
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func diffFiles(what string, a, b []FileHash) []string {
	ma, mb := map[string]FileHash{}, map[string]FileHash{}
	for _, f := range a {
		ma[f.Path] = f
	}
	for _, f := range b {
		mb[f.Path] = f
	}
	var out []string
	for _, p := range unionKeys(ma, mb) {
		fa, okA := ma[p]
		fb, okB := mb[p]
		switch {
		case !okA:
			out = append(out, fmt.Sprintf("%s %s: added (sha256 %s, %d bytes)", what, p, short(fb.SHA256), fb.Size))
		case !okB:
			out = append(out, fmt.Sprintf("%s %s: removed", what, p))
		case fa.SHA256 != fb.SHA256:
			out = append(out, fmt.Sprintf("%s %s: content changed (sha256 %s → %s, %d → %d bytes)",
				what, p, short(fa.SHA256), short(fb.SHA256), fa.Size, fb.Size))
		}
	}
	return out
}

// short abbreviates a hex hash to 12 characters.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func diffTools(a, b []Tool) []string {
	ma, mb := map[string]string{}, map[string]string{}
	for _, t := range a {
		ma[t.Name] = t.Version
	}
	for _, t := range b {
		mb[t.Name] = t.Version
	}
	return diffValues("", ma, mb, "not found", func(v string) string { return v })
}

func diffEnv(a, b map[string]string) []string {
	return diffValues("env ", a, b, "unset", strconv.Quote)
}

// diffValues lists, by sorted name, the values that differ from a to b as
// "<prefix><name>: <before> → <after>": show formats a value, absent
// stands for a name missing on one side.
func diffValues(prefix string, a, b map[string]string, absent string, show func(string) string) []string {
	var out []string
	for _, k := range unionKeys(a, b) {
		va, okA := a[k]
		vb, okB := b[k]
		if okA && okB && va == vb {
			continue
		}
		before, after := absent, absent
		if okA {
			before = show(va)
		}
		if okB {
			after = show(vb)
		}
		out = append(out, fmt.Sprintf("%s%s: %s → %s", prefix, k, before, after))
	}
	return out
}

// unionKeys returns the sorted keys of both maps.
func unionKeys[V any](a, b map[string]V) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}
