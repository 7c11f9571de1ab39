package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/mlgate/mlgate/internal/data"
	"github.com/mlgate/mlgate/internal/data/infer"
	"github.com/mlgate/mlgate/internal/data/profile"
	"github.com/mlgate/mlgate/internal/data/table"
	"github.com/mlgate/mlgate/internal/result"
)

func newDataCmd(env Env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "data",
		Short: "Infer a schema from training data; validate data; detect drift and skew",
		Long: `The data gate. Learn a schema and a statistical profile from training data
once, commit the schema, then check every new dataset against it: row by row
(types, ranges, enums, patterns, formats), as a whole (row counts, missing
values, uniqueness, new or missing columns, personal data), and against the
training profile (drift, training/serving skew).

Inputs: CSV, TSV, JSON Lines and Parquet files, gzip-compressed or not
(detected by content), several files or globs read as one dataset.`,
		Example: `  mlgate data infer --data train.csv --schema-out schema.json --profile-out train.profile.json
  mlgate data validate --data new.csv --schema schema.json --reference-profile train.profile.json
  mlgate data profile --data 'shards/part-*.parquet' --profile-out shard.profile.json
  mlgate data merge-profiles a.profile.json b.profile.json --profile-out all.profile.json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newDataInferCmd(env), newDataValidateCmd(env, g), newDataProfileCmd(env), newDataMergeCmd(env))
	cmd.PersistentPreRun = func(*cobra.Command, []string) {
		// Streaming keeps the live heap small (tens of MB), so trading a
		// little memory for fewer collections is cheap; GOGC still rules
		// when the user sets it.
		if env.Getenv("GOGC") == "" {
			debug.SetGCPercent(400)
		}
	}
	return cmd
}

// readFlags are the reader flags every data command shares.
type readFlags struct {
	format string
}

func (r *readFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&r.format, "format", "auto", "input format: auto (by extension and content), csv, tsv, jsonl, parquet")
}

func (r *readFlags) options() (table.Options, error) {
	if r.format == "auto" || r.format == "" {
		return table.Options{}, nil
	}
	f, err := table.ParseFormat(r.format)
	if err != nil {
		return table.Options{}, usageError("--format: %v", err)
	}
	return table.Options{Format: f}, nil
}

func newDataInferCmd(env Env) *cobra.Command {
	var (
		paths      []string
		schemaOut  string
		profileOut string
		margin     float64
		enumMax    int
		rf         readFlags
	)
	cmd := &cobra.Command{
		Use:   "infer --data FILE... --schema-out FILE [--profile-out FILE]",
		Short: "Learn a row schema and a profile from training data",
		Long: `Read the training data once and write:

  - a JSON Schema (draft 2020-12) for one row, meant to be reviewed, edited and
    committed: types, nullability, numeric ranges (widened by --range-margin),
    enums for columns with few values, string lengths, required columns, no
    unknown columns; dataset-level checks in "x-mlgate" keywords (row counts,
    missing fractions, uniqueness, column order, drift thresholds);
  - a profile: counts, missing, NaN/Inf, moments, quantile sketch, histogram
    and most frequent values per column, for drift checks later.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "data", "schema-out"); err != nil {
				return err
			}
			if margin < 0 {
				return usageError("data infer: --range-margin must be >= 0")
			}
			p, elapsed, err := profileData(cmd, env, paths, &rf)
			if err != nil {
				return err
			}
			doc, err := infer.Schema(p, infer.Options{RangeMargin: margin, EnumMax: enumMax})
			if err != nil {
				return exitCode(ExitError, fmt.Errorf("inferring the schema: %w", err))
			}
			if err := writeOutput(schemaOut, env.Stdout, func(w io.Writer) error { _, err := w.Write(doc); return err }); err != nil {
				return exitCode(ExitError, err)
			}
			if profileOut != "" {
				if err := data.WriteProfile(profileOut, p); err != nil {
					return exitCode(ExitError, err)
				}
			}
			if schemaOut != "-" {
				fmt.Fprintf(env.Stdout, "inferred %s from %d rows x %d columns in %s (%s rows/s)\n",
					schemaOut, p.Rows, len(p.Columns), elapsed.Round(time.Millisecond), rate(p.Rows, elapsed))
				if profileOut != "" {
					fmt.Fprintf(env.Stdout, "profile written to %s\n", profileOut)
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&paths, "data", nil, "training data file or glob, repeatable (shards are read as one dataset)")
	f.StringVar(&schemaOut, "schema-out", "", "where to write the schema (- for stdout)")
	f.StringVar(&profileOut, "profile-out", "", "where to write the profile")
	f.Float64Var(&margin, "range-margin", 0.1, "widen numeric ranges by this fraction of the observed range on each side")
	f.IntVar(&enumMax, "enum-max", infer.DefaultEnumMax, "largest number of distinct values that makes an enum (-1: no enums)")
	rf.add(cmd)
	return cmd
}

func newDataValidateCmd(env Env, g *globalOptions) *cobra.Command {
	var (
		o  data.ValidateOptions
		rf readFlags
	)
	cmd := &cobra.Command{
		Use:   "validate --data FILE... --schema FILE [--reference-profile FILE | --reference FILE...]",
		Short: "Validate a dataset against a schema; detect drift against a reference",
		Long: `Validate every row of a dataset against the row schema, then the dataset as
a whole, and, with a reference (the training profile or data), compare
distributions to find drift and training/serving skew.

Every JSON Schema keyword keeps its standard meaning. Common keywords are
compiled into fast typed column checks; a schema that uses others is
validated by the reference validator, in parallel. CSV cells are typed by
the schema: an empty cell is null; NaN and Inf are refused unless the
column says "x-mlgate-allow-nan": true.

Findings are grouped per column and kind with exact counts and the first
examples (file and line). The result goes to <results-dir>/<id>.json for
"mlgate report".`,
		Example: `  mlgate data validate --data new.csv --schema schema.json
  mlgate data validate --data 'serving/*.jsonl.gz' --schema schema.json --reference-profile train.profile.json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "data", "schema"); err != nil {
				return err
			}
			if o.ReferenceProfile != "" && len(o.Reference) > 0 {
				return usageError("data validate: give --reference-profile or --reference, not both")
			}
			if !result.ValidID(o.ID) {
				return usageError("data validate: invalid --id %q: use letters, digits, '.', '-' and '_'", o.ID)
			}
			ro, err := rf.options()
			if err != nil {
				return err
			}
			o.Read = ro
			o.Now = env.Now
			o.Progress = progress(env, env.Now())
			endGroup := logGroup(env, "mlgate data validate "+o.ID)
			res := data.Validate(cmd.Context(), o)
			endProgress(env)
			err = finishGate(env, g.resultsDir, res)
			endGroup()
			return err
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.Data, "data", nil, "data file or glob, repeatable (shards are read as one dataset)")
	f.StringVar(&o.Schema, "schema", "", "row schema (JSON Schema), e.g. from 'mlgate data infer'")
	f.StringVar(&o.ReferenceProfile, "reference-profile", "", "profile of the reference (training) data, for drift")
	f.StringArrayVar(&o.Reference, "reference", nil, "reference data file or glob, for drift (profiled first)")
	f.StringVar(&o.ProfileOut, "profile-out", "", "also write the profile of the validated data")
	f.StringVar(&o.ID, "id", "data", "result id")
	f.StringVar(&o.Title, "title", "", "title shown in the report")
	f.IntVar(&o.MaxExamples, "max-examples", data.DefaultMaxExamples, "example rows quoted per finding")
	rf.add(cmd)
	return cmd
}

func newDataProfileCmd(env Env) *cobra.Command {
	var (
		paths []string
		out   string
		rf    readFlags
	)
	cmd := &cobra.Command{
		Use:   "profile --data FILE... --profile-out FILE",
		Short: "Profile a dataset (or one shard of it)",
		Long: `Profile a dataset in one streaming pass. Profiles of shards, made in
parallel CI jobs, combine with "mlgate data merge-profiles".`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "data", "profile-out"); err != nil {
				return err
			}
			p, elapsed, err := profileData(cmd, env, paths, &rf)
			if err != nil {
				return err
			}
			if err := data.WriteProfile(out, p); err != nil {
				return exitCode(ExitError, err)
			}
			fmt.Fprintf(env.Stdout, "profiled %d rows x %d columns in %s (%s rows/s): %s\n",
				p.Rows, len(p.Columns), elapsed.Round(time.Millisecond), rate(p.Rows, elapsed), out)
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&paths, "data", nil, "data file or glob, repeatable")
	cmd.Flags().StringVar(&out, "profile-out", "", "where to write the profile")
	rf.add(cmd)
	return cmd
}

func newDataMergeCmd(env Env) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "merge-profiles FILE... --profile-out FILE",
		Short: "Merge the profiles of shards into the profile of the whole dataset",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return usageError("data merge-profiles: --profile-out is required")
			}
			var ps []*profile.Profile
			for _, a := range args {
				p, err := data.ReadProfile(a)
				if err != nil {
					return exitCode(ExitError, err)
				}
				ps = append(ps, p)
			}
			m, err := profile.Merge(ps...)
			if err != nil {
				return exitCode(ExitError, fmt.Errorf("merging profiles: %w", err))
			}
			if err := data.WriteProfile(out, m); err != nil {
				return exitCode(ExitError, err)
			}
			fmt.Fprintf(env.Stdout, "merged %d profiles (%d rows) into %s\n", len(ps), m.Rows, out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "profile-out", "", "where to write the merged profile")
	return cmd
}

// profileData profiles the dataset read as rf says, with a progress
// display, for the infer and profile commands.
func profileData(cmd *cobra.Command, env Env, paths []string, rf *readFlags) (*profile.Profile, time.Duration, error) {
	ro, err := rf.options()
	if err != nil {
		return nil, 0, err
	}
	start := env.Now()
	p, err := data.ProfileData(cmd.Context(), paths, ro, progress(env, start))
	endProgress(env)
	if err != nil {
		return nil, 0, exitCode(ExitError, err)
	}
	return p, env.Now().Sub(start), nil
}

// logGroup opens a collapsible log group on GitHub Actions and returns the
// function that closes it; elsewhere both do nothing.
func logGroup(env Env, title string) func() {
	if env.Getenv("GITHUB_ACTIONS") != "true" {
		return func() {}
	}
	fmt.Fprintf(env.Stdout, "::group::%s\n", oneLine(title))
	return func() { fmt.Fprintln(env.Stdout, "::endgroup::") }
}

// progress returns a callback that draws a one-line progress display on
// stderr when stderr is a terminal, and nil otherwise.
func progress(env Env, start time.Time) func(rows, bytes int64) {
	f, ok := env.Stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var last time.Time
	return func(rows, bytes int64) {
		now := env.Now()
		if now.Sub(last) < 200*time.Millisecond {
			return
		}
		last = now
		fmt.Fprintf(env.Stderr, "\r\033[K%s rows · %.1f MB · %s rows/s", data.Thousands(rows), float64(bytes)/1e6, rate(rows, now.Sub(start)))
	}
}

// endProgress clears the progress line.
func endProgress(env Env) {
	if f, ok := env.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Stderr, "\r\033[K")
	}
}

func rate(n int64, d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	r := float64(n) / d.Seconds()
	switch {
	case r >= 1e6:
		return fmt.Sprintf("%.2fM", r/1e6)
	case r >= 1e3:
		return fmt.Sprintf("%.1fk", r/1e3)
	}
	return fmt.Sprintf("%.0f", r)
}
