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
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.modules import jkstatus_info, jkstatus_member
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers import ajp_fake
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


# -- recover_others: a member mod_jk still marks ERR, broken for real (the healthy Tomcat: tests/integration) ---------
#
# The list bodies are the captured list-1.2.50.xml with a-was2 edited: its state set to a text of tomcat-connectors'
# jk_lb_worker.h (no capture shows an error state) and its host/port pointed at a peer on loopback.

AJP_SECRET = 'RecoverSecret0987'


def member_at(body, member, state, host, port):
    """The captured body with ``member``'s state, host, port and address edited (derived, see above)."""
    out = body
    for attr, value in (('state', state), ('host', host), ('port', str(port)), ('address', '%s:%s' % (host, port))):
        pattern = re.compile(rb'(name="' + member.encode() + rb'"[^>]*?\s' + attr.encode() + rb'=")[^"]*(")', re.S)
        out, n = pattern.subn(rb'\g<1>' + value.encode() + rb'\g<2>', out, count=1)
        assert n == 1
    return out


def preflight_args(url, **kw):
    args = {'url': url, 'balancer': 'a-loadbalancer', 'member': 'a-was1', 'activation': 'stopped',
            'require_others_ok': True, 'recover_others': True, 'secret': AJP_SECRET, 'recover_timeout': 2,
            'timeout': 5, '_ansible_check_mode': True}
    args.update(kw)
    return args


def test_recover_others_closed_port_is_refused_without_a_recover(worker, capsys):
    xml = 'text/xml;charset=UTF-8'
    port = free_port()
    srv = worker(list=[(member_at(fixture('list-1.2.50.xml'), 'a-was2', 'ERR', '127.0.0.1', port), xml)],
                 recover=[(fixture('update-ok-1.2.48.xml'), xml)])
    r = run(jkstatus_member, preflight_args(srv.url), capsys)
    assert r['_rc'] == 1 and r['failed'] is True and r['error'] == 'others_not_ok' and r['changed'] is False, r
    assert ('a-loadbalancer/a-was2 is ACT and ERR on this web host; CPong to 127.0.0.1:%d failed: connection refused'
            % port) in r['msg'] and r['msg'].endswith(': not recovered')
    assert [c['cmd'] for c in srv.calls] == ['list']
    assert AJP_SECRET not in r['_raw'] and 'Traceback' not in r['_raw']


def test_recover_others_cpong_but_no_answer_to_the_get_is_refused(worker, capsys):
    xml = 'text/xml;charset=UTF-8'
    with ajp_fake.servers() as start:
        peer = start(ajp_fake.cpong)   # the connector answers CPings, the engine never answers a request
        srv = worker(list=[(member_at(fixture('list-1.2.50.xml'), 'a-was2', 'ERR/REC', '127.0.0.1', peer.port), xml)])
        r, error, elapsed = within(2 + SLACK, run, jkstatus_member, preflight_args(srv.url), capsys)
    assert error is None, error
    assert r['error'] == 'others_not_ok' and r['changed'] is False, r
    assert 'a-loadbalancer/a-was2 is ACT and ERR/REC on this web host; AJP GET /webtier-recover-check to 127.0.0.1:%d failed:' % peer.port in r['msg']
    assert 'timed out' in r['msg'] and [c['cmd'] for c in srv.calls] == ['list']
    assert AJP_SECRET not in r['_raw'] and 'Traceback' not in r['_raw']


def test_recover_others_refuses_a_dis_member_before_any_check(worker, capsys):
    xml = 'text/xml;charset=UTF-8'
    srv = worker(list=[(fixture('list-1.2.48-a-was1-disabled.xml'), xml)])
    r = run(jkstatus_member, preflight_args(srv.url, member='a-was2'), capsys)
    assert r['error'] == 'others_not_ok' and 'a-loadbalancer/a-was1 is not ACT and OK' in r['msg'], r
    assert [c['cmd'] for c in srv.calls] == ['list']


def test_recover_others_nothing_to_recover_returns_an_empty_list(worker, capsys):
    xml = 'text/xml;charset=UTF-8'
    srv = worker(list=[(fixture('list-1.2.50.xml'), xml)])
    r = run(jkstatus_member, preflight_args(srv.url), capsys)
    assert r['_rc'] == 0 and r['recovered'] == [] and r['changed'] is True and 'would set STP' in r['msg'], r


@pytest.mark.parametrize('args, text', [
    ({'require_others_ok': False}, 'set require_others_ok: true with it'),
    ({'recover_timeout': 0}, 'recover_timeout must be greater than 0'),
    ({'recover_timeout': 1000}, 'at most 300 seconds'),
])
def test_recover_others_bad_arguments_fail_before_any_request(args, text, capsys):
    r = run(jkstatus_member, preflight_args(closed_port_url(), **args), capsys)
    assert r['failed'] is True and r['error'] == 'invalid' and text in r['msg'], r
    assert AJP_SECRET not in r['_raw']
