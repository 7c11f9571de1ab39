package gate

import (
	"fmt"
	"sort"
	"strings"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"

	"github.com/mlgate/mlgate/internal/result"
)

// Expr is a compiled CEL expression over the metrics (--expr). It sees
// three variables, each a map of the metrics as nested objects:
//
//	candidate   the candidate's metrics (all --candidate sources and derived metrics)
//	baseline    the baseline's metrics; empty without a baseline
//	simple      the simple models' metrics by name: simple.majority.accuracy
//
// The expression must be a condition (type bool); numbers compare across
// int and double, so candidate.latency_p95_ms < 50 works.
type Expr struct {
	// Text is the expression as written.
	Text string
	prg  cel.Program
	refs []string
}

// ExprError is a CEL expression that does not compile or type-check.
// Column is 1-based within the expression (0 when unknown), so callers that
// know where the expression sits in a file can point at the exact spot.
type ExprError struct {
	Expr   string
	Line   int
	Column int
	Msg    string
}

func (e *ExprError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("expression %q: %d:%d: %s", e.Expr, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("expression %q: %s", e.Expr, e.Msg)
}

// exprVars are the variables an expression sees.
var exprVars = []string{"candidate", "baseline", "simple"}

// newExprEnv returns the CEL environment of gate expressions.
func newExprEnv() (*cel.Env, error) {
	opts := []cel.EnvOption{cel.CrossTypeNumericComparisons(true)}
	for _, v := range exprVars {
		opts = append(opts, cel.Variable(v, cel.MapType(cel.StringType, cel.DynType)))
	}
	return cel.NewEnv(opts...)
}

// CompileExpr parses and type-checks a CEL expression. The error is an
// [*ExprError] pointing at the first problem.
func CompileExpr(s string) (*Expr, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return nil, &ExprError{Expr: s, Msg: "empty expression"}
	}
	env, err := newExprEnv()
	if err != nil {
		return nil, fmt.Errorf("CEL environment: %w", err)
	}
	ast, iss := env.Compile(text)
	if iss != nil && iss.Err() != nil {
		e := &ExprError{Expr: text, Msg: strings.TrimSpace(iss.Err().Error())}
		if errs := iss.Errors(); len(errs) > 0 {
			e.Msg = errs[0].Message
			if loc := errs[0].Location; loc != nil && loc.Line() > 0 {
				e.Line, e.Column = loc.Line(), loc.Column()+1
			}
		}
		return nil, e
	}
	if t := ast.OutputType(); !t.IsExactType(types.BoolType) {
		return nil, &ExprError{Expr: text, Msg: fmt.Sprintf("must be a condition (bool), but its type is %s; compare it, e.g. candidate.f1 >= 0.9", t)}
	}
	prg, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		return nil, &ExprError{Expr: text, Msg: err.Error()}
	}
	return &Expr{Text: text, prg: prg, refs: selectChains(ast.NativeRep())}, nil
}

// Metrics returns the metrics the expression reads, as written:
// "candidate.f1", "baseline.eval.auc".
func (e *Expr) Metrics() []string { return e.refs }

// selectChains returns the longest field-selection chains rooted at one of
// the variables, sorted and without duplicates.
func selectChains(a *celast.AST) []string {
	matches := celast.MatchDescendants(celast.NavigateAST(a), func(e celast.NavigableExpr) bool {
		return e.Kind() == celast.SelectKind
	})
	set := map[string]bool{}
	for _, m := range matches {
		if chain, ok := chainOf(m); ok {
			set[chain] = true
		}
	}
	var out []string
	for c := range set {
		longer := false
		for d := range set {
			if strings.HasPrefix(d, c+".") {
				longer = true
				break
			}
		}
		if !longer {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// chainOf spells a select expression as a dot path when it is rooted at a
// variable: candidate.eval.f1.
func chainOf(e celast.Expr) (string, bool) {
	var parts []string
	for e.Kind() == celast.SelectKind {
		s := e.AsSelect()
		if s.IsTestOnly() {
			return "", false
		}
		parts = append(parts, s.FieldName())
		e = s.Operand()
	}
	if e.Kind() != celast.IdentKind {
		return "", false
	}
	root := e.AsIdent()
	known := false
	for _, v := range exprVars {
		known = known || v == root
	}
	if !known {
		return "", false
	}
	parts = append(parts, root)
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "."), true
}

// judgeExpr evaluates an expression: true passes, false fails, and an
// expression that cannot be evaluated (a metric that is missing, a type
// mismatch) is an error, never a pass.
func (in *inputs) judgeExpr(e *Expr) judgement {
	vars := map[string]any{
		"candidate": in.cand.tree(),
		"baseline":  map[string]any{},
		"simple":    map[string]any{},
	}
	if in.base != nil {
		vars["baseline"] = Set{in.base}.tree()
	}
	simple := map[string]any{}
	for name, m := range in.simple {
		simple[name] = Set{m}.tree()
	}
	vars["simple"] = simple
	m := result.Metric{Name: "expr", Rule: e.Text}
	out, _, err := e.prg.Eval(vars)
	values := describeRefs(e.refs, vars)
	switch {
	case err != nil:
		m.Status, m.Message = result.Error, "cannot evaluate: "+err.Error()
		if strings.Contains(err.Error(), "no such key") && in.base == nil && strings.Contains(e.Text, "baseline.") {
			m.Message += " (no baseline was given)"
		}
	case out.Value() == true:
		m.Status, m.Message = result.Pass, "holds"
	default:
		m.Status, m.Message = result.Fail, "does not hold"
	}
	if values != "" {
		m.Message += ": " + values
	}
	return judgement{m: m, file: in.cand.Path()}
}

// describeRefs lists the values of the metrics an expression reads.
func describeRefs(refs []string, vars map[string]any) string {
	var parts []string
	for _, r := range refs {
		var cur any = vars
		for _, p := range strings.Split(r, ".") {
			mp, ok := cur.(map[string]any)
			if !ok {
				cur = nil
				break
			}
			cur = mp[p]
		}
		if f, ok := cur.(float64); ok {
			parts = append(parts, r+"="+num(f))
		}
	}
	return strings.Join(parts, ", ")
}

// tree converts the sources to nested maps for CEL: numbers as float64,
// strings as strings, arrays as lists. A key in several sources keeps the
// first source's value.
func (s Set) tree() map[string]any {
	out := map[string]any{}
	for _, m := range s {
		if v, ok := m.root.value().(map[string]any); ok {
			mergeInto(out, v)
		}
	}
	return out
}

func mergeInto(dst, src map[string]any) {
	for k, v := range src {
		old, exists := dst[k]
		if !exists {
			dst[k] = v
			continue
		}
		om, ok1 := old.(map[string]any)
		nm, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			mergeInto(om, nm)
		}
	}
}

// value converts a node to a plain Go value.
func (n *node) value() any {
	switch n.kind {
	case kindObject:
		m := make(map[string]any, len(n.fields))
		for k, c := range n.fields {
			m[k] = c.value()
		}
		return m
	case kindArray:
		l := make([]any, len(n.items))
		for i, c := range n.items {
			l[i] = c.value()
		}
		return l
	case kindNumber:
		return n.num
	}
	if n.str != "" {
		return n.str
	}
	return nil
}
