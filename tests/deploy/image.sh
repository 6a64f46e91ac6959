#!/usr/bin/env bash
# The container image, for real: builds deploy/Dockerfile with podman, checks its size, starts it,
# waits for /readyz, checks it runs as an unprivileged user with a read-only root filesystem, and
# that `rapidtrade healthcheck` (the HEALTHCHECK) succeeds inside. Cleans up whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."
IMAGE=localhost/rapidtrade:test
NAME=rapidtrade-image-test-$$
# A container left behind keeps its published port as an iptables DNAT rule that steals later
# connections to that port: try again if podman (runc) times out, and say so if it still fails.
cleanup() {
  local status=$?
  for _ in 1 2 3; do podman rm -f -t0 "$NAME" >/dev/null 2>&1 && break; done
  if podman container exists "$NAME"; then echo "image: container $NAME could not be removed" >&2; exit 1; fi
  exit "$status"
}
trap cleanup EXIT

echo "== building $IMAGE"
podman build --pull=never --format docker -f deploy/Dockerfile -t "$IMAGE" . >/tmp/rapidtrade-image-build.log 2>&1 ||
  { tail -40 /tmp/rapidtrade-image-build.log; exit 1; }
size=$(podman image inspect "$IMAGE" --format '{{.Size}}')
echo "image size: $((size / 1024 / 1024)) MiB"
[ "$size" -lt $((60 * 1024 * 1024)) ] || { echo "FAIL: the image is over 60 MiB" >&2; exit 1; }

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
podman run -d --name "$NAME" --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges \
  -e API_KEY=image-test -p "127.0.0.1:$port:5000" "$IMAGE" serve --target catalog >/dev/null
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { podman logs "$NAME"; echo "FAIL: /readyz does not answer" >&2; exit 1; }
curl -fs "http://127.0.0.1:$port/apis/products/OPUK6V6EV0" | grep -q 'Canapé Moderne en Cuir' ||
  { echo "FAIL: the catalogue does not answer from the container" >&2; exit 1; }
user=$(podman inspect "$NAME" --format '{{.Config.User}}')
[ "$user" = "10001:10001" ] || { echo "FAIL: the container runs as '$user', not 10001" >&2; exit 1; }
uid=$(awk '/^Uid:/ {print $2}' "/proc/$(podman inspect "$NAME" --format '{{.State.Pid}}')/status")
[ "$uid" = "10001" ] || { echo "FAIL: the process runs as uid $uid" >&2; exit 1; }
podman exec "$NAME" /usr/local/bin/rapidtrade healthcheck || { echo "FAIL: healthcheck inside the container" >&2; exit 1; }
echo "image OK: non-root (uid $uid), read-only root, /readyz answers, healthcheck passes"
