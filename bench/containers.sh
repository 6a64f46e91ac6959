#!/usr/bin/env bash
# Image size and each container's memory, idle and under a short load, next to the memory requests
# the Kubernetes manifests declare (deploy/k8s/base). Runs the compose stack of tests/deploy/compose.sh.
# Usage: bench/containers.sh  (root, podman; make bench-containers)
set -euo pipefail
cd "$(dirname "$0")/.."
state=$(mktemp)
trap 'rm -f "$state"' EXIT
KEEP_UP="$state" tests/deploy/compose.sh >/dev/null
. "$state"
down() { tests/deploy/compose.sh --down "$project"; }
trap 'down; rm -f "$state"' EXIT

snapshot() {  # name -> RSS MiB of the container's main process (VmRSS, as ps shows it)
  for c in $(podman ps --format '{{.Names}}' | grep "^${project}_"); do
    name=${c#"${project}_"}; name=${name%_1}
    pid=$(podman inspect "$c" --format '{{.State.Pid}}')
    rss=$(awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo "?")
    echo "$name $rss"
  done | sort
}
sleep 3
snapshot > "$state.idle"
echo "== load: 20 s of wrk on the shop's pages (frontend + catalogue)"
wrk -t2 -c32 -d10s "$shop/" >/dev/null
wrk -t2 -c32 -d10s "$shop/produits" >/dev/null
snapshot > "$state.load"
size=$(podman image inspect localhost/rapidtrade:0.1.0 --format '{{.Size}}')

# memory requests per app label in the rendered base (the process container, not the init one)
cat deploy/k8s/base/*.yaml | /usr/bin/python3 -c '
import sys, yaml
for d in yaml.safe_load_all(sys.stdin):
    if d and d.get("kind") in ("Deployment", "StatefulSet"):
        c = d["spec"]["template"]["spec"]["containers"][0]
        print(d["metadata"]["name"], c.get("resources", {}).get("requests", {}).get("memory", "-"))
' | sort > "$state.requests"

echo
echo "image localhost/rapidtrade:0.1.0: $((size / 1024 / 1024)) MiB"
echo
printf '| container | main process RSS idle MiB | after load MiB | k8s memory request |\n|---|---:|---:|---:|\n'
join -a1 "$state.idle" "$state.load" | while read -r name idle load; do
  key=${name%-service}; [ "$key" = productcatalog ] && key=catalog
  req=$(awk -v n="$key" '$1 == n {print $2}' "$state.requests")
  printf '| %s | %s | %s | %s |\n' "$name" "$idle" "${load:-?}" "${req:--}"
done
rm -f "$state.idle" "$state.load" "$state.requests"
