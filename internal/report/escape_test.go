package report

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscapeInline(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"accuracy", "accuracy"},
		{"a|b", "a&#124;b"},
		{"<script>&amp;", "&lt;script&gt;&amp;amp;"},
		{"<!-- mlgate:report key=x -->", "&lt;\\!-- mlgate:report key=x --&gt;"},
		{"ping @octocat", "ping @\u200boctocat"},
		{"line1\nline2\r\nline3", "line1 line2  line3"},
		{"*bold* _it_ `code` ~~s~~", "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~"},
		{"[x](http://e) ![i](y)", "\\[x\\](http://e) \\!\\[i\\](y)"},
		{"# heading", "\\# heading"},
		{"- item", "\\- item"},
		{"+ item", "\\+ item"},
		{"12. item", "12\\. item"},
		{"3) item", "3\\) item"},
		{"v1.2", "v1.2"},
		{"a\\", "a\\\\"},
		{"$x$", "\\$x\\$"},
		{"  padded\t", "padded"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"rtl\u202eevil", "rtlevil"},
		{"#123 stays a ref", "\\#123 stays a ref"},
	}
	for _, tt := range tests {
		if got := EscapeInline(tt.in); got != tt.want {
			t.Errorf("EscapeInline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

var mentionRe = regexp.MustCompile(`@\w`)

// checkInline asserts the promises of EscapeInline on out.
func checkInline(t *testing.T, in, out string) {
	t.Helper()
	switch {
	case !utf8.ValidString(out):
		t.Fatalf("EscapeInline(%q) = %q: invalid UTF-8", in, out)
	case strings.ContainsAny(out, "<>|\n\r"):
		t.Fatalf("EscapeInline(%q) = %q: raw <, >, | or newline", in, out)
	case strings.Contains(out, "<!--"):
		t.Fatalf("EscapeInline(%q) = %q: comment opener", in, out)
	case mentionRe.MatchString(out):
		t.Fatalf("EscapeInline(%q) = %q: mention", in, out)
	}
	// Every Markdown special character is escaped: removing escapes and
	// entities leaves none unescaped.
	for i := 0; i < len(out); i++ {
		switch out[i] {
		case '\\':
			i++ // the escaped character
		case '&':
			if j := strings.IndexByte(out[i:], ';'); j > 0 {
				i += j // an entity such as &#124;
			}
		case '*', '_', '`', '[', ']', '~', '!', '#', '$':
			t.Fatalf("EscapeInline(%q) = %q: unescaped %q at %d", in, out, out[i], i)
		}
	}
}

func FuzzEscapeInline(f *testing.F) {
	for _, s := range []string{hostile, "", "@a", "<!--", "a\\", "\\\\*", "1.", "\xff", "@\u200b", "\u2028x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkInline(t, s, EscapeInline(s))
		checkInline(t, s, cell(s))
		if n := utf8.RuneCountInString(strings.ToValidUTF8(truncRunes(s, cellMaxRunes), "\uFFFD")); n > cellMaxRunes+1 {
			t.Fatalf("cell kept %d runes", n)
		}
	})
}

func TestFence(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain", "```\nplain\n```\n"},
		{"a\n```\nb", "````\na\n```\nb\n````\n"},
		{"x ````` y", "``````\nx ````` y\n``````\n"},
		{"crlf\r\nline\n\n", "```\ncrlf\nline\n```\n"},
		{"<!-- mlgate:report key=x -->", "```\n<!\u200b-- mlgate:report key=x -->\n```\n"},
	}
	for _, tt := range tests {
		if got := Fence(tt.in); got != tt.want {
			t.Errorf("Fence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFence(f *testing.F) {
	for _, s := range []string{"", "```", "a\n````\nb", "\r", "\xff`", hostile} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Fence(s)
		if !utf8.ValidString(out) || strings.Contains(out, "<!--") {
			t.Fatalf("Fence(%q) = %q: invalid UTF-8 or comment opener", s, out)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		fence := lines[0]
		if len(fence) < 3 || strings.Trim(fence, "`") != "" || lines[len(lines)-1] != fence {
			t.Fatalf("Fence(%q) = %q: bad fence", s, out)
		}
		for _, l := range lines[1 : len(lines)-1] {
			if t2 := strings.TrimSpace(l); strings.Trim(t2, "`") == "" && len(t2) >= len(fence) {
				t.Fatalf("Fence(%q): content line %q closes the fence %q", s, l, fence)
			}
		}
	})
}

func TestEscapeHTML(t *testing.T) {
	t.Parallel()
	got := escapeHTML("<b>\"x\" & 'y' @me\nnext")
	want := "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39; @\u200bme next"
	if got != want {
		t.Errorf("escapeHTML = %q, want %q", got, want)
	}
}

func TestMermaidText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, def, want string }{
		{"Loss \"curve\"\n```", "x", "Loss curve"},
		{"accuracy %", "x", "accuracy pct"},
		{"a; b [c] #d", "x", "a b c d"},
		{"%%{init: {}}%%", "x", "pct pct init: pct pct"},
		{"", "step", "step"},
		{"\"\"", "step", "step"},
		{strings.Repeat("a", 100), "", strings.Repeat("a", 59) + "…"},
	}
	for _, tt := range tests {
		if got := mermaidText(tt.in, tt.def); got != tt.want {
			t.Errorf("mermaidText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
