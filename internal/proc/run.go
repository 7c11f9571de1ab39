package proc

import (
	"context"
	"strconv"
)

// Run starts the command of s and waits for it: [Start] then [Process.Wait].
func Run(ctx context.Context, s Spec) (*Result, error) {
	p, err := Start(ctx, s)
	if err != nil {
		return nil, err
	}
	return p.Wait()
}

// describe names the command of s for error messages.
func describe(s Spec) string {
	if s.Shell != "" {
		return "shell command " + quote(s.Shell)
	}
	if len(s.Argv) == 0 {
		return "command"
	}
	return "command " + quote(s.Argv[0])
}

// quote quotes s for a message, cut to a readable length.
func quote(s string) string {
	const limit = 120
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit]) + "…"
	}
	return strconv.Quote(s)
}
