# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tomcat_connector through its real main(): docs, check mode, apply, idempotency, secrets, failures."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.modules import tomcat_connector
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner import (
    SECRET, Bad, Case, run, run_json, XmlModuleContract, NewHostValidation,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import stock_server_xml, write


def connector_args(path):
    return dict(path=path, port=8009, protocol='AJP/1.3', address='127.0.0.1', secret=SECRET,
                attributes={'tomcatAuthentication': False, 'maxParameterCount': '1000'})


CASE = Case('connector', tomcat_connector, connector_args, stock_server_xml,
            ['+    <Connector port="8009"', '+               protocol="AJP/1.3"', '+               address="127.0.0.1"',
             '+               secret="%s"' % SECRET, '+               tomcatAuthentication="false"',
             '+               maxParameterCount="1000" />'],
            lambda p: dict(path=p, port=8009, state='absent'))

BAD = [
    Bad('malformed', tomcat_connector, connector_args, lambda: stock_server_xml()[:-20], 'not well-formed XML'),
    Bad('no-service', tomcat_connector, lambda p: dict(connector_args(p), service='Other'), stock_server_xml, 'no <Service name="Other">'),
    Bad('duplicate-connectors', tomcat_connector, lambda p: dict(path=p, port=8080, attributes={'maxThreads': 10}),
        lambda: stock_server_xml().replace(b'<!-- A "Connector" using the shared thread pool-->', b'<Connector port="08080"/>'),
        '2 live Connectors use port 8080'),
    Bad('invalid-port', tomcat_connector, lambda p: dict(path=p, port=70000, protocol='HTTP/1.1'), stock_server_xml, 'between 1 and 65535'),
    Bad('invalid-redirect', tomcat_connector, lambda p: dict(connector_args(p), redirect_port=0), stock_server_xml, 'redirect_port'),
    Bad('non-string-attribute', tomcat_connector, lambda p: dict(connector_args(p), attributes={'maxThreads': [1, 2]}),
        stock_server_xml, 'must be a string, boolean or integer'),
    Bad('attribute-name-newline', tomcat_connector, lambda p: dict(path=p, port=8080, attributes={'foo\n': 'x'}),
        stock_server_xml, 'is not a valid attribute name'),
    Bad('ajp-without-secret', tomcat_connector, lambda p: dict(path=p, port=8009, protocol='AJP/1.3', address='0.0.0.0',
                                                               secret_required=False), stock_server_xml, 'without a secret'),
    Bad('ajp-secret-required', tomcat_connector, lambda p: dict(path=p, port=8009, protocol='AJP/1.3'), stock_server_xml,
        'refuses to start'),
    Bad('entity-connector', tomcat_connector, connector_args,
        lambda: stock_server_xml().replace(b'<Server port=', b'<!DOCTYPE Server [<!ENTITY c "<Connector port=\'8009\'/>">]>\n'
                                           b'<Server port=', 1).replace(b'    <Engine name="Catalina" defaultHost="localhost">\n',
                                                                        b'    &c;<Engine name="Catalina" defaultHost="localhost">\n'),
        'entity reference &c;'),
    Bad('removed-in-11.0', tomcat_connector,
        lambda p: dict(path=p, port=8080, tomcat_line='11.0', attributes={'allowHostHeaderMismatch': True}),
        stock_server_xml, 'allowHostHeaderMismatch of Connector[port=8080] was removed in Tomcat 11.0'),
    Bad('removed-in-11.0.22', tomcat_connector,
        lambda p: dict(path=p, port=8080, tomcat_line='11.0.22', attributes={'rejectIllegalHeader': 'false'}),
        stock_server_xml, 'rejectIllegalHeader of Connector[port=8080] was removed in Tomcat 11.0'),
    Bad('unknown-tomcat-line', tomcat_connector, lambda p: dict(path=p, port=8080, tomcat_line='12.0'), stock_server_xml,
        "tomcat_line '12.0' is not a Tomcat line these edits know (9.0, 10.1, 11.0)"),
]


class TestContract(XmlModuleContract, NewHostValidation):
    """The checks every XML module passes (tests/unit/helpers/tomcat_xml_module_runner.py)."""

    module = tomcat_connector
    cases = [CASE]
    bad = BAD
    invalid_on_new_host = (dict(port=8009, protocol='AJP/1.3', attributes={'secret': 'x'}), 'set secret with the secret option')


def test_diff_shows_the_change_and_hides_the_secret(monkeypatch, tmp_path):
    path = write(tmp_path, stock_server_xml())
    res = run(monkeypatch, tomcat_connector, connector_args(path), check=True)
    assert 'secret="(hidden, changed)"' in res.result['diff']['after']
    assert SECRET not in json.dumps(res.result)


LEAKS = ('TrustLeak1', 'SslLeak2', 'KeyLeak3', 'CertLeak4')


def test_password_like_attributes_never_leave_the_module(capsys, tmp_path):
    data = stock_server_xml().replace(b'               redirectPort="8443" />',
                                      b'               redirectPort="8443"\n               keystorePass="KeyLeak3" />', 1)
    path = write(tmp_path, data)
    attrs = {'truststorePassword': 'TrustLeak1', 'SSLPassword': 'SslLeak2', 'certificateKeystorePassword': 'CertLeak4',
             'maxThreads': '200', 'tomcatAuthentication': False, 'maxParameterCount': 1000}
    out, res = run_json(capsys, tomcat_connector, dict(path=path, port=8080, attributes=attrs), check=True)
    assert res['changed'] is True
    assert not any(leak in out for leak in LEAKS)
    assert res['invocation']['module_args']['attributes'] == dict((k, '(hidden)') for k in attrs)
    after = res['diff']['after']
    # the values of other attributes are not scrubbed from the diff (no_log would hide every "200")
    assert 'maxThreads="200"' in after and 'maxParameterCount="1000"' in after and 'keystorePass="(hidden)"' in after
    assert 'truststorePassword="(hidden, changed)"' in after
    assert 'Connector[port=8080]: SSLPassword unset -> (hidden)' in res['changes']
    assert open(path, 'rb').read() == data


def test_attributes_stay_hidden_when_argument_validation_fails(capsys, tmp_path):
    path = write(tmp_path, stock_server_xml())
    out, res = run_json(capsys, tomcat_connector, dict(path=path, port='eighty', attributes={'truststorePassword': 'TrustLeak1'}))
    assert res['failed'] and 'port' in res['msg']
    assert 'TrustLeak1' not in out


@pytest.mark.parametrize('port,msg', [(True, 'port must be an integer, got a boolean'), (8009.9, 'cannot be converted to an int'),
                                      (2 ** 40, 'port must be between 1 and 65535')])
def test_port_true_and_fractions_are_refused(capsys, tmp_path, port, msg):
    data = stock_server_xml()
    path = write(tmp_path, data)
    _out, res = run_json(capsys, tomcat_connector, dict(path=path, port=port, protocol='HTTP/1.1'))
    assert res['failed'] and msg in res['msg'], res['msg']
    assert open(path, 'rb').read() == data


@pytest.mark.parametrize('written', [b'08080', b' 8080 '])
def test_a_port_written_differently_is_the_same_connector(monkeypatch, tmp_path, written):
    data = stock_server_xml().replace(b'<Connector port="8080"', b'<Connector port="%s"' % written, 1)
    path = write(tmp_path, data)
    res = run(monkeypatch, tomcat_connector, dict(path=path, port=8080, protocol='HTTP/1.1'))
    assert res.result['changes'] == ['Connector[port=8080]: port "%s" -> "8080"' % written.decode()]
    assert open(path, 'rb').read() == stock_server_xml()


# ---------------------------------------------------------------------------------------------------------------
# tomcat_line: the attributes the target line removed (module_utils/_tomcat_lines.py) are refused, not written
# ---------------------------------------------------------------------------------------------------------------

REMOVED_IN_11 = {'rejectIllegalHeader': False, 'allowHostHeaderMismatch': 'true'}


@pytest.mark.parametrize('line', ['9.0', '10.1', '10.1.60'])
def test_a_line_that_still_has_the_attributes_writes_them(monkeypatch, tmp_path, line):
    data = stock_server_xml()
    path = write(tmp_path, data)
    args = dict(path=path, port=8080, tomcat_line=line, attributes=REMOVED_IN_11)
    res = run(monkeypatch, tomcat_connector, args)
    assert not res.failed and res.result['changed'] is True, res.result
    assert res.result['changes'] == ['Connector[port=8080]: rejectIllegalHeader unset -> "false"',
                                     'Connector[port=8080]: allowHostHeaderMismatch unset -> "true"']
    after = open(path, 'rb').read()
    assert b'rejectIllegalHeader="false"' in after and b'allowHostHeaderMismatch="true"' in after
    assert run(monkeypatch, tomcat_connector, args).result['changed'] is False


@pytest.mark.parametrize('check', [False, True], ids=['apply', 'check'])
@pytest.mark.parametrize('line', ['11.0', '11.0.22', ' 11.0.22 '])
@pytest.mark.parametrize('given,name', [('rejectIllegalHeader', 'rejectIllegalHeader'),
                                        ('allowHostHeaderMismatch', 'allowHostHeaderMismatch'),
                                        ('ALLOWHOSTHEADERMISMATCH', 'allowHostHeaderMismatch')])
def test_an_attribute_the_line_removed_is_refused_and_the_file_unchanged(monkeypatch, tmp_path, line, given, name, check):
    data = stock_server_xml()
    path = write(tmp_path, data)
    args = dict(path=path, port=8080, protocol='HTTP/1.1', tomcat_line=line, attributes={'maxThreads': 200, given: False})
    res = run(monkeypatch, tomcat_connector, args, check=check)
    assert res.failed, res.result
    msg = res.result['msg']
    # the attribute (by its Tomcat name), the connector and the line
    assert msg.startswith('attributes: %s of Connector[port=8080] was removed in Tomcat 11.0 (hard-coded to ' % name)
    assert 'Tomcat 11.0 would ignore it with a warning, so it is not written' in msg
    assert res.result['path'] == path
    assert open(path, 'rb').read() == data and os.listdir(str(tmp_path)) == ['server.xml']


def test_removing_an_attribute_the_line_removed_is_allowed(monkeypatch, tmp_path):
    data = stock_server_xml().replace(b'<Connector port="8080" protocol="HTTP/1.1"',
                                      b'<Connector port="8080" protocol="HTTP/1.1" rejectIllegalHeader="false"', 1)
    assert data != stock_server_xml()
    path = write(tmp_path, data)
    args = dict(path=path, port=8080, tomcat_line='11.0', attributes={'rejectIllegalHeader': None})
    checked = run(monkeypatch, tomcat_connector, args, check=True)
    assert checked.result['changed'] is True and open(path, 'rb').read() == data
    res = run(monkeypatch, tomcat_connector, args)
    assert res.result['changes'] == ['Connector[port=8080]: rejectIllegalHeader "false" -> unset']
    assert open(path, 'rb').read() == stock_server_xml()


@pytest.mark.parametrize('line', ['12.0', '8.5', '11', 'eleven', '11.0-M6', '', 'v11.0'])
@pytest.mark.parametrize('check', [False, True], ids=['apply', 'check'])
def test_an_unknown_tomcat_line_is_refused(monkeypatch, tmp_path, line, check):
    data = stock_server_xml()
    path = write(tmp_path, data)
    res = run(monkeypatch, tomcat_connector, dict(path=path, port=8080, tomcat_line=line, attributes={'maxThreads': 10}),
              check=check)
    assert res.failed
    assert res.result['msg'] == 'tomcat_line %r is not a Tomcat line these edits know (9.0, 10.1, 11.0)' % line
    assert open(path, 'rb').read() == data and os.listdir(str(tmp_path)) == ['server.xml']


def test_an_unknown_tomcat_line_is_refused_also_before_the_file_exists(monkeypatch, tmp_path):
    path = str(tmp_path / 'conf' / 'server.xml')
    res = run(monkeypatch, tomcat_connector, dict(path=path, port=8080, tomcat_line='8.5'), check=True)
    assert res.failed and 'is not a Tomcat line these edits know' in res.result['msg']
    res = run(monkeypatch, tomcat_connector, dict(path=path, port=8080, tomcat_line='11.0',
                                                  attributes={'rejectIllegalHeader': True}), check=True)
    assert res.failed and 'rejectIllegalHeader of Connector[port=8080] was removed in Tomcat 11.0' in res.result['msg']
    assert not os.path.exists(str(tmp_path / 'conf'))


def test_check_mode_with_a_line_reports_the_change_and_writes_nothing(monkeypatch, tmp_path):
    data = stock_server_xml()
    path = write(tmp_path, data)
    args = dict(connector_args(path), tomcat_line='11.0.22')
    res = run(monkeypatch, tomcat_connector, args, check=True)
    assert not res.failed and res.result['changed'] is True
    assert res.result['changes'] == ['Connector[port=8009]: added to Service Catalina']
    assert 'secret="(hidden, changed)"' in res.result['diff']['after']
    assert open(path, 'rb').read() == data
    # and the same edit for real, then again: the line changes nothing in what is written
    assert run(monkeypatch, tomcat_connector, args).result['changed'] is True
    without = write(tmp_path, data, name='without.xml')
    run(monkeypatch, tomcat_connector, connector_args(without))
    assert open(path, 'rb').read() == open(without, 'rb').read()
    assert run(monkeypatch, tomcat_connector, args, check=True).result['changed'] is False


def test_an_unquoted_yaml_number_is_taken_as_its_line(capsys, tmp_path):
    """tomcat_line: 11.0 without quotes reaches the module as a float; type str makes it '11.0' (with Ansible's
    conversion warning), so it is the line 11.0 all the same."""
    data = stock_server_xml()
    path = write(tmp_path, data)
    _out, res = run_json(capsys, tomcat_connector, dict(path=path, port=8080, tomcat_line=11.0,
                                                        attributes={'rejectIllegalHeader': False}))
    assert res['failed'] and 'removed in Tomcat 11.0' in res['msg'], res
    assert open(path, 'rb').read() == data
