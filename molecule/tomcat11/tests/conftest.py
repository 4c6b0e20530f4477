# SPDX-License-Identifier: GPL-3.0-or-later
"""molecule/tomcat11's fixtures (tests/support/fixtures.py); its tests import their host names from scenario.py."""
import os
import sys

from ansible_collections.webtier.tomcat_cluster.tests.support.fixtures import addr, get, inventory, web_addr  # noqa: F401 pylint: disable=unused-import

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
