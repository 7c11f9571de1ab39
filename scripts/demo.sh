#!/usr/bin/env bash
# Builds mlgate and runs it on the bundled quick-start example: two gates and
# one report. The budgets gate fails on purpose, to show a failing verdict.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p bin
go build -o bin/mlgate ./cmd/mlgate
ex=examples/quickstart
out=$(mktemp -d)
export MLGATE_RESULTS_DIR="$out/results"

set +e
bin/mlgate gate --id quality --title "Model quality" \
  --candidate "$ex/metrics.json" --baseline "$ex/main-metrics.yaml" \
  --rule "eval.accuracy >= 0.90" --rule "eval.f1: max_drop=0.01" --rule "eval.roc_auc: max_drop_pct=1"
bin/mlgate gate --id budgets --title "Serving budgets" \
  --candidate "$ex/metrics.json" --baseline "$ex/main-metrics.yaml" \
  --rule "latency_ms <= 50" --rule "model_size_mb: max_drop_pct=5"
echo
bin/mlgate report --platform local \
  --markdown "$out/report.md" --junit "$out/junit.xml" --json "$out/report.json" --metrics "$out/metrics.txt"
code=$?
set -e

echo
echo "---- $out/report.md (what the PR comment shows) ----"
cat "$out/report.md"
echo "----"
echo "Also written: $out/junit.xml, $out/report.json, $out/metrics.txt"
if [ "$code" -ne 1 ]; then
  echo "demo: expected 'mlgate report' to exit 1 (the budgets gate fails), got $code" >&2
  exit 1
fi
echo "demo: 'mlgate report' exited 1 because the budgets gate failed, as intended."
