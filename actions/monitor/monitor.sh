#!/usr/bin/env bash
# Runs `mlgate monitor` for actions/monitor/action.yml. Inputs arrive as
# environment variables, never interpolated into the script:
#
#   MLGATE_BIN                      the mlgate binary (default: mlgate on PATH)
#   MLGATE_IN_DATA                  serving sample files or globs, one per line (required)
#   MLGATE_IN_REFERENCE_PROFILE     profile of the training data (required)
#   MLGATE_IN_SCHEMA, MLGATE_IN_PREDICTION_COLUMN, MLGATE_IN_MODEL_METADATA,
#   MLGATE_IN_TIMESTAMP_FIELD, MLGATE_IN_MAX_AGE, MLGATE_IN_MAX_MISSING,
#   MLGATE_IN_DISPATCH, MLGATE_IN_DISPATCH_REPO
#                                   the matching flags
#   MLGATE_IN_REFERENCE_PREDICTIONS, MLGATE_IN_DRIFT_THRESHOLD
#                                   one per line, each its own flag
#   MLGATE_IN_FAIL_ON_RETRAIN       "true": fail when retraining is recommended
#   MLGATE_IN_ARGS                  more mlgate arguments, one per line
#   MLGATE_IN_ID, MLGATE_IN_TITLE, MLGATE_IN_RESULTS_DIR
#   GITHUB_TOKEN                    read by mlgate itself for --dispatch; never
#                                   on the command line
#
# mlgate writes the outputs retrain and retrain_reasons; this script writes
# status, result-file and exit-code (see lib.sh) and exits with mlgate's exit
# code.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

mlgate_common monitor monitor
mlgate_require_lines "${MLGATE_IN_DATA:-}" "input 'data' is required: a sample of serving data, files or globs, one per line"
mlgate_require "${MLGATE_IN_REFERENCE_PROFILE:-}" "input 'reference-profile' is required (write one with: mlgate data infer --profile-out)"

args+=(monitor --id "$id")
mlgate_each data "${MLGATE_IN_DATA:-}"
mlgate_opt reference-profile "${MLGATE_IN_REFERENCE_PROFILE:-}"
mlgate_opt schema "${MLGATE_IN_SCHEMA:-}"
mlgate_opt prediction-column "${MLGATE_IN_PREDICTION_COLUMN:-}"
mlgate_each reference-predictions "${MLGATE_IN_REFERENCE_PREDICTIONS:-}"
mlgate_opt model-metadata "${MLGATE_IN_MODEL_METADATA:-}"
mlgate_opt timestamp-field "${MLGATE_IN_TIMESTAMP_FIELD:-}"
mlgate_opt max-age "${MLGATE_IN_MAX_AGE:-}"
mlgate_opt max-missing "${MLGATE_IN_MAX_MISSING:-}"
mlgate_each drift-threshold "${MLGATE_IN_DRIFT_THRESHOLD:-}"
mlgate_opt dispatch "${MLGATE_IN_DISPATCH:-}"
mlgate_opt dispatch-repo "${MLGATE_IN_DISPATCH_REPO:-}"
mlgate_switch fail-on-retrain "${MLGATE_IN_FAIL_ON_RETRAIN:-}"
mlgate_opt title "${MLGATE_IN_TITLE:-}"
mlgate_extra "${MLGATE_IN_ARGS:-}"
mlgate_gate monitor "$id" "$results_dir"
