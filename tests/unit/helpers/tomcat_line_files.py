# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tomcat role's XML edits on one Tomcat line's pristine files: what test__tomcat_xml_tomcat10.py (10.1.60) and
test__tomcat_xml_tomcat11.py (11.0.22) share.

The files are read at test time from the upstream-shaped fixture ``apache-tomcat-<version>`` of
scripts/build-fixtures.sh (never committed copies); a test skips when the fixture has not been built.
Not a test file: imported as ``ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_line_files``.
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

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
FIXTURES = os.environ.get('WEBTIER_FIXTURES') or os.path.join(ROOT, '.cache', 'fixtures')
JAKARTA = 'https://jakarta.ee/xml/ns/jakartaee'
SECRET = 'Zq8kW3nR5tY7uI9oP1aS'
ADDRESS = '10.0.0.1'


def fixture_dir(version):
    return os.path.join(FIXTURES if os.path.isabs(FIXTURES) else os.path.join(ROOT, FIXTURES),
                        'apache-tomcat-%s' % version)


def pristine(version, rel):
    """The bytes of <rel> in the fixture of Tomcat <version>; skips the test when the fixture is missing."""
    path = os.path.join(fixture_dir(version), rel)
    if not os.path.isfile(path):
        pytest.skip('Tomcat %s fixture missing (%s); run scripts/build-fixtures.sh %s' % (version, path, version))
    with open(path, 'rb') as f:
        return f.read()


def role_edits(doc, route='a-was1', address=ADDRESS, ajp_port=8009, cluster=None, tomcat_line=None):
    """What roles/tomcat/tasks/instance.yml asks of the modules, in the same order and with the same values.
    cluster: build_cluster's keyword arguments (default: the role's multicast DeltaManager cluster on address)."""
    changes = []
    changes += edit_server(doc, port=8005, address='127.0.0.1')
    changes += edit_connector(doc, 8080, state='absent')
    changes += edit_connector(doc, ajp_port, protocol='AJP/1.3', address=address, secret_required=True, secret=SECRET,
                              redirect_port=8443, attributes={'maxParameterCount': '1000', 'connectionTimeout': '600000'},
                              tomcat_line=tomcat_line)
    changes += edit_engine(doc, jvm_route=route)
    if cluster is None:
        cluster = dict(
            manager={'type': 'delta', 'expire_sessions_on_shutdown': False, 'notify_listeners_on_replication': True},
            membership={'type': 'multicast', 'address': '228.0.0.4', 'port': 45564, 'bind': address,
                        'frequency': 500, 'drop_time': 3000},
            receiver={'address': address, 'port': 5000, 'auto_bind': 1, 'selector_timeout': 100, 'max_threads': 6})
    changes += edit_cluster(doc, build_cluster(6, **cluster))
    return changes


def check_load_without_change(data):
    for variant in (data, crlf(data)):
        doc = XmlDocument(variant)
        assert not doc.changed
        assert doc.to_bytes() == variant


def check_role_edits(data):
    """The role's edits on a stock server.xml: what changed, the result as Tomcat reads it, idempotence. Returns the
    edited document."""
    doc = XmlDocument(data)
    changes = role_edits(doc)
    assert changes[0:2] == ['Server: address unset -> "127.0.0.1"', 'Connector[port=8080]: removed']
    assert 'Connector[port=8009]: added to Service Catalina' in changes
    assert 'Engine: jvmRoute unset -> "a-was1"' in changes
    assert changes[-1].startswith('Cluster: ')
    # every comment of the stock file is still there (the commented AJP sample and OpenSSL listener included)
    assert doc.text.count('<!--') == data.decode().count('<!--')
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
    # idempotent: the same edits on the result change nothing
    again = XmlDocument(doc.to_bytes())
    assert role_edits(again) == [] and not again.changed
    assert again.to_bytes() == doc.to_bytes()
    return doc


def changed_by_role_edits(data):
    """(removed lines, added lines) of the role's edits on a server.xml."""
    doc = XmlDocument(data)
    role_edits(doc)
    return changed_lines(doc.original_text, doc.text)


def check_role_edits_keep_crlf(data):
    doc = XmlDocument(crlf(data))
    role_edits(doc)
    out = doc.to_bytes()
    assert b'\n' not in out.replace(b'\r\n', b'')


def check_distributable(data, version, first_element):
    """<distributable/> added to a Jakarta web.xml (web-app <version>) as the first element after the leading
    description elements (before <first_element>, if given), in the Jakarta namespace without a prefix; added once,
    and removed again to the byte. Returns the edited document."""
    doc = XmlDocument(data)
    assert edit_distributable(doc) == ['web-app: <distributable/> added']
    removed, added = changed_lines(doc.original_text, doc.text)
    assert removed == [] and added == ['  <distributable/>']
    if first_element:
        assert doc.text.index('<distributable/>') < doc.text.index(first_element)
    parsed = XmlDocument(doc.to_bytes()).root
    assert parsed.find('{%s}distributable' % JAKARTA) is not None   # in the Jakarta EE namespace, no prefix
    assert parsed.get('version') == version
    again = XmlDocument(doc.to_bytes())
    assert edit_distributable(again) == [] and not again.changed
    assert edit_distributable(again, state='absent') == ['web-app: <distributable/> removed']
    assert again.to_bytes() == data
    return doc
