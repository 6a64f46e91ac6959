#!/usr/bin/env bash
# The compose file, for real: starts deploy/compose.yaml with podman-compose (local stand-ins for
# the images that cannot be pulled: tests/deploy/compose*.test.yaml), with the monitoring of
# deploy/monitoring/compose.monitoring.yaml, places a guest order through the frontend container's
# web pages, checks that the confirmation e-mail reaches the mail catcher, and that Prometheus
# scrapes every service and has counted the order; then that an alert reaches a person: one service
# is stopped, RapidTradeTargetDown fires and its e-mail reaches the mail catcher (and the on-call
# webhook), the service is started again and the resolution e-mail arrives (short intervals for
# this test only: tests/deploy/compose.monitoring.test.yaml). Everything is torn down afterwards (unless
# KEEP_UP=FILE: then the project name and the shop's URL are written to FILE and the stack keeps
# running; `compose.sh --down PROJECT` tears it down later).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PROJECT=rapidtradetest$$
[ "${1:-}" = --down ] && PROJECT=$2
[[ $PROJECT =~ ^[a-z0-9]+$ ]] || { echo "compose.sh: bad project name '$PROJECT'" >&2; exit 2; }
# The monitoring configuration with the test's short intervals (made below), mounted by
# tests/deploy/compose.monitoring.test.yaml: it lives as long as the stack (KEEP_UP), and teardown
# removes it.
export RAPIDTRADE_TEST_MONITORING=/tmp/rapidtrade-compose-monitoring-$PROJECT
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Secrets for this run only (compose reads them from the environment).
while IFS= read -r line; do
  case "$line" in *=change-me) export "${line%%=*}=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" ;; esac
done < deploy/.env.example
compose() {
  podman-compose -p "$PROJECT" -f deploy/compose.yaml -f deploy/monitoring/compose.monitoring.yaml \
    -f tests/deploy/compose.test.yaml -f tests/deploy/compose.monitoring.test.yaml "$@"
}
# Everything of the project, whatever state it is in, then fails saying what survived. podman-compose
# down gives up at the first container podman fails to stop; a container left running keeps its
# published port as an iptables DNAT rule, which then takes over connections to that port on
# 127.0.0.1 from any program that listens there later (seen: a test server on port 0 refused by a
# stale rule). podman-compose names its containers, volumes and network PROJECT_...
teardown() {
  local net="${PROJECT}_default" left=""
  compose down -v -t 1 >/dev/null 2>&1 || true
  for _ in 1 2 3; do  # podman (runc) sometimes times out stopping a container: try again
    podman ps -aq --filter "name=^${PROJECT}_" | xargs -r podman rm -f -t 1 >/dev/null 2>&1 && break
  done
  podman network rm -f "$net" >/dev/null 2>&1 || true
  podman volume ls -q | grep "^${PROJECT}_" | xargs -r podman volume rm -f >/dev/null 2>&1 || true
  rm -rf "$RAPIDTRADE_TEST_MONITORING"
  left+=$(podman ps -a --filter "name=^${PROJECT}_" --format ' container {{.Names}} ({{.Status}})')
  left+=$(podman volume ls -q | grep "^${PROJECT}_" | sed 's/^/ volume /' | tr -d '\n' || true)
  podman network exists "$net" && left+=" network $net"
  # CNI tags every port-forwarding rule it adds with the network's name.
  if iptables-save -t nat 2>/dev/null | grep -q "name: \\\\\"$net\\\\\""; then
    left+=" iptables rules: $(iptables-save -t nat | grep -c "name: \\\\\"$net\\\\\"") for $net"
  fi
  if [ -n "$left" ]; then
    echo "compose: left behind after teardown of $PROJECT:$left" >&2
    return 1
  fi
}
if [ "${1:-}" = --down ]; then teardown; exit; fi
export SHOP_PORT=$(free_port) MAILPIT_PORT=$(free_port) ADMINER_PORT=$(free_port) PROMETHEUS_PORT=$(free_port) GRAFANA_PORT=$(free_port) \
  ALERTMANAGER_PORT=$(free_port)
work=$(mktemp -d /tmp/rapidtrade-compose.XXXXXX)
cleanup() {
  local status=$?
  rm -rf "$work"
  if [ -n "${KEEP_UP:-}" ]; then  # bench/containers.sh measures the running stack, then tears it down
    echo "project=$PROJECT shop=http://127.0.0.1:$SHOP_PORT" > "$KEEP_UP"
    return
  fi
  teardown || exit 1
  exit "$status"
}
trap cleanup EXIT

echo "== images"
podman image exists localhost/rapidtrade:test || tests/deploy/image.sh
podman tag localhost/rapidtrade:test localhost/rapidtrade:0.1.0
podman build --pull=never -q -t docker.io/library/postgres:15 tests/deploy/images/postgres >/dev/null
podman build --pull=never -q -t localhost/rapidtrade-test-mailsink:latest tests/deploy/images/mailsink >/dev/null
podman build --pull=never -q -t localhost/rapidtrade-test-prometheus:latest tests/deploy/images/prometheus >/dev/null
podman build --pull=never -q -t localhost/rapidtrade-test-alerting:latest tests/deploy/images/alerting >/dev/null

# The committed monitoring configuration with the test's short intervals (see
# tests/deploy/compose.monitoring.test.yaml); readable by the containers' user (nobody).
rm -rf "$RAPIDTRADE_TEST_MONITORING"
/usr/bin/python3 - deploy/monitoring "$RAPIDTRADE_TEST_MONITORING" <<'PY'
import pathlib, re, shutil, sys, yaml
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
(out / "prometheus/rules").mkdir(parents=True)
prom = yaml.safe_load((src / "prometheus/prometheus-compose.yml").read_text())
prom["global"].update(scrape_interval="2s", scrape_timeout="2s", evaluation_interval="2s")
for job in prom["scrape_configs"]:
    for k in ("scrape_interval", "scrape_timeout"):
        if k in job: job[k] = "2s"
(out / "prometheus/prometheus-compose.yml").write_text(yaml.safe_dump(prom, sort_keys=False))
def seconds(d):  # Prometheus durations such as 2m, 26h, 1h30m
    return sum(int(n) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[u] for n, u in re.findall(r"(\d+)([smhd])", d))
for f in (src / "prometheus/rules").glob("*.yml"):
    doc = yaml.safe_load(f.read_text())
    for g in doc["groups"]:
        g["interval"] = "2s"
        for r in g["rules"]:
            if "for" in r: r["for"] = f"{max(seconds(r['for']) // 12, 2)}s"
    (out / "prometheus/rules" / f.name).write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
am = yaml.safe_load((src / "alertmanager/alertmanager.yml").read_text())
for route in [am["route"], *am["route"].get("routes", [])]:
    route.update(group_wait="1s", group_interval="2s")
for r in am["receivers"]:
    for w in r.get("webhook_configs", []): w["url"] = "http://webhook-sink:8080/alertmanager"
shutil.copytree(src / "alertmanager/templates", out / "alertmanager/templates")
(out / "alertmanager/alertmanager.yml").write_text(yaml.safe_dump(am, sort_keys=False, allow_unicode=True))
PY
chmod -R a+rX "$RAPIDTRADE_TEST_MONITORING"

echo "== compose up"
compose up -d >"$work/up.log" 2>&1 || { cat "$work/up.log"; exit 1; }
shop="http://127.0.0.1:$SHOP_PORT"
# podman-compose 1.0.3 ignores depends_on conditions: services restart until PostgreSQL is up.
for _ in $(seq 240); do
  curl -fs "$shop/produits/OPUK6V6EV0" >/dev/null 2>&1 && curl -fs "$shop/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "$shop/produits/OPUK6V6EV0" >/dev/null || { compose ps; compose logs 2>&1 | tail -60; echo "FAIL: the shop does not answer" >&2; exit 1; }

echo "== a guest order through the web pages"
# shellcheck source=tests/deploy/guest_order.sh
source tests/deploy/guest_order.sh
reference=$(guest_order "$shop" "$work" "compose-$$@example.fr") || {
  echo "FAIL: no order reference (redirect: '$(cat "$work/order-redirect" 2>/dev/null)')" >&2; compose logs 2>&1 | tail -40; exit 1
}
echo "order $reference placed"

echo "== the confirmation e-mail at the mail catcher"
catcher=$(podman ps --format '{{.Names}}' | grep "^${PROJECT}_mailpit" | head -1)
for _ in $(seq 60); do
  podman exec "$catcher" grep -rqs "$reference" /mail && break
  sleep 0.5
done
podman exec "$catcher" grep -rqs "$reference" /mail || {
  echo "FAIL: no e-mail with $reference reached the mail catcher" >&2
  podman logs "$(podman ps --format '{{.Names}}' | grep "^${PROJECT}_email-service" | head -1)" 2>&1 | tail -20
  podman logs "$catcher" 2>&1 | tail -20
  podman exec "$catcher" find /mail 2>&1 | head
  exit 1
}
count=$(podman exec "$catcher" sh -c "grep -rls '$reference' /mail | wc -l")
[ "$count" = "1" ] || { echo "FAIL: $count e-mails for one order" >&2; exit 1; }
echo "one confirmation e-mail at the mail catcher"

echo "== Prometheus scrapes every service and counts the order"
prom="http://127.0.0.1:$PROMETHEUS_PORT"
# promql → the first value of the answer ("" when none); curl's --data-urlencode does the quoting.
query() { curl -fs "$prom/api/v1/query" --data-urlencode "query=$1" | /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)["data"]["result"]
print(r[0]["value"][1] if r else "")'; }
targets=$(grep -c 'targets: \["[a-z-]*:5000"\]' deploy/monitoring/prometheus/prometheus-compose.yml)
# The compose file scrapes every 15 s: the order shows after the next scrape.
for _ in $(seq 90); do
  up=$(query 'count(up{job="rapidtrade"} == 1)' 2>/dev/null || true)
  placed=$(query 'sum(rapidtrade_orders_total{outcome="placed"})' 2>/dev/null || true)
  [ "$up" = "$targets" ] && [ "${placed:-0}" != "0" ] && break
  sleep 1
done
[ "$up" = "$targets" ] || { echo "FAIL: $up of $targets services scraped" >&2; curl -fs "$prom/api/v1/targets" | head -c 3000 >&2; exit 1; }
[ "${placed:-0}" != "0" ] || { echo "FAIL: Prometheus has not counted the order" >&2; exit 1; }
rules=$(curl -fs "$prom/api/v1/rules" | /usr/bin/python3 -c 'import json,sys; print(sum(len(g["rules"]) for g in json.load(sys.stdin)["data"]["groups"]))')
[ "$rules" -gt 0 ] || { echo "FAIL: no recording or alerting rule loaded" >&2; exit 1; }
echo "compose OK: order $reference, one confirmation e-mail at the mail catcher; Prometheus scrapes $up/$targets services, $placed order(s) counted, $rules rules loaded"

echo "== the public routes probed by the blackbox exporter"
for _ in $(seq 30); do
  probes=$(query 'count(probe_success{job="blackbox"} == 1)' 2>/dev/null || true)
  [ "$probes" = 3 ] && break
  sleep 1
done
[ "$probes" = 3 ] || { echo "FAIL: ${probes:-0} of 3 probes pass" >&2; curl -fs "$prom/api/v1/query" --data-urlencode 'query=probe_success' >&2; compose logs blackbox 2>&1 | tail -20; exit 1; }
echo "probes of /, /apis/products/ and /apis/customers/ pass"

echo "== an alert reaches a person: a service stopped, then started again"
am="http://127.0.0.1:$ALERTMANAGER_PORT"
victim=shipping-service app=shipping
alert="RapidTradeTargetDown ($app)"
container=$(podman ps --format '{{.Names}}' | grep "^${PROJECT}_${victim}_" | head -1)
hooks=$(podman ps --format '{{.Names}}' | grep "^${PROJECT}_webhook-sink_" | head -1)
# Every message at the mail catcher, one line each: To, decoded Subject, and whether the text
# part carries the French template's runbook line.
mails() {
  rm -rf "$work/mailbox"
  podman cp "$catcher:/mail" "$work/mailbox" >/dev/null 2>&1 || return 0
  /usr/bin/python3 - "$work/mailbox" <<'PY'
import email, email.policy, pathlib, sys
for f in sorted(pathlib.Path(sys.argv[1]).glob("*/*")):
    if not f.is_file(): continue
    m = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
    text = m.get_body(("plain",))
    fr = "que-faire" if text is not None and "Que faire :" in text.get_content() else "-"
    print(f"{m['To']}\t{m['Subject']}\t{fr}")
PY
}
# The state of the alert in Prometheus: firing, pending or none.
alert_state() {
  curl -fs "$prom/api/v1/alerts" | /usr/bin/python3 -c '
import json, sys
states = [a["state"] for a in json.load(sys.stdin)["data"]["alerts"]
          if a["labels"].get("alertname") == "RapidTradeTargetDown" and a["labels"].get("app") == sys.argv[1]]
print(states[0] if states else "none")' "$app"
}
# What the webhook received: "status alertname app" per call.
webhook_calls() {
  podman exec "$hooks" sh -c 'cat /hooks/*.json 2>/dev/null | tr "\n" " "; echo' | /usr/bin/python3 -c '
import json, sys
text = sys.stdin.read()
dec = json.JSONDecoder(); i = 0
while True:
    while i < len(text) and text[i].isspace(): i += 1
    if i >= len(text): break
    body, i = dec.raw_decode(text, i)
    for a in body["alerts"]: print(body["status"], a["labels"].get("alertname"), a["labels"].get("app", "-"))'
}
now() { date +%s.%N; }
since() { /usr/bin/python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }

# Ready: Alertmanager answers, Prometheus sends to it and sees the service up, nothing firing for it.
for _ in $(seq 60); do
  ams=$(curl -fs "$prom/api/v1/alertmanagers" 2>/dev/null | grep -c '"activeAlertmanagers":\[{' || true)
  [ "$ams" = 1 ] && curl -fs "$am/-/ready" >/dev/null 2>&1 && [ "$(query "up{job=\"rapidtrade\",app=\"$app\"}")" = 1 ] && break
  sleep 1
done
[ "$ams" = 1 ] || { echo "FAIL: Prometheus has no Alertmanager" >&2; curl -fs "$prom/api/v1/alertmanagers" >&2; compose logs alertmanager 2>&1 | tail -20; exit 1; }
[ "$(alert_state)" = none ] || { echo "FAIL: $alert is already $(alert_state) before the test" >&2; exit 1; }
mails | grep -q "RapidTradeTargetDown" && { echo "FAIL: an alert e-mail before the test" >&2; mails >&2; exit 1; }

t_stop=$(now)
# (podman without systemd complains on stderr about the health check timers: kept for failures)
podman stop -t 2 "$container" >/dev/null 2>"$work/podman.err" || { cat "$work/podman.err" >&2; exit 1; }
t_fired= t_mail=
for _ in $(seq 240); do
  [ -z "$t_fired" ] && [ "$(alert_state)" = firing ] && t_fired=$(now)
  [ -z "$t_mail" ] && mails | grep -q "^astreinte@rapidtradeco.shop	\[RapidTrade\] ALERTE critique : $alert	que-faire$" && t_mail=$(now)
  [ -n "$t_fired" ] && [ -n "$t_mail" ] && break
  sleep 0.5
done
[ -n "$t_fired" ] || { echo "FAIL: $alert did not fire within 2 min of the stop" >&2; curl -fs "$prom/api/v1/alerts" >&2; exit 1; }
[ -n "$t_mail" ] || {
  echo "FAIL: no e-mail for $alert at the mail catcher (to astreinte@, French template)" >&2
  mails >&2; compose logs alertmanager 2>&1 | tail -30; exit 1
}
for _ in $(seq 20); do webhook_calls | grep -qx "firing RapidTradeTargetDown $app" && break; sleep 0.5; done
webhook_calls | grep -qx "firing RapidTradeTargetDown $app" || { echo "FAIL: the on-call webhook was not called for $alert" >&2; webhook_calls >&2; exit 1; }
echo "$alert fired $(since "$t_stop" "$t_fired") s after the stop; e-mail and webhook $(since "$t_fired" "$t_mail") s later"

t_start=$(now)
podman start "$container" >/dev/null 2>"$work/podman.err" || { cat "$work/podman.err" >&2; exit 1; }
t_resolved= t_mail_resolved=
for _ in $(seq 240); do
  [ -z "$t_resolved" ] && [ "$(alert_state)" = none ] && t_resolved=$(now)
  [ -z "$t_mail_resolved" ] && mails | grep -q "^astreinte@rapidtradeco.shop	\[RapidTrade\] RÉSOLU : $alert	" && t_mail_resolved=$(now)
  [ -n "$t_resolved" ] && [ -n "$t_mail_resolved" ] && break
  sleep 0.5
done
[ -n "$t_resolved" ] || { echo "FAIL: $alert still $(alert_state) 2 min after the start" >&2; exit 1; }
[ -n "$t_mail_resolved" ] || { echo "FAIL: no resolution e-mail for $alert" >&2; mails >&2; compose logs alertmanager 2>&1 | tail -30; exit 1; }
for _ in $(seq 20); do webhook_calls | grep -qx "resolved RapidTradeTargetDown $app" && break; sleep 0.5; done
webhook_calls | grep -qx "resolved RapidTradeTargetDown $app" || { echo "FAIL: the webhook got no resolution for $alert" >&2; webhook_calls >&2; exit 1; }
count=$(mails | grep -c "ALERTE critique : $alert	" || true)
[ "$count" = 1 ] || { echo "FAIL: $count alert e-mails for one outage" >&2; mails >&2; exit 1; }
echo "alert OK: $alert stopped->fired $(since "$t_stop" "$t_fired") s, fired->e-mail $(since "$t_fired" "$t_mail") s; started->resolved $(since "$t_start" "$t_resolved") s, resolved->e-mail $(since "$t_resolved" "$t_mail_resolved") s (to astreinte@, in French, webhook called for both)"
