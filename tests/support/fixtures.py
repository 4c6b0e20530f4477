# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fixtures of every molecule scenario's testinfra tests; each molecule/*/tests/conftest.py imports them."""

import pytest
import testinfra
import testinfra.utils.ansible_runner

from .lab import private_address


class Addresses(dict):
    """{host name: private address}, each looked up (hostname -I) the first time it is asked for."""

    def __init__(self, get):
        super().__init__()
        self._get = get

    def __missing__(self, name):
        self[name] = private_address(self._get(name))
        return self[name]


@pytest.fixture(scope="module")
def inventory(pytestconfig):
    """The inventory molecule wrote for the scenario."""
    return pytestconfig.option.ansible_inventory


@pytest.fixture(scope="module")
def get(inventory):
    """get(name): the testinfra host of an inventory host."""
    def _get(name):
        return testinfra.get_host(f"ansible://{name}", ansible_inventory=inventory)
    return _get


@pytest.fixture(scope="module")
def addr(get):
    """addr[name]: the private (docker network) address of a host."""
    return Addresses(get)


@pytest.fixture(scope="module")
def web_addr(addr, inventory):
    """The private address of the scenario's one host of group web (molecule tomcat10 and tomcat11)."""
    hosts = testinfra.utils.ansible_runner.AnsibleRunner(inventory).get_hosts("web")
    assert len(hosts) == 1, f"web_addr wants one host in group web, the inventory has {hosts}"
    return addr[hosts[0]]
