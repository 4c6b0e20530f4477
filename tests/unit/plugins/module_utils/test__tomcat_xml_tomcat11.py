# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tomcat role's XML edits on Tomcat 11.0's pristine files (read at test time, never committed copies), and the
attributes 11.0 removed, refused when the target line is known.

Source: the upstream-shaped apache-tomcat-11.0.22 fixture (scripts/build-fixtures.sh 11.0.22; its conf/ comes from
Debian trixie's tomcat11 11.0.22-1~deb13u1 with Debian's one patch on server.xml reversed, i.e. upstream's files):
conf/server.xml, conf/web.xml (web-app 6.1, Jakarta EE 11). Debian ships no upstream webapps/ROOT for 11, so the
web-app 6.1 file is conf/web.xml. The stock HTTP connector of 11.0 has no maxParameterCount (10.1's has), so the role's
edits change exactly the lines they change on 9.0.70. Skipped when the fixture has not been built.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import zipfile

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _tomcat_lines
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_server_xml_edit import (
    edit_connector, plan_connector,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import TomcatXmlError, XmlDocument
from ansible_collections.webtier.tomcat_cluster.plugins.modules import tomcat_connector
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_line_files import (
    SECRET, changed_by_role_edits, check_distributable, check_load_without_change, check_role_edits,
    check_role_edits_keep_crlf, fixture_dir, pristine, role_edits,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner import run
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import write

VERSION = '11.0.22'


def server_xml_11():
    return pristine(VERSION, 'conf/server.xml')


def test_fixture_is_tomcat_11_0():
    assert b'version="6.1"' in pristine(VERSION, 'conf/web.xml')
    assert b'Compiler source VM. [17]' in pristine(VERSION, 'conf/web.xml')     # Java 17 minimum
    info = zipfile.ZipFile(os.path.join(fixture_dir(VERSION), 'lib', 'catalina.jar')).read(
        'org/apache/catalina/util/ServerInfo.properties')
    assert b'server.number=11.0.22.0' in info
    assert b'<Server port="8005" shutdown="SHUTDOWN">' in server_xml_11()       # upstream's, not Debian's port="-1"


@pytest.mark.parametrize('rel', ['conf/server.xml', 'conf/web.xml', 'conf/context.xml', 'conf/tomcat-users.xml'])
def test_load_without_change_is_byte_identical(rel):
    check_load_without_change(pristine(VERSION, rel))


def test_role_edits_on_stock_server_xml():
    doc = check_role_edits(server_xml_11())
    assert '<!-- <Listener className="org.apache.catalina.core.OpenSSLLifecycleListener" /> -->' in doc.text


def test_role_edits_change_the_same_lines_as_on_9_0():
    assert changed_by_role_edits(server_xml_11()) == changed_by_role_edits(pristine('9.0.70', 'conf/server.xml'))


def test_role_edits_keep_crlf():
    check_role_edits_keep_crlf(server_xml_11())


def test_distributable_in_jakarta_6_1_conf_web_xml():
    check_distributable(pristine(VERSION, 'conf/web.xml'), '6.1', '<request-character-encoding>')


@pytest.mark.parametrize('membership', [
    {'type': 'multicast', 'address': '228.0.0.4', 'port': 45564, 'bind': '10.0.0.1'},
    {'type': 'static', 'members': [{'host': '10.0.0.1', 'port': 5000, 'unique_id': '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}'},
                                   {'host': '10.0.0.2', 'port': 5000, 'unique_id': '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2}'}]},
])
@pytest.mark.parametrize('manager', ['delta', 'backup'])
def test_cluster_variants_on_stock_server_xml(manager, membership):
    cluster = dict(manager={'type': manager}, membership=membership,
                   receiver={'address': '10.0.0.1', 'port': 5000, 'auto_bind': 1})
    doc = XmlDocument(server_xml_11())
    role_edits(doc, cluster=cluster, tomcat_line=VERSION)
    engine = XmlDocument(doc.to_bytes()).root.find('Service/Engine')
    assert engine.get('jvmRoute') == 'a-was1'
    assert engine.find('Cluster/Manager').get('className').endswith('.DeltaManager' if manager == 'delta' else '.BackupManager')
    kind = engine.find('Cluster/Channel/Membership').get('className')
    assert kind.endswith('.McastService' if membership['type'] == 'multicast' else '.StaticMembershipService')
    assert engine.find('Cluster/Valve[@className="org.apache.catalina.ha.session.JvmRouteBinderValve"]') is not None
    again = XmlDocument(doc.to_bytes())
    assert role_edits(again, cluster=cluster, tomcat_line=VERSION) == [] and not again.changed


# ---------------------------------------------------------------------------------------------------------------
# attributes Tomcat 11.0 removed
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('name,value', [('rejectIllegalHeader', False), ('allowHostHeaderMismatch', 'true'),
                                        ('REJECTILLEGALHEADER', 'false')])
@pytest.mark.parametrize('line', ['11.0', '11.0.22'])
def test_connector_attribute_removed_in_11_is_refused(line, name, value):
    with pytest.raises(TomcatXmlError) as info:
        plan_connector(8080, protocol='HTTP/1.1', attributes={'maxThreads': 200, name: value}, tomcat_line=line)
    msg = str(info.value)
    assert 'removed in Tomcat 11.0' in msg and 'Connector[port=8080]' in msg and 'not written' in msg
    assert name.lower() in msg.lower() and 'Tomcat 11.0 would ignore it' in msg


@pytest.mark.parametrize('line', [None, '9.0', '10.1', '10.1.60'])
def test_connector_attribute_removed_in_11_is_written_for_earlier_lines(line):
    doc = XmlDocument(server_xml_11())
    assert edit_connector(doc, 8080, attributes={'rejectIllegalHeader': False}, tomcat_line=line) == \
        ['Connector[port=8080]: rejectIllegalHeader unset -> "false"']


def test_removing_a_removed_attribute_is_allowed_on_11():
    doc = XmlDocument(server_xml_11())
    edit_connector(doc, 8080, attributes={'allowHostHeaderMismatch': True})
    assert edit_connector(doc, 8080, attributes={'allowHostHeaderMismatch': None}, tomcat_line='11.0') == \
        ['Connector[port=8080]: allowHostHeaderMismatch "true" -> unset']
    assert doc.text == doc.original_text


@pytest.mark.parametrize('line', ['12.0', '8.5', 'eleven', '11'])
def test_unknown_line_is_refused(line):
    with pytest.raises(TomcatXmlError) as info:
        plan_connector(8080, tomcat_line=line)
    assert 'is not a Tomcat line these edits know (9.0, 10.1, 11.0)' in str(info.value)


def test_removed_attributes_accumulate_over_lines():
    assert _tomcat_lines.removed_in('10.1', 'Connector') == {}
    assert set(_tomcat_lines.removed_in('11.0', 'Connector')) == {'rejectIllegalHeader', 'allowHostHeaderMismatch'}


def test_refusal_takes_the_modules_error_path(monkeypatch, tmp_path):
    """tomcat_connector's option tomcat_line on 11.0.22's pristine server.xml: the refusal is a fail_json, the file
    untouched; what 11.0 still has is written."""
    data = server_xml_11()
    path = write(tmp_path, data)
    args = dict(path=path, port=8080, tomcat_line='11.0.22', attributes={'rejectIllegalHeader': 'false'})
    res = run(monkeypatch, tomcat_connector, args)
    assert res.failed
    assert 'rejectIllegalHeader of Connector[port=8080] was removed in Tomcat 11.0' in res.result['msg']
    assert res.result['path'] == path
    with open(path, 'rb') as f:
        assert f.read() == data
    args = dict(path=path, port=8009, protocol='AJP/1.3', secret=SECRET, address='127.0.0.1', tomcat_line='11.0.22')
    ok = run(monkeypatch, tomcat_connector, args)
    assert not ok.failed and ok.result['changed']
