#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Make sure a Docker engine answers. On Debian as root, install docker.io and start
# dockerd in the background when none runs; elsewhere say what to do.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
log() { printf '[docker] %s\n' "$*" >&2; }

if docker info >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
  log "no Docker engine answers ('docker info' failed)."
  log "Install and start Docker (e.g. 'sudo apt-get install docker.io && sudo systemctl start docker'),"
  log "make sure your user may use it, then run this command again."
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  log "installing docker.io from the Debian mirror"
  apt_install docker.io debootstrap rsync
fi

if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl start docker || true
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd in the background (log: /var/log/dockerd-webtier.log)"
  nohup dockerd >/var/log/dockerd-webtier.log 2>&1 &
fi

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    log "engine ready: $(docker version --format '{{.Server.Version}}')"
    exit 0
  fi
  sleep 1
done
log "dockerd did not answer within 60 s; see /var/log/dockerd-webtier.log"
exit 1
