#!/usr/bin/env bash
# The compose file, for real: starts deploy/compose.yaml with podman-compose (local stand-ins for
# the images that cannot be pulled: tests/deploy/compose*.test.yaml), with the monitoring of
# deploy/monitoring/compose.monitoring.yaml, places a guest order through the frontend container's
# web pages, checks that the confirmation e-mail reaches the mail catcher, and that Prometheus
# scrapes every service and has counted the order. Everything is torn down afterwards (unless
# KEEP_UP=FILE: then the project name and the shop's URL are written to FILE and the stack keeps
# running; `compose.sh --down PROJECT` tears it down later).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PROJECT=rapidtradetest$$
[ "${1:-}" = --down ] && PROJECT=$2
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Secrets for this run only (compose reads them from the environment).
while IFS= read -r line; do
  case "$line" in *=change-me) export "${line%%=*}=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" ;; esac
done < deploy/.env.example
compose() {
  podman-compose -p "$PROJECT" -f deploy/compose.yaml -f deploy/monitoring/compose.monitoring.yaml \
    -f tests/deploy/compose.test.yaml -f tests/deploy/compose.monitoring.test.yaml "$@"
}
# Everything of the project, whatever state it is in. podman-compose down gives up at the first
# container podman fails to stop; a container left running keeps its published port as an iptables
# DNAT rule, which then takes over connections to that port on 127.0.0.1 from any program that
# listens there later (seen: a test server on port 0 refused by a stale rule).
teardown() {
  compose down -v -t 1 >/dev/null 2>&1 || true
  for _ in 1 2 3; do  # podman (runc) sometimes times out stopping a container: try again
    podman ps -aq --filter "name=^${PROJECT}_" | xargs -r podman rm -f -t 1 >/dev/null 2>&1 && break
  done
  podman network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
  for v in postgres-data prometheus-data grafana-data; do podman volume rm -f "${PROJECT}_$v" >/dev/null 2>&1 || true; done
  if podman ps -aq --filter "name=^${PROJECT}_" | grep -q .; then
    echo "compose: containers of $PROJECT could not be removed:" >&2
    podman ps -a --filter "name=^${PROJECT}_" --format '{{.Names}} {{.Status}}' >&2
    return 1
  fi
}
if [ "${1:-}" = --down ]; then teardown; exit; fi
export SHOP_PORT=$(free_port) MAILPIT_PORT=$(free_port) ADMINER_PORT=$(free_port) PROMETHEUS_PORT=$(free_port) GRAFANA_PORT=$(free_port)
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
jar="$work/cookies"
csrf_of() { grep -o 'name="csrf" value="[^"]*"' "$1" | head -1 | sed 's/.*value="\([^"]*\)"/\1/'; }
curl -fs -c "$jar" -b "$jar" "$shop/produits/OPUK6V6EV0" -o "$work/product.html"
csrf=$(csrf_of "$work/product.html")
curl -fs -c "$jar" -b "$jar" -o /dev/null -X POST "$shop/panier/ajouter" --data-urlencode "csrf=$csrf" \
  --data-urlencode product_id=OPUK6V6EV0 --data-urlencode quantity=1
curl -fs -c "$jar" -b "$jar" "$shop/commande" -o "$work/checkout.html"
csrf=$(csrf_of "$work/checkout.html")
key=$(grep -o 'name="order_key" value="[^"]*"' "$work/checkout.html" | sed 's/.*value="\([^"]*\)"/\1/')
email="compose-$$@example.fr"
location=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' -X POST "$shop/commande" \
  --data-urlencode "csrf=$csrf" --data-urlencode "order_key=$key" --data-urlencode "email=$email" \
  --data-urlencode "full_name=Test Test" --data-urlencode "street=93 rue de l'Epeule" --data-urlencode city=Mulhouse \
  --data-urlencode postal_code=68100 --data-urlencode "card_holder=Test Test" \
  --data-urlencode "card_number=4556 4262 6162 8918" --data-urlencode cvv=229 --data-urlencode exp_month=2 \
  --data-urlencode exp_year=2028)
reference=$(echo "$location" | grep -o '[0-9]\{13\}$' || true)
[ -n "$reference" ] || { echo "FAIL: no order reference (redirect: '$location')" >&2; compose logs 2>&1 | tail -40; exit 1; }
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
