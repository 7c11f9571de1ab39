package report

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// ourTags are the only HTML tags Markdown writes itself.
var ourTags = strings.NewReplacer(
	"<details open>", "", "<details>", "", "</details>", "", "<summary>", "", "</summary>", "", "<b>", "", "</b>", "",
)

// mermaidLine matches every line Markdown writes inside a mermaid block.
var mermaidLine = regexp.MustCompile(`^(xychart-beta|    title "[^"\n]*"|    x-axis "[^"\n]*" \[("[^"\n]*")(, "[^"\n]*")*\]|` +
	`    y-axis "[^"\n]*" -?[0-9.]+ --> -?[0-9.]+|    (line|bar) \[-?[0-9.]+(, -?[0-9.]+)*\])$`)

// checkMarkdown asserts the structural promises of a Markdown report: valid
// UTF-8, the marker first and nowhere else, balanced <details> and code
// fences, tables with a constant number of cells, no raw HTML or mentions
// outside code blocks, and Mermaid blocks holding only chart statements.
func checkMarkdown(t *testing.T, md, marker string) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		if len(md) > 6000 {
			t.Fatalf(format+"\n(report of %d bytes)", append(args, len(md))...)
		}
		t.Fatalf(format+"\nreport:\n%s", append(args, md)...)
	}
	if !utf8.ValidString(md) {
		fail("invalid UTF-8")
	}
	if marker != "" {
		if first, _, _ := strings.Cut(md, "\n"); first != marker {
			fail("first line %q, want marker %q", first, marker)
		}
		md = strings.TrimPrefix(md, marker+"\n")
	}
	if strings.Contains(md, "<!--") {
		fail("comment opener outside the marker")
	}
	var (
		fence, fenceInfo string
		depth, cells     int
		inTable          bool
	)
	for n, line := range strings.Split(md, "\n") {
		if fence != "" {
			if tl := strings.TrimSpace(line); strings.Trim(tl, "`") == "" && len(tl) >= len(fence) {
				fence = ""
				continue
			}
			if fenceInfo == "mermaid" && !mermaidLine.MatchString(line) {
				fail("line %d: unexpected line in mermaid block: %q", n+1, line)
			}
			continue
		}
		if strings.HasPrefix(line, "```") {
			k := longestPrefix(line, '`')
			fence, fenceInfo = line[:k], line[k:]
			continue
		}
		if strings.HasPrefix(line, "<details") {
			depth++
		}
		if strings.HasPrefix(line, "</details>") {
			depth--
			if depth < 0 {
				fail("line %d: </details> without <details>", n+1)
			}
		}
		rest := ourTags.Replace(line)
		if strings.ContainsAny(rest, "<>") && !strings.HasPrefix(rest, "> ✂️") {
			fail("line %d: raw < or > outside our tags: %q", n+1, line)
		}
		if mentionRe.MatchString(line) {
			fail("line %d: mention: %q", n+1, line)
		}
		if strings.HasPrefix(line, "|") {
			c := strings.Count(line, "|")
			if inTable && c != cells {
				fail("line %d: %d cell separators, the table has %d: %q", n+1, c, cells, line)
			}
			inTable, cells = true, c
		} else {
			inTable = false
		}
	}
	if fence != "" {
		fail("unclosed code fence %q", fence)
	}
	if depth != 0 {
		fail("%d unclosed <details>", depth)
	}
}
