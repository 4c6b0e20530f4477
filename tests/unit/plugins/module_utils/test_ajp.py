# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of the AJP13 client against an in-process fake peer (tests/unit/ajp_fake.py).

The real peer (Tomcat 9) is exercised in tests/integration/test_ajp_tomcat.py; here only what
Tomcat cannot be made to do: slow, truncated, oversized, garbage, silent and reset replies.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import socket
import struct
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import ajp
from ansible_collections.webtier.tomcat_cluster.tests.unit import ajp_fake as fake


def _free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture
def server(request):
    servers = []

    def start(behaviour, **kw):
        srv = fake.FakeAjpServer(behaviour, **kw)
        servers.append(srv)
        return srv
    yield start
    for srv in servers:
        srv.close()


def _timed_ping(port, **kw):
    start = time.monotonic()
    res = ajp.ping('127.0.0.1', port, **kw)
    return res, time.monotonic() - start


# -- encoding ------------------------------------------------------------------------------

def test_cping_bytes():
    assert ajp.CPING == bytes(bytearray([0x12, 0x34, 0x00, 0x01, 0x0A]))


def test_forward_request_reference_bytes():
    # HEAD / with one coded header and the secret, as laid out in the AJP13 spec (73 bytes)
    expected = bytes(bytearray.fromhex(
        '12 34 00 45 02 03 00 08 48 54 54 50 2f 31 2e 31 00 00 01 2f 00 00 09 31 32 37 2e 30 2e 30 2e 31 00'
        'ff ff 00 09 6c 6f 63 61 6c 68 6f 73 74 00 00 50 00 00 01 a0 0b 00 05 77 65 62 30 31 00 0c 00 06 73'
        '33 63 72 33 74 00 ff'))
    got = ajp.encode_forward_request(method='HEAD', uri='/', remote_addr='127.0.0.1', server_name='localhost',
                                     server_port=80, headers=[('Host', 'web01')], secret='s3cr3t')
    assert got == expected
    assert len(got) == 73


def test_strings_are_measured_after_utf8_encoding():
    assert ajp._ajp_string(u'\u00e9') == b'\x00\x02\xc3\xa9\x00'
    assert ajp._ajp_string(None) == b'\xff\xff'


def test_forward_request_fields_roundtrip():
    raw = ajp.encode_forward_request(method='PATCH', uri='/a/b?x=1&y=%20', remote_addr='10.0.0.1',
                                     server_name='a-site.com', server_port=40000, is_ssl=True,
                                     headers=[('User-Agent', 'ua'), ('X-Custom', u'v\u00e9')], secret='s')
    req = fake.parse_forward_request(raw[4:])
    assert req['method_code'] == 0xFF                      # not in the table: stored method
    assert (0x0D, 'PATCH') in req['attributes']
    assert req['uri'] == '/a/b'
    assert (0x05, 'x=1&y=%20') in req['attributes']
    assert req['attributes'][0] == (0x0C, 's')              # the secret goes first, like mod_jk
    assert req['server_port'] == 40000 and req['is_ssl'] == 1
    assert req['headers'] == [(0xA00E, 'ua'), ('X-Custom', u'v\u00e9')]


def test_forward_request_too_large_for_packet():
    big = [('X-Big', 'x' * 9000)]
    with pytest.raises(ValueError, match='packet_size 8192'):
        ajp.encode_forward_request(headers=big)
    assert len(ajp.encode_forward_request(headers=big, packet_size=16384)) > 9000


def test_body_packets():
    assert ajp.encode_body_packet(b'') == b'\x12\x34\x00\x00'
    assert ajp.encode_body_packet(b'abc') == b'\x12\x34\x00\x05\x00\x03abc'


@pytest.mark.parametrize('value', [0, 4096, 70000, True, '8192'])
def test_packet_size_validation(value):
    with pytest.raises(ValueError):
        ajp._validate_packet_size(value)


# -- targets --------------------------------------------------------------------------------

@pytest.mark.parametrize('target,expected', [
    ('was-01:8009', {'host': 'was-01', 'port': 8009, 'name': 'was-01:8009'}),
    ('was-01', {'host': 'was-01', 'port': 8009, 'name': 'was-01:8009'}),
    ('[::1]:8019', {'host': '::1', 'port': 8019, 'name': '[::1]:8019'}),
    ('::1', {'host': '::1', 'port': 8009, 'name': '[::1]:8009'}),
    ({'host': '10.0.0.1', 'port': '8019', 'name': 'b-was1'}, {'host': '10.0.0.1', 'port': 8019, 'name': 'b-was1'}),
    ({'host': 'was-02'}, {'host': 'was-02', 'port': 8009, 'name': 'was-02:8009'}),
])
def test_parse_target(target, expected):
    assert ajp.parse_target(target) == expected


@pytest.mark.parametrize('target,match', [
    ('was-01:http', 'not a number'),
    ('was-01:0', 'out of range'),
    ('[::1', 'unclosed'),
    ({'port': 8009}, 'needs a host'),
    ({'host': 'a', 'prot': 1}, 'unknown keys'),
    (8009, 'must be'),
    (':8009', 'no host'),
])
def test_parse_target_errors(target, match):
    with pytest.raises(ValueError, match=match):
        ajp.parse_target(target)


# -- CPing against the fake ---------------------------------------------------------------

def test_ping_healthy_several_on_one_connection(server):
    srv = server(fake.cpong)
    res, took = _timed_ping(srv.port, timeout=2, count=5)
    assert res['healthy'] is True and res['error'] is None
    assert res['pings'] == 5
    lat = res['latency_ms']
    assert 0 <= lat['min'] <= lat['avg'] <= lat['max']
    assert srv.connections == 1


def test_ping_ipv6_loopback(server):
    if not socket.has_ipv6:
        pytest.skip('no IPv6')
    try:
        srv = server(fake.cpong, host='::1')
    except OSError as e:
        pytest.skip('cannot bind ::1: %s' % e)
    res = ajp.ping('::1', srv.port, timeout=2)
    assert res['healthy'] is True
    res = ajp.ping('[::1]', srv.port, timeout=2)
    assert res['healthy'] is True


def test_ping_host_name(server):
    srv = server(fake.cpong)
    assert ajp.ping('localhost', srv.port, timeout=2)['healthy'] is True


def test_slow_reply_within_timeout(server):
    srv = server(fake.slow_cpong(0.3))
    res, took = _timed_ping(srv.port, timeout=2)
    assert res['healthy'] is True
    assert res['latency_ms']['min'] >= 290


def test_slow_reply_past_timeout(server):
    srv = server(fake.slow_cpong(5))
    res, took = _timed_ping(srv.port, timeout=0.5)
    assert res['error'] == 'timeout', res
    assert 'CPong' in res['msg']
    assert took < 1.0


def test_count_shares_one_deadline(server):
    # each CPong takes 0.3 s: 3 fit into 1 s, the 4th does not
    srv = server(fake.slow_cpong(0.3))
    res, took = _timed_ping(srv.port, timeout=1.0, count=10)
    assert res['error'] == 'timeout'
    assert res['pings'] == 3
    assert 'after 3 good CPongs' in res['msg']
    assert took < 1.5


@pytest.mark.parametrize('behaviour,kind,words', [
    (fake.reply_after_cping(b'AB\x00\x10\x04\x00\xc8'), 'protocol_error', 'truncated AJP packet'),
    (fake.reply_after_cping(b'AB\x00'), 'protocol_error', 'truncated packet header'),
    (fake.reply_after_cping(b'AB\xff\xff' + b'\x00' * 64, then_close=False), 'protocol_error', 'oversized'),
    (fake.reply_after_cping(b'AB\x00\x00'), 'protocol_error', 'length 0'),
    (fake.reply_after_cping(b'AB\x00\x01\x07'), 'protocol_error', 'type 7'),
    (fake.reply_after_cping(b'AB\x00\x02\x05\x01'), 'protocol_error', 'END_RESPONSE'),
    (fake.reply_after_cping(b'AB\x00\x02\x09\x00'), 'protocol_error', 'extra bytes'),
    (fake.reply_after_cping(b'\x00\x01garbage\xff\xfe'), 'not_ajp', '00 01 67'),
    (fake.reply_after_cping(b'\x12\x34\x00\x01\x09'), 'not_ajp', 'magic 41 42'),
    (fake.reply_after_cping(b'A'), 'protocol_error', 'truncated packet header'),
    (fake.reply_after_cping(b'X'), 'not_ajp', '58'),
    (fake.http_listener, 'not_ajp', 'HTTP/1.1 400'),
    (fake.close_immediately, 'closed', 'without a CPong'),
    (fake.reset_mid_packet, 'reset', 'reset'),
    (fake.silence, 'timeout', 'timed out'),
    (fake.drip, 'timeout', 'deadline'),
])
def test_failures_are_classified_within_the_timeout(server, behaviour, kind, words):
    srv = server(behaviour)
    res, took = _timed_ping(srv.port, timeout=1.0)
    assert res['healthy'] is False
    assert res['error'] == kind, res
    assert words in res['msg'], res['msg']
    assert took < 1.5, took


def test_oversized_is_fine_with_bigger_packet_size(server):
    # a 9000-byte payload passes when the connector has packetSize=16384 (then it is not a CPong)
    srv = server(fake.reply_after_cping(b'AB' + struct.pack('>H', 9000) + b'\x03' + b'\x00' * 8999))
    res = ajp.ping('127.0.0.1', srv.port, timeout=1, packet_size=16384)
    assert res['error'] == 'protocol_error' and 'SEND_BODY_CHUNK' in res['msg']


def test_refused():
    res, took = _timed_ping(_free_port(), timeout=1)
    assert res['error'] == 'refused'
    assert took < 1


def test_resolve_error():
    res = ajp.ping('no-such-host.invalid', 8009, timeout=2)
    assert res['error'] == 'resolve_error'
    assert 'no-such-host.invalid' in res['msg']


def test_slow_resolver_is_bounded_by_the_deadline(monkeypatch):
    # A DNS server that does not answer cannot be made on loopback: stub the resolver call only.
    def hang(*args, **kwargs):
        time.sleep(3)
        raise socket.gaierror(-2, 'Name or service not known')
    monkeypatch.setattr(ajp.socket, 'getaddrinfo', hang)
    start = time.monotonic()
    res = ajp.ping('slow-dns.example', 8009, timeout=0.5)
    assert res['error'] == 'resolve_error'
    assert 'timed out' in res['msg']
    assert time.monotonic() - start < 0.9


def test_connect_timeout_on_full_backlog():
    # A listener that never accepts: once its tiny backlog is full, SYNs are dropped and
    # connect() hangs, which is what a firewall DROP rule looks like.
    lsock = socket.socket()
    lsock.bind(('127.0.0.1', 0))
    lsock.listen(0)
    port = lsock.getsockname()[1]
    fillers = []
    try:
        for dummy in range(8):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(('127.0.0.1', port))
            fillers.append(s)
        time.sleep(0.1)
        res, took = _timed_ping(port, timeout=0.7)
        assert res['error'] == 'timeout', res
        assert took < 1.2
    finally:
        for s in fillers:
            s.close()
        lsock.close()


def test_ping_many_parallel_costs_one_timeout(server):
    good = server(fake.cpong)
    dead = [server(fake.silence) for dummy in range(6)]
    targets = [ajp.parse_target('127.0.0.1:%d' % good.port)]
    targets += [ajp.parse_target({'host': '127.0.0.1', 'port': d.port, 'name': 'dead%d' % i}) for i, d in enumerate(dead)]
    start = time.monotonic()
    results = ajp.ping_many(targets, timeout=0.8, parallel=True)
    took = time.monotonic() - start
    assert took < 1.3, took
    assert [r['name'] for r in results] == [t['name'] for t in targets]
    assert results[0]['healthy'] is True
    assert all(r['error'] == 'timeout' for r in results[1:])


def test_ping_many_sequential(server):
    good = server(fake.cpong)
    results = ajp.ping_many([ajp.parse_target('127.0.0.1:%d' % good.port)] * 3, timeout=1, parallel=False, count=2)
    assert [r['pings'] for r in results] == [2, 2, 2]


# -- FORWARD_REQUEST against the fake ----------------------------------------------------------

def test_forward_request_get_with_secret(server):
    srv = server(fake.responder(headers=[(0xA001, 'text/plain'), (0xA007, 'JSESSIONID=ABC123.a-was1; Path=/; HttpOnly'),
                                         (0xA007, 'other=1; Path=/'), ('X-Node', 'a-was1')],
                                chunks=(b'node=', b'a-was1')))
    resp = ajp.forward_request('127.0.0.1', srv.port, uri='/session.jsp?x=1', secret='s3cr3tValue1234567',
                               headers={'Cookie': 'a=b', 'X-Test': 'yes'}, timeout=2)
    assert resp.status == 200 and resp.reason == '200'
    assert resp.body == b'node=a-was1'
    assert resp.reuse is True
    assert resp.headers['content-type'] == 'text/plain'
    assert resp.headers['x-node'] == 'a-was1'
    assert resp.headers['set-cookie'].startswith('JSESSIONID=ABC123.a-was1')
    assert resp.cookies == {'JSESSIONID': 'ABC123.a-was1', 'other': '1'}
    assert resp.jvm_route() == 'a-was1'
    req = srv.requests[0]
    assert req['method_code'] == 2 and req['uri'] == '/session.jsp'
    assert (0x0C, 's3cr3tValue1234567') in req['attributes']
    assert (0x05, 'x=1') in req['attributes']
    assert (0xA00B, '127.0.0.1') in req['headers']          # Host defaults to the server name
    assert (0xA009, 'a=b') in req['headers']
    assert req['remote_addr'] == '127.0.0.1'


def test_forward_request_host_header_defaults(server):
    srv = server(fake.responder())
    ajp.forward_request('127.0.0.1', srv.port, server_name='::1', server_port=8080, timeout=2)
    ajp.forward_request('127.0.0.1', srv.port, server_name='a-site.com', server_port=443, is_ssl=True, timeout=2)
    ajp.forward_request('127.0.0.1', srv.port, headers=[('host', 'explicit')], timeout=2)
    hosts = [dict(r['headers'])[0xA00B] for r in srv.requests]
    assert hosts == ['[::1]:8080', 'a-site.com', 'explicit']
    assert srv.requests[1]['is_ssl'] == 1


def test_forward_request_body_uses_get_body_chunk(server):
    srv = server(fake.responder(status=201, reason='Created', chunks=()))
    body = b'0123456789' * 2000                              # 20000 bytes: 3 body packets
    resp = ajp.forward_request('127.0.0.1', srv.port, method='POST', uri='/upload', body=body, timeout=2)
    assert resp.status == 201 and resp.reason == 'Created'
    assert resp.body == b''
    req = srv.requests[0]
    assert req['method_code'] == 4
    assert (0xA008, '20000') in req['headers']
    assert req['body'] == body


def test_forward_request_403_without_reuse(server):
    srv = server(fake.responder(status=403, chunks=(b'<html>403</html>',), reuse=False))
    resp = ajp.forward_request('127.0.0.1', srv.port, timeout=2)
    assert resp.status == 403 and resp.reuse is False
    assert ajp.classify_status(resp.status) == 'forbidden'
    assert ajp.classify_status(200) is None


def test_forward_request_head_has_no_body(server):
    srv = server(fake.responder(chunks=()))
    resp = ajp.forward_request('127.0.0.1', srv.port, method='HEAD', timeout=2)
    assert resp.status == 200 and resp.body == b''
    assert srv.requests[0]['method_code'] == 3


def test_forward_request_max_content(server):
    srv = server(fake.responder(chunks=(b'a' * 1000, b'b' * 1000)))
    resp = ajp.forward_request('127.0.0.1', srv.port, timeout=2, max_content=1500)
    assert resp.truncated is True and len(resp.body) == 1500


@pytest.mark.parametrize('behaviour,kind,words', [
    (fake.reply_after_cping(fake.end_response()), 'protocol_error', 'without SEND_HEADERS'),
    (fake.reply_after_cping(fake.send_headers(200, '200', []) + fake.send_headers(200, '200', [])), 'protocol_error',
     'second SEND_HEADERS'),
    (fake.reply_after_cping(fake.packet(b'\x04\x00\xc8\x00\x05')), 'protocol_error', 'malformed SEND_HEADERS'),
    (fake.reply_after_cping(fake.send_headers(200, '200', [(0xA0FF, 'x')])), 'protocol_error', 'header code 0xA0FF'),
    (fake.reply_after_cping(fake.send_headers(200, '200', [])), 'closed', 'without the rest of the response'),
    (fake.reply_after_cping(fake.packet(b'\x09')), 'protocol_error', 'CPONG_REPLY'),
    (fake.http_listener, 'not_ajp', 'HTTP/1.1 400'),
    (fake.silence, 'timeout', 'timed out'),
    (fake.drip, 'timeout', 'deadline'),
    (fake.reset_mid_packet, 'reset', 'reset'),
])
def test_forward_request_failures(server, behaviour, kind, words):
    srv = server(behaviour)
    start = time.monotonic()
    with pytest.raises(ajp.AjpError) as exc:
        ajp.forward_request('127.0.0.1', srv.port, timeout=1.0)
    assert exc.value.kind == kind, exc.value
    assert words in exc.value.msg
    assert time.monotonic() - start < 1.5


def test_forward_request_refused():
    with pytest.raises(ajp.AjpError) as exc:
        ajp.forward_request('127.0.0.1', _free_port(), timeout=1)
    assert exc.value.kind == 'refused'
