#!/usr/bin/env bash
# Installs the npm test tooling pinned in package-lock.json (never a browser download).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
