# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of the webapp_health module: its argument handling (bad input fails with a clear message, never a
traceback or the secret), check mode and its results, against scripted AJP answers and a refused port.
(Real Tomcat: tests/integration/test_webapp_health_tomcat.py.)"""

from __future__ import annotations

import socket
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _webapp_health as wh
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._ajp import AjpResponse
from ansible_collections.webtier.tomcat_cluster.plugins.modules import webapp_health
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module as run
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import warning_messages

SECRET = 'Zx9UnitTestSecretValue42'


def answer(status, location=None):
    resp = AjpResponse()
    resp.status = status
    resp.reason = str(status)
    if location:
        resp.header_list.append(('Location', location))
    resp.elapsed = 0.001
    return resp


@pytest.fixture
def tomcat(monkeypatch):
    """Scripted answers by URI instead of the network; ``sent`` lists what was asked, with the secret."""
    script = {}
    sent = []

    def request(host, port, method, uri, secret, timeout, max_content):
        sent.append((host, port, method, uri, secret, timeout))
        return script[uri]
    monkeypatch.setattr(wh, 'forward_request', request)
    return script, sent


def closed_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_all_healthy(tomcat, capsys):
    script, sent = tomcat
    script.update({'/': answer(200), '/shop': answer(302, '/shop/'), '/shop/': answer(200),
                   '/api/v2': answer(302, '/api/v2/'), '/api/v2/health?deep=1': answer(204)})
    res = run(webapp_health, {'host': '10.0.0.5', 'secret': SECRET, 'webapps': [
        {'name': 'ROOT'}, {'name': 'shop'}, {'name': 'api#v2', 'uri': '/api/v2/health?deep=1', 'statuses': [200, 204]}]},
        capsys)
    assert res['_rc'] == 0, res
    assert res['changed'] is False and res['severe'] is None
    assert [(w['name'], w['context_path'], w['uri'], w['status'], w['started'], w['healthy'], w['problem'])
            for w in res['webapps']] == [
        ('ROOT', '', '/', 200, True, True, None),
        ('shop', '/shop', '/shop/', 200, True, True, None),
        ('api#v2', '/api/v2', '/api/v2/health?deep=1', 204, True, True, None)]
    assert isinstance(res['elapsed'], float)
    assert all(s[:3] == ('10.0.0.5', 8009, 'GET') and s[4] == SECRET and s[5] == 10 for s in sent)
    assert SECRET not in res['_raw']


def test_failure_message(tomcat, capsys, tmp_path):
    script, dummy = tomcat
    script.update({'/': answer(200), '/app': answer(404), '/app/': answer(404)})
    (tmp_path / 'catalina.2026-12-07.log').write_text(
        '07-Dec-2026 06:50:00.000 INFO [main] org.apache.catalina.core.StandardService.startInternal Starting service '
        '[Catalina]\n07-Dec-2026 06:50:12.345 SEVERE [main] org.apache.catalina.core.StandardContext.startInternal '
        'Context [/app] startup failed requiredSecret="%s"\n' % SECRET)
    res = run(webapp_health, {'host': '10.0.0.5', 'secret': SECRET, 'deadline': 0.2, 'interval': 0.05,
                              'log_dir': str(tmp_path), 'webapps': [{'name': 'ROOT'}, {'name': 'app'}]}, capsys)
    assert res['_rc'] == 1 and res['changed'] is False
    assert res['msg'] == (
        '1 of 2 webapp(s) on 10.0.0.5:8009 failed the health gate within 0.2 s: webapp app on 10.0.0.5:8009: '
        'GET /app/ answered 404 (healthy: below 500, not 404); context /app not started (GET /app answered 404, not '
        'the redirect to /app/); first SEVERE: 07-Dec-2026 06:50:12.345 SEVERE [main] '
        'org.apache.catalina.core.StandardContext.startInternal Context [/app] startup failed requiredSecret=********')
    assert res['severe'].endswith('requiredSecret=********')
    assert res['webapps'][0]['healthy'] is True and res['webapps'][1]['started'] is False
    assert SECRET not in res['_raw'] and 'Traceback' not in res['_raw']


def test_refused_until_the_deadline(capsys):
    start = time.monotonic()
    res = run(webapp_health, {'host': '127.0.0.1', 'port': closed_port(), 'deadline': 0.6, 'interval': 0.1,
                              'timeout': 0.5, 'webapps': [{'name': 'app'}]}, capsys)
    took = time.monotonic() - start
    assert res['_rc'] == 1
    assert 'GET /app/: no answer (refused' in res['webapps'][0]['problem']
    assert res['webapps'][0]['status'] is None and res['webapps'][0]['started'] is False
    assert 0.5 <= took < 3 and 0.55 <= res['elapsed'] <= 1.5


def test_unreadable_log_dir_warns(tomcat, capsys, tmp_path):
    script, dummy = tomcat
    script.update({'/': answer(404)})
    res = run(webapp_health, {'host': '127.0.0.1', 'deadline': 0.05, 'log_dir': str(tmp_path / 'none'),
                              'webapps': [{'name': 'ROOT'}]}, capsys)
    assert res['_rc'] == 1 and res['severe'] is None
    assert any('cannot read the logs' in w for w in warning_messages(res))


def test_check_mode_runs_the_gate(tomcat, capsys):
    script, sent = tomcat
    script.update({'/': answer(200)})
    res = run(webapp_health, {'host': '127.0.0.1', 'webapps': [{'name': 'ROOT'}], '_ansible_check_mode': True},
              capsys)
    assert res['_rc'] == 0 and res['changed'] is False and len(sent) == 1


@pytest.mark.parametrize('args, words', [
    ({'host': '127.0.0.1 ', 'webapps': [{'name': 'ROOT'}]}, "host '127.0.0.1 '"),
    ({'host': 'h', 'port': 70000, 'webapps': [{'name': 'ROOT'}]}, 'port must be between 1 and 65535'),
    ({'host': 'h', 'timeout': -1, 'webapps': [{'name': 'ROOT'}]}, 'timeout must be greater than 0'),
    ({'host': 'h', 'deadline': 1e9, 'webapps': [{'name': 'ROOT'}]}, 'deadline must be greater than 0 and at most 3600'),
    ({'host': 'h', 'interval': 'nan', 'webapps': [{'name': 'ROOT'}]}, 'interval must be a finite number'),
    ({'host': 'h', 'route': 'a b', 'webapps': [{'name': 'ROOT'}]}, 'route'),
    ({'host': 'h', 'secret': SECRET + '\r\n', 'webapps': [{'name': 'ROOT'}]}, 'secret contains a control character'),
    ({'host': 'h', 'webapps': []}, 'webapps is empty'),
    ({'host': 'h', 'webapps': [{'name': 'app##'}]}, 'the version after "##" is empty'),
    ({'host': 'h', 'webapps': [{'name': 'app', 'uri': 'health'}]}, 'uri must start with "/"'),
    ({'host': 'h', 'webapps': [{'name': 'app', 'statuses': [42]}]}, 'statuses must be between 100 and 999'),
    ({'host': 'h', 'webapps': [{'name': 'a'}, {'name': 'a.war'}]}, 'the same context /a'),
    ({'host': 'h', 'log_dir': 'relative/logs', 'webapps': [{'name': 'a'}]}, 'log_dir must be an absolute path'),
])
def test_bad_arguments_fail_cleanly(tomcat, capsys, args, words):
    dummy, sent = tomcat
    args.setdefault('secret', SECRET)
    res = run(webapp_health, args, capsys)
    assert res['_rc'] == 1, res
    assert res['msg'].startswith('webapp_health: ') and words in res['msg'], res['msg']
    assert res['webapps'] == [] and res['changed'] is False
    assert sent == [] and 'Traceback' not in res['_raw'] and SECRET not in res['_raw']


@pytest.mark.parametrize('args, words', [
    ({'webapps': [{'name': 'ROOT'}]}, 'host'),
    ({'host': 'h'}, 'webapps'),
    ({'host': 'h', 'webapps': [{'uri': '/'}]}, 'name'),
    ({'host': 'h', 'webapps': [{'name': 'a', 'statuses': ['ok']}]}, 'statuses'),
    ({'host': 'h', 'webapps': [{'name': 'a', 'bogus': 1}]}, 'bogus'),
    ({'host': 'h', 'webapps': 'ROOT'}, 'dictionary requested'),
])
def test_argument_spec_refuses(tomcat, capsys, args, words):
    res = run(webapp_health, args, capsys)
    assert res['_rc'] == 1 and words in res['msg']
