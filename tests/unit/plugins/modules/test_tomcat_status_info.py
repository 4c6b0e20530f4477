# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of the tomcat_status_info module: its results, check mode, and clear failures (never a traceback or
the secret) for bad options, a refused port, a wrong secret, a hostile page and another instance's route, against
scripted AJP answers. (Real Tomcat: tests/integration/test_tomcat_status_tomcat.py.)"""

from __future__ import annotations

import socket

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _tomcat_status as ts
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._ajp import AjpResponse
from ansible_collections.webtier.tomcat_cluster.plugins.modules import tomcat_status_info
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module as run

SECRET = 'Zx9UnitTestSecretValue42'

PAGE = b'''# TYPE tomcat_up gauge
tomcat_up 1
tomcat_info{jvm_route="a-was1",server_info="Apache Tomcat/10.1.60 (Debian)"} 1
tomcat_sessions_active{context="/"} 2
tomcat_sessions_active{context="/shop"} 5
tomcat_sessions_route_active{context="/",route="a-was1"} 1
tomcat_sessions_route_active{context="/shop",route="a-was1"} 3
tomcat_cluster_members{cluster="Catalina"} 1
tomcat_jvm_heap_max_bytes NaN
tomcat_status_errors_total 0
'''


def answer(status, body=b''):
    resp = AjpResponse()
    resp.status = status
    resp.reason = str(status)
    resp.body = body
    resp.elapsed = 0.001
    return resp


@pytest.fixture
def tomcat(monkeypatch):
    """The answer to give (``script[0]``) instead of the network; ``sent`` lists the requests."""
    script = [answer(200, PAGE)]
    sent = []

    def request(host, port, **kw):
        sent.append(dict(kw, host=host, port=port))
        return script[0]
    monkeypatch.setattr(ts, 'forward_request', request)
    return script, sent


def module(args, capsys):
    res = run(tomcat_status_info, args, capsys)
    assert SECRET not in res['_raw'] and 'Traceback' not in res['_raw']
    return res


def test_results(tomcat, capsys):
    script, sent = tomcat
    res = module({'host': '10.0.0.5', 'port': 8019, 'secret': SECRET, 'route': 'a-was1'}, capsys)
    assert res['_rc'] == 0 and res['changed'] is False and res['error'] is None
    assert res['jvm_route'] == 'a-was1' and res['server_info'] == 'Apache Tomcat/10.1.60 (Debian)'
    assert res['sessions'] == {'/': {'active': 2, 'route_active': 1}, '/shop': {'active': 5, 'route_active': 3}}
    assert res['route_sessions'] == 4 and res['cluster_members'] == 1 and res['status_errors'] == 0
    assert res['status'] == 200 and res['url'] == 'ajp://10.0.0.5:8019/webtier-status/status.jsp'
    assert {'name': 'tomcat_jvm_heap_max_bytes', 'labels': {}, 'value': 'NaN'} in res['metrics']
    assert res['msg'] == 'a-was1: 4 session(s) of this route in 2 context(s), 1 other cluster member(s)'
    assert sent[0]['remote_addr'] == '127.0.0.1' and sent[0]['secret'] == SECRET and sent[0]['port'] == 8019


def test_check_mode_reads_too(tomcat, capsys):
    script, sent = tomcat
    res = module({'host': '10.0.0.5', 'secret': SECRET, '_ansible_check_mode': True}, capsys)
    assert res['_rc'] == 0 and res['route_sessions'] == 4 and len(sent) == 1


def test_route_mismatch_fails_clearly(tomcat, capsys):
    res = module({'host': '10.0.0.5', 'secret': SECRET, 'route': 'a-was2'}, capsys)
    assert res['_rc'] == 1 and res['error'] == 'route_mismatch'
    assert "jvmRoute 'a-was1', not 'a-was2'" in res['msg'] and res['jvm_route'] == 'a-was1'


@pytest.mark.parametrize('body,kind,why', [
    (b'<html><body>It works</body></html>', 'not_exposition', 'line 1'),
    (b'tomcat_up 1\ntomcat_info{jvm_route="a-was1"} 1\ntomcat_x{a="\\q"} 1\n', 'not_exposition', 'line 3'),
    (b'\xff\xfe\x00', 'not_exposition', 'not UTF-8'),
    (b'tomcat_up 1\n', 'incomplete', 'tomcat_info'),
])
def test_hostile_pages_fail_clearly(tomcat, capsys, body, kind, why):
    script, dummy = tomcat
    script[0] = answer(200, body)
    res = module({'host': '10.0.0.5', 'secret': SECRET}, capsys)
    assert res['_rc'] == 1 and res['error'] == kind and why in res['msg'], res['msg']
    assert res['msg'].startswith('tomcat_status_info: GET ajp://10.0.0.5:8009/webtier-status/status.jsp')


def test_forbidden(tomcat, capsys):
    script, dummy = tomcat
    script[0] = answer(403, b'<html>403</html>')
    res = module({'host': '10.0.0.5', 'secret': 'NotTheSecret0123456789'}, capsys)
    assert res['_rc'] == 1 and res['error'] == 'forbidden' and res['status'] == 403
    assert 'secret is missing or wrong' in res['msg']


@pytest.mark.parametrize('args,why', [
    ({'host': 'a b'}, 'host'),
    ({'host': 'h', 'uri': 'x'}, 'uri'),
    ({'host': 'h', 'route': 'a.b'}, 'route'),
    ({'host': 'h', 'timeout': -1}, 'timeout'),
    ({'host': 'h', 'port': 70000}, 'port'),
])
def test_bad_options(tomcat, capsys, args, why):
    script, sent = tomcat
    res = module(dict(args, secret=SECRET), capsys)
    assert res['_rc'] == 1 and res['error'] == 'invalid' and why in res['msg'] and not sent


def test_refused_port(capsys):
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    res = module({'host': '127.0.0.1', 'port': port, 'secret': SECRET, 'timeout': 2}, capsys)
    assert res['_rc'] == 1 and res['error'] == 'refused' and res['status'] == -1
    assert res['url'] == 'ajp://127.0.0.1:%d/webtier-status/status.jsp' % port
