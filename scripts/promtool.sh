#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# promtool, Prometheus's rule checker, for the alert rules of roles/monitoring/files/webtier.rules.yml:
#   scripts/promtool.sh check rules roles/monitoring/files/webtier.rules.yml
#   scripts/promtool.sh test rules tests/prometheus/webtier.rules.test.yml
# It comes from Debian's prometheus package (bookworm: 2.42.0+ds-5+deb12u1), which is NOT installed (that would
# start a Prometheus server): the first run fetches the .deb with `apt-get download` into .cache/promtool/,
# checks it against the SHA256 apt's package lists give for that version, and extracts only usr/bin/promtool
# (about 20 s; later runs exec the cached binary). $WEBTIER_PROMTOOL_DEB_VERSION picks another Debian version;
# when the pinned one is gone from the mirror, apt's candidate is used (and named on stderr).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
log() { printf '[promtool] %s\n' "$*" >&2; }
DIR=$PWD/.cache/promtool
BIN=$DIR/usr/bin/promtool
PINNED=${WEBTIER_PROMTOOL_DEB_VERSION:-2.42.0+ds-5+deb12u1}

# sha256_of <version>: the SHA256 field of apt's record of prometheus <version> (empty when apt does not know it)
sha256_of() {
  apt-cache show "prometheus=$1" 2>/dev/null | awk '/^SHA256:/ {print $2; exit}'
}

fetch() {
  local ver sum deb arch tmp
  command -v apt-get >/dev/null 2>&1 || { log "apt-get is missing: promtool comes from Debian's prometheus package"; exit 1; }
  ver=$PINNED; sum=$(sha256_of "$ver")
  if [ -z "$sum" ] && [ "$(id -u)" = 0 ]; then
    log "apt does not know prometheus $ver: updating its package lists"
    apt_update
    sum=$(sha256_of "$ver")
  fi
  if [ -z "$sum" ]; then
    ver=$(apt-cache policy prometheus 2>/dev/null | awk '/Candidate:/ {print $2; exit}')
    if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
      log "apt knows no prometheus package (is this Debian with its main archive in the sources?)"; exit 1
    fi
    log "prometheus $PINNED is not in apt's lists; using the candidate $ver"
    sum=$(sha256_of "$ver")
  fi
  arch=$(dpkg --print-architecture)
  # apt-get download names the file <name>_<version with ':' as %3a>_<arch>.deb
  deb=$DIR/prometheus_${ver//:/%3a}_$arch.deb
  if [ -f "$deb" ] && ! echo "$sum  $deb" | sha256sum -c --status -; then
    log "removing $deb: its SHA256 is not $sum"; rm -f "$deb"
  fi
  if [ ! -f "$deb" ]; then
    log "downloading prometheus $ver ($arch) with apt-get download"
    (cd "$DIR" && apt-get -qq download "prometheus=$ver" >/dev/null 2>&1) \
      || { log "apt-get download prometheus=$ver failed"; exit 1; }
  fi
  if ! echo "$sum  $deb" | sha256sum -c --status -; then
    log "$deb: SHA256 $(sha256sum "$deb" | cut -d' ' -f1), apt's lists say $sum"; rm -f "$deb"; exit 1
  fi
  log "SHA256 of $(basename "$deb") matches apt's ($sum)"
  tmp=$(mktemp -d "$DIR/extract.XXXXXX")
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" ./usr/bin/promtool
  mkdir -p "$DIR/usr/bin"
  mv "$tmp/usr/bin/promtool" "$BIN"
  rm -rf "$tmp"
  log "$("$BIN" --version 2>&1 | head -n1)"
}

if [ ! -x "$BIN" ]; then
  mkdir -p "$DIR"
  # one fetch at a time (two test processes may start together); the second finds the binary
  exec 9>"$DIR/.lock"
  flock 9
  [ -x "$BIN" ] || fetch
  exec 9>&-
fi
exec "$BIN" "$@"
