# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tomcat role's XML edits on a line's pristine server.xml, started for real: Tomcat 10.1.60 and 11.0.22 on
loopback (each skipped when its fixture has not been built: scripts/build-fixtures.sh 11.0.22).

Two instances are made from the fixture's own conf/server.xml with the edits the role makes
(tests/unit/helpers/tomcat_line_files.role_edits: shutdown port, the HTTP connector removed, an AJP connector with
secretRequired and the secret, the Engine's jvmRoute, a SimpleTcpCluster with static membership, the
JvmRouteBinderValve) and a web application whose web.xml gets <distributable/> from tomcat_distributable's edit on a
Jakarta web-app 6.1 (6.0 on 10.1). What Tomcat showed: it starts with the edited file and answers a CPing on the
AJP connector; a request without the secret, or with another one, is refused (403); the tomcat role's session test
page (roles/tomcat/templates/sessionTest.jsp.j2, rendered as the role renders it) compiles and counts on the line's
Servlet API (6.1 on 11.0, 6.0 on 10.1); the session made on one member is replicated to the other (DeltaManager and
BackupManager): the counter goes on there with the same session id, whose route suffix is the first member's, and
back. A mixed cluster (a 10.1.60 and an 11.0.22 member, DeltaManager and BackupManager) replicates both ways too.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import time

import jinja2
import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _ajp as ajp
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_web_xml_edit import edit_distributable
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import XmlDocument
from ansible_collections.webtier.tomcat_cluster.tests.integration.conftest import cping_once
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import free_port
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_line_files import (
    SECRET, fixture_dir, pristine, role_edits,
)

pytestmark = pytest.mark.tomcat

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SESSION_TEST = os.path.join(ROOT, 'roles', 'tomcat', 'templates', 'sessionTest.jsp.j2')
# the line's web-app version (the Servlet API version the session test page reports)
SERVLET = {'10.1.60': '6.0', '11.0.22': '6.1'}
WEB_XML = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"\n'
           '  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
           '  xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee\n'
           '                      https://jakarta.ee/xml/ns/jakartaee/web-app_%(u)s.xsd"\n'
           '  version="%(v)s">\n'
           '  <display-name>webtier session test</display-name>\n'
           '</web-app>\n')


def home_of(version):
    home = fixture_dir(version)
    if not os.path.isfile(os.path.join(home, 'bin', 'catalina.sh')):
        pytest.skip('Tomcat fixture %s not built (scripts/build-fixtures.sh %s)' % (version, version))
    return home


def session_test_page(instance):
    """sessionTest.jsp.j2 as the tomcat role renders it (ansible_managed and the instance's name)."""
    with open(SESSION_TEST) as f:
        template = jinja2.Template(f.read(), keep_trailing_newline=True)
    return template.render(ansible_managed='Ansible managed', __tomcat_instance={'name': instance})


def distributable_web_xml(servlet):
    doc = XmlDocument((WEB_XML % {'u': servlet.replace('.', '_'), 'v': servlet}).encode())
    assert edit_distributable(doc) == ['web-app: <distributable/> added']
    return doc.to_bytes().decode()


def edited_server_xml(version, route, ajp_port, cluster_port, cluster_ports, manager):
    members = [{'host': '127.0.0.1', 'port': p, 'unique_id': [0] * 15 + [i + 1]} for i, p in enumerate(cluster_ports)]
    doc = XmlDocument(pristine(version, 'conf/server.xml'))
    role_edits(doc, route=route, address='127.0.0.1', ajp_port=ajp_port, tomcat_line=version,
               cluster=dict(manager={'type': manager}, membership={'type': 'static', 'members': members},
                            receiver={'address': '127.0.0.1', 'port': cluster_port, 'auto_bind': 1}))
    # the edits keep the stock shutdown port 8005; the test instances may not share it
    text = doc.text.replace('<Server port="8005"', '<Server port="-1"', 1)
    assert '<Server port="-1"' in text
    return text


def wait_for(pred, what, timeout=60):
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            raise AssertionError('%s not seen within %s s' % (what, timeout))
        time.sleep(0.3)


def page(tc, cookie=None, secret=SECRET, uri='/webtier/sessionTest.jsp'):
    headers = {'Cookie': 'JSESSIONID=%s' % cookie} if cookie else {}
    return ajp.forward_request('127.0.0.1', tc.ports['ajp_port'], uri=uri, secret=secret, timeout=30,
                               remote_addr='127.0.0.1', headers=headers)


def fields(response):
    assert response.status == 200, response.body[:2000]
    return dict(line.split('=', 1) for line in response.body.decode('utf-8').splitlines() if '=' in line)


# the last two: a mixed cluster, a-was1 on 10.1.60 and a-was2 on 11.0.22, as during every rolling upgrade 10.1 -> 11
@pytest.mark.parametrize('versions,manager', [
    (('10.1.60', '10.1.60'), 'delta'), (('11.0.22', '11.0.22'), 'delta'), (('11.0.22', '11.0.22'), 'backup'),
    (('10.1.60', '11.0.22'), 'delta'), (('10.1.60', '11.0.22'), 'backup'),
])
def test_role_edits_on_pristine_server_xml_start_and_replicate(tomcat_instance, versions, manager):
    homes = [home_of(version) for version in versions]
    cluster_ports = [free_port(), free_port()]
    nodes = []
    for i, route in enumerate(('a-was1', 'a-was2')):
        ajp_port = free_port()
        xml = edited_server_xml(versions[i], route, ajp_port, cluster_ports[i], cluster_ports, manager)
        files = {'webapps/webtier/WEB-INF/web.xml': distributable_web_xml(SERVLET[versions[i]]),
                 'webapps/webtier/sessionTest.jsp': session_test_page(route)}
        nodes.append(tomcat_instance(xml, files=files, start=False,
                                     name='line-%s-%s-%s' % (versions[i], manager, route),
                                     ports={'ajp_port': ajp_port}, home=homes[i]))
    try:
        for node, version in zip(nodes, versions):
            node.start(cping=['ajp_port'], timeout=120)
            assert cping_once(node.ports['ajp_port'])
            log = node.log()
            assert 'Apache Tomcat/%s' % version in log
            assert 'failed to set property' not in log     # every attribute the edits wrote is known to the line

        # the AJP connector requires the secret
        assert page(nodes[0], secret=None).status == 403
        assert page(nodes[0], secret='WrongSecret0123456789abcdef').status == 403

        # a session is replicated to the members there are when it is made: wait until each sees the other
        for node in nodes:
            wait_for(lambda n=node: 'Replication member added' in n.log(), '%s sees the other member' % node.name)

        first = fields(page(nodes[0]))
        assert (first['instance'], first['node'], first['counter'], first['servlet']) == \
            ('a-was1', 'a-was1', '1', SERVLET[versions[0]])
        session = first['session']
        assert session.endswith('.a-was1')

        # the other member has the session: the counter goes on there (retried until replication arrived)
        second = counted(nodes[1], session, '2')
        assert (second['node'], second['counter'], second['servlet']) == ('a-was2', '2', SERVLET[versions[1]]), second
        # the JvmRouteBinderValve gives the session a-was2's route when it is served there
        assert second['session'].split('.')[0] == session.split('.')[0]
        # and back: what a-was2 changed reached a-was1 (both ways across the lines in the mixed cases)
        third = counted(nodes[0], second['session'], '3')
        assert (third['node'], third['counter']) == ('a-was1', '3'), third
    finally:
        for node in nodes:
            node.stop()


def counted(node, session, want, timeout=60):
    """The session test page on node with the session, retried until its counter is `want` (replication is
    asynchronous) or the timeout passed; the last answer."""
    end = time.monotonic() + timeout
    while True:
        got = fields(page(node, cookie=session))
        if got['counter'] == want or time.monotonic() > end:
            return got
        time.sleep(0.5)


@pytest.mark.parametrize('version,ignored', [('10.1.60', False), ('11.0.22', True)])
def test_what_the_line_does_with_an_attribute_it_removed(tomcat_instance, version, ignored):
    """Why tomcat_line refuses rejectIllegalHeader for 11.0 (_tomcat_lines.REMOVED): 11.0 does not fail, it logs a
    warning and starts without it; 10.1 takes it."""
    home = home_of(version)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<Server port="-1" shutdown="SHUTDOWN"><Service name="Catalina">\n'
           '<Connector protocol="HTTP/1.1" address="127.0.0.1" port="${http_port}" rejectIllegalHeader="false" />\n'
           '<Connector protocol="AJP/1.3" address="127.0.0.1" port="${ajp_port}" secret="%s" />\n'
           '<Engine name="Catalina" defaultHost="localhost"><Host name="localhost" appBase="webapps" /></Engine>\n'
           '</Service></Server>\n' % SECRET)
    tc = tomcat_instance(xml, cping=['ajp_port'], name='removed-%s' % version, home=home)
    try:
        warned = 'failed to set property [rejectIllegalHeader] to [false]' in tc.log()
        assert warned is ignored, tc.log()[-3000:]
    finally:
        tc.stop()
