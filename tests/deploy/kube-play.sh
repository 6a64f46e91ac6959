#!/usr/bin/env bash
# The Kubernetes manifests on a real container runtime: renders deploy/k8s/overlays/local
# (kubectl kustomize, secrets from generate-secrets.sh in a scratch copy) and runs its workloads with
# `podman kube play`: the shop's image with each pod's securityContext, environment from the
# ConfigMap and the Secrets, the init containers migrating against the PostgreSQL pod, every probe
# answering; then a guest order through the frontend pod's web pages and its e-mail at the mail
# catcher. What kube play cannot do as a cluster does is bridged by tests/deploy/kube-play-glue.mjs
# (its header lists each change; deploy/k8s/README.md "Tests" says what is checked where). Checks
# from each process's /proc that the securityContext applied (uid, gid, capabilities, no new
# privileges, seccomp, read-only root). Everything it made is removed afterwards, and the test fails
# saying what survived (pods, containers, volumes, secrets, network, DNAT rules).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUN=$$
LABEL="rapidtrade-kube-play=$RUN"
work=$(mktemp -d /tmp/rapidtrade-kube-play.XXXXXX)
plan="$work/out/plan.json"
# plan.json -> lines, with a JavaScript expression over `plan` (node is already needed for the glue).
q() { node -e "const plan = JSON.parse(require('fs').readFileSync('$plan', 'utf8')); const r = ($1); for (const x of [].concat(r)) console.log(typeof x === 'string' ? x : JSON.stringify(x));"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# Removes everything this run made, then checks that nothing is left. A container left running
# would keep its network's iptables rules; podman (runc) sometimes times out stopping one: try again.
teardown() {
  local left=""
  [ -f "$plan" ] || { rm -rf "$work"; return 0; }
  for f in $(q 'plan.stages.flat().map((s) => s.file).reverse()'); do
    podman kube down "$work/out/$f" >/dev/null 2>&1 || true
  done
  for _ in 1 2 3; do
    podman pod ps -q --filter "label=$LABEL" | xargs -r podman pod rm -f -t 1 >/dev/null 2>&1 && break
  done
  for p in $(q 'plan.stages.flat().map((s) => s.pod)'); do
    podman pod exists "$p" && podman pod rm -f -t 1 "$p" >/dev/null 2>&1
  done
  for v in $(q 'plan.volumes'); do podman volume rm -f "$v" >/dev/null 2>&1 || true; done
  for s in $(q 'plan.secrets'); do podman secret rm "$s" >/dev/null 2>&1 || true; done
  podman network rm -f "$(q 'plan.network')" >/dev/null 2>&1 || true
  local net; net=$(q 'plan.network')
  left+=$(podman pod ps --filter "label=$LABEL" --format ' pod {{.Name}}')
  for p in $(q 'plan.stages.flat().map((s) => s.pod)'); do
    podman pod exists "$p" && left+=" pod $p"
    left+=$(podman ps -a --filter "pod=$p" --format ' container {{.Names}} ({{.Status}})' 2>/dev/null || true)
  done
  for v in $(q 'plan.volumes'); do podman volume exists "$v" && left+=" volume $v"; done
  for s in $(q 'plan.secrets'); do podman secret inspect "$s" >/dev/null 2>&1 && left+=" secret $s"; done
  podman network exists "$net" && left+=" network $net"
  # CNI tags every rule it adds with the network's name.
  if iptables-save -t nat 2>/dev/null | grep -q "name: \\\\\"$net\\\\\""; then
    left+=" iptables rules: $(iptables-save -t nat | grep -c "name: \\\\\"$net\\\\\"") for $net"
  fi
  rm -rf "$work"
  if [ -n "$left" ]; then
    echo "kube play: left behind after teardown:$left" >&2
    return 1
  fi
}
cleanup() {
  local status=$?
  teardown || exit 1
  exit "$status"
}
trap cleanup EXIT

command -v kubectl >/dev/null || fail "kubectl (>= 1.27, which embeds kustomize) is needed to render the manifests"
scripts/install-test-tools.sh  # the npm package yaml, for the glue

echo "== render deploy/k8s/overlays/local"
# A scratch copy without any real secret of the work tree; the secrets are this run's own.
mkdir -p "$work/deploy"
cp -r deploy/k8s deploy/monitoring "$work/deploy/"
find "$work/deploy" -path '*/secrets/*' -type f ! -name '*.example' -delete
bash "$work/deploy/k8s/generate-secrets.sh" >/dev/null
kubectl kustomize "$work/deploy/k8s/overlays/local" > "$work/local.yaml"
node tests/deploy/kube-play-glue.mjs "$work/local.yaml" "$work/out" "$RUN"
echo "not played (no cluster here): $(q 'plan.skipped.join(", ")')"

echo "== images"
# The shop's image under the name and tag the manifests give; stand-ins for the others.
app_image=$(q 'plan.pods.flatMap((p) => p.containers).find((c) => c.image.startsWith("rapidtrade:")).image')
pg_image=$(q 'plan.pods.flatMap((p) => p.containers).find((c) => c.image.startsWith("postgres:")).image')
podman image exists localhost/rapidtrade:test || tests/deploy/image.sh
podman tag localhost/rapidtrade:test "localhost/$app_image"
podman build --pull=never -q -t "docker.io/library/$pg_image" tests/deploy/images/postgres >/dev/null
podman build --pull=never -q -t localhost/rapidtrade-test-mailsink:latest tests/deploy/images/mailsink >/dev/null

echo "== network, secrets, emptyDirs"
# What an earlier run that was killed before its teardown left (its pods carry the label, its
# network and volumes the rtkp prefix): the names would clash.
stale=$(podman pod ps -q --filter label=rapidtrade-kube-play)
if [ -n "$stale" ]; then
  echo "removing pods left by an earlier run: $(podman pod ps --filter label=rapidtrade-kube-play --format '{{.Name}}' | tr '\n' ' ')"
  xargs -r podman pod rm -f -t 1 <<<"$stale" >/dev/null
fi
podman volume ls -q | grep -E '^rtkp[0-9]+-' | xargs -r podman volume rm -f >/dev/null || true
podman network ls -q | grep -E '^rtkp[0-9]+$' | xargs -r podman network rm -f >/dev/null || true
net=$(q 'plan.network')
podman network create "$net" >/dev/null
for s in $(q 'plan.secrets'); do podman secret create "$s" "$work/out/secrets/$s.json" >/dev/null; done
for d in $(q 'plan.emptyDirs'); do mkdir -p "$d" && chmod 0777 "$d"; done
# kube play refuses a volume that exists: a PersistentVolumeClaim's is made by kube play itself.

# The address of a pod on the test's network (its infra container holds the network namespace).
pod_ip() {
  podman inspect "$(podman pod inspect "$1" --format '{{.InfraContainerID}}')" \
    --format "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}"
}
play() {
  podman kube play --network "$net" "$work/out/$1" >"$work/play.log" 2>&1 ||
    { grep -v 'systemd connection' "$work/play.log" >&2; fail "kube play $1"; }
}
# Every probe of a container, as the kubelet runs it: an HTTP GET from outside the pod (200-399),
# a TCP connection, or a command inside it (exit 0). Prints "kind:target" for each.
probe() {  # probe CONTAINER POD-IP JSON
  local ctr=$1 ip=$2 json=$3 kind path port code
  kind=$(node -e "console.log(($json).kind)")
  if [ "$(node -e "console.log(!!($json).tcpSocket)")" = true ]; then
    port=$(node -e "const p = ($json); const x = p.tcpSocket.port; console.log(typeof x === 'number' ? x : p.ports[x])")
    (exec 3<>"/dev/tcp/$ip/$port") 2>/dev/null || return 1
    echo "$kind:TCP $port"
  elif [ "$(node -e "console.log(!!($json).httpGet)")" = true ]; then
    path=$(node -e "console.log(($json).httpGet.path)")
    port=$(node -e "const p = ($json); const x = p.httpGet.port; console.log(typeof x === 'number' ? x : p.ports[x])")
    code=$(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://$ip:$port$path" || true)
    [ "$code" -ge 200 ] 2>/dev/null && [ "$code" -lt 400 ] || return 1
    echo "$kind:GET $path $code"
  else
    mapfile -t cmd < <(node -e "for (const a of ($json).exec) console.log(a)")
    podman exec "$ctr" "${cmd[@]}" >/dev/null 2>&1 || return 1
    echo "$kind:${cmd[0]}"
  fi
}
# The securityContext, from the kernel's view of the container's main process.
check_security() {  # check_security CONTAINER JSON
  local ctr=$1 json=$2 pid status want ro
  pid=$(podman inspect "$ctr" --format '{{.State.Pid}}')
  [ "$pid" -gt 0 ] || fail "$ctr is not running"
  status=$(cat "/proc/$pid/status")
  want=$(node -e "console.log(($json).runAsUser)")
  [ "$(awk '/^Uid:/ {print $2 $3 $4 $5}' <<<"$status")" = "$want$want$want$want" ] ||
    fail "$ctr runs as $(grep ^Uid: <<<"$status"), not $want"
  want=$(node -e "console.log(($json).runAsGroup)")
  [ "$(awk '/^Gid:/ {print $2 $3 $4 $5}' <<<"$status")" = "$want$want$want$want" ] ||
    fail "$ctr runs with $(grep ^Gid: <<<"$status"), not $want"
  [ "$(node -e "console.log(($json).dropAll)")" = true ] || fail "$ctr: the manifest does not drop every capability"
  for cap in CapEff CapPrm CapAmb; do
    [ "$(awk "/^$cap:/ {print \$2}" <<<"$status")" = 0000000000000000 ] || fail "$ctr: $(grep "^$cap:" <<<"$status")"
  done
  # Each check below fails when the manifest stops asking for it, rather than being skipped.
  [ "$(node -e "console.log(($json).noNewPrivileges)")" = true ] || fail "$ctr: the manifest allows privilege escalation"
  [ "$(awk '/^NoNewPrivs:/ {print $2}' <<<"$status")" = 1 ] || fail "$ctr: NoNewPrivs is not set"
  [ "$(node -e "console.log(($json).seccomp)")" = RuntimeDefault ] || fail "$ctr: the manifest's seccomp profile is not RuntimeDefault"
  [ "$(awk '/^Seccomp:/ {print $2}' <<<"$status")" = 2 ] || fail "$ctr: no seccomp filter"
  [ "$(node -e "console.log(($json).readOnlyRootFilesystem)")" = true ] || fail "$ctr: the manifest leaves the root filesystem writable"
  # mountinfo: mount point (5th field) "/" with its per-mount options (6th) starting "ro".
  ro=$(awk '$5 == "/" {print $6}' "/proc/$pid/mountinfo" | tail -1)
  [[ "$ro" == ro* ]] || fail "$ctr: the root filesystem is mounted $ro"
  # limits.cpu as the kernel enforces it: the CFS quota of the container's cgroup (v1 or v2),
  # which the binary reads to size its thread pools.
  want=$(node -e "console.log(($json).cpuLimit)")
  [ "$want" != null ] || fail "$ctr: the manifest sets no limits.cpu"
  local quota="" period="" cg
  cg=$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ {print $3}' "/proc/$pid/cgroup")
  if [ -n "$cg" ] && [ -f "/sys/fs/cgroup/cpu$cg/cpu.cfs_quota_us" ]; then
    quota=$(cat "/sys/fs/cgroup/cpu$cg/cpu.cfs_quota_us") period=$(cat "/sys/fs/cgroup/cpu$cg/cpu.cfs_period_us")
  else
    cg=$(awk -F: '$1 == 0 {print $3}' "/proc/$pid/cgroup")
    [ -f "/sys/fs/cgroup$cg/cpu.max" ] && read -r quota period < "/sys/fs/cgroup$cg/cpu.max"
  fi
  [ "${period:-0}" -gt 0 ] 2>/dev/null && [ "$quota" != max ] && [ $((quota * 1000 / period)) = "$want" ] ||
    fail "$ctr: the kernel's CPU quota is '$quota/$period', not limits.cpu ${want}m"
}

echo "== the database and the mail catcher"
for f in $(q 'plan.stages[0].map((s) => s.file)'); do play "$f"; done
# Wait for each first-stage pod's own probes (a stand-in's are the original's: see below).
wait_ready() {  # wait_ready POD-NAME: every probe of every container answers, within 60 s
  local pod=$1 ip c json ok=""
  ip=$(pod_ip "$pod")
  for _ in $(seq 120); do
    ok=yes
    while IFS= read -r json; do
      c=$(node -e "console.log(($json).container)")
      if [ "$(node -e "console.log(($json).standIn)")" = true ]; then
        # The mail sink stands in for mailpit: its SMTP port answers instead of mailpit's web UI.
        (exec 3<>"/dev/tcp/$ip/$(node -e "console.log(($json).ports.smtp)")") 2>/dev/null || ok=""
        continue
      fi
      while IFS= read -r p; do
        probe "$c" "$ip" "$(node -e "const c = ($json); console.log(JSON.stringify({...($p), ports: c.ports}))")" >/dev/null || ok=""
      done < <(node -e "for (const p of ($json).probes) console.log(JSON.stringify(p))")
    done < <(q "plan.pods.find((p) => p.name === '$pod').containers.filter((c) => !c.init)")
    [ -n "$ok" ] && return 0
    sleep 0.5
  done
  podman pod logs "$pod" 2>&1 | tail -30 >&2
  fail "pod $pod: its probes do not answer"
}
for p in $(q 'plan.stages[0].map((s) => s.pod)'); do wait_ready "$p"; done

echo "== the init containers migrate against the PostgreSQL pod"
for f in $(q 'plan.stages[1].map((s) => s.file)'); do play "$f"; done
for p in $(q 'plan.stages[1].map((s) => s.pod)'); do
  for _ in $(seq 120); do
    [ "$(podman pod inspect "$p" --format '{{.State}}')" = Exited ] && break
    sleep 0.5
  done
  for c in $(podman ps -a --filter "pod=$p" --format '{{.Names}}' | grep -v -- '-infra$'); do
    code=$(podman inspect "$c" --format '{{.State.ExitCode}} {{.State.Status}}')
    [ "$code" = "0 exited" ] || { podman logs "$c" 2>&1 | tail -20 >&2; fail "init container $c: $code"; }
    # It ran as the manifest says (the process is gone: what podman gave it).
    want=$(q "plan.pods.flatMap((p) => p.containers).filter((x) => x.container === '$c').map((x) => x.runAsUser + ':' + x.runAsGroup)")
    [ -n "$want" ] || fail "init container $c is not in the plan"
    [ "$(podman inspect "$c" --format '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{len .EffectiveCaps}}')" = "$want true 0" ] ||
      fail "init container $c: $(podman inspect "$c" --format 'user {{.Config.User}}, read-only {{.HostConfig.ReadonlyRootfs}}, capabilities {{.EffectiveCaps}}')"
  done
done

echo "== the servers"
for f in $(q 'plan.stages[2].map((s) => s.file)'); do play "$f"; done
for p in $(q 'plan.stages[2].map((s) => s.pod)'); do wait_ready "$p"; done
probes=0 pods=0
for p in $(q 'plan.pods.map((p) => p.name)'); do
  ip=$(pod_ip "$p") pods=$((pods + 1))
  while IFS= read -r json; do
    c=$(node -e "console.log(($json).container)")
    check_security "$c" "$json"
    [ "$(node -e "console.log(($json).standIn)")" = true ] && continue
    while IFS= read -r pr; do
      probe "$c" "$ip" "$(node -e "const c = ($json); console.log(JSON.stringify({...($pr), ports: c.ports}))")" >/dev/null ||
        fail "$c: $pr does not answer"
      probes=$((probes + 1))
    done < <(node -e "for (const p of ($json).probes) console.log(JSON.stringify(p))")
  done < <(q "plan.pods.find((x) => x.name === '$p').containers.filter((c) => !c.init)")
done
echo "$pods pods running, securityContext applied to each container, $probes probes answering"

# Each preStop hook as the kubelet runs it before SIGTERM: inside the container, within the grace
# period (podman 4.3 does not run them). All at once: each waits a few seconds.
hooks=0
while IFS= read -r json; do
  c=$(node -e "console.log(($json).container)")
  grace=$(node -e "console.log(($json).grace)")
  mapfile -t cmd < <(node -e "for (const a of ($json).preStop) console.log(a)")
  ( timeout "$grace" podman exec "$c" "${cmd[@]}" >"$work/prestop-$c.log" 2>&1 || echo "$?" >"$work/prestop-$c.failed" ) &
  hooks=$((hooks + 1))
done < <(q 'plan.pods.flatMap((p) => p.containers).filter((c) => c.preStop && !c.init)')
wait
for f in "$work"/prestop-*.failed; do
  [ -e "$f" ] || continue
  c=${f#"$work/prestop-"}; c=${c%.failed}
  cat "$work/prestop-$c.log" >&2
  fail "$c: its preStop hook failed (exit $(cat "$f"))"
done
echo "$hooks preStop hooks ran and exited 0 within the grace period"

echo "== a guest order through the frontend pod's web pages"
shop="http://$(pod_ip frontend):$(q 'plan.pods.find((p) => p.name === "frontend").containers[0].ports.http')"
# shellcheck source=tests/deploy/guest_order.sh
source tests/deploy/guest_order.sh
reference=$(guest_order "$shop" "$work" "kube-$RUN@example.fr") || {
  podman pod logs checkout-service 2>&1 | tail -20 >&2
  fail "no order reference (redirect: '$(cat "$work/order-redirect" 2>/dev/null)')"
}
echo "order $reference placed"

echo "== the confirmation e-mail at the mail catcher"
catcher=$(q 'plan.pods.flatMap((p) => p.containers).find((c) => c.standIn).container')
for _ in $(seq 60); do
  podman exec "$catcher" grep -rqs "$reference" /tmp/mail && break
  sleep 0.5
done
podman exec "$catcher" grep -rqs "$reference" /tmp/mail || {
  podman pod logs email-service 2>&1 | tail -20 >&2
  fail "no e-mail with $reference reached the mail catcher"
}
count=$(podman exec "$catcher" grep -rls "$reference" /tmp/mail | wc -l)
[ "$count" = 1 ] || fail "$count e-mails for one order"
echo "kube play OK: $pods pods ($(q 'plan.pods.map((p) => p.name).join(", ")')) and $(q 'plan.stages[1].length') migrations from deploy/k8s/overlays/local, $probes probes answering, $hooks preStop hooks, securityContext applied; order $reference, its e-mail at the mail catcher"
