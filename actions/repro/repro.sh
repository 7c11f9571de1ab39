#!/usr/bin/env bash
# Runs `mlgate repro` for actions/repro/action.yml. Inputs arrive as
# environment variables, never interpolated into the script:
#
#   MLGATE_BIN                the mlgate binary (default: mlgate on PATH)
#   MLGATE_IN_COMMAND         the training command, one shell string (required)
#   MLGATE_IN_ARTIFACTS       artifacts to compare, one per line (required)
#   MLGATE_IN_RUNS, MLGATE_IN_ATOL, MLGATE_IN_RTOL, MLGATE_IN_WORKDIR,
#   MLGATE_IN_TIMEOUT         the matching flags
#   MLGATE_IN_RESUME          "true": the kill-and-resume test
#   MLGATE_IN_RESUME_COMMAND, MLGATE_IN_KILL_AT_STEP, MLGATE_IN_KILL_AFTER,
#   MLGATE_IN_LOSS_REGEX, MLGATE_IN_LOSS_FILE
#                             how to kill and resume (--resume-cmd, ...)
#   MLGATE_IN_ARGS            more mlgate arguments, one per line
#   MLGATE_IN_ID, MLGATE_IN_TITLE, MLGATE_IN_RESULTS_DIR
#
# Writes the outputs status, result-file and exit-code (see lib.sh) and exits
# with mlgate's exit code.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

mlgate_common repro repro
mlgate_require "${MLGATE_IN_COMMAND:-}" "input 'command' is required: the training command"
mlgate_require_lines "${MLGATE_IN_ARTIFACTS:-}" "input 'artifacts' is required: the files each run writes, one per line"

args+=(repro --id "$id")
mlgate_opt cmd "${MLGATE_IN_COMMAND:-}"
mlgate_each artifact "${MLGATE_IN_ARTIFACTS:-}"
mlgate_opt runs "${MLGATE_IN_RUNS:-}"
mlgate_opt atol "${MLGATE_IN_ATOL:-}"
mlgate_opt rtol "${MLGATE_IN_RTOL:-}"
mlgate_opt workdir "${MLGATE_IN_WORKDIR:-}"
mlgate_opt timeout "${MLGATE_IN_TIMEOUT:-}"
mlgate_switch resume "${MLGATE_IN_RESUME:-}"
mlgate_opt resume-cmd "${MLGATE_IN_RESUME_COMMAND:-}"
mlgate_opt kill-at-step "${MLGATE_IN_KILL_AT_STEP:-}"
mlgate_opt kill-after "${MLGATE_IN_KILL_AFTER:-}"
mlgate_raw loss-regex "${MLGATE_IN_LOSS_REGEX:-}"
mlgate_opt loss-file "${MLGATE_IN_LOSS_FILE:-}"
mlgate_opt title "${MLGATE_IN_TITLE:-}"
mlgate_extra "${MLGATE_IN_ARGS:-}"
mlgate_gate repro "$id" "$results_dir"
