#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the local Debian test image: systemd as PID 1, python3, firewalld (nftables only).
# No registry is needed: debootstrap from the Debian mirror apt already uses, then `docker import`.
# The image is cached; it is rebuilt only when this script changes (label webtier.recipe).
#
#   scripts/build-image.sh            -> webtier/debian12-systemd:latest (bookworm)
#   WEBTIER_IMAGE_FLAVOR=debian13 scripts/build-image.sh
#       -> webtier/debian13-systemd:latest: the same recipe from trixie (OpenJDK 21, its default JRE)
#   WEBTIER_IMAGE_FLAVOR=rocky9 scripts/build-image.sh
#       -> webtier/rocky9-systemd:latest FROM $WEBTIER_ROCKY_BASE (default rockylinux/rockylinux:9);
#          needs a registry that serves that image, so it is not exercised offline. Cached the same
#          way (label webtier.recipe = hash of this script and the base image name).
#          WEBTIER_IMAGE_PRINT=1 prints the Dockerfile instead of building (no registry needed).
#          Molecule uses it with WEBTIER_IMAGE_FLAVOR=rocky9 (docs/testing.md, "Rocky 9 image").
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
log() { printf '[image] %s\n' "$*" >&2; }

flavor=${WEBTIER_IMAGE_FLAVOR:-debian12}
recipe=$(sha256sum "$0" | cut -c1-16)

if [ "$flavor" = rocky9 ]; then
  image=webtier/rocky9-systemd:latest
  base=${WEBTIER_ROCKY_BASE:-rockylinux/rockylinux:9}
  recipe=$(printf '%s %s\n' "$recipe" "$base" | sha256sum | cut -c1-16)
  # Like the Debian image: systemd as PID 1 with container=docker (systemd then skips what a container
  # cannot do), no gettys/udev, firewalld enabled, no machine-id baked in, and the packages the roles
  # install on EL9 (SELinux bindings + semanage, firewalld, OpenJDK 17, httpd-devel and the tools that
  # build mod_jk) so converge does not download them every time.
  dockerfile="FROM $base
ENV container=docker
RUN dnf -y install --setopt=install_weak_deps=False systemd python3 python3-libselinux python3-libsemanage \\
      python3-policycoreutils policycoreutils-python-utils python3-lxml firewalld python3-firewall iproute \\
      procps-ng tar gzip java-17-openjdk-headless httpd httpd-devel gcc make redhat-rpm-config \\
 && dnf clean all \\
 && systemctl mask systemd-udevd.service systemd-udevd-kernel.socket systemd-udevd-control.socket \\
      getty.target console-getty.service systemd-firstboot.service \\
 && systemctl enable firewalld.service \\
 && : > /etc/machine-id
STOPSIGNAL SIGRTMIN+3
CMD [\"/usr/sbin/init\"]
LABEL webtier.recipe=$recipe"
  if [ "${WEBTIER_IMAGE_PRINT:-}" = 1 ]; then
    printf '%s\n' "$dockerfile"
    exit 0
  fi
  if [ "$(docker image inspect -f '{{ index .Config.Labels "webtier.recipe" }}' "$image" 2>/dev/null)" = "$recipe" ]; then
    log "$image is up to date"
    exit 0
  fi
  log "building $image from $base (pulls the base image: needs a registry)"
  printf '%s\n' "$dockerfile" | docker build -q -t "$image" - >/dev/null || {
    log "could not build $image; is $base reachable (docker pull $base)? WEBTIER_ROCKY_BASE names a mirror"
    exit 1
  }
  log "built $image"
  exit 0
fi

# The Debian flavors differ only in the suite and in the JRE the openjdk role installs there by default
# (roles/openjdk/vars/Debian_<major>.yml).
case $flavor in
  debian12) suite=bookworm jre=openjdk-17-jre-headless ;;
  debian13) suite=trixie jre=openjdk-21-jre-headless ;;
  *) log "unknown WEBTIER_IMAGE_FLAVOR=$flavor (debian12, debian13 or rocky9)"; exit 1 ;;
esac
image=webtier/$flavor-systemd:latest
if [ "$(docker image inspect -f '{{ index .Config.Labels "webtier.recipe" }}' "$image" 2>/dev/null)" = "$recipe" ]; then
  log "$image is up to date"
  exit 0
fi

command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap

mirror=$(debian_mirror)

# Packages baked in so tests do not download them on every run. iptables is deliberately absent
# (no Recommends): with it, firewalld flushes the nat rules behind Docker's embedded DNS.
# netbase provides /etc/protocols, without which firewalld refuses its stock services (esp).
base_pkgs=systemd,systemd-sysv,dbus,python3,python3-apt
extra_pkgs="netbase firewalld python3-lxml iproute2 procps ca-certificates $jre curl netcat-openbsd"

root=$(mktemp -d /var/tmp/webtier-rootfs.XXXXXX)
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf "$root"; }
trap cleanup EXIT
log "debootstrap $suite from $mirror (about 2 minutes on first run)"
debootstrap --variant=minbase --include="$base_pkgs" "$suite" "$root" "$mirror" >/var/tmp/webtier-debootstrap.log 2>&1 || {
  tail -n 30 /var/tmp/webtier-debootstrap.log >&2; exit 1; }
cat > "$root/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
SOURCES
# second stage inside the chroot with /proc mounted and no service starts (polkitd's postinst
# fails when debootstrap configures it without /proc)
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"; chmod +x "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
log "installing $extra_pkgs"
# shellcheck disable=SC2086
chroot "$root" env DEBIAN_FRONTEND=noninteractive sh -c \
  "apt-get -qq update && apt-get -qq install -y --no-install-recommends $extra_pkgs && apt-get clean" \
  >>/var/tmp/webtier-debootstrap.log 2>&1 || { tail -n 30 /var/tmp/webtier-debootstrap.log >&2; exit 1; }
umount "$root/proc"
rm -f "$root/usr/sbin/policy-rc.d"

# Container hygiene: no gettys/udev; firewalld enabled; no machine-id baked in.
chroot "$root" systemctl mask systemd-udevd.service systemd-udevd-kernel.socket systemd-udevd-control.socket \
  getty.target console-getty.service systemd-firstboot.service >/dev/null 2>&1 || true
chroot "$root" systemctl enable firewalld.service >/dev/null 2>&1 || true
if chroot "$root" dpkg -s iptables >/dev/null 2>&1; then
  log "iptables must not be in the image"; exit 1
fi
: > "$root/etc/machine-id"

log "importing $image"
tar -C "$root" -c . | docker import --change 'ENV container=docker' - "$image-rootfs" >/dev/null
# `docker import` cannot set STOPSIGNAL; a one-line build on the local image can (nothing is pulled)
printf 'FROM %s\nSTOPSIGNAL SIGRTMIN+3\nCMD ["/lib/systemd/systemd"]\nLABEL webtier.recipe=%s\n' "$image-rootfs" "$recipe" \
  | docker build -q -t "$image" - >/dev/null
docker rmi "$image-rootfs" >/dev/null
log "built $image"
