#!/usr/bin/env bash
# Writes deploy/.env with random secrets (once: an existing file is kept).
set -euo pipefail
cd "$(dirname "$0")"
[ -f .env ] && { echo "deploy/.env exists: kept" >&2; exit 0; }
umask 077
while IFS= read -r line; do
  case "$line" in
    *=change-me) echo "${line%%=*}=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" ;;
    *) echo "$line" ;;
  esac
done < .env.example > .env
echo "deploy/.env written" >&2
