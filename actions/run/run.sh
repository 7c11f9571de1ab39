#!/usr/bin/env bash
# Runs `mlgate run` for the root action.yml: every gate of mlgate.yaml in
# order, then the report (mlgate run reports itself). Inputs arrive as
# environment variables, never interpolated into the script:
#
#   MLGATE_BIN              the mlgate binary (default: mlgate on PATH)
#   MLGATE_IN_CONFIG        the config file (default mlgate.yaml)
#   MLGATE_IN_ONLY          gate ids to run, one per line (--only)
#   MLGATE_IN_SKIP          gate ids to skip, one per line (--skip)
#   MLGATE_IN_RESULTS_DIR   results dir; empty: the config's results_dir
#   MLGATE_IN_REPORT        "false": --no-report (a later job reports)
#   MLGATE_IN_FAIL_ON_GATES "true" (default): exit with mlgate's code;
#                           "false": always exit 0
#   GITHUB_TOKEN            read by mlgate itself for the comment; never on
#                           the command line
#
# mlgate writes the outputs verdict, failed-gates, report-path and
# comment-url (when it reports); this script writes exit-code.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

die() {
	echo "::error title=mlgate run::$1"
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		printf 'exit-code=2\n' >>"$GITHUB_OUTPUT"
	fi
	exit 2
}

if ! report=$(mlgate_bool "${MLGATE_IN_REPORT:-}" true); then
	die "input 'report' must be true or false"
fi
if ! fail_on_gates=$(mlgate_bool "${MLGATE_IN_FAIL_ON_GATES:-}" true); then
	die "input 'fail-on-gates' must be true or false"
fi
config=$(mlgate_trim "${MLGATE_IN_CONFIG:-}")
config=${config:-mlgate.yaml}
if [ ! -f "$config" ]; then
	die "config file '$(mlgate_escape "$config")' not found in $(mlgate_escape "$(pwd)"); set the input 'config' or 'working-directory'"
fi

mlgate_opt results-dir "${MLGATE_IN_RESULTS_DIR:-}"
args+=(run --config "$config")
mlgate_each only "${MLGATE_IN_ONLY:-}"
mlgate_each skip "${MLGATE_IN_SKIP:-}"
if [ "$report" = false ]; then
	args+=(--no-report)
fi

"${MLGATE_BIN:-mlgate}" "${args[@]}"
code=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
	printf 'exit-code=%s\n' "$code" >>"$GITHUB_OUTPUT"
fi
mlgate_exit run "$code" "$fail_on_gates"
