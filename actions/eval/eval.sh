#!/usr/bin/env bash
# Runs `mlgate eval` for actions/eval/action.yml and, when rules are given,
# `mlgate gate` on the metrics it wrote. Inputs arrive as environment
# variables, never interpolated into the script:
#
#   MLGATE_BIN              the mlgate binary (default: mlgate on PATH)
#   MLGATE_IN_PREDICTIONS   predictions files or globs, one per line (required)
#   MLGATE_IN_LABEL         label column (required)
#   MLGATE_IN_PREDICTION    prediction column (required)
#   MLGATE_IN_SCORE, MLGATE_IN_TASK, MLGATE_IN_POSITIVE, MLGATE_IN_RESAMPLES,
#   MLGATE_IN_SEED, MLGATE_IN_LEVEL
#                           the matching flags
#   MLGATE_IN_SLICES        slice columns, one per line
#   MLGATE_IN_OUT           metrics file (default .mlgate/eval/<id>.json)
#   MLGATE_IN_ARGS          more `mlgate eval` arguments, one per line
#   MLGATE_IN_RULES         gate rules on the metrics, one per line (optional)
#   MLGATE_IN_BASELINE      baseline metrics file for the rules
#   MLGATE_IN_ID, MLGATE_IN_TITLE, MLGATE_IN_RESULTS_DIR
#
# Writes the outputs metrics-file, status, result-file and exit-code. Without
# rules, status is pass when the metrics were computed (nothing goes to the
# results dir: eval is a measurement, not a gate); with rules, it is the
# gate's status and the result is in the results dir.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

mlgate_common eval eval
mlgate_require_lines "${MLGATE_IN_PREDICTIONS:-}" "input 'predictions' is required: predictions files or globs, one per line"
mlgate_require "${MLGATE_IN_LABEL:-}" "input 'label' is required: the name of the label column"
mlgate_require "${MLGATE_IN_PREDICTION:-}" "input 'prediction' is required: the name of the prediction column"
out=$(mlgate_trim "${MLGATE_IN_OUT:-}")
out=${out:-.mlgate/eval/$id.json}
mlgate_one_line "mlgate eval" out "$out"

args+=(eval)
mlgate_each predictions "${MLGATE_IN_PREDICTIONS:-}"
mlgate_opt label "${MLGATE_IN_LABEL:-}"
mlgate_opt prediction "${MLGATE_IN_PREDICTION:-}"
mlgate_opt score "${MLGATE_IN_SCORE:-}"
mlgate_each slice "${MLGATE_IN_SLICES:-}"
mlgate_opt task "${MLGATE_IN_TASK:-}"
mlgate_opt positive "${MLGATE_IN_POSITIVE:-}"
mlgate_opt resamples "${MLGATE_IN_RESAMPLES:-}"
mlgate_opt seed "${MLGATE_IN_SEED:-}"
mlgate_opt level "${MLGATE_IN_LEVEL:-}"
args+=(--out "$out")
mlgate_extra "${MLGATE_IN_ARGS:-}"

mlgate_lines "${MLGATE_IN_RULES:-}"
rules=${#lines[@]}
if [ "$rules" -gt 0 ]; then
	# The gate below writes it; an earlier run's must not stand in for it.
	rm -f -- "$results_dir/$id.json"
fi

"${MLGATE_BIN:-mlgate}" "${args[@]}"
code=$?
if [ "$code" -ne 0 ]; then
	echo "::error title=mlgate eval::mlgate eval exited $code: the metrics could not be computed"
	mlgate_outputs error "" "$code"
	exit "$code"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
	printf 'metrics-file=%s\n' "$out" >>"$GITHUB_OUTPUT"
fi

if [ "$rules" -eq 0 ]; then
	mlgate_outputs pass "" 0
	echo "mlgate eval: metrics written to $(mlgate_escape "$out") (no rules: nothing to judge)"
	exit 0
fi
args=(--results-dir "$results_dir" gate --id "$id" --candidate "$out")
mlgate_opt baseline "${MLGATE_IN_BASELINE:-}"
mlgate_opt title "${MLGATE_IN_TITLE:-}"
mlgate_each rule "${MLGATE_IN_RULES:-}"
mlgate_gate eval "$id" "$results_dir"
