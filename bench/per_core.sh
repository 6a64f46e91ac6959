#!/usr/bin/env bash
# Per core: what one core of the shop serves, next to what one core of nginx serves for the very
# same bytes. Each server is pinned to one core (BENCH_SERVER_CPU, default 0) and wrk (one thread,
# 64 keep-alive connections) to the other (BENCH_LOAD_CPU, default 1), so neither hides its cost in
# the other's core; the server's own CPU time per answer (µs, from /proc) is reported too. Each
# figure is the median of BENCH_REPEAT runs (default 3). Then the checkout: 16 concurrent guests on
# SQLite and on PostgreSQL (TEST_DATABASE_URL, fsync on), next to pgbench's TPC-B-like ceiling on the
# same server in the same run (scale 16, 16 clients, 2 threads), with the CPU milliseconds one order
# costs the shop and PostgreSQL.
# Usage: bench/per_core.sh path/to/rapidtrade   (make bench runs it first)
set -euo pipefail
BIN=$(realpath "${1:?usage: bench/per_core.sh path/to/rapidtrade}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SERVER_CPU=${BENCH_SERVER_CPU:-0}
LOAD_CPU=${BENCH_LOAD_CPU:-1}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
REPEAT=${BENCH_REPEAT:-3}
CHECKOUT_SECONDS=${BENCH_CHECKOUT_SECONDS:-10}
CHECKOUT_REPEAT=${BENCH_CHECKOUT_REPEAT:-2}
OUT=$ROOT/bench/results
mkdir -p "$OUT"
work=$(mktemp -d /tmp/rapidtrade-percore.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Starts rapidtrade (extra environment in "$@"), pinned when PIN is set; sets RT_PID and RT_URL.
start_rapidtrade() {
  local port; port=$(free_port)
  ${PIN:+taskset -c "$PIN"} env HOST=127.0.0.1 PORT="$port" ACCESS_LOG=false DATA_DIR="$work/data" API_KEY=bench "$@" \
    "$BIN" serve >"$work/rapidtrade-$port.log" 2>&1 &
  RT_PID=$!
  pids+=("$RT_PID")
  RT_URL=http://127.0.0.1:$port
  until curl -fs "$RT_URL/readyz" >/dev/null 2>&1; do sleep 0.005; done
}

# wrk pinned to the load core against URL, the CPU of the server processes "$@" read around each
# run → the median run by requests/s: "requests/s p50_ms p99_ms errors cpu_us_per_request".
measure() {
  local url=$1; shift
  for _ in $(seq "$REPEAT"); do
    local before after; before=$(cpu_ticks "$@")
    taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$work/wrk.txt" 2>&1
    after=$(cpu_ticks "$@")
    read -r rps p50 p99 errors total < <(wrk_figures "$work/wrk.txt")
    echo "$rps $p50 $p99 $errors $(( (after - before) * 1000000 / HZ / (total > 0 ? total : 1) ))"
  done | sort -n | awk -v n="$REPEAT" '{ line[NR] = $0 } END { print line[int((n + 1) / 2)] }'
}

echo "== per core: servers on CPU $SERVER_CPU, wrk -t1 -c$CONNECTIONS on CPU $LOAD_CPU, median of $REPEAT × $DURATION"
PIN=$SERVER_CPU start_rapidtrade IO_THREADS=1
start_nginx "$RT_URL" 1 "$SERVER_CPU"
NGX_WORKER=$(pgrep -P "$NGX_PID" | head -1)

declare -A R
R[nginx_list]=$(measure "http://127.0.0.1:$NGX_PORT$LIST" "$NGX_PID" "$NGX_WORKER")
R[rt_list]=$(measure "$RT_URL$LIST" "$RT_PID")
R[nginx_one]=$(measure "http://127.0.0.1:$NGX_PORT$ONE" "$NGX_PID" "$NGX_WORKER")
R[rt_one]=$(measure "$RT_URL$ONE" "$RT_PID")
R[page_home]=$(measure "$RT_URL/" "$RT_PID")
R[page_list]=$(measure "$RT_URL/produits" "$RT_PID")
kill "$RT_PID" "$NGX_PID"; wait "$RT_PID" "$NGX_PID" 2>/dev/null || true

# The checkout, unpinned as pgbench is (the shop, PostgreSQL and the load generator share both
# cores, as in one machine): carts prepared first (bench/checkout.mjs, untimed), then wrk places the
# orders (bench/checkout.lua); orders/s, p50/p99 and CPU per order (checkout_wrk, bench/lib.sh).
checkout_runs() {
  local on_postgres=$1; shift
  for _ in $(seq "$CHECKOUT_REPEAT"); do
    rm -rf "$work/data"
    start_rapidtrade "$@"
    BENCH_CARTS_FILE="$work/carts" node "$ROOT/bench/checkout.mjs" "$RT_URL" bench 16 "$CHECKOUT_SECONDS"
    # The carts' WAL checkpointed: the timed orders write into recycled segments (see below, where
    # pgbench's initialisation has already written enough WAL for a checkpoint to keep segments).
    if [ -n "$on_postgres" ]; then psql -q "$TEST_DATABASE_URL" -c CHECKPOINT; fi
    checkout_wrk "$RT_URL" "$RT_PID" "$on_postgres" "$CHECKOUT_SECONDS" "$work/carts"
    kill "$RT_PID"; wait "$RT_PID" 2>/dev/null || true
  done
}
echo "== checkout, all-in-one, SQLite"
CK_SQLITE=$(checkout_runs "")
CK_PG=""; PGBENCH=""
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  # A server that has been running recycles its old WAL segments at each checkpoint. A new one
  # creates and zero-fills each 16-MB segment while every commit waits (at 800 orders/s, a 45-ms
  # stall every 2 s: p99 51 ms instead of 32 here). pgbench's initialisation first, then a
  # CHECKPOINT before each timed run (checkout_runs), so that the checkout and pgbench both meet
  # the server in its steady state.
  echo "== pgbench -i -s 16: WAL for the checkpoints to recycle, as a running server's"
  pgbench -q -i -s 16 "$TEST_DATABASE_URL" >/dev/null 2>&1
  echo "== checkout, all-in-one, PostgreSQL"
  CK_PG=$(checkout_runs 1 DATABASE_URL="$TEST_DATABASE_URL")
  echo "== pgbench -c 16 -j 2 -T $CHECKOUT_SECONDS, on the same server"
  before=$(postgres_cpu_ticks)
  tps=$(pgbench -c 16 -j 2 -T "$CHECKOUT_SECONDS" "$TEST_DATABASE_URL" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3; exit}')
  after=$(postgres_cpu_ticks)
  PGBENCH="$tps $(( (after - before) * 1000000 / HZ / (tps * ${CHECKOUT_SECONDS} > 0 ? tps * ${CHECKOUT_SECONDS} : 1) ))"
fi

/usr/bin/python3 - "$OUT/per_core.md" <<PY
import json, statistics, sys
R = {k: v.split() for k, v in {
  'nginx_list': "${R[nginx_list]}", 'rt_list': "${R[rt_list]}", 'nginx_one': "${R[nginx_one]}",
  'rt_one': "${R[rt_one]}", 'page_home': "${R[page_home]}", 'page_list': "${R[page_list]}"}.items()}
out = ["Per core: each server pinned to CPU ${SERVER_CPU}, wrk -t1 -c${CONNECTIONS} pinned to CPU ${LOAD_CPU}, "
       "median of ${REPEAT} runs of ${DURATION}; rapidtrade all-in-one (SQLite, IO_THREADS=1), nginx 1 worker.", "",
       "| request | server | requests/s | p50 ms | p99 ms | errors | CPU µs per request | ratio |",
       "|---|---|---:|---:|---:|---:|---:|---:|"]
for ep, label in (('list', 'GET /apis/products/?per_page=20'), ('one', 'GET /apis/products/OPUK6V6EV0')):
    n = R['nginx_' + ep]
    for key, server in (('nginx_' + ep, 'nginx, same bytes from a file'), ('rt_' + ep, 'rapidtrade')):
        v = R[key]
        out.append(f"| {label} | {server} | {v[0]} | {v[1]} | {v[2]} | {v[3]} | {v[4]} | {float(v[0]) / float(n[0]):.2f} × nginx |")
for key, label in (('page_home', 'GET / (home page)'), ('page_list', 'GET /produits (product list page)')):
    v = R[key]
    out.append(f"| {label} | rapidtrade | {v[0]} | {v[1]} | {v[2]} | {v[3]} | {v[4]} | {float(v[0]) / float(R['rt_list'][0]):.2f} × the API list |")
def runs(raw):
    return [json.loads(l) for l in raw.splitlines() if l.strip().startswith('{')]
pg = "${PGBENCH}".split()
out += ["", "| checkout, 16 concurrent guests (all-in-one) | orders/s | p50 ms | p99 ms | errors | shop CPU ms/order | PostgreSQL CPU ms/order | ratio to pgbench tps |",
        "|---|---:|---:|---:|---:|---:|---:|---:|"]
for label, raw in (("SQLite", """${CK_SQLITE}"""), ("PostgreSQL, fsync on", """${CK_PG}""")):
    rs = runs(raw)
    if not rs: continue
    med = lambda k: statistics.median(r[k] for r in rs if r.get(k) is not None) if any(r.get(k) is not None for r in rs) else None
    ratio = f"{med('orders_per_s') / float(pg[0]):.3f}" if pg and label.startswith('PostgreSQL') else "-"
    pgcpu = med('postgres_cpu_ms_per_order')
    out.append(f"| {label} (median of {len(rs)}: {', '.join(str(r['orders_per_s']) for r in rs)}) | {med('orders_per_s'):.0f} | {med('p50_ms'):.1f} | {med('p99_ms'):.1f} | "
               f"{sum(r['errors'] for r in rs)} | {med('shop_cpu_ms_per_order'):.2f} | {f'{pgcpu:.2f}' if pgcpu is not None else '-'} | {ratio} |")
if pg:
    out.append(f"\npgbench (TPC-B-like, scale 16, 16 clients, 2 threads, same server, same run): {pg[0]} transactions/s, "
               f"PostgreSQL CPU {int(pg[1]) / 1000:.2f} ms per transaction")
text = "\n".join(out)
open(sys.argv[1], "w").write(text + "\n")
print(text)
PY
echo "(written to $OUT/per_core.md)"
