#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# testssl.sh for the TLS scanner test of molecule/default (tests/test_tls.py): Debian's package
# (bookworm: 3.0.8, command `testssl`), installed with apt when missing and we are root on Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
command -v testssl >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  printf '[testssl] installing Debian'"'"'s testssl.sh\n' >&2
  apt_install --no-install-recommends testssl.sh
  exit 0
fi
printf '[testssl] testssl is missing: install the testssl.sh package (Debian/Ubuntu) or put testssl.sh on PATH as testssl\n' >&2
exit 1
