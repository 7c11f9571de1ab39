package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mlgate/mlgate/internal/config"
	"github.com/mlgate/mlgate/internal/gate"
	"github.com/mlgate/mlgate/internal/platform"
)

// defaultConfig is the config file "mlgate run" reads unless --config says otherwise.
const defaultConfig = "mlgate.yaml"

// gateKinds maps each kind of gate in mlgate.yaml to its command. A kind
// whose command is not in the command tree (yet) is unknown at run time. A
// command without --id (eval) is a step: run records its exit code as its
// result.
var gateKinds = []struct{ kind, command string }{
	{"data", "data validate"},
	{"smoke", "smoke"},
	{"repro", "repro"},
	{"gate", "gate"},
	{"canary", "canary"},
	{"eval", "eval"},
	{"monitor", "monitor"},
}

// kindChecks validate a gate of a kind beyond its flags' own parsing, at
// load time, pointing at the value they refuse.
var kindChecks = map[string]func(config.Gate) []error{
	"gate": checkGateRules,
}

// configSpec describes the kinds of gate and the report options from the
// command tree, so a gate's options are exactly its command's flags. The
// values are checked on a tree built for checking only.
func configSpec(env Env) config.Spec {
	root := newRootCmd(env)
	var spec config.Spec
	for _, k := range gateKinds {
		cmd := findCommand(root, k.command)
		if cmd == nil {
			continue
		}
		spec.Kinds = append(spec.Kinds, config.Kind{
			Name:    k.kind,
			Command: k.command,
			Short:   cmd.Short,
			Flags:   config.FlagsOf(cmd.Flags(), "id", "results-dir"),
			Step:    cmd.Flags().Lookup("id") == nil,
			Check:   kindChecks[k.kind],
		})
	}
	if rep := findCommand(root, "report"); rep != nil {
		spec.Report = config.Kind{
			Name:    "report",
			Command: "report",
			Short:   rep.Short,
			Flags:   config.FlagsOf(rep.Flags(), "results-dir"),
			Check:   checkReport,
		}
	}
	return spec
}

// findCommand returns the command at path ("data validate") under root, or nil.
func findCommand(root *cobra.Command, path string) *cobra.Command {
	cmd, rest, err := root.Find(strings.Fields(path))
	if err != nil || len(rest) > 0 || cmd.CommandPath() != root.Name()+" "+path {
		return nil
	}
	return cmd
}

// checkGateRules parses every rule and type-checks every CEL expression of
// a kind: gate, as "mlgate gate" would, pointing at the value it refuses.
func checkGateRules(g config.Gate) []error {
	var errs []error
	simple := map[string]bool{}
	if o, ok := g.Lookup("simple"); ok {
		for _, v := range o.Values {
			name, file, ok := strings.Cut(v.Text, "=")
			if !ok || name == "" || file == "" {
				errs = append(errs, g.ErrorAt(v.Pos, "%s: %q: want NAME=FILE, e.g. majority=majority-eval.json", o.Key, v.Text))
				continue
			}
			simple[name] = true
		}
	}
	rules, _ := g.Lookup("rule")
	for _, v := range rules.Values {
		r, err := gate.ParseRule(v.Text)
		switch {
		case err != nil:
			errs = append(errs, g.ErrorAt(v.Pos, "%v", err))
		case r.Check == gate.CheckBeats && !simple[r.Beats]:
			errs = append(errs, g.ErrorAt(v.Pos, "rule %q: no simple model %q; add it to simple: as %s=FILE", r.Text, r.Beats, r.Beats))
		}
	}
	exprs, _ := g.Lookup("expr")
	for _, v := range exprs.Values {
		if _, err := gate.CompileExpr(v.Text); err != nil {
			p := v.Pos
			var ee *gate.ExprError
			if errors.As(err, &ee) && ee.Line == 1 && ee.Column > 0 {
				p.Column += ee.Column - 1 // the spot within a one-line expression
			}
			errs = append(errs, g.ErrorAt(p, "%v", err))
		}
	}
	return errs
}

// checkReport checks the report options that are strings to pflag.
func checkReport(g config.Gate) []error {
	var errs []error
	if o, ok := g.Lookup("comment"); ok {
		for _, v := range o.Values {
			if _, ok := platform.ParseCommentMode(v.Text); !ok {
				errs = append(errs, g.ErrorAt(v.Pos, "%s: invalid value %q: want auto, always, on-failure or never", o.Key, v.Text))
			}
		}
	}
	if o, ok := g.Lookup("platform"); ok {
		for _, v := range o.Values {
			switch v.Text {
			case "auto", "github", "gitlab", "local":
			default:
				errs = append(errs, g.ErrorAt(v.Pos, "%s: invalid value %q: want auto, github, gitlab or local", o.Key, v.Text))
			}
		}
	}
	return errs
}

// loadConfig loads and validates the config file; a bad config is exit 2.
func loadConfig(env Env, path string) (*config.Config, error) {
	cfg, err := config.Load(path, env.Getenv, configSpec(env))
	if err == nil {
		return cfg, nil
	}
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		n := len(joined.Unwrap())
		noun := "problems"
		if n == 1 {
			noun = "problem"
		}
		return nil, exitCode(ExitError, fmt.Errorf("%s: %d %s:\n%w", path, n, noun, err))
	}
	return nil, exitCode(ExitError, err)
}

func newConfigCmd(env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Check mlgate.yaml; print its JSON Schema",
		Long: `Helpers for mlgate.yaml, the file "mlgate run" executes (see docs/config.md).

A gate's options in mlgate.yaml are exactly the flags of its command:
reference_profile (or reference-profile) is --reference-profile, a list
repeats a flag, rules: is --rule.`,
		Example: `  mlgate config validate
  mlgate config validate --config ci/mlgate.yaml
  mlgate config schema > schemas/mlgate.schema.json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newConfigValidateCmd(env), newConfigSchemaCmd(env))
	return cmd
}

func newConfigValidateCmd(env Env) *cobra.Command {
	path := defaultConfig
	cmd := &cobra.Command{
		Use:   "validate [--config FILE]",
		Short: "Check mlgate.yaml and list every problem, with its line and column",
		Long: `Load mlgate.yaml as "mlgate run" does, without running anything: unknown
keys and options (with a suggestion), values the flags refuse, duplicate ids,
unset environment variables, rules that do not parse. Every problem is
listed at once as FILE:LINE:COL: message. Exit 0 when the file is valid,
2 when it is not.`,
		Example: `  mlgate config validate
  MODEL_DIR=out mlgate config validate --config ci/mlgate.yaml`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(env, path)
			if err != nil {
				return err
			}
			noun := "gates"
			if len(cfg.Gates) == 1 {
				noun = "gate"
			}
			fmt.Fprintf(env.Stdout, "%s: valid, %d %s\n", path, len(cfg.Gates), noun)
			for _, g := range cfg.Gates {
				fmt.Fprintf(env.Stdout, "  %s (%s)\n", g.ID, g.Kind)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&path, "config", defaultConfig, "config file")
	return cmd
}

func newConfigSchemaCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of mlgate.yaml, for editors and CI checks",
		Long: `Print the JSON Schema (draft 2020-12) of mlgate.yaml, generated from the
commands' flags. The repository ships it as schemas/mlgate.schema.json;
point your editor at it with a first line such as

  # yaml-language-server: $schema=https://raw.githubusercontent.com/mlgate/mlgate/main/schemas/mlgate.schema.json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			doc, err := configSpec(env).JSONSchema()
			if err != nil {
				return exitCode(ExitError, err)
			}
			_, err = env.Stdout.Write(doc)
			return err
		},
	}
}
