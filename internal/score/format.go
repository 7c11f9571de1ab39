package score

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxWarnings bounds the warnings a rendering lists before "and N more".
const maxWarnings = 10

// maxBy bounds the result ids shown for one automated test before "+N".
const maxBy = 3

// num formats points exactly and briefly: 0, 0.5, 1, 6.5.
func num(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// outOf formats a section sum as "2.5 / 7".
func outOf(v float64) string {
	return num(v) + " / " + strconv.Itoa(PerSection)
}

// shorten cuts s to at most n runes, marking a cut with "…".
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// plain keeps a string on one terminal line: control characters become
// spaces (so data cannot forge CI workflow commands) and it is shortened.
func plain(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return shorten(s, 300)
}

// byList lists at most maxBy result ids, then "+N".
func byList(ids []string, quote func(string) string) string {
	var parts []string
	for i, id := range ids {
		if i == maxBy {
			parts = append(parts, "+"+strconv.Itoa(len(ids)-maxBy))
			break
		}
		parts = append(parts, quote(id))
	}
	return strings.Join(parts, ", ")
}

// counts returns how many tests are automated, manual and missing.
func counts(s Score) (auto, manual, missing int) {
	for _, sec := range s.Sections {
		for _, t := range sec.Tests {
			switch t.How {
			case Automated:
				auto++
			case ByHand:
				manual++
			default:
				missing++
			}
		}
	}
	return auto, manual, missing
}

// plural formats a count with its noun: "1 test", "2 tests".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
