#!/usr/bin/env bash
# Runs `mlgate canary` for actions/canary/action.yml. Inputs arrive as
# environment variables, never interpolated into the script:
#
#   MLGATE_BIN                    the mlgate binary (default: mlgate on PATH)
#   MLGATE_IN_ENDPOINT            the canary's URL (required)
#   MLGATE_IN_BASELINE_ENDPOINT   the stable version's URL, to compare with
#   MLGATE_IN_PROTOCOL, MLGATE_IN_MODEL, MLGATE_IN_GOLDEN, MLGATE_IN_RPS,
#   MLGATE_IN_DURATION, MLGATE_IN_P50, MLGATE_IN_P95, MLGATE_IN_P99,
#   MLGATE_IN_MAX_ERROR_RATE, MLGATE_IN_AGREEMENT, MLGATE_IN_READY_TIMEOUT,
#   MLGATE_IN_CA_FILE             the matching flags
#   MLGATE_IN_HEADERS             request headers, one per line, "Name: value"
#                                 or "Name: env:VARIABLE" (secrets stay in the
#                                 environment; mlgate masks them)
#   MLGATE_IN_ARGS                more mlgate arguments, one per line
#   MLGATE_IN_ID, MLGATE_IN_TITLE, MLGATE_IN_RESULTS_DIR
#
# Writes the outputs status, result-file and exit-code (see lib.sh) and exits
# with mlgate's exit code.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

mlgate_common canary canary
mlgate_require "${MLGATE_IN_ENDPOINT:-}" "input 'endpoint' is required: the URL of the deployed model"

args+=(canary --id "$id")
mlgate_opt endpoint "${MLGATE_IN_ENDPOINT:-}"
mlgate_opt baseline-endpoint "${MLGATE_IN_BASELINE_ENDPOINT:-}"
mlgate_opt protocol "${MLGATE_IN_PROTOCOL:-}"
mlgate_opt model "${MLGATE_IN_MODEL:-}"
mlgate_opt golden "${MLGATE_IN_GOLDEN:-}"
mlgate_opt rps "${MLGATE_IN_RPS:-}"
mlgate_opt duration "${MLGATE_IN_DURATION:-}"
mlgate_opt p50 "${MLGATE_IN_P50:-}"
mlgate_opt p95 "${MLGATE_IN_P95:-}"
mlgate_opt p99 "${MLGATE_IN_P99:-}"
mlgate_opt max-error-rate "${MLGATE_IN_MAX_ERROR_RATE:-}"
mlgate_opt agreement "${MLGATE_IN_AGREEMENT:-}"
mlgate_opt ready-timeout "${MLGATE_IN_READY_TIMEOUT:-}"
mlgate_opt ca-file "${MLGATE_IN_CA_FILE:-}"
mlgate_each header "${MLGATE_IN_HEADERS:-}"
mlgate_opt title "${MLGATE_IN_TITLE:-}"
mlgate_extra "${MLGATE_IN_ARGS:-}"
mlgate_gate canary "$id" "$results_dir"
