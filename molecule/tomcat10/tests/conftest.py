# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures of molecule/tomcat10's tests: inventory, get and addr from the shared scaffolding
(tests/support/fixtures.py), and web_addr; lets the modules import their helpers (rolling_load.py) under pytest's
importlib import mode."""

import os
import sys

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.support.fixtures import addr, get, inventory  # noqa: F401 pylint: disable=unused-import

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

WEB = "tc10-web"


@pytest.fixture(scope="module")
def web_addr(addr):
    return addr[WEB]
