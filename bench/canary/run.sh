#!/usr/bin/env bash
# Benchmarks mlgate's canary load generator (internal/canary/load) beside wrk
# against the same trivial endpoint on 127.0.0.1, in the same run.
#   bench/canary/run.sh
#   DURATION=10 RATES=1000,5000,10000 bench/canary/run.sh
# wrk is closed loop: it reports the most a client can push and the latency at
# that load. The load generator is open loop: it holds each target rate and
# measures latency from the scheduled send time. Machines here have 2 cores,
# shared by the endpoint and the client; compare figures from one run only.
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=${DURATION:-5}                      # seconds per measurement
rates=${RATES:-1000,2000,5000,10000,20000}   # load generator targets, rps
concurrency=${CONCURRENCY:-256}              # load generator cap on requests in flight
connections=${WRK_CONNECTIONS:-64}           # wrk connections for its throughput run
case $duration in ''|*[!0-9]*) echo "DURATION must be whole seconds, got '$duration'" >&2; exit 2 ;; esac

if ! command -v wrk >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing wrk (Debian package)..." >&2
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; } || true
fi

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/server" ./bench/canary/server
go build -o "$tmp/loadgen" ./bench/canary/loadgen

"$tmp/server" >"$tmp/addr" 2>"$tmp/server.err" &
server_pid=$!
for _ in $(seq 50); do [ -s "$tmp/addr" ] && break; sleep 0.1; done
addr=$(head -n1 "$tmp/addr")
[ -n "$addr" ] || { echo "the endpoint did not start:" >&2; cat "$tmp/server.err" >&2; exit 1; }
url="http://$addr/"
echo "endpoint: $url ($(nproc) cores, ${duration}s per measurement)"
echo

# wrk_summary LABEL ARGS...: runs wrk and prints one line of its figures.
wrk_summary() {
  local label=$1; shift
  local out
  out=$(wrk "$@" --latency -d "${duration}s" "$url")
  echo "$out" >"$tmp/wrk-$label.txt"
  echo "$out" | awk -v label="$label" '
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx|Socket errors/ { errs = errs " " $0 }
    END { printf "  %-22s %12s rps   p50 %-9s p90 %-9s p99 %-9s%s\n", label, rps, p50, p90, p99, errs }'
}

if command -v wrk >/dev/null 2>&1; then
  echo "wrk $(wrk -v 2>&1 | head -n1 | awk '{print $2}') (closed loop):"
  wrk_summary "1 connection" -t1 -c1
  wrk_summary "$connections connections" -t2 -c"$connections"
else
  echo "wrk not installed (apt-get install -y wrk); measuring the load generator alone"
fi
echo
echo "mlgate load generator (open loop, latency from the scheduled time, concurrency cap $concurrency):"
"$tmp/loadgen" -url "$url" -rates "$rates" -duration "${duration}s" -concurrency "$concurrency"
