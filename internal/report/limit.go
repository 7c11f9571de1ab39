package report

import (
	"strings"
)

// truncate cuts body so that body + the truncation note + footer fits in
// maxBytes. It cuts at a line boundary outside any fenced code block, closes
// the <details> blocks left open and says how many bytes were left out. When
// even the headline does not fit (maxBytes is tiny), it cuts at a line or
// rune boundary and guarantees only the size.
func truncate(body, footer string, maxBytes int) string {
	best, bestDepth := -1, 0
	fence := "" // the open fence, if inside a code block
	depth := 0  // open <details> blocks
	footerCost := 0
	if footer != "" {
		footerCost = len(footer) + 1 // the note ends with one newline; joinBlocks adds another
	}
	for pos := 0; pos < len(body); {
		end := len(body)
		if i := strings.IndexByte(body[pos:], '\n'); i >= 0 {
			end = pos + i + 1
		}
		line := strings.TrimRight(body[pos:end], "\n")
		pos = end
		switch {
		case fence != "":
			if t := strings.TrimSpace(line); strings.Trim(t, "`") == "" && len(t) >= len(fence) {
				fence = ""
			}
			continue
		case strings.HasPrefix(line, "```"):
			fence = line[:longestPrefix(line, '`')]
			continue
		case strings.HasPrefix(line, "<details"):
			depth++
		case strings.HasPrefix(line, "</details>"):
			depth--
		}
		if pos > maxBytes {
			break
		}
		if pos+len(closers(depth))+len(truncNote(len(body)-pos, len(body)))+footerCost <= maxBytes {
			best, bestDepth = pos, depth
		}
	}
	if best < 0 {
		return hardCut(joinBlocks(body, footer), maxBytes)
	}
	return joinBlocks(body[:best]+closers(bestDepth)+truncNote(len(body)-best, len(body)), footer)
}

// longestPrefix is the number of leading c bytes of s.
func longestPrefix(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// closers closes depth <details> blocks.
func closers(depth int) string {
	return strings.Repeat("\n</details>\n", max(depth, 0))
}

// truncNote says that the last omitted of total bytes were cut.
func truncNote(omitted, total int) string {
	return "\n> ✂️ Report truncated: " + itoa(omitted) + " of " + itoa(total) + " bytes omitted to fit the size limit.\n"
}

// hardCut returns the longest prefix of s of at most n bytes ending at a
// line boundary, or at a rune boundary when no line fits.
func hardCut(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return cutBytes(s, n)
}
