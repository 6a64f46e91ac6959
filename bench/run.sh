#!/usr/bin/env bash
# The unpinned benchmark (the second table; bench/per_core.sh gives the per-core headline): wrk at 64
# keep-alive connections against rapidtrade (SQLite, all-in-one),
# nginx serving the very same response bytes from files (the machine's ceiling, same run, same
# settings), and the catalogue alone on PostgreSQL (TEST_DATABASE_URL, from scripts/with-postgres.sh).
# Usage: bench/run.sh path/to/rapidtrade   (make bench does this)
set -euo pipefail

BIN=$(realpath "${1:?usage: bench/run.sh path/to/rapidtrade}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
OUT=$ROOT/bench/results
mkdir -p "$OUT"
work=$(mktemp -d /tmp/rapidtrade-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# Starts rapidtrade; sets STARTED_PID, STARTED_PORT and READY_MS (spawn to /readyz answering 200).
start_rapidtrade() {
  local port; port=$(free_port)
  local t0; t0=$(now_ms)
  env HOST=127.0.0.1 PORT="$port" ACCESS_LOG=false IO_THREADS=2 DATA_DIR="$work/data" API_KEY=bench "$@" \
    "$BIN" serve ${TARGET_ARGS:-} >"$work/rapidtrade-$port.log" 2>&1 &
  STARTED_PID=$!
  pids+=("$STARTED_PID")
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.002; done
  READY_MS=$(( $(now_ms) - t0 ))
  STARTED_PORT=$port
}

# wrk → "requests/s p50_ms p99_ms errors"
run_wrk() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1" >"$work/wrk.txt" 2>&1
  wrk_figures "$work/wrk.txt" | cut -d' ' -f1-4
}


echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "== rapidtrade $("$BIN" version | awk '{print $2}'), all-in-one, SQLite"
start_rapidtrade
RT_PID=$STARTED_PID RT_PORT=$STARTED_PORT RT_READY=$READY_MS
sleep 0.5
RT_IDLE_RSS=$(rss_kib "$RT_PID")

start_nginx "http://127.0.0.1:$RT_PORT" 2

declare -A R
for name in list one; do
  path=$LIST; [ $name = one ] && path=$ONE
  R[nginx_$name]=$(run_wrk "http://127.0.0.1:$NGX_PORT$path")
  R[rt_$name]=$(run_wrk "http://127.0.0.1:$RT_PORT$path")
done
# The web shop's pages next to the catalogue API, same process, same run (issue 5's target:
# a page at least half the API's requests/s). A new visitor each time: no cookie, a new session.
R[page_home]=$(run_wrk "http://127.0.0.1:$RT_PORT/")
R[page_list]=$(run_wrk "http://127.0.0.1:$RT_PORT/produits")
RT_LOADED_RSS=$(rss_kib "$RT_PID")
kill "$RT_PID"; wait "$RT_PID" 2>/dev/null || true

PG_LINE="(TEST_DATABASE_URL not set: PostgreSQL run skipped; use make bench)"
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== rapidtrade --target catalog on PostgreSQL"
  TARGET_ARGS="--target catalog" start_rapidtrade CATALOG_DATABASE_URL="$TEST_DATABASE_URL"
  PG_PID=$STARTED_PID PG_PORT=$STARTED_PORT PG_READY=$READY_MS
  R[pg_list]=$(run_wrk "http://127.0.0.1:$PG_PORT$LIST")
  R[pg_one]=$(run_wrk "http://127.0.0.1:$PG_PORT$ONE")
  kill "$PG_PID"; wait "$PG_PID" 2>/dev/null || true
fi

# The checkout: 16 customers placing orders back to back (bench/checkout.mjs), on SQLite (all-in-one)
# and on PostgreSQL, with PostgreSQL's own ceiling on this machine (pgbench, TPC-B-like, 16 clients).
CHECKOUT_SECONDS=${BENCH_CHECKOUT_SECONDS:-10}
echo "== checkout, all-in-one, SQLite"
start_rapidtrade
CK_SQLITE=$(node "$ROOT/bench/checkout.mjs" "http://127.0.0.1:$STARTED_PORT" bench 16 "$CHECKOUT_SECONDS")
kill "$STARTED_PID"; wait "$STARTED_PID" 2>/dev/null || true
CK_PG=""; PGBENCH_TPS=""
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== checkout, all-in-one, PostgreSQL"
  rm -rf "$work/data"
  start_rapidtrade DATABASE_URL="$TEST_DATABASE_URL"
  CK_PG=$(node "$ROOT/bench/checkout.mjs" "http://127.0.0.1:$STARTED_PORT" bench 16 "$CHECKOUT_SECONDS")
  kill "$STARTED_PID"; wait "$STARTED_PID" 2>/dev/null || true
  echo "== pgbench on the same PostgreSQL"
  pgbench -q -i -s 16 "$TEST_DATABASE_URL" >/dev/null 2>&1  # scale ≥ clients, as pgbench's manual advises
  PGBENCH_TPS=$(pgbench -c 16 -j 2 -T "$CHECKOUT_SECONDS" "$TEST_DATABASE_URL" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3; exit}')
fi

report=$OUT/latest.md
/usr/bin/python3 - "$report" <<PY
import sys
R = {k: v.split() for k, v in {
  'nginx_list': "${R[nginx_list]}", 'rt_list': "${R[rt_list]}",
  'nginx_one': "${R[nginx_one]}", 'rt_one': "${R[rt_one]}",
  'pg_list': "${R[pg_list]:-}", 'pg_one': "${R[pg_one]:-}",
  'page_home': "${R[page_home]}", 'page_list': "${R[page_list]}"}.items() if v}
lines = []
lines.append("| endpoint | server | requests/s | p50 ms | p99 ms | errors | ratio to nginx |")
lines.append("|---|---|---:|---:|---:|---:|---:|")
for ep, label in (('list', 'GET /apis/products/?per_page=20'), ('one', 'GET /apis/products/OPUK6V6EV0')):
    n = R['nginx_' + ep]
    for key, server in (('nginx_' + ep, 'nginx (same bytes from a file)'), ('rt_' + ep, 'rapidtrade all-in-one, SQLite'), ('pg_' + ep, 'rapidtrade catalog, PostgreSQL')):
        if key not in R: continue
        v = R[key]
        lines.append(f"| {label} | {server} | {v[0]} | {v[1]} | {v[2]} | {v[3]} | {float(v[0]) / float(n[0]):.2f} |")
lines.append("")
lines.append("| web page (all-in-one) | requests/s | p50 ms | p99 ms | errors | ratio to the catalogue API list |")
lines.append("|---|---:|---:|---:|---:|---:|")
for key, label in (('page_home', 'GET / (home)'), ('page_list', 'GET /produits (product list)')):
    v = R[key]
    lines.append(f"| {label} | {v[0]} | {v[1]} | {v[2]} | {v[3]} | {float(v[0]) / float(R['rt_list'][0]):.2f} |")
lines.append("")
lines.append(f"rapidtrade all-in-one: start to ready ${RT_READY} ms; RSS idle {int('${RT_IDLE_RSS}') / 1024:.1f} MiB, after the runs {int('${RT_LOADED_RSS}') / 1024:.1f} MiB")
if 'pg_list' in R: lines.append(f"rapidtrade catalog on PostgreSQL: start to ready ${PG_READY:-0} ms")
lines.append(f"wrk: ${THREADS} threads, ${CONNECTIONS} keep-alive connections, ${DURATION} per run; nginx 2 workers, rapidtrade IO_THREADS=2; both without access log")
import json
lines.append("")
lines.append("| checkout (POST /apis/orders/, 16 concurrent customers) | orders/s | p50 ms | p99 ms | errors |")
lines.append("|---|---:|---:|---:|---:|")
for label, raw in (("all-in-one, SQLite", """${CK_SQLITE}"""), ("all-in-one, PostgreSQL", """${CK_PG}""")):
    if not raw.strip(): continue
    c = json.loads(raw)
    lines.append(f"| {label} | {c['orders_per_s']} | {c['p50_ms']} | {c['p99_ms']} | {c['errors']} |")
if "${PGBENCH_TPS}": lines.append(f"\nPostgreSQL ceiling on this machine (pgbench TPC-B-like, 16 clients, fsync on): ${PGBENCH_TPS} transactions/s")
text = "\n".join(lines)
open(sys.argv[1], "w").write(text + "\n")
print(text)
PY
echo "(written to $report)"
