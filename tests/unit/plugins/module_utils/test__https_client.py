# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_https_client against a real TLS server on loopback (Python's ssl + http.server)."""

from __future__ import annotations

import ssl

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _https_client as hc
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers import loopback


@pytest.fixture
def server(pki):
    def make(cert=None, key=None, **kw):
        return loopback.TlsServer(cert or pki.fullchain, key or pki.key, **kw)
    with loopback.closing_all(make) as start:
        yield start


def ca(pki):
    with open(pki.ca) as handle:
        return handle.read()


def test_verified_request_with_sni_host_and_cookies(server, pki):
    srv = server()
    res = hc.request('127.0.0.1', 'www.a.example', port=srv.port, uri='/page', headers={'Cookie': 'JSESSIONID=X'},
                     context=hc.make_context(ca_content=ca(pki)))
    assert res['error'] is None and res['status'] == 200
    body = res['content_bytes'].decode()
    assert 'host=www.a.example:%d' % srv.port in body and 'sni=www.a.example' in body and 'cookie=JSESSIONID=X' in body
    assert res['tls']['verified'] is True and res['tls']['version'] == 'TLSv1.3'
    assert res['tls']['subject'] == 'CN=a.example' and res['tls']['issuer'] == 'CN=test intermediate CA'
    assert res['tls']['dns_names'] == ['a.example', 'www.a.example']
    assert res['cookies'] == {'JSESSIONID': 'ABC.a-was1', 'plain': '1'}
    assert res['secure_cookies'] == ['JSESSIONID'] and res['httponly_cookies'] == ['JSESSIONID']
    assert res['headers']['strict-transport-security'] == 'max-age=63072000'


def test_ca_from_a_file_and_tls12(server, pki):
    srv = server()
    res = hc.request('127.0.0.1', 'a.example', port=srv.port, context=hc.make_context(ca_path=pki.ca, max_version='TLSv1.2'))
    assert res['error'] is None and res['tls']['version'] == 'TLSv1.2'


def test_name_the_certificate_does_not_cover(server, pki):
    srv = server()
    res = hc.request('127.0.0.1', 'b.example', port=srv.port, context=hc.make_context(ca_content=ca(pki)))
    assert res['error'] == 'certificate' and "Hostname mismatch" in res['msg'] and res['status'] == -1


def test_unknown_ca_and_expired_certificate(server, pki):
    srv = server()
    res = hc.request('127.0.0.1', 'a.example', port=srv.port, context=hc.make_context())
    assert res['error'] == 'certificate' and 'unable to get local issuer certificate' in res['msg']
    srv = server(cert=pki.expired)
    res = hc.request('127.0.0.1', 'a.example', port=srv.port, context=hc.make_context(ca_content=ca(pki) + open(pki.chain).read()))
    assert res['error'] == 'certificate' and 'expired' in res['msg']


def test_without_validation(server, pki):
    srv = server(cert=pki.expired)
    res = hc.request('127.0.0.1', 'whatever.example', port=srv.port, context=hc.make_context(validate_certs=False))
    assert res['error'] is None and res['tls']['verified'] is False and 'subject' not in res['tls']


def test_no_common_protocol(server, pki):
    srv = server(min_version=ssl.TLSVersion.TLSv1_3)
    res = hc.request('127.0.0.1', 'a.example', port=srv.port, context=hc.make_context(ca_content=ca(pki), max_version='TLSv1.2'))
    assert res['error'] == 'tls' and res['tls'] is None


def test_refused_and_not_tls():
    assert hc.request('127.0.0.1', 'a.example', port=loopback.free_port(), timeout=3)['error'] == 'refused'

    def http_400(conn, server):
        conn.recv(1024)
        conn.sendall(b'HTTP/1.1 400 Bad Request\r\n\r\n')
    with loopback.HostileServer(http_400) as plain:
        res = hc.request('127.0.0.1', 'a.example', port=plain.port, timeout=3)
    assert res['error'] == 'tls', res


def test_parse_cookies_tolerates_odd_values():
    values, secure, http_only = hc.parse_cookies(['a=1; Secure', 'weird"=x;y', 'b=2; HttpOnly'])
    assert values['a'] == '1' and values['b'] == '2' and secure == ['a'] and http_only == ['b']


# -- hostile servers: one deadline for the whole request, a size limit for the body ----------------------

def test_request_trickled_headers_deadline(pki):
    head = b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok'
    with loopback.HostileServer(loopback.trickle(head), tls=(pki.fullchain, pki.key)) as srv:
        res, error, elapsed = loopback.within(2 + loopback.SLACK, hc.request, '127.0.0.1', 'a.example', port=srv.port,
                                              context=hc.make_context(ca_content=ca(pki)), timeout=2)
    assert error is None, error
    assert res['error'] == 'timeout' and 'within the timeout of 2 s' in res['msg'] and res['status'] == -1
    assert srv.sent >= 2 and res['elapsed'] < 2 + loopback.SLACK


def test_request_trickled_body_deadline(pki):
    with loopback.HostileServer(loopback.trickle_body(loopback.HTTP_HEAD_UNKNOWN_LENGTH), tls=(pki.fullchain, pki.key)) as srv:
        res, error, elapsed = loopback.within(2 + loopback.SLACK, hc.request, '127.0.0.1', 'a.example', port=srv.port,
                                              context=hc.make_context(ca_content=ca(pki)), timeout=2)
    assert error is None, error
    assert res['error'] == 'timeout' and srv.sent >= 2


def test_request_endless_body_is_truncated_at_max_content(pki):
    with loopback.HostileServer(loopback.endless_body(loopback.HTTP_HEAD_UNKNOWN_LENGTH), tls=(pki.fullchain, pki.key)) as srv:
        res, error, elapsed = loopback.within(10 + loopback.SLACK, hc.request, '127.0.0.1', 'a.example', port=srv.port,
                                              context=hc.make_context(ca_content=ca(pki)), timeout=10, max_content=200000)
    assert error is None, error
    assert res['error'] is None and res['status'] == 200
    assert res['truncated'] is True and len(res['content_bytes']) == 200000


def test_request_complete_body_is_not_truncated(server, pki):
    srv = server()
    res = hc.request('127.0.0.1', 'a.example', port=srv.port, context=hc.make_context(ca_content=ca(pki)))
    assert res['error'] is None and res['truncated'] is False


@pytest.mark.parametrize('method, headers, uri, words', [
    ('GET /x HTTP/1.1', {}, '/', 'contains a space at position 3'),
    ('', {}, '/', 'method \'\' is not a valid HTTP method: it is empty'),
    ('GET\r\nX-Injected: 1', {}, '/', 'contains CR at position 3'),
    ('GE\x00T', {}, '/', 'contains NUL at position 2'),
    ('GET', {'X A': '1'}, '/', "header name 'X A' is not a valid HTTP header name"),
    ('GET', {'': '1'}, '/', 'a header name is empty'),
    ('GET', {'X-A': 'v\r\nX-Injected: 1'}, '/', "the value of header 'X-A' contains a control character"),
    ('GET', {}, '/a b HTTP/1.1\r\nX: y', 'contains a space at position 2'),
])
def test_request_forged_method_headers_and_uri_are_refused(method, headers, uri, words):
    with pytest.raises(ValueError) as e:
        hc.request('127.0.0.1', 'a.example', port=1, method=method, headers=headers, uri=uri)
    assert words in str(e.value)
    if 'X-A' in headers:
        assert 'Injected' not in str(e.value)   # a header value is never repeated (it may be a credential)


def test_request_token_methods_are_accepted():
    for method in ('GET', 'PROPFIND', 'MY-METHOD', 'X!#$%&\'*+.^_`|~'):
        hc.check_request(method, {'X-Ok': 'a\tb'}, '/a?b=c')
