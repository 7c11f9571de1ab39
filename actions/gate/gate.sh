#!/usr/bin/env bash
# Runs `mlgate gate` for actions/gate/action.yml (and actions/eval).
# Inputs arrive as environment variables, never interpolated into the script:
#
#   MLGATE_BIN            the mlgate binary (default: mlgate on PATH)
#   MLGATE_IN_CANDIDATE   candidate metrics file (required)
#   MLGATE_IN_BASELINE    baseline metrics file (optional)
#   MLGATE_IN_RULES       rules, one per line; blank lines and lines starting
#                         with # are ignored
#   MLGATE_IN_ID, MLGATE_IN_TITLE, MLGATE_IN_RESULTS_DIR
#   MLGATE_IN_EXIT_ZERO   "true": exit 0 whatever the verdict (the caller
#                         reports later and decides then)
#
# Writes the outputs status, result-file and exit-code to GITHUB_OUTPUT (see
# lib.sh) and exits with mlgate's exit code (0 pass, 1 fail, 2 could not
# evaluate).
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

mlgate_common gate gate
mlgate_require "${MLGATE_IN_CANDIDATE:-}" "input 'candidate' is required"
mlgate_require_lines "${MLGATE_IN_RULES:-}" "input 'rules' has no rules (one per line, e.g. accuracy >= 0.9)"

args+=(gate --id "$id")
mlgate_opt candidate "${MLGATE_IN_CANDIDATE:-}"
mlgate_opt baseline "${MLGATE_IN_BASELINE:-}"
mlgate_opt title "${MLGATE_IN_TITLE:-}"
mlgate_each rule "${MLGATE_IN_RULES:-}"
mlgate_gate gate "$id" "$results_dir"
