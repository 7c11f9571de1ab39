#!/usr/bin/env bash
# Runs `mlgate report` for actions/report/action.yml (and the root action.yml).
# Inputs arrive as environment variables, never interpolated into the script:
#
#   MLGATE_BIN              the mlgate binary (default: mlgate on PATH)
#   MLGATE_IN_RESULTS_DIR, MLGATE_IN_KEY, MLGATE_IN_COMMENT, MLGATE_IN_PR,
#   MLGATE_IN_MARKDOWN, MLGATE_IN_JUNIT, MLGATE_IN_JSON, MLGATE_IN_METRICS,
#   MLGATE_IN_TITLE         passed as the matching flags when not empty
#   MLGATE_IN_MANUAL        one TEST=EVIDENCE per line, each passed as --manual
#                           (blank lines and lines starting with # are skipped)
#   MLGATE_IN_FAIL_ON_GATES "true" (default): exit with mlgate's code;
#                           "false": always exit 0 (the verdict stays in the
#                           outputs, summary and comment)
#   MLGATE_IN_GATE_EXIT     exit code of an earlier gate step in the same
#                           action, so a gate that could not even write its
#                           result still fails the step
#   GITHUB_TOKEN            read by mlgate itself; never on the command line,
#                           where other processes could see it
#
# mlgate writes the outputs verdict, failed-gates, report-path, comment-url.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

if ! fail_on_gates=$(mlgate_bool "${MLGATE_IN_FAIL_ON_GATES:-}" true); then
	echo "::error title=mlgate report::input 'fail-on-gates' must be true or false"
	exit 2
fi

pr=$(mlgate_trim "${MLGATE_IN_PR:-}")
if [ -n "$pr" ] && ! [[ "$pr" =~ ^[1-9][0-9]*$ ]]; then
	echo "::error title=mlgate report::input 'pr' must be a pull request number"
	exit 2
fi

results_dir=$(mlgate_trim "${MLGATE_IN_RESULTS_DIR:-}")
args=(--results-dir "${results_dir:-.mlgate/results}" report)
mlgate_opt key "${MLGATE_IN_KEY:-}"
mlgate_opt comment "${MLGATE_IN_COMMENT:-}"
mlgate_opt pr "$pr"
mlgate_opt markdown "${MLGATE_IN_MARKDOWN:-}"
mlgate_opt junit "${MLGATE_IN_JUNIT:-}"
mlgate_opt json "${MLGATE_IN_JSON:-}"
mlgate_opt metrics "${MLGATE_IN_METRICS:-}"
mlgate_opt title "${MLGATE_IN_TITLE:-}"
mlgate_each manual "${MLGATE_IN_MANUAL:-}"

"${MLGATE_BIN:-mlgate}" "${args[@]}"
code=$?
gate_code=${MLGATE_IN_GATE_EXIT:-0}
if [ "$code" -eq 0 ] && [ "$gate_code" != 0 ]; then
	code=$gate_code
fi
mlgate_exit report "$code" "$fail_on_gates"
