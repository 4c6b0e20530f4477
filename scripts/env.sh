# shellcheck shell=bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Source this to work in the project's environment:  . scripts/env.sh
# (the Makefile targets do it for you). Puts .venv/bin first on PATH and makes the working
# tree the collection webtier.tomcat_cluster for ansible, molecule, ansible-lint and pytest.
WEBTIER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export WEBTIER_ROOT
export PATH="$WEBTIER_ROOT/.venv/bin:$PATH"
ANSIBLE_COLLECTIONS_PATH=$("$WEBTIER_ROOT/scripts/collection-path.sh")
export ANSIBLE_COLLECTIONS_PATH
export ANSIBLE_CONFIG="$WEBTIER_ROOT/ansible.cfg"
export WEBTIER_FIXTURES="$WEBTIER_ROOT/.cache/fixtures"
export NO_COLOR=1 PY_COLORS=0 ANSIBLE_FORCE_COLOR=0
export ANSIBLE_LOCAL_TEMP="$WEBTIER_ROOT/.cache/ansible-tmp"
