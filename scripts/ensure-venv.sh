#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Create .venv from requirements-dev.txt when missing or when the requirements changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
# pip <args>: pip's own exit status counts (pipefail); only its noise about configured index
# locations that do not exist on this machine ("... is ignored: it is neither a file nor a
# directory") is dropped from the output
pip() {
  .venv/bin/pip "$@" 2>&1 | { grep -v "is ignored: it is neither" || true; } >&2
}
echo "[venv] creating .venv with $PY" >&2
"$PY" -m venv .venv
pip install -q --upgrade pip || { echo "[venv] pip install --upgrade pip failed" >&2; exit 1; }
pip install -q -r requirements-dev.txt || { echo "[venv] pip install -r requirements-dev.txt failed" >&2; exit 1; }
.venv/bin/python -c "import ansible, molecule, testinfra, lxml, docker" && command -v .venv/bin/ansible-lint >/dev/null
echo "$want" > "$stamp"
