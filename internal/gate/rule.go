package gate

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
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

// Check is what a rule checks.
type Check int

// The checks a rule can make.
const (
	// CheckThreshold compares the candidate with a fixed value (NAME >= X, or min=/max=).
	CheckThreshold Check = iota
	// CheckChange limits the worsening against the baseline (max_drop, max_drop_pct),
	// optionally judged by a paired bootstrap (significance).
	CheckChange
	// CheckSlices judges the metric on every slice of a column (slice=): per-slice
	// min/max and the gap between the best and the worst slice (max_gap).
	CheckSlices
	// CheckBeats requires the candidate to beat a simple model by a margin (beats=).
	CheckBeats
	// CheckHistory limits the distance to the best of the last releases (max_below_best).
	CheckHistory
)

// Rule is a parsed --rule.
type Rule struct {
	// Text is the rule as the user wrote it, trimmed.
	Text string
	// Metric is the metric's name or dot path.
	Metric string
	// Check is what the rule checks; the fields below that apply to it are set.
	Check Check
	// Op is the comparison of a threshold rule written NAME OP X.
	Op Op
	// Threshold is the right-hand side of a threshold rule written NAME OP X.
	Threshold float64
	// Min and Max are bounds (min=, max=) of a threshold or slices rule.
	Min, Max *float64
	// MaxDrop is the largest allowed worsening, in the metric's units.
	MaxDrop *float64
	// MaxDropPct is the largest allowed worsening in percent of |baseline|.
	MaxDropPct *float64
	// Significance is the confidence level of the paired bootstrap interval a
	// change rule is judged by (0.95); 0 judges the point estimates.
	Significance float64
	// Slice is the column whose slices a slices rule judges.
	Slice string
	// MinSize is the fewest examples a slice needs to be judged (default 30).
	MinSize int
	// MaxGap is the largest allowed gap between the best and the worst slice.
	MaxGap *float64
	// Beats names the simple model the candidate must beat.
	Beats string
	// Margin is by how much the candidate must beat the simple model.
	Margin float64
	// MaxBelowBest is how far below the best of the last releases the candidate may be.
	MaxBelowBest *float64
	// Last is how many recent releases the history check looks at (default 5).
	Last int
	// Direction is given (direction=) or inferred from the name; it is
	// never DirectionUnknown for the checks that compare two values.
	Direction Direction
}

// DefaultMinSliceSize is the default of min_size: smaller slices are listed
// but not judged.
const DefaultMinSliceSize = 30

// DefaultHistoryLast is the default of last: the releases a history check reads.
const DefaultHistoryLast = 5

// IsChange reports whether r compares against the baseline.
func (r Rule) IsChange() bool { return r.Check == CheckChange }

// spaceAroundEq lets "max_drop = 0.01" mean "max_drop=0.01".
var spaceAroundEq = regexp.MustCompile(`\s*=\s*`)

// ruleForms lists the rule forms for error messages.
const ruleForms = "NAME >= X, NAME <= X, NAME > X, NAME < X or NAME: max_drop=X (see mlgate gate --help)"

// optionChecks says which check each option belongs to; direction goes with any.
var optionChecks = map[string]Check{
	"min": CheckThreshold, "max": CheckThreshold,
	"max_drop": CheckChange, "max_drop_pct": CheckChange, "significance": CheckChange,
	"slice": CheckSlices, "min_size": CheckSlices, "max_gap": CheckSlices,
	"beats": CheckBeats, "margin": CheckBeats,
	"max_below_best": CheckHistory, "last": CheckHistory,
}

// ParseRule parses one --rule value. Errors quote the rule and name the bad part.
func ParseRule(s string) (Rule, error) {
	text := strings.TrimSpace(s)
	r := Rule{Text: text}
	fail := func(format string, args ...any) (Rule, error) {
		return Rule{}, fmt.Errorf("rule %q: %s", text, fmt.Sprintf(format, args...))
	}
	if text == "" {
		return fail("empty rule; want %s", ruleForms)
	}
	colon := strings.IndexByte(text, ':')
	op := strings.IndexAny(text, "=!<>")
	if op >= 0 && (colon < 0 || op < colon) && (text[op] == '=' || text[op] == '!') {
		for key := range optionChecks {
			if strings.HasSuffix(strings.TrimSpace(text[:op]), key) {
				return fail("missing ':' between the metric name and %s", key)
			}
		}
		return fail("unsupported operator %q; want %s", opAt(text, op), ruleForms)
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
		return fail("missing operator; want %s", ruleForms)
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
	vals := map[string]string{}
	var keys []string
	for _, opt := range opts {
		key, val, ok := strings.Cut(opt, "=")
		if !ok || key == "" {
			return fail("option %q: want KEY=VALUE, e.g. max_drop=0.01", opt)
		}
		if _, known := optionChecks[key]; !known && key != "direction" {
			if s := closestName(key, optionNames()); s != "" {
				return fail("unknown option %q; did you mean %s?", key, s)
			}
			return fail("unknown option %q; want one of %s", key, strings.Join(optionNames(), ", "))
		}
		if _, seen := vals[key]; seen {
			return fail("option %q is given twice", key)
		}
		if val == "" {
			return fail("option %q has no value", key)
		}
		vals[key] = val
		keys = append(keys, key)
	}
	r.Check = ruleCheck(vals)
	for _, k := range keys {
		if c, ok := optionChecks[k]; ok && c != r.Check && !(r.Check == CheckSlices && c == CheckThreshold) {
			return fail("option %s does not go with %s: one check per rule; split it into two --rule", k, checkKey(r.Check, vals))
		}
	}
	if err := r.setOptions(vals); err != nil {
		return fail("%v", err)
	}
	if err := r.complete(); err != nil {
		return fail("%v", err)
	}
	return r, nil
}

// ruleCheck decides the check of a rule from its options.
func ruleCheck(vals map[string]string) Check {
	has := func(k string) bool { _, ok := vals[k]; return ok }
	switch {
	case has("slice") || has("max_gap") || has("min_size"):
		return CheckSlices
	case has("beats") || has("margin"):
		return CheckBeats
	case has("max_below_best") || has("last"):
		return CheckHistory
	case has("max_drop") || has("max_drop_pct") || has("significance"):
		return CheckChange
	}
	return CheckThreshold
}

// checkKey names the option that decided check c, for messages.
func checkKey(c Check, vals map[string]string) string {
	for _, k := range []string{"slice", "max_gap", "min_size", "beats", "margin", "max_below_best", "last", "max_drop", "max_drop_pct", "significance", "min", "max"} {
		if _, ok := vals[k]; ok && optionChecks[k] == c {
			return k
		}
	}
	return "the other options"
}

// optionNames lists the rule options, sorted.
func optionNames() []string {
	keys := []string{"direction"}
	for k := range optionChecks {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// setOptions stores the option values; vals holds known keys only.
func (r *Rule) setOptions(vals map[string]string) error {
	for key, val := range vals {
		switch key {
		case "direction":
			switch strings.ToLower(val) {
			case "higher":
				r.Direction = HigherIsBetter
			case "lower":
				r.Direction = LowerIsBetter
			default:
				return fmt.Errorf("direction=%s: want direction=higher or direction=lower", val)
			}
		case "slice":
			r.Slice = val
		case "beats":
			r.Beats = val
		case "min_size", "last":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				return fmt.Errorf("%s=%s: want a whole number >= 1", key, val)
			}
			if key == "last" {
				r.Last = n
			} else {
				r.MinSize = n
			}
		case "significance":
			x, err := strconv.ParseFloat(val, 64)
			if err != nil || !(x > 0 && x < 1) {
				return fmt.Errorf("significance=%s: want a confidence level between 0 and 1, such as 0.95", val)
			}
			r.Significance = x
		default:
			x, err := parseNumber(val)
			if err != nil {
				return fmt.Errorf("%s=%s: %v", key, val, err)
			}
			if key == "min" || key == "max" {
				if key == "min" {
					r.Min = &x
				} else {
					r.Max = &x
				}
				continue
			}
			if math.IsInf(x, 0) {
				return fmt.Errorf("%s=%s: want a finite number", key, val)
			}
			// A negative max_drop demands an improvement, as MLflow's
			// min_absolute_change and TFMA's change thresholds can.
			if x < 0 && key != "max_drop" && key != "max_drop_pct" {
				return fmt.Errorf("%s=%s: want a finite number >= 0", key, val)
			}
			switch key {
			case "max_drop":
				r.MaxDrop = &x
			case "max_drop_pct":
				r.MaxDropPct = &x
			case "max_gap":
				r.MaxGap = &x
			case "margin":
				r.Margin = x
			case "max_below_best":
				r.MaxBelowBest = &x
			}
		}
	}
	return nil
}

// complete checks that the options make a whole check and fills defaults.
func (r *Rule) complete() error {
	if r.Min != nil && r.Max != nil && *r.Min > *r.Max {
		return fmt.Errorf("min=%s is above max=%s", num(*r.Min), num(*r.Max))
	}
	needDirection := false
	switch r.Check {
	case CheckThreshold:
		if r.Min == nil && r.Max == nil {
			return errors.New("nothing to check; add min=X, max=X or max_drop=X")
		}
	case CheckChange:
		if r.MaxDrop == nil && r.MaxDropPct == nil {
			return errors.New("nothing to check; add max_drop=X or max_drop_pct=P")
		}
		needDirection = true
	case CheckSlices:
		if r.Slice == "" {
			return errors.New("which slices? add slice=COLUMN")
		}
		if r.Min == nil && r.Max == nil && r.MaxGap == nil {
			return errors.New("nothing to check on the slices; add min=X, max=X or max_gap=X")
		}
		if r.MinSize == 0 {
			r.MinSize = DefaultMinSliceSize
		}
	case CheckBeats:
		if r.Beats == "" {
			return errors.New("beat what? add beats=NAME (a simple model given with --simple NAME=FILE)")
		}
		needDirection = true
	case CheckHistory:
		if r.MaxBelowBest == nil {
			return errors.New("nothing to check; add max_below_best=X")
		}
		if r.Last == 0 {
			r.Last = DefaultHistoryLast
		}
		needDirection = true
	}
	if r.Direction == DirectionUnknown {
		r.Direction = InferDirection(r.Metric)
	}
	if needDirection && r.Direction == DirectionUnknown {
		return fmt.Errorf("cannot tell whether higher or lower is better for %s; add direction=higher or direction=lower", r.Metric)
	}
	return nil
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
