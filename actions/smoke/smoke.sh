#!/usr/bin/env bash
# Runs `mlgate smoke` for actions/smoke/action.yml. Inputs arrive as
# environment variables, never interpolated into the script:
#
#   MLGATE_BIN              the mlgate binary (default: mlgate on PATH)
#   MLGATE_IN_COMMAND       the training command, one shell string (required)
#   MLGATE_IN_LOSS_REGEX, MLGATE_IN_LOSS_FILE, MLGATE_IN_LOSS_KEY,
#   MLGATE_IN_TFEVENTS, MLGATE_IN_TAG
#                           where the loss comes from (one source is required)
#   MLGATE_IN_TIMEOUT       kill the command after this long (Go duration)
#   MLGATE_IN_MIN_DECREASE  required relative decrease of the loss
#   MLGATE_IN_CHANGED       checkpoints that must change, one per line
#   MLGATE_IN_ARGS          more mlgate arguments, one per line
#   MLGATE_IN_ID, MLGATE_IN_TITLE, MLGATE_IN_RESULTS_DIR
#
# The command runs with /bin/sh -c inside mlgate (its own process group), so it
# is the user's shell code by design; every other input is data. Writes the
# outputs status, result-file and exit-code (see lib.sh) and exits with
# mlgate's exit code.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

mlgate_common smoke smoke
mlgate_require "${MLGATE_IN_COMMAND:-}" "input 'command' is required: the training command, e.g. python train.py --steps 50"

args+=(smoke --id "$id")
mlgate_opt cmd "${MLGATE_IN_COMMAND:-}"
mlgate_raw loss-regex "${MLGATE_IN_LOSS_REGEX:-}"
mlgate_opt loss-file "${MLGATE_IN_LOSS_FILE:-}"
mlgate_opt loss-key "${MLGATE_IN_LOSS_KEY:-}"
mlgate_opt tfevents "${MLGATE_IN_TFEVENTS:-}"
mlgate_opt tag "${MLGATE_IN_TAG:-}"
mlgate_opt timeout "${MLGATE_IN_TIMEOUT:-}"
mlgate_opt min-decrease "${MLGATE_IN_MIN_DECREASE:-}"
mlgate_each changed "${MLGATE_IN_CHANGED:-}"
mlgate_opt title "${MLGATE_IN_TITLE:-}"
mlgate_extra "${MLGATE_IN_ARGS:-}"
mlgate_gate smoke "$id" "$results_dir"
