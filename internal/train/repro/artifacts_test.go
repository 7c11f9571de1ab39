package repro

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestExpandArtifacts(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, f := range []string{"model.pkl", "metrics.json", "preds/a.csv", "preds/b.csv", "preds/notes.txt", "ckpt/1/w.npy", "ckpt/2/w.npy"} {
		writeFile(t, root, f, "x")
	}
	got, err := ExpandArtifacts(root, []string{"preds/*.csv", "model.pkl", "ckpt", "preds/a.csv", "./metrics.json"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ckpt/1/w.npy", "ckpt/2/w.npy", "metrics.json", "model.pkl", "preds/a.csv", "preds/b.csv"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestExpandArtifactsErrors(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFile(t, root, "model.pkl", "x")
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pattern, want string
	}{
		{"preds/*.csv", `artifact "preds/*.csv" matches no file`},
		{"missing.json", `artifact "missing.json" matches no file`},
		{"empty", `artifact "empty" matches no file`},
		{"[", `artifact "[": syntax error in pattern`},
		{"/etc/passwd", `artifact "/etc/passwd": want a path relative`},
		{"../x", `artifact "../x": want a path relative`},
		{"", `artifact "": want a path relative`},
	} {
		_, err := ExpandArtifacts(root, []string{"model.pkl", tc.pattern})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("pattern %q: err = %v, want %q", tc.pattern, err, tc.want)
		}
	}
}
