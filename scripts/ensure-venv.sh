#!/usr/bin/env bash
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
echo "[venv] creating .venv with $PY" >&2
"$PY" -m venv .venv
.venv/bin/pip install -q --upgrade pip 2>&1 | grep -v "is ignored: it is neither" >&2 || true
.venv/bin/pip install -q -r requirements-dev.txt 2>&1 | grep -v "is ignored: it is neither" >&2 || true
.venv/bin/python -c "import ansible, molecule, testinfra, lxml, docker" && command -v .venv/bin/ansible-lint >/dev/null
echo "$want" > "$stamp"
