package score

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/mlgate/mlgate/internal/report"
)

// Bounds of what one table cell shows, so the section stays small whatever
// the input.
const (
	maxEvidenceRunes = 80  // evidence text
	maxTargetBytes   = 512 // an evidence link's encoded target; longer URLs are shown as text only
	maxIDRunes       = 40  // a result id
	maxWarningRunes  = 200 // one warning
)

// Markdown writes the score as a self-contained section of a PR comment: a
// level-3 heading with the final score and band, a table of the four
// section sums, and a collapsed <details> with the tests that earned points,
// the missing tests by section and what was not counted. Every string that
// comes from results or manual declarations is escaped with
// [report.EscapeInline]; evidence URLs become links with an escaped target.
// It is typically 3 to 4 KB and never much over 32 KB, whatever the input:
// result ids, evidence and warnings are shortened and capped.
func Markdown(w io.Writer, s Score) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "### 🧪 ML Test Score: %s — %s\n\n", num(s.Final), report.EscapeInline(s.Band))

	var head, align, row []string
	for _, sec := range s.Sections {
		head = append(head, sec.Title)
		align = append(align, "---:")
		cell := outOf(sec.Sum)
		if isLowest(s, sec.Name) {
			cell = "**" + num(sec.Sum) + "** / " + fmt.Sprint(PerSection)
		}
		row = append(row, cell)
	}
	head = append(head, "Score (lowest section)")
	align = append(align, "---:")
	row = append(row, "**"+num(s.Final)+"**")
	for _, cells := range [][]string{head, align, row} {
		fmt.Fprintf(bw, "| %s |\n", strings.Join(cells, " | "))
	}

	auto, manual, missing := counts(s)
	fmt.Fprintf(bw, "\n<details>\n<summary>%d of %d tests automated, %d done by hand, %d missing</summary>\n\n",
		auto, len(Tests()), manual, missing)
	writeScored(bw, s)
	writeMissing(bw, s)
	writeWarnings(bw, s)
	fmt.Fprint(bw, "A gate that ran counts 1 point per test it automates, a test done by hand with evidence 0.5; the score is the lowest section sum (Breck et al. 2017).\n\n</details>\n")
	return bw.Flush()
}

// writeScored writes the table of tests that earned points.
func writeScored(w io.Writer, s Score) {
	var rows []string
	for _, sec := range s.Sections {
		for _, t := range sec.Tests {
			switch t.How {
			case Automated:
				rows = append(rows, fmt.Sprintf("| %s | %s | %s | ✅ automated: %s |",
					t.ID, report.EscapeInline(t.Title), num(t.Points), byList(t.By, escapeID)))
			case ByHand:
				rows = append(rows, fmt.Sprintf("| %s | %s | %s | ✍️ by hand: %s |",
					t.ID, report.EscapeInline(t.Title), num(t.Points), evidenceMarkdown(t.Evidence)))
			}
		}
	}
	if len(rows) == 0 {
		fmt.Fprint(w, "No test is automated or declared done by hand yet.\n\n")
		return
	}
	fmt.Fprint(w, "| Test | Title | Points | How |\n| --- | --- | ---: | --- |\n")
	fmt.Fprint(w, strings.Join(rows, "\n"), "\n\n")
}

// writeMissing lists the missing tests, one line per section.
func writeMissing(w io.Writer, s Score) {
	if len(s.Missing) == 0 {
		fmt.Fprint(w, "No test is missing.\n\n")
		return
	}
	fmt.Fprintf(w, "**Missing (%d):**\n\n", len(s.Missing))
	for _, sec := range s.Sections {
		var items []string
		for _, t := range sec.Tests {
			if t.How == Missing {
				items = append(items, t.ID+" "+report.EscapeInline(t.Title))
			}
		}
		if len(items) > 0 {
			fmt.Fprintf(w, "- %s: %s\n", sec.Title, strings.Join(items, " · "))
		}
	}
	fmt.Fprintln(w)
}

// writeWarnings lists what was not counted, capped at maxWarnings.
func writeWarnings(w io.Writer, s Score) {
	if len(s.Warnings) == 0 {
		return
	}
	fmt.Fprint(w, "**Not counted:**\n\n")
	for i, msg := range s.Warnings {
		if i == maxWarnings {
			fmt.Fprintf(w, "- … and %d more\n", len(s.Warnings)-maxWarnings)
			break
		}
		fmt.Fprintf(w, "- %s\n", report.EscapeInline(shorten(msg, maxWarningRunes)))
	}
	fmt.Fprintln(w)
}

// evidenceMarkdown shows evidence in a table cell: an http(s) URL as a link
// whose text is escaped and whose target is percent-encoded, anything else
// (a repository path) as escaped text.
func evidenceMarkdown(ev string) string {
	text := report.EscapeInline(shorten(ev, maxEvidenceRunes))
	if u, ok := evidenceURL(ev); ok {
		if target := linkTarget(u); len(target) <= maxTargetBytes {
			return "[" + text + "](" + target + ")"
		}
	}
	return text
}

// escapeID shortens and escapes a result id for a table cell.
func escapeID(id string) string {
	return report.EscapeInline(shorten(id, maxIDRunes))
}

// linkTarget encodes a URL for a Markdown link target inside a table cell:
// every byte outside a conservative set is percent-encoded, so the target
// cannot close the link, break the table ('|') or hold spaces or HTML; '&'
// becomes "&amp;", which Markdown decodes back to '&'.
func linkTarget(u string) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			strings.IndexByte("-._~:/?#=%+,;@", c) >= 0:
			b.WriteByte(c)
		case c == '&':
			b.WriteString("&amp;")
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
