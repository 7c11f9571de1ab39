#!/usr/bin/env bash
# Shared helpers of the mlgate action scripts (actions/*/*.sh), sourced, not
# run. Every input reaches a script as an environment variable and becomes
# exactly one argument of mlgate: no word splitting, no globbing, no eval.
#
# A script builds the global array `args`, then calls mlgate_gate, which runs
# mlgate, reads the result's status and writes the step outputs:
#
#   status       pass, warn, fail, error or skip
#   result-file  <results-dir>/<id>.json, empty when no result was written
#   exit-code    mlgate's exit code: 0 pass, 1 fail, 2 could not evaluate
#
# shellcheck shell=bash

args=()

# mlgate_die TITLE MESSAGE: an error annotation, then exit 2 (could not
# evaluate), with status=error in the outputs.
mlgate_die() {
	echo "::error title=$1::$2"
	mlgate_outputs error "" 2
	exit 2
}

# mlgate_escape STRING: prints STRING safe for one log line or workflow
# command message: % and line breaks are percent-encoded as the runner
# expects, so a value cannot start a line of its own (a forged ::command::).
mlgate_escape() {
	local s=${1//%/%25}
	s=${s//$'\r'/%0D}
	s=${s//$'\n'/%0A}
	printf '%s' "$s"
}

# mlgate_trim STRING: prints STRING without leading and trailing blanks and
# without a trailing carriage return.
mlgate_trim() {
	local s=${1%$'\r'}
	s=${s#"${s%%[![:space:]]*}"}
	s=${s%"${s##*[![:space:]]}"}
	printf '%s' "$s"
}

# mlgate_opt FLAG VALUE: adds --FLAG VALUE when VALUE is not empty.
mlgate_opt() {
	local v
	v=$(mlgate_trim "$2")
	if [ -n "$v" ]; then
		args+=("--$1" "$v")
	fi
}

# mlgate_raw FLAG VALUE: adds --FLAG VALUE when VALUE is not empty, keeping
# its blanks (a regular expression may start with a space); only the line
# break a YAML block scalar ends with is dropped.
mlgate_raw() {
	local v=$2
	while [ -n "$v" ] && { [ "${v%$'\n'}" != "$v" ] || [ "${v%$'\r'}" != "$v" ]; }; do
		v=${v%$'\n'}
		v=${v%$'\r'}
	done
	if [ -n "$v" ]; then
		args+=("--$1" "$v")
	fi
}

# mlgate_lines TEXT: sets the array `lines` to the lines of TEXT, trimmed,
# without blank lines and lines starting with #.
mlgate_lines() {
	local line
	lines=()
	while IFS= read -r line || [ -n "$line" ]; do
		line=$(mlgate_trim "$line")
		case "$line" in
		'' | '#'*) continue ;;
		esac
		lines+=("$line")
	done <<<"$1"
}

# mlgate_each FLAG TEXT: adds --FLAG LINE for every line of TEXT (see
# mlgate_lines); a line keeps its spaces, quotes and $ as they are.
mlgate_each() {
	local l
	mlgate_lines "$2"
	for l in ${lines[@]+"${lines[@]}"}; do
		args+=("--$1" "$l")
	done
}

# mlgate_extra TEXT: adds every line of TEXT as one argument (the input
# `args`: flags the action has no input for, e.g. "--format" and "csv" on
# two lines).
mlgate_extra() {
	mlgate_lines "$1"
	args+=(${lines[@]+"${lines[@]}"})
}

# mlgate_bool VALUE [DEFAULT]: prints true or false; a blank VALUE is
# DEFAULT (false when not given); anything else returns 1, for the caller to
# name the input.
mlgate_bool() {
	local v
	v=$(mlgate_trim "$1")
	case "$v" in
	true | false) printf '%s' "$v" ;;
	'') printf '%s' "${2:-false}" ;;
	*) return 1 ;;
	esac
}

# mlgate_switch FLAG VALUE: adds --FLAG when VALUE (the input FLAG) is true,
# nothing when it is false or empty; anything else is an error naming the
# input (see mlgate_die). Needs `name` (see mlgate_common).
mlgate_switch() {
	local v
	if ! v=$(mlgate_bool "$2"); then
		mlgate_die "mlgate $name" "input '$1' must be true or false"
	fi
	if [ "$v" = true ]; then
		args+=("--$1")
	fi
}

# mlgate_require VALUE MESSAGE: an error MESSAGE (see mlgate_die) when VALUE
# is blank. Needs `name` (see mlgate_common).
mlgate_require() {
	if [ -z "$(mlgate_trim "$1")" ]; then
		mlgate_die "mlgate $name" "$2"
	fi
}

# mlgate_require_lines TEXT MESSAGE: an error MESSAGE (see mlgate_die) when
# TEXT has no line (see mlgate_lines). Needs `name` (see mlgate_common).
mlgate_require_lines() {
	mlgate_lines "$1"
	if [ ${#lines[@]} -eq 0 ]; then
		mlgate_die "mlgate $name" "$2"
	fi
}

# mlgate_exit NAME CODE FAIL_ON_GATES: exits with CODE, or with 0 and a
# notice when FAIL_ON_GATES is false (the verdict stays in the outputs,
# summary and comment).
mlgate_exit() {
	if [ "$3" = false ]; then
		if [ "$2" -ne 0 ]; then
			echo "::notice title=mlgate $1::mlgate exited $2; fail-on-gates is false, so this step passes"
		fi
		exit 0
	fi
	exit "$2"
}

# mlgate_one_line TITLE INPUT VALUE: a path that goes into GITHUB_OUTPUT must
# be one line, or it could write outputs of its own.
mlgate_one_line() {
	case "$3" in
	*$'\n'* | *$'\r'*) mlgate_die "$1" "input '$2' must be one line" ;;
	esac
}

# mlgate_valid_id ID: ids name files in the results dir, so only what
# mlgate itself accepts (letters, digits, ., -, _; not starting with ., -, _).
mlgate_valid_id() {
	[[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$ ]]
}

# mlgate_status FILE: prints the status of a result file, or nothing. It is
# the first "status" key of the file: Go writes the top-level fields of a
# result before its metrics and findings, and a quote inside a JSON string
# is escaped, so a title cannot forge it.
mlgate_status() {
	[ -f "$1" ] || return 0
	grep -o '"status"[[:space:]]*:[[:space:]]*"[a-z]*"' "$1" | head -n 1 | sed 's/.*"\([a-z]*\)"$/\1/'
}

# mlgate_outputs STATUS RESULT_FILE EXIT_CODE: writes the step outputs.
mlgate_outputs() {
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		printf 'status=%s\nresult-file=%s\nexit-code=%s\n' "$1" "$2" "$3" >>"$GITHUB_OUTPUT"
	fi
}

# mlgate_gate NAME ID RESULTS_DIR: runs "$MLGATE_BIN" "${args[@]}", writes the
# outputs and exits with mlgate's exit code (0 when MLGATE_IN_EXIT_ZERO is
# true). A result left by an earlier run under the same id is removed first,
# so a run that cannot even write its result never reports a stale status.
mlgate_gate() {
	local name=$1 id=$2 dir=$3 result code status file=""
	result="$dir/$id.json"
	rm -f -- "$result"
	"${MLGATE_BIN:-mlgate}" "${args[@]}"
	code=$?
	status=$(mlgate_status "$result")
	case "$status" in
	pass | warn | fail | error | skip) file=$result ;;
	*) case "$code" in 0) status=pass ;; 1) status=fail ;; *) status=error ;; esac ;;
	esac
	mlgate_outputs "$status" "$file" "$code"
	echo "mlgate $name $id: $status (exit $code)"
	if [ "${MLGATE_IN_EXIT_ZERO:-false}" = true ]; then
		exit 0
	fi
	exit "$code"
}

# mlgate_common NAME DEFAULT_ID: reads the inputs every gate action has
# (MLGATE_IN_ID, MLGATE_IN_RESULTS_DIR), checks the id, and starts `args`
# with the global flags. Sets `name`, `id` and `results_dir`.
mlgate_common() {
	name=$1
	id=$(mlgate_trim "${MLGATE_IN_ID:-}")
	id=${id:-$2}
	results_dir=$(mlgate_trim "${MLGATE_IN_RESULTS_DIR:-}")
	results_dir=${results_dir:-.mlgate/results}
	mlgate_one_line "mlgate $1" results-dir "$results_dir"
	if ! mlgate_valid_id "$id"; then
		mlgate_die "mlgate $1" "input 'id' must be 1 to 100 letters, digits, ., - or _, not starting with ., - or _"
	fi
	args=(--results-dir "$results_dir")
}
