# shellcheck shell=bash
# Helpers shared by the scripts in this directory (sourced, not executed).

# debian_mirror: the Debian mirror URL this machine's apt uses (WEBTIER_DEBIAN_MIRROR overrides).
debian_mirror() {
  if [ -n "${WEBTIER_DEBIAN_MIRROR:-}" ]; then echo "$WEBTIER_DEBIAN_MIRROR"; return; fi
  local m
  m=$( { grep -hE '^[[:space:]]*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
         grep -hE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
           | sed -E 's/\[[^]]*\]//' | awk '{print $2}'; } \
       | grep -E '/debian/?$' | head -n1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# apt_install <pkg>...: install Debian packages non-interactively (root only).
apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq update
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq install -y "$@" >/dev/null
}
