#!/usr/bin/env bash
# Builds mlgate and runs the pipeline of the bundled quick-start example
# (examples/quickstart/mlgate.yaml): two gates and one report. The budgets gate fails on purpose, to show a failing verdict.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p bin
go build -o bin/mlgate ./cmd/mlgate
out=$(mktemp -d)
export MLGATE_RESULTS_DIR="$out/results" MLGATE_OUT="$out"

# The pipeline of examples/quickstart/mlgate.yaml: two gates, then the report.
set +e
(cd examples/quickstart && ../../bin/mlgate run --config mlgate.yaml)
code=$?
set -e

echo
echo "---- $out/report.md (what the PR comment shows) ----"
cat "$out/report.md"
echo "----"
echo "Also written: $out/junit.xml, $out/report.json, $out/metrics.txt"
if [ "$code" -ne 1 ]; then
  echo "demo: expected 'mlgate run' to exit 1 (the budgets gate fails), got $code" >&2
  exit 1
fi
echo "demo: 'mlgate run' exited 1 because the budgets gate failed, as intended."
