# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures the unit tests share (their helpers: tests/unit/helpers/)."""

from __future__ import annotations

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tls_pki import Pki


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    """The test PKI of tests/unit/helpers/tls_pki.py (CAs, certificates and keys as files), made once per test module."""
    return Pki(tmp_path_factory.mktemp('pki'))
