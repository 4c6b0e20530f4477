"""Shared fixtures of the tomcat10 testinfra modules; lets them import their helpers (rolling_load.py) under
pytest's importlib import mode."""

import os
import sys

import pytest
import testinfra

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

WEB = "tc10-web"


@pytest.fixture(scope="module")
def inventory(pytestconfig):
    return pytestconfig.option.ansible_inventory


@pytest.fixture(scope="module")
def get(inventory):
    def _get(name):
        return testinfra.get_host(f"ansible://{name}", ansible_inventory=inventory)

    return _get


@pytest.fixture(scope="module")
def web_addr(get):
    return get(WEB).check_output("hostname -I").split()[0]
