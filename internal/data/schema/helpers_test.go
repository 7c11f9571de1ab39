package schema

import (
	"encoding/json"
	"regexp"
	"testing"
)

func mustRegexp(tb testing.TB, p string) *regexp.Regexp {
	tb.Helper()
	re, err := regexp.Compile(p)
	if err != nil {
		tb.Fatal(err)
	}
	return re
}

func jsonNumber(s string) json.Number { return json.Number(s) }
