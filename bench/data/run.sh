#!/usr/bin/env bash
# Benchmarks `mlgate data validate` against its peers on the same data, in one
# run, and prints medians and ratios. See bench/README.md.
#
#   bench/data/run.sh                       # 1,000,000 rows, 5 runs each
#   ROWS=200000 RUNS=3 bench/data/run.sh    # a quick look
#   MEMCHECK=1 bench/data/run.sh            # also mlgate's peak RSS on 10,000,000 rows
#
# Environment:
#   ROWS            rows in the dataset (default 1000000)
#   RUNS            timed runs per contender (default 5); the table shows medians
#   BAD_RATE        fraction of rows with one injected violation (default 0.001)
#   BENCH_DATA_DIR  where generated data is cached (default $TMPDIR/mlgate-bench-data)
#   MEMCHECK        1: also run mlgate once on 10M rows (about 1 GB of CSV) and print peak RSS
#   MLGATE_BIN      an mlgate binary to measure instead of building ./cmd/mlgate
#
# Contenders, run round-robin so that a slow spell of the machine hits all of them:
#   mlgate   mlgate data validate --data data.csv --schema schema.json (exit 0 or 1 = completed)
#   csvloop  a bare encoding/csv read loop over data.csv: the floor for any CSV validator
#   ajv      ajv 8 (Node) validating data.jsonl, the same rows as JSON lines
#   pandas   Debian's python3-pandas: pd.read_csv + vectorized checks over data.csv
# Each run is measured with GNU time: elapsed seconds and maximum resident set size.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rows=${ROWS:-1000000}
runs=${RUNS:-5}
bad_rate=${BAD_RATE:-0.001}
cache=${BENCH_DATA_DIR:-${TMPDIR:-/tmp}/mlgate-bench-data}
python=/usr/bin/python3
ajv_version=8.20.0

case $rows in '' | *[!0-9]*) echo "ROWS must be a positive integer, got '$rows'" >&2; exit 2 ;; esac
case $runs in '' | *[!0-9]* | 0) echo "RUNS must be a positive integer, got '$runs'" >&2; exit 2 ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/samples" "$work/out"

say() { printf '%s\n' "$*" >&2; }

# ---- tools ---------------------------------------------------------------

if [ ! -x /usr/bin/time ]; then
  say "installing GNU time (the 'time' package) for elapsed seconds and peak RSS"
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
  else
    sudo apt-get install -y time >/dev/null
  fi
fi

say "building the Go contenders"
(cd "$root" && go build -o "$work/bin/gen" ./bench/data/gen && go build -o "$work/bin/csvloop" ./bench/data/csvloop)

contenders=()
mlgate=""
if [ -n "${MLGATE_BIN:-}" ]; then
  mlgate=$MLGATE_BIN
  say "using mlgate at $mlgate (MLGATE_BIN)"
elif (cd "$root" && go build -o "$work/bin/mlgate" ./cmd/mlgate) 2>"$work/mlgate-build.log"; then
  mlgate=$work/bin/mlgate
else
  say "mlgate does not build right now (see below); running the peers only"
  head -n 20 "$work/mlgate-build.log" | sed 's/^/  /' >&2
fi
# A command exists when its help lists the flags this script passes.
# (grep reads all of it: with pipefail, grep -q could fail the pipe by SIGPIPE.)
has_cmd() { [ -n "$mlgate" ] && "$mlgate" data "$1" --help 2>&1 | grep -- "$2" >/dev/null; }
mlgate_validate=0
mlgate_infer=0
if has_cmd validate '--schema'; then
  mlgate_validate=1
  contenders+=(mlgate)
else
  say "mlgate data validate not available yet"
fi
if has_cmd infer '--schema-out'; then
  mlgate_infer=1
else
  say "mlgate data infer not available yet"
fi
contenders+=(csvloop)

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  installed=$(cd "$here/ajv" && node -p 'require("./node_modules/ajv/package.json").version' 2>/dev/null) || installed=""
  if [ "$installed" != "$ajv_version" ]; then
    say "installing ajv $ajv_version (npm ci)"
    npm ci --prefix "$here/ajv" --no-audit --no-fund --loglevel=error >&2
  fi
  contenders+=(ajv)
else
  say "node/npm not found: skipping ajv (needs Node 18+)"
fi

if "$python" -c 'import pandas' 2>/dev/null; then
  contenders+=(pandas)
else
  say "pandas not found for $python: skipping it (apt-get install -y python3-pandas)"
fi

# ---- data ----------------------------------------------------------------

# gen_dir ROWS [extra gen flags...]: prints the cache directory for that data,
# generating it first if needed. The key includes a hash of the generator's
# sources, so a changed generator never reuses stale data.
gen_hash=$(cat "$here"/gen/*.go | sha256sum | cut -c1-12)
gen_dir() {
  local n=$1
  shift
  local key="rows-$n-bad-$bad_rate-$gen_hash"
  [ "$#" -gt 0 ] && key="$key-csvonly"
  local dir=$cache/$key
  if [ ! -f "$dir/.complete" ]; then
    say "generating $n rows into $dir"
    rm -rf "$dir"
    "$work/bin/gen" -rows "$n" -bad-rate "$bad_rate" -out "$dir" "$@" >"$dir.stats.tmp" 2>&1 || {
      cat "$dir.stats.tmp" >&2
      exit 2
    }
    mv "$dir.stats.tmp" "$dir/gen-stats.json"
    touch "$dir/.complete"
  fi
  printf '%s\n' "$dir"
}
mkdir -p "$cache"
data=$(gen_dir "$rows")
say "data: $data ($(du -h "$data/data.csv" | cut -f1) CSV, $(du -h "$data/data.jsonl" | cut -f1) JSONL)"
cat "$data/data.csv" "$data/data.jsonl" >/dev/null # warm the page cache for everyone

# ---- measuring -----------------------------------------------------------

# run_once NAME RUN: runs one contender once under GNU time and appends
# "seconds max_rss_kb" to its samples. Returns non-zero if the run failed.
run_once() {
  local name=$1 i=$2 ok="0" code
  local -a cmd
  case $name in
    mlgate)
      ok="0 1"
      rm -rf "$work/results"
      cmd=("$mlgate" data validate --data "$data/data.csv" --schema "$data/schema.json" --results-dir "$work/results")
      ;;
    infer)
      cmd=("$mlgate" data infer --data "$data/data.csv" --schema-out "$work/inferred.schema.json"
        --profile-out "$work/inferred.profile.json")
      ;;
    csvloop) cmd=("$work/bin/csvloop" "$data/data.csv") ;;
    ajv) cmd=(node "$here/ajv/validate.mjs" "$data/data.jsonl" "$data/schema.json") ;;
    pandas) cmd=("$python" "$here/pandas_validate.py" "$data/data.csv" "$data/schema.json") ;;
  esac
  code=0
  /usr/bin/time -f '%e %M' -o "$work/time" "${cmd[@]}" >"$work/out/$name.$i" 2>"$work/out/$name.$i.err" || code=$?
  echo "$code" >"$work/out/$name.$i.code"
  if [[ " $ok " != *" $code "* ]]; then
    say "$name: run $i exited $code; its stderr ends with:"
    tail -n 5 "$work/out/$name.$i.err" | sed 's/^/  /' >&2
    return 1
  fi
  # GNU time writes "Command exited with non-zero status N" first on exit 1.
  tail -n 1 "$work/time" >>"$work/samples/$name"
}

failed=" "
for ((i = 1; i <= runs; i++)); do
  say "round $i/$runs: ${contenders[*]}"
  for name in "${contenders[@]}"; do
    [[ $failed == *" $name "* ]] && continue
    run_once "$name" "$i" || failed="$failed$name "
  done
done
if [ "$mlgate_infer" = 1 ]; then
  say "mlgate data infer: $runs runs"
  for ((i = 1; i <= runs; i++)); do
    run_once infer "$i" || { failed="${failed}infer "; break; }
  done
fi

# median COLUMN FILE: the median of one column of the samples.
median() {
  sort -g -k"$1","$1" "$2" | awk -v c="$1" '{ v[NR] = $c } END {
    if (NR == 0) { print "nan"; exit }
    print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
secs_of() { if [ -s "$work/samples/$1" ]; then median 1 "$work/samples/$1"; fi; }
rss_of() { if [ -s "$work/samples/$1" ]; then median 2 "$work/samples/$1"; fi; }

# ---- report --------------------------------------------------------------

mlgate_s=$(secs_of mlgate)
echo
echo "data-gate benchmark: $rows rows x 10 columns, bad rate $bad_rate, $runs runs each, $(nproc) cores"
echo "data: $data"
echo
printf '%-22s %10s %14s %14s %16s\n' contender "median s" "median rows/s" "peak RSS MB" "time / mlgate"
for name in mlgate csvloop ajv pandas infer; do
  s=$(secs_of "$name")
  label=$name
  [ "$name" = mlgate ] && label="mlgate data validate"
  [ "$name" = infer ] && label="mlgate data infer"
  if [ -z "$s" ]; then
    case $name in
      mlgate) [ "$mlgate_validate" = 1 ] && why=failed || why="not available yet" ;;
      infer) [ "$mlgate_infer" = 1 ] && why=failed || why="not available yet" ;;
      *) [[ $failed == *" $name "* ]] && why=failed || why=skipped ;;
    esac
    printf '%-22s %10s\n' "$label" "$why"
    continue
  fi
  rss=$(rss_of "$name")
  m=$mlgate_s
  [ "$name" = infer ] && m="" # a different job: no ratio
  awk -v l="$label" -v s="$s" -v kb="$rss" -v n="$rows" -v m="$m" 'BEGIN {
    rps = (s > 0) ? sprintf("%.0f", n / s) : "inf"
    ratio = (m != "" && m > 0) ? sprintf("%.2fx", s / m) : "n/a"
    printf "%-22s %10.2f %14s %14.1f %16s\n", l, s, rps, kb / 1024, ratio }'
done

echo
echo "what each contender reported (first run):"
for name in mlgate csvloop ajv pandas infer; do
  f=$work/out/$name.1
  [ -f "$f" ] || continue
  if [ "$name" = mlgate ] || [ "$name" = infer ]; then
    echo "  $name: exit $(cat "$f.code" 2>/dev/null || echo '?')"
  else
    echo "  $name: $(head -c 400 "$f")"
  fi
done
echo "  generator: $(cat "$data/gen-stats.json")"
# The peers must find exactly the injected rows, or the comparison is void.
want=$(grep -o '"bad_rows": *[0-9]*' "$data/gen-stats.json" | grep -o '[0-9]*$')
for name in ajv pandas; do
  f=$work/out/$name.1
  [ -f "$f" ] || continue
  got=$(grep -o '"invalid": *[0-9]*' "$f" | grep -o '[0-9]*$' || true)
  if [ "$got" != "$want" ]; then
    echo "  WARNING: $name found ${got:-?} invalid rows, the generator injected $want"
  fi
done

echo
echo "targets (bench/README.md):"
target() { # NAME VALUE GOAL_TEXT MET(1/0)
  local verdict="missed"
  [ "$4" = 1 ] && verdict="met"
  printf '  %-34s %-18s %-22s %s\n' "$1" "$2" "$3" "$verdict"
}
if [ -n "$mlgate_s" ]; then
  for peer in ajv pandas csvloop; do
    s=$(secs_of "$peer")
    [ -n "$s" ] || continue
    case $peer in
      ajv) goal=4 ;;
      pandas) goal=6 ;;
      csvloop) goal=0.5 ;;
    esac
    x=$(awk -v a="$s" -v b="$mlgate_s" 'BEGIN { printf "%.2f", a / b }')
    met=$(awk -v x="$x" -v g="$goal" 'BEGIN { print (x >= g) ? 1 : 0 }')
    if [ "$peer" = csvloop ]; then
      y=$(awk -v a="$s" -v b="$mlgate_s" 'BEGIN { printf "%.2f", b / a }')
      target "validate vs csvloop" "${y}x its time" "<= 2x its time" "$met"
    else
      target "validate vs $peer" "${x}x faster" ">= ${goal}x faster" "$met"
    fi
  done
  rss=$(rss_of mlgate)
  mb=$(awk -v kb="$rss" 'BEGIN { printf "%.1f", kb / 1024 }')
  target "validate peak RSS" "$mb MB" "< 100 MB" "$(awk -v m="$mb" 'BEGIN { print (m < 100) ? 1 : 0 }')"
else
  echo "  mlgate data validate: no figures (not available yet or failed)"
fi
infer_s=$(secs_of infer)
if [ -n "$infer_s" ]; then
  rps=$(awk -v n="$rows" -v s="$infer_s" 'BEGIN { printf "%.0f", (s > 0) ? n / s : 1e18 }')
  target "infer rows/s" "$rps" ">= 1000000" "$(awk -v r="$rps" 'BEGIN { print (r >= 1000000) ? 1 : 0 }')"
else
  echo "  mlgate data infer: no figures (not available yet or failed)"
fi

# ---- memory check on 10M rows -------------------------------------------

if [ "${MEMCHECK:-0}" = 1 ]; then
  echo
  if [ -z "$mlgate_s" ]; then
    echo "memcheck: skipped, mlgate data validate not available yet"
  else
    big=$(gen_dir 10000000 -jsonl=false)
    cat "$big/data.csv" >/dev/null
    small_kb=$(rss_of mlgate)
    data_small=$data
    data=$big
    if run_once mlgate big; then
      read -r big_s big_kb < <(tail -n 1 "$work/samples/mlgate")
      awk -v n="$rows" -v skb="$small_kb" -v bkb="$big_kb" -v bs="$big_s" 'BEGIN {
        printf "memcheck: peak RSS %.1f MB on %d rows, %.1f MB on 10000000 rows (%.2fx), 10M rows in %.2f s\n",
          skb / 1024, n, bkb / 1024, bkb / skb, bs
        printf "  target: < 100 MB and the same for 10M rows as for 1M rows (streaming): %s\n",
          (bkb / 1024 < 100 && bkb < 1.25 * skb) ? "met" : "missed" }'
    else
      echo "memcheck: mlgate failed on 10M rows"
    fi
    data=$data_small
  fi
fi

if [ "$failed" != " " ]; then
  say "failed:${failed% }"
  exit 1
fi
