# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of module_utils._jkstatus: the parser against bodies captured from real mod_jk 1.2.48 and 1.2.50
(fixtures/jkstatus/README.md says how each was captured), error classification, member selection and the
set/drain logic driven by a scripted sequence of those captured bodies. The same paths against a live
httpd + mod_jk: molecule/default/tests/test_jkstatus.py."""

from __future__ import annotations

import io
import os
import re
import socket
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _jkstatus as jk
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers import ajp_fake
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tls_pki import Pki
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import (
    SLACK,
    HostileServer,
    canned,
    endless_body,
    free_port,
    trickle,
    within,
)

FIXTURES = os.path.join(os.path.dirname(__file__), 'fixtures', 'jkstatus')
URL = 'http://127.0.0.1:8099/jkstatus'


def fixture(name: str) -> bytes:
    with open(os.path.join(FIXTURES, name), 'rb') as f:
        return f.read()


class Response:
    def __init__(self, body: bytes, ctype='text/xml'):
        self._body = io.BytesIO(body)
        self.headers = {'Content-Type': ctype}

    def read(self, n=-1):
        return self._body.read(n)

    def close(self):
        pass


class Script:
    """An opener that answers each request with the next captured body for its cmd and records the queries."""

    def __init__(self, **bodies):
        self.bodies = {k: list(v) for k, v in bodies.items()}
        self.calls = []
        self.kwargs = []

    def __call__(self, url, **kwargs):
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        self.calls.append(query)
        self.kwargs.append(kwargs)
        queue = self.bodies[query['cmd']]
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return Response(item)


def client(opener, **kw):
    return jk.JkStatusClient(URL, opener=opener, **kw)


def with_activation(body: bytes, member: str, activation: str) -> bytes:
    """A captured list body with one member's activation replaced (derived, for multi-step scripts)."""
    pattern = re.compile(rb'(name="' + member.encode() + rb'".*?activation=")[A-Z]+(")', re.S)
    out, n = pattern.subn(rb'\g<1>' + activation.encode() + rb'\g<2>', body, count=1)
    assert n == 1
    return out


# -- parser -----------------------------------------------------------------------------------------

@pytest.mark.parametrize('name, version', [
    ('list-1.2.48-a-was1-disabled.xml', 'mod_jk/1.2.48'),
    ('list-1.2.50.xml', 'mod_jk/1.2.50'),
])
def test_parse_list_both_versions(name, version):
    st = jk.parse_status(fixture(name))
    assert st['jk_version'] == version
    assert st['web_server'].startswith('Apache/2.4')
    assert st['result'] == {'type': 'OK', 'message': 'Action finished'}
    assert [b['name'] for b in st['balancers']] == ['a-loadbalancer', 'b-loadbalancer']
    a = st['balancers'][0]
    assert a['member_count'] == 2 and a['sticky_session'] == 'True' and a['method'] == 'Request'
    m = a['members'][0]
    assert m['name'] == 'a-was1' and m['route'] == 'a-was1' and m['balancer'] == 'a-loadbalancer'
    assert m['port'] == 8009 and isinstance(m['busy'], int) and isinstance(m['sessions'], int)
    assert m['address'] == '%s:8009' % m['host']
    assert m['state'] in ('OK', 'OK/IDLE')
    assert [x['port'] for x in st['balancers'][1]['members']] == [8019, 8019]


def test_parse_disabled_member():
    st = jk.parse_status(fixture('list-1.2.48-a-was1-disabled.xml'))
    acts = {m['name']: m['activation'] for b in st['balancers'] for m in b['members']}
    assert acts == {'a-was1': 'DIS', 'a-was2': 'ACT', 'b-was1': 'ACT', 'b-was2': 'ACT'}


def test_parse_shared_member_keeps_balancers_apart():
    st = jk.parse_status(fixture('list-1.2.50-busy-shared-member.xml'))
    names = [(m['balancer'], m['name'], m['busy']) for b in st['balancers'] for m in b['members']]
    assert ('dup-lb', 'a-was1', 1) in names and ('a-loadbalancer', 'a-was1', 1) in names
    assert ('dup-lb', 'b-was1', 0) in names and ('b-loadbalancer', 'b-was1', 0) in names
    bal = {b['name']: b['busy'] for b in st['balancers']}
    assert bal == {'dup-lb': 0, 'a-loadbalancer': 1, 'b-loadbalancer': 0}


def test_prop_format_cannot_tell_shared_members_apart():
    """Why XML: in mime=prop a member's keys carry only its own name."""
    prop = fixture('list-1.2.48.prop').decode()
    assert 'worker.a-was1.busy=' in prop and 'worker.a-loadbalancer.a-was1' not in prop
    with pytest.raises(jk.JkStatusError) as e:
        jk.parse_status(prop.encode(), 'text/plain')
    assert e.value.kind == 'not_status_worker'


def test_parse_show_single_balancer():
    st = jk.parse_status(fixture('show-a-loadbalancer-1.2.50.xml'))
    assert [b['name'] for b in st['balancers']] == ['a-loadbalancer']
    assert [m['name'] for m in st['balancers'][0]['members']] == ['a-was1', 'a-was2']


def test_parse_update_ok():
    assert jk.parse_status(fixture('update-ok-1.2.48.xml'))['result']['type'] == 'OK'


@pytest.mark.parametrize('name, kind, text', [
    ('update-unknown-member-1.2.50.xml', 'unknown_member', 'could not find sub worker'),
    ('update-unknown-balancer-1.2.50.xml', 'unknown_balancer', 'Could not find given worker'),
    ('update-read-only-1.2.50.xml', 'read_only', 'not allowed in read only mode'),
])
def test_parse_error_results(name, kind, text):
    with pytest.raises(jk.JkStatusError) as e:
        jk.parse_status(fixture(name), url=URL)
    assert e.value.kind == kind
    assert text in e.value.msg and URL in e.value.msg


def test_html_page_is_not_the_status_worker():
    with pytest.raises(jk.JkStatusError) as e:
        jk.parse_status(fixture('tomcat-404.html'), 'text/html;charset=utf-8', URL)
    assert e.value.kind == 'not_status_worker'
    assert 'HTTP Status 404' in e.value.msg and 'text/html' in e.value.msg


@pytest.mark.parametrize('body', [b'', b'instance=a-was\nnode=a-was1\n', b'<html><body>login</body></html>',
                                  b'<?xml version="1.0"?><other/>'])
def test_other_bodies_are_not_the_status_worker(body):
    with pytest.raises(jk.JkStatusError) as e:
        jk.parse_status(body)
    assert e.value.kind == 'not_status_worker'


def test_truncated_answer_without_result():
    body = fixture('list-1.2.50.xml')
    cut = body[:body.index(b'<jk:result')] + b'</jk:status>\n'
    with pytest.raises(jk.JkStatusError) as e:
        jk.parse_status(cut)
    assert e.value.kind == 'not_status_worker' and 'no result' in e.value.msg


def test_namespace_settings():
    """worker.<status>.ns=- (no prefix) and xmlns=- (prefix kept, not declared); derived from a captured body."""
    body = fixture('list-1.2.50.xml')
    no_prefix = body.replace(b'jk:', b'').replace(b'xmlns:jk="http://tomcat.apache.org"', b'')
    undeclared = body.replace(b'xmlns:jk="http://tomcat.apache.org"', b'')
    for variant in (no_prefix, undeclared):
        st = jk.parse_status(variant)
        assert [m['name'] for m in st['balancers'][0]['members']] == ['a-was1', 'a-was2']


# -- connection parameters and transport errors -----------------------------------------------------

def params(**kw):
    p = dict(url=URL, url_username=None, url_password=None, timeout=10.0, validate_certs=True)
    p.update(kw)
    return p


@pytest.mark.parametrize('kw, text', [
    (dict(url='ftp://x/jkstatus'), 'http:// or https://'),
    (dict(url='jkstatus'), 'http:// or https://'),
    (dict(url='http://127.0.0.1:99999/jkstatus'), 'not a valid URL'),
    (dict(url='http://ops:Secret123@127.0.0.1:8099/jkstatus'), 'must not contain credentials'),
    (dict(url=URL + '?cmd=list'), 'query string'),
    (dict(timeout=0.0), 'timeout'),
    (dict(timeout=61.0), 'at most 60'),
    (dict(url_password='Secret123'), 'url_password needs url_username'),
])
def test_bad_connection_params(kw, text):
    with pytest.raises(jk.JkStatusError) as e:
        jk.check_connection_params(params(**kw))
    assert e.value.kind == 'invalid' and text in e.value.msg
    assert 'Secret123' not in e.value.msg


def test_request_parameters_and_auth():
    s = Script(list=[fixture('list-1.2.50.xml')])
    c = jk.JkStatusClient.from_params(params(url_username='ops', url_password='pw', timeout=3.0,
                                             validate_certs=False), opener=s)
    c.status()
    assert s.calls == [{'cmd': 'list', 'mime': 'xml'}]
    kw = s.kwargs[0]
    assert kw['url_username'] == 'ops' and kw['url_password'] == 'pw' and kw['force_basic_auth'] is True
    assert kw['timeout'] == 3.0 and kw['validate_certs'] is False and kw['follow_redirects'] == 'none'


def raising(exc):
    def opener(url, **kwargs):
        raise exc
    return opener


def http_error(code, body=b'', ctype='text/html'):
    return HTTPError(URL, code, 'reason', {'Content-Type': ctype}, io.BytesIO(body))


@pytest.mark.parametrize('exc, kind, text', [
    (URLError(ConnectionRefusedError(111, 'Connection refused')), 'unreachable', 'connection refused'),
    (URLError(socket.gaierror(-2, 'Name or service not known')), 'unreachable', 'does not resolve'),
    (URLError(socket.timeout('timed out')), 'timeout', 'within 10 s'),
    (socket.timeout('timed out'), 'timeout', 'within 10 s'),
    (ConnectionResetError(104, 'reset'), 'unreachable', 'reset'),
    (http_error(401), 'auth', 'needs url_username'),
    (http_error(403), 'forbidden', '403'),
    (http_error(404, fixture('tomcat-404.html')), 'not_status_worker', 'HTTP Status 404'),
    (http_error(302), 'not_status_worker', 'redirect'),
    (http_error(500), 'http_error', '500'),
    (type('SSLValidationError', (Exception,), {})('certificate verify failed'), 'tls', 'certificate'),
])
def test_transport_errors_are_classified(exc, kind, text):
    with pytest.raises(jk.JkStatusError) as e:
        client(raising(exc)).status()
    assert e.value.kind == kind, e.value.msg
    assert text in e.value.msg and URL in e.value.msg


def test_unreachable_port_for_real():
    c = jk.JkStatusClient.from_params(params(url='http://127.0.0.1:%d/jkstatus' % free_port(), timeout=2.0))
    with pytest.raises(jk.JkStatusError) as e:
        c.status()
    assert e.value.kind == 'unreachable' and 'connection refused' in e.value.msg


def test_oversized_body_is_refused(monkeypatch):
    monkeypatch.setattr(jk, 'MAX_BODY', 1000)
    with pytest.raises(jk.JkStatusError) as e:
        client(Script(list=[fixture('list-1.2.50.xml')])).status()
    assert e.value.kind == 'not_status_worker' and 'larger than 1000' in e.value.msg


def test_read_only_update_says_so():
    s = Script(update=[fixture('update-read-only-1.2.50.xml')])
    with pytest.raises(jk.JkStatusError) as e:
        client(s).set_activation('a-loadbalancer', 'a-was1', 'DIS')
    assert e.value.kind == 'read_only'
    assert 'read-only' in e.value.msg and 'refuses to change' in e.value.msg
    assert s.calls == [{'cmd': 'update', 'mime': 'xml', 'w': 'a-loadbalancer', 'sw': 'a-was1', 'vwa': 'd'}]


# -- selection --------------------------------------------------------------------------------------

def status(name='list-1.2.50.xml'):
    return jk.parse_status(fixture(name))


def keys(members):
    return [(m['balancer'], m['name']) for m in members]


def test_select_by_balancer_and_member():
    assert keys(jk.select_members(status(), 'a-loadbalancer', 'a-was2')) == [('a-loadbalancer', 'a-was2')]


def test_select_by_route_across_balancers():
    assert keys(jk.select_members(status(), route='b-was1')) == [('b-loadbalancer', 'b-was1')]


def test_select_shared_member_name_needs_balancer():
    st = status('list-1.2.50-busy-shared-member.xml')
    assert keys(jk.select_members(st, member='a-was1')) == [('dup-lb', 'a-was1'), ('a-loadbalancer', 'a-was1')]
    assert keys(jk.select_members(st, 'dup-lb', 'a-was1')) == [('dup-lb', 'a-was1')]


def test_select_by_was_host_address_and_name():
    st = status()
    host = st['balancers'][0]['members'][0]['host']
    assert keys(jk.select_members(st, was_host=host)) == [('a-loadbalancer', 'a-was1'), ('b-loadbalancer', 'b-was1')]
    assert keys(jk.select_members(st, 'b-loadbalancer', was_host=host)) == [('b-loadbalancer', 'b-was1')]

    def resolver(name, port):
        assert name == 'was-01.example'
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, '', (host, 0))]
    assert keys(jk.select_members(st, route='a-was1', was_host='was-01.example', resolver=resolver)) == [
        ('a-loadbalancer', 'a-was1')]


def test_select_route_and_was_host_must_both_match():
    st = status()
    other = st['balancers'][0]['members'][1]['host']
    with pytest.raises(jk.JkStatusError) as e:
        jk.select_members(st, route='a-was1', was_host=other, resolver=lambda h, p: [])
    assert e.value.kind == 'unknown_member'


def test_unknown_balancer_lists_the_known_ones():
    with pytest.raises(jk.JkStatusError) as e:
        jk.select_members(status(), 'c-loadbalancer', 'a-was1')
    assert e.value.kind == 'unknown_balancer'
    assert 'a-loadbalancer, b-loadbalancer' in e.value.msg


def test_unknown_member_lists_the_members():
    with pytest.raises(jk.JkStatusError) as e:
        jk.select_members(status(), 'a-loadbalancer', 'a-was9')
    assert e.value.kind == 'unknown_member'
    assert 'member=a-was9' in e.value.msg and 'a-loadbalancer/a-was1 (route a-was1' in e.value.msg


@pytest.mark.parametrize('kw', [dict(), dict(balancer='a-loadbalancer'), dict(member='a-*'), dict(member='a-was?')])
def test_selection_needs_plain_criteria(kw):
    with pytest.raises(jk.JkStatusError) as e:
        jk.select_members(status(), **kw)
    assert e.value.kind == 'invalid'


# -- set_activation and drain -----------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_set_disabled_sends_one_update_and_reads_back():
    act = fixture('list-1.2.50.xml')
    s = Script(list=[act, with_activation(act, 'a-was1', 'DIS')], update=[fixture('update-ok-1.2.48.xml')])
    r = jk.set_activation(client(s), 'disabled', balancer='a-loadbalancer', member='a-was1')
    assert r['changed'] is True and r['activation'] == 'DIS'
    assert [c['cmd'] for c in s.calls] == ['list', 'update', 'list']
    assert s.calls[1] == {'cmd': 'update', 'mime': 'xml', 'w': 'a-loadbalancer', 'sw': 'a-was1', 'vwa': 'd'}
    (row,) = r['members']
    assert row['before']['activation'] == 'ACT' and row['after']['activation'] == 'DIS'
    assert row['route'] == 'a-was1' and row['port'] == 8009 and row['changed'] is True
    assert r['diff'] == {'before': 'a-loadbalancer/a-was1: ACT\n', 'after': 'a-loadbalancer/a-was1: DIS\n'}
    assert r['drained'] is None and 'set DIS' in r['msg']


def test_already_in_place_sends_nothing():
    s = Script(list=[fixture('list-1.2.48-a-was1-disabled.xml')])
    r = jk.set_activation(client(s), 'disabled', route='a-was1')
    assert r['changed'] is False and [c['cmd'] for c in s.calls] == ['list']
    assert r['msg'].startswith('already DIS')


def test_check_mode_predicts_and_sends_no_update():
    s = Script(list=[fixture('list-1.2.50.xml')])
    r = jk.set_activation(client(s), 'stopped', was_host=status()['balancers'][0]['members'][0]['host'],
                          check_mode=True, drain=True)
    assert r['changed'] is True and [c['cmd'] for c in s.calls] == ['list']
    assert [m['after']['activation'] for m in r['members']] == ['STP', 'STP']
    assert r['drained'] is None and r['msg'].startswith('would set STP')


def test_update_not_taking_effect_fails():
    act = fixture('list-1.2.50.xml')
    s = Script(list=[act], update=[fixture('update-ok-1.2.48.xml')])
    with pytest.raises(jk.JkStatusError) as e:
        jk.set_activation(client(s), 'stopped', balancer='a-loadbalancer', member='a-was1')
    assert e.value.kind == 'update_failed' and 'still ACT' in e.value.msg


def test_drain_waits_for_busy_zero():
    busy = with_activation(fixture('list-1.2.50-busy-shared-member.xml'), 'a-was1', 'DIS')
    # the shared-member capture lists dup-lb first; replace a-loadbalancer's a-was1 too
    busy = re.sub(rb'(name="a-loadbalancer".*?name="a-was1".*?activation=")ACT', rb'\1DIS', busy, flags=re.S)
    idle = busy.replace(b'busy="1"', b'busy="0"')
    before = fixture('list-1.2.50-busy-shared-member.xml')
    s = Script(list=[before, busy, busy, busy, idle], update=[fixture('update-ok-1.2.48.xml')])
    clock = Clock()
    r = jk.set_activation(client(s), 'disabled', balancer='a-loadbalancer', member='a-was1', drain=True,
                          drain_timeout=30, drain_interval=2, clock=clock, sleep=clock.sleep)
    assert r['drained'] is True and r['drain_seconds'] == 4.0
    assert r['members'][0]['before']['busy'] == 1 and r['members'][0]['after']['busy'] == 0
    assert 'drained (busy 0) after 4.0 s' in r['msg']


def test_drain_timeout_fails_or_warns():
    base = fixture('list-1.2.50-busy-shared-member.xml')
    stopped = re.sub(rb'(name="a-loadbalancer".*?name="a-was1".*?activation=")ACT', rb'\1STP', base, flags=re.S)
    for fail in (True, False):
        s = Script(list=[base, stopped], update=[fixture('update-ok-1.2.48.xml')])
        clock = Clock()
        kw = dict(balancer='a-loadbalancer', member='a-was1', drain=True, drain_timeout=5, drain_interval=2,
                  fail_on_drain_timeout=fail, clock=clock, sleep=clock.sleep)
        if fail:
            with pytest.raises(jk.JkStatusError) as e:
                jk.set_activation(client(s), 'stopped', **kw)
            assert e.value.kind == 'drain_timeout'
            assert 'a-loadbalancer/a-was1 busy=1' in e.value.msg
            assert e.value.details['result']['changed'] is True
        else:
            r = jk.set_activation(client(s), 'stopped', **kw)
            assert r['drained'] is False and r['drain_seconds'] == 5.0
            assert r['warnings'] == ['not drained after 5 s: a-loadbalancer/a-was1 busy=1']


def _a_was1(xml, **attrs):
    """The capture with a-loadbalancer's a-was1 given other attribute values."""
    for name, value in attrs.items():
        xml = re.sub(rb'(name="a-loadbalancer".*?name="a-was1".*?' + name.encode() + rb'=")[^"]*', rb'\g<1>' + value.encode(),
                     xml, count=1, flags=re.S)
    return xml


def test_disable_first_sets_dis_waits_then_stp_and_drains():
    base = fixture('list-1.2.50.xml')
    disabled = _a_was1(base, activation='DIS')
    busy_dis = _a_was1(disabled, busy='2')
    stopped = _a_was1(base, activation='STP')
    s = Script(list=[base, busy_dis, disabled, stopped, stopped],
               update=[fixture('update-ok-1.2.48.xml'), fixture('update-ok-1.2.48.xml')])
    clock = Clock()
    r = jk.set_activation(client(s), 'stopped', balancer='a-loadbalancer', member='a-was1', drain=True,
                          disable_first=10, drain_timeout=30, drain_interval=2, clock=clock, sleep=clock.sleep)
    updates = [c for c in s.calls if c['cmd'] == 'update']
    assert [u['vwa'] for u in updates] == ['d', 's']
    assert r['changed'] is True and r['disabled_seconds'] == 2.0 and r['drained'] is True
    assert 'DIS for 2.0 s first' in r['msg']


def test_disable_first_grace_running_out_goes_on_or_fails_changed():
    base = fixture('list-1.2.50.xml')
    busy_dis = _a_was1(_a_was1(base, activation='DIS'), busy='3')
    stopped = _a_was1(base, activation='STP')
    s = Script(list=[base, busy_dis, busy_dis, stopped, stopped],
               update=[fixture('update-ok-1.2.48.xml'), fixture('update-ok-1.2.48.xml')])
    clock = Clock()
    kw = dict(balancer='a-loadbalancer', member='a-was1', drain=True, disable_first=2, drain_timeout=30,
              drain_interval=2, clock=clock, sleep=clock.sleep)
    r = jk.set_activation(client(s), 'stopped', fail_on_drain_timeout=False, **kw)
    assert r['disabled_seconds'] == 2.0 and r['members'][0]['after']['activation'] == 'STP'
    s = Script(list=[base, busy_dis, busy_dis], update=[fixture('update-ok-1.2.48.xml')])
    clock = Clock()
    kw.update(clock=clock, sleep=clock.sleep)
    with pytest.raises(jk.JkStatusError) as e:
        jk.set_activation(client(s), 'stopped', fail_on_drain_timeout=True, **kw)
    assert e.value.kind == 'drain_timeout' and 'not drained with DIS' in e.value.msg
    assert e.value.details['result']['changed'] is True


def test_wait_ok_waits_for_the_state_ok_after_act():
    base = fixture('list-1.2.50.xml')
    stopped = _a_was1(base, activation='STP')
    probing = _a_was1(base, state='ERR/REC')
    s = Script(list=[stopped, probing, probing, base], update=[fixture('update-ok-1.2.48.xml')])
    clock = Clock()
    r = jk.set_activation(client(s), 'active', balancer='a-loadbalancer', member='a-was1', wait_ok=True,
                          drain_timeout=30, drain_interval=2, clock=clock, sleep=clock.sleep)
    assert r['changed'] is True and r['members'][0]['after']['state'] in jk.OK_STATES
    assert r['drain_seconds'] == 2.0


def test_wait_ok_timeout_fails_changed_naming_the_state():
    base = fixture('list-1.2.50.xml')
    s = Script(list=[_a_was1(base, activation='STP'), _a_was1(base, state='ERR')],
               update=[fixture('update-ok-1.2.48.xml')])
    clock = Clock()
    with pytest.raises(jk.JkStatusError) as e:
        jk.set_activation(client(s), 'active', balancer='a-loadbalancer', member='a-was1', wait_ok=True,
                          drain_timeout=5, drain_interval=2, clock=clock, sleep=clock.sleep)
    assert e.value.kind == 'not_ok' and 'a-loadbalancer/a-was1 is ERR' in e.value.msg
    assert e.value.details['result']['changed'] is True


@pytest.mark.parametrize('kw, text', [
    (dict(activation='active', drain=True), 'only makes sense'),
    (dict(activation='stopped', wait_ok=True), 'only makes sense'),
    (dict(activation='disabled', drain=True, disable_first=5), 'disable_first'),
    (dict(activation='stopped', disable_first=5), 'disable_first'),
    (dict(activation='disabled', drain_timeout=-1), 'drain_timeout'),
    (dict(activation='disabled', drain_interval=0), 'drain_interval'),
    (dict(activation='paused'), 'activation must be one of'),
])
def test_set_activation_argument_errors(kw, text):
    s = Script(list=[fixture('list-1.2.50.xml')])
    with pytest.raises(jk.JkStatusError) as e:
        jk.set_activation(client(s), member='a-was1', **kw)
    assert e.value.kind == 'invalid' and text in e.value.msg
    assert s.calls == []


def test_member_disappearing_during_drain():
    s = Script(list=[fixture('list-1.2.50-busy-shared-member.xml'), fixture('list-1.2.50.xml')],
               update=[fixture('update-ok-1.2.48.xml')])
    with pytest.raises(jk.JkStatusError) as e:
        jk.set_activation(client(s), 'disabled', balancer='dup-lb', member='a-was1')
    assert e.value.kind == 'unknown_member' and 'dup-lb/a-was1' in e.value.msg


def test_info_filters_balancer():
    s = Script(list=[fixture('list-1.2.48-a-was1-disabled.xml')])
    r = jk.info(client(s), 'b-loadbalancer')
    assert r['jk_version'] == 'mod_jk/1.2.48' and r['url'] == URL
    assert [b['name'] for b in r['balancers']] == ['b-loadbalancer']
    assert [m['name'] for m in r['members']] == ['b-was1', 'b-was2']


def test_require_others_ok_refuses_and_changes_nothing():
    s = Script(list=[fixture('list-1.2.48-a-was1-disabled.xml')])
    with pytest.raises(jk.JkStatusError) as e:
        jk.set_activation(client(s), 'stopped', route='a-was2', require_others_ok=True, check_mode=True)
    assert e.value.kind == 'others_not_ok'
    assert 'a-loadbalancer/a-was1 is not ACT and OK' in e.value.msg and '(route a-was1' in e.value.msg
    assert [c['cmd'] for c in s.calls] == ['list']
    # the other balancer is fine; putting the disabled member back is never refused
    r = jk.set_activation(client(Script(list=[fixture('list-1.2.48-a-was1-disabled.xml')])), 'disabled',
                          route='b-was2', require_others_ok=True, check_mode=True)
    assert r['changed'] is True
    s = Script(list=[fixture('list-1.2.48-a-was1-disabled.xml')], update=[fixture('update-ok-1.2.48.xml')])
    with pytest.raises(jk.JkStatusError):  # (the scripted read-back still says DIS)
        jk.set_activation(client(s), 'active', route='a-was1', require_others_ok=True)
    assert [c['cmd'] for c in s.calls] == ['list', 'update', 'list']


def test_require_others_ok_needs_another_member():
    st = jk.parse_status(fixture('list-1.2.50.xml'))
    with pytest.raises(jk.JkStatusError) as e:
        jk.check_others(st, [('a-loadbalancer', 'a-was1'), ('a-loadbalancer', 'a-was2')])
    assert e.value.kind == 'others_not_ok' and 'a-loadbalancer has no other member' in e.value.msg
    jk.check_others(st, [('a-loadbalancer', 'a-was1'), ('b-loadbalancer', 'b-was1')])  # both keep a member


def test_url_secrets():
    assert jk.url_secrets('http://ops:Pw1@127.0.0.1:8099/jkstatus') == ['Pw1']
    assert jk.url_secrets(URL) == [] and jk.url_secrets(None) == [] and jk.url_secrets('http://[x') == []


# -- a failure after an applied update reports changed ---------------------------------------------------

def test_readback_html_after_update_is_changed_and_says_what_was_applied():
    s = Script(list=[fixture('list-1.2.50.xml'), fixture('tomcat-404.html')], update=[fixture('update-ok-1.2.48.xml')])
    with pytest.raises(jk.JkStatusError) as e:
        jk.set_activation(client(s), 'disabled', balancer='a-loadbalancer', member='a-was1')
    assert e.value.kind == 'not_status_worker'
    assert e.value.details['result']['changed'] is True and e.value.details['result']['activation'] == 'DIS'
    assert 'already applied the update: set DIS on a-loadbalancer/a-was1 (was ACT)' in e.value.msg
    assert [c['cmd'] for c in s.calls] == ['list', 'update', 'list']


def test_second_update_refused_after_the_first_applied_is_changed():
    act = fixture('list-1.2.50.xml')
    host = jk.parse_status(act)['balancers'][0]['members'][0]['host']
    s = Script(list=[act], update=[fixture('update-ok-1.2.48.xml'), fixture('update-read-only-1.2.50.xml')])
    with pytest.raises(jk.JkStatusError) as e:
        jk.set_activation(client(s), 'stopped', was_host=host)
    assert e.value.kind == 'read_only'
    assert e.value.details['result']['changed'] is True
    assert 'set STP on a-loadbalancer/a-was1 (was ACT), so that member is STP now' in e.value.msg


def test_failure_before_any_update_is_not_changed():
    s = Script(list=[fixture('list-1.2.50.xml')], update=[fixture('update-read-only-1.2.50.xml')])
    with pytest.raises(jk.JkStatusError) as e:
        jk.set_activation(client(s), 'disabled', balancer='a-loadbalancer', member='a-was1')
    assert e.value.kind == 'read_only' and 'changed' not in (e.value.details.get('result') or {})
    assert 'already applied' not in e.value.msg


def test_update_not_taking_effect_is_not_changed():
    s = Script(list=[fixture('list-1.2.50.xml')], update=[fixture('update-ok-1.2.48.xml')])
    with pytest.raises(jk.JkStatusError) as e:
        jk.set_activation(client(s), 'stopped', balancer='a-loadbalancer', member='a-was1')
    assert e.value.kind == 'update_failed' and e.value.details['result']['changed'] is False


def test_drain_readback_failure_after_update_is_changed():
    act = fixture('list-1.2.50.xml')
    dis = with_activation(act, 'a-was1', 'DIS')
    s = Script(list=[act, dis, socket.timeout('timed out')], update=[fixture('update-ok-1.2.48.xml')])
    clock = Clock()
    with pytest.raises(jk.JkStatusError) as e:
        jk.set_activation(client(s), 'disabled', balancer='a-loadbalancer', member='a-was1', drain=True,
                          drain_timeout=30, drain_interval=1, clock=clock, sleep=clock.sleep)
    assert e.value.kind == 'timeout' and e.value.details['result']['changed'] is True


# -- the default opener against real servers on loopback ---------------------------------------------------

def http_answer(body, status='200 OK', ctype='text/xml;charset=UTF-8', extra=b''):
    return (b'HTTP/1.1 ' + status.encode() + b'\r\nContent-Type: ' + ctype.encode() + b'\r\nContent-Length: '
            + str(len(body)).encode() + b'\r\n' + extra + b'Connection: close\r\n\r\n' + body)


def real_client(port, scheme='http', **kw):
    p = params(url='%s://127.0.0.1:%d/jkstatus' % (scheme, port), **kw)
    return jk.JkStatusClient.from_params(p)


def test_default_opener_reads_a_real_answer_with_basic_auth():
    with HostileServer(canned(http_answer(fixture('list-1.2.50.xml')))) as srv:
        st = real_client(srv.port, url_username='ops', url_password='pw', timeout=5.0).status()
    assert st['jk_version'] == 'mod_jk/1.2.50'
    head = srv.requests[0].decode('latin-1')
    assert head.startswith('GET /jkstatus?cmd=list&mime=xml HTTP/1.1\r\n')
    assert 'Authorization: Basic b3BzOnB3\r\n' in head and 'User-Agent: webtier.tomcat_cluster-jkstatus' in head


@pytest.mark.parametrize('answer, kind, text', [
    (http_answer(fixture('tomcat-404.html'), '404 Not Found', 'text/html'), 'not_status_worker', 'HTTP Status 404'),
    (http_answer(b'', '401 Unauthorized'), 'auth', 'needs url_username'),
    (http_answer(b'', '302 Found', extra=b'Location: /login\r\n'), 'not_status_worker', 'redirect (302) to /login'),
    (b'SSH-2.0-OpenSSH_9.6\r\n', 'not_status_worker', 'did not answer with valid HTTP'),
])
def test_default_opener_classifies_real_answers(answer, kind, text):
    with HostileServer(canned(answer)) as srv:
        with pytest.raises(jk.JkStatusError) as e:
            real_client(srv.port, timeout=5.0).status()
    assert e.value.kind == kind and text in e.value.msg, e.value.msg


def test_default_opener_https_without_validation(tmp_path):
    pki = Pki(tmp_path)
    with HostileServer(canned(http_answer(fixture('list-1.2.50.xml'))), tls=(pki.fullchain, pki.key)) as srv:
        st = real_client(srv.port, 'https', validate_certs=False, timeout=5.0).status()
        assert st['jk_version'] == 'mod_jk/1.2.50'
        with pytest.raises(jk.JkStatusError) as e:
            real_client(srv.port, 'https', timeout=5.0).status()
    assert e.value.kind == 'tls'


def test_status_worker_trickle_deadline():
    with HostileServer(trickle(http_answer(fixture('list-1.2.50.xml')))) as srv:
        dummy, error, elapsed = within(2 + SLACK, real_client(srv.port, timeout=2.0).status)
    assert isinstance(error, jk.JkStatusError) and error.kind == 'timeout', error
    assert 'within 2 s' in error.msg and srv.sent >= 2


def test_status_worker_endless_body_is_refused():
    with HostileServer(endless_body(b'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n')) as srv:
        dummy, error, elapsed = within(10 + SLACK, real_client(srv.port, timeout=10.0).status)
    assert isinstance(error, jk.JkStatusError) and error.kind == 'not_status_worker', error
    assert 'larger than %d bytes' % jk.MAX_BODY in error.msg


# -- recover_others: stale error states -----------------------------------------------------------------
#
# No captured body shows a member in an error state, so the bodies below are captured list bodies with one member's
# state edited (with_state) to the texts of tomcat-connectors' native/common/jk_lb_worker.h (JK_LB_STATE_TEXT_*,
# lines 77-83, the same in 1.2.48 and 1.2.50), which jk_status.c prints as the member's "state" attribute (line 2061
# in 1.2.50). The answers to cmd=recover are derived the same way: jk_status.c prints only the result element for
# update, reset and recover (lines 4917-4955 and 5223-5255), so OK is the captured update-ok body, and a refusal
# (recover_worker() at line 4621 marks only a member in ERR) is the captured error body with jk_status.c's message
# "Marking worker for recovery failed" (line 4949).

def with_state(body: bytes, member: str, state: str, count=1) -> bytes:
    """A captured list body with the state of a member's first (count=0: every) entry replaced (derived: see above)."""
    pattern = re.compile(rb'(name="' + member.encode() + rb'"[^>]*?\sstate=")[^"]+(")', re.S)
    out, n = pattern.subn(rb'\g<1>' + state.encode() + rb'\g<2>', body, count=count)
    assert n >= 1
    return out


LIST = fixture('list-1.2.50.xml')
RECOVER_OK = fixture('update-ok-1.2.48.xml')
RECOVER_REFUSED = fixture('update-unknown-member-1.2.50.xml').replace(
    b'could not find sub worker', b'Marking worker for recovery failed')


def test_state_texts_are_those_of_jk_lb_worker_h():
    # JK_LB_STATE_TEXT_IDLE, _OK, _RECOVER, _FORCE, _BUSY, _ERROR, _PROBE
    assert set(jk.OK_STATES) | set(jk.ERROR_STATES) == {'OK/IDLE', 'OK', 'ERR/REC', 'ERR/FRC', 'OK/BUSY', 'ERR', 'ERR/PRB'}
    assert set(jk.RECOVERING_STATES) < set(jk.ERROR_STATES) and 'ERR' not in jk.RECOVERING_STATES
    st = jk.parse_status(with_state(LIST, 'a-was2', 'ERR/REC'))
    assert [m['state'] for m in st['balancers'][0]['members']] == ['OK/IDLE', 'ERR/REC']


class Checker:
    """Records the AJP checks; answers each host:port with ``results`` (None = healthy)."""

    def __init__(self, results=None):
        self.results = results or {}
        self.calls = []

    def __call__(self, host, port, secret, timeout):
        self.calls.append((host, port, secret, timeout))
        return self.results.get((host, port))


def preflight(s, checker, route='a-was1', check_mode=True, **kw):
    clock = Clock()
    args = dict(route=route, require_others_ok=True, recover_others=True, secret='AjpSecret123', check_mode=check_mode,
                checker=checker, recover_timeout=5, clock=clock, sleep=clock.sleep)
    args.update(kw)
    return jk.set_activation(client(s), 'stopped', **args)


def test_recover_err_member_checked_recovered_and_read_again_in_check_mode():
    s = Script(list=[with_state(LIST, 'a-was2', 'ERR'), with_state(LIST, 'a-was2', 'ERR/REC')], recover=[RECOVER_OK])
    checker = Checker()
    r = preflight(s, checker)
    assert checker.calls == [('172.18.0.3', 8009, 'AjpSecret123', 5)]
    assert [c['cmd'] for c in s.calls] == ['list', 'recover', 'list']
    assert s.calls[1] == {'cmd': 'recover', 'mime': 'xml', 'w': 'a-loadbalancer', 'sw': 'a-was2'}
    assert r['recovered'] == [dict(balancer='a-loadbalancer', member='a-was2', host='172.18.0.3', port=8009,
                                   state_before='ERR', state_after='ERR/REC', recover_sent=True)]
    assert r['changed'] is True   # the prediction: a-was1 ACT -> STP
    assert r['members'][0]['after']['activation'] == 'STP' and 'would set STP' in r['msg']
    assert 'recovered: a-loadbalancer/a-was2 (172.18.0.3:8009, ERR -> ERR/REC with cmd=recover)' in r['msg']


@pytest.mark.parametrize('check_mode, changed', [(True, False), (False, True)])
def test_a_recover_counts_as_changed_outside_check_mode_only(check_mode, changed):
    stopped = with_activation(LIST, 'a-was1', 'STP')
    s = Script(list=[with_state(stopped, 'a-was2', 'ERR'), with_state(stopped, 'a-was2', 'ERR/REC')],
               recover=[RECOVER_OK])
    r = preflight(s, Checker(), check_mode=check_mode)
    assert r['changed'] is changed and r['recovered'][0]['recover_sent'] is True
    assert [c['cmd'] for c in s.calls] == ['list', 'recover', 'list']   # no update: a-was1 is STP already


@pytest.mark.parametrize('state', ['ERR/REC', 'ERR/FRC'])
def test_member_already_marked_for_recovery_is_checked_and_needs_no_command(state):
    s = Script(list=[with_state(LIST, 'a-was2', state)])
    checker = Checker()
    r = preflight(s, checker)
    assert len(checker.calls) == 1 and [c['cmd'] for c in s.calls] == ['list']
    assert r['recovered'][0]['state_after'] == state and r['recovered'][0]['recover_sent'] is False


def test_probing_member_is_read_again_until_it_leaves_err_prb():
    s = Script(list=[with_state(LIST, 'a-was2', 'ERR/PRB'), with_state(LIST, 'a-was2', 'ERR/PRB'), LIST])
    r = preflight(s, Checker())
    assert [c['cmd'] for c in s.calls] == ['list', 'list', 'list']
    assert r['recovered'][0]['state_before'] == 'ERR/PRB' and r['recovered'][0]['state_after'] == 'OK/IDLE'


def test_probing_member_past_recover_timeout_is_refused():
    s = Script(list=[with_state(LIST, 'a-was2', 'ERR/PRB')])
    with pytest.raises(jk.JkStatusError) as e:
        preflight(s, Checker(), recover_timeout=2)
    assert e.value.kind == 'others_not_ok'
    assert ('a-loadbalancer/a-was2 is ACT and ERR/PRB on this web host; its checks passed, but mod_jk still shows '
            'ERR/PRB after 2.0 s: not recovered') in e.value.msg
    assert 'update' not in [c['cmd'] for c in s.calls]


def test_member_failing_its_checks_is_refused_named_with_what_failed():
    s = Script(list=[with_state(LIST, 'a-was2', 'ERR')])
    checker = Checker({('172.18.0.3', 8009): 'CPong to 172.18.0.3:8009 failed: connection refused'})
    with pytest.raises(jk.JkStatusError) as e:
        preflight(s, checker)
    assert e.value.kind == 'others_not_ok'
    assert ('refusing to take a-loadbalancer/a-was1 out of service: a-loadbalancer/a-was2 is ACT and ERR on this web '
            'host; CPong to 172.18.0.3:8009 failed: connection refused: not recovered') in e.value.msg
    assert [c['cmd'] for c in s.calls] == ['list'] and 'AjpSecret123' not in e.value.msg
    assert 'result' not in e.value.details   # nothing recovered, nothing changed


def test_recover_refused_by_mod_jk_and_still_err_is_refused():
    s = Script(list=[with_state(LIST, 'a-was2', 'ERR')], recover=[RECOVER_REFUSED])
    with pytest.raises(jk.JkStatusError) as e:
        preflight(s, Checker(), recover_timeout=1)
    assert e.value.kind == 'others_not_ok'
    assert 'mod_jk refused to recover it' in e.value.msg and 'Marking worker for recovery failed' in e.value.msg


def test_recover_refused_because_mod_jk_moved_it_meanwhile_is_accepted():
    s = Script(list=[with_state(LIST, 'a-was2', 'ERR'), with_state(LIST, 'a-was2', 'ERR/REC')],
               recover=[RECOVER_REFUSED])
    r = preflight(s, Checker())
    assert r['recovered'][0]['state_after'] == 'ERR/REC' and r['recovered'][0]['recover_sent'] is False


def test_member_set_err_again_after_the_recover_is_refused():
    s = Script(list=[with_state(LIST, 'a-was2', 'ERR')], recover=[RECOVER_OK])
    with pytest.raises(jk.JkStatusError) as e:
        preflight(s, Checker())
    assert 'mod_jk set it ERR again' in e.value.msg
    assert [c['cmd'] for c in s.calls] == ['list', 'recover', 'list']


def test_what_no_recover_fixes_is_refused_before_any_check():
    body = with_state(with_activation(fixture('list-1.2.50-busy-shared-member.xml'), 'b-was1', 'DIS'), 'a-was1', 'ERR')
    s = Script(list=[body])
    checker = Checker()
    with pytest.raises(jk.JkStatusError) as e:   # dup-lb holds a-was1 (ERR) and b-was1 (DIS)
        preflight(s, checker, route=None, balancer='dup-lb', member='a-was1')
    assert e.value.kind == 'others_not_ok' and 'dup-lb/b-was1 is not ACT and OK' in e.value.msg
    assert checker.calls == [] and [c['cmd'] for c in s.calls] == ['list']


def test_one_check_per_host_and_port():
    # a-was1 is in a-loadbalancer and dup-lb: one AJP worker (one host:port), two lb members, each recovered
    err = with_state(fixture('list-1.2.50-busy-shared-member.xml'), 'a-was1', 'ERR', count=0)
    rec = with_state(err, 'a-was1', 'ERR/REC', count=0)
    s = Script(list=[rec], recover=[RECOVER_OK])
    checker = Checker()
    clock = Clock()
    keys = [('a-loadbalancer', 'a-was2'), ('dup-lb', 'b-was1')]
    dummy, recovered, failed = jk.recover_members(client(s), jk.parse_status(err), keys, checker=checker,
                                                  clock=clock, sleep=clock.sleep)
    assert checker.calls == [('172.18.0.2', 8009, None, 10.0)] and failed == {}
    assert [(c['cmd'], c.get('w')) for c in s.calls] == [('recover', 'dup-lb'), ('list', None),
                                                         ('recover', 'a-loadbalancer'), ('list', None)]
    assert [(r['balancer'], r['member'], r['state_after']) for r in recovered] == [
        ('dup-lb', 'a-was1', 'ERR/REC'), ('a-loadbalancer', 'a-was1', 'ERR/REC')]


def test_a_refusal_after_a_recover_reports_the_recover():
    # was_host selects a-was2 and b-was2; the others a-was1 (8009, healthy) and b-was1 (8019, its GET fails) are ERR
    err = with_state(with_state(LIST, 'a-was1', 'ERR'), 'b-was1', 'ERR')
    checker = Checker({('172.18.0.2', 8019): 'AJP GET /webtier-recover-check to 172.18.0.2:8019 failed: timed out'})
    s = Script(list=[err, with_state(err, 'a-was1', 'ERR/REC')], recover=[RECOVER_OK])
    with pytest.raises(jk.JkStatusError) as e:
        preflight(s, checker, check_mode=False, route=None, was_host='172.18.0.3')
    assert [c[:2] for c in checker.calls] == [('172.18.0.2', 8009), ('172.18.0.2', 8019)]
    assert e.value.kind == 'others_not_ok'
    assert ('b-loadbalancer/b-was1 is ACT and ERR on this web host; AJP GET /webtier-recover-check to 172.18.0.2:8019 failed: timed out: '
            'not recovered') in e.value.msg
    assert 'before that, checked over AJP and recovered: a-loadbalancer/a-was1' in e.value.msg
    result = e.value.details['result']
    assert result['changed'] is True and [r['member'] for r in result['recovered']] == ['a-was1']
    assert [c['cmd'] for c in s.calls] == ['list', 'recover', 'list']   # no update


def test_read_only_status_worker_refusing_the_recover_says_so():
    s = Script(list=[with_state(LIST, 'a-was2', 'ERR')], recover=[fixture('update-read-only-1.2.50.xml')])
    with pytest.raises(jk.JkStatusError) as e:
        preflight(s, Checker())
    assert e.value.kind == 'read_only'
    assert e.value.msg.startswith('while recovering a-loadbalancer/a-was2 (its CPong and AJP GET passed): ')
    assert 'read-only' in e.value.msg


def test_without_recover_others_an_err_member_is_refused_as_before():
    s = Script(list=[with_state(LIST, 'a-was2', 'ERR/REC')])
    with pytest.raises(jk.JkStatusError) as e:
        jk.set_activation(client(s), 'stopped', route='a-was1', require_others_ok=True, check_mode=True,
                          checker=Checker())
    assert 'a-loadbalancer/a-was2 is not ACT and OK' in e.value.msg and 'ERR/REC' in e.value.msg


@pytest.mark.parametrize('kw, text', [
    ({'require_others_ok': False}, 'set require_others_ok: true with it'),
    ({'recover_timeout': 0}, 'recover_timeout must be greater than 0'),
    ({'recover_timeout': float('nan')}, 'recover_timeout must be greater than 0'),
    ({'recover_timeout': 301}, 'at most 300 seconds'),
])
def test_recover_argument_errors(kw, text):
    s = Script(list=[LIST])
    with pytest.raises(jk.JkStatusError) as e:
        preflight(s, Checker(), **kw)
    assert e.value.kind == 'invalid' and text in e.value.msg and s.calls == []


def test_recover_command_parameters():
    s = Script(recover=[RECOVER_OK])
    client(s).recover('a-loadbalancer', 'a-was2')
    assert s.calls == [{'cmd': 'recover', 'mime': 'xml', 'w': 'a-loadbalancer', 'sw': 'a-was2'}]


# -- check_member_ajp against real peers on loopback (the healthy Tomcat: tests/integration) -------------

@pytest.fixture
def ajp_server():
    with ajp_fake.servers() as start:
        yield start


def test_check_member_closed_port_names_the_refused_cpong():
    port = free_port()
    text = jk.check_member_ajp('127.0.0.1', port, 'AjpSecret123', timeout=2)
    assert text.startswith('CPong to 127.0.0.1:%d failed: connection refused' % port)


def test_check_member_cpong_without_an_engine_answer_fails_on_the_get(ajp_server):
    srv = ajp_server(ajp_fake.cpong)   # answers CPings, never a request
    text, error, elapsed = within(1.5 + SLACK, jk.check_member_ajp, '127.0.0.1', srv.port, 'AjpSecret123', 1.5)
    assert error is None and elapsed < 1.5 + SLACK
    assert text.startswith('AJP GET /webtier-recover-check to 127.0.0.1:%d failed: ' % srv.port) and 'timed out' in text
    assert 'AjpSecret123' not in text


def test_check_member_silent_peer_times_out_on_the_cpong(ajp_server):
    srv = ajp_server(ajp_fake.silence)
    text = jk.check_member_ajp('127.0.0.1', srv.port, None, timeout=1)
    assert text.startswith('CPong to 127.0.0.1:%d failed: timed out' % srv.port)


@pytest.mark.parametrize('status, ok', [(200, True), (404, True), (500, True), (403, False)])
def test_check_member_any_status_but_403_passes(ajp_server, status, ok):
    srv = ajp_server(ajp_fake.responder(status=status))
    text = jk.check_member_ajp('127.0.0.1', srv.port, 'AjpSecret123', timeout=3)
    assert (text is None) is ok, text
    req = srv.requests[0]
    assert req['method_code'] == 2 and req['uri'] == '/webtier-recover-check'   # GET of no webapp's path (no session left)
    assert (0x0C, 'AjpSecret123') in req['attributes']    # the secret attribute
    if not ok:
        assert 'answered 403: the AJP secret is wrong' in text and 'AjpSecret123' not in text
