# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to this collection, no compatibility promise.
"""One base error for the collection's module_utils and one way for a module to fail with it.

Every error that a module_utils file raises for the user (bad input, a failed check, a peer that answers
wrongly) derives from :class:`WebtierError`: ``msg`` is for humans and never holds a secret, ``kind`` is the
machine-readable class of the failure where the module reports one (its ``error`` result), ``details`` are further result
keys. :func:`fail` turns an error into ``module.fail_json``, without a traceback.
"""

from __future__ import annotations


class WebtierError(Exception):
    """A failure meant for the user: ``msg`` (no secret values), ``kind`` (or None) and result ``details``."""

    def __init__(self, msg='', kind=None, **details):
        super().__init__(msg)
        self.msg = msg
        self.kind = kind
        self.details = details


def fail(module, exc, msg=None, **result):
    """``module.fail_json`` for the exception ``exc``: ``msg`` (default: a WebtierError's ``msg``, which a caller may
    have extended, else the exception's text), ``error`` = its ``kind`` when it has one and ``result`` does not set
    ``error``, then ``result``. No traceback is added; the module's no_log values still apply to what is returned."""
    if msg is None:
        msg = exc.msg if isinstance(exc, WebtierError) else str(exc)
    out = {'msg': msg}
    kind = getattr(exc, 'kind', None)
    if kind is not None and 'error' not in result:
        out['error'] = kind
    out.update(result)
    module.fail_json(**out)
