package gate

import (
	"strings"

	"github.com/mlgate/mlgate/internal/suggest"
)

// closestName returns the name among names closest to name, for a "did you
// mean" hint, or "" when none is close. A name whose last dot-separated
// parts equal name ("eval.accuracy" for "accuracy") is preferred.
func closestName(name string, names []string) string {
	for _, n := range names {
		if strings.HasSuffix(n, "."+name) {
			return n
		}
	}
	return suggest.Closest(name, names)
}
