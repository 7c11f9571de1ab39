package eval

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// WriteText prints the report for a terminal or a CI log: a table of
// metric, value and interval, then a compact table per slice column.
// Strings from the data are put on one line without control characters.
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := fmt.Sprintf("%s, %d examples", r.Task, r.N)
	if r.Positive != "" {
		head += fmt.Sprintf(", positive class %q", clean(r.Positive))
	}
	fmt.Fprintf(tw, "%s; %d %s bootstrap resamples, %g%% intervals\n", head, r.Bootstrap.Resamples, r.Bootstrap.Method, 100*r.Bootstrap.Level)
	fmt.Fprintln(tw, "metric\tvalue\tinterval")
	for _, e := range r.Metrics {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Name, num(e.Value), interval(e))
	}
	for _, s := range r.Slices {
		fmt.Fprintf(tw, "\nslice %s\tn", clean(s.Column))
		for _, e := range r.Metrics {
			fmt.Fprintf(tw, "\t%s", e.Name)
		}
		fmt.Fprintln(tw)
		for _, g := range s.Groups {
			fmt.Fprintf(tw, "%s\t%d", clean(g.Value), g.N)
			for _, e := range g.Metrics {
				fmt.Fprintf(tw, "\t%s", num(e.Value))
			}
			fmt.Fprintln(tw)
		}
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(tw, "warning: %s\n", clean(warn))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("printing the report: %w", err)
	}
	return nil
}

func num(f float64) string {
	if math.IsNaN(f) {
		return "null"
	}
	return fmt.Sprintf("%.4f", f)
}

func interval(e Estimate) string {
	if math.IsNaN(e.Lo) || math.IsNaN(e.Hi) {
		return "-"
	}
	return fmt.Sprintf("[%.4f, %.4f]", e.Lo, e.Hi)
}

// clean keeps a user string on one line of at most 60 characters, without
// control characters, tabs (which would break the table) or workflow
// commands.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	s = strings.ReplaceAll(s, "::", ": :") // no GitHub workflow commands
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}
