#!/usr/bin/env bash
# The end-to-end benchmark: the loadgen's shopper journeys (through the web pages) at increasing
# arrival rates, until p99 exceeds 100 ms, on (1) the all-in-one process with SQLite and (2) one
# process per target with PostgreSQL (TEST_DATABASE_URL, from scripts/with-postgres.sh). Reports
# throughput, p99, CPU-seconds per order and memory, and draws bench/results/journeys.svg.
# Usage: bench/journeys.sh path/to/rapidtrade   (make bench runs it)
set -euo pipefail
BIN=$(realpath "${1:?usage: bench/journeys.sh path/to/rapidtrade}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/results
mkdir -p "$OUT"
SECONDS_PER_STEP=${BENCH_JOURNEY_SECONDS:-8}
RATES=${BENCH_RATES:-"10 20 40 80 160 320"}
work=$(mktemp -d /tmp/rapidtrade-journeys.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
wait_ready() { for _ in $(seq 500); do curl -fs "$1/readyz" >/dev/null 2>&1 && return 0; sleep 0.02; done; return 1; }

# Runs the rate ladder against $SHOP with processes $@; appends "mode rate req/s p99 orders cpu_s/order rss_mib" lines.
ladder() {
  local mode=$1; shift
  local rest; rest=$(rss_kib "$@")
  echo "$mode rest_rss_mib $((rest / 1024))" >> "$work/memory"
  for rate in $RATES; do
    local before; before=$(cpu_ticks "$@")
    "$BIN" loadgen --url "$SHOP" --rate "$rate" --duration "${SECONDS_PER_STEP}s" --users 256 --json \
      --restock bench > "$work/run.json" 2>/dev/null || true
    local after; after=$(cpu_ticks "$@")
    local rss; rss=$(rss_kib "$@")
    /usr/bin/python3 - "$work/run.json" "$mode" "$rate" "$((after - before))" "$HZ" "$((rss / 1024))" >> "$work/ladder" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
mode, rate, ticks, hz, rss = sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
errors = sum(sum(s["errors"].values()) for s in r["steps"].values())
cpu = ticks / hz
per_order = cpu / r["orders"] if r["orders"] else 0
print(f'{mode} {rate:g} {r["requests"] / r["seconds"]:.0f} {r["p99_ms"]:.1f} {r["orders"]} {errors} {per_order:.3f} {rss}')
PY
    tail -1 "$work/ladder"
    p99=$(tail -1 "$work/ladder" | awk '{print $4}')
    awk -v p="$p99" 'BEGIN { exit !(p > 100) }' && break
  done
}

echo "== all-in-one, SQLite"
port=$(free_port)
env HOST=127.0.0.1 PORT="$port" ACCESS_LOG=false DATA_DIR="$work/data" API_KEY=bench "$BIN" serve >/dev/null 2>&1 &
pids+=($!); ALL=$!
SHOP="http://127.0.0.1:$port"; wait_ready "$SHOP"
ladder sqlite-all-in-one "$ALL"
kill "$ALL"; wait "$ALL" 2>/dev/null || true

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== one process per target, PostgreSQL"
  declare -A ports; procs=()
  for t in catalog customers auth cart shipping payment checkout email frontend; do ports[$t]=$(free_port); done
  urls="PRODUCTCATALOGSERVICE_URL=http://127.0.0.1:${ports[catalog]} CUSTOMERSERVICE_URL=http://127.0.0.1:${ports[customers]}
        AUTHSERVICE_URL=http://127.0.0.1:${ports[auth]} CARTSERVICE_URL=http://127.0.0.1:${ports[cart]}
        SHIPPINGSERVICE_URL=http://127.0.0.1:${ports[shipping]} PAYMENTSERVICE_URL=http://127.0.0.1:${ports[payment]}
        CHECKOUTSERVICE_URL=http://127.0.0.1:${ports[checkout]} EMAILSERVICE_URL=http://127.0.0.1:${ports[email]}"
  for t in catalog customers auth cart shipping payment checkout email frontend; do
    env $urls HOST=127.0.0.1 PORT="${ports[$t]}" ACCESS_LOG=false IO_THREADS=1 DATA_DIR="$work/data-$t" API_KEY=bench \
      DATABASE_URL="$TEST_DATABASE_URL" "$BIN" serve --target "$t" >"$work/$t.log" 2>&1 &
    pids+=($!); procs+=($!)
    wait_ready "http://127.0.0.1:${ports[$t]}" || { cat "$work/$t.log"; exit 1; }
  done
  # The shop answers on the frontend; catalogue images and the restock call go to the catalogue.
  SHOP="http://127.0.0.1:${ports[frontend]}"
  curl -fs -X PATCH -H 'Content-Type: application/json' -H 'X-Api-Key: bench' -d '{"stock": 1000000}' \
    "http://127.0.0.1:${ports[catalog]}/apis/products/OPUK6V6EV0" >/dev/null
  for p in 1YMWVN1N4O D0WTFLHBMU APTT0ZN3X0; do
    curl -fs -X PATCH -H 'Content-Type: application/json' -H 'X-Api-Key: bench' -d '{"stock": 1000000}' \
      "http://127.0.0.1:${ports[catalog]}/apis/products/$p" >/dev/null
  done
  ladder postgres-per-target "${procs[@]}"
fi

/usr/bin/python3 - "$work/ladder" "$work/memory" "$OUT" <<'PY'
import sys, collections
rows = [l.split() for l in open(sys.argv[1])]
mem = {l.split()[0]: l.split()[2] for l in open(sys.argv[2])}
out = sys.argv[3]
by_mode = collections.OrderedDict()
for r in rows: by_mode.setdefault(r[0], []).append(r)
lines = ["| setup | offered journeys/s | requests/s | p99 ms | orders | errors | CPU-s per order | RSS MiB at that rate |",
         "|---|---:|---:|---:|---:|---:|---:|---:|"]
for mode, rs in by_mode.items():
    for r in rs: lines.append(f"| {mode} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6]} | {r[7]} |")
lines.append("")
for mode, rs in by_mode.items():
    ok = [r for r in rs if float(r[3]) <= 100 and r[5] == "0"]
    head = ok[-1] if ok else None
    if head: lines.append(f"**{mode}**: headline {head[1]} journeys/s ({head[2]} requests/s) with p99 {head[3]} ms, {head[6]} CPU-s per order; RSS {mem.get(mode, '?')} MiB at rest, {head[7]} MiB at that rate.")
open(f"{out}/journeys.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
# The plot: requests/s (solid) and p99 (dashed) against the offered rate, one colour per setup.
W, H, L, B = 720, 420, 70, 50
colours = ["#2f4a3e", "#c98b4f", "#3d6bb3"]
max_rate = max(float(r[1]) for r in rows); max_rps = max(float(r[2]) for r in rows) or 1; max_p99 = max(max(float(r[3]) for r in rows), 100)
x = lambda v: L + (W - L - 30) * v / max_rate
y1 = lambda v: H - B - (H - B - 30) * v / max_rps
y2 = lambda v: H - B - (H - B - 30) * v / max_p99
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="#fff"/>',
       f'<line x1="{L}" y1="{H-B}" x2="{W-30}" y2="{H-B}" stroke="#333"/><line x1="{L}" y1="30" x2="{L}" y2="{H-B}" stroke="#333"/>',
       f'<text x="{(W)/2}" y="{H-12}" text-anchor="middle">offered load (journeys started per second)</text>',
       f'<text x="14" y="{H/2}" transform="rotate(-90 14 {H/2})" text-anchor="middle">requests/s (solid), p99 ms (dashed, 0–{max_p99:.0f})</text>',
       f'<line x1="{L}" y1="{y2(100)}" x2="{W-30}" y2="{y2(100)}" stroke="#a4261b" stroke-dasharray="2 4"/>',
       f'<text x="{W-32}" y="{y2(100)-4}" text-anchor="end" fill="#a4261b">p99 = 100 ms</text>']
for i, (mode, rs) in enumerate(by_mode.items()):
    c = colours[i % len(colours)]
    svg.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="' + " ".join(f"{x(float(r[1])):.1f},{y1(float(r[2])):.1f}" for r in rs) + '"/>')
    svg.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" stroke-dasharray="6 4" points="' + " ".join(f"{x(float(r[1])):.1f},{y2(float(r[3])):.1f}" for r in rs) + '"/>')
    svg.append(f'<text x="{L+10}" y="{40+16*i}" fill="{c}">{mode}</text>')
    for r in rs: svg.append(f'<text x="{x(float(r[1])):.1f}" y="{H-B+16}" text-anchor="middle">{r[1]}</text>')
svg.append("</svg>")
open(f"{out}/journeys.svg", "w").write("\n".join(svg) + "\n")
print(f"(written {out}/journeys.md and {out}/journeys.svg)")
PY
