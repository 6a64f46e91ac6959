#!/usr/bin/env bash
# Prepares podman on a Debian 12 machine without a Docker engine (as on our CI machines): installs
# it with runc (crun fails on this kernel's cgroup setup), sets explicit ulimits, and builds a
# local debian:bookworm-slim base image with debootstrap, since base images cannot be pulled.
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "podman-setup.sh needs root (apt-get, /etc/containers)" >&2; exit 1; }

pkgs=(podman buildah runc catatonit uidmap slirp4netns fuse-overlayfs debootstrap
      golang-github-containernetworking-plugin-dnsname podman-compose)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p /etc/containers
cat > /etc/containers/containers.conf <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF

# Base images, built locally and tagged with the names the Dockerfile and compose file use.
if ! podman image exists docker.io/library/debian:bookworm-slim; then
  root=$(mktemp -d /tmp/rapidtrade-rootfs.XXXXXX)
  debootstrap --variant=minbase bookworm "$root" >/dev/null
  tar -C "$root" -c . | podman import - localhost/debian:bookworm >/dev/null
  podman tag localhost/debian:bookworm docker.io/library/debian:bookworm-slim
  rm -rf "$root"
fi
echo "podman ready: $(podman --version)" >&2
