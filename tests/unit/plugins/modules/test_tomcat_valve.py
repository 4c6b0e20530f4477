# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tomcat_valve through its real main(): docs, check mode, apply, idempotency, hidden attributes, failures."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.webtier.tomcat_cluster.plugins.modules import tomcat_valve
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner import (
    ERROR_VALVE, Bad, Case, run_json, XmlModuleContract, NewHostValidation,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import debian_server_xml, stock_server_xml, write

CASES = [
    Case('valve', tomcat_valve, lambda p: dict(path=p, class_name=ERROR_VALVE, attributes=dict(showReport=False, showServerInfo=False)),
         stock_server_xml, ['+        <Valve className="%s"' % ERROR_VALVE, '+               showReport="false"',
                            '+               showServerInfo="false" />'],
         lambda p: dict(path=p, class_name=ERROR_VALVE, state='absent')),
    Case('valve-debian', tomcat_valve, lambda p: dict(path=p, class_name=ERROR_VALVE, attributes=dict(showServerInfo=False)),
         debian_server_xml, ['+        <Valve className="%s"' % ERROR_VALVE, '+               showServerInfo="false" />'],
         lambda p: dict(path=p, class_name=ERROR_VALVE, state='absent')),
    Case('access-log-absent', tomcat_valve,
         lambda p: dict(path=p, class_name='org.apache.catalina.valves.AccessLogValve', state='absent'), stock_server_xml,
         ['-        <Valve className="org.apache.catalina.valves.AccessLogValve" directory="logs"',
          '-               prefix="localhost_access_log" suffix=".txt"',
          '-               pattern="%h %l %u %t &quot;%r&quot; %s %b" />'], None),
]

BAD = [
    Bad('class-name-newline', tomcat_valve, lambda p: dict(path=p, class_name=ERROR_VALVE + '\n'), stock_server_xml,
        'class_name must be a fully qualified Java class name'),
    Bad('class-name-in-attributes', tomcat_valve, lambda p: dict(path=p, class_name=ERROR_VALVE, attributes={'className': 'x'}),
        stock_server_xml, 'set className with the class_name option'),
    Bad('unknown-host', tomcat_valve, lambda p: dict(path=p, class_name=ERROR_VALVE, host='www.example.org'), stock_server_xml,
        'no <Host name="www.example.org">'),
    Bad('two-valves', tomcat_valve, lambda p: dict(path=p, class_name='a.B', attributes={'x': 1}),
        lambda: stock_server_xml().replace(b'      </Host>', b'        <Valve className="a.B"/><Valve className="a.B"/>\n      </Host>'),
        '2 <Valve className="a.B">'),
    Bad('huge-int', tomcat_valve, lambda p: dict(path=p, class_name=ERROR_VALVE, attributes={'x': 2 ** 40}), stock_server_xml,
        'must be between -2147483648 and 2147483647'),
]


class TestContract(XmlModuleContract, NewHostValidation):
    """The checks every XML module passes (tests/unit/helpers/tomcat_xml_module_runner.py)."""

    module = tomcat_valve
    cases = CASES
    new_host_cases = CASES[:1]
    bad = BAD
    invalid_on_new_host = (dict(class_name='no such class'), 'class_name must be')


def test_valve_attributes_are_hidden_like_the_connector_ones(capsys, tmp_path):
    path = write(tmp_path, stock_server_xml())
    attrs = {'showReport': False, 'connectionPassword': 'TrustLeak1', 'errorCode.404': 'x.html'}
    out, res = run_json(capsys, tomcat_valve, dict(path=path, class_name='org.example.Valve', attributes=attrs), check=True)
    assert res['changed'] and 'TrustLeak1' not in out
    assert res['invocation']['module_args']['attributes'] == dict((k, '(hidden)') for k in attrs)
    assert 'errorCode.404="x.html"' in res['diff']['after'] and 'connectionPassword="(hidden, changed)"' in res['diff']['after']
