package gate

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Op is the comparison of a threshold rule.
type Op string

// Threshold operators.
const (
	OpGE Op = ">="
	OpLE Op = "<="
	OpGT Op = ">"
	OpLT Op = "<"
)

// holds reports whether v op x is true. NaN never holds.
func (op Op) holds(v, x float64) bool {
	switch op {
	case OpGE:
		return v >= x
	case OpLE:
		return v <= x
	case OpGT:
		return v > x
	case OpLT:
		return v < x
	}
	return false
}

// negate returns the operator that holds exactly when op does not (for
// numbers that are not NaN).
func (op Op) negate() Op {
	switch op {
	case OpGE:
		return OpLT
	case OpLE:
		return OpGT
	case OpGT:
		return OpLE
	}
	return OpGE
}

// Rule is a parsed --rule: either a threshold (Op set) or a change against
// the baseline (MaxDrop and/or MaxDropPct set).
type Rule struct {
	// Text is the rule as the user wrote it, trimmed.
	Text string
	// Metric is the metric's name or dot path.
	Metric string
	// Op is the comparison of a threshold rule; empty for a change rule.
	Op Op
	// Threshold is the right-hand side of a threshold rule.
	Threshold float64
	// MaxDrop is the largest allowed worsening, in the metric's units.
	MaxDrop *float64
	// MaxDropPct is the largest allowed worsening in percent of |baseline|.
	MaxDropPct *float64
	// Direction is given (direction=) or inferred from the name; it is
	// never DirectionUnknown for a change rule.
	Direction Direction
}

// IsChange reports whether r compares against the baseline.
func (r Rule) IsChange() bool { return r.Op == "" }

// spaceAroundEq lets "max_drop = 0.01" mean "max_drop=0.01".
var spaceAroundEq = regexp.MustCompile(`\s*=\s*`)

// ParseRule parses one --rule value. Errors quote the rule and name the bad part.
func ParseRule(s string) (Rule, error) {
	text := strings.TrimSpace(s)
	r := Rule{Text: text}
	fail := func(format string, args ...any) (Rule, error) {
		return Rule{}, fmt.Errorf("rule %q: %s", text, fmt.Sprintf(format, args...))
	}
	if text == "" {
		return fail("empty rule; want NAME >= X, NAME <= X, NAME > X, NAME < X or NAME: max_drop=X")
	}
	colon := strings.IndexByte(text, ':')
	op := strings.IndexAny(text, "=!<>")
	if op >= 0 && (colon < 0 || op < colon) && (text[op] == '=' || text[op] == '!') {
		for _, key := range []string{"max_drop", "max_drop_pct", "direction"} {
			if strings.HasSuffix(strings.TrimSpace(text[:op]), key) {
				return fail("missing ':' between the metric name and %s", key)
			}
		}
		return fail("unsupported operator %q; want >=, <=, >, < or NAME: max_drop=X", opAt(text, op))
	}
	if colon >= 0 && strings.ContainsAny(text[colon:], "<>") {
		return fail("a threshold takes no ':'; write NAME >= X")
	}
	if i := strings.IndexAny(text, "<>"); i >= 0 {
		name, rest := strings.TrimSpace(text[:i]), text[i+1:]
		r.Op = Op(text[i : i+1])
		if strings.HasPrefix(rest, "=") {
			r.Op += "="
			rest = rest[1:]
		}
		rest = strings.TrimSpace(rest)
		if err := checkName(name); err != nil {
			return fail("%v", err)
		}
		r.Metric = name
		if rest == "" {
			return fail("missing number after %q", r.Op)
		}
		x, err := parseNumber(rest)
		if err != nil {
			return fail("threshold %q: %v", rest, err)
		}
		r.Threshold = x
		r.Direction = InferDirection(name)
		return r, nil
	}
	if colon < 0 {
		return fail("missing operator; want NAME >= X, NAME <= X, NAME > X, NAME < X or NAME: max_drop=X")
	}
	name := strings.TrimSpace(text[:colon])
	if err := checkName(name); err != nil {
		return fail("%v", err)
	}
	r.Metric = name
	opts := strings.FieldsFunc(spaceAroundEq.ReplaceAllString(text[colon+1:], "="), func(c rune) bool {
		return c == ',' || unicode.IsSpace(c)
	})
	if len(opts) == 0 {
		return fail("no options after ':'; want max_drop=X or max_drop_pct=P")
	}
	seen := map[string]bool{}
	for _, opt := range opts {
		key, val, ok := strings.Cut(opt, "=")
		if !ok || key == "" {
			return fail("option %q: want KEY=VALUE (max_drop=X, max_drop_pct=P, direction=higher|lower)", opt)
		}
		if seen[key] {
			return fail("option %q is given twice", key)
		}
		seen[key] = true
		if val == "" {
			return fail("option %q has no value", key)
		}
		switch key {
		case "max_drop", "max_drop_pct":
			x, err := parseNumber(val)
			if err != nil {
				return fail("%s=%s: %v", key, val, err)
			}
			if x < 0 || math.IsInf(x, 0) {
				return fail("%s=%s: want a finite number >= 0", key, val)
			}
			if key == "max_drop" {
				r.MaxDrop = &x
			} else {
				r.MaxDropPct = &x
			}
		case "direction":
			switch strings.ToLower(val) {
			case "higher":
				r.Direction = HigherIsBetter
			case "lower":
				r.Direction = LowerIsBetter
			default:
				return fail("direction=%s: want direction=higher or direction=lower", val)
			}
		default:
			return fail("unknown option %q; want max_drop, max_drop_pct or direction", key)
		}
	}
	if r.MaxDrop == nil && r.MaxDropPct == nil {
		return fail("nothing to check; add max_drop=X or max_drop_pct=P")
	}
	if r.Direction == DirectionUnknown {
		r.Direction = InferDirection(name)
	}
	if r.Direction == DirectionUnknown {
		return fail("cannot tell whether higher or lower is better for %s; add direction=higher or direction=lower", name)
	}
	return r, nil
}

func checkName(name string) error {
	if name == "" {
		return fmt.Errorf("missing metric name")
	}
	if strings.IndexFunc(name, unicode.IsSpace) >= 0 {
		return fmt.Errorf("metric name %q contains a space (missing ':' or operator?)", name)
	}
	if i := strings.IndexAny(name, ":=!,"); i >= 0 {
		return fmt.Errorf("unexpected %q in metric name %q", name[i:i+1], name)
	}
	return nil
}

// opAt returns the operator-like run of characters at text[i:].
func opAt(text string, i int) string {
	j := i
	for j < len(text) && strings.ContainsRune("=!<>", rune(text[j])) {
		j++
	}
	return text[i:j]
}

// parseNumber parses a finite or infinite decimal number; NaN is refused.
func parseNumber(s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("not a number")
	}
	if math.IsNaN(x) {
		return 0, fmt.Errorf("NaN is not a threshold")
	}
	return x, nil
}
