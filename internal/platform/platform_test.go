package platform

import (
	"strings"
	"testing"
)

func TestMarker(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"ci/model":               "<!-- mlgate:report key=ci/model -->",
		"":                       "<!-- mlgate:report key=default -->",
		"a --> <b> @x":           "<!-- mlgate:report key=a-b-x -->",
		strings.Repeat("k", 300): "<!-- mlgate:report key=" + strings.Repeat("k", 100) + " -->",
	}
	for key, want := range cases {
		if got := Marker(key); got != want {
			t.Errorf("Marker(%q) = %q, want %q", key, got, want)
		}
	}
	if !HasMarker(Marker("ci")+"\r\nbody", "ci") {
		t.Error("HasMarker missed a marker followed by CRLF")
	}
	for _, body := range []string{"text\n" + Marker("ci"), Marker("ci2") + "\n", " " + Marker("ci")} {
		if HasMarker(body, "ci") {
			t.Errorf("HasMarker(%q) = true", body)
		}
	}
}

func TestParseCommentMode(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"auto", "always", "on-failure", "never"} {
		if m, ok := ParseCommentMode(s); !ok || string(m) != s {
			t.Errorf("ParseCommentMode(%q) = %q, %v", s, m, ok)
		}
	}
	if _, ok := ParseCommentMode("sometimes"); ok {
		t.Error("accepted sometimes")
	}
}
