#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Make the working tree importable as ansible_collections.webtier.tomcat_cluster:
#   .cache/collections/ansible_collections/webtier/tomcat_cluster -> <repo root>
# Prints the collections path (for ANSIBLE_COLLECTIONS_PATH / PYTHONPATH).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
base=$root/.cache/collections
mkdir -p "$base/ansible_collections/webtier"
ln -sfn "$root" "$base/ansible_collections/webtier/tomcat_cluster"
# collections the test tooling uses (community.docker, ansible.posix, ...) come from the
# `ansible` package in .venv; molecule and ansible-lint find them through this path too
echo "$base"
