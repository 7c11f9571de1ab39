package config

import (
	"slices"

	"github.com/spf13/pflag"
)

// FlagsOf describes the flags of fs as options, in fs's order, leaving out
// --help, hidden and deprecated flags, and the names in skip. Each Flag's
// Set calls the flag's own Value.Set, so pass the flags of a command built
// for checking only, never of one that will run.
func FlagsOf(fs *pflag.FlagSet, skip ...string) []Flag {
	var flags []Flag
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" || f.Hidden || f.Deprecated != "" || slices.Contains(skip, f.Name) {
			return
		}
		_, repeatable := f.Value.(pflag.SliceValue)
		value := f.Value
		flags = append(flags, Flag{
			Name:       f.Name,
			Type:       value.Type(),
			Usage:      f.Usage,
			Default:    f.DefValue,
			Repeatable: repeatable,
			Set:        value.Set,
		})
	})
	return flags
}
