#!/usr/bin/env bash
# Runs mlgate's benchmarks several times and prints the medians.
#   bench/run.sh            # report rendering (50 results x 10,000 findings) and start-up
#   COUNT=10 bench/run.sh
# Quote medians and ratios: machines here are noisy and have 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-5}
out=$(mktemp)
go test -run '^$' -bench . -benchmem -count "$count" ./internal/report ./cmd/mlgate | tee "$out"
echo
echo "medians over $count runs (ns/op):"
grep '^Benchmark' "$out" | awk '{ n=$1; sub(/-[0-9]+$/, "", n); print n, $3 }' | sort -k1,1 -k2,2n |
  awk '{ v[$1]=v[$1] " " $2; c[$1]++ }
       END { for (n in v) { k=split(substr(v[n],2), a, " "); m=(k%2 ? a[(k+1)/2] : (a[k/2]+a[k/2+1])/2); printf "  %-50s %14.0f\n", n, m } }' | sort
if command -v hyperfine >/dev/null 2>&1; then
  go build -o /tmp/mlgate-bench ./cmd/mlgate
  hyperfine -N --warmup 5 '/tmp/mlgate-bench version'
fi
