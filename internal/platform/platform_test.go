package platform

import (
	"strings"
	"testing"
	"time"
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

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"3", 3 * time.Second, true},
		{" 0 ", 0, true},
		{"-1", 0, false},
		{"", 0, false},
		{"soon", 0, false},
		{"99999999999", 24 * time.Hour, true},
		{"Wed, 01 Jan 2025 00:01:00 GMT", time.Minute, true},
	}
	for _, tc := range cases {
		got, ok := ParseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, BackoffCap, BackoffCap}
	for attempt, w := range want {
		if got := Backoff(attempt); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", attempt, got, w)
		}
	}
	if got := Backoff(100); got != BackoffCap {
		t.Errorf("Backoff(100) = %v, want %v", got, BackoffCap)
	}
}
