# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a module's ``main()`` in-process with given arguments and return its JSON result."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.common import warnings as _warnings
from ansible.module_utils.testing import patch_module_args

try:
    from ansible.module_utils import _internal as _module_internal   # ansible-core 2.19+
except ImportError:  # pragma: no cover
    _module_internal = None


def run_module(module, args, capsys):
    """``module.main()`` with ``args``; the result dict gets ``_rc`` (exit code) and ``_raw`` (stdout).

    The module runs as on a managed host: once any test has imported controller code, ansible-core
    2.19 would print a module's warnings on the controller's display instead of returning them, so
    the "is controller" flag is off while it runs. Warnings are process-global in AnsibleModule:
    they are cleared first, so each result carries only its own (see :func:`warning_messages`).
    """
    _warnings._global_warnings.clear()
    was_controller = getattr(_module_internal, 'is_controller', None)
    if was_controller is not None:
        _module_internal.is_controller = False
    try:
        with patch_module_args(args):
            with pytest.raises(SystemExit) as exc:
                module.main()
    finally:
        if was_controller is not None:
            _module_internal.is_controller = was_controller
    out = capsys.readouterr().out
    result = json.loads(out)
    result['_rc'] = exc.value.code
    result['_raw'] = out
    return result


def warning_messages(result):
    """The warning texts of a result (plain strings, or ansible-core 2.19's WarningSummary dicts)."""
    out = []
    for item in result.get('warnings') or []:
        if isinstance(item, dict):
            item = (item.get('event') or {}).get('msg') or item.get('msg') or ''
        out.append(item)
    return out
