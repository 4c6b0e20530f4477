# shellcheck shell=bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Helpers shared by the scripts in this directory (sourced, not executed).

# debian_mirror [archive]: the URL this machine's apt uses for the Debian archive <archive> (debian, the
# default, or debian-security); WEBTIER_DEBIAN_MIRROR / WEBTIER_DEBIAN_SECURITY_MIRROR override.
# shellcheck disable=SC2120  # the archive argument is optional; most callers want the default
debian_mirror() {
  local archive=${1:-debian} override=WEBTIER_DEBIAN_MIRROR m
  [ "$archive" = debian-security ] && override=WEBTIER_DEBIAN_SECURITY_MIRROR
  if [ -n "${!override:-}" ]; then echo "${!override}"; return; fi
  m=$( { grep -hE '^[[:space:]]*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
         grep -hE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
           | sed -E 's/\[[^]]*\]//' | awk '{print $2}'; } \
       | grep -E "/$archive/?\$" | head -n1 || true)
  echo "${m:-http://deb.debian.org/$archive}"
}

# apt_update: refresh the system's package lists (root only; waits for another apt to finish).
apt_update() {
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq update
}

# apt_install <pkg>...: install Debian packages non-interactively (root only).
apt_install() {
  apt_update
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq install -y "$@" >/dev/null
}
