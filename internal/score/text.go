package score

import (
	"bufio"
	"fmt"
	"io"
	"slices"
)

// Text writes the score for a terminal: the final score and band, the four
// section sums, every test with its points, and what was not counted.
func Text(w io.Writer, s Score) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "ML Test Score: %s (%s)\n", num(s.Final), s.Band)
	auto, manual, missing := counts(s)
	fmt.Fprintf(bw, "%s automated, %d by hand, %d missing; the score is the lowest section sum\n\n", plural(auto, "test"), manual, missing)
	for _, sec := range s.Sections {
		mark := ""
		if isLowest(s, sec.Name) {
			mark = "  <- lowest"
		}
		fmt.Fprintf(bw, "  %-15s %s%s\n", sec.Title, outOf(sec.Sum), mark)
	}
	for _, sec := range s.Sections {
		fmt.Fprintf(bw, "\n%s: %s\n", sec.Title, outOf(sec.Sum))
		for _, t := range sec.Tests {
			points := num(t.Points)
			if t.How == Missing {
				points = "-"
			}
			fmt.Fprintf(bw, "  %-3s  %-9s  %s", points, t.ID, t.Title)
			switch t.How {
			case Automated:
				fmt.Fprintf(bw, "  (automated: %s)", byList(t.By, plain))
			case ByHand:
				fmt.Fprintf(bw, "  (manual: %s)", plain(t.Evidence))
			}
			fmt.Fprintln(bw)
		}
	}
	if len(s.Warnings) > 0 {
		fmt.Fprintln(bw, "\nNot counted:")
		for i, msg := range s.Warnings {
			if i == maxWarnings {
				fmt.Fprintf(bw, "  ... and %d more\n", len(s.Warnings)-maxWarnings)
				break
			}
			fmt.Fprintf(bw, "  %s\n", plain(msg))
		}
	}
	return bw.Flush()
}

// isLowest reports whether the named section's sum is the final score.
func isLowest(s Score, name string) bool {
	return slices.Contains(s.Lowest, name)
}
