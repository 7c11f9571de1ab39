#!/usr/bin/env bash
# Lints the GitHub Actions workflows and the shell scripts of the actions.
#
#   actionlint  .github/workflows/*.yml, examples/*/.github/workflows/*.yml
#               and the example workflows of docs/actions in
#               actions/testdata/workflows/*.yml (given as file arguments,
#               so all of them are linted; actionlint also checks run:
#               scripts with ShellCheck when it is on PATH, and the inputs
#               of local actions, which actions/testdata/workflows/local.yml
#               uses, against their action.yml). Installed with `go install`
#               when missing.
#   ShellCheck  on actions/**/*.sh (following the lib.sh they source) and
#               scripts/{image,lint-actions}.sh, when installed
#               (apt-get install shellcheck); skipped with a note otherwise, or
#               an error when MLGATE_REQUIRE_SHELLCHECK=1.
#
# The schema checks of action.yml and workflow files are Go tests:
# go test ./actions/ (run by scripts/test.sh with the rest).
set -euo pipefail

actionlint_version=v1.7.12
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

log() { printf 'lint-actions: %s\n' "$*" >&2; }

find_actionlint() {
	local gobin
	if command -v actionlint >/dev/null 2>&1; then
		command -v actionlint
		return
	fi
	gobin=$(go env GOBIN)
	[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
	if [ ! -x "$gobin/actionlint" ]; then
		log "installing actionlint $actionlint_version with go install"
		# Outside the module: go install must not touch go.mod.
		(cd / && GOFLAGS='' go install "github.com/rhysd/actionlint/cmd/actionlint@$actionlint_version") >&2
	fi
	printf '%s\n' "$gobin/actionlint"
}

actionlint=$(find_actionlint)
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml examples/*/.github/workflows/*.yml examples/*/.github/workflows/*.yaml actions/testdata/workflows/*.yml)
if [ ${#workflows[@]} -eq 0 ]; then
	log "no workflow files found"
	exit 1
fi
command -v shellcheck >/dev/null 2>&1 || log "shellcheck not found: run: scripts are not shellchecked (apt-get install shellcheck)"
log "actionlint $("$actionlint" -version | head -n 1) on ${#workflows[@]} workflows"
"$actionlint" "${workflows[@]}"

scripts=(actions/*.sh actions/*/*.sh scripts/image.sh scripts/lint-actions.sh)
if command -v shellcheck >/dev/null 2>&1; then
	log "shellcheck on ${#scripts[@]} scripts"
	shellcheck --external-sources "${scripts[@]}"
elif [ "${MLGATE_REQUIRE_SHELLCHECK:-0}" = 1 ]; then
	log "shellcheck is required (MLGATE_REQUIRE_SHELLCHECK=1) but not installed: apt-get install shellcheck"
	exit 1
fi
log "ok"
