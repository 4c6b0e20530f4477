#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Everything the tests and the lab need, installed and started when missing (cached otherwise):
# Python venv, Docker engine, the local systemd test images (Debian 12 and 13), the Tomcat/mod_jk fixtures, testssl.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-venv.sh
scripts/ensure-docker.sh
scripts/build-image.sh
# Debian 13: molecule tomcat11's hosts (and the lab's with WEBTIER_LAB_DEBIAN=13)
WEBTIER_IMAGE_FLAVOR=debian13 scripts/build-image.sh
scripts/build-fixtures.sh >/dev/null
scripts/collection-path.sh >/dev/null
scripts/ensure-testssl.sh
