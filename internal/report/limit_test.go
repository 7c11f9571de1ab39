package report

import (
	"strconv"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

// TestMarkdownMaxBytesProperty renders a large report at many sizes and
// checks that every output fits, is well-formed, keeps the marker, the
// headline and the footer, and says when it was cut.
func TestMarkdownMaxBytesProperty(t *testing.T) {
	t.Parallel()
	rs := fixtures()
	for i := range 12 {
		r := bigResult("big"+strconv.Itoa(i), 400)
		r.Title = "Big 🚀 " + strconv.Itoa(i) + " ünïcödé"
		rs = append(rs, r)
	}
	marker := "<!-- mlgate:report key=prop -->"
	footer := "[run](https://example.com/run/1)"
	full := Markdown(rs, MarkdownOptions{Marker: marker, Footer: footer})
	var sizes []int
	for n := 1024; n < len(full)+2000; n = n*21/20 + 7 {
		sizes = append(sizes, n)
	}
	sizes = append(sizes, 65536, len(full), len(full)-1, 1<<20)
	var cut, collapsed int
	for _, n := range sizes {
		md := Markdown(rs, MarkdownOptions{Marker: marker, Footer: footer, MaxBytes: n})
		if strings.Contains(md, "Report truncated") {
			cut++
		} else if strings.Contains(md, "Some details are left out") {
			collapsed++
		}
		if len(md) > n {
			t.Fatalf("MaxBytes %d: got %d bytes", n, len(md))
		}
		checkMarkdown(t, md, marker)
		if !strings.Contains(md, "\n## 💥 mlgate: could not evaluate — 1 error, 14 failed,") {
			t.Fatalf("MaxBytes %d: headline lost", n)
		}
		if !strings.HasSuffix(md, "\n\n"+footer+"\n") {
			t.Fatalf("MaxBytes %d: footer lost: %q", n, md[max(0, len(md)-200):])
		}
		switch {
		case n >= len(full):
			if md != full {
				t.Fatalf("MaxBytes %d >= full size %d: report changed", n, len(full))
			}
		case !strings.Contains(md, "Some details are left out") && !strings.Contains(md, "Report truncated"):
			t.Fatalf("MaxBytes %d: shortened report does not say so", n)
		}
	}
	t.Logf("%d sizes up to %d bytes: %d truncated, %d collapsed", len(sizes), len(full), cut, collapsed)
	if cut == 0 || collapsed == 0 {
		t.Errorf("the sizes do not exercise both truncation (%d) and collapsing (%d)", cut, collapsed)
	}
}

func TestMarkdownTruncationNote(t *testing.T) {
	t.Parallel()
	var rs []result.Result
	for i := range 2000 {
		rs = append(rs, res("gate-"+strconv.Itoa(i), result.Fail))
	}
	md := Markdown(rs, MarkdownOptions{MaxBytes: 4000})
	checkMarkdown(t, md, "")
	if len(md) > 4000 || !strings.Contains(md, "> ✂️ Report truncated: ") {
		t.Fatalf("expected a truncated report of at most 4000 bytes, got %d:\n%s", len(md), md)
	}
	// The note's numbers add up: kept + omitted = total of the collapsed render.
	var omitted, total int
	note := md[strings.Index(md, "Report truncated: "):]
	if _, err := fmtSscanf(note, &omitted, &total); err != nil {
		t.Fatalf("parsing note %q: %v", note, err)
	}
	kept := strings.Index(md, "\n> ✂️ Report truncated")
	if omitted+kept != total || omitted <= 0 {
		t.Errorf("note says %d of %d omitted, but %d bytes were kept", omitted, total, kept)
	}
}

func TestMarkdownTinyMaxBytes(t *testing.T) {
	t.Parallel()
	rs := fixtures()
	for n := 1; n < 1024; n += 37 {
		if md := Markdown(rs, MarkdownOptions{MaxBytes: n, Marker: "<!-- m -->"}); len(md) > n {
			t.Fatalf("MaxBytes %d: got %d bytes", n, len(md))
		}
	}
}

func TestTruncateNeverCutsInsideFence(t *testing.T) {
	t.Parallel()
	body := "## h\n\n<details>\n<summary>s</summary>\n\n````\n" + strings.Repeat("```\nline\n", 200) + "````\n\n</details>\n\ntail\n"
	for n := 1024; n < len(body); n += 13 {
		out := truncate(body, "", n)
		if len(out) > n {
			t.Fatalf("MaxBytes %d: %d bytes", n, len(out))
		}
		checkMarkdown(t, out, "")
	}
}
