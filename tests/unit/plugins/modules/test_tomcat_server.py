# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tomcat_server through its real main(): docs, check mode, apply, idempotency, port -1, failures."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

from ansible_collections.webtier.tomcat_cluster.plugins.modules import tomcat_server
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner import (
    SHUTDOWN, Bad, Case, run, XmlModuleContract, NewHostValidation,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import debian_server_xml, stock_server_xml, write

CASES = [
    Case('server', tomcat_server, lambda p: dict(path=p, port=8015, shutdown=SHUTDOWN), stock_server_xml,
         ['-<Server port="8005" shutdown="SHUTDOWN">', '+<Server port="8015" shutdown="%s">' % SHUTDOWN], None),
    Case('server-debian', tomcat_server, lambda p: dict(path=p, port=8015), debian_server_xml,
         ['-<Server port="-1" shutdown="SHUTDOWN">', '+<Server port="8015" shutdown="SHUTDOWN">'], None),
    Case('server-port-disabled', tomcat_server, lambda p: dict(path=p, port=-1, address='127.0.0.1'), stock_server_xml,
         ['-<Server port="8005" shutdown="SHUTDOWN">', '+<Server port="-1" shutdown="SHUTDOWN">'], None),
]

BAD = [
    Bad('invalid-shutdown-port', tomcat_server, lambda p: dict(path=p, port=-5, shutdown=SHUTDOWN), stock_server_xml,
        'between 1 and 65535'),
    Bad('empty-shutdown', tomcat_server, lambda p: dict(path=p, shutdown=''), stock_server_xml, 'shutdown must not be empty'),
    Bad('address-newline', tomcat_server, lambda p: dict(path=p, address='127.0.0.1\n'), stock_server_xml, 'address must be'),
    Bad('port-true', tomcat_server, lambda p: dict(path=p, port=True), stock_server_xml, 'port must be an integer, got a boolean'),
]


class TestContract(XmlModuleContract, NewHostValidation):
    """The checks every XML module passes (tests/unit/helpers/tomcat_xml_module_runner.py)."""

    module = tomcat_server
    cases = CASES
    bad = BAD
    invalid_on_new_host = (dict(port=70000), 'port must be between')


def test_shutdown_command_is_hidden_in_changes_and_diff(monkeypatch, tmp_path):
    path = write(tmp_path, stock_server_xml())
    res = run(monkeypatch, tomcat_server, dict(path=path, shutdown=SHUTDOWN), check=True)
    assert res.result['changes'] == ['Server: shutdown (hidden) -> (hidden)']
    assert 'shutdown="(hidden, changed)"' in res.result['diff']['after']
    assert SHUTDOWN not in json.dumps(res.result)
    res = run(monkeypatch, tomcat_server, dict(path=path, port=8015), diff=False)
    assert 'diff' not in res.result


def test_disabled_shutdown_port_removes_the_address(monkeypatch, tmp_path):
    data = stock_server_xml().replace(b'<Server port="8005" shutdown="SHUTDOWN">',
                                      b'<Server port="8005" shutdown="SHUTDOWN" address="127.0.0.1">')
    path = write(tmp_path, data)
    res = run(monkeypatch, tomcat_server, dict(path=path, port=-1, address='127.0.0.1'))
    assert res.result['changes'] == ['Server: port "8005" -> "-1"', 'Server: address "127.0.0.1" -> unset']
    assert open(path, 'rb').read() == stock_server_xml().replace(b'<Server port="8005"', b'<Server port="-1"')
    res = run(monkeypatch, tomcat_server, dict(path=path, port=-1, address='127.0.0.1'))
    assert res.result['changed'] is False
