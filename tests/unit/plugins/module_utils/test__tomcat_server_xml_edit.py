# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_tomcat_server_xml_edit: Server, Connector, Engine and Valve edits on real Tomcat and Debian files."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_server_xml_edit import (
    edit_connector, edit_engine, edit_server, edit_valve, normalize_attributes,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import TomcatXmlError, XmlDocument
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import (
    changed_lines, conf_web_xml, server_xml_variants, stock_server_xml,
)

SECRET = 'Zq8kW3nR5tY7uI9oP1aS'
VARIANTS = server_xml_variants()
IDS = [v[0] for v in VARIANTS]


def ajp(doc, **kw):
    args = dict(protocol='AJP/1.3', address='127.0.0.1', secret=SECRET, redirect_port=8443)
    args.update(kw)
    return edit_connector(doc, 8009, **args)


@pytest.mark.parametrize('name,loader', VARIANTS, ids=IDS)
def test_ajp_connector_goes_below_the_commented_sample(name, loader):
    data = loader()
    doc = XmlDocument(data)
    changes = ajp(doc, attributes={'maxParameterCount': '1000', 'tomcatAuthentication': False})
    assert changes == ['Connector[port=8009]: added to Service Catalina']
    removed, added = changed_lines(doc.original_text, doc.text)
    assert removed == []
    assert added == ['    <Connector port="8009"',
                     '               protocol="AJP/1.3"',
                     '               address="127.0.0.1"',
                     '               redirectPort="8443"',
                     '               secret="%s"' % SECRET,
                     '               maxParameterCount="1000"',
                     '               tomcatAuthentication="false" />']
    lines = doc.text.splitlines()
    at = lines.index('    <Connector port="8009"')
    assert lines[at - 1] == '    -->' and 'address="::1"' in lines[at - 4]
    # the commented-out sample is still there, unchanged
    assert doc.text.count('<Connector protocol="AJP/1.3"') == 1
    # idempotent: a second run on the result changes nothing
    again = XmlDocument(doc.to_bytes())
    assert ajp(again, attributes={'maxParameterCount': '1000', 'tomcatAuthentication': False}) == []
    assert again.to_bytes() == doc.to_bytes()
    if name.endswith('crlf'):
        assert b'\n' not in doc.to_bytes().replace(b'\r\n', b'')


def test_connector_update_changes_only_the_attribute_and_hides_the_secret():
    doc = XmlDocument(stock_server_xml())
    ajp(doc)
    doc2 = XmlDocument(doc.to_bytes())
    changes = ajp(doc2, secret='Other0123456789abcdef', address='10.0.0.5')
    assert changes == ['Connector[port=8009]: address "127.0.0.1" -> "10.0.0.5"',
                       'Connector[port=8009]: secret (hidden) -> (hidden)']
    removed, added = changed_lines(doc2.original_text, doc2.text)
    assert removed == ['               address="127.0.0.1"', '               secret="%s" />' % SECRET]
    assert added == ['               address="10.0.0.5"', '               secret="Other0123456789abcdef" />']


def test_deprecated_required_secret_is_replaced_by_secret():
    data = stock_server_xml().replace(b'    <!-- An Engine represents',
                                      b'    <Connector port="8009" protocol="AJP/1.3" requiredSecret="old" />\n    <!-- An Engine represents')
    doc = XmlDocument(data)
    changes = ajp(doc, address=None, redirect_port=None)
    assert changes == ['Connector[port=8009]: secret unset -> (hidden)', 'Connector[port=8009]: requiredSecret (hidden) -> unset']
    removed, added = changed_lines(doc.original_text, doc.text)
    assert added == ['    <Connector port="8009" protocol="AJP/1.3" secret="%s" />' % SECRET]


def test_connector_absent_and_attribute_removal():
    doc = XmlDocument(stock_server_xml())
    ajp(doc, attributes={'packetSize': 65536})
    doc = XmlDocument(doc.to_bytes())
    assert ajp(doc, attributes={'packetSize': None}) == ['Connector[port=8009]: packetSize "65536" -> unset']
    doc = XmlDocument(doc.to_bytes())
    assert edit_connector(doc, 8009, state='absent') == ['Connector[port=8009]: removed']
    assert doc.text == XmlDocument(stock_server_xml()).text
    assert edit_connector(doc, 8009, state='absent') == []
    doc = XmlDocument(stock_server_xml())
    edit_connector(doc, 8080, state='absent')
    removed, added = changed_lines(doc.original_text, doc.text)
    assert added == [] and len(removed) == 3


def test_second_instance_connector_and_http_port():
    doc = XmlDocument(stock_server_xml())
    assert edit_connector(doc, 8080, attributes={'maxThreads': 400}) == ['Connector[port=8080]: maxThreads unset -> "400"']
    removed, added = changed_lines(doc.original_text, doc.text)
    assert removed == ['               redirectPort="8443" />']
    assert added == ['               redirectPort="8443"', '               maxThreads="400" />']


@pytest.mark.parametrize('kwargs,msg', [
    (dict(secret=None), 'secretRequired="true" and no secret'),
    (dict(secret=None, secret_required=False, address='0.0.0.0'), 'without a secret'),
    (dict(secret='has space'), 'printable ASCII'),
    (dict(secret='caf\u00e9'), 'printable ASCII'),
    (dict(redirect_port=70000), 'redirect_port must be between 1 and 65535'),
    (dict(attributes={'secret': 'x'}), 'set secret with the secret option'),
    (dict(attributes={'redirectPort': '1'}), 'redirect_port option'),
    (dict(attributes={'maxThreads': [1]}), 'must be a string, boolean or integer, not list'),
    (dict(attributes={'maxThreads': {'a': 1}}), 'not dict'),
    (dict(attributes={'maxThreads': 1.5}), 'not float'),
    (dict(attributes={'bad name': 'x'}), 'not a valid attribute name'),
    (dict(service='Nope'), 'no <Service name="Nope">'),
])
def test_connector_bad_input(kwargs, msg):
    doc = XmlDocument(stock_server_xml())
    with pytest.raises(TomcatXmlError) as info:
        ajp(doc, **kwargs)
    assert msg in str(info.value)
    assert SECRET not in str(info.value)


def test_insecure_ajp_is_possible_when_asked():
    doc = XmlDocument(stock_server_xml())
    ajp(doc, secret=None, secret_required=False, address='0.0.0.0', allow_no_secret=True)
    assert 'secretRequired="false"' in doc.text
    doc = XmlDocument(stock_server_xml())
    ajp(doc, secret=None, secret_required=False, address=None)  # loopback default: fine without a secret


def test_invalid_port_and_duplicates():
    doc = XmlDocument(stock_server_xml())
    for port, msg in ((0, 'between 1 and 65535'), (65536, 'between 1 and 65535'), ('8009', 'integer'), (True, 'integer')):
        with pytest.raises(TomcatXmlError, match=msg):
            edit_connector(doc, port, protocol='HTTP/1.1')
    dup = stock_server_xml().replace(b'    <!-- A "Connector" using the shared thread pool-->',
                                     b'    <Connector port="8080" protocol="HTTP/1.1" />')
    with pytest.raises(TomcatXmlError, match='2 live Connectors use port 8080'):
        edit_connector(XmlDocument(dup), 8080, state='absent')


def test_not_a_server_xml_and_missing_parts():
    with pytest.raises(TomcatXmlError, match='is not a Tomcat server.xml: its root element is <web-app>'):
        ajp(XmlDocument(conf_web_xml()))
    no_engine = b'<Server port="8005"><Service name="Catalina"><Connector port="8080"/></Service></Server>'
    with pytest.raises(TomcatXmlError, match='has no <Engine>'):
        edit_engine(XmlDocument(no_engine), jvm_route='a')
    with pytest.raises(TomcatXmlError, match=r'services found: none'):
        ajp(XmlDocument(b'<Server/>'))


def test_connector_in_a_service_without_connectors():
    doc = XmlDocument(b'<Server>\n  <Service name="Catalina">\n    <Engine name="x"/>\n  </Service>\n</Server>\n')
    ajp(doc)
    assert doc.text.startswith('<Server>\n  <Service name="Catalina">\n    <Connector port="8009" protocol="AJP/1.3"')


@pytest.mark.parametrize('name,loader', VARIANTS, ids=IDS)
def test_engine_jvm_route_set_and_remove(name, loader):
    doc = XmlDocument(loader())
    assert edit_engine(doc, jvm_route='a-was1') == ['Engine: jvmRoute unset -> "a-was1"']
    removed, added = changed_lines(doc.original_text, doc.text)
    assert removed == ['    <Engine name="Catalina" defaultHost="localhost">']
    assert added == ['    <Engine name="Catalina" defaultHost="localhost" jvmRoute="a-was1">']
    assert 'jvmRoute="jvm1"' in doc.text  # the commented sample is untouched
    assert edit_engine(doc, jvm_route='a-was1') == []
    assert edit_engine(doc, jvm_route='') == ['Engine: jvmRoute "a-was1" -> unset']
    assert doc.to_bytes() == loader()


def test_engine_validation():
    doc = XmlDocument(stock_server_xml())
    with pytest.raises(TomcatXmlError, match='may only contain'):
        edit_engine(doc, jvm_route='a.was1')
    with pytest.raises(TomcatXmlError, match='not one of the Engine'):
        edit_engine(doc, default_host='example.org')
    assert edit_engine(doc, default_host='localhost', name='Catalina') == []
    assert not doc.changed


@pytest.mark.parametrize('name,loader', VARIANTS, ids=IDS)
def test_server_shutdown_port(name, loader):
    data = loader()
    doc = XmlDocument(data)
    changes = edit_server(doc, port=8015, shutdown='S3cr3tShutdown', address='127.0.0.1')
    assert 'S3cr3tShutdown' not in ' '.join(changes)
    removed, added = changed_lines(doc.original_text, doc.text)
    assert len(removed) == 1 and removed[0].startswith('<Server port=')
    assert added == ['<Server port="8015" shutdown="S3cr3tShutdown" address="127.0.0.1">']
    assert edit_server(XmlDocument(doc.to_bytes()), port=8015, shutdown='S3cr3tShutdown', address='127.0.0.1') == []


def test_server_validation():
    doc = XmlDocument(stock_server_xml())
    assert edit_server(doc, port=-1) == ['Server: port "8005" -> "-1"']
    for kwargs, msg in ((dict(port=-2), 'between'), (dict(port=70000), 'between'), (dict(shutdown=''), 'must not be empty'),
                        (dict(shutdown='a b'), 'printable ASCII')):
        with pytest.raises(TomcatXmlError, match=msg):
            edit_server(doc, **kwargs)


def test_normalize_attributes():
    assert normalize_attributes({'a': True, 'b': False, 'c': 3, 'd': 'x', 'e': None}) == [
        ('a', 'true'), ('b', 'false'), ('c', '3'), ('d', 'x'), ('e', None)]


# ---------------------------------------------------------------------------------------------
# hostile input (issue 10)
# ---------------------------------------------------------------------------------------------

def _with_connector(tag):
    return stock_server_xml().replace(b'    <!-- An Engine represents', b'    ' + tag + b'\n    <!-- An Engine represents', 1)


@pytest.mark.parametrize('written', [b'08009', b' 8009 ', b'+8009', b'8009'])
def test_connector_ports_match_numerically(written):
    data = _with_connector(b'<Connector port="' + written + b'" protocol="AJP/1.3" address="127.0.0.1" secret="%s" />'
                           % SECRET.encode())
    doc = XmlDocument(data)
    changes = ajp(doc, redirect_port=None)
    assert changes == ([] if written == b'8009' else ['Connector[port=8009]: port "%s" -> "8009"' % written.decode()])
    assert doc.text.count('<Connector port="8009"') == 1 and len(doc.root.findall('Service/Connector')) == 2
    assert ajp(XmlDocument(doc.to_bytes()), redirect_port=None) == []
    doc = XmlDocument(data)
    assert edit_connector(doc, 8009, state='absent') == ['Connector[port=8009]: removed']


def test_two_spellings_of_one_port_are_duplicates():
    data = _with_connector(b'<Connector port="08009" protocol="AJP/1.3"/><Connector port="8009" protocol="AJP/1.3"/>')
    with pytest.raises(TomcatXmlError, match='2 live Connectors use port 8009'):
        ajp(XmlDocument(data))


def test_connector_from_an_entity_is_refused():
    data = stock_server_xml().replace(b'<Server port=', b'<!DOCTYPE Server [\n  <!ENTITY ajp "<Connector port=\'8009\' '
                                      b'protocol=\'AJP/1.3\' secret=\'x\'/>">\n]>\n<Server port=', 1)
    data = data.replace(b'    <!-- An Engine represents', b'    &ajp;\n    <!-- An Engine represents', 1)
    with pytest.raises(TomcatXmlError, match=r'entity reference &ajp; \(line \d+\), which stands for markup'):
        ajp(XmlDocument(data))


@pytest.mark.parametrize('kwargs,msg', [
    (dict(port=True), 'port must be an integer, got a boolean'),
    (dict(port=8009.9), 'port must be an integer, got a float'),
    (dict(port=8009.0), 'port must be an integer, got a float'),
    (dict(port=2 ** 40), 'port must be between 1 and 65535'),
    (dict(redirect_port=True), 'redirect_port must be an integer, got a boolean'),
    (dict(attributes={'foo\n': 'x'}), "'foo\\n' is not a valid attribute name"),
    (dict(attributes={'maxThreads': 2 ** 40}), 'the value of maxThreads must be between -2147483648 and 2147483647'),
    (dict(attributes={'maxThreads': '200\n'}), 'the value of maxThreads must not contain control characters'),
    (dict(attributes={'keystorePass': 'Leak\nPart999'}), 'the value of keystorePass must not contain control characters'),
    (dict(address='127.0.0.1\n'), 'address must be a non-empty string without white space'),
    (dict(protocol='AJP/1.3 '), 'protocol must be a non-empty string without white space'),
])
def test_connector_values_are_checked_in_full(kwargs, msg):
    args = dict(kwargs)
    port = args.pop('port', 8009)
    doc = XmlDocument(stock_server_xml())
    with pytest.raises(TomcatXmlError) as info:
        edit_connector(doc, port, **dict(dict(protocol='AJP/1.3', secret=SECRET), **args))
    assert msg in str(info.value)
    assert 'Leak' not in str(info.value) and SECRET not in str(info.value)


@pytest.mark.parametrize('route', ['was1\n', 'was1 ', '\nwas1', 'wa s1', 'was1\x00'])
def test_jvm_route_is_matched_in_full(route):
    with pytest.raises(TomcatXmlError, match='may only contain'):
        edit_engine(XmlDocument(stock_server_xml()), jvm_route=route)


def test_password_like_attributes_are_hidden_in_changes():
    values = {'truststorePassword': 'TrustLeak1', 'SSLPassword': 'SslLeak2', 'keystorePass': 'KeyLeak3',
              'certificateKeystorePassword': 'CertLeak4', 'maxThreads': 200}
    doc = XmlDocument(stock_server_xml())
    edit_connector(doc, 8443, protocol='HTTP/1.1', attributes=values)
    doc = XmlDocument(doc.to_bytes())
    changed = dict((k, v + 'x') for k, v in values.items() if k != 'maxThreads')
    changes = edit_connector(doc, 8443, attributes=changed)
    assert changes == ['Connector[port=8443]: %s (hidden) -> (hidden)' % k for k in changed]
    assert 'Leak' not in ' '.join(changes)


def test_server_port_minus_one_drops_the_address():
    doc = XmlDocument(stock_server_xml())
    assert edit_server(doc, port=8015, address='127.0.0.1') == ['Server: port "8005" -> "8015"',
                                                                'Server: address unset -> "127.0.0.1"']
    assert edit_server(doc, port=-1, address='127.0.0.1') == ['Server: port "8015" -> "-1"',
                                                              'Server: address "127.0.0.1" -> unset']
    assert doc.text.splitlines()[doc.root.sourceline - 1] == '<Server port="-1" shutdown="SHUTDOWN">'
    assert edit_server(doc, port=-1, address='127.0.0.1') == []
    assert edit_server(doc, port=-1) == []
    with pytest.raises(TomcatXmlError, match='address must be'):
        edit_server(doc, port=8005, address='127.0.0.1\n')


# ---------------------------------------------------------------------------------------------
# Valve of a Host
# ---------------------------------------------------------------------------------------------

ERROR_VALVE = 'org.apache.catalina.valves.ErrorReportValve'


@pytest.mark.parametrize('name,loader', VARIANTS, ids=IDS)
def test_valve_goes_after_the_access_log_valve_and_is_idempotent(name, loader):
    data = loader()
    doc = XmlDocument(data)
    assert edit_valve(doc, ERROR_VALVE, attributes={'showReport': False, 'showServerInfo': False}) == [
        'Valve[%s]: added to Host localhost' % ERROR_VALVE]
    removed, added = changed_lines(doc.original_text, doc.text)
    assert removed == []
    assert added == ['        <Valve className="%s"' % ERROR_VALVE, '               showReport="false"',
                     '               showServerInfo="false" />']
    lines = doc.text.splitlines()
    assert lines[lines.index(added[0]) - 1].endswith('pattern="%h %l %u %t &quot;%r&quot; %s %b" />')
    again = XmlDocument(doc.to_bytes())
    assert edit_valve(again, ERROR_VALVE, attributes={'showReport': False, 'showServerInfo': False}) == []
    assert edit_valve(again, ERROR_VALVE, attributes={'showReport': True, 'showServerInfo': None}) == [
        'Valve[%s]: showReport "false" -> "true"' % ERROR_VALVE, 'Valve[%s]: showServerInfo "false" -> unset' % ERROR_VALVE]
    assert edit_valve(again, ERROR_VALVE, state='absent') == ['Valve[%s]: removed from Host localhost' % ERROR_VALVE]
    assert again.to_bytes() == data
    assert edit_valve(again, ERROR_VALVE, state='absent') == []
    if name.endswith('crlf'):
        assert b'\n' not in again.to_bytes().replace(b'\r\n', b'')


def test_valve_in_a_host_without_valves_and_other_host_names():
    data = (b'<Server>\n  <Service name="Catalina">\n    <Engine name="C">\n      <Host name="LocalHost">\n'
            b'        <!-- keep -->\n      </Host>\n      <Host name="b"/>\n    </Engine>\n  </Service>\n</Server>\n')
    doc = XmlDocument(data)
    edit_valve(doc, 'a.B', attributes={'x': 1})
    assert '        <!-- keep -->\n        <Valve className="a.B" x="1" />\n      </Host>' in doc.text
    edit_valve(doc, 'a.B', host='b')
    assert '      <Host name="b">\n        <Valve className="a.B" />\n      </Host>\n' in doc.text


@pytest.mark.parametrize('kwargs,msg', [
    (dict(class_name='org.apache.X\n'), 'class_name must be a fully qualified Java class name'),
    (dict(class_name='org..X'), 'class_name must be a fully qualified Java class name'),
    (dict(attributes={'className': 'x'}), 'set className with the class_name option'),
    (dict(attributes={'showReport': 1.5}), 'must be a string, boolean or integer, not float'),
    (dict(host='nope'), 'no <Host name="nope"> in the Engine of Service Catalina (hosts found: "localhost")'),
    (dict(host='local host'), 'host must be a non-empty string'),
    (dict(service='Nope'), 'no <Service name="Nope">'),
])
def test_valve_bad_input(kwargs, msg):
    args = dict(kwargs)
    class_name = args.pop('class_name', ERROR_VALVE)
    with pytest.raises(TomcatXmlError) as info:
        edit_valve(XmlDocument(stock_server_xml()), class_name, **args)
    assert msg in str(info.value)


def test_two_valves_of_one_class_are_an_error():
    dup = stock_server_xml().replace(b'      </Host>', b'        <Valve className="a.B"/><Valve className="a.B"/>\n      </Host>')
    with pytest.raises(TomcatXmlError, match='2 <Valve className="a.B"> in <Host name="localhost">'):
        edit_valve(XmlDocument(dup), 'a.B', state='absent')
