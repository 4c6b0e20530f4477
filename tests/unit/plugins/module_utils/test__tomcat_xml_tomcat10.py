# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tomcat role's XML edits on Tomcat 10.1's pristine files (read at test time, never committed copies).

Source: the upstream-shaped apache-tomcat-10.1.60 fixture (scripts/build-fixtures.sh; its conf/ and
webapps/ROOT come from Debian's tomcat10 orig tarball, i.e. upstream's files): conf/server.xml, conf/web.xml
(Jakarta EE 10 schema) and webapps/ROOT/WEB-INF/web.xml (web-app 6.0). The same edits on 9.0.70's server.xml
must change the same lines, so nothing about the edits depends on the line.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_cluster_spec import build_cluster, edit_cluster
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_server_xml_edit import (
    edit_connector, edit_engine, edit_server,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_web_xml_edit import edit_distributable
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import XmlDocument
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import changed_lines, crlf

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
FIXTURES = os.environ.get('WEBTIER_FIXTURES') or os.path.join(ROOT, '.cache', 'fixtures')
JAKARTA = 'https://jakarta.ee/xml/ns/jakartaee'
SECRET = 'Zq8kW3nR5tY7uI9oP1aS'
ADDRESS = '10.0.0.1'


def pristine(version, rel):
    path = os.path.join(FIXTURES if os.path.isabs(FIXTURES) else os.path.join(ROOT, FIXTURES),
                        'apache-tomcat-%s' % version, rel)
    if not os.path.isfile(path):
        pytest.skip('Tomcat %s fixture missing (%s); run scripts/build-fixtures.sh %s' % (version, path, version))
    with open(path, 'rb') as f:
        return f.read()


def server_xml_10():
    return pristine('10.1.60', 'conf/server.xml')


def role_edits(doc, route='a-was1'):
    """What roles/tomcat/tasks/instance.yml asks of the modules, in the same order and with the same values."""
    changes = []
    changes += edit_server(doc, port=8005, address='127.0.0.1')
    changes += edit_connector(doc, 8080, state='absent')
    changes += edit_connector(doc, 8009, protocol='AJP/1.3', address=ADDRESS, secret_required=True, secret=SECRET,
                              redirect_port=8443, attributes={'maxParameterCount': '1000', 'connectionTimeout': '600000'})
    changes += edit_engine(doc, jvm_route=route)
    cluster = build_cluster(
        6,
        manager={'type': 'delta', 'expire_sessions_on_shutdown': False, 'notify_listeners_on_replication': True},
        membership={'type': 'multicast', 'address': '228.0.0.4', 'port': 45564, 'bind': ADDRESS,
                    'frequency': 500, 'drop_time': 3000},
        receiver={'address': ADDRESS, 'port': 5000, 'auto_bind': 1, 'selector_timeout': 100, 'max_threads': 6})
    changes += edit_cluster(doc, cluster)
    return changes


def test_fixture_is_tomcat_10_1():
    data = server_xml_10()
    assert b'org.apache.catalina.core.OpenSSLLifecycleListener' in data   # new in 10.1
    assert b'version="6.0"' in pristine('10.1.60', 'webapps/ROOT/WEB-INF/web.xml')


@pytest.mark.parametrize('rel', ['conf/server.xml', 'conf/web.xml', 'webapps/ROOT/WEB-INF/web.xml'])
def test_load_without_change_is_byte_identical(rel):
    data = pristine('10.1.60', rel)
    for variant in (data, crlf(data)):
        doc = XmlDocument(variant)
        assert not doc.changed
        assert doc.to_bytes() == variant


def test_role_edits_on_stock_server_xml():
    data = server_xml_10()
    doc = XmlDocument(data)
    changes = role_edits(doc)
    assert changes[0:2] == ['Server: address unset -> "127.0.0.1"', 'Connector[port=8080]: removed']
    assert 'Connector[port=8009]: added to Service Catalina' in changes
    assert 'Engine: jvmRoute unset -> "a-was1"' in changes
    assert changes[-1].startswith('Cluster: ')
    text = doc.text
    # every comment of the stock file is still there (the commented AJP sample and OpenSSL listener included)
    assert text.count('<!--') == data.decode().count('<!--')
    assert '<!-- <Listener className="org.apache.catalina.core.OpenSSLLifecycleListener" /> -->' in text
    root = XmlDocument(doc.to_bytes()).root
    assert root.get('port') == '8005' and root.get('address') == '127.0.0.1'
    connectors = root.findall('Service/Connector')
    assert [c.get('port') for c in connectors] == ['8009']
    ajp = connectors[0]
    assert (ajp.get('protocol'), ajp.get('address'), ajp.get('secretRequired'), ajp.get('secret')) == \
        ('AJP/1.3', ADDRESS, 'true', SECRET)
    assert ajp.get('maxParameterCount') == '1000' and ajp.get('connectionTimeout') == '600000'
    engine = root.find('Service/Engine')
    assert engine.get('jvmRoute') == 'a-was1'
    cluster = engine.find('Cluster')
    assert cluster.get('className') == 'org.apache.catalina.ha.tcp.SimpleTcpCluster'
    assert cluster.find('Manager').get('className') == 'org.apache.catalina.ha.session.DeltaManager'
    membership = cluster.find('Channel/Membership')
    assert membership.get('className') == 'org.apache.catalina.tribes.membership.McastService'
    assert membership.get('bind') == ADDRESS
    receiver = cluster.find('Channel/Receiver')
    assert (receiver.get('address'), receiver.get('port')) == (ADDRESS, '5000')
    assert [v.get('className') for v in cluster.findall('Valve')] == [
        'org.apache.catalina.ha.tcp.ReplicationValve', 'org.apache.catalina.ha.session.JvmRouteBinderValve']
    # the stock HTTP connector of 10.1 spans five lines (maxParameterCount, "/>" on its own line): all gone
    removed = changed_lines(doc.original_text, text)[0]
    assert '               maxParameterCount="1000"' in removed and '               />' in removed
    # idempotent: the same edits on the result change nothing
    again = XmlDocument(doc.to_bytes())
    assert role_edits(again) == [] and not again.changed
    assert again.to_bytes() == doc.to_bytes()


def test_role_edits_change_the_same_lines_as_on_9_0():
    def changed(data):
        doc = XmlDocument(data)
        role_edits(doc)
        return changed_lines(doc.original_text, doc.text)

    removed_10, added_10 = changed(server_xml_10())
    removed_9, added_9 = changed(pristine('9.0.70', 'conf/server.xml'))
    assert added_10 == added_9
    # what is removed differs only by the stock HTTP connector's maxParameterCount lines of 10.1
    assert [line for line in removed_10 if 'maxParameterCount' not in line and line.strip() != '/>'] == \
        [line.replace('redirectPort="8443" />', 'redirectPort="8443"') for line in removed_9]


def test_role_edits_keep_crlf():
    doc = XmlDocument(crlf(server_xml_10()))
    role_edits(doc)
    out = doc.to_bytes()
    assert b'\n' not in out.replace(b'\r\n', b'')


def test_distributable_in_jakarta_root_web_xml():
    data = pristine('10.1.60', 'webapps/ROOT/WEB-INF/web.xml')
    doc = XmlDocument(data)
    assert edit_distributable(doc) == ['web-app: <distributable/> added']
    removed, added = changed_lines(doc.original_text, doc.text)
    assert removed == [] and added == ['  <distributable/>']
    assert doc.text.index('<distributable/>') > doc.text.index('</description>')
    parsed = XmlDocument(doc.to_bytes()).root
    assert parsed.find('{%s}distributable' % JAKARTA) is not None   # in the Jakarta EE namespace, no prefix
    assert parsed.get('version') == '6.0'
    again = XmlDocument(doc.to_bytes())
    assert edit_distributable(again) == [] and not again.changed
    assert edit_distributable(again, state='absent') == ['web-app: <distributable/> removed']
    assert again.to_bytes() == data


def test_distributable_in_jakarta_conf_web_xml():
    data = pristine('10.1.60', 'conf/web.xml')
    doc = XmlDocument(data)
    assert edit_distributable(doc) == ['web-app: <distributable/> added']
    assert doc.root.find('{%s}distributable' % JAKARTA) is not None
    removed, added = changed_lines(doc.original_text, doc.text)
    # 10.1's first element is <request-character-encoding> (indented by 2, unlike 9.0's first <servlet>)
    assert removed == [] and added == ['  <distributable/>']
    assert doc.text.index('<distributable/>') < doc.text.index('<request-character-encoding>')
    again = XmlDocument(doc.to_bytes())
    assert edit_distributable(again) == [] and not again.changed
    assert edit_distributable(again, state='absent') == ['web-app: <distributable/> removed']
    assert again.to_bytes() == data
