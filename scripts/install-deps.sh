#!/usr/bin/env bash
# Installs the Debian 12 packages RapidTrade needs, and only those that are missing.
# Usage: scripts/install-deps.sh [build|fuzz|test|bench|dev]
#   build: compiler and libraries (what `make run` needs)
#   fuzz:  build + clang and its libFuzzer runtime (scripts/fuzz.sh)
#   test:  build + fuzz + the real servers the tests start (PostgreSQL 15, chromium, Prometheus,
#          its Pushgateway, Alertmanager with amtool, the blackbox exporter)
#   bench: build + wrk and nginx
#   dev:   test + ccache (several worktrees building the same sources share compiled objects:
#          configure with CMAKE_CXX_COMPILER_LAUNCHER=ccache CCACHE_BASEDIR=<parent of the worktrees>)
# As root it runs apt-get; otherwise it prints the exact apt-get line and fails.
set -euo pipefail

profile=${1:-build}

build_pkgs=(
  g++ cmake make pkg-config ninja-build
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libssl-dev libcurl4-openssl-dev
  libspdlog-dev libfmt-dev prometheus-cpp-dev libcli11-dev
  libgtest-dev libgmock-dev libkainjow-mustache-dev
)
test_pkgs=(postgresql-15 curl chromium prometheus prometheus-pushgateway prometheus-alertmanager prometheus-blackbox-exporter)
bench_pkgs=(wrk nginx-light libbenchmark-dev)
fuzz_pkgs=(clang libclang-rt-14-dev)
dev_pkgs=(ccache)

pkgs=("${build_pkgs[@]}")
case "$profile" in
  build) ;;
  fuzz) pkgs+=("${fuzz_pkgs[@]}") ;;
  test) pkgs+=("${fuzz_pkgs[@]}" "${test_pkgs[@]}") ;;
  bench) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  dev) pkgs+=("${fuzz_pkgs[@]}" "${test_pkgs[@]}" "${dev_pkgs[@]}") ;;
  *) echo "usage: $0 [build|fuzz|test|bench|dev]" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  # dpkg-query prints "install ok installed" only for a fully installed package.
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages. As root, run:" >&2
  echo "  apt-get update && $line" >&2
  exit 1
fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || true
$line >/dev/null
