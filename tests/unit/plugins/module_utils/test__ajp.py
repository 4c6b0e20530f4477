# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of module_utils/_ajp.py against an in-process fake peer (tests/unit/helpers/ajp_fake.py).

The real peer (Tomcat 9) is exercised in tests/integration/test_ajp_tomcat.py; here only what
Tomcat cannot be made to do: slow, truncated, oversized, garbage, silent and reset replies.
"""

from __future__ import annotations

import re
import socket
import struct
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _ajp as ajp
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers import ajp_fake as fake


@pytest.fixture
def server():
    with fake.servers() as start:
        yield start


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


@pytest.mark.parametrize("value", [0, 4096, 70000, True, "8192", 8192.5, None])
def test_packet_size_validation(value):
    with pytest.raises(ValueError):
        ajp.check_packet_size(value)


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
    ('was-01:0', 'must be between 1 and 65535'),
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
    # at most 3 fit into the one deadline (fewer when a busy machine delays the replies), never 10
    assert 1 <= res['pings'] <= 3
    assert re.search(r'after %d good CPongs?' % res['pings'], res['msg']), res['msg']
    # bounded by the one 1 s deadline (with slack for a busy machine), not by 10 x 1 s
    assert took < 3.0


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
    res, took = _timed_ping(fake.closed_port(), timeout=1)
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
        ajp.forward_request('127.0.0.1', fake.closed_port(), timeout=1)
    assert exc.value.kind == 'refused'


# -- bad input: numbers ------------------------------------------------------------------------

@pytest.mark.parametrize('value,words', [
    (float('inf'), 'finite'),
    (float('-inf'), 'finite'),
    (float('nan'), 'finite'),
    (1e308, 'at most 3600'),
    (1e9, 'at most 3600'),
    (3600.001, 'at most 3600'),
    (10 ** 400, 'integer of 401 digits'),
    (0, 'greater than 0'),
    (-1, 'greater than 0'),
    (True, 'number of seconds'),
    ('3', 'number of seconds'),
    (None, 'number of seconds'),
])
def test_timeout_is_bounded_and_finite(value, words):
    with pytest.raises(ValueError, match=words):
        ajp.check_timeout(value)


def test_timeout_bounds_accepted():
    assert ajp.check_timeout(ajp.MAX_TIMEOUT) == 3600.0
    assert ajp.check_timeout(0.001) == 0.001
    assert ajp.check_timeout(2) == 2.0


@pytest.mark.parametrize('value', [float('inf'), float('nan'), 1e308, 1e9])
def test_ping_and_request_refuse_bad_timeouts_before_connecting(server, value):
    # A silent peer: a timeout that slipped through would hang here (1e9) or crash (inf, nan)
    srv = server(fake.silence)
    start = time.monotonic()
    with pytest.raises(ValueError, match='timeout'):
        ajp.ping('127.0.0.1', srv.port, timeout=value)
    with pytest.raises(ValueError, match='timeout'):
        ajp.ping_many([ajp.parse_target('127.0.0.1:%d' % srv.port)], timeout=value)
    with pytest.raises(ValueError, match='timeout'):
        ajp.forward_request('127.0.0.1', srv.port, timeout=value)
    with pytest.raises(ValueError, match='read_timeout'):
        ajp.AjpConnection('127.0.0.1', srv.port, read_timeout=value)
    assert time.monotonic() - start < 0.5
    assert srv.connections == 0


@pytest.mark.parametrize('value,words', [
    (True, 'boolean'),
    (False, 'boolean'),
    (8009.9, 'whole number'),
    ('8009.9', 'must be an integer'),
    (float('nan'), 'whole number'),
    (float('inf'), 'whole number'),
    (1e308, 'between 1 and 65535'),
    (0, 'between 1 and 65535'),
    (65536, 'between 1 and 65535'),
    (None, 'must be an integer'),
    ([8009], 'must be an integer'),
])
def test_port_refuses_booleans_fractions_and_out_of_range(value, words):
    with pytest.raises(ValueError, match=words):
        ajp.check_port(value)


def test_port_accepts_integral_values():
    assert ajp.check_port(8009) == 8009
    assert ajp.check_port(8009.0) == 8009
    assert ajp.check_port('8019') == 8019
    assert ajp.check_port(0, 'server_port', minimum=0) == 0


@pytest.mark.parametrize('value', [0, 1001, True, 2.5])
def test_count_bounds(value):
    with pytest.raises(ValueError, match='count'):
        ajp.check_count(value)


@pytest.mark.parametrize('kwargs', [{'port': True}, {'port': 8009.9}, {'count': True}, {'count': 0},
                                    {'packet_size': True}])
def test_ping_refuses_bad_numbers(kwargs):
    args = {'port': 8009}
    args.update(kwargs)
    with pytest.raises(ValueError):
        ajp.ping('127.0.0.1', **args)


# -- bad input: targets and hosts ------------------------------------------------------------------

@pytest.mark.parametrize('target,words', [
    ('host:8009:x', 'neither a host name nor an IPv6 address'),
    ('a:b:c:d', 'neither a host name nor an IPv6 address'),
    ('[was-01]:8009', 'not an IPv6 address'),
    ('[::1]x', 'expected [address]:port'),
    ('was-01:+8009', 'not a number'),
    ('was-01:8009.9', 'not a number'),
    ('was-01: 8009', 'not a number'),
    ('was 01:8009', 'not a valid host name'),
    ('was-01\n:8009', 'not a valid host name'),
    ('was\r\n-01', 'not a valid host name'),
    ('was\x00-01:8009', 'not a valid host name'),
    ('a..b:8009', 'not a valid host name'),
    ('-was:8009', 'not a valid host name'),
    ('x' * 300, 'not a valid host name'),
    ({'host': 'was-01', 'port': True}, 'boolean'),
    ({'host': 'was-01', 'port': 8009.9}, 'whole number'),
    ({'host': 'was-01', 'port': '8009.9'}, 'must be an integer'),
    ({'host': 'was-01', 'port': 70000}, 'between 1 and 65535'),
    ({'host': 'host:8009:x'}, 'neither a host name'),
    ({'host': 'was-01\n'}, 'not a valid host name'),
])
def test_parse_target_refuses_invalid(target, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        ajp.parse_target(target)


@pytest.mark.parametrize('target,expected', [
    ('  was-01:8009  ', ('was-01', 8009)),
    ('was-01.example.com.:8019', ('was-01.example.com.', 8019)),
    (u'b\u00fccher.example:8009', (u'b\u00fccher.example', 8009)),
    ('fe80::1%lo', ('fe80::1%lo', 8009)),
    ('[fe80::1%lo]:8019', ('fe80::1%lo', 8019)),
    ('was_01:8009', ('was_01', 8009)),
    ({'host': 'was-01', 'port': 8009.0}, ('was-01', 8009)),
])
def test_parse_target_accepts(target, expected):
    got = ajp.parse_target(target)
    assert (got['host'], got['port']) == expected


def test_invalid_host_is_not_a_resolve_error():
    with pytest.raises(ValueError, match='neither a host name'):
        ajp.ping('host:8009:x', 8009, timeout=1)
    with pytest.raises(ValueError, match='neither a host name'):
        ajp.forward_request('host:8009:x', 8009, timeout=1)


# -- bad input: injection into the request ---------------------------------------------------------

@pytest.mark.parametrize('kwargs,words', [
    ({'uri': '/a\r\nX-Injected: 1'}, 'uri contains a control character (CR at position 2)'),
    ({'uri': '/a\nb'}, 'uri contains a control character (LF at position 2)'),
    ({'uri': '/a\x00b'}, 'uri contains a control character (NUL at position 2)'),
    ({'uri': '/a\tb'}, 'TAB at position 2'),
    ({'uri': '/a?x=1\r\n'}, 'CR at position 6'),
    ({'uri': '/a\x7f'}, 'control character 0x7F'),
    ({'headers': [('', 'v')]}, 'a header name is empty'),
    ({'headers': {'': 'v'}}, 'a header name is empty'),
    ({'headers': [('X-A\r\nX-B', 'v')]}, 'is not a valid HTTP header name'),
    ({'headers': [('X A', 'v')]}, 'is not a valid HTTP header name'),
    ({'headers': [('X-A:', 'v')]}, 'is not a valid HTTP header name'),
    ({'headers': [('X-A', 'v\r\nX-Injected: 1')]}, "the value of header 'X-A' contains a control character (CR"),
    ({'headers': [('X-A', 'v\x00')]}, 'NUL'),
    ({'headers': [('Host', 'a-site.com\r\nX-Injected: 1')]}, "the value of header 'Host' contains a control character"),
    ({'server_name': 'a-site.com\r\nX-Injected: 1'}, 'server_name contains a control character'),
    ({'server_name': 'a site'}, 'server_name must not contain whitespace'),
    ({'remote_addr': '10.0.0.1\r\nX-Injected: 1'}, 'remote_addr must be an IPv4 or IPv6 address'),
    ({'remote_addr': 'localhost'}, 'remote_addr must be an IPv4 or IPv6 address'),
    ({'secret': 'Secret\r\nX-Injected'}, 'secret contains a control character (CR at position 6)'),
    ({'method': 'GET\n'}, 'not a valid HTTP method'),
    ({'method': 'GE T'}, 'not a valid HTTP method'),
    ({'server_port': True}, 'server_port must be an integer'),
    ({'server_port': 70000}, 'server_port must be between 0 and 65535'),
    ({'packet_size': True}, 'packet_size must be an integer'),
])
def test_request_injection_is_refused_before_connecting(kwargs, words):
    # A closed port: had anything been sent, the error would be 'refused', not ValueError
    args = {'timeout': 1}
    args.update(kwargs)
    with pytest.raises(ValueError) as exc:
        ajp.forward_request('127.0.0.1', fake.closed_port(), **args)
    assert words in str(exc.value)
    with pytest.raises(ValueError):
        ajp.prepare_request('127.0.0.1', 8009, **dict((k, v) for k, v in args.items() if k != 'timeout'))


def test_refusal_messages_never_repeat_secrets_or_header_values():
    for kwargs in ({'secret': 'TopSecretValue\n1234'}, {'headers': {'Authorization': 'Basic c2VjcmV0\r\n'}}):
        with pytest.raises(ValueError) as exc:
            ajp.prepare_request('127.0.0.1', 8009, **kwargs)
        assert 'TopSecretValue' not in str(exc.value) and 'c2VjcmV0' not in str(exc.value)


def test_encode_refuses_injection_too():
    for kwargs in ({'uri': '/\r\n'}, {'headers': [('X', '\n')]}, {'remote_addr': 'a\nb'}, {'server_name': 'a\nb'},
                   {'query_string': 'a\r\n'}, {'route': 'r\n'}, {'request_attributes': [('n', 'v\n')]},
                   {'protocol': 'HTTP/1.1\r\n'}, {'remote_host': 'h\n'}):
        with pytest.raises(ValueError, match='control character|IPv4 or IPv6'):
            ajp.encode_forward_request(**kwargs)


def test_header_value_may_carry_a_tab():
    req = fake.parse_forward_request(ajp.encode_forward_request(headers=[('X-A', 'a\tb')])[4:])
    assert req['headers'] == [('X-A', 'a\tb')]


def test_prepare_request_checks_the_packet_size_before_connecting():
    with pytest.raises(ValueError, match='does not fit into one AJP packet'):
        ajp.prepare_request('127.0.0.1', 8009, headers={'X-Big': 'x' * 9000})


# -- response bodies: charsets and the size limit ------------------------------------------------

@pytest.mark.parametrize('content_type,charset', [
    ('text/html; charset="ISO-8859-1"', 'ISO-8859-1'),
    ('text/html;CHARSET=latin1', 'latin1'),
    ('text/plain; format=flowed; charset=utf-8', 'utf-8'),
    ('text/plain', None),
    ('text/plain charset=idna', None),
    (None, None),
])
def test_content_charset(content_type, charset):
    assert ajp.content_charset(content_type) == charset


@pytest.mark.parametrize('charset,words', [
    ('idna', 'cannot decode'),
    ('undefined', 'cannot decode'),
    ('punycode', 'cannot decode'),
    ('bogus', 'unknown to Python'),
    ('x-UTF-16LE-BOM', 'unknown to Python'),
    ('base64', 'not a text encoding'),
    ('rot13', 'not a text encoding'),
    ('zlib', 'not a text encoding'),
    ('a b', 'not a valid charset name'),
    ('', None),
])
def test_decode_content_falls_back_to_utf8_with_a_reason(charset, words):
    text, problem = ajp.decode_content(u'h\u00e9llo'.encode('utf-8'), 'text/plain; charset=%s' % charset)
    assert text == u'h\u00e9llo'
    if words is None:
        assert problem is None
    else:
        assert words in problem and 'decoded as UTF-8' in problem


def test_decode_content_uses_the_charset():
    assert ajp.decode_content(b'h\xe9llo', 'text/plain;charset=ISO-8859-1') == (u'h\u00e9llo', None)
    assert ajp.decode_content(u'h\u00e9llo'.encode('utf-16-le'), 'text/plain;charset=UTF-16LE') == (u'h\u00e9llo', None)
    assert ajp.decode_content(b'\xff\xfe', 'text/plain') == (u'\ufffd\ufffd', None)


def test_decode_content_never_raises_for_any_codec_name():
    # every codec name and alias Python knows, with bytes that are invalid in most of them
    import encodings.aliases
    names = set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values())
    body = b'h\xc3\xa9llo \\ud800 \x00\xff\xfe\x80 +AGE- end'
    for name in sorted(names):
        text, problem = ajp.decode_content(body, 'text/plain; charset=%s' % name)
        assert isinstance(text, str), name
        assert not re.search(u'[\ud800-\udfff]', text), name   # no lone surrogates (JSON cannot carry them)
        assert problem is None or 'decoded as UTF-8' in problem, (name, problem)


def test_max_content_default_is_64_mib():
    assert ajp.MAX_CONTENT == 64 * 1024 * 1024
    import inspect
    assert inspect.signature(ajp.forward_request).parameters['max_content'].default == ajp.MAX_CONTENT


def test_no_line_anchored_regexes():
    # full-match semantics: `^...$` accepts a trailing newline, so no validation uses it
    import inspect
    from ansible_collections.webtier.tomcat_cluster.plugins.modules import ajp_ping, ajp_request
    for mod in (ajp, ajp_ping, ajp_request):
        assert not re.search(r"""re\.(match|search|compile)\(r?['"]\^""", inspect.getsource(mod)), mod.__name__


def test_error_kinds_list_every_error_a_module_returns():
    import inspect
    import yaml
    from ansible_collections.webtier.tomcat_cluster.plugins.modules import ajp_ping, ajp_request
    src = inspect.getsource(ajp)
    raised = set(re.findall(r"AjpError\(\s*'(\w+)'", src)) | set(re.findall(r"AjpError\('(\w+)' if", src))
    assert raised and raised <= set(ajp.ERROR_KINDS)
    assert ajp.classify_status(403) in ajp.ERROR_KINDS
    assert "'unexpected_status'" in inspect.getsource(ajp_request) and 'unexpected_status' in ajp.ERROR_KINDS
    # the RETURN docs name exactly these classes
    request_doc = ' '.join(yaml.safe_load(ajp_request.RETURN)['error']['description'])
    assert set(re.findall(r'C\((\w+)\)', request_doc)) == set(ajp.ERROR_KINDS)
    ping_doc = ' '.join(yaml.safe_load(ajp_ping.RETURN)['targets']['contains']['error']['description'])
    assert set(re.findall(r'C\((\w+)\)', ping_doc)) == set(ajp.ERROR_KINDS) - set(('forbidden', 'unexpected_status'))
