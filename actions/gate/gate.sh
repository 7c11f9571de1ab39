#!/usr/bin/env bash
# Runs `mlgate gate` for actions/gate/action.yml (and the root action.yml).
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
# Writes the outputs status=pass|warn|fail|error|skip and exit-code=N to
# GITHUB_OUTPUT and
# exits with mlgate's exit code (0 pass, 1 fail, 2 could not evaluate).
set -uo pipefail

bin=${MLGATE_BIN:-mlgate}
results_dir=${MLGATE_IN_RESULTS_DIR:-.mlgate/results}
id=${MLGATE_IN_ID:-gate}

if [ -z "${MLGATE_IN_CANDIDATE:-}" ]; then
	echo "::error title=mlgate gate::input 'candidate' is required"
	exit 2
fi

# One --rule per non-empty line. An array keeps every rule one argument,
# whatever quotes, spaces or $ it contains.
rules=()
while IFS= read -r line || [ -n "$line" ]; do
	line=${line%$'\r'}
	line=${line#"${line%%[![:space:]]*}"}
	line=${line%"${line##*[![:space:]]}"}
	case "$line" in
	'' | '#'*) continue ;;
	esac
	rules+=(--rule "$line")
done <<<"${MLGATE_IN_RULES:-}"
if [ ${#rules[@]} -eq 0 ]; then
	echo "::error title=mlgate gate::input 'rules' has no rules (one per line, e.g. accuracy >= 0.9)"
	exit 2
fi

args=(--results-dir "$results_dir" gate --id "$id" --candidate "$MLGATE_IN_CANDIDATE")
if [ -n "${MLGATE_IN_BASELINE:-}" ]; then
	args+=(--baseline "$MLGATE_IN_BASELINE")
fi
if [ -n "${MLGATE_IN_TITLE:-}" ]; then
	args+=(--title "$MLGATE_IN_TITLE")
fi

"$bin" "${args[@]}" "${rules[@]}"
code=$?

# The status is the first "status" key of the result file: Go writes the
# top-level fields of a result before its metrics and findings, and a quote
# inside a JSON string is escaped, so a title cannot forge it. Without a
# result file (bad flags), the exit code is all there is.
status=
result="$results_dir/$id.json"
if [ -f "$result" ]; then
	status=$(grep -o '"status"[[:space:]]*:[[:space:]]*"[a-z]*"' "$result" | head -n 1 | sed 's/.*"\([a-z]*\)"$/\1/')
fi
case "$status" in
pass | warn | fail | error | skip) ;;
*) case "$code" in 0) status=pass ;; 1) status=fail ;; *) status=error ;; esac ;;
esac
if [ -n "${GITHUB_OUTPUT:-}" ]; then
	printf 'status=%s\nexit-code=%s\n' "$status" "$code" >>"$GITHUB_OUTPUT"
fi
echo "mlgate gate $id: $status (exit $code)"

if [ "${MLGATE_IN_EXIT_ZERO:-false}" = true ]; then
	exit 0
fi
exit "$code"
