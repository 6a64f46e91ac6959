#!/usr/bin/env bash
# Creates the secret files that the secretGenerators read: one random value for each *.example
# (an RSA key for *.pem) of base/secrets/ and of ../monitoring/k8s/secrets/ (Grafana's admin, Alertmanager's SMTP password: replace that one with the relay's before going live).
# Existing files are kept, so running it again is harmless; --force makes new values (then
# re-apply: the pods roll, sessions and tokens signed with the old keys become invalid, and the
# database passwords must be changed too: see README.md "Secrets").
#
#   deploy/k8s/generate-secrets.sh [--force] [DIR ...]   (default: the two directories above)
#
# The files are ignored by git (deploy/k8s/.gitignore, deploy/monitoring/.gitignore); only the
# *.example files are committed.
set -euo pipefail

force=false
if [ "${1:-}" = "--force" ]; then force=true; shift; fi
here="$(cd "$(dirname "$0")" && pwd)"
if [ $# -gt 0 ]; then dirs=("$@"); else dirs=("$here/base/secrets" "$here/../monitoring/k8s/secrets"); fi
command -v openssl >/dev/null || { echo "generate-secrets.sh: openssl is needed (apt-get install openssl)" >&2; exit 1; }

umask 077
shopt -s nullglob

# One directory: a value for each *.example whose file is missing or empty (or all with --force).
generate_in() {
  local dir="$1" example file tmp made=0
  [ -d "$dir" ] || { echo "generate-secrets.sh: no directory $dir" >&2; exit 1; }
  local examples=("$dir"/*.example)
  [ ${#examples[@]} -gt 0 ] || { echo "generate-secrets.sh: no *.example files in $dir" >&2; exit 1; }
  for example in "${examples[@]}"; do
    file="${example%.example}"
    if [ -s "$file" ] && ! $force; then continue; fi
    tmp="$(mktemp "$file.XXXXXX")"
    case "$file" in
      *.pem) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp" 2>/dev/null ;;
      # 32 random bytes as 64 hex characters, without a trailing newline (the value is used as is).
      *) printf '%s' "$(openssl rand -hex 32)" > "$tmp" ;;
    esac
    mv "$tmp" "$file"
    echo "wrote $file"
    made=$((made + 1))
  done
  echo "$made secret file(s) written in $dir ($(( ${#examples[@]} - made )) kept)"
}

for dir in "${dirs[@]}"; do generate_in "$dir"; done
