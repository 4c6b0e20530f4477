# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The AJP client against real Tomcat 9.0.70 connectors on loopback (fixture ajp_tomcat)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import binascii
import time

from urllib.parse import urlencode

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _ajp as ajp
from ansible_collections.webtier.tomcat_cluster.plugins.modules import ajp_ping, ajp_request
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module as run, warning_messages

pytestmark = pytest.mark.tomcat


def test_cping_secret_connector_needs_no_secret(ajp_tomcat):
    res = ajp.ping('127.0.0.1', ajp_tomcat.ports['ajp_port'], timeout=2, count=5)
    assert res['healthy'] is True, res
    assert res['pings'] == 5


def test_cping_by_host_name(ajp_tomcat):
    assert ajp.ping('localhost', ajp_tomcat.ports['ajp_open_port'], timeout=2)['healthy'] is True


def test_cping_ipv6(ajp_tomcat):
    if 'ajp6_port' not in ajp_tomcat.ports:
        pytest.skip('no IPv6 loopback')
    res = ajp.ping('::1', ajp_tomcat.ports['ajp6_port'], timeout=2)
    assert res['healthy'] is True, res
    assert res['msg'].endswith('[::1]:%d' % ajp_tomcat.ports['ajp6_port'])


def test_failed_connector_listens_but_times_out(ajp_tomcat):
    log = ajp_tomcat.log()
    assert 'secretRequired="true" but the secret attribute is either null or ""' in log
    start = time.monotonic()
    res = ajp.ping('127.0.0.1', ajp_tomcat.ports['ajp_broken_port'], timeout=1)
    assert res['error'] == 'timeout', res
    assert time.monotonic() - start < 1.5


def test_http_connector_is_not_ajp(ajp_tomcat):
    res = ajp.ping('127.0.0.1', ajp_tomcat.ports['http_port'], timeout=2)
    assert res['error'] == 'not_ajp', res
    assert 'HTTP/1.1 400' in res['msg']


def test_parallel_mix_costs_one_timeout(ajp_tomcat):
    p = ajp_tomcat.ports
    targets = [ajp.parse_target('127.0.0.1:%d' % p[k]) for k in ('ajp_port', 'ajp_open_port', 'http_port')]
    targets += [ajp.parse_target({'host': '127.0.0.1', 'port': p['ajp_broken_port'], 'name': 'broken%d' % i}) for i in range(5)]
    start = time.monotonic()
    results = ajp.ping_many(targets, timeout=1, count=2)
    took = time.monotonic() - start
    assert took < 1.5, took
    assert [r['error'] for r in results] == [None, None, 'not_ajp'] + ['timeout'] * 5


def test_request_with_secret_gets_jvm_route(ajp_tomcat):
    resp = ajp.forward_request('127.0.0.1', ajp_tomcat.ports['ajp_port'], uri='/session.jsp?a=1&b=%C3%A9',
                               secret=ajp_tomcat.secret, headers={'X-Test': 'yes'}, server_name='a-site.com', timeout=10)
    assert resp.status == 200
    assert resp.jvm_route() == ajp_tomcat.jvm_route
    assert resp.cookies['JSESSIONID'].endswith('.' + ajp_tomcat.jvm_route)
    assert 'HttpOnly' in resp.headers['set-cookie']
    body = resp.body.decode('utf-8')
    assert 'count=1 method=GET query=a=1&b=%C3%A9' in body
    assert 'remote=127.0.0.1 server=a-site.com:80 secure=false x-test=yes' in body
    assert resp.reuse is True


def test_request_with_session_cookie_continues_session(ajp_tomcat):
    port = ajp_tomcat.ports['ajp_port']
    first = ajp.forward_request('127.0.0.1', port, uri='/session.jsp', secret=ajp_tomcat.secret)
    cookie = 'JSESSIONID=' + first.cookies['JSESSIONID']
    second = ajp.forward_request('127.0.0.1', port, uri='/session.jsp', secret=ajp_tomcat.secret, headers={'Cookie': cookie})
    assert b'count=2' in second.body
    assert 'set-cookie' not in second.headers


@pytest.mark.parametrize('secret', [None, 'WrongSecret0123456789'])
def test_request_without_or_with_wrong_secret_is_forbidden(ajp_tomcat, secret):
    resp = ajp.forward_request('127.0.0.1', ajp_tomcat.ports['ajp_port'], uri='/session.jsp', secret=secret)
    assert resp.status == 403
    assert ajp.classify_status(resp.status) == 'forbidden'
    assert resp.reuse is False
    assert resp.jvm_route() is None


def test_secret_not_required_connector(ajp_tomcat):
    resp = ajp.forward_request('127.0.0.1', ajp_tomcat.ports['ajp_open_port'], uri='/session.jsp')
    assert resp.status == 200 and resp.jvm_route() == ajp_tomcat.jvm_route


def test_head_has_no_body(ajp_tomcat):
    resp = ajp.forward_request('127.0.0.1', ajp_tomcat.ports['ajp_port'], method='HEAD', uri='/', secret=ajp_tomcat.secret)
    assert resp.status == 200 and resp.body == b''


def test_post_body_over_several_packets(ajp_tomcat):
    body = bytes(bytearray(range(256))) * 120                    # 30720 bytes: 4 AJP body packets
    resp = ajp.forward_request('127.0.0.1', ajp_tomcat.ports['ajp_port'], method='POST', uri='/echo.jsp', body=body,
                               secret=ajp_tomcat.secret, headers={'Content-Type': 'application/octet-stream'})
    assert resp.status == 200
    assert resp.body == body


def test_not_found(ajp_tomcat):
    resp = ajp.forward_request('127.0.0.1', ajp_tomcat.ports['ajp_port'], uri='/nope', secret=ajp_tomcat.secret)
    assert resp.status == 404


def test_packet_size_matches_connector(ajp_tomcat):
    headers = {'X-Big': 'x' * 10000}
    with pytest.raises(ValueError):
        ajp.forward_request('127.0.0.1', ajp_tomcat.ports['ajp_big_port'], uri='/session.jsp', secret=ajp_tomcat.secret,
                            headers=headers)
    resp = ajp.forward_request('127.0.0.1', ajp_tomcat.ports['ajp_big_port'], uri='/session.jsp', secret=ajp_tomcat.secret,
                               headers=headers, packet_size=16384)
    assert resp.status == 200
    assert ajp.ping('127.0.0.1', ajp_tomcat.ports['ajp_big_port'], packet_size=16384)['healthy'] is True


def test_http_connector_request_is_not_ajp(ajp_tomcat):
    with pytest.raises(ajp.AjpError) as exc:
        ajp.forward_request('127.0.0.1', ajp_tomcat.ports['http_port'], timeout=3)
    assert exc.value.kind == 'not_ajp'


def test_stopped_tomcat(tomcat_instance):
    """A Tomcat that stops: CPong while up, then refused once the connector is gone."""
    xml = ('<Server port="-1" shutdown="SHUTDOWN"><Service name="Catalina">'
           '<Connector protocol="AJP/1.3" address="127.0.0.1" port="${ajp_port}" secretRequired="false" />'
           '<Engine name="Catalina" defaultHost="localhost"><Host name="localhost" appBase="webapps" autoDeploy="false" />'
           '</Engine></Service></Server>')
    tc = tomcat_instance(xml, name='ajp-stop', cping=['ajp_port'])
    port = tc.ports['ajp_port']
    assert ajp.ping('127.0.0.1', port, timeout=2)['healthy'] is True
    tc.kill()
    res = ajp.ping('127.0.0.1', port, timeout=2)
    assert res['error'] == 'refused', res


# -- response bodies as real Tomcat sends them: charsets and the size limit --------------------------


def _ct_uri(content_type, body=None):
    query = {'ct': content_type}
    if body is not None:
        query['hex'] = binascii.hexlify(body).decode('ascii')
    return '/ct.jsp?' + urlencode(query)


# Tomcat drops a charset the JRE does not know from a Content-Type it can parse, but passes a
# value it cannot parse through unchanged, so "text;charset=idna" reaches the client as is.
@pytest.mark.parametrize('content_type,words', [
    ('text;charset=idna', "charset 'idna' cannot decode the body"),
    ('@/x; charset=undefined', "charset 'undefined' cannot decode the body"),
    ('text;charset=bogus', "charset 'bogus' is unknown to Python"),
    ('text/plain; charset=x-UTF-16LE-BOM', "charset 'x-UTF-16LE-BOM' is unknown to Python"),   # Java knows it
    ('text;charset=base64', "charset 'base64' is not a text encoding"),
    ('text;charset=a\tb', 'not a valid charset name'),
])
def test_request_content_with_undecodable_charsets(ajp_tomcat, capsys, content_type, words):
    resp = ajp.forward_request('127.0.0.1', ajp_tomcat.ports['ajp_open_port'], uri=_ct_uri(content_type))
    assert resp.status == 200
    assert ajp.content_charset(resp.headers['content-type']) == ajp.content_charset(content_type)   # sent as is
    text, problem = ajp.decode_content(resp.body, resp.headers['content-type'])
    assert text == u'h\u00e9llo' and words in problem

    res = run(ajp_request, {'host': '127.0.0.1', 'port': ajp_tomcat.ports['ajp_open_port'], 'uri': _ct_uri(content_type),
                            'return_content': True}, capsys)
    assert res['_rc'] == 0, res
    assert res['content'] == u'h\u00e9llo'
    assert any(words in w and 'decoded as UTF-8' in w for w in warning_messages(res)), res.get('warnings')
    assert 'Traceback' not in res['_raw']


@pytest.mark.parametrize('content_type,body,text', [
    ('text/plain; charset=ISO-8859-1', b'h\xe9llo', u'h\u00e9llo'),
    ('text/plain;charset=UTF-16LE', u'h\u00e9llo'.encode('utf-16-le'), u'h\u00e9llo'),
    ('text/plain;charset=windows-1252', b'\x80 5', u'\u20ac 5'),
    ('text/plain', b'h\xc3\xa9llo \xff', u'h\u00e9llo \ufffd'),
])
def test_request_content_uses_the_response_charset(ajp_tomcat, capsys, content_type, body, text):
    res = run(ajp_request, {'host': '127.0.0.1', 'port': ajp_tomcat.ports['ajp_open_port'],
                            'uri': _ct_uri(content_type, body), 'return_content': True}, capsys)
    assert res['_rc'] == 0, res
    assert res['content'] == text
    assert not warning_messages(res)
    assert res['truncated'] is False


def test_response_longer_than_64_mib_is_truncated(ajp_tomcat):
    size = ajp.MAX_CONTENT + 3 * 1024 * 1024
    resp = ajp.forward_request('127.0.0.1', ajp_tomcat.ports['ajp_open_port'], uri='/big.jsp?n=%d' % size, timeout=120)
    assert resp.status == 200
    assert resp.truncated is True
    assert len(resp.body) == ajp.MAX_CONTENT
    assert resp.reuse is True                               # the rest was read to END_RESPONSE


def test_module_reports_truncated(ajp_tomcat, capsys, monkeypatch):
    # The module's limit is MAX_CONTENT (64 MiB, measured above); a small limit keeps the JSON small
    monkeypatch.setattr(ajp_request, 'MAX_CONTENT', 1000)
    port = ajp_tomcat.ports['ajp_open_port']
    res = run(ajp_request, {'host': '127.0.0.1', 'port': port, 'uri': '/big.jsp?n=5000', 'return_content': True}, capsys)
    assert res['_rc'] == 0 and res['truncated'] is True
    assert res['content'] == 'x' * 1000
    assert any('truncated=true' in w for w in warning_messages(res))
    res = run(ajp_request, {'host': '127.0.0.1', 'port': port, 'uri': '/big.jsp?n=1000', 'return_content': True}, capsys)
    assert res['_rc'] == 0 and res['truncated'] is False and not warning_messages(res)


def test_timeout_upper_bound_against_tomcat(ajp_tomcat, capsys):
    port = ajp_tomcat.ports['ajp_port']
    res = run(ajp_ping, {'targets': ['127.0.0.1:%d' % port], 'timeout': 3600}, capsys)
    assert res['_rc'] == 0 and res['healthy_count'] == 1
    res = run(ajp_request, {'host': '127.0.0.1', 'port': port, 'uri': '/session.jsp', 'secret': ajp_tomcat.secret,
                            'timeout': 3600}, capsys)
    assert res['_rc'] == 0 and res['status'] == 200
    for bad in (float('inf'), float('nan'), 1e308, 3600.5):
        res = run(ajp_ping, {'targets': ['127.0.0.1:%d' % port], 'timeout': bad}, capsys)
        assert res['_rc'] == 1 and 'timeout must be' in res['msg']
