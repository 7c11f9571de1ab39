// Package config reads mlgate.yaml, the file that declares a project's
// gates, report and ML Test Score evidence, and validates it against a
// [Spec]: the kinds of gate and the command-line flags of their commands.
//
// A gate's options are exactly its command's flags (reference_profile is
// --reference-profile), so the package knows no gate itself: the cli
// package describes the commands in a Spec, and [Section.Args] turns a
// validated section back into command-line arguments.
//
// Every problem is reported at once, as *fileerr.Error values joined with
// errors.Join and sorted by position.
package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mlgate/mlgate/internal/fileerr"
)

// Version is the only version of mlgate.yaml this package reads.
const Version = 1

// MaxFileSize bounds the size of a config file.
const MaxFileSize = 1 << 20

// Pos is a 1-based line and column in the config file; zero means unknown.
type Pos struct {
	Line   int
	Column int
}

// Config is a loaded and validated mlgate.yaml.
type Config struct {
	// Path is the file it was read from.
	Path string
	// Version is the format version, always [Version].
	Version int
	// ResultsDir is results_dir, or "" when the file does not set it.
	ResultsDir string
	// Gates are the gates in file order.
	Gates []Gate
	// Report holds the options of "mlgate report".
	Report Section
	// Score is the ML Test Score section.
	Score Score
	// Secrets are the values that came from environment variables whose
	// names look secret (TOKEN, SECRET, PASSWORD, KEY, CREDENTIAL). Print
	// them only through [Config.Mask].
	Secrets []string

	masker *strings.Replacer
}

// Gate returns the gate with the given id.
func (c *Config) Gate(id string) (Gate, bool) {
	for _, g := range c.Gates {
		if g.ID == id {
			return g, true
		}
	}
	return Gate{}, false
}

// Mask replaces every secret value in s with "***".
func (c *Config) Mask(s string) string {
	if len(c.Secrets) == 0 {
		return s
	}
	if c.masker == nil {
		return newMasker(c.Secrets).Replace(s)
	}
	return c.masker.Replace(s)
}

// newMasker replaces secrets with "***", the longest first where several
// start at the same place, so a secret that contains another is masked whole.
func newMasker(secrets []string) *strings.Replacer {
	sorted := slices.Clone(secrets)
	slices.SortFunc(sorted, func(a, b string) int { return len(b) - len(a) })
	var pairs []string
	for _, v := range sorted {
		if v != "" {
			pairs = append(pairs, v, "***")
		}
	}
	return strings.NewReplacer(pairs...)
}

// Section is a mapping of command options: a gate's, or the report's.
type Section struct {
	// File is the config file, for error messages.
	File string
	// Pos is where the section starts.
	Pos Pos
	// Options are the options in file order.
	Options []Option
}

// Option is one option of a section: a command-line flag and its values.
type Option struct {
	// Name is the flag name, without dashes ("reference-profile").
	Name string
	// Key is the key as written in the file ("reference_profile", "rules").
	Key string
	// Pos is the position of the key.
	Pos Pos
	// Values are the values, after environment expansion; one unless the
	// flag is repeatable.
	Values []Value
}

// Value is one option value and where it is written.
type Value struct {
	Text string
	Pos  Pos
}

// Lookup returns the option for the flag name.
func (s Section) Lookup(name string) (Option, bool) {
	for _, o := range s.Options {
		if o.Name == name {
			return o, true
		}
	}
	return Option{}, false
}

// Args returns the options as command-line arguments, "--name=value" for
// each value, in file order. Values never need quoting or escaping: they
// are passed as argv, not through a shell.
func (s Section) Args() []string {
	var args []string
	for _, o := range s.Options {
		for _, v := range o.Values {
			args = append(args, "--"+o.Name+"="+v.Text)
		}
	}
	return args
}

// ErrorAt returns an error at p in the config file; hooks use it to point
// at the option value they refuse.
func (s Section) ErrorAt(p Pos, format string, args ...any) error {
	return &fileerr.Error{File: s.File, Line: p.Line, Column: p.Column, Err: fmt.Errorf(format, args...)}
}

// Gate is one entry of gates:.
type Gate struct {
	Section
	// ID is the result id, passed as --id.
	ID string
	// Kind names the gate's command ([Kind.Name]).
	Kind string
	// IDPos and KindPos are the positions of the id and kind values.
	IDPos, KindPos Pos
	// Step is [Kind.Step]: the command takes no --id and writes no result.
	Step bool
}

// Args returns the gate's command-line arguments: --id (unless the kind
// is a step), then its options.
func (g Gate) Args() []string {
	if g.Step {
		return g.Section.Args()
	}
	return append([]string{"--id=" + g.ID}, g.Section.Args()...)
}

// Score is the ML Test Score section.
type Score struct {
	// Manual lists the tests that are done by hand, with their evidence.
	Manual []Manual
}

// Manual is a test of the ML Test Score that a team does by hand, and the
// evidence that it is done (a link to a runbook, a dashboard, a review).
type Manual struct {
	Test     string
	Evidence string
	Pos      Pos
}
