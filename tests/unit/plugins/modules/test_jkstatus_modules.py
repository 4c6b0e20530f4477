# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The jkstatus_info and jkstatus_member module entry points: argument handling and clean failures.

Argument handling, a refused connection on loopback, and real hostile or half-broken status workers on
loopback (a trickling or endless answer, an HTML page after an applied update); the modules against real
httpd + mod_jk: molecule/default/tests/test_jkstatus.py."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.modules import jkstatus_info, jkstatus_member
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import (
    SLACK,
    HostileServer,
    HttpServerThread,
    QuietHandler,
    closing_all,
    endless_body,
    free_port,
    trickle,
    within,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module as run


def closed_port_url():
    return 'http://127.0.0.1:%d/jkstatus' % free_port()


def test_info_unreachable_fails_cleanly(capsys):
    r = run(jkstatus_info, {'url': closed_port_url(), 'timeout': 2}, capsys)
    assert r['_rc'] == 1 and r['failed'] is True
    assert r['error'] == 'unreachable' and 'connection refused' in r['msg']
    assert 'Traceback' not in r['_raw']


def test_member_needs_a_selector(capsys):
    r = run(jkstatus_member, {'activation': 'disabled', 'url': closed_port_url()}, capsys)
    assert r['failed'] is True and 'one of the following is required: member, route, was_host' in r['msg']


def test_member_activation_choices(capsys):
    r = run(jkstatus_member, {'activation': 'paused', 'route': 'a-was1'}, capsys)
    assert r['failed'] is True and 'activation' in r['msg'] and 'active, disabled, stopped' in r['msg']


@pytest.mark.parametrize('args, text', [
    ({'url': 'http://ops:Hidden4567@127.0.0.1:8099/jkstatus'}, 'must not contain credentials'),
    ({'timeout': 600}, 'at most 60'),
    ({'drain': True, 'activation': 'active'}, 'only makes sense'),
    ({'drain_timeout': -5}, 'drain_timeout'),
])
def test_member_bad_arguments_fail_before_any_request(args, text, capsys):
    base = {'activation': 'disabled', 'route': 'a-was1', 'url': closed_port_url()}
    base.update(args)
    r = run(jkstatus_member, base, capsys)
    assert r['failed'] is True and r['error'] == 'invalid' and text in r['msg'], r
    assert 'Hidden4567' not in r['_raw']


def test_member_password_is_not_logged(capsys):
    r = run(jkstatus_member, {'activation': 'stopped', 'route': 'a-was1', 'url': closed_port_url(),
                              'url_username': 'ops', 'url_password': 'Secret98765', 'timeout': 2}, capsys)
    assert r['failed'] is True and r['error'] == 'unreachable'
    assert 'Secret98765' not in r['_raw']


def test_info_credentials_in_url_are_refused_and_masked(capsys):
    r = run(jkstatus_info, {'url': 'http://ops:Hidden4567@127.0.0.1:8099/jkstatus'}, capsys)
    assert r['failed'] is True and r['error'] == 'invalid' and 'must not contain credentials' in r['msg']
    assert 'Hidden4567' not in r['_raw']


# -- hostile and half-broken status workers (real servers on loopback) -----------------------------------

FIXTURES = os.path.join(os.path.dirname(__file__), '..', 'module_utils', 'fixtures', 'jkstatus')


def fixture(name):
    with open(os.path.join(FIXTURES, name), 'rb') as f:
        return f.read()


def http_answer(body, ctype='text/xml;charset=UTF-8'):
    return (b'HTTP/1.1 200 OK\r\nContent-Type: ' + ctype.encode() + b'\r\nContent-Length: '
            + str(len(body)).encode() + b'\r\nConnection: close\r\n\r\n' + body)


class ScriptedStatusWorker(HttpServerThread):
    """An HTTP server thread answering each cmd= with the next (body, content type) of its script."""

    def __init__(self, **script):
        self.script = {cmd: list(answers) for cmd, answers in script.items()}
        self.calls = []
        outer = self

        class Handler(QuietHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                outer.calls.append(query)
                queue = outer.script[query['cmd']]
                body, ctype = queue.pop(0) if len(queue) > 1 else queue[0]
                self.answer(200, body, [('Content-Type', ctype)])

        super(ScriptedStatusWorker, self).__init__(Handler)
        self.url = 'http://127.0.0.1:%d/jkstatus' % self.port


@pytest.fixture
def worker():
    with closing_all(ScriptedStatusWorker) as start:
        yield start


def test_member_update_then_html_readback_reports_changed(worker, capsys):
    xml = 'text/xml;charset=UTF-8'
    srv = worker(list=[(fixture('list-1.2.50.xml'), xml), (fixture('tomcat-404.html'), 'text/html;charset=utf-8')],
                 update=[(fixture('update-ok-1.2.48.xml'), xml)])
    r = run(jkstatus_member, {'url': srv.url, 'balancer': 'a-loadbalancer', 'member': 'a-was1',
                              'activation': 'disabled', 'timeout': 5}, capsys)
    assert r['_rc'] == 1 and r['failed'] is True and r['changed'] is True, r
    assert r['error'] == 'not_status_worker' and 'HTML page' in r['msg']
    assert 'already applied the update: set DIS on a-loadbalancer/a-was1 (was ACT)' in r['msg']
    assert [c['cmd'] for c in srv.calls] == ['list', 'update', 'list']
    assert srv.calls[1]['vwa'] == 'd' and 'Traceback' not in r['_raw']


def test_member_failure_before_the_update_is_not_changed(worker, capsys):
    xml = 'text/xml;charset=UTF-8'
    srv = worker(list=[(fixture('list-1.2.50.xml'), xml)], update=[(fixture('update-read-only-1.2.50.xml'), xml)])
    r = run(jkstatus_member, {'url': srv.url, 'route': 'a-was1', 'activation': 'stopped', 'timeout': 5}, capsys)
    assert r['_rc'] == 1 and r['error'] == 'read_only' and r['changed'] is False


@pytest.mark.parametrize('module, extra', [
    (jkstatus_info, {}),
    (jkstatus_member, {'activation': 'disabled', 'route': 'a-was1'}),
])
def test_trickling_status_worker_deadline(module, extra, capsys):
    with HostileServer(trickle(http_answer(fixture('list-1.2.50.xml')))) as srv:
        args = dict(extra, url='http://127.0.0.1:%d/jkstatus' % srv.port, timeout=2)
        r, error, elapsed = within(2 + SLACK, run, module, args, capsys)
    assert error is None, error
    assert r['_rc'] == 1 and r['error'] == 'timeout' and 'within 2 s' in r['msg'], r
    assert r['changed'] is False and elapsed < 2 + SLACK and srv.sent >= 2
    assert 'Traceback' not in r['_raw']


def test_info_endless_body_is_refused(capsys):
    with HostileServer(endless_body(b'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n')) as srv:
        r, error, elapsed = within(10 + SLACK, run, jkstatus_info,
                                   {'url': 'http://127.0.0.1:%d/jkstatus' % srv.port, 'timeout': 10}, capsys)
    assert error is None, error
    assert r['_rc'] == 1 and r['error'] == 'not_status_worker' and 'larger than' in r['msg']
