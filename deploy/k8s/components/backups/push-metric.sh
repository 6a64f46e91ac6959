#!/bin/bash
# Pushes one gauge to the Pushgateway at $PUSHGATEWAY_URL (http://host[:port]), replacing what the
# group job=JOB held before:
#   push-metric.sh NAME VALUE JOB
# Speaks HTTP through bash's /dev/tcp, because the postgres image that runs the backups has no
# curl. Exits non-zero when the Pushgateway cannot be reached or does not answer 2xx.
set -euo pipefail

name="${1:?metric name}" value="${2:?metric value}" job="${3:?job name}"
url="${PUSHGATEWAY_URL:?PUSHGATEWAY_URL is required}"
case "$url" in
  http://*) ;;
  *) echo "push-metric: PUSHGATEWAY_URL must be http://host[:port], not '$url'" >&2; exit 2 ;;
esac
hostport="${url#http://}"
hostport="${hostport%%/*}"
host="${hostport%%:*}"
port=80
if [ "$hostport" != "$host" ]; then port="${hostport#*:}"; fi

body="# TYPE $name gauge
$name $value
"
exec 3<>"/dev/tcp/$host/$port"
printf 'PUT /metrics/job/%s HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
  "$job" "$hostport" "${#body}" "$body" >&3
status=""
IFS= read -r status <&3 || true
exec 3<&-
status="${status%$'\r'}"
case "$status" in
  "HTTP/1."?" 2"*) echo "push-metric: $name=$value pushed to $url (job $job)" ;;
  *) echo "push-metric: $url answered '${status:-nothing}'" >&2; exit 1 ;;
esac
