# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures of molecule/firewalld's tests: inventory, get and addr from the shared scaffolding (tests/support/fixtures.py)."""

from ansible_collections.webtier.tomcat_cluster.tests.support.fixtures import addr, get, inventory  # noqa: F401 pylint: disable=unused-import
