#!/usr/bin/env bash
# Runs `mlgate data validate` for actions/data/action.yml. Inputs arrive as
# environment variables, never interpolated into the script:
#
#   MLGATE_BIN                  the mlgate binary (default: mlgate on PATH)
#   MLGATE_IN_DATA              data files or globs, one per line (required)
#   MLGATE_IN_SCHEMA            row schema, e.g. from `mlgate data infer` (required)
#   MLGATE_IN_REFERENCE_PROFILE profile of the training data, for drift
#   MLGATE_IN_REFERENCE         reference data files or globs, one per line
#   MLGATE_IN_PROFILE_OUT       also write the profile of the validated data
#   MLGATE_IN_FORMAT            auto, csv, tsv, jsonl or parquet
#   MLGATE_IN_MAX_EXAMPLES      example rows quoted per finding
#   MLGATE_IN_ARGS              more mlgate arguments, one per line
#   MLGATE_IN_ID, MLGATE_IN_TITLE, MLGATE_IN_RESULTS_DIR
#
# Writes the outputs status, result-file and exit-code (see lib.sh) and exits
# with mlgate's exit code.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

mlgate_common data data
mlgate_require_lines "${MLGATE_IN_DATA:-}" "input 'data' is required: data files or globs, one per line"
mlgate_require "${MLGATE_IN_SCHEMA:-}" "input 'schema' is required (learn one with: mlgate data infer)"

args+=(data validate --id "$id")
mlgate_each data "${MLGATE_IN_DATA:-}"
mlgate_opt schema "${MLGATE_IN_SCHEMA:-}"
mlgate_opt reference-profile "${MLGATE_IN_REFERENCE_PROFILE:-}"
mlgate_each reference "${MLGATE_IN_REFERENCE:-}"
mlgate_opt profile-out "${MLGATE_IN_PROFILE_OUT:-}"
mlgate_opt format "${MLGATE_IN_FORMAT:-}"
mlgate_opt max-examples "${MLGATE_IN_MAX_EXAMPLES:-}"
mlgate_opt title "${MLGATE_IN_TITLE:-}"
mlgate_extra "${MLGATE_IN_ARGS:-}"
mlgate_gate data "$id" "$results_dir"
