# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tomcat itself confirms what the XML modules write.

ansible-playbook (connection local) applies tomcat_server, tomcat_connector, tomcat_engine,
tomcat_cluster, tomcat_distributable and tomcat_valve to two copies of the fixture's stock
conf/server.xml and ROOT web.xml. The changes are an AJP connector with a secret on loopback,
the jvmRoute, a static-membership cluster, a shutdown port on the first instance and a disabled
one (-1) on the second, no HTTP connector, a distributable ROOT and an ErrorReportValve without
report and server info. A --check run first must report the 7 changes and write nothing; a second real run
must report 0 changed and leave the files byte-identical. Then two real Tomcat 9 instances
start from those files (fixture ``tomcat_instance``). Both must answer CPing on their AJP
connector and log that the other member joined. A session created through AJP on one instance
must be seen, replicated, on the other.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import re
import sys
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _ajp as ajp
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import free_port
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.playbook import ansible_playbook, run_playbook
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_jsp import SESSION_JSP

pytestmark = pytest.mark.tomcat

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SECRET = 'XmlIntegrationSecret0123456789AB'
SHUTDOWN = 'XmlIntegrationShutdown42'

PLAYBOOK = """---
- name: Tomcat XML modules on two instances
  hosts: localhost
  gather_facts: false
  vars:
    uid: ["{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}", "{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2}"]
  tasks:
    - name: Shutdown port and command
      webtier.tomcat_cluster.tomcat_server:
        path: "{{ item.dir }}/server.xml"
        port: "{{ item.shutdown_port }}"
        shutdown: "{{ shutdown_command }}"
        address: 127.0.0.1
      loop: "{{ instances }}"
    - name: No plain HTTP connector
      webtier.tomcat_cluster.tomcat_connector:
        path: "{{ item.dir }}/server.xml"
        port: 8080
        state: absent
      loop: "{{ instances }}"
    - name: AJP connector with a secret on loopback
      webtier.tomcat_cluster.tomcat_connector:
        path: "{{ item.dir }}/server.xml"
        port: "{{ item.ajp_port }}"
        protocol: AJP/1.3
        address: 127.0.0.1
        secret: "{{ ajp_secret }}"
        redirect_port: 8443
        attributes:
          maxParameterCount: "1000"
          tomcatAuthentication: false
      loop: "{{ instances }}"
    - name: JvmRoute
      webtier.tomcat_cluster.tomcat_engine:
        path: "{{ item.dir }}/server.xml"
        jvm_route: "{{ item.route }}"
      loop: "{{ instances }}"
    - name: Static-membership cluster
      webtier.tomcat_cluster.tomcat_cluster:
        path: "{{ item.dir }}/server.xml"
        channel_send_options: 6
        membership:
          type: static
          members: "{{ members }}"
        receiver:
          address: 127.0.0.1
          port: "{{ item.cluster_port }}"
      loop: "{{ instances }}"
    - name: Distributable ROOT
      webtier.tomcat_cluster.tomcat_distributable:
        path: "{{ item.dir }}/WEB-INF/web.xml"
      loop: "{{ instances }}"
    - name: Error pages without report and server version
      webtier.tomcat_cluster.tomcat_valve:
        path: "{{ item.dir }}/server.xml"
        class_name: org.apache.catalina.valves.ErrorReportValve
        attributes:
          showReport: false
          showServerInfo: false
      loop: "{{ instances }}"
"""


def _run_playbook(tmp_path, label, check=False):
    proc = run_playbook(tmp_path, '-i', 'localhost,', '-c', 'local', '--diff', '-e', '@%s' % (tmp_path / 'vars.json'),
                        '-e', 'ansible_python_interpreter=%s' % sys.executable, tmp_path / 'site.yml',
                        *(['--check'] if check else []), cwd=tmp_path,
                        ANSIBLE_STDOUT_CALLBACK='ansible.posix.json', ANSIBLE_CALLBACK_RESULT_FORMAT='json')
    out = proc.stdout
    (tmp_path / ('%s.json' % label)).write_text(out)
    assert proc.returncode == 0, out[-4000:] + proc.stderr[-2000:]
    return out, json.loads(out[out.index('{'):])


def _wait_for(pred, timeout, what, logs):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.2)
    raise AssertionError('%s not seen within %ss\n%s' % (what, timeout, logs()))


def test_modules_make_a_working_two_node_cluster(tomcat_instance, tmp_path):
    if not ansible_playbook():
        pytest.skip('ansible-playbook not found')
    home = os.path.join(os.environ.get('WEBTIER_FIXTURES') or os.path.join(ROOT, '.cache', 'fixtures'), 'apache-tomcat-9.0.70')
    with open(os.path.join(home, 'conf', 'server.xml'), 'rb') as f:
        stock = f.read()
    with open(os.path.join(home, 'webapps', 'ROOT', 'WEB-INF', 'web.xml'), 'rb') as f:
        stock_web = f.read()

    instances = []
    for name, idx in (('a-was', 1), ('b-was', 2)):
        d = tmp_path / name
        (d / 'WEB-INF').mkdir(parents=True)
        (d / 'server.xml').write_bytes(stock)
        (d / 'WEB-INF' / 'web.xml').write_bytes(stock_web)
        instances.append({'name': name, 'dir': str(d), 'route': '%s%d' % (name, 1), 'ajp_port': free_port(),
                          'cluster_port': free_port(), 'shutdown_port': free_port() if idx == 1 else -1, 'uid': idx})
    members = [{'host': '127.0.0.1', 'port': i['cluster_port'],
                'unique_id': '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,%d}' % i['uid']} for i in instances]
    variables = {'instances': instances, 'members': members, 'ajp_secret': SECRET, 'shutdown_command': SHUTDOWN}
    (tmp_path / 'vars.json').write_text(json.dumps(variables))
    (tmp_path / 'site.yml').write_text(PLAYBOOK)

    out, checked = _run_playbook(tmp_path, 'check', check=True)
    assert checked['stats']['localhost']['changed'] == 7, checked['stats']
    assert SECRET not in out and SHUTDOWN not in out
    for i in instances:
        assert (tmp_path / i['name'] / 'server.xml').read_bytes() == stock
        assert (tmp_path / i['name'] / 'WEB-INF' / 'web.xml').read_bytes() == stock_web
        assert sorted(os.listdir(str(tmp_path / i['name']))) == ['WEB-INF', 'server.xml']

    out, first = _run_playbook(tmp_path, 'first')
    stats = first['stats']['localhost']
    assert stats['changed'] == 7 and stats['failures'] == 0, stats
    assert SECRET not in out and SHUTDOWN not in out
    assert '(hidden, changed)' in out
    applied = {i['name']: ((tmp_path / i['name'] / 'server.xml').read_bytes(),
                           (tmp_path / i['name'] / 'WEB-INF' / 'web.xml').read_bytes()) for i in instances}

    out, second = _run_playbook(tmp_path, 'second')
    assert second['stats']['localhost']['changed'] == 0, second['stats']
    for i in instances:
        assert (tmp_path / i['name'] / 'server.xml').read_bytes() == applied[i['name']][0]
        assert (tmp_path / i['name'] / 'WEB-INF' / 'web.xml').read_bytes() == applied[i['name']][1]

    # the stock comments are all still there
    text = applied['a-was'][0].decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!--\n  Licensed to the Apache Software Foundation')
    assert text.count('<!--') == stock.decode().count('<!--')

    nodes = []
    for i in instances:
        server_xml, web_xml = applied[i['name']]
        nodes.append(tomcat_instance(server_xml.decode(), name='xml-%s' % i['name'], start=False,
                                     ports={'ajp_port': i['ajp_port'], 'cluster_port': i['cluster_port']},
                                     files={'webapps/ROOT/WEB-INF/web.xml': web_xml, 'webapps/ROOT/session.jsp': SESSION_JSP}))
    try:
        for node in nodes:
            node.start(cping=['ajp_port'], timeout=90)
        for node in nodes:
            res = ajp.ping('127.0.0.1', node.ports['ajp_port'], timeout=3, count=3)
            assert res['healthy'] is True, res

        def logs():
            return '\n'.join('== %s ==\n%s' % (n.name, n.log()[-3000:]) for n in nodes)

        for node, other in ((nodes[0], instances[1]), (nodes[1], instances[0])):
            pattern = re.compile(r'(Replication member added|memberAdded).*%d' % other['cluster_port'])
            _wait_for(lambda n=node, p=pattern: p.search(n.log()), 60, '%s: member %s added' % (node.name, other['name']), logs)
        for node in nodes:
            # <distributable/> made the ROOT context use the cluster's DeltaManager
            assert 'Register manager [localhost#] to cluster element [Engine]' in node.log(), logs()

        # a session created on a-was1 is replicated to b-was1 (DeltaManager, synchronous sends)
        r1 = ajp.forward_request('127.0.0.1', nodes[0].ports['ajp_port'], uri='/session.jsp', secret=SECRET, timeout=20)
        assert r1.status == 200 and b'count=1' in r1.body, (r1.status, r1.body)
        assert r1.jvm_route() == 'a-was1'
        cookie = r1.cookies['JSESSIONID']
        r2 = ajp.forward_request('127.0.0.1', nodes[1].ports['ajp_port'], uri='/session.jsp', secret=SECRET, timeout=20,
                                 headers={'Cookie': 'JSESSIONID=%s' % cookie})
        assert r2.status == 200 and b'count=2' in r2.body, (r2.status, r2.body, logs())
        # JvmRouteBinderValve moved the session to the new node's route
        assert r2.jvm_route() in (None, 'b-was1')
        # without the secret the AJP connector refuses the request
        r3 = ajp.forward_request('127.0.0.1', nodes[0].ports['ajp_port'], uri='/session.jsp', timeout=20)
        assert r3.status == 403
        # the ErrorReportValve (tomcat_valve) took over: no report, no server version on error pages
        for node in nodes:
            r4 = ajp.forward_request('127.0.0.1', node.ports['ajp_port'], uri='/no-such-page', secret=SECRET, timeout=20)
            assert r4.status == 404 and b'HTTP Status 404' in r4.body, (r4.status, r4.body)
            assert b'Apache Tomcat' not in r4.body and b'Description' not in r4.body, r4.body
    finally:
        for node in nodes:
            node.stop()
