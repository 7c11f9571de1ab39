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

bin=${MLGATE_BIN:-mlgate}
fail_on_gates=${MLGATE_IN_FAIL_ON_GATES:-true}
case "$fail_on_gates" in
true | false) ;;
*)
	echo "::error title=mlgate report::input 'fail-on-gates' must be true or false"
	exit 2
	;;
esac

pr=${MLGATE_IN_PR:-}
if [ -n "$pr" ] && ! [[ "$pr" =~ ^[1-9][0-9]*$ ]]; then
	echo "::error title=mlgate report::input 'pr' must be a pull request number"
	exit 2
fi

args=(--results-dir "${MLGATE_IN_RESULTS_DIR:-.mlgate/results}" report)
add() { # FLAG VALUE: pass --FLAG VALUE when VALUE is not empty
	if [ -n "$2" ]; then
		args+=("--$1" "$2")
	fi
}
add key "${MLGATE_IN_KEY:-}"
add comment "${MLGATE_IN_COMMENT:-}"
add pr "$pr"
add markdown "${MLGATE_IN_MARKDOWN:-}"
add junit "${MLGATE_IN_JUNIT:-}"
add json "${MLGATE_IN_JSON:-}"
add metrics "${MLGATE_IN_METRICS:-}"
add title "${MLGATE_IN_TITLE:-}"
while IFS= read -r line; do
	line=${line#"${line%%[![:space:]]*}"}
	line=${line%"${line##*[![:space:]]}"}
	case "$line" in
	'' | '#'*) continue ;;
	esac
	args+=(--manual "$line")
done <<<"${MLGATE_IN_MANUAL:-}"

"$bin" "${args[@]}"
code=$?
gate_code=${MLGATE_IN_GATE_EXIT:-0}
if [ "$code" -eq 0 ] && [ "$gate_code" != 0 ]; then
	code=$gate_code
fi

if [ "$fail_on_gates" = false ]; then
	if [ "$code" -ne 0 ]; then
		echo "::notice title=mlgate report::mlgate exited $code; fail-on-gates is false, so this step passes"
	fi
	exit 0
fi
exit "$code"
