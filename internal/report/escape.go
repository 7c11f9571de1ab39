package report

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cellMaxRunes bounds a user string shown in a table cell or a list item.
const cellMaxRunes = 300

// zwsp is a zero-width space: placed after '@' it stops GitHub from
// treating "@name" as a mention.
const zwsp = "\u200b"

// EscapeInline makes s safe inside Markdown inline text and table cells: the
// result is one line that cannot break a table, open raw HTML or an HTML
// comment, mention anyone, link, or start emphasis, code spans, headings,
// lists or quotes.
//
// Control characters (newlines included) become spaces, bidirectional
// control characters are dropped, invalid UTF-8 becomes U+FFFD, and
// surrounding white space is trimmed. '&', '<', '>' and '|' become HTML
// entities, '@' is followed by a zero-width space, and Markdown punctuation
// is backslash-escaped. EscapeInline does not shorten s.
func EscapeInline(s string) string {
	s = cleanLine(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	// A list or setext marker only matters at the start of a line.
	if s != "" {
		switch s[0] {
		case '-', '+', '=':
			b.WriteByte('\\')
		}
	}
	digitsOnly := true // an ordered-list marker is digits then '.' or ')'
	for i, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '|':
			b.WriteString("&#124;")
		case '@':
			b.WriteString("@" + zwsp)
		case '\\', '`', '*', '_', '[', ']', '~', '!', '#', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '.', ')':
			if digitsOnly && i > 0 {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		if r < '0' || r > '9' {
			digitsOnly = false
		}
	}
	return b.String()
}

// cell shortens s to a sane length and escapes it for inline Markdown.
func cell(s string) string {
	return EscapeInline(truncRunes(s, cellMaxRunes))
}

// cleanLine turns s into valid UTF-8 on one line: control characters and
// line separators become spaces, bidirectional controls are removed, and
// surrounding white space is trimmed.
func cleanLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Bidi_Control, r):
			return -1
		case unicode.IsControl(r), r == '\u2028', r == '\u2029':
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// truncRunes shortens s to at most n runes, marking a cut with "…".
func truncRunes(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for j := range s {
		if count == n-1 {
			i = j
			break
		}
		count++
	}
	return s[:i] + "…"
}

// escapeHTML escapes s for text inside a raw HTML block such as <summary>,
// where Markdown is not interpreted: one line, entities for markup
// characters, '@' defused and at most cellMaxRunes runes.
func escapeHTML(s string) string {
	s = cleanLine(truncRunes(s, cellMaxRunes))
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		case '@':
			b.WriteString("@" + zwsp)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Fence returns s as a complete fenced code block, ending with a newline.
// The fence is a run of backticks longer than any backtick run in s, so s
// cannot close it. Invalid UTF-8 becomes U+FFFD, line endings are normalized
// to "\n", bidirectional controls are removed and "<!--" gets a zero-width
// space after its '!' so no text of s can pass for a hidden marker.
func Fence(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == 0:
			return '\uFFFD'
		case unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, s)
	s = strings.ReplaceAll(s, "<!--", "<!"+zwsp+"--")
	s = strings.TrimRight(s, "\n")
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return fence + "\n" + s + "\n" + fence + "\n"
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}

// mermaidMaxRunes bounds a label inside a Mermaid chart.
const mermaidMaxRunes = 60

// mermaidText reduces s to characters that are safe inside a quoted Mermaid
// string on one line: letters, digits, spaces and a few harmless marks. '%'
// (which starts Mermaid comments and directives) becomes "pct"; anything
// else becomes a space. The result is at most mermaidMaxRunes runes; when
// nothing is left, def is returned.
func mermaidText(s, def string) string {
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r):
			b.WriteRune(r)
		case strings.ContainsRune(".-_:/()+=", r):
			b.WriteRune(r)
		case r == '%':
			b.WriteString(" pct ")
		default:
			b.WriteByte(' ')
		}
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if out == "" {
		return def
	}
	return truncRunes(out, mermaidMaxRunes)
}
