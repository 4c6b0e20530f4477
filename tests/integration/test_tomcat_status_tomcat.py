# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The webtier status page (roles/tomcat/files/webtier-status/) and the tomcat_status_info module against real
Tomcat 9.0.70 (and 10.1.60 and 11.0.22 when their fixtures are there) on loopback.

What Tomcat showed: sessions created through a JSP are counted per context (``activeSessions``) and, through
``listSessionIds``, per jvmRoute; an invalidated session moves ``expiredSessions``; the page answers 403 to a remote
address that is not loopback (the RemoteAddrValve of its context.xml) and to a request without the secret. In a
2-member DeltaManager cluster (static membership) a session created on one member is held by both (``activeSessions``
1 on each: DeltaManager counts replicated sessions), but sticks only to the member whose jvmRoute ends its id
(``route_active``); the creator counts it in ``counterSend_EVT_SESSION_CREATED``, the other in
``counterReceive_EVT_SESSION_CREATED``; the GroupChannel's ``Members`` is 1 on each. ``sessionCounter`` differs
between the lines: 9.0.70 counts the sessions the manager created, 10.1.60 and 11.0.22 return activeSessions +
expiredSessions (the replicated session included; 11.0 deprecates sessionCounter, still there in 11.0.22).
"""

from __future__ import annotations

import os
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _ajp as ajp
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _tomcat_status as ts
from ansible_collections.webtier.tomcat_cluster.plugins.modules import tomcat_status_info
from ansible_collections.webtier.tomcat_cluster.tests.integration.conftest import (
    AJP_JVM_ROUTE,
    AJP_SECRET,
    AJP_SERVER_XML,
    TomcatInstance,
    fixture_home,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import free_port
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module as run
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_jsp import SESSION_JSP

pytestmark = pytest.mark.tomcat

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
STATUS_DIR = os.path.join(ROOT, 'roles', 'tomcat', 'files', 'webtier-status')
SECRET = AJP_SECRET


def status_files():
    """The three files as the tomcat role installs them under webapps/webtier-status/."""
    out = {}
    for name, dest in (('status.jsp', 'status.jsp'), ('web.xml', 'WEB-INF/web.xml'),
                       ('context.xml', 'META-INF/context.xml')):
        with open(os.path.join(STATUS_DIR, name), 'rb') as f:
            out['webapps/webtier-status/' + dest] = f.read()
    return out


WEB_XML = ('<?xml version="1.0" encoding="UTF-8"?>\n<web-app xmlns="http://xmlns.jcp.org/xml/ns/javaee" '
           'version="4.0">%s</web-app>\n')
INVALIDATE_JSP = '<%@ page contentType="text/plain" %><% session.invalidate(); %>invalidated\n'
# pages that are not the status page, served where the module is pointed at them
GARBAGE_JSP = ('<%@ page session="false" contentType="text/plain" %>tomcat_up 1\n'
               'tomcat_info{jvm_route="a-was1",server_info="x} 1\n')
BINARY_JSP = ('<%@ page session="false" contentType="application/octet-stream" %><% '
              'java.io.OutputStream o = response.getOutputStream(); o.write(new byte[] {(byte) 0xff, 0, 10}); '
              'o.flush(); %>')

# the AJP test instance's server.xml (jvmRoute a-was1) with only its secret-protected connector
SINGLE_XML = '\n'.join(line for line in AJP_SERVER_XML.splitlines()
                       if '<Connector' not in line or ('${ajp_port}' in line and 'secret=' in line))

CLUSTER_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector protocol="AJP/1.3" address="127.0.0.1" port="${ajp_port}" secret="%(secret)s" />
    <Engine name="Catalina" defaultHost="localhost" jvmRoute="%(route)s">
      <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster" channelSendOptions="8">
        <Manager className="org.apache.catalina.ha.session.DeltaManager" expireSessionsOnShutdown="false"
                 notifyListenersOnReplication="true" />
        <Channel className="org.apache.catalina.tribes.group.GroupChannel">
          <Membership className="org.apache.catalina.tribes.membership.StaticMembershipService">
%(members)s
          </Membership>
          <Receiver className="org.apache.catalina.tribes.transport.nio.NioReceiver" address="127.0.0.1"
                    port="%(cluster_port)d" autoBind="1" selectorTimeout="5000" maxThreads="6" />
          <Sender className="org.apache.catalina.tribes.transport.ReplicationTransmitter">
            <Transport className="org.apache.catalina.tribes.transport.nio.PooledParallelSender" />
          </Sender>
          <Interceptor className="org.apache.catalina.tribes.group.interceptors.TcpFailureDetector" />
          <Interceptor className="org.apache.catalina.tribes.group.interceptors.MessageDispatchInterceptor" />
        </Channel>
        <Valve className="org.apache.catalina.ha.tcp.ReplicationValve" filter="" />
        <Valve className="org.apache.catalina.ha.session.JvmRouteBinderValve" />
        <ClusterListener className="org.apache.catalina.ha.session.ClusterSessionListener" />
      </Cluster>
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false" />
    </Engine>
  </Service>
</Server>
"""


def home_of(version):
    home = fixture_home()
    if home is None:
        pytest.skip('Tomcat fixture not built (scripts/build-fixtures.sh)')
    home = os.path.join(os.path.dirname(home), 'apache-tomcat-%s' % version)
    if not os.path.isfile(os.path.join(home, 'bin', 'catalina.sh')):
        pytest.skip('Tomcat fixture %s not built (scripts/build-fixtures.sh %s)' % (version, version))
    return home


@pytest.fixture(scope='module')
def instances(tmp_path_factory):
    """Factory of Tomcat instances of a given release (TomcatInstance with its home), killed at the end."""
    made = []

    def create(version, server_xml, files, name, ports=None):
        inst = TomcatInstance(tmp_path_factory.mktemp(name), server_xml, files=files, ports=ports,
                              home=home_of(version), name=name)
        made.append(inst)
        return inst

    yield create
    for inst in made:
        inst.kill()


def get(tc, uri, cookie=None, remote_addr='127.0.0.1', secret=SECRET, method='GET'):
    headers = {'Cookie': 'JSESSIONID=%s' % cookie} if cookie else {}
    return ajp.forward_request('127.0.0.1', tc.ports['ajp_port'], uri=uri, secret=secret, timeout=30,
                               remote_addr=remote_addr, headers=headers, method=method)


def status(tc, capsys, **kw):
    args = dict(host='127.0.0.1', port=tc.ports['ajp_port'], secret=SECRET, timeout=30)
    args.update(kw)
    res = run(tomcat_status_info, args, capsys)
    assert SECRET not in res['_raw'] and 'Traceback' not in res['_raw']
    return res


def series(res, metric, **labels):
    """The value of the one sample of ``metric`` with these labels (None when there is none)."""
    found = [m['value'] for m in res['metrics'] if m['name'] == metric
             and all(m['labels'].get(k) == v for k, v in labels.items())]
    assert len(found) <= 1, (metric, labels, found)
    return found[0] if found else None


def wait_for(pred, what, timeout=30):
    end = time.monotonic() + timeout
    while True:
        last = pred()
        if last:
            return last
        if time.monotonic() > end:
            raise AssertionError('%s not seen within %s s' % (what, timeout))
        time.sleep(0.3)


# ---------------------------------------------------------------------------------------------------------------
# one instance
# ---------------------------------------------------------------------------------------------------------------

@pytest.fixture(scope='module')
def single(instances):
    files = status_files()
    files.update({'webapps/ROOT/session.jsp': SESSION_JSP, 'webapps/app/WEB-INF/web.xml': WEB_XML % '',
                  'webapps/app/session.jsp': SESSION_JSP, 'webapps/app/invalidate.jsp': INVALIDATE_JSP,
                  'webapps/app/garbage.jsp': GARBAGE_JSP, 'webapps/app/binary.jsp': BINARY_JSP})
    assert AJP_JVM_ROUTE == 'a-was1'
    inst = instances('9.0.70', SINGLE_XML, files, 'status-single')
    inst.start(cping=['ajp_port'], timeout=90)
    yield inst
    inst.stop()


def test_the_page_itself(single):
    r = get(single, '/webtier-status/status.jsp')
    assert r.status == 200, r.body[:2000]
    assert r.headers['content-type'] == 'text/plain;version=0.0.4;charset=utf-8'
    assert r.headers['cache-control'] == 'no-store'
    assert 'set-cookie' not in r.headers
    text = r.body.decode('utf-8')
    assert text.startswith('# HELP tomcat_up ') and text.endswith('tomcat_status_errors_total 0\n')
    samples, types = ts.parse_exposition(r.body)
    names = set(s['name'] for s in samples)
    assert {'tomcat_up', 'tomcat_info', 'tomcat_sessions_active', 'tomcat_sessions_route_active',
            'tomcat_sessions_max_active', 'tomcat_sessions_created_total', 'tomcat_sessions_expired_total',
            'tomcat_sessions_rejected_total', 'tomcat_session_manager_info', 'tomcat_threads_busy',
            'tomcat_threads_max', 'tomcat_threads_current', 'tomcat_jvm_heap_used_bytes',
            'tomcat_jvm_heap_committed_bytes', 'tomcat_jvm_heap_max_bytes', 'tomcat_jvm_uptime_seconds',
            'tomcat_status_errors_total'} == names
    # no cluster: no cluster series
    assert not any(n.startswith('tomcat_cluster_') for n in names)
    assert all(types[n] in ('gauge', 'counter') for n in names)
    assert all(types[n] == 'counter' for n in names if n.endswith('_total'))
    # the directory answers with the welcome file
    welcome = get(single, '/webtier-status/')
    assert welcome.status == 200 and welcome.body.startswith(b'# HELP tomcat_up ')


def test_only_loopback_and_only_with_the_secret(single):
    assert get(single, '/webtier-status/status.jsp', remote_addr='10.1.2.3').status == 403
    assert get(single, '/webtier-status/status.jsp', remote_addr='192.168.0.7').status == 403
    assert get(single, '/webtier-status/status.jsp', remote_addr='::1').status == 200
    assert get(single, '/webtier-status/status.jsp', remote_addr='127.0.0.2').status == 200
    assert get(single, '/webtier-status/status.jsp', secret=None).status == 403
    assert get(single, '/webtier-status/status.jsp', secret='WrongSecret0123456789').status == 403
    # GET and HEAD only
    assert get(single, '/webtier-status/status.jsp', method='POST').status == 403


def test_sessions_per_context_and_route_and_expiry(single, capsys):
    before = status(single, capsys)
    assert before['_rc'] == 0, before['msg']
    assert before['jvm_route'] == 'a-was1' and before['server_info'].startswith('Apache Tomcat/9.0.70')
    assert before['cluster_members'] is None and before['status_errors'] == 0 and before['status'] == 200
    assert set(before['sessions']) == {'/', '/app', '/webtier-status'}
    base_app = before['sessions']['/app']['active']
    base_root = before['sessions']['/']['active']
    expired = series(before, 'tomcat_sessions_expired_total', context='/app')
    created = series(before, 'tomcat_sessions_created_total', context='/app')

    cookies = []
    for dummy in range(2):
        r = get(single, '/app/session.jsp')
        assert r.status == 200 and r.jvm_route() == 'a-was1'
        cookies.append(r.cookies['JSESSIONID'])
    assert get(single, '/session.jsp').status == 200

    res = status(single, capsys, route='a-was1')
    assert res['sessions']['/app'] == {'active': base_app + 2, 'route_active': base_app + 2}
    assert res['sessions']['/'] == {'active': base_root + 1, 'route_active': base_root + 1}
    assert res['sessions']['/webtier-status'] == {'active': 0, 'route_active': 0}
    assert res['route_sessions'] == base_app + base_root + 3
    assert series(res, 'tomcat_sessions_created_total', context='/app') == created + 2
    assert series(res, 'tomcat_sessions_max_active', context='/app') >= base_app + 2
    assert series(res, 'tomcat_session_manager_info', context='/app',
                  manager='org.apache.catalina.session.StandardManager') == 1
    assert series(res, 'tomcat_info', jvm_route='a-was1') == 1
    name = 'ajp-nio-127.0.0.1-%d' % single.ports['ajp_port']
    assert series(res, 'tomcat_threads_busy', name=name) >= 1      # the thread serving this very request
    assert series(res, 'tomcat_threads_max', name=name) == 200
    assert series(res, 'tomcat_jvm_heap_max_bytes') > 0 and series(res, 'tomcat_jvm_uptime_seconds') > 0

    assert get(single, '/app/invalidate.jsp', cookie=cookies[0]).status == 200
    after = status(single, capsys)
    assert after['sessions']['/app'] == {'active': base_app + 1, 'route_active': base_app + 1}
    assert series(after, 'tomcat_sessions_expired_total', context='/app') == expired + 1


def test_route_mismatch_fails_clearly(single, capsys):
    res = status(single, capsys, route='a-was2')
    assert res['_rc'] == 1 and res['error'] == 'route_mismatch', res
    assert "jvmRoute 'a-was1', not 'a-was2'" in res['msg']


@pytest.mark.parametrize('uri,kind,why', [
    ('/app/garbage.jsp', 'not_exposition', 'line 2: without its closing quote'),
    ('/app/binary.jsp', 'not_exposition', 'not UTF-8'),
    ('/app/session.jsp', 'not_exposition', 'line 1'),
    ('/app/no-such.jsp', 'unexpected_status', 'answered 404'),
])
def test_other_pages_fail_clearly(single, capsys, uri, kind, why):
    res = status(single, capsys, uri=uri)
    assert res['_rc'] == 1 and res['error'] == kind, res
    assert why.split(': ')[-1] in res['msg'], res['msg']


def test_a_wrong_secret_fails_clearly(single, capsys):
    res = status(single, capsys, secret='WrongSecret0123456789')
    assert res['_rc'] == 1 and res['error'] == 'forbidden' and res['status'] == 403


# ---------------------------------------------------------------------------------------------------------------
# a two-member DeltaManager cluster, on both Tomcat lines
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('version', ['9.0.70', '10.1.60', '11.0.22'])
def test_two_member_cluster(instances, capsys, version):
    home_of(version)
    cluster_ports = [free_port(), free_port()]
    members = '\n'.join('<Member className="org.apache.catalina.tribes.membership.StaticMember" host="127.0.0.1" '
                        'port="%d" uniqueId="{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,%d}" />' % (p, i + 1)
                        for i, p in enumerate(cluster_ports))
    files = status_files()
    files.update({'webapps/app/WEB-INF/web.xml': WEB_XML % '<distributable/>', 'webapps/app/session.jsp': SESSION_JSP})
    nodes = []
    for i, route in enumerate(('a-was1', 'a-was2')):
        xml = CLUSTER_XML % {'secret': SECRET, 'route': route, 'members': members, 'cluster_port': cluster_ports[i]}
        nodes.append(instances(version, xml, files, 'status-%s-%s' % (version, route)))
    try:
        for node in nodes:
            node.start(cping=['ajp_port'], timeout=120)
        for node in nodes:
            wait_for(lambda n=node: status(n, capsys)['cluster_members'] == 1, '%s sees 1 member' % node.name, 60)

        r = get(nodes[0], '/app/session.jsp')
        assert r.status == 200 and r.jvm_route() == 'a-was1'
        cookie = r.cookies['JSESSIONID']

        def replicated():
            res = status(nodes[1], capsys, route='a-was2')
            return res if res['sessions']['/app']['active'] == 1 else None
        second = wait_for(replicated, 'the session replicated to a-was2')
        first = status(nodes[0], capsys, route='a-was1')
        assert first['server_info'].startswith('Apache Tomcat/%s' % version)
        # both hold it; it sticks only to a-was1
        assert first['sessions']['/app'] == {'active': 1, 'route_active': 1} and first['route_sessions'] == 1
        assert second['sessions']['/app'] == {'active': 1, 'route_active': 0} and second['route_sessions'] == 0
        manager = 'org.apache.catalina.ha.session.DeltaManager'
        for res in (first, second):
            assert series(res, 'tomcat_session_manager_info', context='/app', manager=manager) == 1
            assert series(res, 'tomcat_cluster_members', cluster='Catalina') == 1
            assert series(res, 'tomcat_cluster_state_transfers_failed_total', context='/app') == 0
        assert series(first, 'tomcat_sessions_created_total', context='/app') == 1
        # Tomcat 9.0 counts only the sessions this manager created (and those of a full state transfer); 10.1 and
        # 11.0 compute sessionCounter as activeSessions + expiredSessions, the replicated session included
        assert series(second, 'tomcat_sessions_created_total', context='/app') == (0 if version.startswith('9.') else 1)
        assert series(first, 'tomcat_cluster_messages_sent_total', context='/app', event='session_created') == 1
        assert series(second, 'tomcat_cluster_messages_received_total', context='/app', event='session_created') == 1

        # a change of the session on a-was1 is sent as a delta and received by a-was2
        sent = series(first, 'tomcat_cluster_messages_sent_total', context='/app', event='session_delta')
        assert get(nodes[0], '/app/session.jsp', cookie=cookie).status == 200
        wait_for(lambda: series(status(nodes[1], capsys), 'tomcat_cluster_messages_received_total', context='/app',
                                event='session_delta') >= sent + 1, 'a delta received by a-was2')
        assert series(status(nodes[0], capsys), 'tomcat_cluster_messages_sent_total', context='/app',
                      event='session_delta') >= sent + 1

        # a-was1 gone: a-was2 sees no member any more
        nodes[0].stop()
        wait_for(lambda: status(nodes[1], capsys)['cluster_members'] == 0, 'a-was2 sees 0 members', 60)
    finally:
        for node in nodes:
            node.stop()
