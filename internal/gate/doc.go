// Package gate implements the threshold model gate: it reads the candidate
// model's metrics (and optionally a baseline's), checks them against rules
// given as --rule flags, and returns one [result.Result].
//
// # Metrics files
//
// A metrics file is JSON or YAML, chosen by extension (.json, .yaml, .yml);
// any other extension is tried as JSON, then as YAML. Metrics are addressed
// by dot paths into nested objects, as DVC does ("eval.accuracy"); a key
// that itself contains dots ({"eval.accuracy": 0.9}) matches too, and array
// elements are addressed by index ("folds.0.auc"). Values must be numbers;
// YAML's .nan and .inf are numbers. A string, boolean or null at a path a rule
// uses is an error naming the path and file:line.
//
// # Rules
//
//	NAME >= X, NAME <= X, NAME > X, NAME < X   absolute thresholds
//	NAME: max_drop=X                           fails when NAME got worse than the baseline by more than X
//	NAME: max_drop_pct=P                       fails when NAME got worse by more than P percent of |baseline|
//	NAME: max_drop=X, direction=higher         options are separated by commas or spaces
//
// Whether higher or lower is better is inferred from the tokens of the name
// (split on . _ - /): loss, error, latency, ms, memory, rmse, ... are lower
// is better; accuracy, f1, auc, precision, recall, ... are higher is better.
// A name with tokens of both kinds, or none, needs direction=higher or
// direction=lower on a change rule. A leading "neg" token (scikit-learn's
// neg_mean_squared_error) flips the inferred direction. "Worse" for a
// lower-is-better metric means an increase.
//
// # Semantics
//
//   - Every rule yields one [result.Metric]; the result's status is the worst
//     of them, and every rule that does not pass also yields a
//     [result.Finding] located at the metric's line in the candidate file.
//   - A candidate value that is NaN fails every rule. ±Inf compares normally.
//   - A metric missing from the candidate fails when the baseline has it, and
//     is an error ("unknown metric", with a did-you-mean suggestion) when
//     neither file has it: that is almost always a typo.
//   - A change rule with no baseline (no --baseline, or a baseline file that
//     does not exist yet, as on the first run of a new branch) warns and the
//     other rules still count. A baseline file that exists but lacks the metric
//     fails the rule; one that cannot be read or parsed is an error. A NaN
//     baseline value warns: there is nothing to compare with.
//   - max_drop_pct against a zero baseline: any worsening fails, no change or
//     an improvement passes; there is never a division by zero.
//   - Change limits are compared with a tolerance of 1e-9 relative to the
//     values, so 0.90 -> 0.89 with max_drop=0.01 passes despite rounding.
//   - Bad input (an unreadable or malformed file, a bad rule, an unknown
//     metric) gives a result with status error whose Error names the file
//     with line:column, or quotes the rule. Every problem found is reported,
//     one per line.
package gate
