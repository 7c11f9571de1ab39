#!/usr/bin/env bash
# Everything CI checks, in one command: formatting, vet, the race-enabled
# tests (unit, golden, end-to-end), action and workflow lint, and the
# container image build.
#
#   MLGATE_SKIP_IMAGE=1   skip the image build (needs root and Debian's buildah)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "gofmt"
unformatted=$(gofmt -l $(git ls-files -co --exclude-standard '*.go'))
if [ -n "$unformatted" ]; then
  echo "not gofmt-formatted (run gofmt -w):"; echo "$unformatted"; exit 1
fi

step "go vet"
go vet ./...

step "go test -race"
go test -race -count=1 ./...

step "actionlint and action schemas"
./scripts/lint-actions.sh

if [ "${MLGATE_SKIP_IMAGE:-}" = 1 ]; then
  step "container image: skipped (MLGATE_SKIP_IMAGE=1)"
else
  step "container image"
  ./scripts/image.sh
fi

step "demo"
./scripts/demo.sh >/dev/null
echo "demo ok"

printf '\nall checks passed\n'
