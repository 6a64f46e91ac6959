# Shared by the benchmark scripts (sourced): free ports, CPU and memory of processes, wrk's figures.
HZ=$(getconf CLK_TCK)
# The two catalogue requests measured against nginx.
LIST=/apis/products/?per_page=20
ONE=/apis/products/OPUK6V6EV0
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# CPU ticks (user + system, every thread) of the given processes; one that has ended counts 0 (a
# PostgreSQL backend may end between listing and reading).
cpu_ticks() {
  local t=0 v
  for p in "$@"; do
    v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null) || v=0
    t=$((t + ${v:-0}))
  done
  echo "$t"
}
rss_kib() { local t=0; for p in "$@"; do t=$((t + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status"))); done; echo "$t"; }
now_ms() { date +%s%3N; }
# CPU ticks of a PostgreSQL server: its live processes, plus what the ended ones used (a backend's
# time goes to the postmaster's cutime/cstime when it is reaped), so connections opened and closed
# between two readings are counted too.
postgres_cpu_ticks() {
  local t=0 v
  for p in $(pgrep -x postgres); do
    v=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat" 2>/dev/null) || v=0
    t=$((t + ${v:-0}))
  done
  echo "$t"
}

# wrk's output file → "requests/s p50_ms p99_ms errors requests"
wrk_figures() {
  /usr/bin/python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r'^\s*' + label + r'\s+([\d.]+)(us|ms|s)\s*$', text, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == 'us' else v * 1000 if unit == 's' else v
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
total = int(re.search(r'(\d+) requests in', text).group(1))
errors = 0
m = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', text)
if m: errors += sum(int(x) for x in m.groups())
m = re.search(r'Non-2xx or 3xx responses: (\d+)', text)
if m: errors += int(m.group(1))
print(f"{rps:.0f} {ms('50%'):.3f} {ms('99%'):.3f} {errors} {total}")
PY
}

# nginx serving the very same bytes as rapidtrade's catalogue list ($LIST) and one product ($ONE),
# fetched from RT_BASE, from files under $work/www: the machine's ceiling for a trivial answer.
# Usage: start_nginx RT_BASE WORKERS [CPU]; sets NGX_PORT and NGX_PID (the master), adds it to pids.
start_nginx() {
  local rt_base=$1 workers=$2 cpu=${3:-}
  chmod 755 "$work"  # nginx workers run as nobody: they must be able to read the files
  mkdir -p "$work/www"
  curl -fs "$rt_base$LIST" >"$work/www/list.json"
  curl -fs "$rt_base$ONE" >"$work/www/one.json"
  NGX_PORT=$(free_port)
  cat >"$work/nginx.conf" <<NGX
worker_processes $workers;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  tcp_nodelay on;
  default_type application/json;
  server {
    listen 127.0.0.1:$NGX_PORT;
    root $work/www;
    # try_files, not alias: a URI ending in / would otherwise be treated as a directory.
    location = /apis/products/ { try_files /list.json =404; }
    location = $ONE { try_files /one.json =404; }
  }
}
NGX
  ${cpu:+taskset -c "$cpu"} nginx -c "$work/nginx.conf" -e "$work/nginx-error.log" &
  NGX_PID=$!
  pids+=("$NGX_PID")
  for _ in $(seq 500); do curl -fs "http://127.0.0.1:$NGX_PORT$ONE" >/dev/null 2>&1 && break; sleep 0.01; done
  cmp -s <(curl -fs "http://127.0.0.1:$NGX_PORT$LIST") "$work/www/list.json" ||
    { echo "nginx does not serve the same bytes" >&2; cat "$work/nginx-error.log" >&2; exit 1; }
}

# The checkout's timed part: CONNECTIONS guests (default 16) placing orders with the carts in
# CARTS_FILE (prepared by bench/checkout.mjs with BENCH_CARTS_FILE) for SECONDS, sent by wrk
# (bench/checkout.lua); the CPU of the shop (SHOP_PID) and, when ON_POSTGRES is not empty, of every
# PostgreSQL process, read around the run → one JSON line, the same fields as bench/checkout.mjs.
# Usage: checkout_wrk URL SHOP_PID ON_POSTGRES SECONDS CARTS_FILE [CONNECTIONS]
checkout_wrk() {
  local url=$1 shop_pid=$2 on_postgres=$3 seconds=$4 carts=$5 connections=${6:-16}
  local shop0 pg0=0 shop1 pg1=0 out
  shop0=$(cpu_ticks "$shop_pid"); [ -n "$on_postgres" ] && pg0=$(postgres_cpu_ticks)
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" -s "$(dirname "${BASH_SOURCE[0]}")/checkout.lua" "$url" -- "$carts" bench)
  shop1=$(cpu_ticks "$shop_pid"); [ -n "$on_postgres" ] && pg1=$(postgres_cpu_ticks)
  echo "$out" | grep '^{' | /usr/bin/python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
hz, shop, pg, on_pg = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] != ""
n = max(1, r["orders"])
r["shop_cpu_ms_per_order"] = round(shop * 1000 / hz / n, 2)
r["postgres_cpu_ms_per_order"] = round(pg * 1000 / hz / n, 2) if on_pg else None
print(json.dumps(r))' "$HZ" $((shop1 - shop0)) $((pg1 - pg0)) "$on_postgres"
}
