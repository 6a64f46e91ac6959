# Shared by the benchmark scripts (sourced): free ports, CPU and memory of processes, wrk's figures.
HZ=$(getconf CLK_TCK)
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
