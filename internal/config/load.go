package config

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/mlgate/mlgate/internal/fileerr"
	"github.com/mlgate/mlgate/internal/result"
)

// topKeys are the keys of the top-level mapping.
var topKeys = []string{"version", "results_dir", "gates", "report", "score"}

// Load reads and validates the config file at path. Environment variables
// in values are expanded with getenv. A config with problems returns every
// problem at once: errors.Join of *fileerr.Error values sorted by position.
func Load(path string, getenv func(string) string, spec Spec) (*Config, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("config file %s not found: create it (see docs/config.md) or pass --config FILE", path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading config %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading config %s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("config %s is larger than %d KiB: is it the right file?", path, MaxFileSize>>10)
	}
	return Parse(path, data, getenv, spec)
}

// Parse validates a config held in memory; file names it in errors.
func Parse(file string, data []byte, getenv func(string) string, spec Spec) (*Config, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	l := &loader{file: file, getenv: getenv, spec: spec, anchors: map[string]ast.Node{}}
	cfg := l.parse(data)
	if len(l.errs) > 0 {
		return nil, l.joined()
	}
	return cfg, nil
}

// loader collects every problem while it walks the YAML tree.
type loader struct {
	file    string
	getenv  func(string) string
	spec    Spec
	errs    []*fileerr.Error
	secrets []string
	anchors map[string]ast.Node
}

func (l *loader) errorf(p Pos, format string, args ...any) {
	l.errs = append(l.errs, &fileerr.Error{File: l.file, Line: p.Line, Column: p.Column, Err: fmt.Errorf(format, args...)})
}

// add records an error a hook returned, placing it at p unless it has a
// position of its own.
func (l *loader) add(err error, p Pos) {
	var fe *fileerr.Error
	if errors.As(err, &fe) {
		l.errs = append(l.errs, fe)
		return
	}
	l.errorf(p, "%v", err)
}

// joined sorts the errors by position, masks secrets in them, and joins them.
func (l *loader) joined() error {
	slices.SortStableFunc(l.errs, func(a, b *fileerr.Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	mask := newMasker(l.secrets)
	errs := make([]error, len(l.errs))
	for i, e := range l.errs {
		if msg := e.Err.Error(); mask.Replace(msg) != msg {
			e = &fileerr.Error{File: e.File, Line: e.Line, Column: e.Column, Err: errors.New(mask.Replace(msg))}
		}
		errs[i] = e
	}
	return errors.Join(errs...)
}

func (l *loader) parse(data []byte) *Config {
	cfg := &Config{Path: l.file, Report: Section{File: l.file}}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			l.errorf(pos(ye.GetToken().Position.Line, ye.GetToken().Position.Column), "%s", ye.GetMessage())
		} else {
			l.errorf(Pos{}, "%v", err)
		}
		return nil
	}
	var body ast.Node
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if body != nil {
			l.errorf(nodePos(doc.Body), "a second YAML document: mlgate.yaml holds one")
			break
		}
		body = doc.Body
	}
	if body == nil {
		l.errorf(pos(1, 1), "empty config: want at least \"version: 1\" and \"gates:\"")
		return nil
	}
	l.collectAnchors(body)
	entries, ok := l.mapping(body, "the config")
	if !ok {
		return nil
	}
	seen := map[string]Pos{}
	for _, e := range entries {
		key, kp, ok := l.key(e)
		if !ok || l.duplicate(seen, key, kp) {
			continue
		}
		switch key {
		case "version":
			cfg.Version = l.version(e.Value, kp)
		case "results_dir":
			if v, ok := l.scalar(e.Value, "results_dir", kp); ok {
				if v.Text == "" {
					l.errorf(v.Pos, "results_dir is empty: remove it for the default %s", ".mlgate/results")
				}
				cfg.ResultsDir = v.Text
			}
		case "gates":
			cfg.Gates = l.gates(e.Value, kp)
		case "report":
			cfg.Report = l.report(e.Value, kp)
		case "score":
			cfg.Score = l.score(e.Value, kp)
		default:
			l.errorf(kp, "unknown key %q%s (known: %s)", key, didYouMean(key, topKeys), strings.Join(topKeys, ", "))
		}
	}
	top := nodePos(body)
	if _, ok := seen["version"]; !ok {
		l.errorf(top, "version is missing: add \"version: 1\"")
	}
	if _, ok := seen["gates"]; !ok {
		l.errorf(top, "gates is missing: declare at least one gate")
	}
	slices.Sort(l.secrets)
	l.secrets = slices.Compact(l.secrets)
	cfg.Secrets = l.secrets
	cfg.masker = newMasker(l.secrets)
	return cfg
}

// duplicate reports (and records as an error) a key seen before.
func (l *loader) duplicate(seen map[string]Pos, key string, p Pos) bool {
	if first, ok := seen[key]; ok {
		l.errorf(p, "%q is given twice (first at line %d)", key, first.Line)
		return true
	}
	seen[key] = p
	return false
}

func (l *loader) version(n ast.Node, kp Pos) int {
	v, ok := l.scalar(n, "version", kp)
	if !ok {
		return 0
	}
	if _, isInt := l.resolve(n).(*ast.IntegerNode); !isInt || v.Text != strconv.Itoa(Version) {
		l.errorf(v.Pos, "unsupported version %q: this mlgate reads version %d", v.Text, Version)
		return 0
	}
	return Version
}

func (l *loader) gates(n ast.Node, kp Pos) []Gate {
	items, ok := l.sequence(n, "gates", kp)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		l.errorf(kp, "gates is empty: declare at least one gate")
	}
	var gates []Gate
	ids := map[string]Pos{}
	for i, item := range items {
		g, ok := l.gate(item, i+1)
		if !ok {
			continue
		}
		if g.ID != "" {
			if first, dup := ids[g.ID]; dup {
				l.errorf(g.IDPos, "duplicate id %q: the gate at line %d has it too", g.ID, first.Line)
			} else {
				ids[g.ID] = g.IDPos
			}
		}
		gates = append(gates, g)
	}
	return gates
}

// gate reads gate number n (1-based).
func (l *loader) gate(n ast.Node, num int) (Gate, bool) {
	entries, ok := l.mapping(n, fmt.Sprintf("gate %d", num))
	if !ok {
		return Gate{}, false
	}
	g := Gate{Section: Section{File: l.file, Pos: nodePos(n)}}
	var rest []*ast.MappingValueNode
	seen := map[string]Pos{}
	for _, e := range entries {
		key, kp, ok := l.key(e)
		if !ok {
			continue
		}
		switch key {
		case "id", "kind":
			if l.duplicate(seen, key, kp) {
				continue
			}
			v, ok := l.scalar(e.Value, key, kp)
			if !ok {
				continue
			}
			if key == "id" {
				g.ID, g.IDPos = v.Text, v.Pos
			} else {
				g.Kind, g.KindPos = v.Text, v.Pos
			}
		default:
			rest = append(rest, e)
		}
	}
	name := fmt.Sprintf("gate %d", num)
	switch {
	case g.IDPos == Pos{}:
		l.errorf(g.Pos, "%s has no id: add \"id: NAME\" (the result file and the name in the report)", name)
	case !result.ValidID(g.ID):
		l.errorf(g.IDPos, "invalid id %q: use letters, digits, '.', '-' and '_', starting with a letter or digit", g.ID)
	default:
		name = "gate " + strconv.Quote(g.ID)
	}
	known := strings.Join(l.spec.kindNames(), ", ")
	if g.KindPos == (Pos{}) {
		l.errorf(g.Pos, "%s has no kind: add \"kind: KIND\" (one of %s)", name, known)
		return g, true
	}
	kind, ok := l.spec.Kind(g.Kind)
	if !ok {
		l.errorf(g.KindPos, "unknown kind %q%s (known: %s)", g.Kind, didYouMean(g.Kind, l.spec.kindNames()), known)
		return g, true
	}
	g.Step = kind.Step
	before := len(l.errs)
	g.Options = l.options(rest, kind, seen)
	if kind.Check != nil && len(l.errs) == before {
		for _, err := range kind.Check(g) {
			l.add(err, g.Pos)
		}
	}
	return g, true
}

// report reads the report: section.
func (l *loader) report(n ast.Node, kp Pos) Section {
	s := Section{File: l.file, Pos: kp}
	if l.spec.Report.Name == "" {
		l.errorf(kp, "report is not supported by this mlgate")
		return s
	}
	if _, ok := l.resolve(n).(*ast.NullNode); ok {
		return s // "report:" with nothing under it: the defaults
	}
	entries, ok := l.mapping(n, "report")
	if !ok {
		return s
	}
	before := len(l.errs)
	s.Options = l.options(entries, l.spec.Report, map[string]Pos{})
	if l.spec.Report.Check != nil && len(l.errs) == before {
		for _, err := range l.spec.Report.Check(Gate{Section: s, Kind: l.spec.Report.Name}) {
			l.add(err, kp)
		}
	}
	return s
}

// options reads the options of a section against its kind's flags.
func (l *loader) options(entries []*ast.MappingValueNode, kind Kind, seen map[string]Pos) []Option {
	var opts []Option
	where := "kind " + kind.Name
	if kind.Command != "" {
		where = fmt.Sprintf("kind %s (mlgate %s)", kind.Name, kind.Command)
	}
	for _, e := range entries {
		key, kp, ok := l.key(e)
		if !ok {
			continue
		}
		flag, ok := kind.flag(key)
		if !ok {
			l.errorf(kp, "unknown option %q for %s%s (the options are the flags of 'mlgate %s --help')",
				key, where, didYouMean(key, kind.keys()), cmp.Or(kind.Command, kind.Name))
			continue
		}
		if l.duplicate(seen, flag.Name, kp) {
			continue
		}
		opt := Option{Name: flag.Name, Key: key, Pos: kp}
		var nodes []ast.Node
		if items, isSeq := l.resolve(e.Value).(*ast.SequenceNode); isSeq {
			if !flag.Repeatable {
				l.errorf(kp, "%s takes one value, not a list (--%s is not repeatable)", key, flag.Name)
				continue
			}
			nodes = items.Values
		} else {
			nodes = []ast.Node{e.Value}
		}
		for _, vn := range nodes {
			v, ok := l.scalar(vn, key, kp)
			if !ok {
				continue
			}
			if flag.Set != nil {
				if err := flag.Set(v.Text); err != nil {
					l.errorf(v.Pos, "%s: invalid value %q for --%s: %s", key, v.Text, flag.Name, valueHint(flag.Type, err))
					continue
				}
			}
			opt.Values = append(opt.Values, v)
		}
		opts = append(opts, opt)
	}
	return opts
}

var scoreKeys, manualKeys = []string{"manual"}, []string{"test", "evidence"}

// score reads the score: section.
func (l *loader) score(n ast.Node, kp Pos) Score {
	var s Score
	if _, ok := l.resolve(n).(*ast.NullNode); ok {
		return s
	}
	entries, ok := l.mapping(n, "score")
	if !ok {
		return s
	}
	for _, e := range entries {
		key, p, ok := l.key(e)
		if !ok {
			continue
		}
		if key != "manual" {
			l.errorf(p, "unknown key %q in score%s (known: %s)", key, didYouMean(key, scoreKeys), strings.Join(scoreKeys, ", "))
			continue
		}
		items, ok := l.sequence(e.Value, "score.manual", p)
		if !ok {
			continue
		}
		for i, item := range items {
			if m, ok := l.manual(item, i+1); ok {
				s.Manual = append(s.Manual, m)
			}
		}
	}
	return s
}

func (l *loader) manual(n ast.Node, num int) (Manual, bool) {
	what := fmt.Sprintf("score.manual entry %d", num)
	entries, ok := l.mapping(n, what)
	if !ok {
		return Manual{}, false
	}
	m := Manual{Pos: nodePos(n)}
	var got [2]bool
	for _, e := range entries {
		key, p, ok := l.key(e)
		if !ok {
			continue
		}
		i := slices.Index(manualKeys, key)
		if i < 0 {
			l.errorf(p, "unknown key %q in %s%s (known: test, evidence)", key, what, didYouMean(key, manualKeys))
			continue
		}
		v, ok := l.scalar(e.Value, key, p)
		if !ok {
			continue
		}
		got[i] = true
		if strings.TrimSpace(v.Text) == "" {
			l.errorf(v.Pos, "%s: %s is empty", what, key)
		}
		if i == 0 {
			m.Test = v.Text
		} else {
			m.Evidence = v.Text
		}
	}
	if !got[0] {
		l.errorf(m.Pos, "%s has no test: name the ML Test Score test (e.g. infra-3)", what)
	}
	if !got[1] {
		l.errorf(m.Pos, "%s has no evidence: link the runbook, dashboard or review that shows the test is done", what)
	}
	return m, true
}

// valueHint says what a flag of the pflag type wants, in place of a
// strconv error; other types explain themselves.
func valueHint(flagType string, err error) string {
	switch t := strings.TrimSuffix(strings.TrimSuffix(flagType, "Slice"), "Array"); {
	case t == "bool":
		return "want true or false"
	case t == "duration":
		return "want a duration such as 90s, 5m or 1h30m"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "want a whole number"
	case strings.HasPrefix(t, "float"):
		return "want a number"
	}
	return err.Error()
}
