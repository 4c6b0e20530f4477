# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The webapp_health module against a real Tomcat 9.0.70 on loopback (fixture tomcat_instance).

What Tomcat showed (and the module relies on): a started context answers ``GET /<path>`` with 302
``Location: /<path>/`` (the mapper's context root redirect); a context whose web.xml is malformed is not in the
mapper, so ``/<path>`` falls through to ROOT: 404; a servlet whose load-on-startup class does not exist leaves the
context started (302) and its URL answers 404; a ROOT whose web.xml is malformed leaves 404 for every path; the
SEVERE line of a failed load-on-startup is written to localhost.<date>.log only, the others to catalina.<date>.log.
"""

from __future__ import annotations

import threading
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _ajp as ajp
from ansible_collections.webtier.tomcat_cluster.plugins.modules import webapp_health
from ansible_collections.webtier.tomcat_cluster.tests.integration.conftest import (
    AJP_JVM_ROUTE,
    AJP_SECRET,
    AJP_SERVER_XML,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module as run

pytestmark = pytest.mark.tomcat

# the AJP test instance's server.xml with only its secret-protected connector
SECRET = AJP_SECRET
ROUTE = AJP_JVM_ROUTE
SERVER_XML = '\n'.join(line for line in AJP_SERVER_XML.splitlines()
                       if '<Connector' not in line or ('${ajp_port}' in line and 'secret=' in line))

WEB_XML = ('<?xml version="1.0" encoding="UTF-8"?>\n<web-app xmlns="http://xmlns.jcp.org/xml/ns/javaee" '
           'version="4.0">%s</web-app>\n')
# a servlet whose class does not exist, loaded on startup and mapped to /health; its name carries the secret and
# a requiredSecret= value, so the SEVERE line Tomcat writes about it holds both
MISSING_SERVLET = ('<servlet><servlet-name>x-%s requiredSecret=hunter2</servlet-name>'
                   '<servlet-class>com.example.DoesNotExist</servlet-class><load-on-startup>1</load-on-startup>'
                   '</servlet><servlet-mapping><servlet-name>x-%s requiredSecret=hunter2</servlet-name>'
                   '<url-pattern>/health</url-pattern></servlet-mapping>' % (SECRET, SECRET))
SESSION_JSP = '<%@ page contentType="text/plain" %>ok session=<%= session.getId() %>\n'
STATUS_JSP = '<%@ page session="false" %><% response.setStatus(Integer.parseInt(request.getParameter("s"))); %>'

FILES = {
    'webapps/good/WEB-INF/web.xml': WEB_XML % '',
    'webapps/good/index.jsp': SESSION_JSP,
    'webapps/los/WEB-INF/web.xml': WEB_XML % MISSING_SERVLET,
    'webapps/los/index.jsp': 'context root works\n',
    'webapps/bad/WEB-INF/web.xml': '<web-app><not-closed',
    'webapps/bad/index.jsp': 'never served\n',
    'webapps/api#v2/status.jsp': STATUS_JSP,
    'webapps/ver##3/index.html': 'version 3\n',
}


@pytest.fixture(scope='module')
def tc(tomcat_instance):
    inst = tomcat_instance(SERVER_XML, files=FILES, cping=['ajp_port'], name='webapp_health')
    time.sleep(1.0)   # JULI's AsyncFileHandler writes the start's lines a little later
    yield inst
    inst.stop()


def gate(tc, capsys, webapps, **kw):
    args = dict(host='127.0.0.1', port=tc.ports['ajp_port'], secret=SECRET, deadline=3, interval=0.5, timeout=5,
                webapps=webapps, log_dir=tc.base + '/logs')
    args.update(kw)
    res = run(webapp_health, args, capsys)
    assert SECRET not in res['_raw'] and 'Traceback' not in res['_raw']
    return res


def by_name(res):
    return dict((w['name'], w) for w in res['webapps'])


def test_tomcat_mapper_behaviour(tc):
    """The facts the design stands on, asked of Tomcat itself."""
    def get(uri):
        r = ajp.forward_request('127.0.0.1', tc.ports['ajp_port'], uri=uri, secret=SECRET, timeout=5)
        return r.status, r.headers.get('location')
    assert get('/good') == (302, '/good/')
    assert get('/los') == (302, '/los/')          # load-on-startup failed: the context started all the same
    assert get('/los/health')[0] == 404           # ... and the servlet is permanently unavailable
    assert get('/bad') == (404, None)             # failed to start: not in the mapper, falls through to ROOT
    assert get('/a/b')[0] == 404
    assert get('/api/v2') == (302, '/api/v2/')
    assert get('/ver') == (302, '/ver/')
    logs = tc.logs()
    catalina = [text for name, text in logs.items() if name.startswith('catalina.2')][0]
    localhost = [text for name, text in logs.items() if name.startswith('localhost.2')][0]
    assert 'Context [/bad] startup failed due to previous errors' in catalina
    assert 'threw load() exception' in localhost and 'threw load() exception' not in catalina


def test_healthy_webapps(tc, capsys):
    res = gate(tc, capsys, [{'name': 'ROOT'}, {'name': 'good'}, {'name': 'ver##3'},
                            {'name': 'api#v2', 'uri': '/api/v2/status.jsp?s=204', 'statuses': [204]}], route=ROUTE)
    assert res['_rc'] == 0, res['msg']
    assert res['severe'] is None and res['changed'] is False
    w = by_name(res)
    assert (w['good']['context_path'], w['good']['uri'], w['good']['status'], w['good']['started']) == \
        ('/good', '/good/', 200, True)
    assert w['ROOT']['context_path'] == '' and w['ROOT']['started'] is True
    assert w['ver##3']['context_path'] == '/ver'
    assert w['api#v2']['status'] == 204
    assert res['elapsed'] < 3


def test_custom_statuses_not_met(tc, capsys):
    res = gate(tc, capsys, [{'name': 'api#v2', 'uri': '/api/v2/status.jsp?s=503'},
                            {'name': 'good', 'statuses': [204]}], deadline=1, interval=0.3)
    assert res['_rc'] == 1
    w = by_name(res)
    assert w['api#v2']['problem'] == 'GET /api/v2/status.jsp?s=503 answered 503 (healthy: below 500, not 404)'
    assert w['api#v2']['started'] is True
    assert w['good']['problem'] == 'GET /good/ answered 200 (healthy: 204)'


def test_route_must_match_the_session_cookie(tc, capsys):
    res = gate(tc, capsys, [{'name': 'good'}, {'name': 'ver##3'}], route='other-was2', deadline=0.5)
    w = by_name(res)
    assert w['good']['problem'] == 'GET /good/ answered from jvmRoute %s, not other-was2' % ROUTE
    assert w['ver##3']['healthy'] is True     # a static page sets no session cookie: no route to hold it to


def test_load_on_startup_failure(tc, capsys):
    res = gate(tc, capsys, [{'name': 'los', 'uri': '/los/health'}, {'name': 'good'}], deadline=1.5)
    assert res['_rc'] == 1
    los = by_name(res)['los']
    assert (los['started'], los['healthy'], los['status']) == (True, False, 404)
    assert los['problem'] == 'GET /los/health answered 404 (healthy: below 500, not 404)'
    # the SEVERE line of the localhost log, with the secret and the requiredSecret value redacted
    assert 'SEVERE' in res['severe'] and 'in web application [/los] threw load() exception' in res['severe']
    assert 'x-******** requiredSecret=********' in res['severe'] and 'hunter2' not in res['_raw']
    assert res['msg'].startswith('1 of 2 webapp(s) on 127.0.0.1:%d failed the health gate within 1.5 s: '
                                 'webapp los on 127.0.0.1:%d: GET /los/health answered 404 (healthy: below 500, not '
                                 '404); first SEVERE: ' % (tc.ports['ajp_port'], tc.ports['ajp_port']))
    assert los['severe'] == res['severe']


def test_context_that_failed_to_start(tc, capsys):
    start = time.monotonic()
    res = gate(tc, capsys, [{'name': 'bad'}, {'name': 'ROOT'}], deadline=2, interval=0.5)
    took = time.monotonic() - start
    assert res['_rc'] == 1
    bad = by_name(res)['bad']
    assert (bad['started'], bad['healthy'], bad['status']) == (False, False, 404)
    assert bad['problem'] == ('GET /bad/ answered 404 (healthy: below 500, not 404); context /bad not started '
                              '(GET /bad answered 404, not the redirect to /bad/)')
    assert 'Parse error in application web.xml file at [file:' in bad['severe'] and '/webapps/bad/WEB-INF/web.xml' in bad['severe']
    assert '; first SEVERE: ' in res['msg']
    # Tomcat answers, so the context will not start any more: the gate fails at once, not at the deadline
    assert took < 2 and res['elapsed'] < 1


def test_a_warming_up_status_is_polled_until_the_deadline(tc, capsys):
    start = time.monotonic()
    res = gate(tc, capsys, [{'name': 'api#v2', 'uri': '/api/v2/status.jsp?s=503'}], deadline=2, interval=0.5)
    took = time.monotonic() - start
    assert res['_rc'] == 1 and by_name(res)['api#v2']['status'] == 503
    # the deadline is honoured: polled until it passed, not much longer
    assert 2 <= took < 4 and 2 <= res['elapsed'] < 3


def test_wrong_secret_fails_every_webapp(tc, capsys):
    res = gate(tc, capsys, [{'name': 'ROOT'}, {'name': 'good'}], secret='WrongSecret0123456789abcdef', deadline=0.5,
               log_dir=None)
    assert res['_rc'] == 1 and res['severe'] is None
    w = by_name(res)
    assert 'answered 403' in w['ROOT']['problem'] and 'secret is missing or wrong' in w['ROOT']['problem']
    assert w['good']['started'] is False and 'GET /good answered 403' in w['good']['problem']


def test_broken_root_and_not_yet_started(tomcat_instance, capsys):
    """A ROOT whose web.xml is malformed fails the gate; before Tomcat listens, refused means "not yet"."""
    inst = tomcat_instance(SERVER_XML, name='webapp_health_root', start=False,
                           files={'webapps/ROOT/WEB-INF/web.xml': '<web-app><oops', 'webapps/ok/index.jsp': 'ok\n'})
    starter = threading.Timer(1.0, inst.start)
    starter.start()
    try:
        res = run(webapp_health, dict(host='127.0.0.1', port=inst.ports['ajp_port'], secret=SECRET, deadline=60,
                                      interval=0.5, webapps=[{'name': 'ok'}]), capsys)
        assert res['_rc'] == 0, res['msg']
        assert res['elapsed'] >= 1.0
        starter.join()
        time.sleep(1.0)
        res = run(webapp_health, dict(host='127.0.0.1', port=inst.ports['ajp_port'], secret=SECRET, deadline=1,
                                      interval=0.5, webapps=[{'name': 'ROOT'}], log_dir=inst.base + '/logs'), capsys)
        assert res['_rc'] == 1
        root = res['webapps'][0]
        assert (root['started'], root['status']) == (False, 404)
        assert 'ROOT not started or no such page' in root['problem']
        assert 'webapps/ROOT/WEB-INF/web.xml' in root['severe']
    finally:
        starter.join()
        inst.stop()
