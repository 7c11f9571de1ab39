package config

import (
	"strconv"

	"github.com/mlgate/mlgate/internal/suggest"
)

// didYouMean formats a suggestion as a sentence ending, or "".
func didYouMean(name string, names []string) string {
	if s := suggest.Closest(name, names); s != "" {
		return "; did you mean " + strconv.Quote(s) + "?"
	}
	return ""
}
