package config

import "strings"

// Spec describes what a config may hold: the kinds of gate and the options
// of the report. The cli package builds it from its command tree, so the
// options are exactly the commands' flags.
type Spec struct {
	// Kinds are the gate kinds, in the order they are documented.
	Kinds []Kind
	// Report describes the report: section; a zero Report (no Name) means
	// the section is refused.
	Report Kind
}

// Kind is one kind of gate (or the report): the command that runs it and
// the flags that are its options.
type Kind struct {
	// Name is the value of kind: ("data").
	Name string
	// Command is the command path under mlgate ("data validate").
	Command string
	// Short is a one-line description.
	Short string
	// Flags are the command's flags, without --id (a gate's id: key) and
	// without the global --results-dir (the top-level results_dir: key).
	Flags []Flag
	// Step marks a command that writes no result and takes no --id (eval
	// writes a metrics file): the gate's id names the result that
	// "mlgate run" records from the command's exit code.
	Step bool
	// Check, when set, validates a gate of this kind after its options were
	// checked one by one: rule syntax, options that exclude each other. It
	// points at problems with [Section.ErrorAt]; errors of other types are
	// placed at the gate.
	Check func(Gate) []error
}

// Flag is one command-line flag, which is one option.
type Flag struct {
	// Name is the flag name, without dashes ("reference-profile").
	Name string
	// Type is the pflag type name: string, bool, int, float64, duration,
	// stringArray, ...
	Type string
	// Usage is the flag's help text.
	Usage string
	// Default is the default value as text.
	Default string
	// Repeatable flags take a list as well as a single value, and their
	// option is also spelled in the plural (rules: for --rule).
	Repeatable bool
	// Set, when not nil, checks one value the way the flag parses it, and
	// returns its error for a value it refuses.
	Set func(string) error
}

// Kind returns the kind with the given name.
func (s Spec) Kind(name string) (Kind, bool) {
	for _, k := range s.Kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// kindNames lists the names of the kinds.
func (s Spec) kindNames() []string {
	names := make([]string, len(s.Kinds))
	for i, k := range s.Kinds {
		names[i] = k.Name
	}
	return names
}

// flag finds the flag an option key names: the flag name with '-' or '_',
// or, for a repeatable flag, its plural.
func (k Kind) flag(key string) (Flag, bool) {
	name := strings.ReplaceAll(key, "_", "-")
	for _, f := range k.Flags {
		if f.Name == name || (f.Repeatable && f.Name+"s" == name) {
			return f, true
		}
	}
	return Flag{}, false
}

// keys lists the spellings of option keys a kind accepts, snake_case
// first, for suggestions and the schema.
func (k Kind) keys() []string {
	var keys []string
	for _, f := range k.Flags {
		keys = append(keys, f.keys()...)
	}
	return keys
}

// keys lists the accepted spellings of the flag's option key, preferred
// (snake_case, plural for a repeatable flag) first.
func (f Flag) keys() []string {
	names := []string{f.Name}
	if f.Repeatable {
		names = []string{f.Name + "s", f.Name}
	}
	var keys []string
	for _, n := range names {
		snake := strings.ReplaceAll(n, "-", "_")
		keys = append(keys, snake)
		if snake != n {
			keys = append(keys, n)
		}
	}
	return keys
}
